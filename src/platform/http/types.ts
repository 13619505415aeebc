import type { Actor } from '../../core/policy.js';
import type { Db } from '../../db/database.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

export interface SessionInfo {
  tokenHash: string;
  csrfToken: string;
}

/** Hono environment: what middleware puts on the request context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    db: Db;
    config: Config;
    clientIp: string;
    actor: Actor | null;
    session: SessionInfo | null;
    authMethod: 'session' | 'token' | null;
  };
}
