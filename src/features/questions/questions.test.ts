import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../core/dates.js';
import { KEY_QUESTIONS, NO_EVIDENCE_TEXT, answerSeverity, previousRound, roundOf } from '../../core/questions.js';
import { evaluateContract } from '../../platform/findings/engine.js';
import { type Client, type TestResponse, type World, auditRows, createWorld, expectError } from '../../test/harness.js';
import type { ContractDto } from '../contracts/contracts.schema.js';

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['admin', 'procurement', 'buyerA', 'buyerB', 'itA', 'itB', 'auditor', 'vendorOne', 'vendorTwo'];

let w: World;
const as = {} as Record<UserKey, Client>;
/** cA: department A, vendor one; cAr: the same, restricted; cB: department B, vendor two. */
let cA: ContractDto;
let cAr: ContractDto;
let cB: ContractDto;
const today = todayUtc();
const current = roundOf(today);

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
    startDate: addDays(today, -200),
    endDate: addDays(today, 300),
  });
  cAr = await w.contract({
    departmentId: w.dept.a,
    vendorId: w.vendor.one,
    restricted: true,
    title: 'Fraud detection (restricted)',
    startDate: addDays(today, -200),
    endDate: addDays(today, 300),
  });
  cB = await w.contract({
    departmentId: w.dept.b,
    vendorId: w.vendor.two,
    title: 'Translation service',
    startDate: addDays(today, -200),
    endDate: addDays(today, 300),
  });
});

const put = (c: Client, contractId: string, questionId: string, body: unknown) =>
  c.request('PUT', `/api/contracts/${contractId}/questions/${questionId}/answer`, { json: body });
const answer = (status = 'at_risk', text = 'Training is behind plan for the contact centre.') => ({ status, text });

async function expectDenialLogged(r: TestResponse, user: UserKey) {
  const rows = await auditRows(w.db, { action: 'permission.denied', requestId: r.headers.get('x-request-id') as string });
  expect(rows, `denial for ${user} not logged`).toHaveLength(1);
  expect((rows[0].after as { outcome: string }).outcome).toBe(r.status === 404 ? 'not_found' : 'forbidden');
}

async function expectStatus(r: TestResponse, status: number, user: UserKey) {
  expect(r.status, `${user}: ${r.text}`).toBe(status);
  if (status === 403 || status === 404) {
    expectError(r, status);
    await expectDenialLogged(r, user);
  }
}

async function openFindings(contractId: string) {
  return w.db
    .selectFrom('findings')
    .select(['subject', 'state', 'severity', 'owner_team'])
    .where('contract_id', '=', contractId)
    .where('rule_id', '=', 'questions.unanswered')
    .execute();
}

describe('the catalogue', () => {
  it('lists every question of the seed table with its objectives, teams and themes', async () => {
    const r = await as.procurement.get('/api/questions');
    expect(r.status).toBe(200);
    expect(r.body.questions).toHaveLength(18);
    expect(r.body.objectives.map((o: { text: string }) => o.text)).toEqual([
      'Manage contract scope',
      'Ensure prompt payment',
      'Implement and refine the AI solution',
      'Conduct change management and train staff to support solution adoption and scaling',
      'Prepare for decommissioning',
    ]);
    expect(r.body.teams).toEqual([
      { id: 'procurement', label: 'Procurement team', reviewPeriodDays: 90 },
      { id: 'buyer', label: 'Agency or department buyer', reviewPeriodDays: 90 },
      { id: 'it_data', label: 'IT and data', reviewPeriodDays: 90 },
    ]);
    expect(r.body.themes.map((t: { label: string }) => t.label)).toEqual(['Operational considerations', 'Innovation and scalability']);
    expect(r.body.currentRound.id).toBe(current);
    expect(r.body.questions.find((q: { id: string }) => q.id === 'buyer.satisfaction')).toEqual({
      id: 'buyer.satisfaction',
      team: 'buyer',
      theme: 'operational',
      text: 'How satisfied are users?',
      objectives: ['adoption', 'implement'],
    });
  });

  it.each<[UserKey, number]>([
    ['admin', 403],
    ['procurement', 200],
    ['buyerA', 200],
    ['itB', 200],
    ['auditor', 200],
    ['vendorOne', 404],
  ])('GET /api/questions as %s → %i', async (user, status) => {
    await expectStatus(await as[user].get('/api/questions'), status, user);
  });

  it('needs sign-in', async () => {
    expectError(await w.anonymous().get('/api/questions'), 401);
  });
});

