import { beforeAll, describe, expect, it } from 'vitest';
import { Client, TEST_PASSWORD, type TestResponse, type World, auditRows, createWorld, expectError } from '../../test/harness.js';

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['admin', 'procurement', 'buyerA', 'buyerB', 'itA', 'itB', 'auditor', 'vendorOne', 'vendorTwo'];

let w: World;
const as = {} as Record<UserKey, Client>;
beforeAll(async () => {
  w = await createWorld();
  const clients = await Promise.all(USERS.map((u) => w.as(u)));
  USERS.forEach((u, i) => {
    as[u] = clients[i];
  });
});

async function expectStatus(r: TestResponse, status: number, user: UserKey) {
  expect(r.status, `${user}: ${r.text}`).toBe(status);
  if (status === 403 || status === 404) {
    expectError(r, status);
    const rows = await auditRows(w.db, { action: 'permission.denied', requestId: r.headers.get('x-request-id') as string });
    expect(rows, `denial for ${user} not logged`).toHaveLength(1);
  }
}

let count = 0;
function newUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  count += 1;
  return { email: `new${count}@test.example`, name: `New ${count}`, role: 'auditor', password: 'A-good-long-password-7', ...overrides };
}

async function makeUser(overrides: Record<string, unknown> = {}) {
  const r = await as.admin.post('/api/users', newUser(overrides));
  expect(r.status, r.text).toBe(201);
  return r.body as { id: string; email: string; version: number };
}

describe('role matrix: users', () => {
  it.each<[UserKey, number, number, number]>([
    ['admin', 200, 201, 200],
    ['procurement', 200, 403, 403],
    ['buyerA', 200, 403, 403],
    ['buyerB', 200, 403, 403],
    ['itA', 200, 403, 403],
    ['itB', 200, 403, 403],
    ['auditor', 200, 403, 403],
    ['vendorOne', 403, 403, 403],
    ['vendorTwo', 403, 403, 403],
  ])('%s: list %i, create %i, update %i', async (user, list, create, update) => {
    await expectStatus(await as[user].get('/api/users'), list, user);
    await expectStatus(await as[user].post('/api/users', newUser()), create, user);
    const target = await w.db.selectFrom('users').select(['id', 'version']).where('id', '=', w.users.itB.id).executeTakeFirstOrThrow();
    await expectStatus(await as[user].patch(`/api/users/${target.id}`, { version: target.version, name: `itB (${user})` }), update, user);
  });
});

