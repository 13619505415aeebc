import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../dates.js';
import { type LateInterestInput, currencyDecimals, lateInterest } from './interest.js';
import { DEFAULT_PROMPT_PAYMENT_RATES, type RatePeriod, rateOn, rateTableProblems } from './rates.js';

const far = (over: Partial<LateInterestInput> = {}) =>
  lateInterest({
    pack: 'us-far',
    principal: '10000.00',
    currency: 'USD',
    dueDate: '2026-03-02',
    paymentDate: '2026-03-17',
    annualRatePercent: '4.625',
    ...over,
  });

describe('us-far late-payment interest', () => {
  it('worked example: $10,000 paid 15 days late at 4.625% = 10000 × 0.04625 ÷ 360 × 15 = $19.27', () => {
    const r = far();
    expect(r).toMatchObject({
      interest: '19.27',
      daysLate: 15,
      interestDays: 15,
      annualRatePercent: '4.625',
      dayBasis: 360,
      payable: true,
    });
    expect(r.periods).toEqual([
      { from: '2026-03-03', to: '2026-03-17', days: 15, principalAtStart: '10000.00', annualRatePercent: '4.625', interest: '19.27' },
    ]);
    expect(r.working).toContain('Days 1–15 (2026-03-03 to 2026-03-17): USD 10,000.00 × 4.625% × 15 ÷ 360 = USD 19.27.');
  });

  it('uses the default Prompt Payment table: the rate in effect on the day after the due date', () => {
    const r = lateInterest({
      pack: 'us-far',
      principal: '10000.00',
      dueDate: '2025-03-03',
      paymentDate: '2025-03-18',
      rates: DEFAULT_PROMPT_PAYMENT_RATES,
    });
    expect(r.interest).toBe('19.27');
    expect(r.working.join(' ')).toMatch(
      /4\.625% a year, the Prompt Payment rate in effect on the day after the due date \(the table's rate for 2025-01-01 to 2025-06-30\)/,
    );
  });

  it('keeps the rate of the day after the due date when a new rate starts during the lateness', () => {
    const rates: RatePeriod[] = [
      { effectiveFrom: '2024-07-01', effectiveTo: '2024-12-31', annualRatePercent: '4.875' },
      { effectiveFrom: '2025-01-01', effectiveTo: '2025-06-30', annualRatePercent: '4.625' },
    ];
    // Day after due = 31 Dec 2024 → 4.875% for all 16 days.
    const a = lateInterest({ pack: 'us-far', principal: '10000.00', dueDate: '2024-12-30', paymentDate: '2025-01-15', rates });
    expect(a).toMatchObject({ annualRatePercent: '4.875', interest: '21.67' }); // 10000 × 0.04875 × 16 / 360 = 21.666…
    // Day after due = 1 Jan 2025 → 4.625%.
    const b = lateInterest({ pack: 'us-far', principal: '10000.00', dueDate: '2024-12-31', paymentDate: '2025-01-15', rates });
    expect(b).toMatchObject({ annualRatePercent: '4.625', interest: '19.27' });
  });

  it('adds unpaid interest to the principal every 30 days', () => {
    // 45 days: 10000 × 4.625% × 30/360 = 38.54; then 10038.54 × 4.625% × 15/360 = 19.345… → 19.35.
    const r = far({ paymentDate: '2026-04-16' });
    expect(r.periods.map((p) => [p.from, p.to, p.days, p.principalAtStart, p.interest])).toEqual([
      ['2026-03-03', '2026-04-01', 30, '10000.00', '38.54'],
      ['2026-04-02', '2026-04-16', 15, '10038.54', '19.35'],
    ]);
    expect(r.interest).toBe('57.89');
    // Simple interest would be 57.81.
    expect(
      lateInterest({
        pack: 'generic',
        principal: '10000.00',
        dueDate: '2026-03-02',
        paymentDate: '2026-04-16',
        annualRatePercent: '4.625',
        dayBasis: 360,
      }).interest,
    ).toBe('57.81');
  });

  it('pays interest for at most one year', () => {
    const r = far({ paymentDate: addDays('2026-03-02', 400) });
    expect(r.daysLate).toBe(400);
    expect(r.interestDays).toBe(365);
    expect(r.periods).toHaveLength(13);
    expect(r.periods.at(-1)).toMatchObject({ days: 5, to: addDays('2026-03-02', 365) });
    expect(r.working.join(' ')).toMatch(/at most one year, so only the first 365 days/);
    expect(far({ paymentDate: addDays('2026-03-02', 365) }).interest).toBe(r.interest);
    expect(far({ paymentDate: addDays('2026-03-02', 366) }).interest).toBe(r.interest);
  });

  it('interest under $1.00 is computed but need not be paid', () => {
    const r = far({ principal: '100.00', paymentDate: '2026-03-12' }); // 100 × 4.625% × 10 / 360 = 0.128…
    expect(r).toMatchObject({ interest: '0.13', payable: false });
    expect(r.working.at(-1)).toBe('Interest under USD 1.00 need not be paid.');
    expect(far({ principal: '1000.00', paymentDate: '2026-03-10' }).payable).toBe(true); // 1.03
  });

  it('nothing when paid on or before the due date', () => {
    for (const paymentDate of ['2026-03-02', '2026-02-20']) {
      const r = far({ paymentDate });
      expect(r).toMatchObject({ interest: '0.00', daysLate: 0, periods: [], payable: false, total: '0.00' });
      expect(r.working.at(-1)).toBe('Paid on or before the due date: no interest is owed.');
    }
  });

  it('says plainly when no rate is set for the day after the due date', () => {
    // The table has no figure for July–December 2022.
    expect(() =>
      lateInterest({
        pack: 'us-far',
        principal: '10.00',
        dueDate: '2022-08-01',
        paymentDate: '2022-08-20',
        rates: DEFAULT_PROMPT_PAYMENT_RATES,
      }),
    ).toThrow('No interest rate is set for 2022-08-02.');
    expect(() => lateInterest({ pack: 'us-far', principal: '10.00', dueDate: '2026-01-01', paymentDate: '2026-01-20' })).toThrow(
      /annual rate or a rate table/,
    );
  });

  it('refuses bad input with a plain sentence', () => {
    expect(() => far({ principal: '-5' })).toThrow(/non-negative decimal/);
    expect(() => far({ principal: '1e5' })).toThrow(/non-negative decimal/);
    expect(() => far({ dueDate: '2026-02-30' })).toThrow(/due date must be a real date/);
    expect(() => far({ annualRatePercent: 'x' })).toThrow(/annual rate/);
    expect(() => far({ pack: 'zz' as 'eu' })).toThrow(/Unknown rule pack/);
  });

  const args = fc.record({
    principal: fc.integer({ min: 0, max: 100_000_000 }).map((c) => new Big(c).div(100).toFixed(2)),
    late: fc.integer({ min: 0, max: 500 }),
    rate: fc.integer({ min: 0, max: 15_000 }).map((r) => new Big(r).div(1000).toString()),
    due: fc.integer({ min: 0, max: 4000 }).map((n) => addDays('2020-01-01', n)),
  });

  it('is monotone in days late and in principal, and its periods add up', () => {
    fc.assert(
      fc.property(args, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 100_000 }), (a, moreDays, moreCents) => {
        const r = far({ principal: a.principal, dueDate: a.due, paymentDate: addDays(a.due, a.late), annualRatePercent: a.rate });
        const later = far({
          principal: a.principal,
          dueDate: a.due,
          paymentDate: addDays(a.due, a.late + moreDays),
          annualRatePercent: a.rate,
        });
        const bigger = far({
          principal: new Big(a.principal).plus(new Big(moreCents).div(100)).toFixed(2),
          dueDate: a.due,
          paymentDate: addDays(a.due, a.late),
          annualRatePercent: a.rate,
        });
        expect(new Big(later.interest).gte(r.interest)).toBe(true);
        expect(new Big(bigger.interest).gte(r.interest)).toBe(true);
        expect(r.periods.reduce((s, p) => s.plus(p.interest), new Big(0)).toFixed(2)).toBe(r.interest);
        expect(r.interestDays).toBe(Math.min(a.late, 365));
        expect(r.periods.reduce((s, p) => s + p.days, 0)).toBe(r.interestDays);
        // Periods are contiguous from the day after the due date, 30 days each but the last.
        r.periods.forEach((p, i) => {
          expect(p.from).toBe(addDays(a.due, 1 + 30 * i));
          expect(daysBetween(p.from, p.to) + 1).toBe(p.days);
          if (i < r.periods.length - 1) expect(p.days).toBe(30);
        });
        expect(r.interest).toMatch(/^\d+\.\d{2}$/);
        expect(r.payable).toBe(new Big(r.interest).gte(1));
      }),
    );
  });

  it('compounding never gives less than simple interest, and the cap holds whatever the lateness', () => {
    fc.assert(
      fc.property(args, (a) => {
        const input = { principal: a.principal, dueDate: a.due, paymentDate: addDays(a.due, a.late), annualRatePercent: a.rate };
        const compound = far(input);
        const simple = lateInterest({ ...input, pack: 'generic', dayBasis: 360, compounding: 'none' });
        // Simple interest over the same capped days, with rounding slack of a cent per period.
        const capped = lateInterest({ ...input, pack: 'generic', dayBasis: 360, paymentDate: addDays(a.due, Math.min(a.late, 365)) });
        expect(new Big(compound.interest).plus(new Big('0.01').times(compound.periods.length)).gte(capped.interest)).toBe(true);
        if (a.late <= 365) expect(capped.interest).toBe(simple.interest);
      }),
    );
  });
});

