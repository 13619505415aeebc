import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.js';
import {
  DEFAULT_US_FEDERAL_HOLIDAYS,
  addWorkingDays,
  dayOfWeek,
  holidaySet,
  isWorkingDay,
  nextWorkingDay,
  usFederalHolidays,
  usFederalHolidaysBetween,
  workingDaysBetween,
} from './workingDays.js';

const H = DEFAULT_US_FEDERAL_HOLIDAYS;
const dates = (y: number) => usFederalHolidays(y).map((h) => h.date);
/** Any date from 2020-01-01 to 2034-12-31. */
const anyDate = fc.integer({ min: 0, max: 5478 }).map((n) => addDays('2020-01-01', n));

describe('US federal holidays', () => {
  it('lists the eleven holidays of 2026 with their observed dates', () => {
    expect(dates(2026)).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03', // 4 July is a Saturday: observed on Friday
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
    expect(usFederalHolidays(2026).find((h) => h.date === '2026-07-03')).toEqual({
      date: '2026-07-03',
      actualDate: '2026-07-04',
      name: 'Independence Day',
    });
  });

  it('moves Saturday holidays to Friday and Sunday ones to Monday, across the year end', () => {
    // 1 January 2022 was a Saturday: observed on Friday 31 December 2021.
    expect(dates(2022)).toContain('2021-12-31');
    expect(dates(2022)).toContain('2022-06-20'); // Juneteenth on a Sunday
    expect(dates(2022)).toContain('2022-12-26'); // Christmas on a Sunday
    expect(dates(2021)).toContain('2021-06-18'); // Juneteenth on a Saturday
    expect(dates(2021)).toContain('2021-07-05');
    expect(dates(2021)).toContain('2021-12-24');
  });

  it('knows the floating Mondays and Thanksgiving', () => {
    expect(dates(2024)).toEqual(
      expect.arrayContaining(['2024-01-15', '2024-02-19', '2024-05-27', '2024-09-02', '2024-10-14', '2024-11-28']),
    );
  });

  it('has Juneteenth only from 2021', () => {
    expect(usFederalHolidays(2020)).toHaveLength(10);
    expect(usFederalHolidays(2020).some((h) => h.name.startsWith('Juneteenth'))).toBe(false);
    expect(usFederalHolidays(2021)).toHaveLength(11);
  });

  it('every observed holiday of 2020–2035 is a weekday, and the floating ones fall on their weekday', () => {
    const all = usFederalHolidaysBetween(2020, 2035);
    expect(all).toHaveLength(10 + 15 * 11);
    expect(H).toEqual(all);
    for (const h of all) {
      const w = dayOfWeek(h.date);
      expect(w).toBeGreaterThanOrEqual(1);
      expect(w).toBeLessThanOrEqual(5);
      if (h.name === 'Thanksgiving Day') expect(w).toBe(4);
      if (/Luther|Washington|Memorial|Labor|Columbus/.test(h.name)) expect(w).toBe(1);
    }
    expect(new Set(all.map((h) => h.date)).size).toBe(all.length);
  });

  it('refuses a silly year', () => {
    expect(() => usFederalHolidays(1800)).toThrow(/year/);
  });
});

describe('working days', () => {
  it('weekends and holidays are not working days', () => {
    expect(isWorkingDay('2026-07-03', H)).toBe(false);
    expect(isWorkingDay('2026-07-04', H)).toBe(false);
    expect(isWorkingDay('2026-07-06', H)).toBe(true);
    expect(isWorkingDay('2026-07-03', [])).toBe(true);
    expect(isWorkingDay('2026-07-03', new Set(['2026-07-03']))).toBe(false);
    expect(isWorkingDay('2026-07-03', [{ date: '2026-07-03' }])).toBe(false);
  });

  it('nextWorkingDay keeps a working day and rolls others forward', () => {
    expect(nextWorkingDay('2026-07-06', H)).toBe('2026-07-06');
    expect(nextWorkingDay('2026-07-03', H)).toBe('2026-07-06');
    expect(nextWorkingDay('2021-12-31', H)).toBe('2022-01-03');
    expect(nextWorkingDay('2026-12-25', H)).toBe('2026-12-28');
  });

  it('addWorkingDays and workingDaysBetween', () => {
    expect(addWorkingDays('2026-07-02', 1, H)).toBe('2026-07-06');
    expect(addWorkingDays('2026-07-06', -1, H)).toBe('2026-07-02');
    expect(addWorkingDays('2026-07-04', 0, H)).toBe('2026-07-04');
    expect(addWorkingDays('2024-02-27', 3, H)).toBe('2024-03-01'); // through a leap day
    expect(workingDaysBetween('2026-07-02', '2026-07-06', H)).toBe(1);
    expect(workingDaysBetween('2026-07-06', '2026-07-02', H)).toBe(-1);
    expect(workingDaysBetween('2026-07-06', '2026-07-06', H)).toBe(0);
    expect(() => addWorkingDays('2026-07-06', 1.5, H)).toThrow();
  });

  it('caches the set of a holiday list', () => {
    const list = ['2026-01-01'];
    expect(holidaySet(list)).toBe(holidaySet(list));
  });

  it('nextWorkingDay: a working day, not before the date, with no working day in between', () => {
    fc.assert(
      fc.property(anyDate, (d) => {
        const n = nextWorkingDay(d, H);
        expect(isWorkingDay(n, H)).toBe(true);
        expect(n >= d).toBe(true);
        for (let x = d; x < n; x = addDays(x, 1)) expect(isWorkingDay(x, H)).toBe(false);
      }),
    );
  });

  it('addWorkingDays is counted back by workingDaysBetween and undone by its negative', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -40, max: 40 }), (d, n) => {
        const r = addWorkingDays(d, n, H);
        expect(workingDaysBetween(d, r, H)).toBe(n);
        if (n !== 0) expect(isWorkingDay(r, H)).toBe(true);
        if (isWorkingDay(d, H)) expect(addWorkingDays(r, -n, H)).toBe(d);
      }),
    );
  });
});
