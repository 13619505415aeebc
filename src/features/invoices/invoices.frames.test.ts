import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPdf } from '../../cli/demo.js';
import { addDays, todayUtc } from '../../core/dates.js';
import { type StewardEvent, onEvent } from '../../platform/events.js';
import { collectEvidence } from '../../platform/questions/evidence.js';
import { type Client, type World, auditRows, createWorld, expectError } from '../../test/harness.js';
import type { ContractDto } from '../contracts/contracts.schema.js';
import { plannedSpend } from './invoices.frames.js';

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['admin', 'procurement', 'buyerA', 'buyerB', 'auditor', 'vendorOne', 'vendorTwo'];

let w: World;
const as = {} as Record<UserKey, Client>;
const today = todayUtc();
const year = Number(today.slice(0, 4));
const wide = { startDate: `${year - 1}-01-01`, endDate: `${year + 1}-12-31` };
let cA: ContractDto;
const events: StewardEvent[] = [];
const off = onEvent((e) => {
  if (e.type === 'invoice.changed') events.push(e);
});
afterAll(() => off());

let seq = 0;
const line = (over: Record<string, unknown> = {}) => ({
  lineItemNumber: '0001',
  description: 'Model hosting and support',
  quantity: '10',
  unit: 'hour',
  unitPrice: '100',
  amount: '1000.00',
  ...over,
});
const invoice = (over: Record<string, unknown> = {}) => ({
  vendorInvoiceNumber: `F-${++seq}`,
  invoiceDate: addDays(today, -2),
  currency: 'USD',
  lines: [line()],
  subtotal: '1000.00',
  total: '1000.00',
  contractorAddress: '1 High Street, Leeds',
  paymentTerms: 'Net 30',
  remitTo: 'Vendor One Ltd, 1 High Street, Leeds',
  defectContact: 'Jane Doe, credit controller, +44 113 000 0000',
  ...over,
});
async function submit(c: Client, contractId: string, over: Record<string, unknown> = {}) {
  const r = await c.post(`/api/contracts/${contractId}/invoices`, invoice(over));
  expect(r.status, r.text).toBe(201);
  return r.body;
}
const put = (c: Client, p: string, json: unknown, headers?: Record<string, string>) => c.request('PUT', p, { json, headers });

beforeAll(async () => {
  w = await createWorld({ publicUrl: 'https://steward.test.example' });
  const clients = await Promise.all(USERS.map((u) => w.as(u)));
  USERS.forEach((u, i) => {
    as[u] = clients[i];
  });
  cA = await w.contract({ ...wide, departmentId: w.dept.a, vendorId: w.vendor.one, value: '50000.00', ceiling: '60000.00' });
});