describe('eu statutory interest', () => {
  const rates: RatePeriod[] = [
    { effectiveFrom: '2025-01-01', effectiveTo: '2025-06-30', annualRatePercent: '3.15' },
    { effectiveFrom: '2025-07-01', effectiveTo: '2025-12-31', annualRatePercent: '2.15' },
  ];
  it('reference rate + 8 points, simple, ÷ 365, each half-year at its own rate, plus EUR 40', () => {
    const r = lateInterest({ pack: 'eu', principal: '5000.00', currency: 'EUR', dueDate: '2025-05-01', paymentDate: '2025-08-15', rates });
    // 5000 × 11.15% × 60/365 = 91.643… → 91.64; 5000 × 10.15% × 46/365 = 63.958… → 63.96.
    expect(r.periods.map((p) => [p.from, p.to, p.days, p.annualRatePercent, p.interest])).toEqual([
      ['2025-05-02', '2025-06-30', 60, '11.15', '91.64'],
      ['2025-07-01', '2025-08-15', 46, '10.15', '63.96'],
    ]);
    expect(r).toMatchObject({
      interest: '155.60',
      fixedCompensation: '40.00',
      total: '195.60',
      annualRatePercent: '11.15',
      payable: true,
      dayBasis: 365,
    });
  });
  it('fixed compensation is configurable and not owed when on time', () => {
    const base = { pack: 'eu' as const, principal: '5000.00', currency: 'EUR', annualRatePercent: '2.15' };
    expect(lateInterest({ ...base, dueDate: '2025-05-01', paymentDate: '2025-05-11', euFixedCompensation: '0' })).toMatchObject({
      interest: '13.90', // 5000 × 10.15% × 10/365 = 13.904…
      fixedCompensation: '0.00',
      total: '13.90',
    });
    expect(lateInterest({ ...base, dueDate: '2025-05-01', paymentDate: '2025-05-11', euFixedCompensation: '70.00' }).total).toBe('83.90');
    expect(lateInterest({ ...base, dueDate: '2025-05-01', paymentDate: '2025-05-01' })).toMatchObject({
      fixedCompensation: '0.00',
      total: '0.00',
    });
  });
  it('no rate for part of the lateness is an error naming the day', () => {
    expect(() => lateInterest({ pack: 'eu', principal: '5000.00', dueDate: '2025-12-20', paymentDate: '2026-01-10', rates })).toThrow(
      'No interest rate is set for 2026-01-01.',
    );
  });
});

