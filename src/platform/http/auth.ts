/** Who is calling: session cookie (with CSRF protection on writes) or `Authorization: Bearer` token. */
import { timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { AppError } from '../../core/errors.js';
import type { Actor } from '../../core/policy.js';
import { resolveApiToken, resolveSession } from '../auth/sessions.js';
import type { Config } from '../config.js';
import type { AppEnv } from './types.js';

export const SESSION_COOKIE = 'steward_session';
export const CSRF_COOKIE = 'steward_csrf';

/**
 * The client's address. X-Forwarded-For is believed only when the direct peer is a configured
 * trusted proxy; then the right-most address that is not itself a trusted proxy is the client.
 */
export function clientIp(c: Context<AppEnv>, config: Config): string {
  let peer = 'unknown';
  try {
    peer = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    /* in-process requests (tests) have no socket */
    peer = c.req.header('x-test-peer') && process.env.NODE_ENV === 'test' ? (c.req.header('x-test-peer') as string) : 'local';
  }
  peer = peer.replace(/^::ffff:/, '');
  if (config.trustedProxies.length === 0 || !config.trustedProxies.includes(peer)) return peer;
  const chain = (c.req.header('x-forwarded-for') || '')
    .split(',')
    .map((s) => s.trim().replace(/^::ffff:/, ''))
    .filter(Boolean);
  for (let i = chain.length - 1; i >= 0; i--) if (!config.trustedProxies.includes(chain[i])) return chain[i];
  return peer;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function expectedOrigin(c: Context<AppEnv>, config: Config): string[] {
  const origins: string[] = [];
  if (config.publicUrl) origins.push(new URL(config.publicUrl).origin);
  const host = c.req.header('host');
  if (host) {
    origins.push(`http://${host}`, `https://${host}`);
  }
  return origins;
}

export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const config = c.get('config');
    const db = c.get('db');
    c.set('clientIp', clientIp(c, config));
    c.set('actor', null);
    c.set('session', null);
    c.set('authMethod', null);
    const authz = c.req.header('authorization');
    if (authz) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz);
      const actor = m ? await resolveApiToken(db, m[1]) : null;
      if (!actor) throw new AppError('unauthenticated', 'The API token is not valid or has been revoked.');
      c.set('actor', actor);
      c.set('authMethod', 'token');
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const s = await resolveSession(db, token, config);
      if (s) {
        c.set('actor', s.actor);
        c.set('session', { tokenHash: s.tokenHash, csrfToken: s.csrfToken });
        c.set('authMethod', 'session');
        const m = c.req.method;
        if (m !== 'GET' && m !== 'HEAD' && m !== 'OPTIONS') {
          const origin = c.req.header('origin');
          if (origin && !expectedOrigin(c, config).includes(origin))
            throw new AppError('csrf_failed', 'The request came from another site and was refused.');
          const sent = c.req.header('x-csrf-token') || '';
          if (!sent || !sameSecret(sent, s.csrfToken))
            throw new AppError('csrf_failed', 'The security token (X-CSRF-Token) is missing or does not match; reload the page.');
        }
      }
    }
    return next();
  };
}

/** The signed-in actor, or 401. */
export function requireActor(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw new AppError('unauthenticated', 'Sign in first.');
  return actor;
}
