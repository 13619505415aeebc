/** What every service call receives: the database, who is acting, and the request's id. */
import type { Actor } from '../core/policy.js';
import type { Db } from '../db/database.js';
import type { Logger } from './logger.js';

export interface ServiceContext {
  db: Db;
  actor: Actor;
  requestId: string;
  log: Logger;
}

/** Context for work done by Steward itself (CLI, demo loader, jobs). */
export function systemActor(): Actor {
  return { userId: '00000000-0000-0000-0000-000000000000', email: 'system', role: 'system', departmentId: null, vendorId: null };
}
