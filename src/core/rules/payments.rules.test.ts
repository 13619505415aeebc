import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.js';
import { DEFAULT_US_FEDERAL_HOLIDAYS } from '../payments/workingDays.js';
import {
  type InvoiceRuleFacts,
  PAYMENT_RULES,
  type PaymentsFacts,
  defectiveNotReturned,
  earlyPayment,
  invoiceDueSoonUnapproved,
  invoiceOverCeiling,
  invoicePastDue,
  milestoneAmountMismatch,
} from './payments.rules.js';

const today = '2026-06-01'; // a Monday
const inv = (over: Partial<InvoiceRuleFacts> = {}): InvoiceRuleFacts => ({
  id: 'i1',
  number: 'INV-7',
  state: 'received',
  amount: '10000.00',
  invoiceDate: '2026-05-01',
  receivedDate: '2026-05-04',
  dueDate: '2026-06-03',
  defective: false,
  returnedDate: null,
  paidAmount: '0.00',
  paidDate: null,
  milestoneLinks: [],
  ...over,
});
const facts = (invoices: InvoiceRuleFacts[], over: Partial<PaymentsFacts> = {}): PaymentsFacts => ({
  contractId: 'c1',
  rulePack: 'us-far',
  currency: 'USD',
  ceiling: '100000.00',
  paidToDate: '0.00',
  holidays: DEFAULT_US_FEDERAL_HOLIDAYS,
  interest: { annualRatePercent: '4.625' },
  invoices,
  ...over,
});

describe('payments.due_soon_unapproved', () => {
  it('fires within 5 working days of the due date for a received invoice', () => {
    expect(invoiceDueSoonUnapproved.evaluate(facts([inv()]), today)).toEqual([
      {
        ruleId: 'payments.due_soon_unapproved',
        subject: 'invoice:i1',
        severity: 'warning',
        ownerTeam: 'buyer',
        title: 'Invoice INV-7 is due in 2 working days and is not approved',
        evidence: { numbers: { dueDate: '2026-06-03', workingDaysLeft: 2, amount: '10000.00' } },
      },
    ]);
    expect(invoiceDueSoonUnapproved.evaluate(facts([inv({ dueDate: today })]), today)[0].title).toBe(
      'Invoice INV-7 is due today and is not approved',
    );
  });
  it('counts working days, not calendar days, past weekends and holidays', () => {
    // From Mon 29 Jun 2026: Tue, Wed, Thu, (Fri 3 Jul holiday), Mon 6, Tue 7 → 5 working days.
    expect(invoiceDueSoonUnapproved.evaluate(facts([inv({ dueDate: '2026-07-07' })]), '2026-06-29')).toHaveLength(1);
    expect(invoiceDueSoonUnapproved.evaluate(facts([inv({ dueDate: '2026-07-08' })]), '2026-06-29')).toHaveLength(0);
    // Without the holiday, 7 July is 6 working days away.
    expect(invoiceDueSoonUnapproved.evaluate(facts([inv({ dueDate: '2026-07-07' })], { holidays: [] }), '2026-06-29')).toHaveLength(0);
  });
  it('not for approved, defective, past-due or undated invoices', () => {
    for (const over of [{ state: 'approved' as const }, { defective: true }, { dueDate: '2026-05-29' }, { dueDate: null }])
      expect(invoiceDueSoonUnapproved.evaluate(facts([inv(over)]), today)).toEqual([]);
  });
});

