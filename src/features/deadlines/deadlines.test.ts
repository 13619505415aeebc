import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../core/dates.js';
import { registerDeadlineSource } from '../../platform/deadlines/registry.js';
import { type Client, type TestResponse, type World, auditRows, createWorld, expectError } from '../../test/harness.js';
import type { ContractDto } from '../contracts/contracts.schema.js';
import type { DeadlineDto } from './deadlines.schema.js';

// A capability of the kind the frame is for: contracts tagged "security-check" get a security
// review owned by IT & data, two weeks before the end. Registered here, as a feature would.
registerDeadlineSource({
  source: 'test-security',
  kinds: { security_review: 'Security review' },
  async derive(db, contractId) {
    const c = await db.selectFrom('contracts').select(['tags', 'end_date']).where('id', '=', contractId).executeTakeFirst();
    if (!c?.tags.includes('security-check')) return [];
    return [
      {
        key: 'review',
        kind: 'security_review',
        title: 'Security review before the end',
        dueDate: addDays(c.end_date, -14),
        ownerTeam: 'it_data',
      },
    ];
  },
});

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['admin', 'procurement', 'buyerA', 'buyerB', 'itA', 'itB', 'auditor', 'vendorOne', 'vendorTwo'];
const today = todayUtc();

let w: World;
const as = {} as Record<UserKey, Client>;
/** cA: department A, vendor one; cAr: the same, restricted; cB: department B, vendor two. */
let cA: ContractDto;
let cAr: ContractDto;
let cB: ContractDto;

beforeAll(async () => {
  w = await createWorld();
  const clients = await Promise.all(USERS.map((u) => w.as(u)));
  USERS.forEach((u, i) => {
    as[u] = clients[i];
  });
  cA = await w.contract({
    departmentId: w.dept.a,
    vendorId: w.vendor.one,
    title: 'Chatbot for permits',
    endDate: addDays(today, 120),
    startDate: addDays(today, -200),
    options: [{ description: 'Option year 1', startDate: addDays(today, 121), endDate: addDays(today, 486) }],
    tags: ['security-check'],
    owners: { procurement: w.users.procurement.id },
  });
  cAr = await w.contract({
    departmentId: w.dept.a,
    vendorId: w.vendor.one,
    restricted: true,
    title: 'Fraud detection (restricted)',
    endDate: addDays(today, 60),
    startDate: addDays(today, -200),
    tags: ['security-check'],
  });
  cB = await w.contract({
    departmentId: w.dept.b,
    vendorId: w.vendor.two,
    title: 'Translation service',
    endDate: addDays(today, 90),
    startDate: addDays(today, -200),
  });
});

async function deadlinesOf(contractId: string): Promise<DeadlineDto[]> {
  const r = await as.procurement.get(`/api/contracts/${contractId}/deadlines`);
  expect(r.status, r.text).toBe(200);
  return r.body.items;
}
const endOf = async (contractId: string) => (await deadlinesOf(contractId)).find((d) => d.kind === 'contract_end') as DeadlineDto;
const reviewOf = async (contractId: string) => (await deadlinesOf(contractId)).find((d) => d.kind === 'security_review') as DeadlineDto;

/** A 403 or 404 must leave a `permission.denied` entry for that request. */
async function expectStatus(r: TestResponse, status: number, user: UserKey) {
  expect(r.status, `${user}: ${r.text}`).toBe(status);
  if (status === 403 || status === 404) {
    expectError(r, status);
    const rows = await auditRows(w.db, { action: 'permission.denied', requestId: r.headers.get('x-request-id') as string });
    expect(rows, `denial for ${user} not logged`).toHaveLength(1);
  }
}

