import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestResponse, type World, auditRows, contractInput, createWorld, expectError } from '../../test/harness.js';
import type { ContractDto } from './contracts.schema.js';

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['admin', 'procurement', 'buyerA', 'buyerB', 'itA', 'itB', 'auditor', 'vendorOne', 'vendorTwo'];

let w: World;
const as = {} as Record<UserKey, Client>;
/** cA: department A, vendor one; cAr: the same, restricted; cB: department B, vendor two. */
let cA: ContractDto;
let cAr: ContractDto;
let cB: ContractDto;
const ids = () => ({ cA: cA.id, cAr: cAr.id, cB: cB.id });

beforeAll(async () => {
  w = await createWorld();
  const clients = await Promise.all(USERS.map((u) => w.as(u)));
  USERS.forEach((u, i) => {
    as[u] = clients[i];
  });
  cA = await w.contract({ departmentId: w.dept.a, vendorId: w.vendor.one, title: 'Chatbot for permits' });
  cAr = await w.contract({ departmentId: w.dept.a, vendorId: w.vendor.one, restricted: true, title: 'Fraud detection (restricted)' });
  cB = await w.contract({ departmentId: w.dept.b, vendorId: w.vendor.two, title: 'Translation service' });
});

/** A 403 or 404 must leave a `permission.denied` entry for that request. */
async function expectDenialLogged(r: TestResponse, user: UserKey) {
  const rows = await auditRows(w.db, { action: 'permission.denied', requestId: r.headers.get('x-request-id') as string });
  expect(rows, `denial for ${user} not logged`).toHaveLength(1);
  expect(rows[0].actor_id).toBe(w.users[user].id);
  expect((rows[0].after as { outcome: string }).outcome).toBe(r.status === 404 ? 'not_found' : 'forbidden');
}

async function expectStatus(r: TestResponse, status: number, user: UserKey) {
  expect(r.status, `${user}: ${r.text}`).toBe(status);
  if (status === 403 || status === 404) {
    expectError(r, status);
    await expectDenialLogged(r, user);
  }
}