describe('uk-pa23 and generic interest', () => {
  it('uk: simple interest at the given rate ÷ 365', () => {
    // 1000 × 8% × 10 / 365 = 2.1917… → 2.19.
    expect(
      lateInterest({
        pack: 'uk-pa23',
        principal: '1000.00',
        currency: 'GBP',
        dueDate: '2026-03-02',
        paymentDate: '2026-03-12',
        annualRatePercent: '8',
      }),
    ).toMatchObject({
      interest: '2.19',
      fixedCompensation: '0.00',
      compounding: 'none',
    });
  });
  it('generic: per-contract basis and compounding; rounding to the currency', () => {
    const g = lateInterest({
      pack: 'generic',
      principal: '10000.00',
      dueDate: '2026-03-02',
      paymentDate: '2026-04-16',
      annualRatePercent: '4.625',
      dayBasis: 360,
      compounding: '30-day',
    });
    expect(g.interest).toBe('57.89'); // same as us-far over 45 days
    // JPY has no minor unit: 1,000,000 × 5% × 30 / 365 = 4109.58… → 4110.
    expect(
      lateInterest({
        pack: 'generic',
        principal: '1000000',
        currency: 'JPY',
        dueDate: '2026-03-02',
        paymentDate: '2026-04-01',
        annualRatePercent: '5',
      }).interest,
    ).toBe('4110');
    // Half up: 1000 × 7.3% × 1 / 365 = 0.2 exactly; 125 × 7.3% × 1/365 = 0.025 → 0.03.
    expect(
      lateInterest({ pack: 'generic', principal: '125.00', dueDate: '2026-03-02', paymentDate: '2026-03-03', annualRatePercent: '7.3' })
        .interest,
    ).toBe('0.03');
    expect(() =>
      lateInterest({
        pack: 'generic',
        principal: '1',
        dueDate: '2026-03-02',
        paymentDate: '2026-03-03',
        annualRatePercent: '1',
        dayBasis: 364 as 360,
      }),
    ).toThrow(/360 or 365/);
  });
  it('currency minor units', () => {
    expect([currencyDecimals('USD'), currencyDecimals('JPY'), currencyDecimals('KWD'), currencyDecimals(undefined)]).toEqual([2, 0, 3, 2]);
  });
});

