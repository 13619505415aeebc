/**
 * Evidence for the key questions "Are we paying the vendor in a timely manner?" and "Is the
 * payment model working out as expected?", and the UK payment-performance report.
 */
import Big from 'big.js';
import { plusDays as addDays, daysFromTo as daysBetween } from './calendar.js';
import { longDate } from './text.js';

export interface PaymentRecord {
  id: string;
  /** The invoice amount. */
  amount: string;
  receivedDate: string;
  /** Null while no due date applies (e.g. disputed). */
  dueDate: string | null;
  /** Date the invoice was paid in full; null while unpaid. */
  paidDate: string | null;
  /** Late-payment interest paid with it ("0.00" when none). */
  interestPaid?: string | null;
}

export interface OnTimeShare {
  /** Window: invoices paid from `from` to `to` inclusive. */
  from: string;
  to: string;
  paidCount: number;
  onTimeCount: number;
  /** onTimeCount / paidCount, 0–1; null when nothing was paid. */
  countShare: number | null;
  paidValue: string;
  onTimeValue: string;
  /** onTimeValue / paidValue, 0–1; null when nothing was paid. */
  valueShare: number | null;
}

export interface TimelyPaymentEvidence {
  last6Months: OnTimeShare;
  last12Months: OnTimeShare;
  /** Average days from receipt to payment over invoices paid in the last 12 months; null when none. */
  averageDaysToPay: number | null;
  /** Interest paid on invoices paid in the last 12 months. */
  interestPaid: string;
  /** Unpaid invoices past their due date today. */
  overdueCount: number;
  overdueValue: string;
}

/** Paid on or before the due date counts as on time (an invoice without a due date is on time). */
export function timelyPaymentEvidence(records: readonly PaymentRecord[], today: string): TimelyPaymentEvidence {
  const from12 = addDays(addMonths(today, -12), 1);
  const paid12 = records.filter((r) => r.paidDate !== null && r.paidDate >= from12 && r.paidDate <= today);
  const days = paid12.map((r) => daysBetween(r.receivedDate, r.paidDate as string));
  const overdue = records.filter((r) => r.paidDate === null && r.dueDate !== null && r.dueDate < today);
  return {
    last6Months: onTimeShare(records, addDays(addMonths(today, -6), 1), today),
    last12Months: onTimeShare(records, from12, today),
    averageDaysToPay: days.length ? days.reduce((a, b) => a + b, 0) / days.length : null,
    interestPaid: sumOf(paid12.map((r) => r.interestPaid ?? '0')),
    overdueCount: overdue.length,
    overdueValue: sumOf(overdue.map((r) => r.amount)),
  };
}

