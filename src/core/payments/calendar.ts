/**
 * Calendar arithmetic on day numbers (days since 1970-01-01), without Date objects: the payments
 * rules run over every invoice of a portfolio, and creating Dates and ISO strings for each step
 * was most of their cost. Same results as addDays/daysBetween in core/dates.ts (a property test
 * holds them to it), for the dates Steward accepts (years 1900–2200).
 */

const d2 = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date (proleptic Gregorian calendar). */
export function dayNumber(date: string): number {
  let y = d2(date, 0) * 100 + d2(date, 2);
  const m = d2(date, 5);
  const d = d2(date, 8);
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const PAD = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

/** The 'YYYY-MM-DD' date of a day number. */
export function dateOf(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${PAD[m]}-${PAD[d]}`;
}

/** Day of the week of a day number, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const weekdayOf = (n: number) => (((n + 4) % 7) + 7) % 7;

/** addDays without Date objects. */
export const plusDays = (date: string, days: number) => dateOf(dayNumber(date) + days);

/** daysBetween without Date objects: b − a in days. */
export const daysFromTo = (a: string, b: string) => dayNumber(b) - dayNumber(a);
