import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../dates.js';
import { dateOf, dayNumber, daysFromTo, plusDays, weekdayOf } from './calendar.js';

const anyDate = fc.integer({ min: 0, max: 109_572 }).map((n) => addDays('1900-01-01', n)); // 1900–2199

describe('day numbers', () => {
  it('known points', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dateOf(0)).toBe('1970-01-01');
    expect(dayNumber('2000-03-01') - dayNumber('2000-02-28')).toBe(2); // 2000 is a leap year
    expect(dayNumber('1900-03-01') - dayNumber('1900-02-28')).toBe(1); // 1900 is not
    expect(plusDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(plusDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(weekdayOf(dayNumber('2026-07-04'))).toBe(6);
  });
  it('agree with core/dates for every date Steward accepts', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -800, max: 800 }), (d, n) => {
        expect(dateOf(dayNumber(d))).toBe(d);
        expect(plusDays(d, n)).toBe(addDays(d, n));
        expect(daysFromTo(d, addDays(d, n))).toBe(daysBetween(d, addDays(d, n)));
        expect(weekdayOf(dayNumber(d))).toBe(new Date(`${d}T00:00:00Z`).getUTCDay());
      }),
      { numRuns: 2000 },
    );
  });
});
