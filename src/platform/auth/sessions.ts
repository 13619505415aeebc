/** Sessions and API tokens: look-up by SHA-256, idle and absolute timeouts, revocation. */
import type { Actor, Role } from '../../core/policy.js';
import type { Db, DbOrTx } from '../../db/database.js';
import type { Config } from '../config.js';
import { newApiToken, newSecret, sha256 } from './tokens.js';

export interface AuthResult {
  actor: Actor;
  tokenHash: string;
  csrfToken: string;
}

export async function createSession(db: DbOrTx, userId: string, config: Config): Promise<{ token: string; csrfToken: string }> {
  const token = newSecret(32);
  const csrfToken = newSecret(24);
  await db
    .insertInto('sessions')
    .values({
      token_hash: sha256(token),
      user_id: userId,
      csrf_token: csrfToken,
      expires_at: new Date(Date.now() + config.sessionAbsoluteHours * 3600_000),
    })
    .execute();
  return { token, csrfToken };
}

function toActor(u: { id: string; email: string; role: string; department_id: string | null; vendor_id: string | null }): Actor {
  return { userId: u.id, email: u.email, role: u.role as Role, departmentId: u.department_id, vendorId: u.vendor_id };
}

/** The actor behind a session cookie, or null when the session is unknown, expired or idle too long. */
export async function resolveSession(db: Db, token: string, config: Config): Promise<AuthResult | null> {
  const hash = sha256(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.csrf_token',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.id',
      'users.email',
      'users.role',
      'users.department_id',
      'users.vendor_id',
      'users.disabled_at',
    ])
    .where('sessions.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row || row.disabled_at) return null;
  const now = Date.now();
  const idleMs = config.sessionIdleMinutes * 60_000;
  if (row.expires_at.getTime() <= now || row.last_seen_at.getTime() + idleMs <= now) {
    await db.deleteFrom('sessions').where('token_hash', '=', hash).execute();
    return null;
  }
  // Touch at most once a minute: a write per request would cost more than it tells.
  if (now - row.last_seen_at.getTime() > 60_000)
    await db.updateTable('sessions').set({ last_seen_at: new Date() }).where('token_hash', '=', hash).execute();
  return { actor: toActor(row), tokenHash: hash, csrfToken: row.csrf_token };
}

/** The actor behind an API token, or null when unknown or revoked. Records last use. */
export async function resolveApiToken(db: Db, token: string): Promise<Actor | null> {
  const hash = sha256(token);
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id as token_id',
      'api_tokens.last_used_at',
      'users.id',
      'users.email',
      'users.role',
      'users.department_id',
      'users.vendor_id',
      'users.disabled_at',
    ])
    .where('api_tokens.token_hash', '=', hash)
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || row.disabled_at) return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000)
    await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.token_id).execute();
  return toActor(row);
}

export async function endSession(db: DbOrTx, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function endUserSessions(db: DbOrTx, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export { newApiToken };