describe('GET /api/deadlines', () => {
  it('lists deadlines with their contract, department, owner and a link, sorted by due date', async () => {
    const r = await as.procurement.get('/api/deadlines?pageSize=500');
    expect(r.status, r.text).toBe(200);
    const mine = r.body.items.filter((d: DeadlineDto) => [cA.id, cAr.id, cB.id].includes(d.contract.id));
    // cA: end, option decision, security review; cAr: end, security review; cB: end.
    expect(mine).toHaveLength(6);
    const dates = r.body.items.map((d: DeadlineDto) => d.dueDate);
    expect(dates).toEqual([...dates].sort());
    const end = mine.find((d: DeadlineDto) => d.contract.id === cA.id && d.kind === 'contract_end');
    expect(end).toMatchObject({
      contract: { id: cA.id, reference: cA.reference, title: 'Chatbot for permits' },
      department: { id: w.dept.a, name: 'Department A' },
      kind: 'contract_end',
      kindLabel: 'Contract end',
      title: 'Contract ends',
      dueDate: cA.endDate,
      timeZone: 'UTC',
      ownerTeam: 'procurement',
      owner: { id: w.users.procurement.id, name: 'procurement' },
      link: `/contracts/${cA.id}`,
      state: 'open',
      stateReason: null,
      version: 1,
      permissions: { update: true },
    });
    const review = mine.find((d: DeadlineDto) => d.contract.id === cA.id && d.kind === 'security_review');
    expect(review).toMatchObject({ kindLabel: 'Security review', ownerTeam: 'it_data', owner: null, dueDate: addDays(cA.endDate, -14) });
  });

  // user, sees cA's, cAr's, cB's deadlines (403: may not list deadlines at all)
  it.each<[UserKey, number | boolean, boolean, boolean]>([
    ['admin', 403, false, false],
    ['procurement', true, true, true],
    ['buyerA', true, true, true],
    ['buyerB', true, false, true],
    ['itA', true, true, true],
    ['itB', true, false, true],
    ['auditor', true, true, true],
    ['vendorOne', 403, false, false],
    ['vendorTwo', 403, false, false],
  ])('%s sees exactly the deadlines of the contracts they may see', async (user, a, ar, b) => {
    const r = await as[user].get('/api/deadlines?pageSize=500&state=all');
    if (a === 403) return expectStatus(r, 403, user);
    expect(r.status).toBe(200);
    const contracts = new Set(r.body.items.map((d: DeadlineDto) => d.contract.id));
    expect(contracts.has(cA.id)).toBe(true);
    expect(contracts.has(cAr.id)).toBe(ar);
    expect(contracts.has(cB.id)).toBe(b);
    expect(r.body.total).toBe(r.body.items.length);
  });

  it('filters by due date range, team, department, contract, kind and owner', async () => {
    const get = async (qs: string) => {
      const r = await as.procurement.get(`/api/deadlines?pageSize=500&${qs}`);
      expect(r.status, r.text).toBe(200);
      return r.body.items as DeadlineDto[];
    };
    const inRange = await get(`from=${addDays(today, 60)}&to=${addDays(today, 90)}`);
    expect(inRange.map((d) => d.dueDate).every((d) => d >= addDays(today, 60) && d <= addDays(today, 90))).toBe(true);
    expect(inRange.some((d) => d.contract.id === cB.id && d.kind === 'contract_end')).toBe(true);
    expect(inRange.some((d) => d.contract.id === cA.id && d.kind === 'contract_end')).toBe(false);
    expect((await get('team=it_data')).every((d) => d.ownerTeam === 'it_data')).toBe(true);
    expect((await get('team=it_data')).length).toBeGreaterThanOrEqual(2);
    expect((await get(`departmentId=${w.dept.b}`)).map((d) => d.contract.id)).toEqual([cB.id]);
    expect((await get(`contractId=${cA.id}`)).map((d) => d.kind)).toEqual(['option_window', 'security_review', 'contract_end']);
    expect((await get('kind=option_window')).map((d) => d.contract.id)).toEqual([cA.id]);
    const mine = await get('ownerUserId=me');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((d) => d.owner?.id === w.users.procurement.id)).toBe(true);
  });

  it('a buyer filtering by another department’s restricted contract gets nothing, not its deadlines', async () => {
    const r = await as.buyerB.get(`/api/deadlines?contractId=${cAr.id}&state=all`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ items: [], total: 0 });
  });

  it('pages through the list', async () => {
    const all = (await as.procurement.get('/api/deadlines?pageSize=500')).body;
    const p1 = (await as.procurement.get('/api/deadlines?pageSize=2&page=1')).body;
    const p2 = (await as.procurement.get('/api/deadlines?pageSize=2&page=2')).body;
    expect(p1.total).toBe(all.total);
    expect([...p1.items, ...p2.items].map((d: DeadlineDto) => d.id)).toEqual(all.items.slice(0, 4).map((d: DeadlineDto) => d.id));
    const past = (await as.procurement.get('/api/deadlines?pageSize=2&page=999')).body;
    expect(past).toMatchObject({ items: [], total: all.total });
  });

  it('refuses bad filters with plain messages', async () => {
    expect(expectError(await as.procurement.get('/api/deadlines?from=2026-02-30'), 400).fields).toHaveProperty('from');
    expect(expectError(await as.procurement.get('/api/deadlines?from=2026-03-01&to=2026-02-01'), 400).fields).toHaveProperty('to');
    expect(expectError(await as.procurement.get('/api/deadlines?state=finished'), 400).fields).toHaveProperty('state');
    expect(expectError(await as.procurement.get('/api/deadlines?team=legal'), 400).fields).toHaveProperty('team');
    expect(expectError(await as.procurement.get('/api/deadlines?ownerUserId=someone'), 400).fields).toHaveProperty('ownerUserId');
    expect(expectError(await as.procurement.get('/api/deadlines?kind=DROP%20TABLE'), 400).fields).toHaveProperty('kind');
    expect(expectError(await as.procurement.get('/api/deadlines?pageSize=501'), 400).fields).toHaveProperty('pageSize');
  });

  it('needs a sign-in', async () => {
    expectError(await w.anonymous().get('/api/deadlines'), 401, 'unauthenticated');
  });
});