describe('a contract’s questions: who sees them', () => {
  // user, cA, cAr (restricted, dept A), cB
  it.each<[UserKey, number, number, number]>([
    ['admin', 403, 403, 403],
    ['procurement', 200, 200, 200],
    ['buyerA', 200, 200, 200],
    ['buyerB', 200, 404, 200],
    ['itA', 200, 200, 200],
    ['itB', 200, 404, 200],
    ['auditor', 200, 200, 200],
    ['vendorOne', 404, 404, 404],
    ['vendorTwo', 404, 404, 404],
  ])('GET /api/contracts/{id}/questions as %s: cA %i, cAr %i, cB %i', async (user, a, ar, b) => {
    await expectStatus(await as[user].get(`/api/contracts/${cA.id}/questions`), a, user);
    await expectStatus(await as[user].get(`/api/contracts/${cAr.id}/questions`), ar, user);
    await expectStatus(await as[user].get(`/api/contracts/${cB.id}/questions`), b, user);
  });

  it('answers 404 for an unknown contract and 400 for an id that is not a UUID', async () => {
    await expectStatus(await as.procurement.get('/api/contracts/00000000-0000-4000-8000-000000000000/questions'), 404, 'procurement');
    expect(expectError(await as.procurement.get('/api/contracts/nope/questions'), 400, 'validation_failed').fields).toHaveProperty('id');
  });
});

describe('a contract’s questions: what they show', () => {
  it('shows every question with evidence where a capability informs it, and says so where none does', async () => {
    const r = await as.buyerA.get(`/api/contracts/${cA.id}/questions`);
    expect(r.status).toBe(200);
    expect(r.body.questions.map((q: { id: string }) => q.id)).toEqual(KEY_QUESTIONS.map((q) => q.id));
    expect(r.body.contract).toMatchObject({ id: cA.id, reference: cA.reference, department: { id: w.dept.a, name: 'Department A' } });
    const flex = r.body.questions.find((q: { id: string }) => q.id === 'procurement.flexibility');
    expect(flex.evidenceAvailable).toBe(true);
    expect(flex.evidenceNote).toBeNull();
    expect(flex.evidence.map((e: { label: string }) => e.label)).toContain('Option periods');
    expect(flex.evidence.every((e: { source: string }) => e.source === 'contract')).toBe(true);
    const training = r.body.questions.find((q: { id: string }) => q.id === 'buyer.training');
    expect(training).toMatchObject({
      evidenceAvailable: false,
      evidence: [],
      evidenceNote: NO_EVIDENCE_TEXT,
      answer: null,
      history: [],
      standing: 'unanswered',
    });
  });

  it('marks the questions the caller may answer, and whom they may name as owner', async () => {
    const canAnswer = async (user: UserKey, id: string) => {
      const r = await as[user].get(`/api/contracts/${id}/questions`);
      const teams = { procurement: new Set<boolean>(), buyer: new Set<boolean>(), it_data: new Set<boolean>() };
      for (const q of r.body.questions as { team: keyof typeof teams; canAnswer: boolean }[]) teams[q.team].add(q.canAnswer);
      return { flags: Object.fromEntries(Object.entries(teams).map(([t, s]) => [t, [...s]])), owners: r.body.ownerOptions };
    };
    expect((await canAnswer('procurement', cA.id)).flags).toEqual({ procurement: [true], buyer: [true], it_data: [true] });
    const buyerA = await canAnswer('buyerA', cA.id);
    expect(buyerA.flags).toEqual({ procurement: [false], buyer: [true], it_data: [false] });
    expect(buyerA.owners.buyer.map((u: { name: string }) => u.name).sort()).toEqual(['buyerA', 'procurement']);
    expect(buyerA.owners.procurement).toEqual([]);
    expect((await canAnswer('buyerB', cA.id)).flags).toEqual({ procurement: [false], buyer: [false], it_data: [false] });
    expect((await canAnswer('itA', cA.id)).flags).toEqual({ procurement: [false], buyer: [false], it_data: [true] });
    expect((await canAnswer('itA', cA.id)).owners.it_data.map((u: { name: string }) => u.name).sort()).toEqual(['itA', 'procurement']);
    const auditor = await canAnswer('auditor', cA.id);
    expect(auditor.flags).toEqual({ procurement: [false], buyer: [false], it_data: [false] });
    expect(auditor.owners).toEqual({ procurement: [], buyer: [], it_data: [] });
  });
});

