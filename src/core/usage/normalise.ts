/**
 * Turning tokenized CSV rows into `UsageRecord`s: FOCUS 1.0–1.2 files by their column IDs, other
 * files through a saved column mapping. Every row either becomes a record or is rejected with the
 * row, the column and a plain sentence; nothing is dropped silently.
 */
import type { FieldErrors } from '../errors.js';
import type { CsvRow } from './csv-tokenizer.js';
import { UsageFileError } from './errors.js';
import { type FocusColumn, type FocusVersion, focusHeaderProblem, readFocusHeader } from './focus.js';
import {
  CHARGE_CATEGORIES,
  type ChargeCategory,
  FOCUS_COLUMN_OF,
  type Rejection,
  USAGE_FIELDS,
  type UsageField,
  type UsageRecord,
} from './record.js';
import {
  DATE_FORMATS,
  type DateFormat,
  NO_TAGS,
  Problem,
  TimestampReader,
  isNegativeDecimal,
  parseBillingCurrency,
  parseDecimal,
  parsePricingCurrency,
  parseTags,
} from './values.js';
import { isCurrency } from '../money.js';

/** A saved mapping for a CSV file that is not FOCUS: which of their columns fills which field. */
export interface UsageColumnMapping {
  /** Our field → their column name, as their header writes it. */
  columns: Partial<Record<UsageField, string>>;
  /** How their dates are written; `auto` unless said. */
  dateFormat?: DateFormat;
  /**
   * Values for text fields the file has no column for, the same on every row: a gateway export
   * with a "Tokens" column has no unit column, so `{ pricingUnit: 'Tokens' }`.
   */
  fixed?: Partial<Record<FixableField, string>>;
}

/** Text fields a mapping may fix to one value. */
export const FIXABLE_FIELDS = [
  'billingAccountId',
  'subAccountId',
  'providerName',
  'publisherName',
  'invoiceIssuerName',
  'serviceName',
  'serviceCategory',
  'skuId',
  'resourceType',
  'region',
  'chargeCategory',
  'consumedUnit',
  'pricingUnit',
] as const satisfies readonly UsageField[];
export type FixableField = (typeof FIXABLE_FIELDS)[number];

export interface NormaliseOptions {
  /** Currency for rows without one (no BillingCurrency column, or an empty cell), e.g. the contract's. */
  defaultCurrency?: string | null;
  /** When given, a row billed in any other currency is rejected (e.g. only the contract's currency). */
  allowedCurrencies?: readonly string[] | null;
  /** How FOCUS files' slash dates read ("5/1/25"); `auto` (month first) unless said. */
  dateFormat?: DateFormat;
  /** A mapping for a non-FOCUS file; without one the header must be FOCUS. */
  mapping?: UsageColumnMapping | null;
}

export type NormaliseResult = { ok: true; record: UsageRecord } | { ok: false; rejection: Rejection };

const CATEGORY_EXACT = new Map<string, ChargeCategory>(CHARGE_CATEGORIES.map((c) => [c, c]));
const CATEGORY_BY_LOWER = new Map<string, ChargeCategory>(CHARGE_CATEGORIES.map((c) => [c.toLowerCase(), c]));

/** Fields a mapping must fill (billingCurrency may instead come from `defaultCurrency`). */
export const MAPPING_REQUIRED_FIELDS: readonly UsageField[] = ['chargePeriodStart', 'billedCost'];

/**
 * What is wrong with a column mapping, by field (empty when nothing is): unknown fields, required
 * fields left out, and, when the header is given, columns the file does not have.
 */
