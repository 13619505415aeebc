/**
 * Folding usage records into what dashboards and rules read: daily rollups per service and
 * department, and sightings of usage nobody approved (no catalog entry, or used by someone the
 * entry does not allow). Both are exact (decimal strings, BigInt sums) and order-independent:
 * the same records in any order give the same result.
 */
import Big from 'big.js';
import { type DecimalSum, addToSum } from './decimal.js';
import { type CatalogEntryLike, createMatcher, isAllowedProvisioner } from './match.js';
import type { UsageRecord } from './record.js';
import { parseUnit } from './values.js';

/** One day × service × department. */
export interface DailyRollup {
  /** UTC calendar day of the charges' ChargePeriodStart (YYYY-MM-DD). */
  day: string;
  /** Catalog entry key; null for usage that matched no entry. */
  serviceKey: string | null;
  department: string | null;
  rows: number;
  /** BilledCost per billing currency (all charge categories: usage, purchases, taxes, credits…). */
  billedCost: Record<string, string>;
  /**
   * BilledCost of usage rows only (ChargeCategory "Usage", or no category, as in mapped files), per
   * currency: what reconciliation against rates compares.
   */
  usageCost: Record<string, string>;
  /** EffectiveCost per currency (rows that have one). */
  effectiveCost: Record<string, string>;
  /**
   * PricingQuantity of usage rows per base pricing unit, the unit quantity applied ("1000 Tokens"
   * × 5 counts as 5000 under "Tokens"). Purchases (such as a prepaid token allotment) are not usage.
   */
  pricingQuantity: Record<string, string>;
  /** ConsumedQuantity of usage rows per base consumed unit, likewise. */
  consumedQuantity: Record<string, string>;
}

type Sums = Map<string, DecimalSum>;

interface Cell {
  day: string;
  serviceKey: string | null;
  department: string | null;
  rows: number;
  billed: Sums;
  usage: Sums;
  effective: Sums;
  pricing: Sums;
  consumed: Sums;
}

const NULL_KEY = '\u0002';

function addSums(m: Sums, from: Record<string, string>): void {
  for (const [k, v] of Object.entries(from)) addToSum(m, k, v);
}

function toRecord(m: Sums): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...m.keys()].sort()) out[k] = (m.get(k) as DecimalSum).toString();
  return out;
}

/** `d` × 10^k for a plain decimal string, by moving the point ("2.5", 3 → "2500"). */
function shift(d: string, k: number): string {
  const neg = d.charCodeAt(0) === 45;
  const body = neg ? d.slice(1) : d;
  const dot = body.indexOf('.');
  const int = dot === -1 ? body : body.slice(0, dot);
  let frac = dot === -1 ? '' : body.slice(dot + 1);
  frac = frac.padEnd(k, '0');
  const digits = (int + frac.slice(0, k)).replace(/^0+(?=\d)/, '');
  const rest = frac.slice(k);
  const out = rest ? `${digits}.${rest}` : digits;
  return neg && /[1-9]/.test(out) ? `-${out}` : out;
}

const POWER_OF_TEN = /^10*$/;

/** A quantity in its base unit: "5" of "1000 Tokens" → ["Tokens", "5000"]. */
export function baseQuantity(quantity: string, unit: string): [string, string] {
  const { multiplier, base } = parseUnit(unit);
  if (multiplier === '1') return [base, quantity];
  if (POWER_OF_TEN.test(multiplier)) return [base, shift(quantity, multiplier.length - 1)];
  return [base, new Big(quantity).times(multiplier).toFixed()];
}

const cmpNullLast = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);

/** Sums records into daily rollups keyed by (day, service, department). */
export class RollupAccumulator {
  private cells = new Map<string, Cell>();

  /** Number of distinct (day, service, department) keys so far. */
  get size(): number {
    return this.cells.size;
  }

  private cell(day: string, serviceKey: string | null, department: string | null): Cell {
    const k = `${day}\u0001${serviceKey ?? NULL_KEY}\u0001${department ?? NULL_KEY}`;
    let c = this.cells.get(k);
    if (!c) {
      c = {
        day,
        serviceKey,
        department,
        rows: 0,
        billed: new Map(),
        usage: new Map(),
        effective: new Map(),
        pricing: new Map(),
        consumed: new Map(),
      };
      this.cells.set(k, c);
    }
    return c;
  }

