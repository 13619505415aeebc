import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../platform/auth/tokens.js';
import { Client, TEST_PASSWORD, type World, auditRows, createWorld, expectError, systemCtx } from '../../test/harness.js';
import { createUser } from '../users/users.service.js';

let w: World;
const PROXY = '10.9.0.1';
beforeAll(async () => {
  w = await createWorld({ trustedProxies: [PROXY] });
});

let n = 0;
/** A new user for tests that lock, disable or change an account (never one of the standard cast). */
async function freshUser(password = TEST_PASSWORD) {
  n += 1;
  const email = `person${n}@test.example`;
  const u = await createUser(systemCtx(w.db), {
    email,
    name: `Person ${n}`,
    role: 'procurement',
    password,
    departmentId: null,
    vendorId: null,
  });
  return { id: u.id, email };
}

/** A client with its own peer address, so per-address throttling in one test does not leak into another. */
function clientAt(peer: string) {
  return new Client(w.app, peer);
}

function cookieValue(r: { headers: Headers }, name: string): string | null {
  for (const c of r.headers.getSetCookie()) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c);
    if (m) return m[1];
  }
  return null;
}

function cookieHeader(r: { headers: Headers }, name: string): string {
  return r.headers.getSetCookie().find((c) => c.startsWith(`${name}=`)) ?? '';
}

describe('signing in', () => {
  it('signs in with the right password and returns the user and a CSRF token, not the session token', async () => {
    const c = clientAt('10.1.0.1');
    const r = await c.login(w.users.buyerA.email);
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({
      email: w.users.buyerA.email,
      role: 'buyer',
      departmentId: w.dept.a,
      departmentName: 'Department A',
    });
    expect(r.body.csrfToken).toEqual(expect.any(String));
    const token = cookieValue(r, 'steward_session');
    expect(token).toBeTruthy();
    expect(r.text).not.toContain(token);
    const me = await c.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(w.users.buyerA.id);
    expect(me.body.csrfToken).toBe(r.body.csrfToken);
    expect(me.body.permissions).toContain('contract.create');
    expect(me.body.permissions).not.toContain('audit.read');
  });

  it('accepts the e-mail in any letter case', async () => {
    const r = await clientAt('10.1.0.2').login(w.users.itA.email.toUpperCase());
    expect(r.status).toBe(200);
  });

  it('sets the session cookie HttpOnly, SameSite=Lax and not Secure on plain http; the CSRF cookie is readable by scripts', async () => {
    const r = await clientAt('10.1.0.3').login(w.users.itB.email);
    const session = cookieHeader(r, 'steward_session');
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
    expect(session).toMatch(/;\s*Path=\//i);
    expect(session).not.toMatch(/;\s*Secure/i);
    const csrf = cookieHeader(r, 'steward_csrf');
    expect(csrf).toBeTruthy();
    expect(csrf).not.toMatch(/HttpOnly/i);
  });

  it('sets Secure cookies when the public URL is https', async () => {
    const { createApp } = await import('../../app.js');
    const { createLogger } = await import('../../platform/logger.js');
    const app = createApp({
      db: w.db,
      config: { ...w.config, publicUrl: 'https://steward.example.org' },
      log: createLogger('silent'),
      serveWeb: false,
    });
    const r = await new Client(app, '10.1.0.4').login(w.users.itB.email);
    expect(r.status).toBe(200);
    expect(cookieHeader(r, 'steward_session')).toMatch(/;\s*Secure/i);
  });

  it('answers a wrong password, an unknown e-mail and a disabled account with the same 401 message', async () => {
    const disabled = await freshUser();
    await w.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', disabled.id).execute();
    const wrong = await clientAt('10.1.1.1').login(w.users.buyerB.email, 'not-the-password-1');
    const unknown = await clientAt('10.1.1.2').login('nobody@test.example', 'not-the-password-1');
    const off = await clientAt('10.1.1.3').login(disabled.email);
    const errors = [wrong, unknown, off].map((r) => expectError(r, 401, 'unauthenticated'));
    expect(new Set(errors.map((e) => e.message)).size).toBe(1);
    expect(errors[0].message).toBe('E-mail or password is not correct.');
    expect(wrong.headers.getSetCookie().some((c) => c.startsWith('steward_session=') && !c.startsWith('steward_session=;'))).toBe(false);
    const failed = await auditRows(w.db, { action: 'auth.login_failed' });
    const reasons = failed.map((r) => (r.after as { reason: string }).reason);
    expect(reasons).toEqual(expect.arrayContaining(['wrong_password', 'unknown_account', 'disabled']));
  });

  it('logs successful sign-ins with the user as actor and the request id', async () => {
    const r = await clientAt('10.1.0.5').login(w.users.auditor.email);
    const rows = await auditRows(w.db, { action: 'auth.login', requestId: r.headers.get('x-request-id') as string });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_id: w.users.auditor.id, actor_role: 'auditor', entity_id: w.users.auditor.id });
  });

  it('stores only the SHA-256 of the session token, and issues a new token at each sign-in', async () => {
    const u = await freshUser();
    const r1 = await clientAt('10.1.2.1').login(u.email);
    const r2 = await clientAt('10.1.2.1').login(u.email);
    const t1 = cookieValue(r1, 'steward_session') as string;
    const t2 = cookieValue(r2, 'steward_session') as string;
    expect(t1).not.toBe(t2);
    const rows = await w.db.selectFrom('sessions').selectAll().where('user_id', '=', u.id).execute();
    expect(rows.map((r) => r.token_hash).sort()).toEqual([sha256(t1), sha256(t2)].sort());
    const everything = JSON.stringify(await w.db.selectFrom('sessions').selectAll().execute());
    expect(everything).not.toContain(t1);
    expect(everything).not.toContain(t2);
  });

  it('rejects a login body with unknown fields or wrong types', async () => {
    const c = clientAt('10.1.0.6');
    expectError(
      await c.post('/api/auth/login', { email: w.users.buyerA.email, password: TEST_PASSWORD, remember: true }),
      400,
      'validation_failed',
    );
    expectError(await c.post('/api/auth/login', { email: w.users.buyerA.email, password: 12 }), 400, 'validation_failed');
  });
});