/** The same calendar day `n` months away, clamped to the month's end (2026-03-31 − 1 month = 2026-02-28). */
export function addMonths(date: string, n: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + n;
  const d = Number(date.slice(8, 10));
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return `${ty}-${String(tm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const sumOf = (xs: readonly string[]) => xs.reduce((a, x) => a.plus(x), new Big(0)).toFixed(2);
const share = (part: Big | number | string, whole: Big | number | string) => {
  const w = new Big(whole);
  return w.eq(0) ? null : Number(new Big(part).div(w).toFixed(6));
};

/** On-time figures for invoices paid from `from` to `to` inclusive. */
export function onTimeShare(records: readonly PaymentRecord[], from: string, to: string): OnTimeShare {
  const paid = records.filter((r) => r.paidDate !== null && r.paidDate >= from && r.paidDate <= to);
  const onTime = paid.filter((r) => r.dueDate === null || (r.paidDate as string) <= r.dueDate);
  const paidValue = sumOf(paid.map((r) => r.amount));
  const onTimeValue = sumOf(onTime.map((r) => r.amount));
  return {
    from,
    to,
    paidCount: paid.length,
    onTimeCount: onTime.length,
    countShare: share(onTime.length, paid.length),
    paidValue,
    onTimeValue,
    valueShare: share(onTimeValue, paidValue),
  };
}

export interface ReportingPeriod {
  /** e.g. "1 April 2025 to 30 September 2025". */
  label: string;
  from: string;
  to: string;
  paidCount: number;
  paidWithin30Count: number;
  /** Share paid within the 30-day period beginning with the day of receipt (at most 29 days after it), 0–1; null when nothing was paid. */
  shareWithin30: number | null;
  paidValue: string;
  /** Average days from receipt to payment. */
  averageDaysToPay: number | null;
}

/**
 * UK payment-performance reporting: the six-month periods (1 April–30 September and 1 October–31
 * March) that contain a payment, oldest first, or the periods overlapping [from, to] when given;
 * an invoice counts in the period its payment was made, as paid within 30 days when paid within
 * the 30-day period beginning with the day of receipt (Procurement Act 2023, sections 68–69).
 */
export function ukPaymentReport(records: readonly PaymentRecord[], range?: { from: string; to: string }): ReportingPeriod[] {
  const paid = records.filter((r) => r.paidDate !== null);
  let first: string;
  let last: string;
  if (range) {
    first = range.from;
    last = range.to;
  } else {
    if (!paid.length) return [];
    const dates = paid.map((r) => r.paidDate as string).sort();
    first = dates[0];
    last = dates[dates.length - 1];
  }
  const out: ReportingPeriod[] = [];
  for (let p = ukReportingPeriod(first); p.from <= last; p = ukReportingPeriod(addDays(p.to, 1))) {
    const inPeriod = paid.filter((r) => (r.paidDate as string) >= p.from && (r.paidDate as string) <= p.to);
    const days = inPeriod.map((r) => daysBetween(r.receivedDate, r.paidDate as string));
    // The 30-day period begins with the day of receipt, so "within 30 days" is at most 29 days after it.
    const within = days.filter((d) => d <= 29).length;
    out.push({
      label: `${longDate(p.from)} to ${longDate(p.to)}`,
      from: p.from,
      to: p.to,
      paidCount: inPeriod.length,
      paidWithin30Count: within,
      shareWithin30: share(within, inPeriod.length),
      paidValue: sumOf(inPeriod.map((r) => r.amount)),
      averageDaysToPay: days.length ? days.reduce((a, b) => a + b, 0) / days.length : null,
    });
  }
  return out;
}

/** The UK six-month reporting period (1 April–30 September or 1 October–31 March) containing a date. */
export function ukReportingPeriod(date: string): { from: string; to: string } {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  if (m >= 4 && m <= 9) return { from: `${y}-04-01`, to: `${y}-09-30` };
  if (m >= 10) return { from: `${y}-10-01`, to: `${y + 1}-03-31` };
  return { from: `${y - 1}-10-01`, to: `${y}-03-31` };
}

export interface PlannedSpend {
  label: string;
  kind: 'milestone' | 'subscription' | 'time_and_materials_ceiling' | 'usage_forecast' | 'other';
  /** When the spend is planned; null for a ceiling or an undated amount (counted in the whole-life plan only). */
  date: string | null;
  amount: string;
}

export interface SpendEvidence {
  plannedTotal: string;
  /** Planned amounts dated on or before today. */
  plannedToDate: string;
  invoiced: string;
  paid: string;
  /** invoiced − plannedToDate (positive: invoicing ahead of plan). */
  varianceInvoiced: string;
  /** paid − plannedToDate. */
  variancePaid: string;
  /** varianceInvoiced / plannedToDate, or null when nothing is planned to date. */
  varianceShare: number | null;
  /** invoiced − paid. */
  outstanding: string;
  byKind: { kind: PlannedSpend['kind']; planned: string; plannedToDate: string }[];
}

/** Planned spend against invoiced and paid, with the variance. */
export function spendEvidence(input: {
  planned: readonly PlannedSpend[];
  /** Invoices not returned or cancelled: their amounts and dates. */
  invoiced: readonly { date: string; amount: string }[];
  /** Payments made (net of credit notes). */
  paid: readonly { date: string; amount: string }[];
  today: string;
}): SpendEvidence {
  const { today } = input;
  const kinds: PlannedSpend['kind'][] = ['milestone', 'subscription', 'time_and_materials_ceiling', 'usage_forecast', 'other'];
  const toDate = (p: PlannedSpend) => p.date !== null && p.date <= today;
  const plannedToDate = sumOf(input.planned.filter(toDate).map((p) => p.amount));
  const invoiced = sumOf(input.invoiced.filter((i) => i.date <= today).map((i) => i.amount));
  const paid = sumOf(input.paid.filter((p) => p.date <= today).map((p) => p.amount));
  const varianceInvoiced = new Big(invoiced).minus(plannedToDate);
  return {
    plannedTotal: sumOf(input.planned.map((p) => p.amount)),
    plannedToDate,
    invoiced,
    paid,
    varianceInvoiced: varianceInvoiced.toFixed(2),
    variancePaid: new Big(paid).minus(plannedToDate).toFixed(2),
    varianceShare: share(varianceInvoiced, plannedToDate),
    outstanding: new Big(invoiced).minus(paid).toFixed(2),
    byKind: kinds
      .map((kind) => {
        const ps = input.planned.filter((p) => p.kind === kind);
        return {
          kind,
          planned: sumOf(ps.map((p) => p.amount)),
          plannedToDate: sumOf(ps.filter(toDate).map((p) => p.amount)),
          n: ps.length,
        };
      })
      .filter((k) => k.n > 0)
      .map(({ n: _n, ...k }) => k),
  };
}