describe('answering: who may', () => {
  // user, then for a fresh open dept-A contract, a fresh restricted dept-A one and a fresh dept-B one:
  // [procurement question, buyer question, IT and data question] each
  type Row = [UserKey, [number, number, number], [number, number, number], [number, number, number]];
  it.each<Row>([
    ['admin', [403, 403, 403], [403, 403, 403], [403, 403, 403]],
    ['procurement', [201, 201, 201], [201, 201, 201], [201, 201, 201]],
    ['buyerA', [403, 201, 403], [403, 201, 403], [403, 403, 403]],
    ['buyerB', [403, 403, 403], [404, 404, 404], [403, 201, 403]],
    ['itA', [403, 403, 201], [403, 403, 201], [403, 403, 403]],
    ['itB', [403, 403, 403], [404, 404, 404], [403, 403, 201]],
    ['auditor', [403, 403, 403], [403, 403, 403], [403, 403, 403]],
    ['vendorOne', [404, 404, 404], [404, 404, 404], [404, 404, 404]],
    ['vendorTwo', [404, 404, 404], [404, 404, 404], [404, 404, 404]],
  ])('PUT answer as %s: open A %j, restricted A %j, B %j', async (user, onA, onAr, onB) => {
    const contracts = await Promise.all([
      w.contract({ departmentId: w.dept.a, vendorId: w.vendor.one }),
      w.contract({ departmentId: w.dept.a, vendorId: w.vendor.one, restricted: true }),
      w.contract({ departmentId: w.dept.b, vendorId: w.vendor.two }),
    ]);
    const questions = ['procurement.milestones', 'buyer.training', 'it_data.improvement'];
    for (const [i, expected] of [onA, onAr, onB].entries()) {
      for (const [j, qid] of questions.entries()) {
        const r = await put(as[user], contracts[i].id, qid, answer('on_track', `answered by ${user}`));
        await expectStatus(r, expected[j], user);
        const stored = await w.db
          .selectFrom('question_answers')
          .select('answered_by')
          .where('contract_id', '=', contracts[i].id)
          .where('question_id', '=', qid)
          .execute();
        expect(stored.length).toBe(expected[j] === 201 ? 1 : 0);
        if (expected[j] === 201) expect(stored[0].answered_by).toBe(w.users[user].id);
      }
    }
  });
});