  /** Add one record under a service (null: unmatched) and department. */
  add(record: UsageRecord, serviceKey: string | null, department: string | null = null): void {
    const c = this.cell(record.chargePeriodStart.slice(0, 10), serviceKey, department);
    const cur = record.billingCurrency;
    c.rows++;
    addToSum(c.billed, cur, record.billedCost);
    if (record.effectiveCost !== null) addToSum(c.effective, cur, record.effectiveCost);
    if (record.chargeCategory === 'Usage' || record.chargeCategory === null) {
      addToSum(c.usage, cur, record.billedCost);
      if (record.pricingQuantity !== null && record.pricingUnit !== null) {
        const [u, q] = baseQuantity(record.pricingQuantity, record.pricingUnit);
        addToSum(c.pricing, u, q);
      }
      if (record.consumedQuantity !== null && record.consumedUnit !== null) {
        const [u, q] = baseQuantity(record.consumedQuantity, record.consumedUnit);
        addToSum(c.consumed, u, q);
      }
    }
  }

  /** Fold in a rollup computed elsewhere (another batch, or what is already stored). */
  addRollup(r: DailyRollup): void {
    const c = this.cell(r.day, r.serviceKey, r.department);
    c.rows += r.rows;
    addSums(c.billed, r.billedCost);
    addSums(c.usage, r.usageCost);
    addSums(c.effective, r.effectiveCost);
    addSums(c.pricing, r.pricingQuantity);
    addSums(c.consumed, r.consumedQuantity);
  }

  /** The rollups, sorted by day, then service (unmatched last), then department (none last). */
  rollups(): DailyRollup[] {
    return [...this.cells.values()]
      .map((c) => ({
        day: c.day,
        serviceKey: c.serviceKey,
        department: c.department,
        rows: c.rows,
        billedCost: toRecord(c.billed),
        usageCost: toRecord(c.usage),
        effectiveCost: toRecord(c.effective),
        pricingQuantity: toRecord(c.pricing),
        consumedQuantity: toRecord(c.consumed),
      }))
      .sort((a, b) =>
        a.day < b.day ? -1 : a.day > b.day ? 1 : cmpNullLast(a.serviceKey, b.serviceKey) || cmpNullLast(a.department, b.department),
      );
  }
}

/** Why usage is reported: it matched no catalog entry, or it matched one its user may not provision. */
export type SightingKind = 'unmatched' | 'not_allowed';

/** Usage nobody approved, grouped by who and what. */
export interface UsageSighting {
  kind: SightingKind;
  /** The entry used, for 'not_allowed'; null for 'unmatched'. */
  serviceKey: string | null;
  billingAccountId: string | null;
  subAccountId: string | null;
  serviceName: string | null;
  skuId: string | null;
  /** Null when the sighting groups many resources (see `maxSightings`). */
  resourceId: string | null;
  /** First and last UTC day seen (YYYY-MM-DD). */
  firstSeen: string;
  lastSeen: string;
  rows: number;
  billedCost: Record<string, string>;
}

interface SightingCell extends Omit<UsageSighting, 'billedCost'> {
  billed: Sums;
}

/** Groups unapproved usage by (kind, entry, accounts, service, SKU, resource). */
export class SightingAccumulator {
  private cells = new Map<string, SightingCell>();
  /**
   * @param maxSightings distinct groups kept; past that, new resources are grouped per account and
   * service with `resourceId` null, so memory stays bounded whatever the file holds.
   */
  constructor(private readonly maxSightings = 10_000) {}

