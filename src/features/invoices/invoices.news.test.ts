/** Who hears of each invoice step in their inbox: procurement of new and approved invoices, the vendor of returns and payments. */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../core/dates.js';
import { type Client, type World, createWorld } from '../../test/harness.js';

let w: World;
let procurement: Client;
let buyerA: Client;
let vendorOne: Client;
let vendorTwo: Client;
const today = todayUtc();
const year = Number(today.slice(0, 4));

beforeAll(async () => {
  w = await createWorld();
  [procurement, buyerA, vendorOne, vendorTwo] = await Promise.all([
    w.as('procurement'),
    w.as('buyerA'),
    w.as('vendorOne'),
    w.as('vendorTwo'),
  ]);
});

const inbox = async (c: Client) =>
  ((await c.get('/api/notifications')).body.items as { title: string; link: string }[]).map((n) => n.title);

describe('invoice news', () => {
  it('reaches procurement when a vendor submits, the vendor when it is returned, not other vendors', async () => {
    const c = await w.contract({
      startDate: `${year - 1}-01-01`,
      endDate: `${year + 1}-12-31`,
      departmentId: w.dept.a,
      vendorId: w.vendor.one,
      reference: 'NEWS-1',
    });
    const r = await vendorOne.post(`/api/contracts/${c.id}/invoices`, {
      vendorInvoiceNumber: 'V1-77',
      invoiceDate: addDays(today, -1),
      currency: 'USD',
      lines: [{ lineItemNumber: '0001', description: 'Hosting', quantity: '1', unit: 'month', unitPrice: '500', amount: '500.00' }],
      subtotal: '500.00',
      total: '500.00',
    });
    expect(r.status, r.text).toBe(201);
    expect(await inbox(procurement)).toContain('NEWS-1: invoice V1-77 was received: check it against the proper-invoice checklist');
    const ret = await procurement.post(`/api/invoices/${r.body.id}/return`, {
      version: r.body.version,
      reasons: ['The remit-to address is missing.'],
    });
    expect(ret.status, ret.text).toBe(200);
    expect(await inbox(vendorOne)).toContain(
      'NEWS-1: invoice V1-77 was returned as defective: see the reasons and send a corrected invoice',
    );
    expect((await inbox(vendorTwo)).some((t) => t.includes('NEWS-1'))).toBe(false);
    expect((await inbox(buyerA)).some((t) => t.includes('V1-77'))).toBe(false);
  });
});