describe('rate tables', () => {
  it('the default Prompt Payment table is well formed, half-yearly, and leaves out what could not be confirmed', () => {
    expect(rateTableProblems(DEFAULT_PROMPT_PAYMENT_RATES)).toEqual([]);
    for (const r of DEFAULT_PROMPT_PAYMENT_RATES) {
      expect(r.effectiveFrom.slice(5)).toMatch(/^(01-01|07-01)$/);
      expect(r.source).toBeTruthy();
    }
    expect(rateOn(DEFAULT_PROMPT_PAYMENT_RATES, '2025-03-04')?.annualRatePercent).toBe('4.625');
    expect(rateOn(DEFAULT_PROMPT_PAYMENT_RATES, '2024-12-31')?.annualRatePercent).toBe('4.875');
    expect(rateOn(DEFAULT_PROMPT_PAYMENT_RATES, '2022-09-01')).toBeNull();
  });
  it('finds the period of a date and reports problems in a table', () => {
    const open: RatePeriod[] = [{ effectiveFrom: '2026-01-01', effectiveTo: null, annualRatePercent: '3' }];
    expect(rateOn(open, '2030-01-01')?.annualRatePercent).toBe('3');
    expect(rateOn(open, '2025-12-31')).toBeNull();
    expect(
      rateTableProblems([
        { effectiveFrom: '2026-01-01', effectiveTo: '2026-06-30', annualRatePercent: '3' },
        { effectiveFrom: '2026-06-01', effectiveTo: '2026-05-01', annualRatePercent: '-1' },
      ]),
    ).toEqual([
      'Period 2: the end is before the start.',
      'Period 2: the rate must be a percentage such as 4.625 (0 to 99.999999).',
      'The periods starting 2026-01-01 and 2026-06-01 overlap.',
    ]);
  });
});