const currentVersion = async (id: string) =>
  (await w.db.selectFrom('contracts').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

describe('role × department matrix: contracts', () => {
  // user, GET cA, GET cAr (restricted, dept A), GET cB
  describe.each<[UserKey, number, number, number]>([
    ['admin', 403, 403, 403],
    ['procurement', 200, 200, 200],
    ['buyerA', 200, 200, 200],
    ['buyerB', 200, 404, 200],
    ['itA', 200, 200, 200],
    ['itB', 200, 404, 200],
    ['auditor', 200, 200, 200],
    ['vendorOne', 200, 200, 404],
    ['vendorTwo', 404, 404, 200],
  ])('%s', (user, getA, getAr, getB) => {
    it(`GET /api/contracts/{id}: cA ${getA}, cAr ${getAr}, cB ${getB}`, async () => {
      const i = ids();
      await expectStatus(await as[user].get(`/api/contracts/${i.cA}`), getA, user);
      await expectStatus(await as[user].get(`/api/contracts/${i.cAr}`), getAr, user);
      await expectStatus(await as[user].get(`/api/contracts/${i.cB}`), getB, user);
    });

    it('GET /api/contracts lists exactly what the user may see', async () => {
      const r = await as[user].get('/api/contracts?pageSize=100');
      if (getA === 403) return expectStatus(r, 403, user);
      expect(r.status).toBe(200);
      const listed = new Set(r.body.items.map((c: { id: string }) => c.id));
      const i = ids();
      expect(listed.has(i.cA)).toBe(getA === 200);
      expect(listed.has(i.cAr)).toBe(getAr === 200);
      expect(listed.has(i.cB)).toBe(getB === 200);
      expect(r.body.total).toBe(r.body.items.length);
    });
  });

  // user, PATCH cA, PATCH cAr, PATCH cB
  it.each<[UserKey, number, number, number]>([
    ['admin', 403, 403, 403],
    ['procurement', 200, 200, 200],
    ['buyerA', 200, 200, 403],
    ['buyerB', 403, 404, 200],
    ['itA', 403, 403, 403],
    ['itB', 403, 403, 403],
    ['auditor', 403, 403, 403],
    ['vendorOne', 403, 403, 403],
    ['vendorTwo', 403, 403, 403],
  ])('PATCH /api/contracts/{id} as %s: cA %i, cAr %i, cB %i', async (user, a, ar, b) => {
    const i = ids();
    for (const [id, expected] of [
      [i.cA, a],
      [i.cAr, ar],
      [i.cB, b],
    ] as const) {
      const before = await currentVersion(id);
      const r = await as[user].patch(`/api/contracts/${id}`, { version: before, description: `edited by ${user}` });
      await expectStatus(r, expected, user);
      expect(await currentVersion(id)).toBe(expected === 200 ? before + 1 : before);
    }
  });

  // user, POST in department A, POST in department B
  it.each<[UserKey, number, number]>([
    ['admin', 403, 403],
    ['procurement', 201, 201],
    ['buyerA', 201, 403],
    ['buyerB', 403, 201],
    ['itA', 403, 403],
    ['itB', 403, 403],
    ['auditor', 403, 403],
    ['vendorOne', 403, 403],
    ['vendorTwo', 403, 403],
  ])('POST /api/contracts as %s: department A %i, department B %i', async (user, a, b) => {
    for (const [dept, expected] of [
      [w.dept.a, a],
      [w.dept.b, b],
    ] as const) {
      const input = contractInput(w, { departmentId: dept });
      const r = await as[user].post('/api/contracts', input);
      await expectStatus(r, expected, user);
      const stored = await w.db.selectFrom('contracts').select('id').where('reference', '=', input.reference).executeTakeFirst();
      expect(!!stored).toBe(expected === 201);
    }
  });

  it('tells each user what they may do with a contract they can see', async () => {
    expect((await as.buyerA.get(`/api/contracts/${cA.id}`)).body.permissions).toEqual({ update: true, uploadDocument: true });
    expect((await as.buyerB.get(`/api/contracts/${cA.id}`)).body.permissions).toEqual({ update: false, uploadDocument: false });
    expect((await as.itA.get(`/api/contracts/${cA.id}`)).body.permissions).toEqual({ update: false, uploadDocument: true });
    expect((await as.auditor.get(`/api/contracts/${cA.id}`)).body.permissions).toEqual({ update: false, uploadDocument: false });
  });

  it('a buyer cannot move a contract of their department to another department', async () => {
    const c = await w.contract({ departmentId: w.dept.a });
    const r = await as.buyerA.patch(`/api/contracts/${c.id}`, { version: c.version, departmentId: w.dept.b });
    await expectStatus(r, 403, 'buyerA');
    expect((await as.procurement.patch(`/api/contracts/${c.id}`, { version: c.version, departmentId: w.dept.b })).status).toBe(200);
  });

  it('answers 404 for a contract that does not exist and 400 for an id that is not a UUID', async () => {
    await expectStatus(await as.procurement.get('/api/contracts/00000000-0000-4000-8000-000000000000'), 404, 'procurement');
    expect(expectError(await as.procurement.get('/api/contracts/not-an-id'), 400, 'validation_failed').fields).toHaveProperty('id');
  });
});

describe('listing', () => {
  let refs: string[];
  beforeAll(async () => {
    const made = await Promise.all([
      w.contract({ title: 'Speech to text for council meetings', status: 'draft', value: '50.00', ceiling: '60.00', tags: ['speech'] }),
      w.contract({ title: 'Speech analytics pilot', status: 'active', value: '70.00', ceiling: '80.00', endDate: '2026-03-31' }),
      w.contract({ title: 'Image recognition 100% off_the_shelf', status: 'closed', value: '90.00', ceiling: '90.00' }),
    ]);
    refs = made.map((c) => c.reference);
  });

  it('searches by text in reference, title and description, case-insensitively', async () => {
    const r = await as.procurement.get('/api/contracts?q=SPEECH');
    expect(r.body.items.map((c: { reference: string }) => c.reference).sort()).toEqual([refs[0], refs[1]].sort());
  });

  it('treats % and _ in the search as plain characters', async () => {
    const r = await as.procurement.get(`/api/contracts?q=${encodeURIComponent('100% off_the')}`);
    expect(r.body.items.map((c: { reference: string }) => c.reference)).toEqual([refs[2]]);
    expect(
      (await as.procurement.get(`/api/contracts?q=${encodeURIComponent('%')}`)).body.items.map((c: { reference: string }) => c.reference),
    ).toEqual([refs[2]]);
  });

  it('filters by one or several statuses and sorts by value', async () => {
    const r = await as.procurement.get('/api/contracts?q=speech&status=draft');
    expect(r.body.items.map((c: { reference: string }) => c.reference)).toEqual([refs[0]]);
    const several = await as.procurement.get('/api/contracts?status=draft,closed&sort=value&order=asc');
    const values = several.body.items.map((c: { value: string }) => Number(c.value));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(new Set(several.body.items.map((c: { status: string }) => c.status))).toEqual(new Set(['draft', 'closed']));
    expect(expectError(await as.procurement.get('/api/contracts?status=archived'), 400).fields).toBeDefined();
  });

  it('paginates without gaps or repeats', async () => {
    const all = await as.procurement.get('/api/contracts?pageSize=100&sort=reference');
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(all.body.total / 2); page++) {
      const r = await as.procurement.get(`/api/contracts?pageSize=2&page=${page}&sort=reference`);
      expect(r.body).toMatchObject({ page, pageSize: 2, total: all.body.total });
      seen.push(...r.body.items.map((c: { id: string }) => c.id));
    }
    expect(seen).toEqual(all.body.items.map((c: { id: string }) => c.id));
    expectError(await as.procurement.get('/api/contracts?pageSize=1000'), 400, 'validation_failed');
    expectError(await as.procurement.get('/api/contracts?page=0'), 400, 'validation_failed');
  });
});

