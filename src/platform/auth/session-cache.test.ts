import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type World, createWorld } from '../../test/harness.js';
import { createLogger } from '../logger.js';
import { type SessionListener, listenForSessionChanges } from './session-listener.js';

let w: World;
let listener: SessionListener;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean>, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await wait(50);
  }
  return false;
}

beforeAll(async () => {
  w = await createWorld({ sessionCacheSeconds: 30 });
  listener = await listenForSessionChanges(w.tdb.url, createLogger('silent'));
});
afterAll(async () => {
  await listener.stop();
});

async function cookieHash(c: Client): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256')
    .update((c.cookie as string).split('=')[1])
    .digest('hex');
}

describe('session cache (on while the listener is connected)', () => {
  it('serves a cached session even if its row vanishes without notice (proves the cache is used)', async () => {
    const c = await w.as('buyerA');
    expect((await c.get('/api/auth/me')).status).toBe(200);
    await w.db
      .deleteFrom('sessions')
      .where('token_hash', '=', await cookieHash(c))
      .execute();
    expect((await c.get('/api/auth/me')).status).toBe(200);
  });

  it('drops a session on every instance when another instance announces its end', async () => {
    const c = await w.as('buyerB');
    expect((await c.get('/api/auth/me')).status).toBe(200);
    const hash = await cookieHash(c);
    const other = await w.tdb.superClient();
    await other.query('DELETE FROM sessions WHERE token_hash = $1', [hash]);
    await other.query("SELECT pg_notify('steward_sessions', $1)", [`t:${hash}`]);
    await other.end();
    expect(await until(async () => (await c.get('/api/auth/me')).status === 401)).toBe(true);
  });

  it('ends every session of a disabled user at once', async () => {
    const c = await w.as('itA');
    expect((await c.get('/api/auth/me')).status).toBe(200);
    const admin = await w.as('admin');
    const user = await admin.get(`/api/users?q=${encodeURIComponent(w.users.itA.email)}`);
    const u = user.body.items[0];
    expect((await admin.patch(`/api/users/${u.id}`, { version: u.version, disabled: true })).status).toBe(200);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('signs out at once on logout', async () => {
    const c = await w.as('auditor');
    const cookie = c.cookie;
    expect((await c.get('/api/auth/me')).status).toBe(200);
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    c.cookie = cookie;
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('reads the database on every request once the listener stops', async () => {
    const c = await w.as('procurement');
    expect((await c.get('/api/auth/me')).status).toBe(200);
    await listener.stop();
    await w.db
      .deleteFrom('sessions')
      .where('token_hash', '=', await cookieHash(c))
      .execute();
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });
});
