import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../platform/auth/tokens.js';
import { Client, type World, auditRows, contractInput, createWorld, expectError } from '../../test/harness.js';

let w: World;
let buyerA: Client;
let buyerB: Client;
beforeAll(async () => {
  w = await createWorld();
  [buyerA, buyerB] = await Promise.all([w.as('buyerA'), w.as('buyerB')]);
});

function bearer(token: string): Client {
  const c = new Client(w.app, '10.50.0.1');
  c.bearer = token;
  return c;
}

describe('API tokens', () => {
  it('shows the secret once at creation; the list shows only the prefix; only the hash is stored', async () => {
    const r = await buyerA.post('/api/tokens', { name: 'Reporting script' });
    expect(r.status).toBe(201);
    expect(r.body.token).toMatch(/^stw_[A-Za-z0-9_-]{30,}$/);
    expect(r.body.token.startsWith(r.body.prefix)).toBe(true);
    const list = await buyerA.get('/api/tokens');
    expect(list.status).toBe(200);
    const item = list.body.items.find((t: { id: string }) => t.id === r.body.id);
    expect(item).toMatchObject({ name: 'Reporting script', prefix: r.body.prefix, lastUsedAt: null, revokedAt: null });
    expect(item).not.toHaveProperty('token');
    expect(list.text).not.toContain(r.body.token);
    const row = await w.db.selectFrom('api_tokens').selectAll().where('id', '=', r.body.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(r.body.token));
    expect(JSON.stringify(row)).not.toContain(r.body.token);
    const [entry] = await auditRows(w.db, { action: 'token.create', entityId: r.body.id });
    expect(entry.actor_id).toBe(w.users.buyerA.id);
    expect(JSON.stringify(entry)).not.toContain(r.body.token);
  });

  it("works as a Bearer token with exactly the user's rights, and records when it was last used", async () => {
    const r = await buyerA.post('/api/tokens', { name: 'Rights check' });
    const c = bearer(r.body.token);
    const me = await c.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(w.users.buyerA.id);
    expect(me.body.csrfToken).toBeNull();
    const restrictedB = await w.contract({ departmentId: w.dept.b, restricted: true });
    expectError(await c.get(`/api/contracts/${restrictedB.id}`), 404, 'not_found');
    expectError(await c.get('/api/audit'), 403, 'forbidden');
    const created = await c.post('/api/contracts', contractInput(w, { departmentId: w.dept.a }));
    expect(created.status).toBe(201);
    const row = await w.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', r.body.id).executeTakeFirstOrThrow();
    expect(row.last_used_at).not.toBeNull();
    expect(Date.now() - (row.last_used_at as Date).getTime()).toBeLessThan(60_000);
    const listed = (await buyerA.get('/api/tokens')).body.items.find((t: { id: string }) => t.id === r.body.id);
    expect(listed.lastUsedAt).not.toBeNull();
  });

  it('refuses a revoked token with 401 and logs the revocation', async () => {
    const r = await buyerA.post('/api/tokens', { name: 'Short-lived' });
    const c = bearer(r.body.token);
    expect((await c.get('/api/contracts')).status).toBe(200);
    const del = await buyerA.delete(`/api/tokens/${r.body.id}`);
    expect(del.status).toBe(204);
    expectError(await c.get('/api/contracts'), 401, 'unauthenticated');
    const listed = (await buyerA.get('/api/tokens')).body.items.find((t: { id: string }) => t.id === r.body.id);
    expect(listed.revokedAt).not.toBeNull();
    expect(await auditRows(w.db, { action: 'token.revoke', entityId: r.body.id })).toHaveLength(1);
    // revoking twice: it is no longer an active token
    expectError(await buyerA.delete(`/api/tokens/${r.body.id}`), 404, 'not_found');
  });

  it("does not let one user see or revoke another user's token (404)", async () => {
    const r = await buyerA.post('/api/tokens', { name: 'Mine' });
    const list = await buyerB.get('/api/tokens');
    expect(list.body.items.map((t: { id: string }) => t.id)).not.toContain(r.body.id);
    expectError(await buyerB.delete(`/api/tokens/${r.body.id}`), 404, 'not_found');
    expect((await bearer(r.body.token).get('/api/auth/me')).status).toBe(200);
  });

  it('refuses malformed or unknown bearer tokens with 401, even on public routes', async () => {
    const c = new Client(w.app, '10.50.0.2');
    expectError(await c.get('/api/contracts', { authorization: 'Bearer stw_not-a-real-token-at-all' }), 401, 'unauthenticated');
    expectError(await c.get('/api/contracts', { authorization: 'Basic dXNlcjpwYXNz' }), 401, 'unauthenticated');
  });

  it('validates the token name', async () => {
    expect(expectError(await buyerA.post('/api/tokens', { name: '' }), 400, 'validation_failed').fields).toHaveProperty('name');
    expect(expectError(await buyerA.post('/api/tokens', { name: 'x'.repeat(101) }), 400).fields).toHaveProperty('name');
    expect(expectError(await buyerA.post('/api/tokens', { name: 'ok', scope: 'all' }), 400).fields).toHaveProperty('scope');
  });

  it('needs a signed-in user to list or create tokens', async () => {
    expectError(await new Client(w.app).post('/api/tokens', { name: 'anon' }), 401, 'unauthenticated');
    expectError(await new Client(w.app).get('/api/tokens'), 401, 'unauthenticated');
  });
});
