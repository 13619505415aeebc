import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.js';
import { type DailyAmount, detectSpikes, fitBurn, forecastSpend, projectDays, spentToDate } from './forecast.js';
import { compareWithTolerance, expectedCost } from './reconcile.js';
import { DEFAULT_USAGE_THRESHOLDS, percentOf, reachesPercent, resolveUsageThresholds, usageThresholdProblems } from './thresholds.js';

const today = '2026-03-01';
/** `values[i]` is the spend `values.length - i` days before today (the last one is yesterday). */
const series = (values: number[], end = addDays(today, -1)): DailyAmount[] =>
  values.map((v, i) => ({ day: addDays(end, i - values.length + 1), amount: new Big(v).toFixed(2) }));
const flat = (n: number, v: number) => series(Array.from({ length: n }, () => v));

describe('spentToDate', () => {
  it('sums exactly, ignoring days after today', () => {
    expect(spentToDate([...series([0.1, 0.2]), { day: addDays(today, 1), amount: '99' }], today)).toBe('0.30');
    expect(spentToDate([], today)).toBe('0.00');
  });
});

describe('fitBurn and forecastSpend', () => {
  it('a steady 100 a day burns 100 a day with no trend and no spread', () => {
    const f = forecastSpend({ daily: flat(60, 100), today, endDate: addDays(today, 99), ceiling: '20000', horizonDays: 60 });
    expect(f.model.windowLength).toBe(28);
    expect(f.burnRate).toBe('100.00');
    expect(f.trendPerDay).toBe('0.00');
    expect(f.spentToDate).toBe('6000.00');
    // Today has no data yet, so 61 days are projected: today and the next 60.
    expect(f.spendWithinHorizon).toBe('12100.00');
    expect(f.projectedAtEnd).toBe('16000.00');
    expect(f.projectedAtEndLow).toBe('16000.00');
    expect(f.projectedAtEndHigh).toBe('16000.00');
    // 14,000 more at 100 a day: the 140th day after yesterday.
    expect(f.ceilingDate).toBe(addDays(today, 139));
  });

  it('follows a rising trend, then holds the rate level', () => {
    const m = fitBurn(series(Array.from({ length: 28 }, (_, i) => 10 + i)), today, { trendDays: 10 });
    expect(m.slope).toBeCloseTo(1, 9);
    expect(m.intercept).toBeCloseTo(10, 9);
    // Days 1..10 after the window: 38..47; then level at 47.
    expect(projectDays(m, 12).expected).toBeCloseTo(38 + 39 + 40 + 41 + 42 + 43 + 44 + 45 + 46 + 47 + 47 + 47, 6);
  });

  it('never projects negative spend from a falling trend', () => {
    const m = fitBurn(series(Array.from({ length: 28 }, (_, i) => 280 - 10 * i)), today);
    expect(projectDays(m, 400).expected).toBeGreaterThanOrEqual(0);
    expect(projectDays(m, 400).low).toBeGreaterThanOrEqual(0);
  });

  it('uses only the days since usage began, and ends the window on the last day with data when it is recent', () => {
    let m = fitBurn(series([50, 50, 50, 50, 50], addDays(today, -3)), today);
    expect([m.windowStart, m.windowEnd, m.windowLength, m.mean]).toEqual([addDays(today, -7), addDays(today, -3), 5, 50]);
    // No data for 10 days: the silent days count as zero.
    m = fitBurn(series([50, 50, 50], addDays(today, -10)), today);
    expect(m.windowEnd).toBe(addDays(today, -1));
    expect(m.windowLength).toBe(12);
  });

  it('with no usage, projects nothing and finds no ceiling date', () => {
    const f = forecastSpend({ daily: [], today, endDate: addDays(today, 30), ceiling: '100' });
    expect([f.spentToDate, f.projectedAtEnd, f.ceilingDate]).toEqual(['0.00', '0.00', null]);
  });

  it('names the past day the ceiling was reached', () => {
    const f = forecastSpend({ daily: flat(10, 100), today, endDate: addDays(today, 30), ceiling: '500' });
    expect(f.ceilingDate).toBe(addDays(today, -6));
  });

  const dailyArb = fc
    .array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 60 })
    .map((xs) => series(xs.map((c) => c / 100)));

  it('projected spend never decreases with the horizon, and the band widens', () => {
    fc.assert(
      fc.property(dailyArb, fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (daily, a, b) => {
        const [k1, k2] = a < b ? [a, b] : [b, a];
        const m = fitBurn(daily, today);
        const p1 = projectDays(m, k1);
        const p2 = projectDays(m, k2);
        expect(p2.expected).toBeGreaterThanOrEqual(p1.expected - 1e-9);
        expect(p2.high - p2.expected).toBeGreaterThanOrEqual(p1.high - p1.expected - 1e-9);
        expect(p1.low).toBeLessThanOrEqual(p1.expected + 1e-9);
        expect(p1.high).toBeGreaterThanOrEqual(p1.expected - 1e-9);
      }),
    );
  });

  it('projected spend at the end is at least the spend to date, and the band brackets it', () => {
    fc.assert(
      fc.property(dailyArb, fc.integer({ min: 0, max: 1000 }), (daily, left) => {
        const f = forecastSpend({ daily, today, endDate: addDays(today, left) });
        const [spent, low, mid, high] = [f.spentToDate, f.projectedAtEndLow, f.projectedAtEnd, f.projectedAtEndHigh].map(Number);
        expect(low).toBeGreaterThanOrEqual(spent);
        expect(mid).toBeGreaterThanOrEqual(low);
        expect(high).toBeGreaterThanOrEqual(mid);
      }),
    );
  });

  it('more spend on the latest day never lowers the forecast', () => {
    fc.assert(
      fc.property(dailyArb, fc.integer({ min: 1, max: 100_000 }), (daily, extra) => {
        const more = [...daily, { day: daily[daily.length - 1].day, amount: (extra / 100).toFixed(2) }];
        const a = forecastSpend({ daily, today, endDate: addDays(today, 200) });
        const b = forecastSpend({ daily: more, today, endDate: addDays(today, 200) });
        expect(Number(b.projectedAtEnd)).toBeGreaterThanOrEqual(Number(a.projectedAtEnd));
        expect(Number(b.spendWithinHorizon)).toBeGreaterThanOrEqual(Number(a.spendWithinHorizon));
      }),
    );
  });

  it('a lower ceiling is never reached later', () => {
    fc.assert(
      fc.property(dailyArb, fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), (daily, x, y) => {
        const [lo, hi] = x < y ? [x, y] : [y, x];
        const a = forecastSpend({ daily, today, endDate: today, ceiling: String(lo / 100) }).ceilingDate;
        const b = forecastSpend({ daily, today, endDate: today, ceiling: String(hi / 100) }).ceilingDate;
        if (b !== null) expect(a).not.toBeNull();
        if (a !== null && b !== null) expect(a <= b).toBe(true);
      }),
    );
  });

  it('scales with the spend', () => {
    fc.assert(
      fc.property(dailyArb, fc.integer({ min: 2, max: 10 }), (daily, k) => {
        const scaled = daily.map((d) => ({ day: d.day, amount: new Big(d.amount).times(k).toFixed(2) }));
        const a = forecastSpend({ daily, today, endDate: addDays(today, 90) });
        const b = forecastSpend({ daily: scaled, today, endDate: addDays(today, 90) });
        expect(Number(b.spentToDate)).toBeCloseTo(Number(a.spentToDate) * k, 6);
        expect(Math.abs(Number(b.projectedAtEnd) - Number(a.projectedAtEnd) * k)).toBeLessThanOrEqual(0.01 * k);
      }),
    );
  });
});

