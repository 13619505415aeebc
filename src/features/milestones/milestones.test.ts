import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../core/dates.js';
import { collectEvidence } from '../../platform/questions/evidence.js';
import { type Client, type World, auditRows, createWorld, expectError } from '../../test/harness.js';
import type { ContractDto } from '../contracts/contracts.schema.js';

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['procurement', 'buyerA', 'buyerB', 'itA', 'auditor', 'vendorOne', 'vendorTwo'];

let w: World;
const as = {} as Record<UserKey, Client>;
/** cA: department A, vendor one; cAr: the same, restricted. Contract period 2026-01-01 to 2026-12-31 (harness default). */
let cA: ContractDto;
let cAr: ContractDto;
const today = todayUtc();
const start = `${today.slice(0, 4)}-01-01`;
const end = `${today.slice(0, 4)}-12-31`;
/** A date inside the contract period, near today. */
const inside = (offset: number) => {
  const d = addDays(today, offset);
  return d < start ? start : d > end ? end : d;
};
const put = (c: Client, path: string, json: unknown) => c.request('PUT', path, { json });

beforeAll(async () => {
  w = await createWorld();
  const clients = await Promise.all(USERS.map((u) => w.as(u)));
  USERS.forEach((u, i) => {
    as[u] = clients[i];
  });
  cA = await w.contract({ departmentId: w.dept.a, vendorId: w.vendor.one, startDate: start, endDate: end, title: 'Permit classification' });
  cAr = await w.contract({
    departmentId: w.dept.a,
    vendorId: w.vendor.one,
    startDate: start,
    endDate: end,
    restricted: true,
    title: 'Fraud model',
  });
});

const findings = async (contractId: string, ruleId: string) =>
  w.db
    .selectFrom('findings')
    .select(['subject', 'state', 'title'])
    .where('contract_id', '=', contractId)
    .where('rule_id', '=', ruleId)
    .execute();

async function newDeliverable(contractId: string, over: Record<string, unknown> = {}) {
  const r = await as.buyerA.post(`/api/contracts/${contractId}/deliverables`, {
    title: 'Classifier v1',
    acceptanceCriteria: ['Accuracy of at least 0.9 on the held-out set'],
    dueDate: inside(20),
    ...over,
  });
  expect(r.status, r.text).toBe(201);
  return r.body;
}

describe('milestones', () => {
  it('creates, lists and updates a milestone, with version checks', async () => {
    const r = await as.buyerA.post(`/api/contracts/${cA.id}/milestones`, {
      title: 'Pilot live',
      type: 'delivery',
      dueDate: inside(40),
      ownerTeam: 'buyer',
      ownerUserId: w.users.buyerA.id,
    });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({
      title: 'Pilot live',
      status: 'scheduled',
      version: 1,
      owner: { id: w.users.buyerA.id },
      slipDays: null,
    });
    const list = await as.vendorOne.get(`/api/contracts/${cA.id}/milestones`);
    expect(list.status).toBe(200);
    expect(list.body.map((m: { id: string }) => m.id)).toContain(r.body.id);

    const upd = await as.buyerA.patch(`/api/milestones/${r.body.id}`, { version: 1, title: 'Pilot live in two offices' });
    expect(upd.status, upd.text).toBe(200);
    expect(upd.body.version).toBe(2);
    expectError(await as.buyerA.patch(`/api/milestones/${r.body.id}`, { version: 1, title: 'stale' }), 412);
    expectError(await as.buyerA.patch(`/api/milestones/${r.body.id}`, { title: 'no version' }), 428);
    const audit = await auditRows(w.db, { action: 'milestone.update' });
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses due dates outside the contract period and payment amounts on other milestone types', async () => {
    const r = await as.buyerA.post(`/api/contracts/${cA.id}/milestones`, { title: 'Too late', type: 'delivery', dueDate: addDays(end, 1) });
    const e = expectError(r, 400, 'validation_failed');
    expect(e.fields?.dueDate).toBe(`The due date must fall within the contract period (${start} to ${end})`);
    const p = await as.buyerA.post(`/api/contracts/${cA.id}/milestones`, {
      title: 'Report',
      type: 'reporting',
      dueDate: inside(5),
      paymentAmount: '100.00',
    });
    expect(expectError(p, 400).fields?.paymentAmount).toMatch(/payment milestone/);
    const ok = await as.buyerA.post(`/api/contracts/${cA.id}/milestones`, {
      title: 'Pay 1',
      type: 'payment',
      dueDate: inside(50),
      paymentAmount: '2500',
    });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.paymentAmount).toBe('2500.00');
    expectError(
      await as.buyerA.post(`/api/contracts/${cA.id}/milestones`, { title: 'x', type: 'delivery', dueDate: inside(5), extra: 1 }),
      400,
    );
  });

  it('vendors and auditors cannot add milestones (403); other vendors and other departments do not see restricted contracts (404)', async () => {
    const body = { title: 'x', type: 'delivery', dueDate: inside(5) };
    expectError(await as.vendorOne.post(`/api/contracts/${cA.id}/milestones`, body), 403);
    expectError(await as.auditor.post(`/api/contracts/${cA.id}/milestones`, body), 403);
    expectError(await as.vendorTwo.post(`/api/contracts/${cA.id}/milestones`, body), 404);
    expectError(await as.vendorTwo.get(`/api/contracts/${cA.id}/milestones`), 404);
    expectError(await as.buyerB.get(`/api/contracts/${cAr.id}/milestones`), 404);
    expect((await as.buyerB.get(`/api/contracts/${cA.id}/milestones`)).status).toBe(200);
  });
});

