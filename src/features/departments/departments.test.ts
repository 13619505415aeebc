import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestResponse, type World, auditRows, createWorld, expectError } from '../../test/harness.js';

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

let n = 0;
const code = () => `X${++n}`;

describe('role matrix: departments', () => {
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
  ])('%s: list %i, create %i, rename %i', async (user, list, create, update) => {
    const l = await as[user].get('/api/departments');
    await expectStatus(l, list, user);
    if (list === 200) expect(l.body.items.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([w.dept.a, w.dept.b]));
    const c = code();
    await expectStatus(await as[user].post('/api/departments', { name: `Dept ${c}`, code: c }), create, user);
    const d = await w.db.selectFrom('departments').select('version').where('id', '=', w.dept.b).executeTakeFirstOrThrow();
    await expectStatus(
      await as[user].patch(`/api/departments/${w.dept.b}`, { version: d.version, name: `Department B (${user})` }),
      update,
      user,
    );
  });
});

describe('departments', () => {
  it('creates a department with an upper-case code and lists it by name', async () => {
    const r = await as.admin.post('/api/departments', { name: 'Housing', code: 'hsg' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: 'Housing', code: 'HSG', version: 1 });
    const names = (await as.buyerA.get('/api/departments')).body.items.map((d: { name: string }) => d.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
    const [entry] = await auditRows(w.db, { action: 'department.create', entityId: r.body.id });
    expect(entry).toMatchObject({ actor_id: w.users.admin.id, actor_role: 'admin' });
  });

  it('refuses a duplicate name or code (409 naming the field that clashes)', async () => {
    await as.admin.post('/api/departments', { name: 'Transport', code: 'TRN' });
    expect(
      expectError(await as.admin.post('/api/departments', { name: 'TRANSPORT', code: 'TR2' }), 409, 'duplicate').fields,
    ).toHaveProperty('name');
    expect(expectError(await as.admin.post('/api/departments', { name: 'Transit', code: 'trn' }), 409, 'duplicate').fields).toHaveProperty(
      'code',
    );
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a code with spaces', { name: 'Parks', code: 'P K' }, 'code'],
    ['a one-letter code', { name: 'Parks', code: 'P' }, 'code'],
    ['an empty name', { name: ' ', code: 'PK' }, 'name'],
    ['an unknown field', { name: 'Parks', code: 'PK', budget: 3 }, 'budget'],
  ])('refuses %s (400)', async (_what, body, field) => {
    expect(expectError(await as.admin.post('/api/departments', body), 400, 'validation_failed').fields).toHaveProperty([field]);
  });

  it('renames with the current version; stale 412; unknown 404; the audit holds only the change', async () => {
    const r = await as.admin.post('/api/departments', { name: 'Libraries', code: 'LIB' });
    const u = await as.admin.patch(`/api/departments/${r.body.id}`, { version: 1, name: 'Libraries and archives' });
    expect(u.body).toMatchObject({ name: 'Libraries and archives', code: 'LIB', version: 2 });
    expectError(await as.admin.patch(`/api/departments/${r.body.id}`, { version: 1, name: 'Stale' }), 412, 'version_conflict');
    expectError(
      await as.admin.patch('/api/departments/00000000-0000-4000-8000-00000000000d', { version: 1, name: 'Ghost' }),
      404,
      'not_found',
    );
    const [entry] = await auditRows(w.db, { action: 'department.update', entityId: r.body.id });
    expect(entry.before).toEqual({ name: 'Libraries', version: 1 });
    expect(entry.after).toEqual({ name: 'Libraries and archives', version: 2 });
  });
});
