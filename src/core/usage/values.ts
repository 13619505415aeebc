/**
 * Cell parsers for usage files: decimals kept as exact strings, timestamps in the styles real
 * exports use, FOCUS tags, measurement units and currency codes. Each parser returns the value, or
 * a `Problem` whose sentence can follow the column name ("BilledCost" + " is not a number.").
 */
import Big from 'big.js';
import { isCurrency } from '../money.js';

/** Why a cell was refused; `message` reads after the column name. */
export class Problem {
  constructor(readonly message: string) {}
}

export const isProblem = (v: unknown): v is Problem => v instanceof Problem;

// ---------------------------------------------------------------------------------------------
// Decimals

/** Most digits accepted before and after the decimal point. */
export const MAX_INTEGER_DIGITS = 18;
export const MAX_FRACTION_DIGITS = 20;

const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;
const LOOSE_DECIMAL = /^([+-])?(\d+|\d{1,3}(?:,\d{3})+)?(?:\.(\d*))?$/;
const EXPONENT_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d{1,3}$/;

/** Currency symbols seen in spreadsheet exports, with the codes each may stand for. */
const SYMBOLS: Record<string, (code: string) => boolean> = {
  $: (c) => c.endsWith('D') || c === 'MXN',
  '€': (c) => c === 'EUR',
  '£': (c) => c === 'GBP',
  '¥': (c) => c === 'JPY' || c === 'CNY',
};

export interface DecimalOptions {
  /** Accept a currency symbol (only one that fits this currency when given): "$10,000.00 ". */
  currency?: string | null;
  allowSymbol?: boolean;
}

const quote = (raw: string) => `"${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}"`;

function checkDigits(intPart: string, frac: string, raw: string): Problem | null {
  const digits = intPart.replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_INTEGER_DIGITS)
    return new Problem(`${quote(raw)} has more than ${MAX_INTEGER_DIGITS} digits before the decimal point.`);
  if (frac.length > MAX_FRACTION_DIGITS) return new Problem(`${quote(raw)} has more than ${MAX_FRACTION_DIGITS} decimal places.`);
  return null;
}

function assemble(sign: string, intPart: string, frac: string): string {
  const i = intPart.replace(/^0+(?=\d)/, '') || '0';
  const body = frac ? `${i}.${frac}` : i;
  return sign === '-' && /[1-9]/.test(body) ? `-${body}` : body;
}

/**
 * An exact decimal string from a cell: "12.50", "-3", "0.000001". Also accepted, because real
 * exports carry them although FOCUS's numeric format forbids them: surrounding spaces, a leading
 * "+", thousands separators in groups of three ("10,000.00"), accounting negatives ("(12.00)"),
 * exponents ("1.2E-05", converted exactly) and, with `allowSymbol`, a currency symbol that fits
 * the row's currency ("$10,000.00 "). Leading zeros are dropped and "-0" becomes "0"; trailing
 * zeros are kept.
 */
export function parseDecimal(raw: string, options: DecimalOptions = {}): string | Problem {
  if (PLAIN_DECIMAL.test(raw)) {
    const neg = raw.charCodeAt(0) === 45;
    const dot = raw.indexOf('.');
    const intLen = (dot === -1 ? raw.length : dot) - (neg ? 1 : 0);
    const fracLen = dot === -1 ? 0 : raw.length - dot - 1;
    if (!neg && intLen <= MAX_INTEGER_DIGITS && fracLen <= MAX_FRACTION_DIGITS && (intLen === 1 || raw.charCodeAt(0) !== 48)) return raw;
    const intPart = raw.slice(neg ? 1 : 0, dot === -1 ? raw.length : dot);
    const frac = dot === -1 ? '' : raw.slice(dot + 1);
    const p = checkDigits(intPart, frac, raw);
    if (p) return p;
    return assemble(neg ? '-' : '', intPart, frac);
  }
  let s = raw.trim();
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1).trim();
  } else if (s.startsWith('+')) s = s.slice(1).trim();
  const symbol = s.charAt(0);
  if (symbol in SYMBOLS) {
    if (!options.allowSymbol) return new Problem(`${quote(raw)} is not a plain number (it has a currency symbol).`);
    if (options.currency && !SYMBOLS[symbol](options.currency))
      return new Problem(`${quote(raw)} has a currency symbol that does not fit the currency ${options.currency}.`);
    s = s.slice(1).trim();
    if (s.startsWith('-') && !negative) {
      negative = true;
      s = s.slice(1);
    }
  }
  if (s === '') return new Problem(`${quote(raw)} is not a number.`);
  if (EXPONENT_DECIMAL.test(s)) {
    let b: Big;
    try {
      b = new Big(s);
    } catch {
      return new Problem(`${quote(raw)} is not a number.`);
    }
    const plain = b.abs().toFixed();
    const [ip, fp = ''] = plain.split('.');
    const p = checkDigits(ip, fp, raw);
    if (p) return p;
    return assemble(negative !== (b.s === -1) ? '-' : '', ip, fp);
  }
  const m = LOOSE_DECIMAL.exec(s);
  if (!m || (m[2] === undefined && !m[3])) return new Problem(`${quote(raw)} is not a number.`);
  if (m[1] === '-') negative = !negative;
  const intPart = (m[2] ?? '0').replace(/,/g, '');
  const frac = m[3] ?? '';
  const p = checkDigits(intPart, frac, raw);
  if (p) return p;
  return assemble(negative ? '-' : '', intPart, frac);
}

