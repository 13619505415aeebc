import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.js';
import { type PaymentRecord, addMonths, spendEvidence, timelyPaymentEvidence, ukPaymentReport, ukReportingPeriod } from './evidence.js';

const rec = (
  id: string,
  amount: string,
  receivedDate: string,
  dueDate: string | null,
  paidDate: string | null,
  interestPaid = '0.00',
): PaymentRecord => ({
  id,
  amount,
  receivedDate,
  dueDate,
  paidDate,
  interestPaid,
});

describe('timely payment evidence', () => {
  const today = '2026-06-30';
  const records = [
    rec('a', '1000.00', '2026-05-01', '2026-05-31', '2026-05-29'), // on time, 28 days
    rec('b', '3000.00', '2026-04-01', '2026-05-01', '2026-05-11', '12.34'), // 10 days late, 40 days
    rec('c', '500.00', '2025-09-01', '2025-10-01', '2025-10-01'), // on time, 12-month window only, 30 days
    rec('d', '200.00', '2025-01-01', '2025-01-31', '2025-01-30'), // outside both windows
    rec('e', '700.00', '2026-05-01', '2026-05-31', null), // unpaid and overdue
    rec('f', '900.00', '2026-06-20', '2026-07-20', null), // unpaid, not yet due
    rec('g', '100.00', '2026-02-01', null, '2026-03-01'), // no due date (disputed then settled): on time
  ];
  it('shares paid on time by count and value over 6 and 12 months, days to pay, interest and overdue', () => {
    const e = timelyPaymentEvidence(records, today);
    expect(e.last6Months).toEqual({
      from: '2025-12-31',
      to: today,
      paidCount: 3,
      onTimeCount: 2,
      countShare: 0.666667,
      paidValue: '4100.00',
      onTimeValue: '1100.00',
      valueShare: 0.268293,
    });
    expect(e.last12Months).toMatchObject({
      from: '2025-07-01',
      paidCount: 4,
      onTimeCount: 3,
      paidValue: '4600.00',
      onTimeValue: '1600.00',
    });
    expect(e.averageDaysToPay).toBe((28 + 40 + 30 + 28) / 4);
    expect(e.interestPaid).toBe('12.34');
    expect(e).toMatchObject({ overdueCount: 1, overdueValue: '700.00' });
  });
  it('nulls, not zeros, when nothing was paid', () => {
    const e = timelyPaymentEvidence([], today);
    expect(e.last6Months).toMatchObject({ paidCount: 0, countShare: null, valueShare: null, paidValue: '0.00' });
    expect(e.averageDaysToPay).toBeNull();
  });
  it('adds months clamped to the month end, leap years included', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2026-01-15', -6)).toBe('2025-07-15');
    expect(addMonths('2025-12-31', 2)).toBe('2026-02-28');
  });
  it('shares are between 0 and 1 and on-time never exceeds paid', () => {
    const day = fc.integer({ min: 0, max: 800 }).map((n) => addDays('2025-01-01', n));
    const r = fc.record({
      received: day,
      due: fc.integer({ min: 0, max: 60 }),
      paid: fc.option(fc.integer({ min: 0, max: 120 })),
      cents: fc.integer({ min: 1, max: 10_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(r, { maxLength: 30 }), (rs) => {
        const records = rs.map((x, i) =>
          rec(
            String(i),
            (x.cents / 100).toFixed(2),
            x.received,
            addDays(x.received, x.due),
            x.paid === null ? null : addDays(x.received, x.paid),
          ),
        );
        for (const w of [
          timelyPaymentEvidence(records, '2026-12-31').last6Months,
          timelyPaymentEvidence(records, '2026-12-31').last12Months,
        ]) {
          expect(w.onTimeCount).toBeLessThanOrEqual(w.paidCount);
          for (const s of [w.countShare, w.valueShare]) if (s !== null) expect(s >= 0 && s <= 1).toBe(true);
        }
      }),
    );
  });
});

describe('UK payment report', () => {
  it('six-month periods 1 April–30 September and 1 October–31 March', () => {
    expect(ukReportingPeriod('2026-04-01')).toEqual({ from: '2026-04-01', to: '2026-09-30' });
    expect(ukReportingPeriod('2026-09-30')).toEqual({ from: '2026-04-01', to: '2026-09-30' });
    expect(ukReportingPeriod('2026-10-01')).toEqual({ from: '2026-10-01', to: '2027-03-31' });
    expect(ukReportingPeriod('2026-03-31')).toEqual({ from: '2025-10-01', to: '2026-03-31' });
  });
  it('counts an invoice paid within the 30 days beginning with the day of receipt', () => {
    const report = ukPaymentReport([
      rec('a', '100.00', '2025-10-01', null, '2025-10-30'), // the 30th day counting receipt: within
      rec('b', '200.00', '2025-10-01', null, '2025-10-31'), // the 31st: not within
      rec('c', '300.00', '2026-06-01', null, '2026-06-05'),
      rec('d', '400.00', '2026-06-01', null, null),
    ]);
    expect(report).toEqual([
      {
        label: '1 October 2025 to 31 March 2026',
        from: '2025-10-01',
        to: '2026-03-31',
        paidCount: 2,
        paidWithin30Count: 1,
        shareWithin30: 0.5,
        paidValue: '300.00',
        averageDaysToPay: 29.5,
      },
      {
        label: '1 April 2026 to 30 September 2026',
        from: '2026-04-01',
        to: '2026-09-30',
        paidCount: 1,
        paidWithin30Count: 1,
        shareWithin30: 1,
        paidValue: '300.00',
        averageDaysToPay: 4,
      },
    ]);
  });
  it('lists empty periods in a range, and nothing without payments', () => {
    expect(ukPaymentReport([], { from: '2025-10-01', to: '2026-12-31' }).map((p) => [p.label, p.paidCount, p.shareWithin30])).toEqual([
      ['1 October 2025 to 31 March 2026', 0, null],
      ['1 April 2026 to 30 September 2026', 0, null],
      ['1 October 2026 to 31 March 2027', 0, null],
    ]);
    expect(ukPaymentReport([])).toEqual([]);
  });
});

describe('planned spend against invoiced and paid', () => {
  it('works out the variance to date and by kind', () => {
    const e = spendEvidence({
      today: '2026-06-30',
      planned: [
        { label: 'Pilot milestone', kind: 'milestone', date: '2026-03-31', amount: '50000.00' },
        { label: 'Go-live milestone', kind: 'milestone', date: '2026-09-30', amount: '80000.00' },
        { label: 'Subscription Q1', kind: 'subscription', date: '2026-01-01', amount: '10000.00' },
        { label: 'Subscription Q2', kind: 'subscription', date: '2026-04-01', amount: '10000.00' },
        { label: 'Usage forecast H1', kind: 'usage_forecast', date: '2026-06-30', amount: '15000.00' },
        { label: 'T&M ceiling', kind: 'time_and_materials_ceiling', date: null, amount: '40000.00' },
      ],
      invoiced: [
        { date: '2026-04-02', amount: '50000.00' },
        { date: '2026-04-05', amount: '20000.00' },
        { date: '2026-06-30', amount: '21000.00' },
        { date: '2026-07-02', amount: '99.00' }, // after today
      ],
      paid: [
        { date: '2026-05-01', amount: '50000.00' },
        { date: '2026-05-02', amount: '20000.00' },
      ],
    });
    expect(e).toEqual({
      plannedTotal: '205000.00',
      plannedToDate: '85000.00',
      invoiced: '91000.00',
      paid: '70000.00',
      varianceInvoiced: '6000.00',
      variancePaid: '-15000.00',
      varianceShare: 0.070588,
      outstanding: '21000.00',
      byKind: [
        { kind: 'milestone', planned: '130000.00', plannedToDate: '50000.00' },
        { kind: 'subscription', planned: '20000.00', plannedToDate: '20000.00' },
        { kind: 'time_and_materials_ceiling', planned: '40000.00', plannedToDate: '0.00' },
        { kind: 'usage_forecast', planned: '15000.00', plannedToDate: '15000.00' },
      ],
    });
  });
  it('no share when nothing is planned to date', () => {
    expect(spendEvidence({ today: '2026-01-01', planned: [], invoiced: [], paid: [] })).toMatchObject({
      varianceShare: null,
      plannedTotal: '0.00',
    });
  });
});
