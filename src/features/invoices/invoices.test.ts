import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../core/dates.js';
import { DEFAULT_US_FEDERAL_HOLIDAYS, nextWorkingDay } from '../../core/payments/index.js';
import { type Client, type World, auditRows, createWorld, expectError } from '../../test/harness.js';
import type { ContractDto } from '../contracts/contracts.schema.js';

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['admin', 'procurement', 'buyerA', 'buyerB', 'itA', 'auditor', 'vendorOne', 'vendorTwo'];

let w: World;
const as = {} as Record<UserKey, Client>;
const today = todayUtc();
const year = Number(today.slice(0, 4));
const wide = { startDate: `${year - 1}-01-01`, endDate: `${year + 1}-12-31` };
/** cA: department A, vendor one. cAr: the same, restricted. cB: department B, vendor two. */
let cA: ContractDto;
let cAr: ContractDto;
let cB: ContractDto;

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
/** A proper invoice: every us-far checklist item present. */
const invoice = (over: Record<string, unknown> = {}) => ({
  vendorInvoiceNumber: `INV-${++seq}`,
  invoiceDate: addDays(today, -2),
  currency: 'USD',
  lines: [line()],
  subtotal: '1000.00',
  total: '1000.00',
  contractorAddress: '1 High Street, Leeds LS1 1AA',
  paymentTerms: 'Net 30',
  remitTo: 'Vendor One Ltd, accounts receivable, 1 High Street, Leeds',
  defectContact: 'Jane Doe, credit controller, +44 113 000 0000, 1 High Street, Leeds',
  ...over,
});

async function submit(c: Client, contractId: string, over: Record<string, unknown> = {}) {
  const r = await c.post(`/api/contracts/${contractId}/invoices`, invoice(over));
  expect(r.status, r.text).toBe(201);
  return r.body;
}

beforeAll(async () => {
  w = await createWorld();
  const clients = await Promise.all(USERS.map((u) => w.as(u)));
  USERS.forEach((u, i) => {
    as[u] = clients[i];
  });
  cA = await w.contract({ ...wide, departmentId: w.dept.a, vendorId: w.vendor.one, value: '500000.00', ceiling: '600000.00' });
  cAr = await w.contract({
    ...wide,
    departmentId: w.dept.a,
    vendorId: w.vendor.one,
    restricted: true,
    value: '500000.00',
    ceiling: '600000.00',
  });
  cB = await w.contract({ ...wide, departmentId: w.dept.b, vendorId: w.vendor.two, value: '500000.00', ceiling: '600000.00' });
});

