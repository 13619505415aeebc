import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.js';
import { type DueDateInput, defectReturnDeadline, earlyPaymentCheck, paymentDueDate } from './dueDates.js';
import { DEFAULT_US_FEDERAL_HOLIDAYS, isWorkingDay } from './workingDays.js';

const far = (over: Partial<DueDateInput> = {}) =>
  paymentDueDate({ pack: 'us-far', invoiceDate: '2026-02-27', receivedDate: '2026-03-02', ...over });

describe('us-far due dates', () => {
  it('30 days after receipt of a proper invoice', () => {
    const r = far();
    expect(r).toMatchObject({ dueDate: '2026-04-01', basis: 'receipt' });
    expect(r.working[0]).toBe('The invoice was received on 2026-03-02 (Monday).');
    expect(r.working.at(-1)).toMatch(/^Payment due date: 2026-04-01 \(Wednesday\)/);
  });

  it('counts from the invoice date when the receipt date was not stamped', () => {
    const r = far({ invoiceDate: '2026-03-02', receivedDate: null });
    expect(r).toMatchObject({ dueDate: '2026-04-01', basis: 'invoice_date' });
    expect(r.working[0]).toMatch(/not stamped.*invoice date, 2026-03-02/);
  });

  it('uses constructive acceptance on the 7th day after delivery when later, and rolls a Sunday to Monday', () => {
    const r = far({ deliveredDate: '2026-03-20' });
    // Accepted constructively 2026-03-27; +30 = Sunday 2026-04-26 → Monday.
    expect(r).toMatchObject({ dueDate: '2026-04-27', basis: 'acceptance' });
    expect(r.working.join(' ')).toMatch(/deemed made on the 7th day after delivery, 2026-03-27/);
    expect(r.working.join(' ')).toMatch(/falls on a weekend/);
  });

  it('an actual acceptance before the 7th day counts; a later one does not', () => {
    expect(far({ deliveredDate: '2026-03-20', acceptedDate: '2026-03-22' }).dueDate).toBe('2026-04-21');
    const late = far({ deliveredDate: '2026-03-20', acceptedDate: '2026-04-10' });
    expect(late.dueDate).toBe('2026-04-27');
    expect(late.working.join(' ')).toMatch(/actual acceptance came later/);
  });

  it('a recorded acceptance without delivery counts', () => {
    expect(far({ acceptedDate: '2026-03-10' })).toMatchObject({ dueDate: '2026-04-09', basis: 'acceptance' });
  });

  it('receipt wins when acceptance was earlier', () => {
    expect(far({ deliveredDate: '2026-01-05' })).toMatchObject({ dueDate: '2026-04-01', basis: 'receipt' });
  });

  it('a disagreement before acceptance means no due date until acceptance', () => {
    expect(far({ deliveredDate: '2026-03-20', acceptanceDisputed: true })).toMatchObject({ dueDate: null, basis: 'disputed' });
    expect(far({ deliveredDate: '2026-03-20', acceptanceDisputed: true, acceptedDate: '2026-04-15' }).dueDate).toBe('2026-05-15');
    expect(far({ disputed: true })).toMatchObject({ dueDate: null, basis: 'disputed' });
  });

  it('moves a due date on a federal holiday to the next working day', () => {
    const r = far({ receivedDate: '2026-06-03' }); // +30 = Friday 3 July 2026, Independence Day observed
    expect(r.dueDate).toBe('2026-07-06');
    expect(r.working.join(' ')).toMatch(/2026-07-03 \(Friday\) is a federal holiday \(Independence Day\)/);
    expect(far({ receivedDate: '2026-11-25' }).dueDate).toBe('2026-12-28'); // Christmas, Friday
    expect(far({ receivedDate: '2021-12-01' }).dueDate).toBe('2022-01-03'); // New Year observed 31 Dec 2021
  });

  it('handles leap years', () => {
    expect(far({ receivedDate: '2024-01-30' }).dueDate).toBe('2024-02-29');
    expect(far({ receivedDate: '2025-01-30' }).dueDate).toBe('2025-03-03'); // 1 March 2025 is a Saturday
  });

  it('takes the days a defective invoice was returned late off the time to pay the corrected one', () => {
    // Returned after 10 days: 3 days late, so 27 days: 2026-03-29 (Sunday) → Monday.
    const r = far({ previousDefective: { receivedDate: '2026-02-10', returnedDate: '2026-02-20' } });
    expect(r.dueDate).toBe('2026-03-30');
    expect(r.working.join(' ')).toMatch(/cut by 3 days to 27/);
    expect(far({ previousDefective: { receivedDate: '2026-02-10', returnedDate: '2026-02-17' } }).dueDate).toBe('2026-04-01');
  });

  it('uses the holidays it is given', () => {
    expect(far({ receivedDate: '2026-06-03', holidays: [] }).dueDate).toBe('2026-07-03');
    expect(far({ holidays: ['2026-04-01'] }).dueDate).toBe('2026-04-02');
  });

  const day = fc.integer({ min: 0, max: 5000 }).map((n) => addDays('2020-01-01', n));
  it('is always a working day, never before receipt + 30 nor acceptance + 30', () => {
    fc.assert(
      fc.property(day, fc.option(fc.integer({ min: -60, max: 60 })), fc.option(fc.integer({ min: 0, max: 20 })), (rec, del, acc) => {
        const deliveredDate = del === null ? null : addDays(rec, del);
        const acceptedDate = deliveredDate && acc !== null ? addDays(deliveredDate, acc) : null;
        const r = far({ invoiceDate: rec, receivedDate: rec, deliveredDate, acceptedDate });
        const due = r.dueDate as string;
        const constructive = deliveredDate ? addDays(deliveredDate, 7) : null;
        const acceptance = constructive ? (acceptedDate && acceptedDate < constructive ? acceptedDate : constructive) : null;
        const raw = acceptance && addDays(acceptance, 30) > addDays(rec, 30) ? addDays(acceptance, 30) : addDays(rec, 30);
        expect(isWorkingDay(due, DEFAULT_US_FEDERAL_HOLIDAYS)).toBe(true);
        expect(due >= addDays(rec, 30)).toBe(true);
        if (acceptance) expect(due >= addDays(acceptance, 30)).toBe(true);
        expect(due >= raw && due <= addDays(raw, 3)).toBe(true);
        expect(r.basis).toBe(raw === addDays(rec, 30) ? 'receipt' : 'acceptance');
      }),
    );
  });
});

