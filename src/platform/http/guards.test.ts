/**
 * Bad input on every JSON write route: malformed JSON, wrong content type, unknown fields, wrong
 * types, NUL characters, oversized bodies and prototype-polluting keys, each a clear 4xx in
 * Steward's error shape, and nothing written.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, TEST_PASSWORD, type World, auditRows, contractInput, createWorld, expectError } from '../../test/harness.js';

const LIMIT = 2048;
let w: World;
let clients: Record<'admin' | 'procurement' | 'buyerA', Client>;
let contractId: string;

beforeAll(async () => {
  w = await createWorld({ bodyLimitBytes: LIMIT });
  const [admin, procurement, buyerA] = await Promise.all([w.as('admin'), w.as('procurement'), w.as('buyerA')]);
  clients = { admin, procurement, buyerA };
  contractId = (await w.contract()).id;
});

interface WriteRoute {
  name: string;
  method: 'POST' | 'PATCH';
  path: () => string;
  who: keyof typeof clients | 'anonymous';
  /** A body the route would accept. */
  valid: () => Record<string, unknown>;
  /** A string field of that body (for wrong-type and NUL checks). */
  text: string;
}

const ROUTES: WriteRoute[] = [
  {
    name: 'POST /api/auth/login',
    method: 'POST',
    path: () => '/api/auth/login',
    who: 'anonymous',
    valid: () => ({ email: w.users.buyerA.email, password: TEST_PASSWORD }),
    text: 'email',
  },
  {
    name: 'POST /api/auth/password',
    method: 'POST',
    path: () => '/api/auth/password',
    who: 'buyerA',
    valid: () => ({ currentPassword: TEST_PASSWORD, newPassword: 'Another-fine-password-8' }),
    text: 'newPassword',
  },
  {
    name: 'POST /api/users',
    method: 'POST',
    path: () => '/api/users',
    who: 'admin',
    valid: () => ({ email: 'valid@test.example', name: 'Valid', role: 'auditor', password: 'A-good-long-password-7' }),
    text: 'name',
  },
  {
    name: 'PATCH /api/users/{id}',
    method: 'PATCH',
    path: () => `/api/users/${w.users.itB.id}`,
    who: 'admin',
    valid: () => ({ version: 1, name: 'Renamed' }),
    text: 'name',
  },
  {
    name: 'POST /api/departments',
    method: 'POST',
    path: () => '/api/departments',
    who: 'admin',
    valid: () => ({ name: 'Valid department', code: 'VD' }),
    text: 'name',
  },
  {
    name: 'PATCH /api/departments/{id}',
    method: 'PATCH',
    path: () => `/api/departments/${w.dept.b}`,
    who: 'admin',
    valid: () => ({ version: 1, name: 'Renamed' }),
    text: 'name',
  },
  {
    name: 'POST /api/vendors',
    method: 'POST',
    path: () => '/api/vendors',
    who: 'procurement',
    valid: () => ({ legalName: 'Valid Vendor' }),
    text: 'legalName',
  },
  {
    name: 'PATCH /api/vendors/{id}',
    method: 'PATCH',
    path: () => `/api/vendors/${w.vendor.two}`,
    who: 'procurement',
    valid: () => ({ version: 1, notes: 'ok' }),
    text: 'notes',
  },
  {
    name: 'POST /api/contracts',
    method: 'POST',
    path: () => '/api/contracts',
    who: 'procurement',
    valid: () => ({ ...contractInput(w) }),
    text: 'title',
  },
  {
    name: 'PATCH /api/contracts/{id}',
    method: 'PATCH',
    path: () => `/api/contracts/${contractId}`,
    who: 'procurement',
    valid: () => ({ version: 1, title: 'Renamed' }),
    text: 'title',
  },
  { name: 'POST /api/tokens', method: 'POST', path: () => '/api/tokens', who: 'buyerA', valid: () => ({ name: 'token' }), text: 'name' },
];

function clientFor(r: WriteRoute): Client {
  return r.who === 'anonymous' ? new Client(w.app, '10.80.0.1') : clients[r.who];
}

