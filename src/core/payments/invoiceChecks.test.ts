import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PROPER_INVOICE_ITEMS,
  type ProperInvoiceFacts,
  checkProperInvoice,
  isProperInvoice,
  validateInvoiceTotals,
} from './invoiceChecks.js';

const proper = (over: Partial<ProperInvoiceFacts> = {}): ProperInvoiceFacts => ({
  vendorName: 'Northwind Analytics LLC',
  vendorAddress: '1 Main St, Springfield',
  invoiceNumber: 'INV-1001',
  invoiceDate: '2026-03-01',
  contractNumber: '47QTCA-26-D-0001',
  lines: [
    {
      lineItemNumber: '0001',
      description: 'Model hosting, March',
      quantity: '1',
      unit: 'month',
      unitPrice: '12000.00',
      amount: '12000.00',
    },
    { lineItemNumber: '0002', description: 'Inference tokens', quantity: '2500000', unit: 'token', unitPrice: '0.0004', amount: '1000.00' },
  ],
  total: '13000.00',
  paymentTerms: 'Net 30',
  remitTo: 'Northwind Analytics LLC, PO Box 9, Springfield',
  defectContact: 'Ana Ruiz, Billing Lead, +1 555 0100, 1 Main St',
  otherRequirements: [{ label: 'Monthly usage report', met: true }],
  ...over,
});

describe('proper-invoice checklist', () => {
  it('us-far: the FAR 52.232-25 items, all passing for a complete invoice', () => {
    const items = checkProperInvoice('us-far', proper());
    expect(items.map((i) => i.item)).toEqual([
      'contractor_name_address',
      'invoice_date_number',
      'contract_number',
      'line_item_numbers',
      'description',
      'quantity',
      'unit_of_measure',
      'unit_and_extended_price',
      'payment_terms',
      'remit_to',
      'defect_contact',
      'other_requirements',
    ]);
    expect(items.every((i) => i.ok && i.label && i.message)).toBe(true);
    expect(isProperInvoice(items)).toBe(true);
  });

  it('us-far: each missing element fails its own item with a plain message', () => {
    const lines = proper().lines;
    const items = checkProperInvoice(
      'us-far',
      proper({
        vendorAddress: ' ',
        remitTo: null,
        defectContact: undefined,
        lines: [lines[0], { ...lines[1], lineItemNumber: '', unit: null, amount: '999.99' }],
        otherRequirements: [{ label: 'Monthly usage report', met: false }],
      }),
    );
    const failed = Object.fromEntries(items.filter((i) => !i.ok).map((i) => [i.item, i.message]));
    expect(failed).toEqual({
      contractor_name_address: 'The address is missing.',
      line_item_numbers: 'The line item number is missing on line 2.',
      unit_of_measure: 'The unit of measure is missing on line 2.',
      unit_and_extended_price: 'On line 2, quantity × unit price is 1000.00, not 999.99.',
      remit_to: 'Where to send payment is missing.',
      defect_contact: 'Nobody is named to notify of a defective invoice.',
      other_requirements: 'Missing: Monthly usage report.',
    });
    expect(isProperInvoice(items)).toBe(false);
  });

  it('an invoice without lines fails the line items', () => {
    const items = checkProperInvoice('us-far', proper({ lines: [] }));
    expect(items.find((i) => i.item === 'description')).toMatchObject({ ok: false, message: 'The invoice has no lines.' });
  });

  it('lighter lists for the other packs, which check the total', () => {
    expect(PROPER_INVOICE_ITEMS['uk-pa23']).toHaveLength(7);
    expect(PROPER_INVOICE_ITEMS.eu).toHaveLength(7);
    expect(PROPER_INVOICE_ITEMS.generic).toHaveLength(5);
    for (const pack of ['uk-pa23', 'eu', 'generic'] as const) expect(isProperInvoice(checkProperInvoice(pack, proper()))).toBe(true);
    const bad = checkProperInvoice('uk-pa23', proper({ total: '13000.01', contractNumber: '' }));
    expect(bad.filter((i) => !i.ok).map((i) => [i.item, i.message])).toEqual([
      ['contract_reference', 'The contract or order reference is missing.'],
      ['total', 'The lines add up to 13000.00, not 13000.01.'],
    ]);
    expect(
      checkProperInvoice('generic', proper({ vendorName: '', total: null }))
        .filter((i) => !i.ok)
        .map((i) => i.item),
    ).toEqual(['vendor_name', 'total']);
  });
});

describe('invoice totals', () => {
  const line = (quantity: string, unitPrice: string, amount: string) => ({ quantity, unitPrice, amount });
  it('accepts lines that multiply out and a total that adds up', () => {
    const c = validateInvoiceTotals(
      [line('3', '19.99', '59.97'), line('2500000', '0.0004', '1000.00'), line('7.5', '120.00', '900.00')],
      '1959.97',
      2,
    );
    expect(c).toEqual({ ok: true, problems: {}, expectedLineAmounts: ['59.97', '1000.00', '900.00'], expectedTotal: '1959.97' });
  });
  it('rounds line amounts half up to the cent', () => {
    // 3 × 0.125 = 0.375 → 0.38.
    expect(validateInvoiceTotals([line('3', '0.125', '0.38')], '0.38', 2).ok).toBe(true);
    expect(validateInvoiceTotals([line('3', '0.125', '0.37')], '0.37', 2).problems).toEqual({
      'lines.0.amount': 'Quantity × unit price is 0.38, not 0.37.',
    });
  });
  it('reports lines and totals that do not add up, negatives and extra decimals, by field', () => {
    const c = validateInvoiceTotals([line('2', '10.00', '20.00'), line('-1', '5.00', '-5.00'), line('1', '1.005', '1.005')], '30.00', 2);
    expect(c.ok).toBe(false);
    expect(c.problems).toEqual({
      'lines.1.quantity': 'The quantity must not be negative.',
      'lines.1.amount': 'The amount must not be negative.',
      'lines.2.amount': 'The amount must have at most 2 decimal places.',
      total: 'The lines add up to 20.00, not 30.00.',
    });
    expect(validateInvoiceTotals([line('1', '100', '100')], '100.5', 0).problems).toEqual({
      total: 'The total must have no decimal places.',
    });
    expect(validateInvoiceTotals([], '0.00', 2).problems).toEqual({ total: 'The invoice has no lines.' });
    expect(validateInvoiceTotals([line('1', 'abc', '1.00')], '1.00', 2).problems).toEqual({
      'lines.0.unitPrice': 'The unit price must be a number such as "12.50".',
    });
  });
  it('any lines built correctly add up; a cent off the total does not', () => {
    const lineArb = fc.record({
      q: fc.integer({ min: 0, max: 100_000 }),
      p: fc.integer({ min: 0, max: 10_000_000 }).map((c) => new Big(c).div(10_000).toString()),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), (ls) => {
        const lines = ls.map(({ q, p }) => line(String(q), p, new Big(q).times(p).round(2, 1).toFixed(2)));
        const total = lines.reduce((s, l) => s.plus(l.amount), new Big(0));
        expect(validateInvoiceTotals(lines, total.toFixed(2), 2).ok).toBe(true);
        expect(validateInvoiceTotals(lines, total.plus('0.01').toFixed(2), 2).problems.total).toMatch(/^The lines add up to/);
      }),
    );
  });
});