describe('detectSpikes', () => {
  const base = Array.from({ length: 28 }, (_, i) => 100 + (i % 3));
  it('flags a day far above the trailing 28 days and above the minimum', () => {
    const daily = series([...base, 500]);
    const s = detectSpikes(daily, today, { minAmount: '200' });
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ day: addDays(today, -1), amount: '500.00', trailingMean: '100.96' });
    expect(Number(s[0].threshold)).toBeGreaterThan(101);
  });
  it('ignores a jump below the minimum amount, old days, and days without enough history', () => {
    expect(detectSpikes(series([...base, 500]), today, { minAmount: '1000' })).toEqual([]);
    expect(detectSpikes(series([...base, 500, ...Array(10).fill(100)]), today, { minAmount: '200' })).toEqual([]);
    expect(detectSpikes(series([1, 1, 500]), today, { minAmount: '200' })).toEqual([]);
  });
  it('a constant series has no spikes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 60 }), (v, n) => {
        expect(detectSpikes(flat(n, v), today, { minAmount: '0' })).toEqual([]);
      }),
    );
  });
  it('raising the minimum amount never adds spikes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 10, maxLength: 40 }),
        fc.integer({ min: 0, max: 1000 }),
        (xs, min) => {
          const d = series(xs);
          expect(detectSpikes(d, today, { minAmount: String(min + 1) }).length).toBeLessThanOrEqual(
            detectSpikes(d, today, { minAmount: String(min) }).length,
          );
        },
      ),
    );
  });
});

