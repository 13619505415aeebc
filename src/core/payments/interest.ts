/**
 * Late-payment interest per rule pack: amounts as decimal strings, computed with big.js, never floats.
 *
 * Rounding: each period's interest (a 30-day compounding period, or a stretch at one rate) is
 * rounded half up to the currency's minor unit (the cent) at the end of that period, and the
 * rounded amount is what is added to the principal; the total is the sum of the rounded periods,
 * so the periods shown always add up to the total.
 */
import Big from 'big.js';
import { isCalendarDate } from '../dates.js';
import { plusDays as addDays, daysFromTo as daysBetween } from './calendar.js';
import type { PaymentRulePack } from './dueDates.js';
import { type RatePeriod, rateOn } from './rates.js';
import { amount, day, plural } from './text.js';

export type DayBasis = 360 | 365;
export type Compounding = 'none' | '30-day';

/** us-far: interest is paid for at most one year. */
export const US_FAR_MAX_INTEREST_DAYS = 365;
/** us-far: interest under this amount need not be paid. */
export const US_FAR_MINIMUM_INTEREST = '1.00';
/** us-far: unpaid interest is added to the principal at the end of each period of this many days. */
export const COMPOUNDING_PERIOD_DAYS = 30;
/** eu: statutory interest is the reference rate plus this many percentage points. */
export const EU_MARGIN_POINTS = '8';
/** eu: fixed compensation per late invoice (at least EUR 40 under Directive 2011/7/EU, art. 6). */
export const EU_DEFAULT_FIXED_COMPENSATION = '40.00';

export interface LateInterestInput {
  pack: PaymentRulePack;
  /** The late amount, e.g. "10000.00". */
  principal: string;
  /** ISO 4217 code: interest is rounded to its minor unit (default 2 decimals). */
  currency?: string;
  dueDate: string;
  paymentDate: string;
  /**
   * A rate table. us-far, uk-pa23, generic: the rate in effect on the day after the due date
   * applies throughout. eu: the table holds the reference rate, and each day carries the rate of
   * the period it falls in (plus 8 points).
   */
  rates?: readonly RatePeriod[];
  /** A single annual rate in percent (for eu, the reference rate). When given, it is used instead of `rates`. */
  annualRatePercent?: string;
  /** eu: fixed compensation per late invoice; default "40.00"; "0" for none. */
  euFixedCompensation?: string | null;
  /** generic: 360 or 365 (default 365). Fixed per pack otherwise: us-far 360, eu and uk-pa23 365. */
  dayBasis?: DayBasis;
  /** generic: 'none' (default) or '30-day'. Fixed per pack otherwise: us-far 30-day, others none. */
  compounding?: Compounding;
}

export interface InterestPeriod {
  /** First day of the period (inclusive). */
  from: string;
  /** Last day of the period (inclusive). */
  to: string;
  days: number;
  principalAtStart: string;
  annualRatePercent: string;
  interest: string;
}

export interface LateInterestResult {
  /** Interest, rounded to the currency's minor unit (sum of the periods). */
  interest: string;
  /** Days from the due date to the payment date (0 when paid on time). Not capped. */
  daysLate: number;
  /** Days that carried interest (us-far: at most 365). */
  interestDays: number;
  /** The annual rate applied (eu: reference + 8, of the first period). */
  annualRatePercent: string;
  dayBasis: DayBasis;
  compounding: Compounding;
  periods: InterestPeriod[];
  /** eu: the fixed compensation when late, else "0.00". */
  fixedCompensation: string;
  /** interest + fixedCompensation. */
  total: string;
  /** us-far: false when the interest is under $1.00 (still computed); others: true when anything is owed. */
  payable: boolean;
  working: string[];
}

const ZERO_DECIMALS = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'ISK',
  'JPY',
  'KMF',
  'KRW',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
const THREE_DECIMALS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

/** ISO 4217 minor-unit digits (JPY 0, BHD 3, most 2). */
export function currencyDecimals(currency: string | undefined): number {
  if (!currency) return 2;
  return ZERO_DECIMALS.has(currency) ? 0 : THREE_DECIMALS.has(currency) ? 3 : 2;
}

const DECIMAL_RE = /^\d+(\.\d+)?$/;
const ROUND_HALF_UP = 1 as Big.RoundingMode;

interface PackRule {
  dayBasis: DayBasis;
  compounding: Compounding;
  maxDays: number | null;
  minimumPayable: Big | null;
  margin: Big;
  /** Each day at the rate of the table period it falls in (eu), rather than one rate fixed on the day after the due date. */
  ratePerDay: boolean;
}