describe('deliverables: permissions and bad input', () => {
  it('a buyer of another department cannot see a restricted contract’s deliverables (404), nor another vendor', async () => {
    const d = await newDeliverable(cAr.id);
    expectError(await as.buyerB.get(`/api/contracts/${cAr.id}/deliverables`), 404);
    expectError(await as.vendorTwo.get(`/api/contracts/${cAr.id}/deliverables`), 404);
    expectError(await as.vendorTwo.post(`/api/deliverables/${d.id}/delivery`, { version: 1, deliveredDate: today }), 404);
    expectError(await as.buyerB.post(`/api/deliverables/${d.id}/decision`, { version: 1, decision: 'accepted' }), 404);
    const mine = await as.vendorOne.get(`/api/contracts/${cAr.id}/deliverables`);
    expect(mine.status).toBe(200);
    expect(mine.body.map((x: { id: string }) => x.id)).toContain(d.id);
  });

  it('a vendor may mark delivered but never accept its own deliverable (403), nor change it', async () => {
    const d = await newDeliverable(cA.id);
    const del = await as.vendorOne.post(`/api/deliverables/${d.id}/delivery`, { version: 1, deliveredDate: today });
    expect(del.status, del.text).toBe(200);
    expect(del.body).toMatchObject({ deliveredDate: today, deliveredBy: { id: w.users.vendorOne.id }, decision: 'pending', version: 2 });
    expectError(await as.vendorOne.post(`/api/deliverables/${d.id}/decision`, { version: 2, decision: 'accepted' }), 403);
    expectError(await as.vendorOne.patch(`/api/deliverables/${d.id}`, { version: 2, title: 'mine now' }), 403);
    expectError(await put(as.vendorOne, `/api/deliverables/${d.id}/test-plan`, { method: 'other' }), 403);
    const row = await w.db.selectFrom('deliverables').select('decision').where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(row.decision).toBe('pending');
  });

  it('rejects a threshold without a direction, a non-numeric metric value, and a rejection without reasons', async () => {
    const d = await newDeliverable(cA.id);
    const bad = await put(as.itA, `/api/deliverables/${d.id}/test-plan`, {
      method: 'accuracy_quality',
      criteria: [{ name: 'Accuracy', metric: 'accuracy', threshold: 0.9 }],
    });
    expect(expectError(bad, 400, 'validation_failed').fields?.['criteria.0']).toMatch(/needs a direction/);
    const plan = await put(as.itA, `/api/deliverables/${d.id}/test-plan`, {
      testerUserId: w.users.itA.id,
      testerTeam: 'it_data',
      method: 'accuracy_quality',
      criteria: [{ name: 'Accuracy', metric: 'accuracy', threshold: 0.9, direction: 'at_least' }],
    });
    expect(plan.status, plan.text).toBe(200);
    const nan = await as.itA.post(`/api/deliverables/${d.id}/evaluation-runs`, {
      runDate: today,
      results: [{ criterion: 'Accuracy', value: 'high' }],
    });
    expectError(nan, 400, 'validation_failed');
    const missing = await as.itA.post(`/api/deliverables/${d.id}/evaluation-runs`, {
      runDate: today,
      results: [{ criterion: 'Accuracy' }],
    });
    expect(expectError(missing, 400).fields?.['results.0.value']).toMatch(/numeric threshold/);
    const replace = await put(as.itA, `/api/deliverables/${d.id}/test-plan`, { version: 9, method: 'other' });
    expectError(replace, 412);
    await as.buyerA.post(`/api/deliverables/${d.id}/delivery`, { version: 1, deliveredDate: today });
    expect(
      expectError(await as.buyerA.post(`/api/deliverables/${d.id}/decision`, { version: 2, decision: 'rejected' }), 400).fields?.reasons,
    ).toBeTruthy();
    expectError(await as.buyerA.post(`/api/deliverables/${d.id}/decision`, { version: 1, decision: 'accepted' }), 412);
  });

  it('refuses a deliverable due outside the contract period, and a milestone of another contract', async () => {
    const e = expectError(await as.buyerA.post(`/api/contracts/${cA.id}/deliverables`, { title: 'x', dueDate: addDays(start, -1) }), 400);
    expect(e.fields?.dueDate).toMatch(/within the contract period/);
    const m = await as.buyerA.post(`/api/contracts/${cAr.id}/milestones`, { title: 'Other', type: 'delivery', dueDate: inside(5) });
    const e2 = expectError(
      await as.buyerA.post(`/api/contracts/${cA.id}/deliverables`, { title: 'x', dueDate: inside(5), milestoneId: m.body.id }),
      400,
    );
    expect(e2.fields?.milestoneId).toBe('is not a milestone of this contract');
  });
});

