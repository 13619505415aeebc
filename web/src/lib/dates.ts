/** Calendar dates (YYYY-MM-DD) on the server's calendar, UTC: no time-zone shifts. */

/** Today as YYYY-MM-DD in UTC. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The calendar date `days` after (or before) a date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from a to b. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
