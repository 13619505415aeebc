import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../core/dates.js';
import { evaluateContract } from '../../platform/findings/engine.js';
import { type Client, type TestResponse, type World, auditRows, createWorld, expectError, systemCtx } from '../../test/harness.js';
import type { ContractDto } from '../contracts/contracts.schema.js';
import { updateContract } from '../contracts/contracts.service.js';
import type { FindingDto } from './findings.schema.js';

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['admin', 'procurement', 'buyerA', 'buyerB', 'itA', 'itB', 'auditor', 'vendorOne', 'vendorTwo'];

let w: World;
const as = {} as Record<UserKey, Client>;
const today = todayUtc();
/** cA: department A, vendor one; cAr: the same, restricted; cB: department B, vendor two. Each ends in 20 days, undecided, with no owners. */
let cA: ContractDto;
let cAr: ContractDto;
let cB: ContractDto;

const ENDING = 'contract.ending_without_decision';
const NO_OWNER = 'contract.team_without_owner';

beforeAll(async () => {
  w = await createWorld();
  const clients = await Promise.all(USERS.map((u) => w.as(u)));
  USERS.forEach((u, i) => {
    as[u] = clients[i];
  });
  // Started 30 days ago: within every team's review period, so only the contract rules fire.
  const dates = { startDate: addDays(today, -30), endDate: addDays(today, 20) };
  cA = await w.contract({ ...dates, departmentId: w.dept.a, vendorId: w.vendor.one, title: 'Chatbot for permits' });
  cAr = await w.contract({
    ...dates,
    departmentId: w.dept.a,
    vendorId: w.vendor.one,
    restricted: true,
    title: 'Fraud detection (restricted)',
  });
  cB = await w.contract({ ...dates, departmentId: w.dept.b, vendorId: w.vendor.two, title: 'Translation service' });
});

async function expectDenialLogged(r: TestResponse, user: UserKey) {
  const rows = await auditRows(w.db, { action: 'permission.denied', requestId: r.headers.get('x-request-id') as string });
  expect(rows.length, `denial for ${user} not logged`).toBeGreaterThanOrEqual(1);
  expect(rows[0].actor_id).toBe(w.users[user].id);
}

async function expectStatus(r: TestResponse, status: number, user: UserKey) {
  expect(r.status, `${user}: ${r.text}`).toBe(status);
  if (status === 403 || status === 404) {
    expectError(r, status);
    await expectDenialLogged(r, user);
  }
}

/** A stored finding of a contract, straight from the table. */
async function stored(contractId: string, ruleId: string, subject = '') {
  return w.db
    .selectFrom('findings')
    .selectAll()
    .where('contract_id', '=', contractId)
    .where('rule_id', '=', ruleId)
    .where('subject', '=', subject)
    .executeTakeFirstOrThrow();
}

/** A fresh contract of department A with one critical finding (ends in 10 days) and every owner named, so no other finding. */
async function freshContract(overrides: Parameters<World['contract']>[0] = {}) {
  return w.contract({
    startDate: addDays(today, -30),
    endDate: addDays(today, 10),
    departmentId: w.dept.a,
    owners: { procurement: w.users.procurement.id, buyer: w.users.buyerA.id, it_data: w.users.itA.id },
    ...overrides,
  });
}

const healthOf = async (id: string) =>
  (await w.db.selectFrom('contracts').select('health_score').where('id', '=', id).executeTakeFirstOrThrow()).health_score;

describe('the contract rules have already run', () => {
  it('each test contract has one critical "ends soon" finding and three "no owner" warnings, and a score of 45', async () => {
    const rows = await w.db
      .selectFrom('findings')
      .select(['rule_id', 'subject', 'severity', 'state'])
      .where('contract_id', '=', cA.id)
      .orderBy('subject')
      .execute();
    expect(rows).toEqual([
      { rule_id: ENDING, subject: '', severity: 'critical', state: 'open' },
      { rule_id: NO_OWNER, subject: 'team:buyer', severity: 'warning', state: 'open' },
      { rule_id: NO_OWNER, subject: 'team:it_data', severity: 'warning', state: 'open' },
      { rule_id: NO_OWNER, subject: 'team:procurement', severity: 'warning', state: 'open' },
    ]);
    expect(await healthOf(cA.id)).toBe(100 - 25 - 3 * 10);
  });
});