/** Whether an exact decimal string is below zero. */
export const isNegativeDecimal = (d: string): boolean => d.charCodeAt(0) === 45;

// ---------------------------------------------------------------------------------------------
// Timestamps

/**
 * How to read dates: `auto` takes ISO-8601 ("2024-09-01T00:00:00Z", "2024-09-01 00:00:00",
 * "2024-09-01") and US slashes ("5/1/25", "5/1/2025", month first); `dmy` reads slashes day
 * first (1/5/2025 is 1 May); `iso` accepts only ISO-8601.
 */
export const DATE_FORMATS = ['auto', 'iso', 'mdy', 'dmy'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;
const SLASH_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;

function instant(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMin: number): string | null {
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCMonth() !== mo - 1) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMin * 60_000;
  const iso = new Date(t).toISOString();
  return ms === 0 ? `${iso.slice(0, 19)}Z` : iso;
}

function parseOffset(z: string | undefined): number | null {
  if (!z || z === 'Z' || z === 'z' || z.toUpperCase() === 'UTC') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  const h = Number(digits.slice(0, 2));
  const m = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (h > 14 || m > 59) return null;
  return sign * (h * 60 + m);
}

/**
 * A UTC instant "YYYY-MM-DDTHH:mm:ssZ" (milliseconds kept when there are any) from a cell. A time
 * without a zone is taken as UTC, as FOCUS requires UTC; a date without a time is midnight UTC; a
 * two-digit year is 20YY.
 */
export function parseTimestamp(raw: string, format: DateFormat = 'auto'): string | Problem {
  const s = raw.trim();
  const m = ISO_RE.exec(s);
  if (m) {
    const offset = parseOffset(m[8]);
    const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
    const r =
      offset === null
        ? null
        : instant(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), ms, offset);
    return r ?? new Problem(`${quote(raw)} is not a real date and time.`);
  }
  const sl = format === 'iso' ? null : SLASH_RE.exec(s);
  if (sl) {
    const [a, b] = [Number(sl[1]), Number(sl[2])];
    const [mo, d] = format === 'dmy' ? [b, a] : [a, b];
    const y = sl[3].length === 2 ? 2000 + Number(sl[3]) : Number(sl[3]);
    let h = Number(sl[4] ?? 0);
    const ampm = sl[7]?.toUpperCase();
    if (ampm) {
      if (h < 1 || h > 12) return new Problem(`${quote(raw)} is not a real date and time.`);
      h = (h % 12) + (ampm === 'PM' ? 12 : 0);
    }
    const r = instant(y, mo, d, h, Number(sl[5] ?? 0), Number(sl[6] ?? 0), 0, 0);
    return (
      r ?? new Problem(`${quote(raw)} is not a real date${format === 'dmy' ? ' (read as day/month/year)' : ' (read as month/day/year)'}.`)
    );
  }
  return new Problem(`${quote(raw)} is not a date and time Steward can read (use 2024-09-01T00:00:00Z).`);
}

/**
 * `parseTimestamp` with a small memory: usage files repeat the same few charge periods on
 * thousands of rows, so most cells are answered without parsing.
 */
export class TimestampReader {
  private cache = new Map<string, string | Problem>();
  constructor(readonly format: DateFormat = 'auto') {}
  read(raw: string): string | Problem {
    const hit = this.cache.get(raw);
    if (hit !== undefined) return hit;
    const v = parseTimestamp(raw, this.format);
    if (this.cache.size >= 4096) this.cache.clear();
    this.cache.set(raw, v);
    return v;
  }
}

/** The UTC calendar day (YYYY-MM-DD) of an instant returned by `parseTimestamp`. */
export const utcDay = (instantIso: string): string => instantIso.slice(0, 10);

// ---------------------------------------------------------------------------------------------
// Tags