describe('users', () => {
  it('creates users of each kind, lowercasing the e-mail, and the new user can sign in', async () => {
    const buyer = await makeUser({ email: 'Mixed.Case@Test.Example', role: 'buyer', departmentId: w.dept.a });
    expect(buyer).toMatchObject({
      email: 'mixed.case@test.example',
      role: 'buyer',
      departmentId: w.dept.a,
      departmentName: 'Department A',
      disabled: false,
      version: 1,
    });
    const vendor = await makeUser({ role: 'vendor', vendorId: w.vendor.two });
    expect(vendor).toMatchObject({ vendorId: w.vendor.two, vendorName: 'Vendor Two Ltd', departmentId: null });
    expect((await new Client(w.app, '10.60.0.1').login('MIXED.case@test.example', 'A-good-long-password-7')).status).toBe(200);
    const [entry] = await auditRows(w.db, { action: 'user.create', entityId: buyer.id });
    expect(entry.after).toMatchObject({ email: 'mixed.case@test.example', role: 'buyer' });
    expect(JSON.stringify(entry)).not.toMatch(/password|scrypt/i);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a buyer without a department', { role: 'buyer' }, 'departmentId'],
    ['an IT & data user without a department', { role: 'it_data', departmentId: null }, 'departmentId'],
    ['a vendor user without a vendor', { role: 'vendor' }, 'vendorId'],
    ['a non-vendor user tied to a vendor', { role: 'auditor', vendorId: '' }, 'vendorId'],
    ['a department that does not exist', { role: 'buyer', departmentId: '00000000-0000-4000-8000-00000000000a' }, 'departmentId'],
    ['a vendor that does not exist', { role: 'vendor', vendorId: '00000000-0000-4000-8000-00000000000b' }, 'vendorId'],
    ['an unknown role', { role: 'superuser' }, 'role'],
    ['an address that is not an e-mail', { email: 'not-an-email' }, 'email'],
    ['an empty name', { name: '' }, 'name'],
  ])('refuses %s (400)', async (_what, overrides, field) => {
    const body = newUser(overrides);
    if (overrides.vendorId === '') body.vendorId = w.vendor.one;
    const e = expectError(await as.admin.post('/api/users', body), 400, 'validation_failed');
    expect(e.fields).toHaveProperty([field]);
  });

  it('refuses a duplicate e-mail whatever its letter case (409 naming the field)', async () => {
    const u = await makeUser();
    const e = expectError(await as.admin.post('/api/users', newUser({ email: u.email.toUpperCase() })), 409, 'duplicate');
    expect(e.fields).toHaveProperty('email');
  });

  it('an administrator cannot disable themselves or drop their own administrator role', async () => {
    const me = await w.db.selectFrom('users').select('version').where('id', '=', w.users.admin.id).executeTakeFirstOrThrow();
    expectError(await as.admin.patch(`/api/users/${w.users.admin.id}`, { version: me.version, disabled: true }), 409, 'conflict');
    expectError(await as.admin.patch(`/api/users/${w.users.admin.id}`, { version: me.version, role: 'auditor' }), 409, 'conflict');
    expect((await as.admin.get('/api/auth/me')).status).toBe(200);
    const after = await w.db
      .selectFrom('users')
      .select(['disabled_at', 'role'])
      .where('id', '=', w.users.admin.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ disabled_at: null, role: 'admin' });
  });

  it('disables and enables a user; a disabled user cannot sign in; the audit has only the changed fields', async () => {
    const u = await makeUser();
    const off = await as.admin.patch(`/api/users/${u.id}`, { version: 1, disabled: true });
    expect(off.body).toMatchObject({ disabled: true, version: 2 });
    expect((await new Client(w.app, '10.60.0.2').login(u.email, 'A-good-long-password-7')).status).toBe(401);
    const on = await as.admin.patch(`/api/users/${u.id}`, { version: 2, disabled: false });
    expect(on.body).toMatchObject({ disabled: false, version: 3 });
    expect((await new Client(w.app, '10.60.0.2').login(u.email, 'A-good-long-password-7')).status).toBe(200);
    const [disable] = await auditRows(w.db, { action: 'user.disable', entityId: u.id });
    expect(disable.before).toEqual({ disabled: false, version: 1 });
    expect(disable.after).toEqual({ disabled: true, version: 2 });
    const [enable] = await auditRows(w.db, { action: 'user.update', entityId: u.id });
    expect(enable.after).toEqual({ disabled: false, version: 3 });
  });

  it('changing a role ends the sessions of that user, so new rights apply at once', async () => {
    const u = await makeUser({ role: 'buyer', departmentId: w.dept.a });
    const c = new Client(w.app, '10.60.0.3');
    await c.login(u.email, 'A-good-long-password-7');
    expect((await c.get('/api/auth/me')).status).toBe(200);
    const r = await as.admin.patch(`/api/users/${u.id}`, { version: 1, role: 'it_data' });
    expect(r.body).toMatchObject({ role: 'it_data', departmentId: w.dept.a });
    expectError(await c.get('/api/auth/me'), 401);
  });

  it('changing a user to a vendor user needs a vendor and drops the department', async () => {
    const u = await makeUser({ role: 'buyer', departmentId: w.dept.b });
    expect(expectError(await as.admin.patch(`/api/users/${u.id}`, { version: 1, role: 'vendor' }), 400).fields).toHaveProperty('vendorId');
    const r = await as.admin.patch(`/api/users/${u.id}`, { version: 1, role: 'vendor', vendorId: w.vendor.one });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ role: 'vendor', vendorId: w.vendor.one, departmentId: null });
  });

  it('answers 412 for a stale version and 404 for an unknown user', async () => {
    const u = await makeUser();
    expect((await as.admin.patch(`/api/users/${u.id}`, { version: 1, name: 'Renamed' })).status).toBe(200);
    expectError(await as.admin.patch(`/api/users/${u.id}`, { version: 1, name: 'Stale' }), 412, 'version_conflict');
    expectError(await as.admin.patch('/api/users/00000000-0000-4000-8000-00000000000c', { version: 1, name: 'Ghost' }), 404, 'not_found');
  });

  it('filters the list by role, department and text', async () => {
    const byRole = await as.procurement.get('/api/users?role=it_data&pageSize=100');
    expect(byRole.body.items.every((u: { role: string }) => u.role === 'it_data')).toBe(true);
    expect(byRole.body.items.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([w.users.itA.id]));
    const byDept = await as.procurement.get(`/api/users?departmentId=${w.dept.b}&pageSize=100`);
    expect(byDept.body.items.every((u: { departmentId: string }) => u.departmentId === w.dept.b)).toBe(true);
    const byText = await as.procurement.get('/api/users?q=vendorone@');
    expect(byText.body.items.map((u: { id: string }) => u.id)).toEqual([w.users.vendorOne.id]);
  });

  it('never returns a password or its hash', async () => {
    const r = await as.admin.get('/api/users?pageSize=100');
    expect(r.text).not.toMatch(/password|scrypt/i);
    expect(r.text).not.toContain(TEST_PASSWORD);
  });
});
