/**
 * Matching usage rows to a contract's service catalog by the provider's identifiers, and checking
 * that whoever used a catalog entry may provision it.
 */
import type { UsageRecord } from './record.js';

/**
 * The provider's identifiers a catalog entry matches on. Every identifier given must equal the
 * row's value (trimmed, case-insensitive); tags must all be present with those values. An entry
 * with no identifiers matches nothing, so a half-filled catalog never swallows all usage.
 */
export interface CatalogIdentifiers {
  billingAccountId?: string | null;
  subAccountId?: string | null;
  serviceName?: string | null;
  skuId?: string | null;
  resourceType?: string | null;
  tags?: Record<string, string> | null;
}

/**
 * Who may use a catalog entry, in the provider's terms: any of these sub-accounts, billing
 * accounts, or a tag (such as "owner" or "team") with one of these values. No rule, or a rule with
 * nothing in it, allows everyone.
 */
export interface ProvisionerRule {
  subAccountIds?: readonly string[] | null;
  billingAccountIds?: readonly string[] | null;
  tag?: { key: string; values: readonly string[] } | null;
}

/** What matching needs from a catalog entry; the catalog's own type may carry more. */
export interface CatalogEntryLike {
  /** Stable key of the entry (its id); breaks ties and keys the rollups. */
  key: string;
  identifiers: CatalogIdentifiers;
  provisioners?: ProvisionerRule | null;
}

/** The parts of a usage record matching reads. */
export type MatchableRecord = Pick<UsageRecord, 'billingAccountId' | 'subAccountId' | 'serviceName' | 'skuId' | 'resourceType' | 'tags'>;

const SCALAR_IDS = ['skuId', 'resourceType', 'serviceName', 'subAccountId', 'billingAccountId'] as const;
/** Tie-break weight of each identifier: a SKU says more than a service name, which says more than an account. */
const WEIGHT: Record<(typeof SCALAR_IDS)[number], number> = {
  skuId: 16,
  resourceType: 8,
  serviceName: 4,
  subAccountId: 2,
  billingAccountId: 1,
};

const norm = (v: unknown): string => String(v).trim().toLowerCase();

interface Compiled<E> {
  entry: E;
  scalars: { field: (typeof SCALAR_IDS)[number]; value: string }[];
  tags: { key: string; value: string }[];
  score: number;
}

/**
 * How specific an entry is: the number of identifiers it names (each tag counts one), then the
 * weight of which identifiers those are.
 */
export function specificity(ids: CatalogIdentifiers): number {
  let count = 0;
  let weight = 0;
  for (const f of SCALAR_IDS) {
    const v = ids[f];
    if (v !== undefined && v !== null && String(v).trim() !== '') {
      count++;
      weight += WEIGHT[f];
    }
  }
  count += Object.keys(ids.tags ?? {}).length;
  return count * 64 + weight;
}

function compile<E extends CatalogEntryLike>(entry: E): Compiled<E> {
  const ids = entry.identifiers;
  const scalars = SCALAR_IDS.filter((f) => ids[f] !== undefined && ids[f] !== null && String(ids[f]).trim() !== '').map((f) => ({
    field: f,
    value: norm(ids[f]),
  }));
  const tags = Object.entries(ids.tags ?? {}).map(([key, value]) => ({ key, value: norm(value) }));
  return { entry, scalars, tags, score: specificity(ids) };
}

function matches(c: Compiled<unknown>, r: MatchableRecord): boolean {
  if (!c.scalars.length && !c.tags.length) return false;
  for (const s of c.scalars) {
    const v = r[s.field];
    if (v === null || norm(v) !== s.value) return false;
  }
  for (const t of c.tags) {
    const v = r.tags[t.key];
    if (v === undefined || v === null || norm(v) !== t.value) return false;
  }
  return true;
}

/**
 * A matcher for one catalog: the most specific matching entry (see `specificity`), ties broken by
 * the smallest key, or null. It remembers answers, since usage files repeat the same identifiers
 * on many rows.
 */
export function createMatcher<E extends CatalogEntryLike>(catalog: readonly E[]): (record: MatchableRecord) => E | null {
  const compiled = catalog
    .map(compile)
    .sort((a, b) => b.score - a.score || (a.entry.key < b.entry.key ? -1 : a.entry.key > b.entry.key ? 1 : 0));
  const tagKeys = [...new Set(compiled.flatMap((c) => c.tags.map((t) => t.key)))].sort();
  const cache = new Map<string, E | null>();
  return (r) => {
    let k = `${r.billingAccountId}\u0001${r.subAccountId}\u0001${r.serviceName}\u0001${r.skuId}\u0001${r.resourceType}`;
    for (const t of tagKeys) k += `\u0001${r.tags[t] ?? '\u0002'}`;
    const hit = cache.get(k);
    if (hit !== undefined) return hit;
    let found: E | null = null;
    for (const c of compiled)
      if (matches(c, r)) {
        found = c.entry;
        break;
      }
    if (cache.size >= 10_000) cache.clear();
    cache.set(k, found);
    return found;
  };
}

/** The catalog entry a usage record belongs to (most specific match, deterministic), or null. */
export function matchService<E extends CatalogEntryLike>(record: MatchableRecord, catalog: readonly E[]): E | null {
  return createMatcher(catalog)(record);
}

/** Whether the account or tags on a record are allowed to use an entry under its provisioner rule. */
export function isAllowedProvisioner(record: MatchableRecord, rule: ProvisionerRule | null | undefined): boolean {
  if (!rule) return true;
  const subs = rule.subAccountIds ?? [];
  const accounts = rule.billingAccountIds ?? [];
  const tag = rule.tag?.values.length ? rule.tag : null;
  if (!subs.length && !accounts.length && !tag) return true;
  if (record.subAccountId !== null && subs.some((s) => norm(s) === norm(record.subAccountId))) return true;
  if (record.billingAccountId !== null && accounts.some((s) => norm(s) === norm(record.billingAccountId))) return true;
  if (tag) {
    const v = record.tags[tag.key];
    if (v !== undefined && v !== null && tag.values.some((t) => norm(t) === norm(v))) return true;
  }
  return false;
}