  add(record: UsageRecord, kind: SightingKind, serviceKey: string | null): void {
    const day = record.chargePeriodStart.slice(0, 10);
    const base = `${kind}\u0001${serviceKey ?? NULL_KEY}\u0001${record.billingAccountId ?? NULL_KEY}\u0001${record.subAccountId ?? NULL_KEY}\u0001${record.serviceName ?? NULL_KEY}\u0001${record.skuId ?? NULL_KEY}`;
    let resourceId = record.resourceId;
    let k = `${base}\u0001${resourceId ?? NULL_KEY}`;
    let c = this.cells.get(k);
    if (!c && this.cells.size >= this.maxSightings) {
      resourceId = null;
      k = `${base}\u0001${NULL_KEY}`;
      c = this.cells.get(k);
    }
    if (!c) {
      c = {
        kind,
        serviceKey,
        billingAccountId: record.billingAccountId,
        subAccountId: record.subAccountId,
        serviceName: record.serviceName,
        skuId: record.skuId,
        resourceId,
        firstSeen: day,
        lastSeen: day,
        rows: 0,
        billed: new Map(),
      };
      this.cells.set(k, c);
    }
    c.rows++;
    if (day < c.firstSeen) c.firstSeen = day;
    if (day > c.lastSeen) c.lastSeen = day;
    addToSum(c.billed, record.billingCurrency, record.billedCost);
  }

  /** Fold in a sighting computed elsewhere. */
  addSighting(s: UsageSighting): void {
    const k = `${s.kind}\u0001${s.serviceKey ?? NULL_KEY}\u0001${s.billingAccountId ?? NULL_KEY}\u0001${s.subAccountId ?? NULL_KEY}\u0001${s.serviceName ?? NULL_KEY}\u0001${s.skuId ?? NULL_KEY}\u0001${s.resourceId ?? NULL_KEY}`;
    const c = this.cells.get(k);
    if (!c) {
      const { billedCost, ...rest } = s;
      const cell: SightingCell = { ...rest, billed: new Map() };
      addSums(cell.billed, billedCost);
      this.cells.set(k, cell);
      return;
    }
    c.rows += s.rows;
    if (s.firstSeen < c.firstSeen) c.firstSeen = s.firstSeen;
    if (s.lastSeen > c.lastSeen) c.lastSeen = s.lastSeen;
    addSums(c.billed, s.billedCost);
  }

  /** The sightings, earliest first. */
  sightings(): UsageSighting[] {
    return [...this.cells.entries()]
      .sort(([ka, a], [kb, b]) => (a.firstSeen < b.firstSeen ? -1 : a.firstSeen > b.firstSeen ? 1 : ka < kb ? -1 : ka > kb ? 1 : 0))
      .map(([, { billed, ...rest }]) => ({ ...rest, billedCost: toRecord(billed) }));
  }
}

export interface UsageAccumulatorOptions<E extends CatalogEntryLike> {
  /** Department a record's spend counts under (for example from a tag, or the entry's owner); none unless given. */
  departmentOf?: (record: UsageRecord, entry: E | null) => string | null;
  maxSightings?: number;
}

/** How one record was classified. */
export interface Classification<E> {
  entry: E | null;
  /** False when the entry's provisioner rule does not allow the record's account or tags. */
  allowed: boolean;
  department: string | null;
}

/**
 * Matching, rollups and sightings in one pass over a contract's records: what an import runs on
 * every record it keeps.
 */
export class UsageAccumulator<E extends CatalogEntryLike> {
  readonly rollups = new RollupAccumulator();
  readonly sightings: SightingAccumulator;
  private readonly match: (r: UsageRecord) => E | null;
  private readonly departmentOf: (record: UsageRecord, entry: E | null) => string | null;

  constructor(catalog: readonly E[], options: UsageAccumulatorOptions<E> = {}) {
    this.match = createMatcher(catalog);
    this.departmentOf = options.departmentOf ?? (() => null);
    this.sightings = new SightingAccumulator(options.maxSightings);
  }

  add(record: UsageRecord): Classification<E> {
    const entry = this.match(record);
    const allowed = entry ? isAllowedProvisioner(record, entry.provisioners) : true;
    const department = this.departmentOf(record, entry);
    this.rollups.add(record, entry?.key ?? null, department);
    if (!entry) this.sightings.add(record, 'unmatched', null);
    else if (!allowed) this.sightings.add(record, 'not_allowed', entry.key);
    return { entry, allowed, department };
  }
}