function send(r: WriteRoute, body: string, contentType = 'application/json') {
  return clientFor(r).request(r.method, r.path(), { body, headers: { 'content-type': contentType } });
}

describe.each(ROUTES)('$name', (route) => {
  let auditBefore: number;
  beforeAll(async () => {
    auditBefore = (await auditRows(w.db)).length;
  });

  it('refuses malformed JSON (400 malformed_json)', async () => {
    expectError(await send(route, '{"a": '), 400, 'malformed_json');
    expectError(await send(route, "{'single': 'quotes'}"), 400, 'malformed_json');
  });

  it('refuses a body that is not JSON (415)', async () => {
    expectError(await send(route, 'name=x', 'text/plain'), 415, 'unsupported_media_type');
    expectError(await send(route, 'name=x', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
    const form = new FormData();
    form.set('name', 'x');
    expectError(await clientFor(route).request(route.method, route.path(), { body: form }), 415, 'unsupported_media_type');
  });

  it('refuses unknown fields, naming them', async () => {
    const e = expectError(await send(route, JSON.stringify({ ...route.valid(), isAdmin: true })), 400, 'validation_failed');
    expect(e.fields).toEqual({ isAdmin: 'is not a known field' });
  });

  it('refuses a wrong type, naming the field', async () => {
    const e = expectError(await send(route, JSON.stringify({ ...route.valid(), [route.text]: 12345 })), 400, 'validation_failed');
    expect(e.fields).toHaveProperty([route.text]);
    expectError(await send(route, JSON.stringify([route.valid()])), 400, 'validation_failed');
    expectError(await send(route, 'null'), 400, 'validation_failed');
  });

  it('refuses NUL characters, escaped or raw', async () => {
    expectError(await send(route, JSON.stringify({ ...route.valid(), [route.text]: 'bad\u0000value' })), 400, 'validation_failed');
    expectError(await send(route, `{"${route.text}": "raw\u0000nul"}`), 400, 'validation_failed');
    expectError(await send(route, JSON.stringify({ ...route.valid(), 'key\u0000': 'x' })), 400, 'validation_failed');
  });

  it('refuses __proto__, constructor and prototype keys at any depth', async () => {
    for (const body of [
      `{"__proto__": {"isAdmin": true}, "${route.text}": "x"}`,
      `{"constructor": {"prototype": {"isAdmin": true}}}`,
      `{"${route.text}": "x", "nested": {"__proto__": {"polluted": 1}}}`,
    ]) {
      const e = expectError(await send(route, body), 400, 'validation_failed');
      expect(e.message).toMatch(/__proto__|constructor|prototype/);
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it(`refuses a body over the limit (${LIMIT} bytes) with 413`, async () => {
    const big = JSON.stringify({ ...route.valid(), [route.text]: 'x'.repeat(LIMIT) });
    expectError(await send(route, big), 413, 'payload_too_large');
    // the declared length alone is enough to refuse
    const r = await clientFor(route).request(route.method, route.path(), {
      body: '{}',
      headers: { 'content-type': 'application/json', 'content-length': String(LIMIT + 1) },
    });
    expectError(r, 413, 'payload_too_large');
  });

  it('wrote nothing to the audit log for any of these', async () => {
    const rows = (await auditRows(w.db)).slice(auditBefore);
    expect(rows.filter((r) => r.action !== 'permission.denied' && r.action !== 'auth.login_failed')).toEqual([]);
  });
});

describe('request ids', () => {
  it('gives every response an X-Request-Id, keeps a well-formed one from the client and replaces a bad one', async () => {
    const c = new Client(w.app, '10.80.0.2');
    const fresh = await c.get('/api/meta');
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await c.get('/api/meta', { 'x-request-id': 'client-chosen-id-123' })).headers.get('x-request-id')).toBe('client-chosen-id-123');
    const bad = await c.get('/api/meta', { 'x-request-id': 'bad id with spaces\t<script>' });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