describe('payments.past_due', () => {
  it('fires critical with the interest accrued so far', () => {
    // Due 2026-05-17, today 2026-06-01: 15 days late on 10,000 at 4.625% → 19.27.
    const [f] = invoicePastDue.evaluate(facts([inv({ dueDate: '2026-05-17' })]), today);
    expect(f).toMatchObject({
      subject: 'invoice:i1',
      severity: 'critical',
      ownerTeam: 'procurement',
      title: 'Invoice INV-7 is 15 days past due; interest so far USD 19.27',
      evidence: { numbers: { dueDate: '2026-05-17', daysLate: 15, outstanding: '10000.00', interest: '19.27' } },
    });
    expect(f.evidence.text).toMatch(/10,000.00 × 4.625% × 15 ÷ 360/);
  });
  it('on the outstanding amount after part-payments; not once paid, returned or cancelled', () => {
    expect(
      invoicePastDue.evaluate(facts([inv({ dueDate: '2026-05-17', paidAmount: '4000.00' })]), today)[0].evidence.numbers?.outstanding,
    ).toBe('6000.00');
    for (const over of [
      { paidAmount: '10000.00', state: 'paid' as const },
      { state: 'returned' as const },
      { state: 'cancelled' as const },
      { dueDate: today },
    ])
      expect(invoicePastDue.evaluate(facts([inv({ dueDate: '2026-05-17', ...over })]), today)).toEqual([]);
  });
  it('still fires, saying so, when no interest rate is set', () => {
    const [f] = invoicePastDue.evaluate(facts([inv({ dueDate: '2026-05-17' })], { interest: { rates: [] } }), today);
    expect(f.title).toBe('Invoice INV-7 is 15 days past due; no interest rate is set to work out the interest');
    expect(f.evidence.text).toBe(
      'No interest rate is set for 2026-05-18. Add the rate in effect on that day to the rate table, or enter an annual rate.',
    );
  });
  it('eu: statutory interest on the reference rate', () => {
    const [f] = invoicePastDue.evaluate(
      facts([inv({ dueDate: '2026-05-22', amount: '5000.00' })], {
        rulePack: 'eu',
        currency: 'EUR',
        interest: { annualRatePercent: '2.15' },
      }),
      today,
    );
    expect(f.title).toBe('Invoice INV-7 is 10 days past due; interest so far EUR 13.90');
  });
});

describe('payments.defect_not_returned', () => {
  it('fires once 7 days from receipt have passed without the defective invoice being returned', () => {
    const d = inv({ defective: true, receivedDate: '2026-05-20' });
    expect(defectiveNotReturned.evaluate(facts([d]), '2026-05-27')).toEqual([]);
    expect(defectiveNotReturned.evaluate(facts([d]), '2026-05-28')[0]).toMatchObject({
      severity: 'warning',
      title: 'Defective invoice INV-7 is 1 day past the 7 days to return it',
      evidence: { numbers: { receivedDate: '2026-05-20', returnBy: '2026-05-27', daysSinceReceipt: 8 } },
    });
    expect(defectiveNotReturned.evaluate(facts([{ ...d, returnedDate: '2026-05-29', state: 'returned' }]), today)).toEqual([]);
    expect(defectiveNotReturned.evaluate(facts([inv({ receivedDate: '2026-05-01' })]), today)).toEqual([]);
  });
  it('uses the invoice date when receipt was not stamped, and applies to every pack', () => {
    const d = inv({ defective: true, receivedDate: null, invoiceDate: '2026-05-20' });
    expect(defectiveNotReturned.evaluate(facts([d], { rulePack: 'uk-pa23' }), today)).toHaveLength(1);
  });
});

describe('payments.over_ceiling', () => {
  it('fires for the invoice that takes payments past the ceiling, and for those after it', () => {
    const f = facts(
      [
        inv({ id: 'a', number: 'A', amount: '30000.00', receivedDate: '2026-05-01' }),
        inv({ id: 'b', number: 'B', amount: '20000.00', receivedDate: '2026-05-02' }),
        inv({ id: 'c', number: 'C', amount: '5000.00', receivedDate: '2026-05-03' }),
        inv({ id: 'x', number: 'X', amount: '99999.00', receivedDate: '2026-05-03', state: 'returned' }),
      ],
      { ceiling: '100000.00', paidToDate: '60000.00' },
    );
    const out = invoiceOverCeiling.evaluate(f, today);
    expect(out.map((o) => o.subject)).toEqual(['invoice:b', 'invoice:c']);
    expect(out[0]).toMatchObject({
      severity: 'critical',
      title: 'Paying invoice B would take payments to USD 110,000.00, past the ceiling of USD 100,000.00',
      evidence: { numbers: { ceiling: '100000.00', paidToDate: '60000.00', totalIfPaid: '110000.00', over: '10000.00' } },
    });
  });
  it('counts only what is still to pay of part-paid invoices, and nothing at exactly the ceiling', () => {
    const f = facts([inv({ amount: '50000.00', paidAmount: '10000.00' })], { ceiling: '100000.00', paidToDate: '60000.00' });
    expect(invoiceOverCeiling.evaluate(f, today)).toEqual([]);
  });
  it('never fires while paid plus open amounts stay within the ceiling', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50_000 }), { maxLength: 10 }),
        fc.integer({ min: 0, max: 200_000 }),
        (amounts, paid) => {
          const invoices = amounts.map((a, i) => inv({ id: String(i), number: `N${i}`, amount: `${a}.00` }));
          const total = paid + amounts.reduce((s, a) => s + a, 0);
          const out = invoiceOverCeiling.evaluate(facts(invoices, { ceiling: '300000.00', paidToDate: `${paid}.00` }), today);
          expect(out.length === 0).toBe(total <= 300_000);
        },
      ),
    );
  });
});

