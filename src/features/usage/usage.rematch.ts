/**
 * Matching stored usage again after the catalog changes (an entry approved, its identifiers or
 * provisioner rule edited): rows move to the entry they now belong to, the rollups move with
 * them, and the sightings are recounted, so unmatched usage that was approved into the catalog
 * stops being reported.
 *
 * The work is done per distinct combination of the identifiers matching reads (few, even for
 * millions of rows): each combination is matched once in JavaScript with the same matcher the
 * importer uses, and only combinations whose entry or permission changed are updated.
 */
import { sql } from 'kysely';
import { type MatchableRecord, createMatcher, isAllowedProvisioner } from '../../core/usage/match.js';
import type { DailyRollup, UsageSighting } from '../../core/usage/rollup.js';
import { SightingAccumulator, baseQuantity } from '../../core/usage/rollup.js';
import type { Tx } from '../../db/database.js';
import { loadCatalog } from './usage.import.js';
import { mergeRollups, negate, sightingKey, upsertSightings } from './usage.rollups.js';

const ID_COLUMNS = ['billing_account_id', 'sub_account_id', 'service_name', 'sku_id', 'resource_type'] as const;

interface Combo {
  service_id: string | null;
  allowed: boolean;
  billing_account_id: string | null;
  sub_account_id: string | null;
  service_name: string | null;
  sku_id: string | null;
  resource_type: string | null;
  tags: (string | null)[];
}

export interface RematchResult {
  /** Rows that moved to another entry or changed permission. */
  rowsMoved: number;
  combinations: number;
}

/** Re-match a contract's stored usage against its approved catalog (call under `lockContractUsage`). */
export async function rematchContract(tx: Tx, contractId: string, currency: string): Promise<RematchResult> {
  const catalog = await loadCatalog(tx, contractId);
  const tagKeys = [
    ...new Set(
      catalog.flatMap((e) => [...Object.keys(e.identifiers.tags ?? {}), ...(e.provisioners?.tag ? [e.provisioners.tag.key] : [])]),
    ),
  ].sort();
  const tagSelect = tagKeys.map((k, i) => sql<string | null>`tags->>${k}`.as(`t${i}`));
  const groups = await tx
    .selectFrom('usage_records')
    .select(['service_id', 'allowed', ...ID_COLUMNS])
    .select(tagSelect as never[])
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('contract_id', '=', contractId)
    .groupBy(['service_id', 'allowed', ...ID_COLUMNS])
    .$call((q) => (tagKeys.length ? q.groupBy(tagKeys.map((k) => sql`tags->>${k}`) as never) : q))
    .execute();
  const match = createMatcher(catalog);
  let rowsMoved = 0;
  const deltas: DailyRollup[] = [];
  for (const g0 of groups as unknown as (Combo & Record<string, unknown> & { n: string })[]) {
    const g: Combo = { ...g0, tags: tagKeys.map((_, i) => (g0[`t${i}`] as string | null) ?? null) };
    const tags: Record<string, string> = {};
    tagKeys.forEach((k, i) => {
      if (g.tags[i] !== null) tags[k] = g.tags[i] as string;
    });
    const record: MatchableRecord = {
      billingAccountId: g.billing_account_id,
      subAccountId: g.sub_account_id,
      serviceName: g.service_name,
      skuId: g.sku_id,
      resourceType: g.resource_type,
      tags,
    };
    const entry = match(record);
    const serviceId = entry?.key ?? null;
    const allowed = entry ? isAllowedProvisioner(record, entry.provisioners) : true;
    if (serviceId === g.service_id && allowed === g.allowed) continue;
    const where = comboWhere(contractId, g, tagKeys);
    const parts = await sql<{
      day: string;
      department: string;
      currency: string;
      charge_category: string | null;
      pricing_unit: string | null;
      consumed_unit: string | null;
      n: number;
      billed: string;
      effective: string | null;
      pricing: string | null;
      consumed: string | null;
    }>`
      SELECT day::text AS day, department, currency, charge_category, pricing_unit, consumed_unit, count(*)::int AS n,
             sum(billed_cost)::text AS billed, sum(effective_cost)::text AS effective,
             sum(pricing_quantity)::text AS pricing, sum(consumed_quantity)::text AS consumed
      FROM usage_records WHERE ${where}
      GROUP BY day, department, currency, charge_category, pricing_unit, consumed_unit`.execute(tx);
    for (const p of parts.rows) {
      const isUsage = p.charge_category === 'Usage' || p.charge_category === null;
      const base: Omit<DailyRollup, 'serviceKey'> = {
        day: p.day,
        department: p.department,
        rows: p.n,
        billedCost: { [p.currency]: p.billed },
        usageCost: isUsage ? { [p.currency]: p.billed } : {},
        effectiveCost: p.effective !== null ? { [p.currency]: p.effective } : {},
        pricingQuantity:
          isUsage && p.pricing !== null && p.pricing_unit !== null ? Object.fromEntries([baseQuantity(p.pricing, p.pricing_unit)]) : {},
        consumedQuantity:
          isUsage && p.consumed !== null && p.consumed_unit !== null ? Object.fromEntries([baseQuantity(p.consumed, p.consumed_unit)]) : {},
      };
      if (serviceId !== g.service_id) deltas.push(negate({ ...base, serviceKey: g.service_id }), { ...base, serviceKey: serviceId });
      rowsMoved += p.n;
    }
    await sql`UPDATE usage_records SET service_id = ${serviceId}, allowed = ${allowed} WHERE ${where}`.execute(tx);
  }
  await mergeRollups(tx, contractId, currency, deltas);
  if (rowsMoved) await recountSightings(tx, contractId);
  return { rowsMoved, combinations: groups.length };
}