describe('answering: what is stored', () => {
  it('records status, text, owner, who and when for the current round, and audits it', async () => {
    const c = await w.contract({ departmentId: w.dept.a, owners: { buyer: w.users.buyerA.id } });
    const r = await put(as.procurement, c.id, 'buyer.testing', answer('off_track', 'No test plan agreed with the vendor.'));
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({
      id: 'buyer.testing',
      standing: 'off_track',
      answeredThisRound: true,
      overdue: false,
      answer: {
        status: 'off_track',
        text: 'No test plan agreed with the vendor.',
        // The contract's buyer owner owns it by default, whoever typed the answer.
        owner: { id: w.users.buyerA.id, name: 'buyerA' },
        answeredBy: { id: w.users.procurement.id, name: 'procurement' },
        round: current,
        version: 1,
      },
    });
    expect(Date.now() - Date.parse(r.body.answer.answeredAt)).toBeLessThan(60_000);
    const audit = await auditRows(w.db, { action: 'question.answer', requestId: r.headers.get('x-request-id') as string });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_type: 'contract', entity_id: c.id, actor_id: w.users.procurement.id });
    expect(audit[0].after).toMatchObject({
      questionId: 'buyer.testing',
      round: current,
      status: 'off_track',
      ownerUserId: w.users.buyerA.id,
    });
  });

  it('without a contract owner, the person answering owns it; an explicit owner must fit the team and the department', async () => {
    const c = await w.contract({ departmentId: w.dept.a });
    const r = await put(as.buyerA, c.id, 'buyer.learnings', answer());
    expect(r.body.answer.owner).toEqual({ id: w.users.buyerA.id, name: 'buyerA' });
    for (const bad of ['buyerB', 'itA', 'auditor', 'vendorOne', 'admin'] as const) {
      const e = expectError(
        await put(as.buyerA, c.id, 'buyer.community', { ...answer(), ownerUserId: w.users[bad].id }),
        400,
        'validation_failed',
      );
      expect(e.fields).toHaveProperty('ownerUserId');
    }
    const ok = await put(as.buyerA, c.id, 'buyer.community', { ...answer(), ownerUserId: w.users.procurement.id });
    expect(ok.status).toBe(201);
    expect(ok.body.answer.owner.name).toBe('procurement');
  });

  it('refuses bad input with field errors', async () => {
    const c = await w.contract({ departmentId: w.dept.a, startDate: '2026-01-01' });
    const cases: [unknown, string][] = [
      [{ status: 'fine', text: 'x' }, 'status'],
      [{ status: 'on_track', text: '   ' }, 'text'],
      [{ status: 'on_track' }, 'text'],
      [{ status: 'on_track', text: 'x'.repeat(5001) }, 'text'],
      [{ status: 'on_track', text: 'ok', colour: 'red' }, 'colour'],
      [{ status: 'on_track', text: 'ok', round: '2026-Q5' }, 'round'],
      [{ status: 'on_track', text: 'ok', round: 'next' }, 'round'],
      [{ status: 'on_track', text: 'ok', round: `${Number(today.slice(0, 4)) + 1}-Q1` }, 'round'],
      [{ status: 'on_track', text: 'ok', round: '2025-Q4' }, 'round'],
      [{ status: 'on_track', text: 'ok', ownerUserId: 'nobody' }, 'ownerUserId'],
      [{ status: 'on_track', text: 'ok', version: 0 }, 'version'],
    ];
    for (const [body, field] of cases) {
      const e = expectError(await put(as.procurement, c.id, 'buyer.training', body), 400, 'validation_failed');
      expect(e.fields, JSON.stringify(body)).toHaveProperty(field);
    }
    expect(await w.db.selectFrom('question_answers').select('id').where('contract_id', '=', c.id).execute()).toEqual([]);
    expectError(await put(as.procurement, c.id, 'buyer.no_such_question', answer()), 404, 'not_found');
  });

  it('keeps earlier rounds as history; the latest round is the current answer', async () => {
    const c = await w.contract({ departmentId: w.dept.a, startDate: addDays(today, -400) });
    const previous = previousRound(current);
    expect((await put(as.buyerA, c.id, 'buyer.satisfaction', { ...answer('on_track', 'Users are happy.'), round: previous })).status).toBe(
      201,
    );
    let r = await as.buyerA.get(`/api/contracts/${c.id}/questions`);
    let q = r.body.questions.find((x: { id: string }) => x.id === 'buyer.satisfaction');
    expect(q).toMatchObject({ answeredThisRound: false, standing: 'on_track', answer: { round: previous }, history: [] });
    expect((await put(as.buyerA, c.id, 'buyer.satisfaction', answer('at_risk', 'Complaints about wrong answers doubled.'))).status).toBe(
      201,
    );
    r = await as.buyerA.get(`/api/contracts/${c.id}/questions`);
    q = r.body.questions.find((x: { id: string }) => x.id === 'buyer.satisfaction');
    expect(q.answeredThisRound).toBe(true);
    expect(q.answer).toMatchObject({ round: current, status: 'at_risk' });
    expect(q.history.map((h: { round: string; status: string }) => [h.round, h.status])).toEqual([[previous, 'on_track']]);
  });
});