describe('payments.early_payment', () => {
  it('us-far: fires for a payment more than 7 days before the due date, in the last 90 days', () => {
    const paid = (paidDate: string) => inv({ state: 'paid', paidAmount: '10000.00', paidDate, dueDate: '2026-05-30' });
    expect(earlyPayment.evaluate(facts([paid('2026-05-22')]), today)[0]).toMatchObject({
      severity: 'warning',
      title: 'Invoice INV-7 was paid 8 days before its due date',
    });
    expect(earlyPayment.evaluate(facts([paid('2026-05-23')]), today)).toEqual([]);
    expect(earlyPayment.evaluate(facts([paid('2026-05-22')], { rulePack: 'uk-pa23' }), today)).toEqual([]);
    expect(earlyPayment.evaluate(facts([paid('2026-05-22')], { acceleratedPaymentAllowed: true }), today)).toEqual([]);
    expect(earlyPayment.evaluate(facts([inv({ state: 'paid', paidDate: '2026-01-02', dueDate: '2026-02-01' })]), today)).toEqual([]);
  });
});

describe('payments.milestone_mismatch', () => {
  it('fires when the lines bill a milestone for other than its payment amount', () => {
    const links = [
      { milestoneId: 'm1', title: 'Pilot', paymentAmount: '50000.00', invoicedAmount: '55000.00' },
      { milestoneId: 'm2', title: 'Training', paymentAmount: '1000.00', invoicedAmount: '1000' },
      { milestoneId: 'm3', title: 'Support', paymentAmount: null, invoicedAmount: '7.00' },
    ];
    expect(milestoneAmountMismatch.evaluate(facts([inv({ milestoneLinks: links })]), today)).toEqual([
      {
        ruleId: 'payments.milestone_mismatch',
        subject: 'invoice:i1',
        severity: 'warning',
        ownerTeam: 'procurement',
        title: 'Invoice INV-7 bills USD 55,000.00 for milestone "Pilot", which pays USD 50,000.00',
        evidence: {
          numbers: { milestones: 1, invoiced: '55000.00', milestonePayment: '50000.00' },
          text: '"Pilot": invoiced USD 55,000.00, milestone payment USD 50,000.00',
        },
      },
    ]);
    expect(milestoneAmountMismatch.evaluate(facts([inv({ milestoneLinks: links.slice(1) })]), today)).toEqual([]);
    expect(milestoneAmountMismatch.evaluate(facts([inv({ milestoneLinks: links, state: 'cancelled' })]), today)).toEqual([]);
  });
});

describe('the payments rule pack', () => {
  it('has six rules with unique ids, and a quiet contract fires none', () => {
    expect(PAYMENT_RULES.map((r) => r.id)).toEqual([
      'payments.due_soon_unapproved',
      'payments.past_due',
      'payments.defect_not_returned',
      'payments.over_ceiling',
      'payments.early_payment',
      'payments.milestone_mismatch',
    ]);
    const quiet = facts([
      inv({ dueDate: addDays(today, 30) }),
      inv({ id: 'p', state: 'paid', paidAmount: '10000.00', paidDate: '2026-05-28', dueDate: '2026-05-30' }),
    ]);
    for (const r of PAYMENT_RULES) expect(r.evaluate(quiet, today)).toEqual([]);
  });
});