function comboWhere(contractId: string, g: Combo, tagKeys: string[]) {
  const conds = [
    sql`contract_id = ${contractId}`,
    sql`service_id IS NOT DISTINCT FROM ${g.service_id}::uuid`,
    sql`allowed = ${g.allowed}`,
    ...ID_COLUMNS.map((c) => sql`${sql.ref(c)} IS NOT DISTINCT FROM ${g[c]}::text`),
    ...tagKeys.map((k, i) => sql`(tags->>${k}) IS NOT DISTINCT FROM ${g.tags[i]}::text`),
  ];
  return sql.join(conds, sql` AND `);
}

/**
 * Count the sightings again from the stored rows: sightings that are still seen get their new
 * figures; those no longer seen (approved into the catalog, or their account now allowed) are
 * resolved, keeping their history.
 */
export async function recountSightings(tx: Tx, contractId: string): Promise<void> {
  const rows = await sql<{
    kind: 'unmatched' | 'not_allowed';
    service_id: string | null;
    billing_account_id: string | null;
    sub_account_id: string | null;
    service_name: string | null;
    sku_id: string | null;
    resource_id: string | null;
    first_seen: string;
    last_seen: string;
    n: number;
    currency: string;
    billed: string;
  }>`
    SELECT CASE WHEN service_id IS NULL THEN 'unmatched' ELSE 'not_allowed' END AS kind, service_id, billing_account_id,
           sub_account_id, service_name, sku_id, resource_id, min(day)::text AS first_seen, max(day)::text AS last_seen,
           count(*)::int AS n, currency, sum(billed_cost)::text AS billed
    FROM usage_records
    WHERE contract_id = ${contractId} AND (service_id IS NULL OR NOT allowed)
    GROUP BY 1, service_id, billing_account_id, sub_account_id, service_name, sku_id, resource_id, currency`.execute(tx);
  const acc = new SightingAccumulator(Number.MAX_SAFE_INTEGER);
  for (const r of rows.rows)
    acc.addSighting({
      kind: r.kind,
      serviceKey: r.service_id,
      billingAccountId: r.billing_account_id,
      subAccountId: r.sub_account_id,
      serviceName: r.service_name,
      skuId: r.sku_id,
      resourceId: r.resource_id,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      rows: r.n,
      billedCost: { [r.currency]: r.billed },
    } satisfies UsageSighting);
  const seen = acc.sightings();
  const seenKeys = new Set(seen.map((s) => `${s.kind}\u0001${sightingKey(s)}`));
  const existing = await tx
    .selectFrom('usage_exceptions')
    .select(['id', 'kind', 'key', 'status'])
    .where('contract_id', '=', contractId)
    .execute();
  const gone = existing.filter((e) => e.status !== 'resolved' && !seenKeys.has(`${e.kind}\u0001${e.key}`)).map((e) => e.id);
  if (gone.length)
    await tx.updateTable('usage_exceptions').set({ status: 'resolved', updated_at: new Date() }).where('id', 'in', gone).execute();
  await upsertSightings(tx, contractId, seen);
}