describe('validation', () => {
  const post = (overrides: Record<string, unknown>) => as.procurement.post('/api/contracts', { ...contractInput(w), ...overrides });

  it.each<[string, Record<string, unknown>, string]>([
    ['an impossible date', { startDate: '2026-02-30' }, 'startDate'],
    ['a date in another format', { endDate: '31/12/2026' }, 'endDate'],
    ['an end date before the start', { startDate: '2026-06-01', endDate: '2026-05-31' }, 'endDate'],
    ['a negative value', { value: '-1.00' }, 'value'],
    ['a value with three decimals', { value: '1.005' }, 'value'],
    ['a non-numeric value', { value: 'ten' }, 'value'],
    ['a value sent as a number', { value: 1000 }, 'value'],
    ['a value in exponent notation', { value: '1e3' }, 'value'],
    ['a value too large to store', { value: '12345678901234567.00', ceiling: '12345678901234567.00' }, 'value'],
    ['a ceiling below the value', { value: '1000.00', ceiling: '999.99' }, 'ceiling'],
    ['an unknown currency', { currency: 'XYZ' }, 'currency'],
    ['a lowercase currency code', { currency: 'usd' }, 'currency'],
    [
      'an option period that starts before the base period ends',
      { options: [{ description: 'Year 2', startDate: '2026-12-01', endDate: '2027-12-31' }] },
      'options.0.startDate',
    ],
    [
      'an option that ends before it starts',
      { options: [{ description: 'Year 2', startDate: '2027-06-01', endDate: '2027-01-01' }] },
      'options.0.endDate',
    ],
    ['a vendor that does not exist', { vendorId: '00000000-0000-4000-8000-000000000001' }, 'vendorId'],
    ['a department that does not exist', { departmentId: '00000000-0000-4000-8000-000000000002' }, 'departmentId'],
    ['an unknown field', { colour: 'blue' }, 'colour'],
    ['an unknown contract type', { type: 'magic' }, 'type'],
    ['a missing title', { title: '   ' }, 'title'],
    ['a reference with spaces', { reference: 'A B' }, 'reference'],
    ['a tag with a comma', { tags: ['a,b'] }, 'tags.0'],
    ['a boolean sent as a string', { restricted: 'yes' }, 'restricted'],
    ['an unknown status', { status: 'archived' }, 'status'],
  ])('refuses %s (400, naming the field)', async (_what, overrides, field) => {
    const e = expectError(await post(overrides), 400, 'validation_failed');
    expect(e.fields).toHaveProperty([field]);
  });

  it('refuses owners with the wrong role or who are not users', async () => {
    const r = await post({
      owners: { it_data: w.users.buyerA.id, procurement: w.users.vendorOne.id, buyer: '00000000-0000-4000-8000-000000000003' },
    });
    const e = expectError(r, 400, 'validation_failed');
    expect(Object.keys(e.fields ?? {}).sort()).toEqual(['owners.buyer', 'owners.it_data', 'owners.procurement']);
  });

  it('accepts correct owners and shows their names', async () => {
    const r = await post({ owners: { it_data: w.users.itA.id, procurement: w.users.procurement.id, buyer: w.users.buyerA.id } });
    expect(r.status).toBe(201);
    expect(r.body.owners).toEqual({
      it_data: { id: w.users.itA.id, name: 'itA' },
      procurement: { id: w.users.procurement.id, name: 'procurement' },
      buyer: { id: w.users.buyerA.id, name: 'buyerA' },
    });
  });

  it('normalises amounts to two decimals and keeps them exact', async () => {
    const r = await post({ value: '1234567890123.1', ceiling: '9999999999999999.99' });
    expect(r.status).toBe(201);
    expect(r.body.value).toBe('1234567890123.10');
    expect(r.body.ceiling).toBe('9999999999999999.99');
  });

  it('refuses a duplicate reference with 409 naming the reference, whatever its letter case', async () => {
    const first = await post({});
    expect(first.status).toBe(201);
    const again = expectError(await post({ reference: first.body.reference }), 409, 'duplicate');
    expect(again.fields).toHaveProperty('reference');
    expect(expectError(await post({ reference: first.body.reference.toLowerCase() }), 409).fields).toHaveProperty('reference');
    const other = await w.contract();
    const patch = expectError(
      await as.procurement.patch(`/api/contracts/${other.id}`, { version: other.version, reference: first.body.reference }),
      409,
      'duplicate',
    );
    expect(patch.fields).toHaveProperty('reference');
  });

  it('refuses status changes that are not allowed (closed is final) and accepts allowed ones', async () => {
    const c = await w.contract({ status: 'closed' });
    const e = expectError(
      await as.procurement.patch(`/api/contracts/${c.id}`, { version: c.version, status: 'active' }),
      400,
      'validation_failed',
    );
    expect(e.fields?.status).toMatch(/closed/);
    const d = await w.contract({ status: 'draft' });
    expectError(await as.procurement.patch(`/api/contracts/${d.id}`, { version: d.version, status: 'suspended' }), 400);
    const ok = await as.procurement.patch(`/api/contracts/${d.id}`, { version: d.version, status: 'active' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'active', ocdsStatus: 'active' });
  });

  it('checks cross-field rules against the stored values on a partial update', async () => {
    const c = await w.contract({ value: '1000.00', ceiling: '1500.00', endDate: '2026-12-31' });
    expect(
      expectError(await as.procurement.patch(`/api/contracts/${c.id}`, { version: c.version, ceiling: '999.00' }), 400).fields,
    ).toHaveProperty('ceiling');
    expect(
      expectError(await as.procurement.patch(`/api/contracts/${c.id}`, { version: c.version, endDate: '2025-12-31' }), 400).fields,
    ).toHaveProperty('endDate');
    expect(
      expectError(await as.procurement.patch(`/api/contracts/${c.id}`, { version: c.version, owners: { buyer: w.users.itB.id } }), 400)
        .fields,
    ).toHaveProperty(['owners.buyer']);
    expect(await currentVersion(c.id)).toBe(c.version);
  });

  it('a failed write leaves no audit entry', async () => {
    const dup = await w.contract();
    const before = (await auditRows(w.db)).length;
    expectError(await post({ value: '-5' }), 400);
    expectError(await post({ reference: dup.reference }), 409);
    expectError(await as.procurement.patch(`/api/contracts/${dup.id}`, { version: dup.version, ceiling: '1.00' }), 400);
    expect((await auditRows(w.db)).length).toBe(before);
  });
});

