/** Sessions and API tokens: look-up by SHA-256, idle and absolute timeouts, revocation. */
import { sql } from 'kysely';
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

/**
 * A small per-process cache of resolved sessions. It is used only while this process listens
 * for session changes (LISTEN steward_sessions; see session-listener.ts), so a sign-out or a
 * disabled account on any instance reaches every instance at once; without the listener (or
 * when it drops) every request reads the database.
 */
interface Cached {
  result: AuthResult;
  lastSeen: number;
  expiresAt: number;
  cachedAt: number;
}
const cache = new Map<string, Cached>();
const CACHE_MAX = 10_000;
let cacheEnabled = false;

/** Turned on by the listener while it is connected, off when it is not. */
export function setSessionCacheEnabled(on: boolean): void {
  cacheEnabled = on;
  if (!on) cache.clear();
}

/** Forget a session (`t:<hash>`) or every session of a user (`u:<id>`). */
export function forgetSessions(key: string): void {
  if (key.startsWith('t:')) cache.delete(key.slice(2));
  else if (key.startsWith('u:')) {
    const userId = key.slice(2);
    for (const [hash, c] of cache) if (c.result.actor.userId === userId) cache.delete(hash);
  }
}

async function announce(db: DbOrTx, key: string): Promise<void> {
  forgetSessions(key);
  // Delivered to every listening instance when the surrounding transaction commits.
  await sql`SELECT pg_notify('steward_sessions', ${key})`.execute(db);
}

/** The actor behind a session cookie, or null when the session is unknown, expired or idle too long. */
export async function resolveSession(db: Db, token: string, config: Config): Promise<AuthResult | null> {
  const hash = sha256(token);
  const now = Date.now();
  const ttl = config.sessionCacheSeconds * 1000;
  const hit = cacheEnabled && ttl > 0 ? cache.get(hash) : undefined;
  if (hit && now - hit.cachedAt < ttl && hit.expiresAt > now && hit.lastSeen + config.sessionIdleMinutes * 60_000 > now) {
    if (now - hit.lastSeen > 60_000) {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: new Date(now) })
        .where('token_hash', '=', hash)
        .execute();
      hit.lastSeen = now;
    }
    return hit.result;
  }
  cache.delete(hash);
  return resolveSessionFromDb(db, hash, config);
}

async function resolveSessionFromDb(db: Db, hash: string, config: Config): Promise<AuthResult | null> {
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
  let lastSeen = row.last_seen_at.getTime();
  if (now - lastSeen > 60_000) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now) })
      .where('token_hash', '=', hash)
      .execute();
    lastSeen = now;
  }
  const result = { actor: toActor(row), tokenHash: hash, csrfToken: row.csrf_token };
  if (cacheEnabled && config.sessionCacheSeconds > 0) {
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(hash, { result, lastSeen, expiresAt: row.expires_at.getTime(), cachedAt: now });
  }
  return result;
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
  await announce(db, `t:${tokenHash}`);
}

export async function endUserSessions(db: DbOrTx, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await announce(db, `u:${userId}`);
}

export { newApiToken };