describe('who sees which findings', () => {
  // user, sees cA's, cAr's, cB's findings in GET /api/findings (null: 403)
  it.each<[UserKey, boolean | null, boolean, boolean]>([
    ['admin', null, false, false],
    ['vendorOne', null, false, false],
    ['vendorTwo', null, false, false],
    ['procurement', true, true, true],
    ['auditor', true, true, true],
    ['buyerA', true, true, true],
    ['itA', true, true, true],
    ['buyerB', true, false, true],
    ['itB', true, false, true],
  ])('GET /api/findings as %s', async (user, a, ar, b) => {
    const r = await as[user].get('/api/findings?pageSize=100');
    if (a === null) return expectStatus(r, 403, user);
    expect(r.status, r.text).toBe(200);
    const contracts = new Set(r.body.items.map((f: FindingDto) => f.contract.id));
    expect(contracts.has(cA.id)).toBe(a);
    expect(contracts.has(cAr.id)).toBe(ar);
    expect(contracts.has(cB.id)).toBe(b);
  });

  // user, GET /api/contracts/{id}/findings for cA, cAr, cB (the same answers for /health)
  describe.each<[UserKey, number, number, number]>([
    ['admin', 403, 403, 403],
    ['vendorOne', 403, 403, 403],
    ['vendorTwo', 403, 403, 403],
    ['procurement', 200, 200, 200],
    ['auditor', 200, 200, 200],
    ['buyerA', 200, 200, 200],
    ['buyerB', 200, 404, 200],
    ['itA', 200, 200, 200],
    ['itB', 200, 404, 200],
  ])('%s', (user, a, ar, b) => {
    it(`GET /api/contracts/{id}/findings and /health: cA ${a}, cAr ${ar}, cB ${b}`, async () => {
      for (const [c, status] of [
        [cA, a],
        [cAr, ar],
        [cB, b],
      ] as const) {
        await expectStatus(await as[user].get(`/api/contracts/${c.id}/findings`), status, user);
        await expectStatus(await as[user].get(`/api/contracts/${c.id}/health`), status, user);
      }
    });
  });

  it('vendors see no findings at all, not even the rules, and nothing about findings leaks into a 403', async () => {
    for (const path of ['/api/findings', `/api/contracts/${cA.id}/findings`, `/api/contracts/${cA.id}/health`, '/api/rules']) {
      const r = await as.vendorOne.get(path);
      const e = expectError(r, 403, 'forbidden');
      expect(e.message).not.toMatch(/owner|renewal|ends/i);
    }
  });

  it('tells each user what they may do with a contract’s findings', async () => {
    const perms = async (user: UserKey, c: ContractDto) => (await as[user].get(`/api/contracts/${c.id}/findings`)).body.permissions;
    expect(await perms('procurement', cB)).toEqual({ manage: true, evaluate: true });
    expect(await perms('buyerA', cA)).toEqual({ manage: true, evaluate: true });
    expect(await perms('itA', cA)).toEqual({ manage: true, evaluate: false });
    expect(await perms('buyerB', cA)).toEqual({ manage: false, evaluate: false });
    expect(await perms('auditor', cA)).toEqual({ manage: false, evaluate: false });
    const items = (await as.buyerB.get('/api/findings?pageSize=100')).body.items as FindingDto[];
    expect(items.filter((f) => f.contract.id === cA.id).every((f) => !f.permissions.manage)).toBe(true);
    expect(items.filter((f) => f.contract.id === cB.id).every((f) => f.permissions.manage)).toBe(true);
  });
});