describe('the flow: milestone and deliverable, delivery, evaluation fails then passes, acceptance', () => {
  it('opens and resolves findings and updates the key-question evidence', async () => {
    const c = await w.contract({ departmentId: w.dept.a, vendorId: w.vendor.one, startDate: start, endDate: end, title: 'Flow' });
    const m = await as.buyerA.post(`/api/contracts/${c.id}/milestones`, {
      title: 'Model delivered',
      type: 'delivery',
      dueDate: inside(10),
    });
    expect(m.status, m.text).toBe(201);
    const d = await newDeliverable(c.id, { milestoneId: m.body.id, dueDate: inside(10) });
    // Due within 14 days, not delivered, no test plan: both findings fire.
    const dueSoon = m.body.dueDate >= today ? await findings(c.id, 'milestones.due_soon_undelivered') : [];
    if (m.body.dueDate >= today) expect(dueSoon.map((f) => f.state)).toEqual(['open']);
    expect((await findings(c.id, 'milestones.no_test_plan')).map((f) => f.state)).toEqual(['open']);
    // A deadline for the milestone.
    const dl = await w.db
      .selectFrom('deadlines')
      .select(['kind', 'due_date'])
      .where('contract_id', '=', c.id)
      .where('source', '=', 'milestones')
      .execute();
    expect(dl.map((x) => x.kind)).toContain('milestone');

    const plan = await put(as.itA, `/api/deliverables/${d.id}/test-plan`, {
      testerUserId: w.users.itA.id,
      testerTeam: 'it_data',
      method: 'accuracy_quality',
      criteria: [
        { name: 'Accuracy', metric: 'accuracy', threshold: 0.9, direction: 'at_least' },
        { name: 'WER', metric: 'word error rate', threshold: 0.1, direction: 'at_most' },
        { name: 'Reviewed by caseworkers' },
      ],
    });
    expect(plan.status, plan.text).toBe(200);
    expect((await findings(c.id, 'milestones.no_test_plan')).map((f) => f.state)).toEqual(['resolved']);

    const del = await as.vendorOne.post(`/api/deliverables/${d.id}/delivery`, { version: 1, deliveredDate: today });
    expect(del.status, del.text).toBe(200);
    expect(del.body.acceptanceDecisionDue).toBe(addDays(today, 7));
    const dl2 = await w.db
      .selectFrom('deadlines')
      .select(['kind', 'due_date'])
      .where('contract_id', '=', c.id)
      .where('kind', '=', 'acceptance_decision')
      .execute();
    expect(dl2).toHaveLength(1);

    const fail = await as.itA.post(`/api/deliverables/${d.id}/evaluation-runs`, {
      runDate: today,
      scenario: 'Held-out set 2025',
      results: [
        { criterion: 'Accuracy', value: 0.86 },
        { criterion: 'WER', value: 0.08 },
        { criterion: 'Reviewed by caseworkers', passed: true },
      ],
    });
    expect(fail.status, fail.text).toBe(201);
    const run1 = fail.body.testPlan.runs[0];
    expect(run1.passed).toBe(false);
    expect(run1.results.map((x: { passed: boolean }) => x.passed)).toEqual([false, true, true]);
    expect((await findings(c.id, 'milestones.evaluation_failed')).map((f) => f.state)).toEqual(['open']);
    let ev = await collectEvidence(w.db, c.id);
    expect(ev['buyer.testing']?.find((e) => e.label === 'Evaluation pass rate')?.value).toBe('0% of 1 run');

    const pass = await as.itA.post(`/api/deliverables/${d.id}/evaluation-runs`, {
      runDate: today,
      scenario: 'Held-out set 2025, retrained',
      results: [
        { criterion: 'Accuracy', value: 0.93 },
        { criterion: 'WER', value: 0.07 },
        { criterion: 'Reviewed by caseworkers', passed: true },
      ],
    });
    expect(pass.status, pass.text).toBe(201);
    expect(pass.body.testPlan.runs.map((r: { passed: boolean }) => r.passed)).toEqual([false, true]);
    expect((await findings(c.id, 'milestones.evaluation_failed')).map((f) => f.state)).toEqual(['resolved']);

    const acc = await as.buyerA.post(`/api/deliverables/${d.id}/decision`, { version: 2, decision: 'accepted' });
    expect(acc.status, acc.text).toBe(200);
    expect(acc.body).toMatchObject({ decision: 'accepted', decidedBy: { id: w.users.buyerA.id } });
    // Accepted today: the day the request ran (the file's "today" may be yesterday if the run crosses midnight UTC).
    expect([today, todayUtc()]).toContain(acc.body.effectiveAcceptanceDate);
    const dl3 = await w.db
      .selectFrom('deadlines')
      .select('kind')
      .where('contract_id', '=', c.id)
      .where('kind', '=', 'acceptance_decision')
      .where('state', '=', 'open')
      .execute();
    expect(dl3).toHaveLength(0);
    expect((await auditRows(w.db, { action: 'deliverable.decide' })).length).toBeGreaterThanOrEqual(1);

    const met = await as.buyerA.patch(`/api/milestones/${m.body.id}`, { version: 1, status: 'met', dateMet: today });
    expect(met.status, met.text).toBe(200);
    ev = await collectEvidence(w.db, c.id);
    expect(ev['procurement.milestones']?.find((e) => e.label === 'On-time rate')?.value).toBe('100%');
    expect(ev['procurement.milestones']?.find((e) => e.label === 'Overdue milestones')?.value).toBe('0');
    expect(ev['buyer.testing']?.find((e) => e.label === 'Evaluation pass rate')?.value).toBe('50% of 2 runs');
    expect(ev['buyer.testing']?.find((e) => e.label === 'Deliverables with a test plan and a responsible person')?.value).toBe('1 of 1');
    if (m.body.dueDate >= today)
      expect((await findings(c.id, 'milestones.due_soon_undelivered')).map((f) => f.state)).toEqual(['resolved']);
  });
});

