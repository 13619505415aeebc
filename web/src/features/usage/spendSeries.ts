/**
 * The spend chart's data, computed once per summary: cumulative spend by day (folded into weeks
 * or months when there are too many days to draw quickly), the projection with its band, the
 * time axis ticks, and the monthly figures for the table that stands in for the chart.
 */
import type { UsageSummary } from './usage.api';

/** Above this many points a series is folded into weeks, then months. */
export const MAX_POINTS = 400;

export type Granularity = 'day' | 'week' | 'month';

export interface ChartPoint {
  /** Milliseconds since the epoch at 00:00 UTC of the point's day. */
  t: number;
  day: string;
  spent?: number;
  expected?: number;
  band?: [number, number];
}

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The Monday (UTC) of a day's week, as YYYY-MM-DD. */
function weekOf(day: string): string {
  const ms = dayMs(day);
  const dow = (new Date(ms).getUTCDay() + 6) % 7;
  return isoDay(ms - dow * DAY_MS);
}

const bucketOf = (g: Granularity, day: string): string => (g === 'day' ? day : g === 'week' ? weekOf(day) : day.slice(0, 7));

/** The coarsest-needed granularity so a series of these days stays under MAX_POINTS. */
export function granularityFor(days: string[]): Granularity {
  if (days.length <= MAX_POINTS) return 'day';
  const weeks = new Set(days.map(weekOf)).size;
  return weeks <= MAX_POINTS ? 'week' : 'month';
}

/**
 * Keep the last point of each bucket (for a running total, its value at the bucket's end), and
 * always the first and last points so the line starts and ends where the data does.
 */
export function downsample<T extends { day: string }>(rows: T[], g: Granularity): T[] {
  if (g === 'day' || rows.length < 3) return rows;
  const out: T[] = [rows[0]];
  for (let i = 1; i < rows.length; i++) {
    const next = rows[i + 1];
    if (!next || bucketOf(g, next.day) !== bucketOf(g, rows[i].day)) out.push(rows[i]);
  }
  return out;
}

export interface SpendSeries {
  points: ChartPoint[];
  /** How the past spend was drawn (the table always shows months). */
  granularity: Granularity;
  domain: [number, number];
  /** Days of past spend behind the chart (before folding). */
  days: number;
  maxValue: number;
}

/** Month-start (or week-start for short spans) ticks across the domain, at most about `max` of them. */
export function timeTicks(from: number, to: number, max = 8): number[] {
  const span = (to - from) / DAY_MS;
  if (span <= 0) return [from];
  if (span <= 56) {
    const step = Math.max(span <= 14 ? 2 : 7, Math.ceil(span / max));
    const out: number[] = [];
    for (let t = from; t <= to; t += step * DAY_MS) out.push(t);
    return out;
  }
  const start = new Date(from);
  const months: number[] = [];
  for (let y = start.getUTCFullYear(), m = start.getUTCMonth() + 1; ; m++) {
    const t = Date.UTC(y, m, 1);
    if (t > to) break;
    months.push(t);
  }
  const step = Math.max(1, Math.ceil(months.length / max));
  // Thin to round steps that fall on quarters or years.
  const nice = [1, 2, 3, 6, 12, 24, 36, 60].find((n) => n >= step) ?? step;
  const thinned = months.filter((t) => {
    const d = new Date(t);
    return (d.getUTCFullYear() * 12 + d.getUTCMonth()) % nice === 0;
  });
  return thinned.length ? thinned : [from, to];
}

/** A tick label: "Mar 2026" when the axis spans more than eight weeks (month ticks), else "3 Mar". */
export function tickLabel(t: number, domain: [number, number]): string {
  const d = new Date(t);
  if (domain[1] - domain[0] > 56 * DAY_MS) return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

export function buildSpendSeries(s: UsageSummary): SpendSeries {
  const g = granularityFor(s.daily.map((d) => d.day));
  const past = downsample(s.daily, g);
  const projection = downsample(s.projection, granularityFor(s.projection.map((p) => p.day)));
  const byDay = new Map<string, ChartPoint>();
  const at = (day: string): ChartPoint => {
    let p = byDay.get(day);
    if (!p) {
      p = { t: dayMs(day), day };
      byDay.set(day, p);
    }
    return p;
  };
  let maxValue = 0;
  for (const d of past) {
    const v = Number(d.cumulative);
    at(d.day).spent = v;
    maxValue = Math.max(maxValue, v);
  }
  for (const p of projection) {
    const point = at(p.day);
    point.expected = Number(p.expected);
    point.band = [Number(p.low), Number(p.high)];
    maxValue = Math.max(maxValue, point.band[1], point.expected);
  }
  const points = [...byDay.values()].sort((a, b) => a.t - b.t);
  const first = points[0]?.t ?? dayMs(s.startDate);
  const last = points.at(-1)?.t ?? dayMs(s.endDate);
  // The axis runs from the first usage to the contract end (or the last point when later).
  const to = Math.max(last, dayMs(s.endDate));
  return { points, granularity: g, domain: [first, to], days: s.daily.length, maxValue };
}

export interface MonthRow {
  month: string;
  spent: number | null;
  cumulative: number | null;
  expected: number | null;
  low: number | null;
  high: number | null;
}

/** The chart's figures by month: spend in the month and to date, and the projection at the month's end. */
export function monthlyRows(s: UsageSummary): MonthRow[] {
  const rows = new Map<string, MonthRow>();
  const row = (month: string): MonthRow => {
    let r = rows.get(month);
    if (!r) {
      r = { month, spent: null, cumulative: null, expected: null, low: null, high: null };
      rows.set(month, r);
    }
    return r;
  };
  for (const d of s.daily) {
    const r = row(d.day.slice(0, 7));
    r.spent = (r.spent ?? 0) + Number(d.cost);
    r.cumulative = Number(d.cumulative);
  }
  // The first projection point is today's spend, not a projection.
  for (const p of s.projection.slice(1)) {
    const r = row(p.day.slice(0, 7));
    r.expected = Number(p.expected);
    r.low = Number(p.low);
    r.high = Number(p.high);
  }
  return [...rows.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
}

export function monthLabel(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}