describe('submitting an invoice', () => {
  it('a vendor submits on its own contract: stamped today, checked, due 30 days later on a working day', async () => {
    const r = await as.vendorOne.post(`/api/contracts/${cA.id}/invoices`, invoice({ vendorInvoiceNumber: 'V1-0001' }));
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({
      vendorInvoiceNumber: 'V1-0001',
      state: 'received',
      receivedDate: today,
      defective: false,
      currency: 'USD',
      total: '1000.00',
      outstanding: '1000.00',
      rulePack: 'us-far',
      submittedByVendor: true,
      submittedBy: { id: w.users.vendorOne.id },
      contractorName: 'Vendor One Ltd',
      contractNumber: cA.reference,
      permissions: { approve: false, pay: false, return: false, resubmit: false, attach: true },
    });
    expect(r.body.dueDate).toBe(nextWorkingDay(addDays(today, 30), DEFAULT_US_FEDERAL_HOLIDAYS));
    expect(r.body.clock.dueWorking.join(' ')).toMatch(/30 days after receipt/);
    expect(r.body.clock.defectReturnDeadline).toBe(addDays(today, 7));
    expect(r.body.checklist.length).toBe(12);
    expect(r.body.checklist.every((c: { ok: boolean }) => c.ok)).toBe(true);
    expect(r.body.events).toMatchObject([{ action: 'submitted', toState: 'received', actor: { id: w.users.vendorOne.id } }]);
    expect(r.body.lines[0]).toMatchObject({ quantity: '10', unitPrice: '100', amount: '1000.00', lineItemNumber: '0001' });
    const audit = await auditRows(w.db, { action: 'invoice.submit', entityId: r.body.id });
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(w.users.vendorOne.id);

    const got = await as.procurement.get(`/api/invoices/${r.body.id}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"1"');
    expect(got.body.permissions).toMatchObject({ return: true, approve: false, pay: false, credit: true, schedule: false });
  });

  it('procurement enters a paper invoice with the date it was stamped, or none (then the invoice date counts)', async () => {
    const stamped = await submit(as.procurement, cA.id, { invoiceDate: addDays(today, -20), receivedDate: addDays(today, -15) });
    expect(stamped).toMatchObject({ receivedDate: addDays(today, -15), submittedByVendor: false });
    const unstamped = await submit(as.procurement, cA.id, { invoiceDate: addDays(today, -20), receiptStamped: false });
    expect(unstamped.clock.dueBasis).toBe('invoice_date');
    expect(unstamped.dueDate).toBe(nextWorkingDay(addDays(today, 10), DEFAULT_US_FEDERAL_HOLIDAYS));
  });

  it('a vendor may not stamp its own receipt date', async () => {
    const e = expectError(await as.vendorOne.post(`/api/contracts/${cA.id}/invoices`, invoice({ receivedDate: addDays(today, -40) })), 400);
    expect(e.fields?.receivedDate).toMatch(/stamped by Steward/);
  });

  it('an invoice missing checklist items is received but defective, and cannot be approved', async () => {
    const r = await submit(as.vendorOne, cA.id, { remitTo: '', lines: [line({ lineItemNumber: '' })] });
    expect(r.defective).toBe(true);
    const failed = r.checklist.filter((c: { ok: boolean }) => !c.ok).map((c: { item: string }) => c.item);
    expect(failed.sort()).toEqual(['line_item_numbers', 'remit_to']);
    expect(r.warnings[0]).toMatch(/return it to the vendor/);
    const a = expectError(await as.buyerA.post(`/api/invoices/${r.id}/approve`, { version: 1 }), 409, 'conflict');
    expect(a.message).toMatch(/failed the proper-invoice checklist/);
  });
});

describe('bad input answers 4xx with the field named', () => {
  const post = (over: Record<string, unknown>, c: () => Client = () => as.vendorOne, contract = () => cA) =>
    c().post(`/api/contracts/${contract().id}/invoices`, invoice(over));

  it('a currency other than the contract’s', async () => {
    const e = expectError(await post({ currency: 'EUR' }), 400, 'validation_failed');
    expect(e.fields?.currency).toBe('must be USD, the currency of the contract');
  });

  it('line amounts that are not quantity × unit price, and a subtotal that is not their sum', async () => {
    const e = expectError(await post({ lines: [line({ amount: '999.00' })], subtotal: '999.00', total: '999.00' }), 400);
    expect(e.fields?.['lines.0.amount']).toMatch(/is 1000\.00, not 999\.00/);
    const s = expectError(await post({ lines: [line(), line()], subtotal: '1500.00', total: '1500.00' }), 400);
    expect(s.fields?.subtotal).toMatch(/add up to 2000\.00/);
    const t = expectError(await post({ tax: '200.00', total: '1100.00' }), 400);
    expect(t.fields?.total).toBe('must be the subtotal plus tax (1200.00)');
  });

  it('negative amounts and quantities', async () => {
    const e = expectError(await post({ lines: [line({ amount: '-1000.00', quantity: '-10' })] }), 400);
    expect(e.fields?.['lines.0.amount']).toBe('must not be negative');
    expect(e.fields?.['lines.0.quantity']).toBe('must not be negative');
    expect(expectError(await post({ total: '-1000.00' }), 400).fields?.total).toBe('must not be negative');
  });

  it('more decimals than the currency has', async () => {
    expect(expectError(await post({ subtotal: '1000.001', total: '1000.001' }), 400).fields?.subtotal).toMatch(/at most 2 decimal/);
    const yen = await w.contract({ ...wide, currency: 'JPY', vendorId: w.vendor.one, value: '5000000.00', ceiling: '6000000.00' });
    const r = await as.vendorOne.post(
      `/api/contracts/${yen.id}/invoices`,
      invoice({
        currency: 'JPY',
        lines: [line({ quantity: '1', unitPrice: '1000.5', amount: '1000.50' })],
        subtotal: '1000.50',
        total: '1000.50',
      }),
    );
    const e = expectError(r, 400);
    expect(e.fields?.['lines.0.amount']).toMatch(/no decimal places/);
    expect(e.fields?.total).toMatch(/no decimal places in JPY/);
    const ok = await as.vendorOne.post(
      `/api/contracts/${yen.id}/invoices`,
      invoice({ currency: 'JPY', lines: [line({ quantity: '3', unitPrice: '1000', amount: '3000' })], subtotal: '3000', total: '3000' }),
    );
    expect(ok.status, ok.text).toBe(201);
  });

  it('an invoice date after the contract ended, or in the future', async () => {
    const ended = await w.contract({
      startDate: `${year - 2}-01-01`,
      endDate: `${year - 2}-12-31`,
      vendorId: w.vendor.one,
      status: 'closed',
    });
    const e = expectError(await post({ invoiceDate: `${year - 1}-01-15` }, undefined, () => ended), 400);
    expect(e.fields?.invoiceDate).toBe(`is after the contract ended (${year - 2}-12-31)`);
    expect(expectError(await post({ invoiceDate: addDays(today, 1) }), 400).fields?.invoiceDate).toBe('cannot be in the future');
  });

  it('a duplicate vendor invoice number on the same contract (409), but the same number on another contract is fine', async () => {
    await submit(as.vendorOne, cA.id, { vendorInvoiceNumber: 'DUP-1' });
    const e = expectError(await post({ vendorInvoiceNumber: 'DUP-1' }), 409, 'duplicate');
    expect(e.fields?.vendorInvoiceNumber).toMatch(/already used/);
    await submit(as.vendorOne, cAr.id, { vendorInvoiceNumber: 'DUP-1' });
  });

  it('unknown fields, no lines, a line linked to another contract’s milestone', async () => {
    expect(expectError(await post({ discount: '5' }), 400).fields?.discount).toBe('is not a known field');
    expect(expectError(await post({ lines: [] }), 400).fields?.lines).toBe('add at least one line');
    const m = await as.buyerA.post(`/api/contracts/${cAr.id}/milestones`, { title: 'Elsewhere', type: 'delivery', dueDate: today });
    expect(m.status, m.text).toBe(201);
    const e = expectError(await post({ lines: [line({ milestoneId: m.body.id })] }), 400);
    expect(e.fields?.['lines.0.milestoneId']).toBe('is not a milestone of this contract');
  });

  it('a draft contract takes no invoices yet', async () => {
    const draft = await w.contract({ ...wide, status: 'draft', vendorId: w.vendor.one });
    expect(expectError(await post({}, undefined, () => draft), 409).message).toMatch(/still a draft/);
  });
});

describe('idempotency', () => {
  it('the same key and body return the same invoice; the same key with another body gets 422', async () => {
    const body = invoice({ vendorInvoiceNumber: 'IDEM-1' });
    const h = { 'idempotency-key': 'inv-idem-1' };
    const first = await as.vendorOne.post(`/api/contracts/${cA.id}/invoices`, body, h);
    expect(first.status, first.text).toBe(201);
    const again = await as.vendorOne.post(`/api/contracts/${cA.id}/invoices`, body, h);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await as.vendorOne.post(`/api/contracts/${cA.id}/invoices`, { ...body, notes: 'changed' }, h);
    expectError(other, 422, 'unprocessable');
    const n = await w.db.selectFrom('invoices').select('id').where('vendor_invoice_number', '=', 'IDEM-1').execute();
    expect(n).toHaveLength(1);
    // Without a key, a retry is a duplicate number, not a second invoice.
    expectError(await as.vendorOne.post(`/api/contracts/${cA.id}/invoices`, body), 409, 'duplicate');
  });
});

describe('who sees and does what', () => {
  let onA: { id: string };
  let onAr: { id: string };
  let onB: { id: string };
  beforeAll(async () => {
    onA = await submit(as.vendorOne, cA.id, { vendorInvoiceNumber: 'M-A' });
    onAr = await submit(as.vendorOne, cAr.id, { vendorInvoiceNumber: 'M-AR' });
    onB = await submit(as.vendorTwo, cB.id, { vendorInvoiceNumber: 'M-B', remitTo: 'Vendor Two Ltd' });
  });

  it.each([
    // who, contract A (open), contract A (restricted), contract B
    ['procurement', 200, 200, 200],
    ['auditor', 200, 200, 200],
    ['buyerA', 200, 200, 403],
    ['buyerB', 403, 404, 200],
    ['itA', 403, 403, 403],
    ['vendorOne', 200, 200, 404],
    ['vendorTwo', 404, 404, 200],
    ['admin', 403, 403, 403],
  ] as const)("%s lists a contract's invoices: A %i, restricted A %i, B %i", async (who, a, ar, b) => {
    expect((await as[who].get(`/api/contracts/${cA.id}/invoices`)).status).toBe(a);
    expect((await as[who].get(`/api/contracts/${cAr.id}/invoices`)).status).toBe(ar);
    expect((await as[who].get(`/api/contracts/${cB.id}/invoices`)).status).toBe(b);
    expect((await as[who].get(`/api/invoices/${onA.id}`)).status).toBe(a);
    expect((await as[who].get(`/api/invoices/${onAr.id}`)).status).toBe(ar);
    expect((await as[who].get(`/api/invoices/${onB.id}`)).status).toBe(b);
  });

  it('a hidden invoice reads as not found, with no hint of the contract', async () => {
    const e = expectError(await as.vendorTwo.get(`/api/invoices/${onA.id}`), 404, 'not_found');
    expect(e.message).toBe('Invoice not found.');
    expectError(await as.buyerB.post(`/api/invoices/${onAr.id}/approve`, { version: 1 }), 404);
    // A role that may never pay is refused before any invoice is looked up: the answer says nothing about this one.
    expectError(await as.vendorTwo.post(`/api/invoices/${onA.id}/payments`, { date: today, amount: '1.00', reference: 'x' }), 403);
    expectError(await as.buyerB.get(`/api/invoices/${onAr.id}/interest`), 404);
  });

  it('the portfolio shows each user only what they may see', async () => {
    const ids = async (who: UserKey) => {
      const r = await as[who].get('/api/invoices?pageSize=100');
      expect(r.status, r.text).toBe(200);
      return r.body.items.map((i: { id: string }) => i.id) as string[];
    };
    const v1 = await ids('vendorOne');
    expect(v1).toEqual(expect.arrayContaining([onA.id, onAr.id]));
    expect(v1).not.toContain(onB.id);
    const v2 = await ids('vendorTwo');
    expect(v2).toContain(onB.id);
    expect(v2).not.toContain(onA.id);
    const bB = await ids('buyerB');
    expect(bB).toContain(onB.id);
    expect(bB).not.toContain(onA.id);
    expect(bB).not.toContain(onAr.id);
    const bA = await ids('buyerA');
    expect(bA).toEqual(expect.arrayContaining([onA.id, onAr.id]));
    expect(bA).not.toContain(onB.id);
    expect(await ids('auditor')).toEqual(expect.arrayContaining([onA.id, onAr.id, onB.id]));
    expectError(await as.admin.get('/api/invoices'), 403);
    expectError(await as.itA.get('/api/invoices'), 403);
    const dept = await as.procurement.get(`/api/invoices?departmentId=${w.dept.b}&pageSize=100`);
    expect(dept.body.items.every((i: { department: { id: string } }) => i.department.id === w.dept.b)).toBe(true);
  });

  it('vendors cannot approve, return, schedule or pay; auditors only read; buyers of another department cannot approve', async () => {
    for (const [path, body] of [
      ['approve', { version: 1 }],
      ['return', { version: 1, reasons: ['no'] }],
      ['schedule', { version: 1, scheduledDate: today }],
    ] as const) {
      expectError(await as.vendorOne.post(`/api/invoices/${onA.id}/${path}`, body), 403);
      expectError(await as.auditor.post(`/api/invoices/${onA.id}/${path}`, body), 403);
    }
    expectError(await as.vendorOne.post(`/api/invoices/${onA.id}/payments`, { date: today, amount: '1000.00', reference: 'x' }), 403);
    expectError(await as.vendorOne.patch(`/api/invoices/${onA.id}`, { version: 1, notes: 'mine' }), 403);
    expectError(await as.buyerB.post(`/api/invoices/${onA.id}/approve`, { version: 1 }), 403);
    expectError(await as.procurement.post(`/api/invoices/${onA.id}/approve`, { version: 1 }), 403);
    expectError(await as.vendorTwo.post(`/api/contracts/${cA.id}/invoices`, invoice()), 404);
    expectError(await as.buyerA.post(`/api/contracts/${cA.id}/invoices`, invoice()), 403);
    const still = await w.db.selectFrom('invoices').select('state').where('id', '=', onA.id).executeTakeFirstOrThrow();
    expect(still.state).toBe('received');
    const denials = await auditRows(w.db, { action: 'permission.denied' });
    expect(denials.length).toBeGreaterThan(5);
  });
});

describe('the life of an invoice', () => {
  it('returned as defective, sent again (history kept), approved, scheduled, paid in parts and with a credit note', async () => {
    const bad = await submit(as.vendorOne, cA.id, { vendorInvoiceNumber: 'LIFE-1', defectContact: '' });
    expect(bad.defective).toBe(true);
    expectError(await as.procurement.post(`/api/invoices/${bad.id}/return`, { version: 9 }), 412);
    expectError(await as.procurement.post(`/api/invoices/${bad.id}/return`, {}), 428);
    const ret = await as.procurement.post(`/api/invoices/${bad.id}/return`, { version: 1, note: 'Please add who to call.' });
    expect(ret.status, ret.text).toBe(200);
    expect(ret.body).toMatchObject({ state: 'returned_defective', dueDate: null, status: 'returned', version: 2 });
    expect(ret.body.events[1]).toMatchObject({ action: 'returned', toState: 'returned_defective', note: 'Please add who to call.' });
    expect(ret.body.events[1].reasons[0]).toMatch(/notify of a defective invoice/);
    expect(ret.body.permissions).toMatchObject({ resubmit: true, approve: false, return: false });
    expect((await as.vendorOne.get(`/api/invoices/${bad.id}`)).body.permissions.resubmit).toBe(true);
    expect((await as.buyerA.get(`/api/invoices/${bad.id}`)).body.permissions.resubmit).toBe(false);
    expectError(await as.procurement.post(`/api/invoices/${bad.id}/return`, { version: 2, reasons: ['again'] }), 409);

    const again = await as.vendorOne.post(`/api/invoices/${bad.id}/resubmit`, {
      ...invoice({
        vendorInvoiceNumber: 'LIFE-1',
        lines: [line({ quantity: '12', amount: '1200.00' })],
        subtotal: '1200.00',
        total: '1200.00',
      }),
      version: 2,
    });
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ state: 'received', defective: false, total: '1200.00', resubmissions: 1, receivedDate: today });
    expect(again.body.events.map((e: { action: string }) => e.action)).toEqual(['submitted', 'returned', 'resubmitted']);
    const snap = await w.db
      .selectFrom('invoice_events')
      .select('snapshot')
      .where('invoice_id', '=', bad.id)
      .where('action', '=', 'resubmitted')
      .executeTakeFirstOrThrow();
    expect(snap.snapshot).toMatchObject({ total: '1000.00', defectContact: '', checklist: expect.any(Array) });

    const appr = await as.buyerA.post(`/api/invoices/${bad.id}/approve`, { version: 3, note: 'Hours match the timesheets.' });
    expect(appr.status, appr.text).toBe(200);
    expect(appr.body).toMatchObject({ state: 'approved', approvedBy: { id: w.users.buyerA.id }, clock: { acceptedDate: today } });
    expectError(await as.buyerA.post(`/api/invoices/${bad.id}/approve`, { version: 4 }), 409);

    expect(
      expectError(await as.procurement.post(`/api/invoices/${bad.id}/schedule`, { version: 4, scheduledDate: addDays(today, -1) }), 400)
        .fields?.scheduledDate,
    ).toBeTruthy();
    const sch = await as.procurement.post(`/api/invoices/${bad.id}/schedule`, { version: 4, scheduledDate: today });
    expect(sch.status, sch.text).toBe(200);
    expect(sch.body).toMatchObject({ state: 'scheduled', clock: { scheduledDate: today } });

    const part = await as.procurement.post(`/api/invoices/${bad.id}/payments`, { date: today, amount: '500.00', reference: 'BACS-1' });
    expect(part.status, part.text).toBe(201);
    expect(part.body).toMatchObject({ state: 'scheduled', paid: '500.00', outstanding: '700.00' });
    const credit = await as.procurement.post(`/api/invoices/${bad.id}/payments`, {
      kind: 'credit_note',
      date: today,
      amount: '200.00',
      reference: 'CN-7',
    });
    expect(credit.status, credit.text).toBe(201);
    expect(credit.body).toMatchObject({ credited: '200.00', outstanding: '500.00' });
    const over = expectError(
      await as.procurement.post(`/api/invoices/${bad.id}/payments`, { date: today, amount: '600.00', reference: 'BACS-2' }),
      409,
    );
    expect(over.message).toMatch(/more than the 500\.00 USD still owed/);
    const dupRef = expectError(
      await as.procurement.post(`/api/invoices/${bad.id}/payments`, { date: today, amount: '1.00', reference: 'bacs-1' }),
      409,
    );
    expect(dupRef.fields?.reference).toBeTruthy();
    expect(
      expectError(await as.procurement.post(`/api/invoices/${bad.id}/payments`, { date: today, amount: '1.00' }), 400).fields?.reference,
    ).toMatch(/required/);
    const rest = await as.procurement.post(`/api/invoices/${bad.id}/payments`, { date: today, amount: '500.00', reference: 'BACS-2' });
    expect(rest.status, rest.text).toBe(201);
    expect(rest.body).toMatchObject({ state: 'paid', outstanding: '0.00', paidDate: today, status: 'paid_on_time' });
    expect(rest.body.payments.map((p: { kind: string }) => p.kind)).toEqual(['payment', 'credit_note', 'payment']);
    const twice = expectError(
      await as.procurement.post(`/api/invoices/${bad.id}/payments`, { date: today, amount: '1.00', reference: 'BACS-3' }),
      409,
    );
    expect(twice.message).toBe('This invoice is already paid in full; nothing more can be paid on it.');
    for (const a of ['invoice.return', 'invoice.resubmit', 'invoice.approve', 'invoice.schedule', 'invoice.pay', 'invoice.credit'])
      expect((await auditRows(w.db, { action: a, entityId: bad.id })).length, a).toBeGreaterThan(0);
  });

  it('corrects the received date only with a reason, kept in the audit log and the history', async () => {
    const inv = await submit(as.vendorOne, cA.id, { invoiceDate: addDays(today, -10) });
    const noReason = expectError(
      await as.procurement.patch(`/api/invoices/${inv.id}`, { version: 1, receivedDate: addDays(today, -8) }),
      400,
    );
    expect(noReason.fields?.reason).toMatch(/say why/);
    expectError(await as.procurement.patch(`/api/invoices/${inv.id}`, { receivedDate: addDays(today, -8), reason: 'x' }), 428);
    expectError(await as.procurement.patch(`/api/invoices/${inv.id}`, { version: 5, receivedDate: addDays(today, -8), reason: 'x' }), 412);
    expect(
      expectError(
        await as.procurement.patch(`/api/invoices/${inv.id}`, { version: 1, receivedDate: addDays(today, -12), reason: 'x' }),
        400,
      ).fields?.receivedDate,
    ).toBe('cannot be before the invoice date');
    const ok = await as.procurement.patch(
      `/api/invoices/${inv.id}`,
      { receivedDate: addDays(today, -8), reason: 'It reached the mailroom 8 days ago; the portal upload failed.' },
      { 'if-match': '"1"' },
    );
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ receivedDate: addDays(today, -8), version: 2 });
    expect(ok.body.dueDate).toBe(nextWorkingDay(addDays(today, 22), DEFAULT_US_FEDERAL_HOLIDAYS));
    expect(ok.body.events.at(-1)).toMatchObject({ action: 'received_date_changed', reasons: [expect.stringMatching(/mailroom/)] });
    const audit = await auditRows(w.db, { action: 'invoice.received_date_change', entityId: inv.id });
    expect(audit).toHaveLength(1);
    expect(audit[0].before).toMatchObject({ received_date: today });
    expect(audit[0].after).toMatchObject({ received_date: addDays(today, -8), reason: expect.stringMatching(/mailroom/) });
  });
});

describe('an invoice is never paid twice', () => {
  it('20 concurrent requests to pay it in full record exactly one payment; the others get 409 with a sentence', async () => {
    const inv = await submit(as.vendorOne, cA.id, { vendorInvoiceNumber: 'RACE-1' });
    const appr = await as.buyerA.post(`/api/invoices/${inv.id}/approve`, { version: 1 });
    expect(appr.status, appr.text).toBe(200);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        as.procurement.post(`/api/invoices/${inv.id}/payments`, { date: today, amount: '1000.00', reference: `PAY-RACE-${i}` }),
      ),
    );
    const codes = results.map((r) => r.status).sort();
    expect(codes.filter((s) => s === 201)).toHaveLength(1);
    expect(codes.filter((s) => s === 409)).toHaveLength(19);
    for (const r of results.filter((x) => x.status === 409))
      expect(expectError(r, 409, 'conflict').message).toBe('This invoice is already paid in full; nothing more can be paid on it.');
    const payments = await w.db.selectFrom('payments').select('amount').where('invoice_id', '=', inv.id).execute();
    expect(payments).toEqual([{ amount: '1000.00' }]);
    const row = await w.db.selectFrom('invoices').select(['state', 'paid']).where('id', '=', inv.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'paid', paid: '1000.00' });
  });
});

describe('late payment and interest, end to end', () => {
  it('an invoice paid 90 days late carries the Prompt Payment interest, with the working shown', async () => {
    const c = await w.contract({
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      vendorId: w.vendor.one,
      value: '900000.00',
      ceiling: '900000.00',
    });
    // Received Monday 2 March 2026; delivered 20 February, so acceptance (actual or constructive) comes before receipt.
    const inv = await submit(as.procurement, c.id, {
      vendorInvoiceNumber: 'LATE-1',
      invoiceDate: '2026-02-27',
      receivedDate: '2026-03-02',
      deliveredDate: '2026-02-20',
      lines: [line({ quantity: '100', unitPrice: '100', amount: '10000.00' })],
      subtotal: '10000.00',
      total: '10000.00',
    });
    expect(inv.dueDate).toBe('2026-04-01');
    const appr = await as.buyerA.post(`/api/invoices/${inv.id}/approve`, { version: 1, acceptedDate: '2026-02-25' });
    expect(appr.status, appr.text).toBe(200);
    expect(appr.body.dueDate).toBe('2026-04-01');

    const accrued = await as.buyerA.get(`/api/invoices/${inv.id}/interest?asOf=2026-06-30`);
    expect(accrued.status, accrued.text).toBe(200);
    expect(accrued.body).toMatchObject({ dueDate: '2026-04-01', outstanding: '10000.00', accrued: { interest: '103.48', daysLate: 90 } });

    const pay = await as.procurement.post(`/api/invoices/${inv.id}/payments`, {
      date: '2026-06-30',
      amount: '10000.00',
      reference: 'TRX-90',
    });
    expect(pay.status, pay.text).toBe(201);
    expect(pay.body).toMatchObject({ state: 'paid', paidDate: '2026-06-30', daysLate: 90, status: 'paid_late', interestPaid: '103.48' });
    expect(pay.body.payments[0]).toMatchObject({ daysLate: 90, interestDue: '103.48', interestPaid: '103.48', early: false });

    const r = await as.auditor.get(`/api/invoices/${inv.id}/interest`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.accrued).toBeNull();
    expect(r.body.interestPaid).toBe('103.48');
    const i = r.body.payments[0].interest;
    expect(i).toMatchObject({
      interest: '103.48',
      daysLate: 90,
      interestDays: 90,
      annualRatePercent: '4.125',
      dayBasis: 360,
      compounding: '30-day',
    });
    expect(i.periods.map((p: { interest: string }) => p.interest)).toEqual(['34.38', '34.49', '34.61']);
    expect(i.working.join('\n')).toMatch(/4\.125% a year/);

    const calc = await as.auditor.post('/api/prompt-payment/interest', {
      principal: '10000.00',
      dueDate: '2026-04-01',
      paymentDate: '2026-06-30',
      rulePack: 'us-far',
    });
    expect(calc.status, calc.text).toBe(200);
    expect(calc.body).toMatchObject({ interest: '103.48', daysLate: 90, payable: true });
  });

  it('an unpaid invoice past its due date shows the interest accrued so far', async () => {
    const c = await w.contract({
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      vendorId: w.vendor.one,
      value: '900000.00',
      ceiling: '900000.00',
    });
    const inv = await submit(as.procurement, c.id, {
      vendorInvoiceNumber: 'LATE-2',
      invoiceDate: '2026-02-27',
      receivedDate: '2026-03-02',
      deliveredDate: '2026-02-20',
    });
    const r = await as.procurement.get(`/api/invoices/${inv.id}/interest`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.accrued.daysLate).toBeGreaterThan(200);
    expect(r.body.accrued.working[0]).toMatch(/Due on 2026-04-01/);
    const list = await as.procurement.get(`/api/invoices?filter=late&contractId=${c.id}`);
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([inv.id]);
    expect(list.body.items[0]).toMatchObject({ status: 'late' });
  });
});

describe('the interest calculator', () => {
  const calc = (c: Client, body: Record<string, unknown>) => c.post('/api/prompt-payment/interest', body);
  it('works with an annual rate, refuses bad input, and says so when no rate applies', async () => {
    const r = await calc(as.vendorOne, {
      principal: '5000.00',
      currency: 'EUR',
      dueDate: '2026-01-31',
      paymentDate: '2026-03-02',
      rulePack: 'eu',
      annualRatePercent: '2.15',
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ daysLate: 30, annualRatePercent: '10.15', fixedCompensation: '40.00' });
    expect(
      (await calc(as.admin, { principal: '100.00', dueDate: '2026-01-31', paymentDate: '2026-01-30', rulePack: 'us-far' })).body,
    ).toMatchObject({
      interest: '0.00',
      daysLate: 0,
    });
    expect(
      expectError(
        await calc(as.procurement, { principal: '100.00', dueDate: '2026-01-31', paymentDate: '2026-03-02', rulePack: 'generic' }),
        400,
      ).fields?.annualRatePercent,
    ).toMatch(/required/);
    expectError(
      await calc(as.procurement, { principal: '-100.00', dueDate: '2026-01-31', paymentDate: '2026-03-02', rulePack: 'us-far' }),
      400,
    );
    const none = expectError(
      await calc(as.procurement, { principal: '100.00', dueDate: '2022-08-01', paymentDate: '2022-10-01', rulePack: 'us-far' }),
      422,
    );
    expect(none.message).toMatch(/No interest rate is set for 2022-08-02/);
    expectError(await calc(as.itA, { principal: '100.00', dueDate: '2026-01-31', paymentDate: '2026-03-02', rulePack: 'us-far' }), 403);
  });
});