describe('GET /api/deadlines/kinds', () => {
  it('lists the registered kinds with labels', async () => {
    const r = await as.buyerA.get('/api/deadlines/kinds');
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual(
      expect.arrayContaining([
        { value: 'contract_end', label: 'Contract end' },
        { value: 'option_window', label: 'Option decision' },
        { value: 'security_review', label: 'Security review' },
      ]),
    );
    await expectStatus(await as.vendorOne.get('/api/deadlines/kinds'), 403, 'vendorOne');
  });
});

describe('GET /api/contracts/{id}/deadlines', () => {
  // user, cA, cAr, cB
  it.each<[UserKey, number, number, number]>([
    ['admin', 403, 403, 403],
    ['procurement', 200, 200, 200],
    ['buyerA', 200, 200, 200],
    ['buyerB', 200, 404, 200],
    ['itA', 200, 200, 200],
    ['itB', 200, 404, 200],
    ['auditor', 200, 200, 200],
    ['vendorOne', 403, 403, 403],
    ['vendorTwo', 403, 403, 403],
  ])('as %s: cA %i, cAr %i, cB %i', async (user, a, ar, b) => {
    for (const [c, expected] of [
      [cA, a],
      [cAr, ar],
      [cB, b],
    ] as const) {
      const r = await as[user].get(`/api/contracts/${c.id}/deadlines`);
      await expectStatus(r, expected, user);
      if (expected === 200) expect(r.body.items.every((d: DeadlineDto) => d.contract.id === c.id)).toBe(true);
    }
  });

  it('answers 404 for a contract that does not exist', async () => {
    expectError(await as.procurement.get('/api/contracts/00000000-0000-4000-8000-000000000000/deadlines'), 404);
  });
});