describe('uk-pa23 due dates', () => {
  const uk = (over: Partial<DueDateInput> = {}) =>
    paymentDueDate({ pack: 'uk-pa23', invoiceDate: '2026-02-27', receivedDate: '2026-03-02', ...over });
  it('the 30-day period begins with the day of receipt', () => {
    const r = uk();
    expect(r).toMatchObject({ dueDate: '2026-03-31', basis: 'receipt' });
    expect(r.working.join(' ')).toMatch(/begins with 2026-03-02 \(Monday\) itself/);
  });
  it('no roll for weekends', () => {
    expect(uk({ receivedDate: '2026-03-07' }).dueDate).toBe('2026-04-05'); // a Sunday
  });
  it('no due date while disputed', () => {
    expect(uk({ disputed: true })).toMatchObject({ dueDate: null, basis: 'disputed' });
  });
  it('counts from the payment date the invoice states when later', () => {
    expect(uk({ statedDueDate: '2026-03-10' }).dueDate).toBe('2026-04-08');
    expect(uk({ statedDueDate: '2026-03-01' }).dueDate).toBe('2026-03-31');
  });
});

describe('eu due dates', () => {
  const eu = (over: Partial<DueDateInput> = {}) =>
    paymentDueDate({ pack: 'eu', invoiceDate: '2026-02-27', receivedDate: '2026-03-02', ...over });
  it('30 calendar days after receipt', () => {
    expect(eu()).toMatchObject({ dueDate: '2026-04-01', basis: 'receipt' });
  });
  it('after acceptance when an acceptance procedure applies and ends later', () => {
    expect(eu({ acceptanceProcedure: true, acceptedDate: '2026-03-20' })).toMatchObject({ dueDate: '2026-04-19', basis: 'acceptance' });
    expect(eu({ acceptanceProcedure: true, acceptedDate: '2026-02-20' })).toMatchObject({ dueDate: '2026-04-01', basis: 'receipt' });
    expect(eu({ acceptedDate: '2026-03-20' }).dueDate).toBe('2026-04-01'); // no procedure: acceptance does not count
    // Not yet accepted: the procedure lasts at most 30 days from delivery.
    expect(eu({ acceptanceProcedure: true, deliveredDate: '2026-03-01' }).dueDate).toBe('2026-04-30');
  });
  it('from delivery when the receipt date is not known', () => {
    expect(eu({ receivedDate: null, deliveredDate: '2026-03-05' }).dueDate).toBe('2026-04-04');
    expect(eu({ receivedDate: null })).toMatchObject({ dueDate: '2026-03-29', basis: 'invoice_date' });
  });
});

describe('generic due dates', () => {
  it("the contract's terms, or 30 days", () => {
    const g = (termsDays: number | null) =>
      paymentDueDate({ pack: 'generic', invoiceDate: '2026-03-01', receivedDate: '2026-03-02', termsDays });
    expect(g(45)).toMatchObject({ dueDate: '2026-04-16', basis: 'terms' });
    expect(g(null).dueDate).toBe('2026-04-01');
    expect(g(null).working.join(' ')).toMatch(/sets no payment terms/);
  });
  it('refuses an unknown pack', () => {
    expect(() => paymentDueDate({ pack: 'xx' as 'eu', invoiceDate: '2026-03-01', receivedDate: null })).toThrow(/Unknown rule pack/);
  });
});

describe('defect return and early payment', () => {
  it('us-far: return a defective invoice within 7 days of receipt', () => {
    expect(defectReturnDeadline({ pack: 'us-far', receivedDate: '2026-03-02' }).deadline).toBe('2026-03-09');
    expect(defectReturnDeadline({ pack: 'uk-pa23', receivedDate: '2026-03-02' }).deadline).toBeNull();
    expect(defectReturnDeadline({ pack: 'eu', receivedDate: '2026-03-02', days: 10 }).deadline).toBe('2026-03-12');
  });
  it('us-far: flags payment earlier than 7 days before the due date', () => {
    const c = (paymentDate: string, pack: 'us-far' | 'uk-pa23' = 'us-far', acceleratedPaymentAllowed = false) =>
      earlyPaymentCheck({ pack, dueDate: '2026-04-01', paymentDate, acceleratedPaymentAllowed });
    expect(c('2026-03-25')).toMatchObject({ daysEarly: 7, flagged: false });
    expect(c('2026-03-24')).toMatchObject({ daysEarly: 8, flagged: true });
    expect(c('2026-04-03')).toMatchObject({ daysEarly: 0, flagged: false });
    expect(c('2026-03-01', 'uk-pa23').flagged).toBe(false);
    expect(c('2026-03-01', 'us-far', true).flagged).toBe(false);
  });
});
