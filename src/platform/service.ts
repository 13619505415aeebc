/** Small pieces every feature service uses: transactions, denials, pagination, version checks. */
import { AppError } from '../core/errors.js';
import type { Decision, Permission } from '../core/policy.js';
import { can } from '../core/policy.js';
import type { Tx } from '../db/database.js';
import { recordAudit } from './audit/audit.js';
import type { ServiceContext } from './context.js';

export async function inTransaction<T>(ctx: ServiceContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(fn);
}

/** Log a permission denial in the audit log, then return the error to throw (404 hides, 403 refuses). */
export async function denial(
  ctx: ServiceContext,
  decision: Exclude<Decision, 'allow'>,
  what: { permission: string; entityType: string; entityId?: string | null; label?: string },
): Promise<AppError> {
  await recordAudit(ctx.db, ctx, {
    action: 'permission.denied',
    entityType: what.entityType,
    entityId: what.entityId ?? null,
    after: { permission: what.permission, outcome: decision === 'hidden' ? 'not_found' : 'forbidden' },
  }).catch((err) => ctx.log.error({ err }, 'could not record denial'));
  ctx.log.warn({ requestId: ctx.requestId, userId: ctx.actor.userId, permission: what.permission }, 'permission denied');
  return decision === 'hidden'
    ? new AppError('not_found', `${what.label ?? 'Record'} not found.`)
    : new AppError('forbidden', 'You do not have permission to do this.');
}

/** Throw 403 (after logging) unless the actor's role holds the permission at some scope. */
export async function requirePermission(ctx: ServiceContext, permission: Permission, entityType: string): Promise<void> {
  if (!can(ctx.actor, permission)) throw await denial(ctx, 'forbidden', { permission, entityType });
}

export interface PageRequest {
  page: number;
  pageSize: number;
}
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function offsetOf(p: PageRequest): number {
  return (p.page - 1) * p.pageSize;
}

/** The version an update is based on, from the body or If-Match; 428 when neither was sent. */
export function requireVersion(body: number | undefined, ifMatch: number | undefined): number {
  const v = body ?? ifMatch;
  if (v === undefined)
    throw new AppError('precondition_required', 'Send the version you are changing, as "version" in the body or in an If-Match header.');
  return v;
}

export function staleVersion(what = 'record'): AppError {
  return new AppError(
    'version_conflict',
    `This ${what} was changed by someone else since you loaded it. Reload it and apply your change again.`,
  );
}

/** Escape LIKE wildcards in user search text. */
export function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}