describe('answering: versions and concurrency', () => {
  it('changing an answer of the round needs its version: 428 without, 412 when stale, 200 when current', async () => {
    const c = await w.contract({ departmentId: w.dept.a });
    const first = await put(as.buyerA, c.id, 'buyer.training', answer('at_risk', 'Behind plan.'));
    expect(first.status).toBe(201);
    expectError(await put(as.buyerA, c.id, 'buyer.training', answer('on_track', 'Caught up.')), 428, 'precondition_required');
    expectError(await put(as.buyerA, c.id, 'buyer.training', { ...answer('on_track', 'Caught up.'), version: 7 }), 412, 'version_conflict');
    const ok = await put(as.buyerA, c.id, 'buyer.training', { ...answer('on_track', 'Caught up.'), version: 1 });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.answer).toMatchObject({ status: 'on_track', text: 'Caught up.', version: 2 });
    const audit = await auditRows(w.db, { action: 'question.answer', requestId: ok.headers.get('x-request-id') as string });
    expect(audit[0].before).toMatchObject({ status: 'at_risk', text: 'Behind plan.', version: 1 });
    expect(audit[0].after).toMatchObject({ status: 'on_track', text: 'Caught up.', version: 2 });
    expectError(await put(as.buyerA, c.id, 'buyer.training', { ...answer('off_track', 'Stale.'), version: 1 }), 412, 'version_conflict');
  });

  it('10 concurrent updates with the same version: one wins, the rest get 412, one audit entry', async () => {
    const c = await w.contract({ departmentId: w.dept.a });
    await put(as.procurement, c.id, 'procurement.change_order', answer('on_track', 'No change needed.'));
    const before = (await auditRows(w.db, { action: 'question.answer', entityId: c.id })).length;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        put(as.procurement, c.id, 'procurement.change_order', { ...answer('at_risk', `attempt ${i}`), version: 1 }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(412)]);
    expect((await auditRows(w.db, { action: 'question.answer', entityId: c.id })).length).toBe(before + 1);
  });

  it('concurrent first answers of a round: one is recorded, the others are told someone answered first', async () => {
    const c = await w.contract({ departmentId: w.dept.a });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => put(as.procurement, c.id, 'procurement.scaling', answer('on_track', `first ${i}`))),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201)) expect([412, 428]).toContain(r.status);
    expect(await w.db.selectFrom('question_answers').select('id').where('contract_id', '=', c.id).execute()).toHaveLength(1);
  });
});

describe('the "unanswered too long" finding', () => {
  it('opens one warning per question owned by its team once the review period has passed, and resolves at once when answered', async () => {
    const c = await w.contract({ departmentId: w.dept.a, startDate: addDays(today, -120), endDate: addDays(today, 400) });
    const open = await openFindings(c.id);
    expect(open).toHaveLength(18);
    expect(open.every((f) => f.state === 'open' && f.severity === 'warning')).toBe(true);
    expect(open.find((f) => f.subject === 'question:it_data.interoperability')?.owner_team).toBe('it_data');

    // not_applicable counts as an answer
    expect((await put(as.itA, c.id, 'it_data.interoperability', answer('not_applicable', 'A single platform by design.'))).status).toBe(
      201,
    );
    const after = await openFindings(c.id);
    expect(after.find((f) => f.subject === 'question:it_data.interoperability')?.state).toBe('resolved');
    expect(after.filter((f) => f.state === 'open')).toHaveLength(17);
    const q = (await as.itA.get(`/api/contracts/${c.id}/questions`)).body.questions;
    expect(q.find((x: { id: string }) => x.id === 'it_data.interoperability').overdue).toBe(false);
    expect(q.find((x: { id: string }) => x.id === 'it_data.improvement').overdue).toBe(true);

    // An answer older than the period makes it fire again (the same finding, reopened).
    await w.db
      .updateTable('question_answers')
      .set({ answered_at: new Date(`${addDays(today, -100)}T12:00:00Z`) })
      .where('contract_id', '=', c.id)
      .execute();
    await evaluateContract(w.db, c.id, today);
    const again = await openFindings(c.id);
    expect(again.filter((f) => f.subject === 'question:it_data.interoperability')).toHaveLength(1);
    expect(again.find((f) => f.subject === 'question:it_data.interoperability')?.state).toBe('open');
  });

  it('follows each team’s review period, and a team without a setting uses 90 days', async () => {
    const c = await w.contract({ departmentId: w.dept.a, startDate: addDays(today, -120), endDate: addDays(today, 400) });
    await w.db
      .insertInto('team_settings')
      .values({ team: 'buyer', review_period_days: 180, reminder_lead_days: [30, 7, 1, 0] })
      .execute();
    try {
      await evaluateContract(w.db, c.id, today);
      const open = (await openFindings(c.id)).filter((f) => f.state === 'open');
      expect(new Set(open.map((f) => f.owner_team))).toEqual(new Set(['procurement', 'it_data']));
      expect((await as.procurement.get('/api/questions')).body.teams.find((t: { id: string }) => t.id === 'buyer').reviewPeriodDays).toBe(
        180,
      );
    } finally {
      await w.db.deleteFrom('team_settings').where('team', '=', 'buyer').execute();
    }
  });

  it('is not raised for draft, closed or terminated contracts, nor within the period', async () => {
    const draft = await w.contract({ status: 'draft', startDate: addDays(today, -300), endDate: addDays(today, 100) });
    expect(await openFindings(draft.id)).toEqual([]);
    const fresh = await w.contract({ startDate: addDays(today, -30), endDate: addDays(today, 300) });
    expect(await openFindings(fresh.id)).toEqual([]);
  });
});