describe('reconciliation helpers', () => {
  it('prices quantities at the contracted rates, whatever the unit quantity', () => {
    expect(
      expectedCost({ Tokens: '2500000', Pages: '100' }, [
        { unit: 'Tokens', per: '1000000', price: '2.50' },
        { unit: 'Page', per: '1', price: '0.0015' },
      ]),
    ).toEqual({ ok: true, expected: '6.40' });
    expect(expectedCost({ Tokens: '2500000' }, [{ unit: '1M Tokens', per: '1', price: '2.50' }])).toEqual({ ok: true, expected: '6.25' });
    expect(expectedCost({ Tokens: '5', Hours: '2', Seats: '0' }, [{ unit: 'Tokens', per: '1', price: '1' }])).toEqual({
      ok: false,
      unpricedUnits: ['Hours'],
    });
  });
  it('compares against the larger of the share and the amount', () => {
    expect(compareWithTolerance('100.00', '101.50', { percent: 2, amount: '1.00' })).toEqual({ difference: '1.50', beyond: false });
    expect(compareWithTolerance('100.00', '97.00', { percent: 2, amount: '1.00' })).toEqual({ difference: '-3.00', beyond: true });
    expect(compareWithTolerance('10.00', '11.50', { percent: 2, amount: '1.00' })).toEqual({ difference: '1.50', beyond: true });
  });
});

describe('thresholds', () => {
  it('defaults to the issue’s levels and checks settings', () => {
    expect(resolveUsageThresholds({ forecastPercent: 80 })).toEqual({ ...DEFAULT_USAGE_THRESHOLDS, forecastPercent: 80 });
    expect(usageThresholdProblems({ forecastPercent: 80, spikeMinAmount: '50.00' })).toEqual({});
    expect(
      usageThresholdProblems({ forecastPercent: -1, forecastDays: 1.5, spikeMinAmount: '-3', spikeSigma: 0, colour: 1 } as never),
    ).toEqual({
      colour: 'is not a usage threshold.',
      forecastPercent: 'must be a percentage above 0 and at most 1000.',
      forecastDays: 'must be a whole number of days from 1 to 3660.',
      spikeSigma: 'must be a number above 0 and at most 20.',
      spikeMinAmount: 'must be a non-negative amount such as "100.00".',
    });
  });
  it('computes percentages exactly', () => {
    expect(percentOf('75', '100')).toBe('75.0');
    expect(percentOf('1', '3')).toBe('33.3');
    expect(percentOf('1', '0')).toBeNull();
    expect(reachesPercent('74.99', '100', 75)).toBe(false);
    expect(reachesPercent('75.00', '100', 75)).toBe(true);
  });
});
