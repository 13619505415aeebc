/**
 * Open the database for a command: DATABASE_URL, or the embedded server under STEWARD_HOME.
 * The database modules load on first use, so `steward --help` starts without them.
 */
import type { Db } from '../db/database.js';
import type { Config } from '../platform/config.js';

export class UserError extends Error {}

export interface Runtime {
  db: Db;
  /** The database connection URL (for components that need their own connections: jobs, listeners). */
  url: string;
  /** Record that this process is the server on this home (embedded mode). */
  claimServer(url: string): Promise<void>;
  close(): Promise<void>;
}

export async function openRuntime(
  config: Config,
  opts: { server: boolean; migrate?: boolean; log?: (m: string) => void },
): Promise<Runtime> {
  const log = opts.log ?? (() => {});
  const { createDb, migrateToLatest } = await import('../db/database.js');
  const { EmbeddedDbError, acquireServerLock, removeServerLock, startEmbedded, updateServerLock } = await import('../db/embedded.js');
  let stopEmbedded: () => Promise<void> = async () => {};
  let url: string;
  let ownsLock = false;
  const releaseLock = async () => {
    if (ownsLock) await removeServerLock(config.home);
  };
  if (config.databaseUrl) {
    url = config.databaseUrl;
  } else {
    if (opts.server) {
      const lock = await acquireServerLock(config.home);
      if (lock)
        throw new UserError(
          `Steward is already running on ${config.home} (process ${lock.pid}${lock.url ? `, ${lock.url}` : ''}). ` +
            'Stop it first, or give this one its own STEWARD_HOME.',
        );
      ownsLock = true;
    }
    try {
      const handle = await startEmbedded({ home: config.home, log });
      url = handle.url;
      stopEmbedded = handle.stop;
    } catch (e) {
      await releaseLock();
      if (e instanceof EmbeddedDbError) throw new UserError(e.message);
      throw e;
    }
  }
  const db = createDb(url, opts.server ? 20 : 4);
  try {
    await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
  } catch (e) {
    await db.destroy().catch(() => {});
    await stopEmbedded();
    await releaseLock();
    throw new UserError(`Cannot connect to the database: ${(e as Error).message}`);
  }
  if (opts.migrate !== false) {
    const applied = await migrateToLatest(db);
    if (applied.length) log(`Applied migrations: ${applied.join(', ')}`);
  }
  return {
    db,
    url,
    async claimServer(publicUrl: string) {
      if (ownsLock) await updateServerLock(config.home, publicUrl);
    },
    async close() {
      await db.destroy().catch(() => {});
      await stopEmbedded().catch(() => {});
      await releaseLock();
    },
  };
}