describe('GET /api/findings', () => {
  it('describes each finding: contract, department, rule, evidence, state and version', async () => {
    const r = await as.procurement.get(`/api/findings?contractId=${cA.id}&ruleId=${ENDING}`);
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(1);
    const f = r.body.items[0] as FindingDto;
    expect(f).toMatchObject({
      contract: { id: cA.id, reference: cA.reference, title: 'Chatbot for permits' },
      department: { id: w.dept.a, name: 'Department A' },
      ruleId: ENDING,
      rule: { title: 'Contract ends soon with no renewal decision', description: expect.stringMatching(/option|renew/) },
      subject: '',
      severity: 'critical',
      ownerTeam: 'procurement',
      title: 'Contract ends in 20 days with no renewal decision',
      evidence: { numbers: { daysLeft: 20, endDate: cA.endDate } },
      state: 'open',
      note: null,
      snoozedUntil: null,
      resolvedAt: null,
      stateChangedBy: null,
      version: 1,
      permissions: { manage: true },
    });
    expect(Date.parse(f.firstSeen)).toBeLessThanOrEqual(Date.parse(f.lastSeen));
  });

  it('sorts worst first (critical before warnings), then by first seen', async () => {
    const r = await as.procurement.get(`/api/findings?contractId=${cB.id}`);
    const items = r.body.items as FindingDto[];
    expect(items.map((f) => f.severity)).toEqual(['critical', 'warning', 'warning', 'warning']);
    const warnings = items.slice(1).map((f) => Date.parse(f.firstSeen));
    expect([...warnings].sort((x, y) => x - y)).toEqual(warnings);
  });

  it('filters by severity, team, department, contract and rule, and counts by severity with every filter but severity', async () => {
    const crit = await as.procurement.get('/api/findings?severity=critical&pageSize=100');
    expect(crit.body.items.every((f: FindingDto) => f.severity === 'critical')).toBe(true);
    expect(crit.body.total).toBe(crit.body.items.length);
    expect(crit.body.counts.critical).toBe(crit.body.total);
    expect(crit.body.counts.warning).toBeGreaterThan(0);

    const deptB = await as.procurement.get(`/api/findings?departmentId=${w.dept.b}&pageSize=100`);
    expect(new Set(deptB.body.items.map((f: FindingDto) => f.department.id))).toEqual(new Set([w.dept.b]));

    const several = await as.procurement.get(
      `/api/findings?severity=critical,warning&ruleId=${NO_OWNER}&team=procurement&contractId=${cB.id}`,
    );
    expect(several.body.items.map((f: FindingDto) => f.subject).sort()).toEqual(['team:buyer', 'team:it_data', 'team:procurement']);
    expect(several.body.counts).toEqual({ critical: 0, warning: 3, info: 0 });

    const noneForTeam = await as.procurement.get('/api/findings?team=it_data');
    expect(noneForTeam.body).toMatchObject({ items: [], total: 0, counts: { critical: 0, warning: 0, info: 0 } });
  });

  it('pages, with the total of every page', async () => {
    const p1 = await as.procurement.get(`/api/findings?pageSize=2&page=1`);
    const p2 = await as.procurement.get(`/api/findings?pageSize=2&page=2`);
    expect(p1.body.items).toHaveLength(2);
    expect(p1.body.total).toBe(p2.body.total);
    expect(p1.body.total).toBeGreaterThanOrEqual(12);
    const ids1 = p1.body.items.map((f: FindingDto) => f.id);
    expect(p2.body.items.some((f: FindingDto) => ids1.includes(f.id))).toBe(false);
    const beyond = await as.procurement.get(`/api/findings?pageSize=2&page=500`);
    expect(beyond.body).toMatchObject({ items: [], total: p1.body.total });
  });

  it('refuses unknown filter values, ids that are not ids, and page sizes out of range', async () => {
    for (const q of [
      'state=closed',
      'severity=urgent',
      'team=vendor',
      'contractId=42',
      'departmentId=x',
      'pageSize=1000',
      'page=0',
      'state=open,nope',
    ]) {
      const e = expectError(await as.procurement.get(`/api/findings?${q}`), 400, 'validation_failed');
      expect(Object.keys(e.fields ?? {}).length, q).toBeGreaterThan(0);
    }
  });
});