describe('team pages', () => {
  let tA: ContractDto;
  let tAr: ContractDto;
  let tB: ContractDto;
  let draftA: ContractDto;
  beforeAll(async () => {
    tA = await w.contract({
      departmentId: w.dept.a,
      title: 'Team page contract A',
      startDate: addDays(today, -200),
      endDate: addDays(today, 300),
    });
    tAr = await w.contract({
      departmentId: w.dept.a,
      restricted: true,
      title: 'Team page restricted',
      startDate: addDays(today, -200),
      endDate: addDays(today, 300),
    });
    tB = await w.contract({
      departmentId: w.dept.b,
      vendorId: w.vendor.two,
      title: 'Team page contract B',
      startDate: addDays(today, -200),
      endDate: addDays(today, 300),
    });
    draftA = await w.contract({ departmentId: w.dept.a, status: 'draft', title: 'Team page draft' });
    await put(as.buyerA, tA.id, 'buyer.training', answer('off_track', 'No training at all yet.'));
    await put(as.buyerA, tA.id, 'buyer.testing', answer('on_track', 'Test plan signed off.'));
    await put(as.buyerA, tA.id, 'buyer.payment_model', answer('not_applicable', 'Fixed price.'));
    await put(as.buyerA, tAr.id, 'buyer.training', answer('at_risk', '=HYPERLINK("http://evil.example","click")'));
    await put(as.buyerB, tB.id, 'buyer.satisfaction', answer('at_risk', 'Mixed feedback.'));
  });

  const rowsOf = (r: TestResponse) =>
    r.body.items as {
      contract: { id: string };
      question: { id: string };
      standing: string;
      overdue: boolean;
      answer: { status: string } | null;
    }[];

  it('lists one row per live contract and question, worst first', async () => {
    const r = await as.buyerA.get('/api/questions/teams/buyer?pageSize=500');
    expect(r.status, r.text).toBe(200);
    const rows = rowsOf(r);
    expect(r.body.team).toEqual({ id: 'buyer', label: 'Agency or department buyer', reviewPeriodDays: 90 });
    expect(r.body.total).toBe(rows.length);
    expect(rows.every((x) => x.question.id.startsWith('buyer.'))).toBe(true);
    const ids = new Set(rows.map((x) => x.contract.id));
    expect(ids.has(tA.id) && ids.has(tAr.id) && ids.has(tB.id)).toBe(true);
    expect(ids.has(draftA.id)).toBe(false);
    expect(rows.filter((x) => x.contract.id === tA.id)).toHaveLength(8);
    const sev = rows.map((x) => answerSeverity((x.answer?.status ?? null) as never));
    for (let i = 1; i < sev.length; i++) expect(sev[i]).toBeLessThanOrEqual(sev[i - 1]);
    expect(rows[0].standing).toBe('off_track');
    expect(rows.at(-1)?.standing).toBe('not_applicable');
    const counts = r.body.counts;
    expect(counts.off_track + counts.at_risk + counts.unanswered + counts.on_track + counts.not_applicable).toBe(rows.length);
    expect(rows.find((x) => x.contract.id === tA.id && x.question.id === 'buyer.learnings')).toMatchObject({
      standing: 'unanswered',
      overdue: true,
    });
  });

  it('filters by department and status, and pages', async () => {
    const byDept = rowsOf(await as.procurement.get(`/api/questions/teams/buyer?departmentId=${w.dept.b}&pageSize=500`));
    expect(byDept.length).toBeGreaterThan(0);
    expect(byDept.every((x) => x.contract.id !== tA.id)).toBe(true);
    const risky = await as.procurement.get('/api/questions/teams/buyer?status=off_track,at_risk&pageSize=500');
    expect(rowsOf(risky).every((x) => ['off_track', 'at_risk'].includes(x.standing))).toBe(true);
    expect(rowsOf(risky).map((x) => x.contract.id)).toEqual(expect.arrayContaining([tA.id, tAr.id, tB.id]));
    const page2 = await as.procurement.get('/api/questions/teams/buyer?pageSize=5&page=2');
    expect(page2.body.items).toHaveLength(5);
    expect(page2.body.page).toBe(2);
    expect(expectError(await as.procurement.get('/api/questions/teams/buyer?status=great'), 400).fields).toHaveProperty('status');
    expect(expectError(await as.procurement.get('/api/questions/teams/sales'), 400).fields).toHaveProperty('team');
    expect(expectError(await as.procurement.get('/api/questions/teams/buyer?departmentId=x'), 400).fields).toHaveProperty('departmentId');
  });

  it('never shows another department’s restricted contract', async () => {
    const ids = new Set(rowsOf(await as.buyerB.get('/api/questions/teams/buyer?pageSize=500')).map((x) => x.contract.id));
    expect(ids.has(tB.id) && ids.has(tA.id)).toBe(true);
    expect(ids.has(tAr.id)).toBe(false);
    const csv = await as.buyerB.get('/api/questions/teams/buyer/export.csv');
    expect(csv.text).not.toContain('Team page restricted');
    expect(csv.text).not.toContain('evil.example');
  });

  // user, then the status for the procurement, buyer and IT and data team pages
  it.each<[UserKey, number, number, number]>([
    ['admin', 403, 403, 403],
    ['procurement', 200, 200, 200],
    ['auditor', 200, 200, 200],
    ['buyerA', 403, 200, 403],
    ['itA', 403, 403, 200],
    ['vendorOne', 404, 404, 404],
  ])('team pages for %s: procurement %i, buyer %i, IT and data %i', async (user, p, b, i) => {
    for (const [team, expected] of [
      ['procurement', p],
      ['buyer', b],
      ['it_data', i],
    ] as const) {
      await expectStatus(await as[user].get(`/api/questions/teams/${team}`), expected, user);
      await expectStatus(await as[user].get(`/api/questions/teams/${team}/export.csv`), expected, user);
    }
  });

  it('exports CSV with a header, worst first, neutralising formulas, and audits the export', async () => {
    const r = await as.buyerA.get('/api/questions/teams/buyer/export.csv');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="steward-key-questions-buyer-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = r.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Contract reference,Contract title,Department,Contract status,Question id,Theme,Question,Status,Overdue,Answer,Owner,Answered by,Answered at,Round',
    );
    const json = await as.buyerA.get('/api/questions/teams/buyer?pageSize=500');
    expect(lines.length - 1).toBe(json.body.total);
    expect(lines[1]).toContain(',Off track,');
    expect(r.text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(r.text).not.toMatch(/,=HYPERLINK/);
    const audit = await auditRows(w.db, { action: 'question.export', requestId: r.headers.get('x-request-id') as string });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_type: 'question_team', entity_id: 'buyer', actor_id: w.users.buyerA.id });
  });
});