describe('PATCH /api/deadlines/{id}', () => {
  const patch = async (user: UserKey, d: DeadlineDto, body: Record<string, unknown>) =>
    as[user].patch(`/api/deadlines/${d.id}`, { version: d.version, ...body });

  // user; cA's end (procurement-owned), cA's security review (IT-owned), cAr's review, cB's end
  it.each<[UserKey, number, number, number, number]>([
    ['admin', 403, 403, 403, 403],
    ['procurement', 200, 200, 200, 200],
    ['buyerA', 200, 200, 200, 403],
    ['buyerB', 403, 403, 404, 200],
    ['itA', 403, 200, 200, 403],
    ['itB', 403, 403, 404, 403],
    ['auditor', 403, 403, 403, 403],
    ['vendorOne', 403, 403, 403, 403],
    ['vendorTwo', 403, 403, 403, 403],
  ])('as %s: end of cA %i, IT review of cA %i, IT review of cAr %i, end of cB %i', async (user, endA, reviewA, reviewAr, endB) => {
    for (const [load, expected] of [
      [() => endOf(cA.id), endA],
      [() => reviewOf(cA.id), reviewA],
      [() => reviewOf(cAr.id), reviewAr],
      [() => endOf(cB.id), endB],
    ] as const) {
      const before = await load();
      const r = await patch(user, before, { state: 'done' });
      await expectStatus(r, expected, user);
      const after = await load();
      if (expected === 200) {
        expect(r.body).toMatchObject({
          id: before.id,
          state: 'done',
          version: before.version + 1,
          stateChangedBy: { id: w.users[user].id },
        });
        expect(after.state).toBe('done');
        // Put it back for the next user.
        expect((await as.procurement.patch(`/api/deadlines/${before.id}`, { version: after.version, state: 'open' })).status).toBe(200);
      } else {
        expect(after).toMatchObject({ state: 'open', version: before.version });
      }
    }
  });

  it('tells each user whether they may change a deadline', async () => {
    const review = (id: string) => as.itA.get(`/api/contracts/${id}/deadlines`).then((r) => r.body.items as DeadlineDto[]);
    const items = await review(cA.id);
    expect(items.find((d) => d.kind === 'security_review')?.permissions.update).toBe(true);
    expect(items.find((d) => d.kind === 'contract_end')?.permissions.update).toBe(false);
    const auditorView = (await as.auditor.get(`/api/contracts/${cA.id}/deadlines`)).body.items as DeadlineDto[];
    expect(auditorView.every((d) => !d.permissions.update)).toBe(true);
  });

  it('marks done with a note, waives with a reason, reopens, and audits each step', async () => {
    let d = await endOf(cB.id);
    let r = await patch('buyerB', d, { state: 'done', reason: 'Renewal signed' });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({
      state: 'done',
      stateReason: 'Renewal signed',
      stateChangedBy: { id: w.users.buyerB.id, name: 'buyerB' },
    });
    expect(r.body.stateChangedAt).toEqual(expect.any(String));
    expect(r.headers.get('etag')).toBe(`"${r.body.version}"`);
    // Done deadlines leave the default (open) list but stay on the contract.
    expect((await as.buyerB.get(`/api/deadlines?contractId=${cB.id}`)).body.items).toHaveLength(0);
    expect((await as.buyerB.get(`/api/deadlines?contractId=${cB.id}&state=done`)).body.items).toHaveLength(1);

    d = r.body;
    r = await patch('buyerB', d, { state: 'open' });
    expect(r.body).toMatchObject({ state: 'open', stateReason: null });
    d = r.body;
    r = await patch('buyerB', d, { state: 'waived', reason: 'Contract will be replaced by the shared framework' });
    expect(r.body).toMatchObject({ state: 'waived', stateReason: 'Contract will be replaced by the shared framework' });
    expect((await as.buyerB.get(`/api/deadlines?contractId=${cB.id}&state=open,waived`)).body.items).toHaveLength(1);

    const entries = (await auditRows(w.db, { entityId: d.id })).filter((e) => e.action.startsWith('deadline.')).slice(-3);
    expect(entries.map((e) => e.action)).toEqual(['deadline.done', 'deadline.reopen', 'deadline.waive']);
    expect(entries[2].actor_id).toBe(w.users.buyerB.id);
    expect(entries[2].before).toMatchObject({ state: 'open', contractId: cB.id });
    expect(entries[2].after).toMatchObject({ state: 'waived', stateReason: 'Contract will be replaced by the shared framework' });
    await patch('buyerB', r.body, { state: 'open' });
  });

  it('needs a reason to waive, and refuses a change to the same state or straight from done to waived', async () => {
    let d = await endOf(cA.id);
    const e = expectError(await patch('procurement', d, { state: 'waived' }), 400, 'validation_failed');
    expect(e.fields?.reason).toMatch(/required/);
    expectError(await patch('procurement', d, { state: 'waived', reason: '   ' }), 400);
    expectError(await patch('procurement', d, { state: 'open' }), 409, 'conflict');
    d = (await patch('procurement', d, { state: 'done' })).body;
    expectError(await patch('procurement', d, { state: 'waived', reason: 'x' }), 409, 'conflict');
    expect((await patch('procurement', d, { state: 'open' })).status).toBe(200);
  });

  it('validates the body', async () => {
    const d = await endOf(cA.id);
    expect(expectError(await patch('procurement', d, { state: 'finished' }), 400).fields).toHaveProperty('state');
    expect(expectError(await patch('procurement', d, { state: 'done', extra: 1 }), 400).fields).toBeDefined();
    expect(expectError(await patch('procurement', d, { state: 'waived', reason: 'x'.repeat(1001) }), 400).fields).toHaveProperty('reason');
    expectError(await as.procurement.patch('/api/deadlines/not-an-id', { version: 1, state: 'done' }), 400);
    expectError(await as.procurement.patch('/api/deadlines/00000000-0000-4000-8000-000000000000', { version: 1, state: 'done' }), 404);
  });

  it('needs the version: 428 without, 412 when stale (body or If-Match), and one winner among concurrent changes', async () => {
    const d = await endOf(cA.id);
    expectError(await as.procurement.patch(`/api/deadlines/${d.id}`, { state: 'done' }), 428, 'precondition_required');
    expectError(await as.procurement.patch(`/api/deadlines/${d.id}`, { state: 'done', version: d.version + 5 }), 412, 'version_conflict');
    expectError(
      await as.procurement.request('PATCH', `/api/deadlines/${d.id}`, {
        json: { state: 'done' },
        headers: { 'if-match': `"${d.version + 5}"` },
      }),
      412,
    );
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        as.procurement.patch(`/api/deadlines/${d.id}`, { version: d.version, state: i % 2 ? 'done' : 'waived', reason: `try ${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(7);
    const after = await endOf(cA.id);
    expect(after.version).toBe(d.version + 1);
    const ok = await as.procurement.request('PATCH', `/api/deadlines/${d.id}`, {
      json: { state: 'open' },
      headers: { 'if-match': `"${after.version}"` },
    });
    expect(ok.status, ok.text).toBe(200);
  });
});

describe('the deadlines follow the contract', () => {
  it('moves the end deadline with the end date, reopens it if it was done, and keeps history of removed ones', async () => {
    const c = await w.contract({
      endDate: addDays(today, 30),
      startDate: addDays(today, -100),
      options: [{ description: 'Extension', startDate: addDays(today, 61), endDate: addDays(today, 200) }],
    });
    let end = await endOf(c.id);
    end = (await as.procurement.patch(`/api/deadlines/${end.id}`, { version: end.version, state: 'done' })).body;
    const option = (await deadlinesOf(c.id)).find((d) => d.kind === 'option_window') as DeadlineDto;
    await as.procurement.patch(`/api/deadlines/${option.id}`, { version: option.version, state: 'waived', reason: 'Decided at the board' });

    const r = await as.procurement.patch(`/api/contracts/${c.id}`, {
      version: c.version,
      endDate: addDays(today, 45),
      renewalDecision: 'let_expire',
    });
    expect(r.status, r.text).toBe(200);
    const after = await deadlinesOf(c.id);
    const moved = after.find((d) => d.id === end.id) as DeadlineDto;
    expect(moved).toMatchObject({ dueDate: addDays(today, 45), state: 'open', stateReason: null });
    expect(moved.version).toBeGreaterThan(end.version);
    // The option decision no longer applies (a decision was made) but was waived: kept as history.
    expect(after.find((d) => d.id === option.id)).toMatchObject({ state: 'waived' });
  });
});