describe('versions and concurrency', () => {
  it('PATCH without a version answers 428', async () => {
    const c = await w.contract();
    expectError(await as.procurement.patch(`/api/contracts/${c.id}`, { title: 'No version' }), 428, 'precondition_required');
  });

  it('a stale version in the body or in If-Match answers 412 and changes nothing', async () => {
    const c = await w.contract();
    const ok = await as.procurement.patch(`/api/contracts/${c.id}`, { title: 'First edit' }, { 'if-match': `"${c.version}"` });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(c.version + 1);
    expect(ok.headers.get('etag')).toBe(`"${c.version + 1}"`);
    expectError(await as.procurement.patch(`/api/contracts/${c.id}`, { version: c.version, title: 'Stale body' }), 412, 'version_conflict');
    expectError(
      await as.procurement.patch(`/api/contracts/${c.id}`, { title: 'Stale header' }, { 'if-match': `"${c.version}"` }),
      412,
      'version_conflict',
    );
    expectError(await as.procurement.patch(`/api/contracts/${c.id}`, { title: 'Bad header' }, { 'if-match': 'banana' }), 400);
    const now = await as.procurement.get(`/api/contracts/${c.id}`);
    expect(now.body).toMatchObject({ title: 'First edit', version: c.version + 1 });
    expect(now.headers.get('etag')).toBe(`"${c.version + 1}"`);
    const second = await as.procurement.patch(
      `/api/contracts/${c.id}`,
      { title: 'Second edit' },
      { 'if-match': now.headers.get('etag') as string },
    );
    expect(second.status).toBe(200);
  });

  it('20 concurrent PATCHes with the same version: exactly one wins, nineteen get 412, one audit entry', async () => {
    const c = await w.contract();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => as.procurement.patch(`/api/contracts/${c.id}`, { version: c.version, title: `Writer ${i}` })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(19);
    for (const r of results.filter((x) => x.status === 412)) expectError(r, 412, 'version_conflict');
    const winner = results.find((r) => r.status === 200) as TestResponse;
    const stored = await as.procurement.get(`/api/contracts/${c.id}`);
    expect(stored.body.version).toBe(c.version + 1);
    expect(stored.body.title).toBe(winner.body.title);
    const entries = await auditRows(w.db, { action: 'contract.update', entityId: c.id });
    expect(entries).toHaveLength(1);
    expect(entries[0].request_id).toBe(winner.headers.get('x-request-id'));
  });

  it('concurrent creates with the same reference: one 201, the rest 409', async () => {
    const input = contractInput(w);
    const results = await Promise.all(Array.from({ length: 8 }, () => as.procurement.post('/api/contracts', input)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201)) expect(expectError(r, 409, 'duplicate').fields).toHaveProperty('reference');
    expect(await auditRows(w.db, { action: 'contract.create', entityId: results.find((r) => r.status === 201)?.body.id })).toHaveLength(1);
  });
});