describe('acknowledging, snoozing and reopening', () => {
  it('procurement acknowledges with a note: state, note, who, version, audit entry with the note, and the score moves', async () => {
    const c = await freshContract();
    expect(await healthOf(c.id)).toBe(75);
    const f = await stored(c.id, ENDING);
    const r = await as.procurement.post(`/api/findings/${f.id}/acknowledge`, {
      note: 'Option year decision goes to the board on Friday.',
      version: f.version,
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({
      id: f.id,
      state: 'acknowledged',
      note: 'Option year decision goes to the board on Friday.',
      stateChangedBy: { id: w.users.procurement.id, name: 'procurement' },
      version: f.version + 1,
    });
    expect(await healthOf(c.id)).toBe(88);
    const contract = await as.procurement.get(`/api/contracts/${c.id}`);
    expect(contract.body.healthScore).toBe(88);
    const health = await as.procurement.get(`/api/contracts/${c.id}/health`);
    expect(health.body).toMatchObject({ score: 88, band: 'good', weights: { critical: 25, warning: 10, info: 2 }, maxPerRule: 30 });
    expect(health.body.history.at(-1)).toEqual({ day: today, score: 88, openCritical: 1, openWarning: 0, openInfo: 0 });

    const audit = await auditRows(w.db, { action: 'finding.acknowledge', requestId: r.headers.get('x-request-id') as string });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_type: 'contract', entity_id: c.id, actor_id: w.users.procurement.id });
    expect(audit[0].after).toMatchObject({
      findingId: f.id,
      state: 'acknowledged',
      note: 'Option year decision goes to the board on Friday.',
    });
    expect(audit[0].before).toMatchObject({ findingId: f.id, state: 'open', note: null });
  });

  it('acknowledged findings stay acknowledged when the rules run again (no flapping)', async () => {
    const c = await freshContract();
    const f = await stored(c.id, ENDING);
    await as.procurement.post(`/api/findings/${f.id}/acknowledge`, { note: 'On it', version: f.version });
    await evaluateContract(w.db, c.id, today);
    await evaluateContract(w.db, c.id, addDays(today, 1));
    const after = await stored(c.id, ENDING);
    expect(after).toMatchObject({ state: 'acknowledged', note: 'On it', version: f.version + 1 });
    const all = await w.db.selectFrom('findings').select('id').where('contract_id', '=', c.id).execute();
    expect(all).toHaveLength(1);
  });

  it('snoozes until a date with a reason (no weight while snoozed), reopens, and the reason lands in the audit log', async () => {
    const c = await freshContract();
    const f = await stored(c.id, ENDING);
    const until = addDays(today, 14);
    const s = await as.buyerA.post(`/api/findings/${f.id}/snooze`, {
      until,
      reason: 'Waiting for the vendor’s renewal offer',
      version: f.version,
    });
    expect(s.status, s.text).toBe(200);
    expect(s.body).toMatchObject({
      state: 'snoozed',
      snoozedUntil: until,
      note: 'Waiting for the vendor’s renewal offer',
      version: f.version + 1,
    });
    expect(await healthOf(c.id)).toBe(100);
    const audit = await auditRows(w.db, { action: 'finding.snooze', entityId: c.id });
    expect(audit.at(-1)?.after).toMatchObject({ state: 'snoozed', note: 'Waiting for the vendor’s renewal offer', snoozedUntil: until });

    const r = await as.buyerA.post(`/api/findings/${f.id}/reopen`, { version: s.body.version });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ state: 'open', note: null, snoozedUntil: null, version: f.version + 2 });
    expect(await healthOf(c.id)).toBe(75);
    expect(await auditRows(w.db, { action: 'finding.reopen', entityId: c.id })).toHaveLength(1);

    const again = await as.buyerA.post(`/api/findings/${f.id}/reopen`, { version: r.body.version });
    expect(expectError(again, 409, 'conflict').message).toBe('This finding is already open.');
  });

  it('a snoozed finding wakes up on the day the snooze ends, if the rule still fires', async () => {
    const c = await freshContract({ endDate: addDays(today, 60) });
    const f = await stored(c.id, ENDING);
    expect(f.severity).toBe('warning');
    await as.procurement.post(`/api/findings/${f.id}/snooze`, {
      until: addDays(today, 3),
      reason: 'Board meets Thursday',
      version: f.version,
    });
    await evaluateContract(w.db, c.id, addDays(today, 2));
    expect((await stored(c.id, ENDING)).state).toBe('snoozed');
    await evaluateContract(w.db, c.id, addDays(today, 3));
    const woke = await stored(c.id, ENDING);
    expect(woke).toMatchObject({ state: 'open', snoozed_until: null, note: null, version: f.version + 2 });
  });

  it('a resolved finding cannot be acknowledged, snoozed or reopened: 409 with a plain message', async () => {
    const c = await freshContract();
    const f = await stored(c.id, ENDING);
    await updateContract(systemCtx(w.db), c.id, { renewalDecision: 'retender', version: c.version });
    const resolved = await stored(c.id, ENDING);
    expect(resolved.state).toBe('resolved');
    expect(resolved.resolved_at).not.toBeNull();
    expect(resolved.version).toBe(f.version + 1);
    expect(await healthOf(c.id)).toBe(100);
    const bodies = [
      ['acknowledge', { note: 'Too late', version: resolved.version }],
      ['snooze', { until: addDays(today, 5), reason: 'Too late', version: resolved.version }],
      ['reopen', { version: resolved.version }],
    ] as const;
    for (const [action, body] of bodies) {
      const e = expectError(await as.procurement.post(`/api/findings/${f.id}/${action}`, body), 409, 'conflict');
      expect(e.message).toMatch(/^This finding is resolved: the check no longer reports it/);
    }
    // Everything, resolved included, is in the contract's list; the portfolio hides resolved unless asked.
    const list = await as.procurement.get(`/api/contracts/${c.id}/findings`);
    expect(list.body.items.map((x: FindingDto) => x.state)).toEqual(['resolved']);
    expect((await as.procurement.get(`/api/findings?contractId=${c.id}`)).body.total).toBe(0);
    expect((await as.procurement.get(`/api/findings?contractId=${c.id}&state=all`)).body.total).toBe(1);
    expect((await as.procurement.get(`/api/findings?contractId=${c.id}&state=resolved`)).body.total).toBe(1);
  });

  it('a finding that fires again after being resolved is the same finding, open, without the old note', async () => {
    const c = await freshContract();
    const f = await stored(c.id, ENDING);
    await as.procurement.post(`/api/findings/${f.id}/acknowledge`, { note: 'Re-tender planned', version: f.version });
    const ctx = systemCtx(w.db);
    const v1 = await updateContract(ctx, c.id, { renewalDecision: 'retender', version: c.version });
    expect((await stored(c.id, ENDING)).state).toBe('resolved');
    await updateContract(ctx, c.id, { renewalDecision: 'undecided', version: v1.version });
    const back = await stored(c.id, ENDING);
    expect(back).toMatchObject({ id: f.id, state: 'open', note: null, resolved_at: null, state_changed_by: null, version: f.version + 3 });
    expect(await w.db.selectFrom('findings').select('id').where('contract_id', '=', c.id).execute()).toHaveLength(1);
    expect(await auditRows(w.db, { action: 'finding.reopen', entityId: c.id })).toHaveLength(1);
  });

  it('a stale version answers 412 and changes nothing', async () => {
    const c = await freshContract();
    const f = await stored(c.id, ENDING);
    await as.procurement.post(`/api/findings/${f.id}/acknowledge`, { note: 'First', version: f.version });
    const stale = await as.itA.post(`/api/findings/${f.id}/snooze`, { until: addDays(today, 5), reason: 'Second', version: f.version });
    expectError(stale, 412, 'version_conflict');
    expect(await stored(c.id, ENDING)).toMatchObject({ state: 'acknowledged', note: 'First' });
  });

  it('two people acknowledging the same version at once: one wins, the other gets 412', async () => {
    const c = await freshContract();
    const f = await stored(c.id, ENDING);
    const results = await Promise.all([
      as.procurement.post(`/api/findings/${f.id}/acknowledge`, { note: 'Mine', version: f.version }),
      as.buyerA.post(`/api/findings/${f.id}/acknowledge`, { note: 'No, mine', version: f.version }),
      as.itA.post(`/api/findings/${f.id}/snooze`, { until: addDays(today, 9), reason: 'Later', version: f.version }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412]);
    expect((await stored(c.id, ENDING)).version).toBe(f.version + 1);
    expect(
      await auditRows(w.db, { entityId: c.id }).then((rows) =>
        rows.filter((r) => r.action.startsWith('finding.a') || r.action === 'finding.snooze'),
      ),
    ).toHaveLength(1);
  });

  it('an acknowledgement is never lost to a rule run happening at the same time', async () => {
    for (let round = 0; round < 5; round++) {
      const c = await freshContract();
      const f = await stored(c.id, ENDING);
      const [ack] = await Promise.all([
        as.procurement.post(`/api/findings/${f.id}/acknowledge`, { note: `Round ${round}`, version: f.version }),
        evaluateContract(w.db, c.id, today),
        evaluateContract(w.db, c.id, today),
      ]);
      expect(ack.status, ack.text).toBe(200);
      expect(await stored(c.id, ENDING)).toMatchObject({ state: 'acknowledged', note: `Round ${round}` });
      expect(await healthOf(c.id)).toBe(88);
    }
  });

  it('validates the body: note and reason required, a future snooze date within a year, version required, no unknown fields', async () => {
    const c = await freshContract();
    const f = await stored(c.id, ENDING);
    const v = f.version;
    const cases: [string, unknown, string][] = [
      ['acknowledge', { version: v }, 'note'],
      ['acknowledge', { note: '   ', version: v }, 'note'],
      ['acknowledge', { note: 'x'.repeat(2001), version: v }, 'note'],
      ['acknowledge', { note: 'ok' }, 'version'],
      ['acknowledge', { note: 'ok', version: '1' }, 'version'],
      ['acknowledge', { note: 'ok', version: v, state: 'resolved' }, 'state'],
      ['snooze', { until: addDays(today, 3), version: v }, 'reason'],
      ['snooze', { until: today, reason: 'r', version: v }, 'until'],
      ['snooze', { until: addDays(today, -1), reason: 'r', version: v }, 'until'],
      ['snooze', { until: addDays(today, 400), reason: 'r', version: v }, 'until'],
      ['snooze', { until: '2026-02-30', reason: 'r', version: v }, 'until'],
      ['reopen', {}, 'version'],
    ];
    for (const [action, body, field] of cases) {
      const e = expectError(await as.procurement.post(`/api/findings/${f.id}/${action}`, body), 400, 'validation_failed');
      expect(e.fields?.[field], `${action} ${JSON.stringify(body)}`).toBeTruthy();
    }
    const past = expectError(await as.procurement.post(`/api/findings/${f.id}/snooze`, { until: today, reason: 'r', version: v }), 400);
    expect(past.fields?.until).toBe('must be a date after today');
    const malformed = await as.procurement.request('POST', `/api/findings/${f.id}/acknowledge`, {
      body: '{"note":',
      headers: { 'content-type': 'application/json' },
    });
    expectError(malformed, 400, 'malformed_json');
    expect(await stored(c.id, ENDING)).toMatchObject({ state: 'open', version: v });
  });

  it('answers 404 for a finding that does not exist or whose contract the caller may not see', async () => {
    expectError(
      await as.procurement.post('/api/findings/7d4f3e2a-1b2c-4d5e-8f90-123456789abc/acknowledge', { note: 'x', version: 1 }),
      404,
    );
    expectError(await as.procurement.post('/api/findings/not-an-id/acknowledge', { note: 'x', version: 1 }), 400);
    const hidden = await stored(cAr.id, NO_OWNER, 'team:buyer');
    const r = await as.buyerB.post(`/api/findings/${hidden.id}/acknowledge`, { note: 'x', version: hidden.version });
    expect(expectError(r, 404, 'not_found').message).toBe('Finding not found.');
    await expectDenialLogged(r, 'buyerB');
  });

  // user, acknowledge a finding of cA (dept A, open), of cAr (dept A, restricted), of cB (dept B)
  it.each<[UserKey, number, number, number]>([
    ['admin', 403, 403, 403],
    ['vendorOne', 403, 403, 403],
    ['vendorTwo', 403, 403, 403],
    ['auditor', 403, 403, 403],
    ['buyerB', 403, 404, 200],
    ['itB', 403, 404, 200],
    ['buyerA', 200, 200, 403],
    ['itA', 200, 200, 403],
    ['procurement', 200, 200, 200],
  ])('acknowledge as %s: cA %s, cAr %s, cB %s', async (user, a, ar, b) => {
    for (const [c, status] of [
      [cA, a],
      [cAr, ar],
      [cB, b],
    ] as const) {
      const f = await stored(c.id, NO_OWNER, 'team:procurement');
      const r = await as[user].post(`/api/findings/${f.id}/acknowledge`, { note: `Seen by ${user}`, version: f.version });
      await expectStatus(r, status, user);
      if (status === 200) {
        expect(r.body.note).toBe(`Seen by ${user}`);
        // Put it back for the next user.
        const back = await as.procurement.post(`/api/findings/${f.id}/reopen`, { version: r.body.version });
        expect(back.status).toBe(200);
      } else {
        expect((await stored(c.id, NO_OWNER, 'team:procurement')).version).toBe(f.version);
      }
    }
  });
});