export function mappingProblems(mapping: UsageColumnMapping, header?: readonly string[], defaultCurrency?: string | null): FieldErrors {
  const out: FieldErrors = {};
  const known = new Set<string>(USAGE_FIELDS);
  const cols = header ? new Set(header.map((h) => h.trim())) : null;
  for (const [field, column] of Object.entries(mapping.columns ?? {})) {
    if (!known.has(field)) out[field] = 'is not a usage field Steward knows.';
    else if (typeof column !== 'string' || !column.trim()) out[field] = 'must name a column.';
    else if (cols && !cols.has(column.trim())) out[field] = `names the column "${column}", which the file does not have.`;
  }
  for (const f of MAPPING_REQUIRED_FIELDS) if (!mapping.columns?.[f]) out[f] ??= 'must be mapped to a column.';
  if (!mapping.columns?.billingCurrency) {
    if (!defaultCurrency) out.billingCurrency ??= 'must be mapped to a column, or a default currency given.';
    else if (!isCurrency(defaultCurrency))
      out.billingCurrency ??= `has a default "${defaultCurrency}" that is not an ISO 4217 currency code.`;
  }
  if (mapping.dateFormat !== undefined && !DATE_FORMATS.includes(mapping.dateFormat))
    out.dateFormat = `must be one of ${DATE_FORMATS.join(', ')}.`;
  const fixable = new Set<string>(FIXABLE_FIELDS);
  for (const [field, value] of Object.entries(mapping.fixed ?? {})) {
    if (!fixable.has(field)) out[field] ??= 'cannot be given a fixed value.';
    else if (typeof value !== 'string' || !value.trim() || value.length > 200) out[field] ??= 'needs a fixed value of 1 to 200 characters.';
    else if (mapping.columns?.[field as FixableField]) out[field] ??= 'has both a column and a fixed value; give one.';
    else if (field === 'chargeCategory' && !CATEGORY_BY_LOWER.has(value.trim().toLowerCase()))
      out[field] ??= `must be one of ${CHARGE_CATEGORIES.join(', ')}.`;
  }
  return out;
}

function cell(f: readonly string[], i: number): string | null {
  if (i < 0) return null;
  const v = f[i];
  if (v === undefined || v === '' || v === 'NULL' || v === 'null') return null;
  if (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32) {
    const t = v.trim();
    return t === '' || t === 'NULL' || t === 'null' ? null : t;
  }
  return v;
}

const DAY_MS = 86_400_000;

/** Reads the rows of one file, given its header row. */
export class UsageNormaliser {
  /** 'focus' for a FOCUS header, 'mapping' when a column mapping was given. */
  readonly source: 'focus' | 'mapping';
  /** The FOCUS version the header reads as; null for a mapped file. */
  readonly focusVersion: FocusVersion | null;
  /** Columns of the file that were not used (FOCUS columns Steward does not keep, and unknown ones). */
  readonly ignoredColumns: string[];
  private readonly width: number;
  private readonly ix: Record<UsageField, number>;
  private readonly label: Record<UsageField, string>;
  private readonly custom: { name: string; index: number }[];
  private readonly dates: TimestampReader;
  private readonly defaultCurrency: string | null;
  private readonly allowed: Set<string> | null;
  private readonly hasEnd: boolean;
  private readonly fixed: [FixableField, string][];
  private lastCurrencyCell = '';
  private lastCurrency = '';