const OCDS_DIR = path.resolve(process.cwd(), '../shared/ocds');
/** The OCDS release package validator (draft-04), or null when the schema files are not here. */
function ocdsValidator() {
  const pkgFile = path.join(OCDS_DIR, 'release-package-schema.json');
  const relFile = path.join(OCDS_DIR, 'release-schema.json');
  if (!existsSync(pkgFile) || !existsSync(relFile)) return null;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const ajv = new AjvDraft04.default({ strict: false, allErrors: true });
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (s: string) => !Number.isNaN(Date.parse(s)) && /T.*(Z|[+-]\d{2}:\d{2})$/.test(s),
  });
  ajv.addFormat('uri', { type: 'string', validate: (s: string) => URL.canParse(s) });
  ajv.addSchema(JSON.parse(readFileSync(relFile, 'utf8')), pkg.properties.releases.items.$ref);
  return ajv.compile(pkg);
}

describe('OCDS export', () => {
  it('adds the milestones to contracts[0].implementation.milestones', async () => {
    const c = await w.contract({ departmentId: w.dept.a, vendorId: w.vendor.one, startDate: start, endDate: end, title: 'OCDS' });
    const m = await as.buyerA.post(`/api/contracts/${c.id}/milestones`, {
      title: 'Go live',
      type: 'delivery',
      dueDate: inside(-3),
      description: 'All offices',
    });
    expect(m.status, m.text).toBe(201);
    const r = await as.buyerA.get(`/api/contracts/${c.id}/ocds`);
    expect(r.status, r.text).toBe(200);
    const impl = r.body.releases[0].contracts[0].implementation;
    expect(impl.milestones).toEqual([
      {
        id: m.body.id,
        title: 'Go live',
        type: 'delivery',
        description: 'All offices',
        dueDate: `${m.body.dueDate}T00:00:00Z`,
        status: 'scheduled',
      },
    ]);
    const validate = ocdsValidator();
    if (validate) expect(validate(r.body), JSON.stringify(validate.errors)).toBe(true);
  });
});
