/** What the commands share: opening the database, acting as the system, reporting. */
import type { Db } from '../db/database.js';
import type { ServiceContext } from '../platform/context.js';
import { openRuntime } from './runtime.js';

export const say = (m: string) => process.stderr.write(`${m}\n`);

export async function withDb<T>(fn: (db: Db) => Promise<T>, opts: { migrate?: boolean } = {}): Promise<T> {
  const { loadConfig } = await import('../platform/config.js');
  const rt = await openRuntime(loadConfig(), { server: false, migrate: opts.migrate, log: say });
  try {
    return await fn(rt.db);
  } finally {
    await rt.close();
  }
}

export async function systemCtx(db: Db): Promise<ServiceContext> {
  const { systemActor } = await import('../platform/context.js');
  const { createLogger } = await import('../platform/logger.js');
  return { db, actor: systemActor(), requestId: `cli-${process.pid}`, log: createLogger('silent') };
}

/** Record an operator action that changes nothing else (backup, restore) in the audit log. */
export async function auditSystem(db: Db, action: string, after: unknown): Promise<void> {
  const { recordAudit } = await import('../platform/audit/audit.js');
  const { systemActor } = await import('../platform/context.js');
  await recordAudit(db, { actor: systemActor(), requestId: `cli-${process.pid}` }, { action, entityType: 'database', after });
}

export function report(json: boolean | undefined, data: unknown, text: string) {
  if (json) process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  else process.stdout.write(`${text}\n`);
}
