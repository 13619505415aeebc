/**
 * Working days: weekends and public holidays. Holidays are data (a list of dates the caller loads,
 * e.g. from the database), with the US federal holidays 2020–2035 as the default.
 */
import { dateOf, dayNumber, plusDays, weekdayOf } from './calendar.js';

/** Holiday dates ('YYYY-MM-DD'): a Set, or a list of dates or of holiday rows. */
export type Holidays = ReadonlySet<string> | readonly string[] | readonly { date: string; name?: string }[];

export interface Holiday {
  /** The day off (the observed date: a Saturday holiday is observed on the Friday before, a Sunday one on the Monday after). */
  date: string;
  name: string;
  /** The legal date of the holiday, when the observed date differs. */
  actualDate: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return weekdayOf(dayNumber(date));
}

/** Whether a date is a Saturday or Sunday. */
export function isWeekend(date: string): boolean {
  const w = dayOfWeek(date);
  return w === 0 || w === 6;
}

const setCache = new WeakMap<object, ReadonlySet<string>>();

/** The holidays as a Set of dates (cached per list, so calling it in a loop is cheap). */
export function holidaySet(holidays: Holidays): ReadonlySet<string> {
  if (holidays instanceof Set) return holidays;
  const list = holidays as readonly (string | { date: string })[];
  let s = setCache.get(list);
  if (!s) {
    s = new Set(list.map((h) => (typeof h === 'string' ? h : h.date)));
    setCache.set(list, s);
  }
  return s;
}

const numberCache = new WeakMap<object, ReadonlySet<number>>();

/** The holidays as day numbers (internal, cached like holidaySet). */
function holidayNumbers(holidays: Holidays): ReadonlySet<number> {
  const key = holidays as object;
  let s = numberCache.get(key);
  if (!s) {
    s = new Set([...holidaySet(holidays)].map(dayNumber));
    numberCache.set(key, s);
  }
  return s;
}

/** Not a working day: a weekend or a holiday (on day numbers). */
const offDay = (n: number, set: ReadonlySet<number>) => {
  const w = weekdayOf(n);
  return w === 0 || w === 6 || set.has(n);
};

/** The name of the holiday on a date, when the holidays carry names; null otherwise. */
export function holidayName(date: string, holidays: Holidays): string | null {
  if (holidays instanceof Set) return null;
  for (const h of holidays as readonly (string | { date: string; name?: string })[]) {
    if (typeof h !== 'string' && h.date === date) return h.name ?? null;
  }
  return null;
}

/** Whether a date is a working day: not a weekend, not a holiday. */
export function isWorkingDay(date: string, holidays: Holidays): boolean {
  return !offDay(dayNumber(date), holidayNumbers(holidays));
}

/** The date itself when it is a working day, otherwise the first working day after it. */
export function nextWorkingDay(date: string, holidays: Holidays): string {
  const set = holidayNumbers(holidays);
  const start = dayNumber(date);
  let n = start;
  while (offDay(n, set)) n++;
  return n === start ? date : dateOf(n);
}

/**
 * The date `n` working days after `date` (n > 0), or before it (n < 0). n = 0 gives `date` itself,
 * even when it is not a working day.
 */
export function addWorkingDays(date: string, n: number, holidays: Holidays): string {
  if (!Number.isInteger(n)) throw new Error('The number of working days must be a whole number.');
  if (n === 0) return date;
  const set = holidayNumbers(holidays);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let d = dayNumber(date);
  while (left > 0) {
    d += step;
    if (!offDay(d, set)) left--;
  }
  return dateOf(d);
}

/**
 * Working days from `from` to `to`, the inverse of addWorkingDays: forward, the number of working
 * days d with from < d ≤ to (so a due date that is the next working day counts as 1); backward
 * (`to` before `from`), minus the number of working days d with to ≤ d < from.
 */
export function workingDaysBetween(from: string, to: string, holidays: Holidays): number {
  const set = holidayNumbers(holidays);
  const a = dayNumber(from);
  const b = dayNumber(to);
  let n = 0;
  if (b >= a) {
    for (let d = a + 1; d <= b; d++) if (!offDay(d, set)) n++;
    return n;
  }
  for (let d = b; d < a; d++) if (!offDay(d, set)) n++;
  return n === 0 ? 0 : -n;
}

/** The date of the n-th given weekday (0 = Sunday) of a month; n = -1 for the last one. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    return ymd(year, month, 1 + ((weekday - first + 7) % 7) + 7 * (n - 1));
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = new Date(Date.UTC(year, month - 1, lastDay)).getUTCDay();
  return ymd(year, month, lastDay - ((last - weekday + 7) % 7));
}

/** Saturday → the Friday before, Sunday → the Monday after (5 U.S.C. 6103(b); Executive Order 11582). */
function observed(date: string): string {
  const w = dayOfWeek(date);
  return w === 6 ? plusDays(date, -1) : w === 0 ? plusDays(date, 1) : date;
}

/**
 * The eleven US federal holidays of a year (5 U.S.C. 6103), with their observed dates. Juneteenth
 * is included from 2021, when it became a federal holiday. A New Year's Day on a Saturday is
 * observed on 31 December of the year before; it is listed with the year it belongs to.
 */
export function usFederalHolidays(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < 1900 || year > 2200) throw new Error('The year must be between 1900 and 2200.');
  const fixed = (month: number, day: number, name: string): Holiday => {
    const actualDate = ymd(year, month, day);
    return { date: observed(actualDate), name, actualDate };
  };
  const floating = (month: number, weekday: number, n: number, name: string): Holiday => {
    const date = nthWeekday(year, month, weekday, n);
    return { date, name, actualDate: date };
  };
  const list: Holiday[] = [
    fixed(1, 1, "New Year's Day"),
    floating(1, 1, 3, 'Birthday of Martin Luther King, Jr.'),
    floating(2, 1, 3, "Washington's Birthday"),
    floating(5, 1, -1, 'Memorial Day'),
    ...(year >= 2021 ? [fixed(6, 19, 'Juneteenth National Independence Day')] : []),
    fixed(7, 4, 'Independence Day'),
    floating(9, 1, 1, 'Labor Day'),
    floating(10, 1, 2, 'Columbus Day'),
    fixed(11, 11, 'Veterans Day'),
    floating(11, 4, 4, 'Thanksgiving Day'),
    fixed(12, 25, 'Christmas Day'),
  ];
  return list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** US federal holidays for the years fromYear..toYear inclusive, in date order. */
export function usFederalHolidaysBetween(fromYear: number, toYear: number): Holiday[] {
  const out: Holiday[] = [];
  for (let y = fromYear; y <= toYear; y++) out.push(...usFederalHolidays(y));
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Default holiday data for the us-far pack: US federal holidays 2020–2035 (seed for the database). */
export const DEFAULT_US_FEDERAL_HOLIDAYS: readonly Holiday[] = Object.freeze(usFederalHolidaysBetween(2020, 2035));
