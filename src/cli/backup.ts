import type { Db } from '../db/database.js';
export interface BackupManifest {
  schemaVersion: string | null;
  tables: Record<string, { rows: number; sha256: string }>;
}
export async function backupDatabase(_db: Db, _file: string): Promise<BackupManifest> {
  throw new Error('backup: work in progress');
}
export async function restoreDatabase(_db: Db, _file: string): Promise<{ tables: number; rows: number; schemaVersion: string | null }> {
  throw new Error('restore: work in progress');
}