describe('POST /api/contracts/{id}/findings/evaluate', () => {
  it('re-runs the rules now and returns what changed and the counts (e.g. after an import changed the data underneath)', async () => {
    const c = await freshContract({ owners: { procurement: w.users.procurement.id } });
    // An import writes straight to the table: no rules run.
    await w.db
      .updateTable('contracts')
      .set({ renewal_decision: 'renew', owners: JSON.stringify({ procurement: w.users.procurement.id, buyer: w.users.buyerA.id }) })
      .where('id', '=', c.id)
      .execute();
    const r = await as.buyerA.post(`/api/contracts/${c.id}/findings/evaluate`);
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ opened: 0, resolved: 2, open: { critical: 0, warning: 1, info: 0 }, score: 90, band: 'good' });
    const again = await as.buyerA.post(`/api/contracts/${c.id}/findings/evaluate`);
    expect(again.body).toMatchObject({ opened: 0, resolved: 0, score: 90 });
  });

  it.each<[UserKey, number, number, number]>([
    ['admin', 403, 403, 403],
    ['vendorOne', 403, 403, 403],
    ['auditor', 403, 403, 403],
    ['itA', 403, 403, 403],
    ['buyerB', 403, 404, 200],
    ['buyerA', 200, 200, 403],
    ['procurement', 200, 200, 200],
  ])('as %s: cA %s, cAr %s, cB %s', async (user, a, ar, b) => {
    for (const [c, status] of [
      [cA, a],
      [cAr, ar],
      [cB, b],
    ] as const)
      await expectStatus(await as[user].post(`/api/contracts/${c.id}/findings/evaluate`), status, user);
  });

  it('answers 404 for a contract that does not exist', async () => {
    expectError(await as.procurement.post('/api/contracts/7d4f3e2a-1b2c-4d5e-8f90-123456789abc/findings/evaluate'), 404);
  });
});

