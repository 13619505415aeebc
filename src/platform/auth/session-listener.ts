/**
 * Listens for session changes from every instance (NOTIFY steward_sessions) and keeps this
 * process's session cache honest. The cache is on only while the listener is connected.
 */
import pg from 'pg';
import type { Logger } from '../logger.js';
import { forgetSessions, setSessionCacheEnabled } from './sessions.js';

export interface SessionListener {
  stop(): Promise<void>;
}

export async function listenForSessionChanges(databaseUrl: string, log: Logger): Promise<SessionListener> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: databaseUrl, application_name: 'steward-sessions' });
    c.on('notification', (n) => {
      if (n.channel === 'steward_sessions' && n.payload) forgetSessions(n.payload);
    });
    c.on('error', (err) => {
      setSessionCacheEnabled(false);
      log.warn({ err: err.message }, 'session listener lost its connection; reconnecting');
      c.end().catch(() => {});
      schedule();
    });
    await c.connect();
    await c.query('LISTEN steward_sessions');
    client = c;
    setSessionCacheEnabled(true);
  };
  const schedule = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      connect().catch(() => schedule());
    }, 2000);
    retry.unref();
  };
  try {
    await connect();
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'session listener could not connect; sessions are read from the database on every request');
    schedule();
  }
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      setSessionCacheEnabled(false);
      await client?.end().catch(() => {});
    },
  };
}