describe('deadlines, findings and events', () => {
  it('registers payment due dates and defect-return deadlines, and keeps them in step', async () => {
    const inv = await submit(as.procurement, cA.id, { receivedDate: addDays(today, -10), invoiceDate: addDays(today, -12), remitTo: '' });
    expect(inv.defective).toBe(true);
    const deadlines = async () =>
      w.db
        .selectFrom('deadlines')
        .select(['kind', 'due_date', 'owner_team', 'link'])
        .where('contract_id', '=', cA.id)
        .where('source', '=', 'invoices')
        .where('source_key', 'like', `%${inv.id}`)
        .orderBy('kind')
        .execute();
    expect(await deadlines()).toEqual([
      { kind: 'defect_return', due_date: addDays(today, -3), owner_team: 'procurement', link: `/invoices/${inv.id}` },
      { kind: 'payment_due', due_date: inv.dueDate, owner_team: 'procurement', link: `/invoices/${inv.id}` },
    ]);
    const findings = await w.db.selectFrom('findings').select(['rule_id', 'state', 'title']).where('contract_id', '=', cA.id).execute();
    expect(findings.find((f) => f.rule_id === 'payments.defect_not_returned')).toMatchObject({ state: 'open' });

    const ret = await as.procurement.post(`/api/invoices/${inv.id}/return`, { version: 1 });
    expect(ret.status, ret.text).toBe(200);
    expect(await deadlines()).toEqual([]);
    const after = await w.db
      .selectFrom('findings')
      .select(['rule_id', 'state'])
      .where('contract_id', '=', cA.id)
      .where('rule_id', '=', 'payments.defect_not_returned')
      .executeTakeFirstOrThrow();
    expect(after.state).toBe('resolved');
  });

  it('reports an unpaid invoice past its due date with the interest so far, and emits events on each step', async () => {
    events.length = 0;
    const inv = await submit(as.procurement, cA.id, { receivedDate: addDays(today, -60), invoiceDate: addDays(today, -61) });
    const appr = await as.buyerA.post(`/api/invoices/${inv.id}/approve`, { version: 1, acceptedDate: addDays(today, -59) });
    expect(appr.status, appr.text).toBe(200);
    const f = await w.db
      .selectFrom('findings')
      .select(['state', 'title', 'severity', 'evidence'])
      .where('contract_id', '=', cA.id)
      .where('rule_id', '=', 'payments.past_due')
      .where('subject', '=', `invoice:${inv.id}`)
      .executeTakeFirstOrThrow();
    expect(f).toMatchObject({ state: 'open', severity: 'critical' });
    expect(f.title).toMatch(new RegExp(`Invoice ${inv.vendorInvoiceNumber} is \\d+ days past due; interest so far`));
    const paid = await as.procurement.post(`/api/invoices/${inv.id}/payments`, { date: today, amount: '1000.00', reference: 'EV-1' });
    expect(paid.status, paid.text).toBe(201);
    expect(new Number(paid.body.interestPaid).valueOf()).toBeGreaterThan(0);
    const resolved = await w.db
      .selectFrom('findings')
      .select('state')
      .where('rule_id', '=', 'payments.past_due')
      .where('subject', '=', `invoice:${inv.id}`)
      .executeTakeFirstOrThrow();
    expect(resolved.state).toBe('resolved');
    expect(
      events.filter((e) => e.type === 'invoice.changed' && e.invoiceId === inv.id).map((e) => (e as { action: string }).action),
    ).toEqual(['submitted', 'approved', 'paid']);
  });

  it('flags an invoice billing a milestone for another amount than its payment', async () => {
    const m = await as.buyerA.post(`/api/contracts/${cA.id}/milestones`, {
      title: 'Pilot payment',
      type: 'payment',
      dueDate: today,
      paymentAmount: '2500.00',
    });
    expect(m.status, m.text).toBe(201);
    const inv = await submit(as.vendorOne, cA.id, { lines: [line({ milestoneId: m.body.id })] });
    const f = await w.db
      .selectFrom('findings')
      .select(['title'])
      .where('rule_id', '=', 'payments.milestone_mismatch')
      .where('subject', '=', `invoice:${inv.id}`)
      .executeTakeFirstOrThrow();
    expect(f.title).toMatch(/Pilot payment/);
  });
});

describe('key-question evidence and the OCDS export', () => {
  it('answers "Are we paying the vendor in a timely manner?" and "Is the payment model working out as expected?"', async () => {
    const ev = await collectEvidence(w.db, cA.id);
    const timely = (ev['procurement.timely_payment'] ?? []).filter((e) => e.source === 'invoices');
    expect(timely.map((e) => e.label)).toEqual([
      'Paid on time, last 6 months',
      'Paid on time, last 12 months',
      'Average days from receipt to payment',
      'Late-payment interest paid, last 12 months',
      'Unpaid invoices past their due date',
    ]);
    expect(timely[0].value).toMatch(/^0 of 1 invoices/);
    const model = (ev['buyer.payment_model'] ?? []).filter((e) => e.source === 'invoices');
    expect(model.map((e) => e.label)).toEqual(['Planned spend to date', 'Invoiced to date', 'Paid to date', 'Invoiced against plan']);
    expect(model[2].value).toBe('1000.00 USD');
  });

  it('adds each payment as an OCDS transaction, valid against the release package schema', async () => {
    const r = await as.auditor.get(`/api/contracts/${cA.id}/ocds`);
    expect(r.status, r.text).toBe(200);
    const tx = r.body.releases[0].contracts[0].implementation.transactions;
    expect(tx).toHaveLength(1);
    expect(tx[0]).toMatchObject({
      date: `${today}T00:00:00Z`,
      value: { currency: 'USD' },
      payer: { id: `dept-${w.dept.a}`, name: 'Department A' },
      payee: { id: `vendor-${w.vendor.one}`, name: 'Vendor One Ltd' },
    });
    expect(tx[0].value.amount).toBeGreaterThan(1000);
    const validate = ocdsValidator();
    if (validate) {
      const ok = validate(r.body);
      expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).toEqual([]);
      expect(ok).toBe(true);
    }
  });
});