describe('GET /api/contracts/{id}/health', () => {
  it('gives one point per day from the first record, carrying a score over days without one', async () => {
    const c = await freshContract();
    await w.db.deleteFrom('health_history').where('contract_id', '=', c.id).execute();
    await w.db
      .insertInto('health_history')
      .values([
        { contract_id: c.id, day: addDays(today, -400), score: 40, open_critical: 2, open_warning: 1, open_info: 0 },
        { contract_id: c.id, day: addDays(today, -10), score: 90, open_critical: 0, open_warning: 1, open_info: 0 },
        { contract_id: c.id, day: addDays(today, -3), score: 65, open_critical: 1, open_warning: 1, open_info: 0 },
      ])
      .execute();
    const r = await as.auditor.get(`/api/contracts/${c.id}/health`);
    expect(r.status).toBe(200);
    const h = r.body.history as { day: string; score: number }[];
    expect(h).toHaveLength(365);
    expect(h[0]).toMatchObject({ day: addDays(today, -364), score: 40 });
    expect(h.find((p) => p.day === addDays(today, -5))?.score).toBe(90);
    expect(h.at(-1)).toMatchObject({ day: today, score: 65, openCritical: 1 });
    expect(r.body).toMatchObject({ score: 75, band: 'fair' });
  });
});

describe('GET /api/rules', () => {
  it('lists every registered rule with its title and what to do', async () => {
    const r = await as.auditor.get('/api/rules');
    expect(r.status).toBe(200);
    const ids = r.body.items.map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining([ENDING, NO_OWNER]));
    for (const rule of r.body.items) {
      expect(rule.title.length).toBeGreaterThan(5);
      expect(rule.description.length).toBeGreaterThan(20);
    }
    expectError(await as.admin.get('/api/rules'), 403);
  });
});
