/**
 * The stored rollups and sightings: merging what an import (or a re-match) adds into the rows the
 * dashboards and rules read, inside the writer's transaction. Writers on one contract are
 * serialised by the import lock, so read-fold-write is safe.
 */
import { sql } from 'kysely';
import { DecimalSum } from '../../core/usage/decimal.js';
import { type DailyRollup, RollupAccumulator, SightingAccumulator, type UsageSighting } from '../../core/usage/rollup.js';
import type { Tx } from '../../db/database.js';

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/** Take the lock every writer of a contract's usage holds until it commits. */
export async function lockContractUsage(tx: Tx, contractId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`usage:${contractId}`}))`.execute(tx);
}

/** The stable identity of a sighting (what `usage_exceptions.key` holds). */
export function sightingKey(
  s: Pick<UsageSighting, 'serviceKey' | 'billingAccountId' | 'subAccountId' | 'serviceName' | 'skuId' | 'resourceId'>,
): string {
  return [s.serviceKey, s.billingAccountId, s.subAccountId, s.serviceName, s.skuId, s.resourceId].map((v) => v ?? '').join('|');
}

const cellKey = (day: string, serviceId: string | null, department: string | null) => `${day}|${serviceId ?? ''}|${department ?? ''}`;

export function rowToRollup(r: {
  day: string;
  service_id: string | null;
  department: string;
  rows: number;
  billed_cost: Record<string, string>;
  usage_cost: Record<string, string>;
  effective_cost: Record<string, string>;
  pricing_quantity: Record<string, string>;
  consumed_quantity: Record<string, string>;
}): DailyRollup {
  return {
    day: r.day,
    serviceKey: r.service_id,
    department: r.department,
    rows: r.rows,
    billedCost: r.billed_cost,
    usageCost: r.usage_cost,
    effectiveCost: r.effective_cost,
    pricingQuantity: r.pricing_quantity,
    consumedQuantity: r.consumed_quantity,
  };
}

/** Negate a rollup (to move rows out of a cell). */
export function negate(r: DailyRollup): DailyRollup {
  const neg = (m: Record<string, string>) =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.startsWith('-') ? v.slice(1) : v === '0' ? v : `-${v}`]));
  return {
    ...r,
    rows: -r.rows,
    billedCost: neg(r.billedCost),
    usageCost: neg(r.usageCost),
    effectiveCost: neg(r.effectiveCost),
    pricingQuantity: neg(r.pricingQuantity),
    consumedQuantity: neg(r.consumedQuantity),
  };
}

/** Add rollups (positive or negated) to the stored cells of a contract. */
export async function mergeRollups(tx: Tx, contractId: string, currency: string, add: readonly DailyRollup[]): Promise<void> {
  if (!add.length) return;
  const days = [...new Set(add.map((r) => r.day))];
  const existing = await tx.selectFrom('usage_daily').selectAll().where('contract_id', '=', contractId).where('day', 'in', days).execute();
  const wanted = new Set(add.map((r) => cellKey(r.day, r.serviceKey, r.department)));
  const acc = new RollupAccumulator();
  for (const r of existing) if (wanted.has(cellKey(r.day, r.service_id, r.department))) acc.addRollup(rowToRollup(r));
  for (const r of add) acc.addRollup(r);
  const merged = acc.rollups();
  const keep = merged.filter((r) => r.rows > 0);
  const drop = merged.filter((r) => r.rows <= 0);
  for (const r of drop)
    await tx
      .deleteFrom('usage_daily')
      .where('contract_id', '=', contractId)
      .where('day', '=', r.day)
      .where(sql`coalesce(service_id, ${ZERO_UUID}::uuid)`, '=', r.serviceKey ?? ZERO_UUID)
      .where('department', '=', r.department ?? '')
      .execute();
  for (let i = 0; i < keep.length; i += 2000) {
    const part = keep.slice(i, i + 2000);
    const j = (f: (r: DailyRollup) => Record<string, string>) => part.map((r) => JSON.stringify(f(r)));
    await sql`
      INSERT INTO usage_daily (contract_id, day, service_id, department, rows, contract_cost, billed_cost, usage_cost, effective_cost,
                               pricing_quantity, consumed_quantity)
      SELECT ${contractId}::uuid, d, s, dep, n, cc, b::jsonb, u::jsonb, e::jsonb, pq::jsonb, cq::jsonb
      FROM unnest(${part.map((r) => r.day)}::date[], ${part.map((r) => r.serviceKey)}::uuid[], ${part.map((r) => r.department ?? '')}::text[],
                  ${part.map((r) => r.rows)}::int[], ${part.map((r) => r.billedCost[currency] ?? '0')}::numeric[],
                  ${j((r) => r.billedCost)}::text[], ${j((r) => r.usageCost)}::text[], ${j((r) => r.effectiveCost)}::text[],
                  ${j((r) => r.pricingQuantity)}::text[], ${j((r) => r.consumedQuantity)}::text[]) AS t(d, s, dep, n, cc, b, u, e, pq, cq)
      ON CONFLICT (contract_id, day, (coalesce(service_id, '00000000-0000-0000-0000-000000000000'::uuid)), department)
      DO UPDATE SET rows = EXCLUDED.rows, contract_cost = EXCLUDED.contract_cost, billed_cost = EXCLUDED.billed_cost,
                    usage_cost = EXCLUDED.usage_cost, effective_cost = EXCLUDED.effective_cost,
                    pricing_quantity = EXCLUDED.pricing_quantity, consumed_quantity = EXCLUDED.consumed_quantity
    `.execute(tx);
  }
  await mergeDerived(tx, contractId, currency, add);
}

/**
 * Keep the dashboard's tables in step with what was added to usage_daily: spend per day, and the
 * whole period per catalog entry and department. Only the cells touched are read and written.
 */
async function mergeDerived(tx: Tx, contractId: string, currency: string, add: readonly DailyRollup[]): Promise<void> {
  const days = new Map<string, { rows: number; cost: DecimalSum }>();
  const totals = new RollupAccumulator();
  for (const r of add) {
    let d = days.get(r.day);
    if (!d) {
      d = { rows: 0, cost: new DecimalSum('0.00') };
      days.set(r.day, d);
    }
    d.rows += r.rows;
    d.cost.add(r.billedCost[currency] ?? '0');
    totals.addRollup({ ...r, day: '' });
  }
  const dayList = [...days.entries()];
  for (let i = 0; i < dayList.length; i += 2000) {
    const part = dayList.slice(i, i + 2000);
    await sql`
      INSERT INTO usage_contract_days (contract_id, day, rows, contract_cost)
      SELECT ${contractId}::uuid, d, n, c FROM unnest(${part.map(([d]) => d)}::date[], ${part.map(([, v]) => v.rows)}::int[],
                                                      ${part.map(([, v]) => v.cost.toString())}::numeric[]) AS t(d, n, c)
      ON CONFLICT (contract_id, day) DO UPDATE SET rows = usage_contract_days.rows + EXCLUDED.rows,
                                                   contract_cost = usage_contract_days.contract_cost + EXCLUDED.contract_cost`.execute(tx);
  }
  await tx.deleteFrom('usage_contract_days').where('contract_id', '=', contractId).where('rows', '<=', 0).execute();

  const deltas = totals.rollups();
  const existing = await tx.selectFrom('usage_contract_totals').selectAll().where('contract_id', '=', contractId).execute();
  const acc = new RollupAccumulator();
  const wanted = new Set(deltas.map((r) => `${r.serviceKey ?? ''}|${r.department ?? ''}`));
  for (const e of existing)
    if (wanted.has(`${e.service_id ?? ''}|${e.department}`))
      acc.addRollup({
        day: '',
        serviceKey: e.service_id,
        department: e.department,
        rows: e.rows,
        billedCost: { [currency]: e.contract_cost },
        usageCost: {},
        effectiveCost: {},
        pricingQuantity: e.pricing_quantity,
        consumedQuantity: e.consumed_quantity,
      });
  for (const r of deltas) acc.addRollup({ ...r, billedCost: { [currency]: r.billedCost[currency] ?? '0' } });
  for (const r of acc.rollups()) {
    if (r.rows <= 0) {
      await sql`DELETE FROM usage_contract_totals WHERE contract_id = ${contractId}
                AND coalesce(service_id, ${ZERO_UUID}::uuid) = ${r.serviceKey ?? ZERO_UUID}::uuid AND department = ${r.department ?? ''}`.execute(
        tx,
      );
      continue;
    }
    await sql`
      INSERT INTO usage_contract_totals (contract_id, service_id, department, rows, contract_cost, pricing_quantity, consumed_quantity)
      VALUES (${contractId}, ${r.serviceKey}, ${r.department ?? ''}, ${r.rows}, ${r.billedCost[currency] ?? '0'},
              ${JSON.stringify(r.pricingQuantity)}::jsonb, ${JSON.stringify(r.consumedQuantity)}::jsonb)
      ON CONFLICT (contract_id, (coalesce(service_id, '00000000-0000-0000-0000-000000000000'::uuid)), department)
      DO UPDATE SET rows = EXCLUDED.rows, contract_cost = EXCLUDED.contract_cost,
                    pricing_quantity = EXCLUDED.pricing_quantity, consumed_quantity = EXCLUDED.consumed_quantity`.execute(tx);
  }
}

/** Add sightings to the stored exceptions; a resolved one that is seen again opens again. */
export async function mergeSightings(tx: Tx, contractId: string, add: readonly UsageSighting[]): Promise<void> {
  if (!add.length) return;
  const keys = add.map((s) => `${s.kind}\u0001${sightingKey(s)}`);
  const existing = await tx
    .selectFrom('usage_exceptions')
    .selectAll()
    .where('contract_id', '=', contractId)
    .where(sql<string>`kind || chr(1) || key`, 'in', keys)
    .execute();
  const acc = new SightingAccumulator(Number.MAX_SAFE_INTEGER);
  for (const e of existing) acc.addSighting(exceptionToSighting(e));
  for (const s of add) acc.addSighting(s);
  await upsertSightings(tx, contractId, acc.sightings());
}

/**
 * Write sightings with their figures as given (the caller has folded them); a resolved one that
 * is seen again opens again, a raised one keeps its status and note.
 */
export async function upsertSightings(tx: Tx, contractId: string, sightings: readonly UsageSighting[]): Promise<void> {
  for (const s of sightings) {
    await tx
      .insertInto('usage_exceptions')
      .values({
        contract_id: contractId,
        kind: s.kind,
        key: sightingKey(s),
        service_id: s.serviceKey,
        billing_account_id: s.billingAccountId,
        sub_account_id: s.subAccountId,
        service_name: s.serviceName,
        sku_id: s.skuId,
        resource_id: s.resourceId,
        first_seen: s.firstSeen,
        last_seen: s.lastSeen,
        rows: s.rows,
        billed_cost: JSON.stringify(s.billedCost),
      })
      .onConflict((oc) =>
        oc.columns(['contract_id', 'kind', 'key']).doUpdateSet((eb) => ({
          first_seen: eb.ref('excluded.first_seen'),
          last_seen: eb.ref('excluded.last_seen'),
          rows: eb.ref('excluded.rows'),
          billed_cost: eb.ref('excluded.billed_cost'),
          status: sql`CASE WHEN usage_exceptions.status = 'resolved' THEN 'open' ELSE usage_exceptions.status END`,
          updated_at: sql`now()`,
        })),
      )
      .execute();
  }
}

export function exceptionToSighting(e: {
  kind: string;
  service_id: string | null;
  billing_account_id: string | null;
  sub_account_id: string | null;
  service_name: string | null;
  sku_id: string | null;
  resource_id: string | null;
  first_seen: string;
  last_seen: string;
  rows: number;
  billed_cost: Record<string, string>;
}): UsageSighting {
  return {
    kind: e.kind as UsageSighting['kind'],
    serviceKey: e.service_id,
    billingAccountId: e.billing_account_id,
    subAccountId: e.sub_account_id,
    serviceName: e.service_name,
    skuId: e.sku_id,
    resourceId: e.resource_id,
    firstSeen: e.first_seen,
    lastSeen: e.last_seen,
    rows: e.rows,
    billedCost: e.billed_cost,
  };
}