describe('reports', () => {
  it('payables summary: paid on time against late by month, and the open work', async () => {
    const r = await as.procurement.get('/api/payables/summary?months=6');
    expect(r.status, r.text).toBe(200);
    expect(r.body.months).toHaveLength(6);
    expect(r.body.months.at(-1)).toMatchObject({ month: today.slice(0, 7), paidLate: 1, values: [{ currency: 'USD', late: '1000.00' }] });
    expect(r.body.totals).toMatchObject({ paidLate: 1, onTimeShare: 0 });
    expect(r.body.open).toEqual({ dueThisWeek: expect.any(Number), late: expect.any(Number), defective: expect.any(Number) });
    expect(r.body.open.defective).toBeGreaterThan(0);
    const b = await as.buyerB.get('/api/payables/summary');
    expect(b.body.totals.paidLate).toBe(0);
    expectError(await as.admin.get('/api/payables/summary'), 403);
  });

  it('exports a contract’s invoices as CSV, to those who may see them', async () => {
    const r = await as.buyerA.get(`/api/contracts/${cA.id}/invoices.csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toMatch(new RegExp(`${cA.reference}-invoices\\.csv`));
    const rows = r.text.trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'contract_reference,vendor_invoice_number,invoice_date,received_date,state,defective,currency,subtotal,tax,total,credited,paid,outstanding,acceptance_date,due_date,defect_return_deadline,paid_date,days_late,interest_paid,rule_pack',
    );
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.some((x) => x.includes(',paid,') && x.endsWith('us-far'))).toBe(true);
    expectError(await as.vendorTwo.get(`/api/contracts/${cA.id}/invoices.csv`), 404);
    expectError(await as.buyerB.get(`/api/contracts/${cA.id}/invoices.csv`), 403);
  });

  it('portfolio filters: defective, late, due this week', async () => {
    const soon = await submit(as.procurement, cA.id, { receivedDate: addDays(today, -27), invoiceDate: addDays(today, -27) });
    const ids = async (filter: string) =>
      (await as.procurement.get(`/api/invoices?filter=${filter}&contractId=${cA.id}&pageSize=100`)).body.items.map(
        (i: { id: string }) => i.id,
      );
    if (soon.dueDate <= addDays(today, 6)) expect(await ids('due_this_week')).toContain(soon.id);
    expect(await ids('defective')).not.toContain(soon.id);
    const bad = await submit(as.vendorOne, cA.id, { remitTo: '' });
    expect(await ids('defective')).toContain(bad.id);
    expect(await ids('paid')).not.toContain(bad.id);
    const page = await as.procurement.get(`/api/invoices?contractId=${cA.id}&pageSize=2&page=1`);
    expect(page.body).toMatchObject({ page: 1, pageSize: 2 });
    expect(page.body.total).toBeGreaterThan(2);
    expectError(await as.procurement.get('/api/invoices?filter=soon'), 400);
  });
});

describe('attachments', () => {
  it('the vendor attaches a PDF to its invoice (a contract document shared with it); others may not', async () => {
    const inv = await submit(as.vendorOne, cA.id);
    const up = await as.vendorOne.upload(`/api/invoices/${inv.id}/attachments`, {
      name: 'timesheets.pdf',
      bytes: demoPdf('Timesheets'),
      type: 'application/pdf',
    });
    expect(up.status, up.text).toBe(201);
    expect(up.body.attachments).toMatchObject([{ filename: 'timesheets.pdf', mediaType: 'application/pdf' }]);
    const doc = up.body.attachments[0].documentId;
    expect((await as.vendorOne.get(`/api/documents/${doc}/download`)).status).toBe(200);
    expect((await as.buyerA.get(`/api/invoices/${inv.id}`)).body.attachments).toHaveLength(1);
    const fake = await as.vendorOne.upload(`/api/invoices/${inv.id}/attachments`, { name: 'invoice.pdf', bytes: Buffer.from('not a pdf') });
    expect(expectError(fake, 400).fields?.file).toMatch(/not a recognised document|content/);
    expectError(await as.vendorTwo.upload(`/api/invoices/${inv.id}/attachments`, { name: 'x.pdf', bytes: demoPdf('x') }), 404);
    expectError(await as.auditor.upload(`/api/invoices/${inv.id}/attachments`, { name: 'x.pdf', bytes: demoPdf('x') }), 403);
    expect((await auditRows(w.db, { action: 'invoice.attach', entityId: inv.id })).length).toBe(1);
  });
});

describe('rates, holidays and payment terms', () => {
  it('admins keep the rate tables; others may read them; a bad table is refused with sentences', async () => {
    const r = await as.procurement.get('/api/admin/payment-rates');
    expect(r.status).toBe(200);
    const usFar = r.body.rulePacks.find((p: { rulePack: string }) => p.rulePack === 'us-far');
    expect(usFar.rates.find((x: { effectiveFrom: string }) => x.effectiveFrom === '2026-01-01')).toMatchObject({
      annualRatePercent: '4.125',
    });
    expectError(await put(as.procurement, '/api/admin/payment-rates/eu', { rates: [] }), 403);
    const overlap = await put(as.admin, '/api/admin/payment-rates/eu', {
      rates: [
        { effectiveFrom: '2026-01-01', effectiveTo: '2026-06-30', annualRatePercent: '2.15' },
        { effectiveFrom: '2026-06-01', effectiveTo: null, annualRatePercent: '2.15' },
      ],
    });
    expect(expectError(overlap, 400).fields?.rates).toMatch(/overlap/);
    const ok = await put(as.admin, '/api/admin/payment-rates/eu', {
      rates: [
        { effectiveFrom: '2026-01-01', effectiveTo: '2026-06-30', annualRatePercent: '2.15', source: 'ECB' },
        { effectiveFrom: '2026-07-01', effectiveTo: null, annualRatePercent: '2.15', source: 'ECB' },
      ],
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.rulePacks.find((p: { rulePack: string }) => p.rulePack === 'eu').rates).toHaveLength(2);
    expect((await auditRows(w.db, { action: 'payment_rates.replace' })).length).toBe(1);
    expectError(await put(as.admin, '/api/admin/payment-rates/generic', { rates: [] }), 400);
    const calc = await as.procurement.post('/api/prompt-payment/interest', {
      principal: '10000.00',
      currency: 'EUR',
      dueDate: '2026-02-01',
      paymentDate: '2026-03-03',
      rulePack: 'eu',
    });
    expect(calc.status, calc.text).toBe(200);
    expect(calc.body).toMatchObject({ annualRatePercent: '10.15', daysLate: 30 });
  });

  it('a new holiday on a due date moves open invoices to the next working day', async () => {
    const h = await as.auditor.get(`/api/admin/payment-holidays?year=${year}`);
    expect(h.status).toBe(200);
    expect(h.body.holidays.length).toBe(11);
    const c = await w.contract({ ...wide, departmentId: w.dept.a, vendorId: w.vendor.one });
    const inv = await submit(as.vendorOne, c.id);
    const due: string = inv.dueDate;
    const dueYear = Number(due.slice(0, 4));
    const current = (await as.admin.get(`/api/admin/payment-holidays?year=${dueYear}`)).body.holidays;
    expectError(await put(as.procurement, '/api/admin/payment-holidays', { year: dueYear, holidays: current }), 403);
    const bad = await put(as.admin, '/api/admin/payment-holidays', {
      year: dueYear,
      holidays: [{ date: `${dueYear + 1}-01-01`, name: 'x' }],
    });
    expect(expectError(bad, 400).fields?.['holidays.0.date']).toBe(`is not in ${dueYear}`);
    const r = await put(as.admin, '/api/admin/payment-holidays', {
      year: dueYear,
      holidays: [...current, { date: due, name: 'City closure day', actualDate: null }],
    });
    expect(r.status, r.text).toBe(200);
    const moved = await as.procurement.get(`/api/invoices/${inv.id}`);
    expect(moved.body.dueDate > due).toBe(true);
    expect(moved.body.clock.dueWorking.at(-1)).toMatch(new RegExp(`Payment due date: ${moved.body.dueDate}`));
    const dl = await w.db
      .selectFrom('deadlines')
      .select('due_date')
      .where('source', '=', 'invoices')
      .where('source_key', '=', `payment:${inv.id}`)
      .executeTakeFirstOrThrow();
    expect(dl.due_date).toBe(moved.body.dueDate);
    await put(as.admin, '/api/admin/payment-holidays', { year: dueYear, holidays: current });
    expect((await as.procurement.get(`/api/invoices/${inv.id}`)).body.dueDate).toBe(due);
  });

  it('a generic contract sets its own terms and interest; procurement edits them with a version', async () => {
    const c = await w.contract({ ...wide, rulePack: 'generic', departmentId: w.dept.a, vendorId: w.vendor.one });
    const t = await as.buyerA.get(`/api/contracts/${c.id}/payment-terms`);
    expect(t.status).toBe(200);
    expect(t.body).toMatchObject({ rulePack: 'generic', termsDays: null, version: 0, effective: { paymentDays: 30 } });
    const inv = await submit(as.vendorOne, c.id);
    expect(inv.dueDate).toBe(addDays(today, 30));
    expectError(await put(as.buyerA, `/api/contracts/${c.id}/payment-terms`, { version: 0, termsDays: 45 }), 403);
    expectError(await put(as.procurement, `/api/contracts/${c.id}/payment-terms`, { termsDays: 45 }), 428);
    const set = await put(as.procurement, `/api/contracts/${c.id}/payment-terms`, { version: 0, termsDays: 45, annualRatePercent: '8' });
    expect(set.status, set.text).toBe(200);
    expect(set.body).toMatchObject({ termsDays: 45, annualRatePercent: '8', version: 1 });
    expect(set.body.effective.summary).toMatch(/45 days.*8% a year/);
    expect((await as.procurement.get(`/api/invoices/${inv.id}`)).body.dueDate).toBe(addDays(today, 45));
    expectError(await put(as.procurement, `/api/contracts/${c.id}/payment-terms`, { version: 0, termsDays: 60 }), 412);
    expectError(await as.vendorTwo.get(`/api/contracts/${c.id}/payment-terms`), 404);
  });
});

const OCDS_DIR = path.resolve(process.cwd(), '../shared/ocds');
function ocdsValidator() {
  const pkgFile = path.join(OCDS_DIR, 'release-package-schema.json');
  const relFile = path.join(OCDS_DIR, 'release-schema.json');
  if (!existsSync(pkgFile) || !existsSync(relFile)) return null;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const release = JSON.parse(readFileSync(relFile, 'utf8'));
  const ajv = new AjvDraft04.default({ strict: false, allErrors: true });
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
  });
  ajv.addFormat('uri', {
    type: 'string',
    validate: (s: string) => {
      try {
        return !!new URL(s).protocol;
      } catch {
        return false;
      }
    },
  });
  ajv.addSchema(release, pkg.properties.releases.items.$ref);
  return ajv.compile(pkg);
}

describe('planned spend from the pricing model', () => {
  const base = { value: '1200.00', ceiling: '1500.00', start_date: '2026-01-15', end_date: '2026-12-14' };
  it('spreads a subscription over its months, to the cent, after the payment milestones', () => {
    const p = plannedSpend({ ...base, pricing_model: 'subscription' }, [
      { title: 'Set-up', dueDate: '2026-01-31', paymentAmount: '200.00' },
    ]);
    expect(p[0]).toMatchObject({ kind: 'milestone', amount: '200.00' });
    const inst = p.filter((x) => x.kind === 'subscription');
    expect(inst).toHaveLength(11);
    expect(inst[0]).toMatchObject({ date: '2026-01-15', label: 'Instalment 1 of 11' });
    expect(inst.reduce((a, x) => a + Math.round(Number(x.amount) * 100), 0)).toBe(100000);
  });
  it('plans time and materials against the ceiling, and a fixed price without milestones at the end', () => {
    const tm = plannedSpend({ ...base, pricing_model: 'time_and_materials' }, []);
    expect(tm.every((x) => x.kind === 'time_and_materials_ceiling')).toBe(true);
    expect(tm.reduce((a, x) => a + Math.round(Number(x.amount) * 100), 0)).toBe(150000);
    expect(plannedSpend({ ...base, pricing_model: 'fixed' }, [])).toEqual([
      { label: 'Fixed price, due at the end of the contract', kind: 'other', date: '2026-12-14', amount: '1200.00' },
    ]);
  });
});