describe('sessions', () => {
  it('logout ends the session: the old cookie is refused afterwards, and the logout is logged', async () => {
    const u = await freshUser();
    const c = clientAt('10.2.0.1');
    await c.login(u.email);
    const old = c.cookie as string;
    const r = await c.post('/api/auth/logout');
    expect(r.status).toBe(204);
    expect(c.cookie).toBeNull();
    const replay = clientAt('10.2.0.1');
    replay.cookie = old;
    expectError(await replay.get('/api/auth/me'), 401, 'unauthenticated');
    expect(await w.db.selectFrom('sessions').select('token_hash').where('user_id', '=', u.id).execute()).toHaveLength(0);
    expect((await auditRows(w.db, { action: 'auth.logout', entityId: u.id })).length).toBe(1);
  });

  it('ends a session that was idle longer than the idle timeout, but keeps an active one', async () => {
    const u = await freshUser();
    const c = clientAt('10.2.0.2');
    await c.login(u.email);
    const idle = w.config.sessionIdleMinutes;
    await w.db
      .updateTable('sessions')
      .set({ last_seen_at: sql`now() - make_interval(mins => ${idle - 2})` })
      .where('user_id', '=', u.id)
      .execute();
    expect((await c.get('/api/auth/me')).status).toBe(200);
    // that request counted as activity
    const seen = await w.db.selectFrom('sessions').select('last_seen_at').where('user_id', '=', u.id).executeTakeFirstOrThrow();
    expect(Date.now() - seen.last_seen_at.getTime()).toBeLessThan(10_000);
    await w.db
      .updateTable('sessions')
      .set({ last_seen_at: sql`now() - make_interval(mins => ${idle + 1})` })
      .where('user_id', '=', u.id)
      .execute();
    expectError(await c.get('/api/auth/me'), 401, 'unauthenticated');
    expect(await w.db.selectFrom('sessions').select('token_hash').where('user_id', '=', u.id).execute()).toHaveLength(0);
  });

  it('honours a configured idle timeout', async () => {
    const { createApp } = await import('../../app.js');
    const { createLogger } = await import('../../platform/logger.js');
    const app = createApp({ db: w.db, config: { ...w.config, sessionIdleMinutes: 5 }, log: createLogger('silent'), serveWeb: false });
    const u = await freshUser();
    const c = new Client(app, '10.2.0.5');
    await c.login(u.email);
    await w.db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '6 minutes'` }).where('user_id', '=', u.id).execute();
    expectError(await c.get('/api/auth/me'), 401);
  });

  it('ends a session past its absolute lifetime even while it is in use', async () => {
    const u = await freshUser();
    const c = clientAt('10.2.0.3');
    await c.login(u.email);
    const s = await w.db.selectFrom('sessions').select(['created_at', 'expires_at']).where('user_id', '=', u.id).executeTakeFirstOrThrow();
    expect(s.expires_at.getTime() - s.created_at.getTime()).toBeCloseTo(w.config.sessionAbsoluteHours * 3600_000, -4);
    await w.db.updateTable('sessions').set({ expires_at: sql`now() - interval '1 second'` }).where('user_id', '=', u.id).execute();
    expectError(await c.get('/api/auth/me'), 401);
  });

  it('disabling a user ends their sessions and revokes their API tokens', async () => {
    const u = await freshUser();
    const c = clientAt('10.2.0.4');
    await c.login(u.email);
    const tok = await c.post('/api/tokens', { name: 'script' });
    expect(tok.status).toBe(201);
    const bearer = clientAt('10.2.0.4');
    bearer.bearer = tok.body.token;
    expect((await bearer.get('/api/contracts')).status).toBe(200);
    const admin = await w.as('admin');
    const list = await admin.get(`/api/users?q=${encodeURIComponent(u.email)}`);
    const version = list.body.items[0].version;
    const r = await admin.patch(`/api/users/${u.id}`, { version, disabled: true });
    expect(r.status).toBe(200);
    expect(r.body.disabled).toBe(true);
    expectError(await c.get('/api/auth/me'), 401);
    expectError(await bearer.get('/api/contracts'), 401);
    const t = await w.db.selectFrom('api_tokens').select('revoked_at').where('user_id', '=', u.id).executeTakeFirstOrThrow();
    expect(t.revoked_at).not.toBeNull();
    expect((await auditRows(w.db, { action: 'user.disable', entityId: u.id })).length).toBe(1);
  });

  it('answers 401 for an unknown cookie and for requests without credentials', async () => {
    const c = clientAt('10.2.0.6');
    expectError(await c.get('/api/contracts'), 401, 'unauthenticated');
    c.cookie = 'steward_session=forged-token-value';
    expectError(await c.get('/api/auth/me'), 401, 'unauthenticated');
  });
});

describe('CSRF protection', () => {
  let c: Client;
  beforeAll(async () => {
    c = await w.as('buyerA');
  });

  it('refuses a cookie-authenticated write without the X-CSRF-Token header', async () => {
    const r = await c.request('POST', '/api/tokens', { json: { name: 'x' }, noCsrf: true });
    expectError(r, 403, 'csrf_failed');
  });

  it('refuses a write with a wrong CSRF token', async () => {
    expectError(await c.post('/api/tokens', { name: 'x' }, { 'x-csrf-token': 'wrong-token' }), 403, 'csrf_failed');
  });

  it('refuses a write from another origin even with the right token', async () => {
    expectError(await c.post('/api/tokens', { name: 'x' }, { origin: 'https://evil.example' }), 403, 'csrf_failed');
  });

  it('accepts a write with the token and the same origin, and reads without a token', async () => {
    const r = await c.post('/api/tokens', { name: 'with csrf' }, { origin: 'http://localhost', host: 'localhost' });
    expect(r.status).toBe(201);
    const g = await c.request('GET', '/api/tokens', { noCsrf: true });
    expect(g.status).toBe(200);
  });

  it('needs no CSRF token for writes with a bearer token', async () => {
    const tok = await c.post('/api/tokens', { name: 'bearer' });
    const b = clientAt('10.3.0.1');
    b.bearer = tok.body.token;
    const r = await b.post('/api/tokens', { name: 'made with a token' });
    expect(r.status).toBe(201);
  });

  it('does not let a write through when the CSRF header is set but the session belongs to someone else', async () => {
    const other = await w.as('buyerB');
    expectError(await c.post('/api/tokens', { name: 'x' }, { 'x-csrf-token': other.csrf as string }), 403, 'csrf_failed');
  });
});

describe('throttling', () => {
  it('locks an account after 10 failures in the window, even with the right password and from another address', async () => {
    const u = await freshUser();
    for (let i = 0; i < 10; i++) {
      const r = await clientAt(`10.4.0.${i + 1}`).login(u.email, `wrong-password-${i}`);
      expectError(r, 401);
    }
    const r = await clientAt('10.4.1.1').login(u.email);
    expectError(r, 429, 'too_many_requests');
    expect((await auditRows(w.db, { action: 'auth.login_throttled' })).some((a) => (a.after as { email: string }).email === u.email)).toBe(
      true,
    );
    // Another account from the same addresses is not affected.
    expect((await clientAt('10.4.0.1').login(w.users.itA.email)).status).toBe(200);
  });

  it('lets the account in again once the failures are older than the window', async () => {
    const u = await freshUser();
    for (let i = 0; i < 10; i++) await clientAt(`10.4.2.${i + 1}`).login(u.email, `wrong-password-${i}`);
    expectError(await clientAt('10.4.3.1').login(u.email), 429);
    await w.db
      .updateTable('login_attempts')
      .set({ at: sql`at - make_interval(mins => ${w.config.loginWindowMinutes + 1})` })
      .where('email', '=', u.email)
      .execute();
    expect((await clientAt('10.4.3.1').login(u.email)).status).toBe(200);
  });

  it('blocks one address after 10 failures across accounts, but not other addresses', async () => {
    const ip = '10.5.0.1';
    for (let i = 0; i < 10; i++) expectError(await clientAt(ip).login(`stranger${i}@test.example`, 'wrong-password-x'), 401);
    expectError(await clientAt(ip).login(w.users.buyerB.email), 429, 'too_many_requests');
    expect((await clientAt('10.5.0.2').login(w.users.buyerB.email)).status).toBe(200);
  });

  it('does not let a spoofed X-Forwarded-For reset the count when the peer is not a trusted proxy', async () => {
    const peer = '10.6.0.1';
    for (let i = 0; i < 10; i++)
      expectError(
        await clientAt(peer).post(
          '/api/auth/login',
          { email: `spoof${i}@test.example`, password: 'wrong-password-x' },
          { 'x-forwarded-for': `198.51.100.${i}` },
        ),
        401,
      );
    const r = await clientAt(peer).post(
      '/api/auth/login',
      { email: w.users.itB.email, password: TEST_PASSWORD },
      { 'x-forwarded-for': '198.51.100.200' },
    );
    expectError(r, 429, 'too_many_requests');
    const rows = await auditRows(w.db, { action: 'auth.login_failed' });
    const spoofed = rows.filter((a) => (a.after as { email: string }).email.startsWith('spoof'));
    expect(new Set(spoofed.map((a) => (a.after as { ip: string }).ip))).toEqual(new Set([peer]));
  });

  it('believes X-Forwarded-For from a trusted proxy: the client address behind it is what counts', async () => {
    const behind = '203.0.113.7';
    for (let i = 0; i < 10; i++)
      expectError(
        await clientAt(PROXY).post(
          '/api/auth/login',
          { email: `proxied${i}@test.example`, password: 'wrong-password-x' },
          { 'x-forwarded-for': behind },
        ),
        401,
      );
    // A client-supplied entry to the left of the real one does not help.
    const again = await clientAt(PROXY).post(
      '/api/auth/login',
      { email: w.users.itB.email, password: TEST_PASSWORD },
      { 'x-forwarded-for': `192.0.2.1, ${behind}` },
    );
    expectError(again, 429);
    // Another client behind the same proxy is not blocked.
    const other = await clientAt(PROXY).post(
      '/api/auth/login',
      { email: w.users.itB.email, password: TEST_PASSWORD },
      { 'x-forwarded-for': '203.0.113.8' },
    );
    expect(other.status).toBe(200);
  });
});

describe('client addresses over a real socket', () => {
  // before the throttling below: both connect from 127.0.0.1
  it('sets a session cookie that is not Secure on plain http from a real connection', async () => {
    const server = serve({ fetch: w.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const r = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: w.users.auditor.email, password: TEST_PASSWORD }),
      });
      expect(r.status).toBe(200);
      const session = cookieHeader(r, 'steward_session');
      expect(session).toMatch(/HttpOnly/i);
      expect(session).not.toMatch(/Secure/i);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('ignores the test-only x-test-peer header and a spoofed X-Forwarded-For when there is a real connection', async () => {
    const server = serve({ fetch: w.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const login = (email: string, password: string, i: number) =>
      fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-peer': `192.0.2.${i}`, 'x-forwarded-for': `198.51.100.${i}` },
        body: JSON.stringify({ email, password }),
      });
    try {
      for (let i = 0; i < 10; i++) expect((await login(`socket${i}@test.example`, 'wrong-password-x', i)).status).toBe(401);
      const r = await login(w.users.itA.email, TEST_PASSWORD, 99);
      expect(r.status).toBe(429);
      const failed = await auditRows(w.db, { action: 'auth.login_failed' });
      const ips = new Set(
        failed.filter((a) => (a.after as { email: string }).email.startsWith('socket')).map((a) => (a.after as { ip: string }).ip),
      );
      expect(ips).toEqual(new Set(['127.0.0.1']));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('passwords', () => {
  let admin: Client;
  beforeAll(async () => {
    admin = await w.as('admin');
  });

  it.each([
    ['shorter than 12 characters', 'Short-pw-1'],
    ['a common password', 'Password1234'],
    ['one repeated character', 'zzzzzzzzzzzzzz'],
  ])('refuses to create a user with a password that is %s', async (_why, password) => {
    const r = await admin.post('/api/users', {
      email: `pw${password.length}${_why.length}@test.example`,
      name: 'Pw',
      role: 'auditor',
      password,
    });
    const e = expectError(r, 400, 'validation_failed');
    expect(Object.keys(e.fields ?? {})).toEqual(['password']);
  });

  it('changes the own password: rules apply, the current password is checked, other sessions end', async () => {
    const u = await freshUser();
    const c = clientAt('10.7.0.1');
    await c.login(u.email);
    const other = clientAt('10.7.0.2');
    await other.login(u.email);
    expect(
      expectError(await c.post('/api/auth/password', { currentPassword: 'wrong-password-1', newPassword: 'A-much-better-one-42' }), 400)
        .fields,
    ).toHaveProperty('currentPassword');
    expect(
      expectError(await c.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short-1' }), 400).fields,
    ).toHaveProperty('newPassword');
    expect(
      expectError(await c.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'qwerty123456' }), 400).fields,
    ).toHaveProperty('newPassword');
    const r = await c.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'A-much-better-one-42' });
    expect(r.status).toBe(200);
    c.csrf = r.body.csrfToken;
    expect((await c.get('/api/auth/me')).status).toBe(200);
    expectError(await other.get('/api/auth/me'), 401);
    expectError(await clientAt('10.7.0.3').login(u.email), 401);
    expect((await clientAt('10.7.0.3').login(u.email, 'A-much-better-one-42')).status).toBe(200);
    expect((await auditRows(w.db, { action: 'auth.password_change', entityId: u.id })).length).toBe(1);
  });

  it('an administrator can reset a password; the audit entry says so without the password', async () => {
    const u = await freshUser();
    const list = await admin.get(`/api/users?q=${encodeURIComponent(u.email)}`);
    expect(
      expectError(await admin.patch(`/api/users/${u.id}`, { version: list.body.items[0].version, password: 'abc' }), 400).fields,
    ).toHaveProperty('password');
    const r = await admin.patch(`/api/users/${u.id}`, { version: list.body.items[0].version, password: 'Reset-by-admin-2026' });
    expect(r.status).toBe(200);
    expect((await clientAt('10.7.1.1').login(u.email, 'Reset-by-admin-2026')).status).toBe(200);
    const [entry] = await auditRows(w.db, { action: 'user.update', entityId: u.id });
    expect(JSON.stringify(entry)).not.toContain('Reset-by-admin-2026');
    expect(entry.after).toMatchObject({ credentialReset: true });
  });
});

describe('secrets never leak', () => {
  it('no API response and no audit entry holds a password hash, a password, or a session or API token', async () => {
    const admin = await w.as('admin');
    const responses = [
      await admin.get('/api/users?pageSize=100'),
      await admin.get('/api/auth/me'),
      await admin.post('/api/users', { email: 'leak@test.example', name: 'Leak', role: 'auditor', password: 'Another-check-pw-77' }),
      await admin.get('/api/tokens'),
    ];
    for (const r of responses) {
      expect(r.status).toBeLessThan(300);
      expect(r.text).not.toMatch(/scrypt\$/);
      expect(r.text).not.toMatch(/password_?hash/i);
      expect(r.text).not.toContain('Another-check-pw-77');
      expect(r.text).not.toContain(TEST_PASSWORD);
    }
    const tokens = await w.db.selectFrom('api_tokens').select(['token_hash', 'prefix']).execute();
    const audit = JSON.stringify(await w.db.selectFrom('audit_log').selectAll().execute());
    expect(audit).not.toMatch(/scrypt\$/);
    expect(audit).not.toContain(TEST_PASSWORD);
    expect(audit).not.toContain('Another-check-pw-77');
    expect(audit).not.toContain('A-much-better-one-42');
    expect(audit).not.toMatch(/stw_[A-Za-z0-9_-]{20,}/);
    for (const t of tokens) expect(audit).not.toContain(t.token_hash);
    const sessions = await w.db.selectFrom('sessions').select(['token_hash', 'csrf_token']).execute();
    for (const s of sessions) {
      expect(audit).not.toContain(s.token_hash);
      expect(audit).not.toContain(s.csrf_token);
    }
    expect(admin.cookie).toBeTruthy();
    expect(audit).not.toContain((admin.cookie as string).split('=')[1]);
  });
});