function packRule(input: LateInterestInput): PackRule {
  switch (input.pack) {
    case 'us-far':
      return {
        dayBasis: 360,
        compounding: '30-day',
        maxDays: US_FAR_MAX_INTEREST_DAYS,
        minimumPayable: new Big(US_FAR_MINIMUM_INTEREST),
        margin: new Big(0),
        ratePerDay: false,
      };
    case 'eu':
      return {
        dayBasis: 365,
        compounding: 'none',
        maxDays: null,
        minimumPayable: null,
        margin: new Big(EU_MARGIN_POINTS),
        ratePerDay: true,
      };
    case 'uk-pa23':
      return { dayBasis: 365, compounding: 'none', maxDays: null, minimumPayable: null, margin: new Big(0), ratePerDay: false };
    case 'generic':
      return {
        dayBasis: input.dayBasis ?? 365,
        compounding: input.compounding ?? 'none',
        maxDays: null,
        minimumPayable: null,
        margin: new Big(0),
        ratePerDay: false,
      };
    default:
      throw new Error(`Unknown rule pack "${String(input.pack)}".`);
  }
}

interface Stretch {
  from: string;
  to: string;
  base: Big;
  note: string;
}

const noRate = (date: string) =>
  new Error(`No interest rate is set for ${date}. Add the rate in effect on that day to the rate table, or enter an annual rate.`);

/** The rate stretches covering [from, to]: one stretch at the rate of `from`, or (eu, with a table) one per table period. */
function stretches(input: LateInterestInput, rule: PackRule, from: string, to: string): Stretch[] {
  if (input.annualRatePercent !== undefined) return [{ from, to, base: new Big(input.annualRatePercent), note: 'as entered' }];
  const rates = input.rates;
  if (!rates) throw new Error('Give an annual rate or a rate table.');
  const describe = (p: RatePeriod) => `the table's rate for ${p.effectiveFrom} ${p.effectiveTo ? `to ${p.effectiveTo}` : 'onwards'}`;
  if (!rule.ratePerDay) {
    const p = rateOn(rates, from);
    if (!p) throw noRate(from);
    return [{ from, to, base: new Big(p.annualRatePercent), note: describe(p) }];
  }
  const out: Stretch[] = [];
  let d = from;
  while (d <= to) {
    const p = rateOn(rates, d);
    if (!p) throw noRate(d);
    // The stretch ends where this period ends, or where a later-starting period takes over.
    let end = p.effectiveTo !== null && p.effectiveTo < to ? p.effectiveTo : to;
    for (const q of rates) if (q.effectiveFrom > d && q.effectiveFrom <= end) end = addDays(q.effectiveFrom, -1);
    out.push({ from: d, to: end, base: new Big(p.annualRatePercent), note: describe(p) });
    d = addDays(end, 1);
  }
  return out;
}

