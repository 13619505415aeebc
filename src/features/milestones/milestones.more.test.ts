/**
 * Milestones: evidence files, single reads, deletes, the portfolio list and the CSV export.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPdf } from '../../cli/demo.js';
import { addDays, todayUtc } from '../../core/dates.js';
import { type Client, type World, auditRows, createWorld, expectError } from '../../test/harness.js';
import type { ContractDto } from '../contracts/contracts.schema.js';

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['admin', 'procurement', 'buyerA', 'buyerB', 'itA', 'auditor', 'vendorOne', 'vendorTwo'];

let w: World;
const as = {} as Record<UserKey, Client>;
let cA: ContractDto;
let cAr: ContractDto;
let cB: ContractDto;
const today = todayUtc();
const start = addDays(today, -200);
const end = addDays(today, 200);
const put = (c: Client, path: string, json: unknown) => c.request('PUT', path, { json });

beforeAll(async () => {
  w = await createWorld();
  const clients = await Promise.all(USERS.map((u) => w.as(u)));
  USERS.forEach((u, i) => {
    as[u] = clients[i];
  });
  const base = { vendorId: w.vendor.one, startDate: start, endDate: end };
  cA = await w.contract({ ...base, departmentId: w.dept.a, reference: 'A-OPEN-1', title: 'Speech to text' });
  cAr = await w.contract({ ...base, departmentId: w.dept.a, restricted: true, reference: 'A-RESTR-1', title: 'Fraud model' });
  cB = await w.contract({ ...base, departmentId: w.dept.b, vendorId: w.vendor.two, reference: 'B-OPEN-1', title: 'Translation' });
});

async function deliverable(contractId: string, title = 'Transcription model v1') {
  const r = await as.procurement.post(`/api/contracts/${contractId}/deliverables`, {
    title,
    acceptanceCriteria: ['Word error rate at most 12%'],
    dueDate: addDays(today, 10),
  });
  expect(r.status, r.text).toBe(201);
  return r.body;
}

async function milestone(contractId: string, dueOffset: number, over: Record<string, unknown> = {}) {
  const r = await as.procurement.post(`/api/contracts/${contractId}/milestones`, {
    title: `Milestone ${dueOffset}`,
    type: 'delivery',
    dueDate: addDays(today, dueOffset),
    ...over,
  });
  expect(r.status, r.text).toBe(201);
  return r.body;
}

const pdf = (title: string) => ({ name: `${title}.pdf`, bytes: demoPdf(title) });

describe('evidence files', () => {
  it('a vendor attaches delivery files to its own deliverable; they are shared with it and audited', async () => {
    const d = await deliverable(cA.id);
    const r = await as.vendorOne.upload(`/api/deliverables/${d.id}/files`, pdf('delivery-note'), { title: 'Delivery note' });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ filename: 'delivery-note.pdf', title: 'Delivery note', sharedWithVendor: true, evaluationRunId: null });
    expect(r.body.uploadedBy.id).toBe(w.users.vendorOne.id);
    // Staff files stay internal unless shared; the vendor sees only shared ones.
    const internal = await as.buyerA.upload(`/api/deliverables/${d.id}/files`, pdf('internal-review'));
    expect(internal.status, internal.text).toBe(201);
    expect(internal.body.sharedWithVendor).toBe(false);
    const staffView = await as.buyerA.get(`/api/deliverables/${d.id}`);
    expect(staffView.body.files.map((f: { filename: string }) => f.filename)).toEqual(['delivery-note.pdf', 'internal-review.pdf']);
    const vendorView = await as.vendorOne.get(`/api/deliverables/${d.id}`);
    expect(vendorView.status).toBe(200);
    expect(vendorView.body.files.map((f: { filename: string }) => f.filename)).toEqual(['delivery-note.pdf']);
    const listed = await as.vendorOne.get(`/api/contracts/${cA.id}/deliverables`);
    expect(listed.body.find((x: { id: string }) => x.id === d.id).files).toHaveLength(1);
    // The file downloads through the documents route, byte for byte.
    const dl = await as.vendorOne.request('GET', `/api/documents/${r.body.id}/download`);
    expect(dl.status).toBe(200);
    const audit = await auditRows(w.db, { action: 'document.upload' });
    expect(audit.some((a) => (a.after as Record<string, unknown>)?.deliverableId === d.id)).toBe(true);
  });

  it('refuses files that are not what they claim, empty files and uploads without a file, storing nothing', async () => {
    const d = await deliverable(cA.id, 'Checked files');
    const before = await w.db
      .selectFrom('documents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const fake = await as.vendorOne.upload(`/api/deliverables/${d.id}/files`, {
      name: 'results.pdf',
      bytes: new Uint8Array(Buffer.from('MZ\x90\x00 this is not a PDF at all')),
    });
    expect(expectError(fake, 400, 'validation_failed').fields?.file).toMatch(/named \.pdf/);
    const png = await as.vendorOne.upload(`/api/deliverables/${d.id}/files`, { name: 'chart.png', bytes: demoPdf('a pdf') });
    expect(expectError(png, 400, 'validation_failed').fields?.file).toMatch(/\.png but its content is a \.pdf/);
    const exe = await as.vendorOne.upload(`/api/deliverables/${d.id}/files`, { name: 'setup.exe', bytes: new Uint8Array([0x4d, 0x5a]) });
    expectError(exe, 400, 'validation_failed');
    const empty = await as.vendorOne.upload(`/api/deliverables/${d.id}/files`, { name: 'empty.txt', bytes: new Uint8Array() });
    expectError(empty, 400, 'validation_failed');
    const none = await as.vendorOne.request('POST', `/api/deliverables/${d.id}/files`, { body: new FormData() });
    expectError(none, 400);
    const after = await w.db
      .selectFrom('documents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('staff attach files to an evaluation run of the deliverable, not of another one; vendors cannot attach to runs', async () => {
    const d = await deliverable(cA.id, 'With a run');
    const other = await deliverable(cA.id, 'Another');
    const plan = await put(as.buyerA, `/api/deliverables/${d.id}/test-plan`, {
      method: 'accuracy_quality',
      criteria: [{ name: 'WER', metric: 'word error rate', threshold: 0.12, direction: 'at_most' }],
    });
    expect(plan.status, plan.text).toBe(200);
    const run = await as.itA.post(`/api/deliverables/${d.id}/evaluation-runs`, {
      runDate: today,
      results: [{ criterion: 'WER', value: 0.1 }],
    });
    expect(run.status, run.text).toBe(201);
    const runId = run.body.testPlan.runs[0].id;
    const ok = await as.itA.upload(
      `/api/deliverables/${d.id}/files`,
      { name: 'scores.csv', bytes: Buffer.from('clip,wer\n1,0.1\n') },
      { evaluationRunId: runId },
    );
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.evaluationRunId).toBe(runId);
    const wrong = await as.itA.upload(
      `/api/deliverables/${other.id}/files`,
      { name: 'scores.csv', bytes: Buffer.from('a,b\n') },
      { evaluationRunId: runId },
    );
    expect(expectError(wrong, 400, 'validation_failed').fields?.evaluationRunId).toMatch(/not an evaluation run of this deliverable/);
    const junk = await as.itA.upload(
      `/api/deliverables/${d.id}/files`,
      { name: 'scores.csv', bytes: Buffer.from('a,b\n') },
      { evaluationRunId: 'x' },
    );
    expectError(junk, 400, 'validation_failed');
    const vendor = await as.vendorOne.upload(
      `/api/deliverables/${d.id}/files`,
      { name: 'v.csv', bytes: Buffer.from('a\n') },
      { evaluationRunId: runId },
    );
    expectError(vendor, 400, 'validation_failed');
  });

  it('hides deliverables of restricted and other vendors’ contracts (404) and forbids read-only roles (403)', async () => {
    const dr = await deliverable(cAr.id, 'Restricted deliverable');
    const file = pdf('x');
    expectError(await as.buyerB.upload(`/api/deliverables/${dr.id}/files`, file), 404);
    expectError(await as.vendorTwo.upload(`/api/deliverables/${dr.id}/files`, file), 404);
    expectError(await as.buyerB.get(`/api/deliverables/${dr.id}`), 404);
    expectError(await as.vendorTwo.get(`/api/deliverables/${dr.id}`), 404);
    expectError(await as.admin.get(`/api/deliverables/${dr.id}`), 404);
    expect((await as.vendorOne.get(`/api/deliverables/${dr.id}`)).status).toBe(200);
    expectError(await as.auditor.upload(`/api/deliverables/${dr.id}/files`, file), 403);
    const dB = await deliverable(cB.id, 'Other department');
    expect((await as.buyerA.get(`/api/deliverables/${dB.id}`)).status).toBe(200);
    expectError(await as.buyerA.upload(`/api/deliverables/${dB.id}/files`, file), 403);
    expectError(await as.buyerA.get('/api/deliverables/00000000-0000-4000-8000-000000000000'), 404);
  });
});

describe('deletes', () => {
  it('deletes a milestone (its deliverables stay, unlinked) and audits it; read-only roles get 403, others 404', async () => {
    const m = await milestone(cA.id, 15, { title: 'To remove' });
    const d = await as.procurement.post(`/api/contracts/${cA.id}/deliverables`, {
      title: 'Linked',
      dueDate: addDays(today, 15),
      milestoneId: m.id,
    });
    expect(d.status, d.text).toBe(201);
    expectError(await as.vendorOne.delete(`/api/milestones/${m.id}`), 403);
    expectError(await as.buyerB.delete(`/api/milestones/${m.id}`), 403);
    expectError(await as.vendorTwo.delete(`/api/milestones/${m.id}`), 404);
    const r = await as.buyerA.delete(`/api/milestones/${m.id}`);
    expect(r.status, r.text).toBe(204);
    const list = await as.buyerA.get(`/api/contracts/${cA.id}/milestones`);
    expect(list.body.some((x: { id: string }) => x.id === m.id)).toBe(false);
    const after = await as.buyerA.get(`/api/deliverables/${d.body.id}`);
    expect(after.body.milestoneId).toBeNull();
    expect((await auditRows(w.db, { action: 'milestone.delete' })).length).toBe(1);
    expectError(await as.buyerA.delete(`/api/milestones/${m.id}`), 404);
  });

  it('deletes a deliverable with its plan and runs, keeps its files among the documents, and refuses an accepted one', async () => {
    const d = await deliverable(cA.id, 'Short-lived');
    await put(as.buyerA, `/api/deliverables/${d.id}/test-plan`, { method: 'user_acceptance', criteria: [{ name: 'Works' }] });
    const f = await as.vendorOne.upload(`/api/deliverables/${d.id}/files`, pdf('kept'));
    expect(f.status).toBe(201);
    expectError(await as.vendorOne.delete(`/api/deliverables/${d.id}`), 403);
    expect((await as.buyerA.delete(`/api/deliverables/${d.id}`)).status).toBe(204);
    expectError(await as.buyerA.get(`/api/deliverables/${d.id}`), 404);
    const plans = await w.db.selectFrom('test_plans').select('id').where('deliverable_id', '=', d.id).execute();
    expect(plans).toEqual([]);
    const docs = await as.procurement.get(`/api/contracts/${cA.id}/documents`);
    expect(docs.body.items.some((x: { id: string }) => x.id === f.body.id)).toBe(true);

    const acc = await deliverable(cA.id, 'Accepted');
    const delivered = await as.vendorOne.post(`/api/deliverables/${acc.id}/delivery`, { version: acc.version, deliveredDate: today });
    expect(delivered.status, delivered.text).toBe(200);
    const decided = await as.buyerA.post(`/api/deliverables/${acc.id}/decision`, { version: delivered.body.version, decision: 'accepted' });
    expect(decided.status, decided.text).toBe(200);
    expectError(await as.buyerA.delete(`/api/deliverables/${acc.id}`), 409);
  });
});

describe('portfolio and CSV', () => {
  it('lists upcoming and late milestones across visible contracts only, with contract, days late and deliverable counts', async () => {
    const late = await milestone(cA.id, -5, { title: 'Late one' });
    const soon = await milestone(cA.id, 3, { title: 'Soon' });
    const far = await milestone(cA.id, 90, { title: 'Far' });
    const hidden = await milestone(cAr.id, -3, { title: 'Restricted late' });
    const otherDept = await milestone(cB.id, -2, { title: 'B late' });
    await as.procurement.patch(`/api/milestones/${far.id}`, { version: far.version, status: 'met', dateMet: today });
    const d = await as.procurement.post(`/api/contracts/${cA.id}/deliverables`, {
      title: 'For late',
      dueDate: addDays(today, -5),
      milestoneId: late.id,
    });
    expect(d.status, d.text).toBe(201);

    const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((x) => x.id);
    const lateA = await as.buyerA.get('/api/milestones?window=late');
    expect(lateA.status, lateA.text).toBe(200);
    expect(ids(lateA)).toEqual(expect.arrayContaining([late.id, hidden.id, otherDept.id]));
    const row = lateA.body.items.find((x: { id: string }) => x.id === late.id);
    expect(row).toMatchObject({
      contractReference: 'A-OPEN-1',
      daysLate: 5,
      daysUntilDue: null,
      deliverablesTotal: 1,
      deliverablesDelivered: 0,
    });
    expect(ids(lateA)).not.toContain(soon.id);

    const lateB = await as.buyerB.get('/api/milestones?window=late');
    expect(ids(lateB)).toContain(otherDept.id);
    expect(ids(lateB)).toContain(late.id); // non-restricted contracts of other departments are readable
    expect(ids(lateB)).not.toContain(hidden.id);

    const v2 = await as.vendorTwo.get('/api/milestones?window=all');
    expect(ids(v2)).toEqual([otherDept.id]);

    const upcoming = await as.buyerA.get('/api/milestones?window=upcoming');
    expect(ids(upcoming)).toContain(soon.id);
    expect(upcoming.body.items.find((x: { id: string }) => x.id === soon.id).daysUntilDue).toBe(3);
    expect(ids(upcoming)).not.toContain(late.id);
    expect(ids(upcoming)).not.toContain(far.id);

    const all = await as.procurement.get('/api/milestones?window=all&pageSize=2');
    expect(all.body.items).toHaveLength(2);
    expect(all.body.total).toBeGreaterThanOrEqual(5);

    const admin = await as.admin.get('/api/milestones');
    expectError(admin, 403);
    expectError(await as.buyerA.get('/api/milestones?window=soon'), 400);
    expectError(await as.buyerA.get('/api/milestones?pageSize=1000'), 400);
  });

  it('exports a contract’s milestones as CSV with neutralised formula text', async () => {
    const c = await w.contract({ vendorId: w.vendor.one, departmentId: w.dept.a, startDate: start, endDate: end, reference: 'CSV-1' });
    const m = await milestone(c.id, -10, { title: '=HYPERLINK("x")', type: 'payment', paymentAmount: '1500.5' });
    await as.procurement.patch(`/api/milestones/${m.id}`, { version: m.version, status: 'met', dateMet: addDays(today, -7) });
    await milestone(c.id, 20, { title: 'Go live, phase 2' });
    const r = await as.buyerB.request('GET', `/api/contracts/${c.id}/milestones.csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/csv/);
    expect(r.headers.get('content-disposition')).toContain('CSV-1-milestones.csv');
    const lines = r.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'contract,milestone,type,status,due_date,date_met,slip_days,owner_team,owner,payment_amount,currency,deliverables,deliverables_delivered,deliverables_accepted,description',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`CSV-1,"'=HYPERLINK(""x"")",payment,met,${addDays(today, -10)},${addDays(today, -7)},3,`);
    expect(lines[1]).toContain(',1500.50,USD,0,0,0,');
    expect(lines[2]).toContain('"Go live, phase 2"');
    const hidden = await as.buyerB.request('GET', `/api/contracts/${cAr.id}/milestones.csv`);
    expect(hidden.status).toBe(404);
  });
});