describe('audit of contract changes', () => {
  it('records a create with the whole record and an update with only the changed fields, actor, role, department and request id', async () => {
    const created = await as.buyerA.post('/api/contracts', contractInput(w, { departmentId: w.dept.a, title: 'Audited' }));
    expect(created.status).toBe(201);
    const [c] = await auditRows(w.db, { action: 'contract.create', entityId: created.body.id });
    expect(c).toMatchObject({
      actor_id: w.users.buyerA.id,
      actor_email: w.users.buyerA.email,
      actor_role: 'buyer',
      department_id: w.dept.a,
      request_id: created.headers.get('x-request-id'),
      entity_type: 'contract',
      before: null,
    });
    expect(c.after).toMatchObject({ title: 'Audited', reference: created.body.reference, departmentId: w.dept.a, value: '1000.00' });
    expect(c.after).not.toHaveProperty('permissions');

    const r = await as.buyerA.patch(
      `/api/contracts/${created.body.id}`,
      { version: 1, title: 'Audited twice', value: '1200.00', tags: [] },
      { 'x-request-id': 'req-audit-check-1' },
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('x-request-id')).toBe('req-audit-check-1');
    const [u] = await auditRows(w.db, { action: 'contract.update', entityId: created.body.id });
    expect(u.request_id).toBe('req-audit-check-1');
    expect(u.before).toEqual({ title: 'Audited', value: '1000.00', version: 1 });
    expect(u.after).toEqual({ title: 'Audited twice', value: '1200.00', version: 2 });
  });
});