  constructor(header: readonly string[], options: NormaliseOptions = {}) {
    const cols = header.map((h) => h.trim());
    this.width = cols.length;
    this.defaultCurrency = options.defaultCurrency ?? null;
    if (this.defaultCurrency !== null && !isCurrency(this.defaultCurrency))
      throw new UsageFileError('missing_column', `The default currency "${this.defaultCurrency}" is not an ISO 4217 currency code.`);
    this.allowed = options.allowedCurrencies?.length ? new Set(options.allowedCurrencies) : null;
    const ix = {} as Record<UsageField, number>;
    const label = {} as Record<UsageField, string>;
    const mapping = options.mapping ?? null;
    if (mapping) {
      const problems = mappingProblems(mapping, cols, this.defaultCurrency);
      const list = Object.entries(problems);
      if (list.length)
        throw new UsageFileError(
          'missing_column',
          `The column mapping does not fit this file: ${list.map(([f, m]) => `${f} ${m}`).join(' ')}`,
          { row: 1, line: 1 },
        );
      const seen = new Map<string, number>();
      cols.forEach((c, i) => {
        if (!seen.has(c)) seen.set(c, i);
      });
      for (const f of USAGE_FIELDS) {
        const col = mapping.columns[f]?.trim();
        ix[f] = col ? (seen.get(col) ?? -1) : -1;
        label[f] = col ?? FOCUS_COLUMN_OF[f];
      }
      this.source = 'mapping';
      this.focusVersion = null;
      this.custom = [];
      this.dates = new TimestampReader(mapping.dateFormat ?? options.dateFormat ?? 'auto');
      const used = new Set(Object.values(mapping.columns).map((c) => c?.trim()));
      this.ignoredColumns = cols.filter((c) => !used.has(c));
      this.fixed = Object.entries(mapping.fixed ?? {}).map(([f, v]) => [
        f as FixableField,
        f === 'chargeCategory' ? (CATEGORY_BY_LOWER.get((v as string).trim().toLowerCase()) as string) : (v as string).trim(),
      ]);
    } else {
      const problem = focusHeaderProblem(cols);
      if (problem) throw new UsageFileError('no_header', problem, { row: 1, line: 1 });
      const dup = cols.find((c, i) => cols.indexOf(c) !== i && c !== '');
      if (dup) throw new UsageFileError('duplicate_column', `The column "${dup}" appears twice in the header.`, { row: 1, line: 1 });
      const h = readFocusHeader(cols);
      for (const f of USAGE_FIELDS) {
        const col: FocusColumn = FOCUS_COLUMN_OF[f];
        ix[f] = h.index[col] ?? -1;
        label[f] = col;
      }
      if (ix.billingCurrency < 0 && !this.defaultCurrency)
        throw new UsageFileError(
          'missing_column',
          'The file has no BillingCurrency column. Say which currency its costs are in (for example the contract currency).',
          {
            row: 1,
            line: 1,
          },
        );
      this.source = 'focus';
      this.focusVersion = h.version;
      this.custom = h.custom;
      this.dates = new TimestampReader(options.dateFormat ?? 'auto');
      const used = new Set<string>(Object.values(FOCUS_COLUMN_OF));
      this.ignoredColumns = cols.filter((c) => !used.has(c) && !c.startsWith('x_'));
      this.fixed = [];
    }
    this.ix = ix;
    this.label = label;
    this.hasEnd = ix.chargePeriodEnd >= 0;
  }

  private reject(r: CsvRow, field: UsageField | null, reason: string): NormaliseResult {
    return { ok: false, rejection: { row: r.row, line: r.line, column: field ? this.label[field] : null, reason } };
  }

  private money(r: CsvRow, f: readonly string[], field: UsageField, currency: string | null): string | null | NormaliseResult {
    const v = cell(f, this.ix[field]);
    if (v === null) return null;
    const d = parseDecimal(v, { allowSymbol: currency !== null, currency });
    return d instanceof Problem ? this.reject(r, field, `${this.label[field]} ${d.message}`) : d;
  }