export type TagValue = string | number | boolean | null;
export type Tags = Readonly<Record<string, TagValue>>;
export const NO_TAGS: Tags = Object.freeze({});

/**
 * FOCUS tags: a JSON object whose values are strings, numbers, booleans or null (KeyValueFormat).
 * An object or array value, which FOCUS forbids, is kept as its JSON text rather than losing the row.
 */
export function parseTags(raw: string): Tags | Problem {
  const hit = tagCache.get(raw);
  if (hit !== undefined) return hit;
  const v = readTags(raw);
  if (tagCache.size >= 4096) tagCache.clear();
  tagCache.set(raw, v);
  return v;
}

// Usage files repeat the same few tag sets on many rows; parsed tags are frozen, so they can be shared.
const tagCache = new Map<string, Tags | Problem>();

function readTags(raw: string): Tags | Problem {
  const s = raw.trim();
  if (s === '' || s === '{}') return NO_TAGS;
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch {
    return new Problem(`${quote(raw)} is not a JSON object such as {"team":"data"}.`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    return new Problem(`${quote(raw)} is not a JSON object such as {"team":"data"}.`);
  const out: Record<string, TagValue> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    out[k] = val !== null && typeof val === 'object' ? JSON.stringify(val) : (val as TagValue);
  }
  return Object.freeze(out);
}

// ---------------------------------------------------------------------------------------------
// Units

/** A measurement unit split into its unit quantity and base: "1000 Tokens" → 1000 × "Tokens". */
export interface UnitParts {
  /** Exact positive integer as a string ("1", "1000", "1000000"). */
  multiplier: string;
  base: string;
}

const UNIT_RE = /^(\d+(?:\.\d+)?)\s*([KkMmBb])?\s+(\S.*)$/;
const SCALE: Record<string, string> = { k: '1000', m: '1000000', b: '1000000000' };
const unitCache = new Map<string, UnitParts>();

/**
 * Split a FOCUS unit into its unit quantity and base unit. FOCUS writes the quantity as a
 * positive integer ("1000 Tokens"); vendors also write "1M Tokens" or "1K Requests", read here as
 * 1,000,000 and 1,000.
 */
export function parseUnit(unit: string): UnitParts {
  const hit = unitCache.get(unit);
  if (hit) return hit;
  const s = unit.trim();
  const m = UNIT_RE.exec(s);
  let parts: UnitParts = { multiplier: '1', base: s };
  if (m) {
    let mult = new Big(m[1]);
    if (m[2]) mult = mult.times(SCALE[m[2].toLowerCase()]);
    if (mult.gt(0)) parts = { multiplier: mult.toFixed(), base: m[3].trim() };
  }
  if (unitCache.size > 1024) unitCache.clear();
  unitCache.set(unit, parts);
  return parts;
}

/**
 * A key under which two spellings of one base unit compare equal: case, spacing and a plural "s"
 * do not matter ("Token", "tokens", "TOKENS"; "Server Hours", "server hour").
 */
export function unitKey(base: string): string {
  return base
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/(?<=[a-z]{3})s$/, '');
}

/** Whether two base units are the same unit written differently. */
export const sameUnit = (a: string, b: string): boolean => unitKey(a) === unitKey(b);

// ---------------------------------------------------------------------------------------------
// Currencies

/**
 * A billing currency must be a national currency Steward knows (FOCUS 1.2: national currency,
 * ISO 4217). Returns the code, upper-cased, or a problem.
 */
export function parseBillingCurrency(raw: string): string | Problem {
  const s = raw.trim();
  if (isCurrency(s)) return s;
  const up = s.toUpperCase();
  if (isCurrency(up)) return up;
  return new Problem(`${quote(raw)} is not an ISO 4217 currency code Steward knows (such as USD or EUR).`);
}

/**
 * A pricing currency may be national (ISO 4217) or virtual (FOCUS 1.2 CurrencyFormat: "Credits",
 * "Tokens"). A three-letter upper-case code that is not ISO 4217 is refused as a likely typo;
 * any other text is kept as a virtual currency.
 */
export function parsePricingCurrency(raw: string): string | Problem {
  const s = raw.trim();
  if (isCurrency(s)) return s;
  if (/^[A-Za-z]{3}$/.test(s) && isCurrency(s.toUpperCase())) return s.toUpperCase();
  if (/^[A-Z]{3}$/.test(s))
    return new Problem(`${quote(raw)} is not an ISO 4217 currency code Steward knows (a virtual currency needs a name such as "Credits").`);
  if (s.length > 64) return new Problem(`${quote(raw)} is too long for a currency name.`);
  return s;
}