/** Late-payment interest for one invoice. Throws an Error with a plain message when the input is unusable or no rate applies. */
export function lateInterest(input: LateInterestInput): LateInterestResult {
  if (typeof input.principal !== 'string' || !DECIMAL_RE.test(input.principal))
    throw new Error('The principal must be a non-negative decimal amount such as "10000.00".');
  if (!isCalendarDate(input.dueDate)) throw new Error('The due date must be a real date (YYYY-MM-DD).');
  if (!isCalendarDate(input.paymentDate)) throw new Error('The payment date must be a real date (YYYY-MM-DD).');
  if (input.annualRatePercent !== undefined && !DECIMAL_RE.test(input.annualRatePercent))
    throw new Error('The annual rate must be a non-negative percentage such as "4.625".');
  const comp = input.euFixedCompensation;
  if (comp !== undefined && comp !== null && !DECIMAL_RE.test(comp))
    throw new Error('The fixed compensation must be a non-negative decimal amount such as "40.00".');
  if (input.dayBasis !== undefined && input.dayBasis !== 360 && input.dayBasis !== 365)
    throw new Error('The day basis must be 360 or 365.');

  const rule = packRule(input);
  const dp = currencyDecimals(input.currency);
  const cur = input.currency;
  const money = (v: Big) => amount(v, dp, cur);
  const zero = new Big(0).toFixed(dp);
  const daysLate = Math.max(0, daysBetween(input.dueDate, input.paymentDate));
  const working = [
    `Due on ${day(input.dueDate)}; paid on ${day(input.paymentDate)}: ${daysLate === 0 ? 'not late' : `${plural(daysLate, 'day')} late`}.`,
  ];
  const base: Omit<
    LateInterestResult,
    'interest' | 'annualRatePercent' | 'periods' | 'fixedCompensation' | 'total' | 'payable' | 'interestDays'
  > = {
    daysLate,
    dayBasis: rule.dayBasis,
    compounding: rule.compounding,
    working,
  };

  if (daysLate === 0) {
    let rate = input.annualRatePercent ?? null;
    if (rate === null && input.rates) rate = rateOn(input.rates, addDays(input.dueDate, 1))?.annualRatePercent ?? null;
    const shown = rate === null ? '0' : new Big(rate).plus(rule.margin).toString();
    working.push('Paid on or before the due date: no interest is owed.');
    return {
      ...base,
      interest: zero,
      interestDays: 0,
      annualRatePercent: shown,
      periods: [],
      fixedCompensation: zero,
      total: zero,
      payable: false,
    };
  }

  const interestDays = rule.maxDays !== null ? Math.min(daysLate, rule.maxDays) : daysLate;
  const start = addDays(input.dueDate, 1);
  const end = addDays(input.dueDate, interestDays);
  working.push(`Interest runs from the day after the due date, ${day(start)}, through the payment date: ${plural(daysLate, 'day')}.`);
  if (interestDays < daysLate)
    working.push(`Interest is paid for at most one year, so only the first ${interestDays} days carry interest, through ${day(end)}.`);

  const rates = stretches(input, rule, start, end);
  const statutory = (b: Big) => b.plus(rule.margin);
  const first = rates[0];
  if (input.pack === 'us-far') {
    working.push(`Rate: ${first.base}% a year, the Prompt Payment rate in effect on the day after the due date (${first.note}).`);
    working.push(`Daily rate: ${first.base}% ÷ 360. Interest not paid at the end of each 30-day period is added to the principal.`);
  } else if (input.pack === 'eu') {
    for (const r of rates)
      working.push(
        `${rates.length > 1 ? `${r.from} to ${r.to}: r` : 'R'}eference rate ${r.base}%${r.note === 'as entered' ? ' (as entered)' : ` (${r.note})`} + ${EU_MARGIN_POINTS} points = ${statutory(r.base)}% a year.`,
      );
    working.push('Statutory interest is simple interest by the day: the annual rate ÷ 365.');
  } else if (input.pack === 'uk-pa23') {
    working.push(`Rate: ${first.base}% a year (${first.note}). Simple interest by the day: the annual rate ÷ 365.`);
  } else {
    working.push(
      `Rate under the contract: ${first.base}% a year (${first.note}), ÷ ${rule.dayBasis} a day, ${rule.compounding === '30-day' ? 'with unpaid interest added to the principal every 30 days' : 'simple interest'}.`,
    );
  }

  const periods: InterestPeriod[] = [];
  let principal = new Big(input.principal);
  let total = new Big(0);
  let dayNo = 1;
  const push = (from: string, to: string, rate: Big, p: Big) => {
    const days = daysBetween(from, to) + 1;
    const interest = p.times(rate).times(days).div(new Big(100).times(rule.dayBasis)).round(dp, ROUND_HALF_UP);
    periods.push({ from, to, days, principalAtStart: p.toFixed(dp), annualRatePercent: rate.toString(), interest: interest.toFixed(dp) });
    working.push(
      `Days ${dayNo}–${dayNo + days - 1} (${from} to ${to}): ${money(p)} × ${rate}% × ${days} ÷ ${rule.dayBasis} = ${money(interest)}.`,
    );
    dayNo += days;
    return interest;
  };
  if (rule.compounding === '30-day') {
    // One rate throughout (compounding packs fix the rate on the day after the due date).
    const rate = statutory(first.base);
    for (let from = start; from <= end; from = addDays(from, COMPOUNDING_PERIOD_DAYS)) {
      let to = addDays(from, COMPOUNDING_PERIOD_DAYS - 1);
      if (to > end) to = end; // dates as strings: Math.min does not apply
      const interest = push(from, to, rate, principal);
      principal = principal.plus(interest);
      total = total.plus(interest);
    }
  } else {
    for (const r of rates) total = total.plus(push(r.from, r.to, statutory(r.base), principal));
  }
  working.push(
    `Each period's interest is rounded half up to the ${dp === 2 ? 'cent' : 'minor unit'} at the end of the period; the total is their sum.`,
  );

  const fixedCompensation = input.pack === 'eu' ? new Big(comp ?? EU_DEFAULT_FIXED_COMPENSATION).round(dp, ROUND_HALF_UP) : new Big(0);
  working.push(`Interest: ${money(total)}.`);
  if (fixedCompensation.gt(0))
    working.push(`Fixed compensation for a late invoice (Directive 2011/7/EU, article 6): ${money(fixedCompensation)}.`);
  let payable: boolean;
  if (rule.minimumPayable) {
    payable = total.gte(rule.minimumPayable);
    if (!payable) working.push(`Interest under ${amount(rule.minimumPayable, 2, cur ?? 'USD')} need not be paid.`);
  } else payable = total.gt(0) || fixedCompensation.gt(0);
  const grand = total.plus(fixedCompensation);
  if (fixedCompensation.gt(0)) working.push(`Total owed on top of the invoice: ${money(grand)}.`);

  return {
    ...base,
    interest: total.toFixed(dp),
    interestDays,
    annualRatePercent: statutory(first.base).toString(),
    periods,
    fixedCompensation: fixedCompensation.toFixed(dp),
    total: grand.toFixed(dp),
    payable,
  };
}