  /** One row: a record, or the reason it was rejected. */
  normalise(r: CsvRow): NormaliseResult {
    const f = r.fields;
    const ix = this.ix;
    if (f.length !== this.width) return this.reject(r, null, `The row has ${f.length} fields but the header has ${this.width}.`);

    // Currency first: money cells may carry its symbol.
    let currency: string;
    const cur = cell(f, ix.billingCurrency);
    if (cur === null) {
      if (!this.defaultCurrency) return this.reject(r, 'billingCurrency', `${this.label.billingCurrency} is empty.`);
      currency = this.defaultCurrency;
    } else {
      if (cur === this.lastCurrencyCell) currency = this.lastCurrency;
      else {
        const c = parseBillingCurrency(cur);
        if (c instanceof Problem) return this.reject(r, 'billingCurrency', `${this.label.billingCurrency} ${c.message}`);
        currency = c;
        this.lastCurrencyCell = cur;
        this.lastCurrency = c;
      }
    }
    if (this.allowed && !this.allowed.has(currency))
      return this.reject(
        r,
        'billingCurrency',
        `${this.label.billingCurrency} is ${currency}, but only ${[...this.allowed].join(', ')} is accepted here.`,
      );

    const startRaw = cell(f, ix.chargePeriodStart);
    if (startRaw === null) return this.reject(r, 'chargePeriodStart', `${this.label.chargePeriodStart} is empty.`);
    const start = this.dates.read(startRaw);
    if (start instanceof Problem) return this.reject(r, 'chargePeriodStart', `${this.label.chargePeriodStart} ${start.message}`);
    let end: string;
    if (this.hasEnd) {
      const endRaw = cell(f, ix.chargePeriodEnd);
      if (endRaw === null) return this.reject(r, 'chargePeriodEnd', `${this.label.chargePeriodEnd} is empty.`);
      const e = this.dates.read(endRaw);
      if (e instanceof Problem) return this.reject(r, 'chargePeriodEnd', `${this.label.chargePeriodEnd} ${e.message}`);
      end = e;
      if (end.length === start.length ? end < start : Date.parse(end) < Date.parse(start))
        return this.reject(
          r,
          'chargePeriodEnd',
          `${this.label.chargePeriodEnd} (${end}) is before ${this.label.chargePeriodStart} (${start}).`,
        );
    } else {
      end = `${new Date(Date.parse(start) + DAY_MS).toISOString().slice(0, 19)}Z`;
    }
    let billingPeriodStart: string | null = null;
    let billingPeriodEnd: string | null = null;
    const bps = cell(f, ix.billingPeriodStart);
    if (bps !== null) {
      const v = this.dates.read(bps);
      if (v instanceof Problem) return this.reject(r, 'billingPeriodStart', `${this.label.billingPeriodStart} ${v.message}`);
      billingPeriodStart = v;
    }
    const bpe = cell(f, ix.billingPeriodEnd);
    if (bpe !== null) {
      const v = this.dates.read(bpe);
      if (v instanceof Problem) return this.reject(r, 'billingPeriodEnd', `${this.label.billingPeriodEnd} ${v.message}`);
      billingPeriodEnd = v;
    }

    const billedRaw = cell(f, ix.billedCost);
    if (billedRaw === null) return this.reject(r, 'billedCost', `${this.label.billedCost} is empty.`);
    const billedCost = parseDecimal(billedRaw, { allowSymbol: true, currency });
    if (billedCost instanceof Problem) return this.reject(r, 'billedCost', `${this.label.billedCost} ${billedCost.message}`);
    const effectiveCost = this.money(r, f, 'effectiveCost', currency);
    if (typeof effectiveCost === 'object' && effectiveCost !== null) return effectiveCost;
    const listCost = this.money(r, f, 'listCost', currency);
    if (typeof listCost === 'object' && listCost !== null) return listCost;
    const contractedCost = this.money(r, f, 'contractedCost', currency);
    if (typeof contractedCost === 'object' && contractedCost !== null) return contractedCost;
    const listUnitPrice = this.money(r, f, 'listUnitPrice', currency);
    if (typeof listUnitPrice === 'object' && listUnitPrice !== null) return listUnitPrice;
    const contractedUnitPrice = this.money(r, f, 'contractedUnitPrice', currency);
    if (typeof contractedUnitPrice === 'object' && contractedUnitPrice !== null) return contractedUnitPrice;

    let pricingCurrency: string | null = null;
    const pc = cell(f, ix.pricingCurrency);
    if (pc !== null) {
      const v = parsePricingCurrency(pc);
      if (v instanceof Problem) return this.reject(r, 'pricingCurrency', `${this.label.pricingCurrency} ${v.message}`);
      pricingCurrency = v;
    }
    const national = pricingCurrency !== null && isCurrency(pricingCurrency) ? pricingCurrency : null;
    const pcEffective = this.money(r, f, 'pricingCurrencyEffectiveCost', national);
    if (typeof pcEffective === 'object' && pcEffective !== null) return pcEffective;
    const pcContracted = this.money(r, f, 'pricingCurrencyContractedUnitPrice', national);
    if (typeof pcContracted === 'object' && pcContracted !== null) return pcContracted;
    const pcList = this.money(r, f, 'pricingCurrencyListUnitPrice', national);
    if (typeof pcList === 'object' && pcList !== null) return pcList;

    let chargeCategory: ChargeCategory | null = null;
    const cc = cell(f, ix.chargeCategory);
    if (cc !== null) {
      chargeCategory = CATEGORY_EXACT.get(cc) ?? CATEGORY_BY_LOWER.get(cc.toLowerCase()) ?? null;
      if (!chargeCategory)
        return this.reject(r, 'chargeCategory', `${this.label.chargeCategory} "${cc}" is not one of ${CHARGE_CATEGORIES.join(', ')}.`);
    }
    let chargeClass: 'Correction' | null = null;
    const cl = cell(f, ix.chargeClass);
    if (cl !== null) {
      if (cl.toLowerCase() !== 'correction')
        return this.reject(r, 'chargeClass', `${this.label.chargeClass} "${cl}" must be "Correction" or empty.`);
      chargeClass = 'Correction';
    }

    let consumedQuantity: string | null = null;
    const cq = cell(f, ix.consumedQuantity);
    if (cq !== null) {
      const v = parseDecimal(cq);
      if (v instanceof Problem) return this.reject(r, 'consumedQuantity', `${this.label.consumedQuantity} ${v.message}`);
      // FOCUS 1.0 and 1.1 require a positive ConsumedQuantity except on corrections; 1.2 only
      // says "a valid decimal", but a negative consumption outside a correction means nothing.
      if (isNegativeDecimal(v) && chargeClass !== 'Correction')
        return this.reject(
          r,
          'consumedQuantity',
          `${this.label.consumedQuantity} is negative (${v}); FOCUS allows a negative quantity only on a correction (ChargeClass "Correction").`,
        );
      consumedQuantity = v;
    }
    let pricingQuantity: string | null = null;
    const pq = cell(f, ix.pricingQuantity);
    if (pq !== null) {
      const v = parseDecimal(pq);
      if (v instanceof Problem) return this.reject(r, 'pricingQuantity', `${this.label.pricingQuantity} ${v.message}`);
      pricingQuantity = v;
    }

    let tags = NO_TAGS;
    const tg = cell(f, ix.tags);
    if (tg !== null) {
      const v = parseTags(tg);
      if (v instanceof Problem) return this.reject(r, 'tags', `${this.label.tags} ${v.message}`);
      tags = v;
    }
    let custom: Record<string, string> = NO_CUSTOM;
    for (const c of this.custom) {
      const v = cell(f, c.index);
      if (v === null) continue;
      if (custom === NO_CUSTOM) custom = {};
      custom[c.name] = v;
    }

    const record: UsageRecord = {
      chargePeriodStart: start,
      chargePeriodEnd: end,
      billingPeriodStart,
      billingPeriodEnd,
      billingAccountId: cell(f, ix.billingAccountId),
      billingAccountName: cell(f, ix.billingAccountName),
      subAccountId: cell(f, ix.subAccountId),
      subAccountName: cell(f, ix.subAccountName),
      providerName: cell(f, ix.providerName),
      publisherName: cell(f, ix.publisherName),
      invoiceIssuerName: cell(f, ix.invoiceIssuerName),
      invoiceId: cell(f, ix.invoiceId),
      serviceName: cell(f, ix.serviceName),
      serviceCategory: cell(f, ix.serviceCategory),
      skuId: cell(f, ix.skuId),
      skuPriceId: cell(f, ix.skuPriceId),
      resourceId: cell(f, ix.resourceId),
      resourceName: cell(f, ix.resourceName),
      resourceType: cell(f, ix.resourceType),
      region: cell(f, ix.region),
      regionName: cell(f, ix.regionName),
      chargeCategory,
      chargeClass,
      chargeDescription: cell(f, ix.chargeDescription),
      chargeFrequency: cell(f, ix.chargeFrequency),
      pricingCategory: cell(f, ix.pricingCategory),
      billedCost,
      effectiveCost,
      listCost,
      contractedCost,
      listUnitPrice,
      contractedUnitPrice,
      billingCurrency: currency,
      pricingCurrency,
      pricingCurrencyEffectiveCost: pcEffective,
      pricingCurrencyContractedUnitPrice: pcContracted,
      pricingCurrencyListUnitPrice: pcList,
      consumedQuantity,
      consumedUnit: cell(f, ix.consumedUnit),
      pricingQuantity,
      pricingUnit: cell(f, ix.pricingUnit),
      commitmentDiscountId: cell(f, ix.commitmentDiscountId),
      commitmentDiscountStatus: cell(f, ix.commitmentDiscountStatus),
      tags,
      custom,
    };
    for (const [field, value] of this.fixed) (record as unknown as Record<string, unknown>)[field] = value;
    return { ok: true, record };
  }
}

const NO_CUSTOM: Record<string, string> = Object.freeze({}) as Record<string, string>;
