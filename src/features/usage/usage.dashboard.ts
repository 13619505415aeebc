/**
 * What the usage tab and the portfolio page show, read from the rollups (never the raw rows):
 * spend per day from usage_contract_days and the period's figures from usage_contract_totals.
 * It shows spend against the ceiling over time with the forecast, spend by service and
 * department, units against cost, and unapproved usage.
 */
import Big from 'big.js';
import { sql } from 'kysely';
import { addDays, daysBetween, todayUtc } from '../../core/dates.js';
import { scopeFor } from '../../core/policy.js';
import { forecastSpend, projectDays } from '../../core/usage/forecast.js';
import { percentOf } from '../../core/usage/thresholds.js';
import type { ServiceContext } from '../../platform/context.js';
import { requirePermission } from '../../platform/service.js';
import { authorizeContract } from '../contracts/contracts.service.js';
import { visibleTo } from '../contracts/contracts.store.js';
import type { UsageSummaryDto } from './usage.schema.js';
import { loadSettings } from './usage.store.js';

const money = (n: number | string) => new Big(n).round(2, Big.roundHalfUp).toFixed(2);

export async function usageSummary(
  ctx: ServiceContext,
  contractId: string,
  range: { from?: string; to?: string } = {},
): Promise<UsageSummaryDto> {
  const c = await authorizeContract(ctx, contractId, 'usage.read');
  const today = todayUtc();
  const settings = await loadSettings(ctx.db, contractId);
  const t = settings.thresholds;
  const [days, services, byService, quantities, byDept, exceptions, imports] = await Promise.all([
    sql<{ day: string; cost: string }>`
      SELECT day::text AS day, contract_cost::text AS cost FROM usage_contract_days WHERE contract_id = ${contractId} ORDER BY day`.execute(
      ctx.db,
    ),
    ctx.db.selectFrom('usage_services').select(['id', 'name', 'environment', 'budget']).where('contract_id', '=', contractId).execute(),
    sql<{ service_id: string | null; cost: string; rows: number }>`
      SELECT service_id, sum(contract_cost)::text AS cost, sum(rows)::int AS rows FROM usage_contract_totals WHERE contract_id = ${contractId}
      GROUP BY service_id`.execute(ctx.db),
    sql<{ service_id: string | null; unit: string; quantity: string }>`
      SELECT d.service_id, q.key AS unit, sum(q.value::numeric)::text AS quantity
      FROM usage_contract_totals d, jsonb_each_text(d.pricing_quantity) q WHERE d.contract_id = ${contractId}
      GROUP BY d.service_id, q.key`.execute(ctx.db),
    sql<{ department: string; cost: string }>`
      SELECT department, sum(contract_cost)::text AS cost FROM usage_contract_totals WHERE contract_id = ${contractId}
      GROUP BY department ORDER BY sum(contract_cost) DESC`.execute(ctx.db),
    sql<{ open: number; billed: Record<string, string>[] }>`
      SELECT count(*)::int AS open, coalesce(jsonb_agg(billed_cost), '[]') AS billed FROM usage_exceptions
      WHERE contract_id = ${contractId} AND kind = 'unmatched' AND status <> 'resolved'`.execute(ctx.db),
    ctx.db
      .selectFrom('usage_imports')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('created_at').as('last')])
      .where('contract_id', '=', contractId)
      .executeTakeFirstOrThrow(),
  ]);

  const daily = days.rows.map((d) => ({ day: d.day, amount: d.cost }));
  const measure = settings.allottedFunds ?? c.ceiling ?? null;
  const ceilingLabel = settings.allottedFunds ? 'allotted funds' : c.ceiling ? 'ceiling' : 'contract value';
  const against = measure ?? c.value ?? null;
  const fc = forecastSpend({
    daily,
    today,
    endDate: c.end_date,
    ceiling: against,
    horizonDays: t.forecastDays,
    windowDays: t.forecastWindowDays,
  });

  // Running total over every day, then the requested range.
  let running = new Big(0);
  const series = daily.map((d) => {
    running = running.plus(d.amount);
    return { day: d.day, cost: money(d.amount), cumulative: money(running.toString()) };
  });
  const inRange = series.filter((d) => (!range.from || d.day >= range.from) && (!range.to || d.day <= range.to));

  // Weekly projected cumulative spend from the window end to the contract end.
  const projection: UsageSummaryDto['projection'] = [];
  if (fc.model.windowLength > 0 && c.end_date > today) {
    const base = Number(fc.spentToDate);
    const span = daysBetween(fc.model.windowEnd, c.end_date);
    for (let k = 0; k <= span; k += k === 0 ? 1 : 7) {
      const p = projectDays(fc.model, k);
      projection.push({
        day: addDays(fc.model.windowEnd, k),
        expected: money(base + p.expected),
        low: money(base + p.low),
        high: money(base + p.high),
      });
      if (k + 7 > span && k !== span) {
        const q = projectDays(fc.model, span);
        projection.push({ day: c.end_date, expected: money(base + q.expected), low: money(base + q.low), high: money(base + q.high) });
        break;
      }
    }
  }

  const svc = new Map(services.map((s) => [s.id, s]));
  const unmatchedCost = new Big(
    exceptions.rows[0]?.billed?.reduce((sum: Big, m: Record<string, string>) => sum.plus(m[c.currency] ?? '0'), new Big(0)) ?? 0,
  );
  return {
    currency: c.currency,
    today,
    startDate: c.start_date,
    endDate: c.end_date,
    ceiling: against,
    ceilingLabel,
    thresholds: t,
    spentToDate: fc.spentToDate,
    percentOfCeiling: against ? percentOf(fc.spentToDate, against) : null,
    forecast: {
      burnRatePerDay: fc.burnRate,
      trendPerDay: fc.trendPerDay,
      spendWithinHorizon: fc.spendWithinHorizon,
      horizonDays: fc.horizonDays,
      projectedAtEnd: fc.projectedAtEnd,
      projectedAtEndLow: fc.projectedAtEndLow,
      projectedAtEndHigh: fc.projectedAtEndHigh,
      ceilingDate: fc.ceilingDate,
    },
    daily: inRange,
    projection,
    byService: byService.rows
      .map((r) => {
        const s = r.service_id ? svc.get(r.service_id) : undefined;
        return {
          serviceId: r.service_id,
          name: r.service_id ? (s?.name ?? 'Removed catalog entry') : 'Not in the catalog',
          environment: s?.environment ?? null,
          budget: s?.budget ?? null,
          cost: money(r.cost),
          rows: r.rows,
          quantities: quantities.rows
            .filter((q) => q.service_id === r.service_id)
            .map((q) => ({ unit: q.unit, quantity: new Big(q.quantity).toFixed() }))
            .sort((a, b) => (a.unit < b.unit ? -1 : 1)),
        };
      })
      .sort((a, b) => new Big(b.cost).cmp(a.cost)),
    byDepartment: byDept.rows.map((d) => ({ department: d.department, cost: money(d.cost) })),
    unmatched: { open: exceptions.rows[0]?.open ?? 0, cost: money(unmatchedCost.toString()) },
    imports: { count: Number(imports.n), lastAt: imports.last ? new Date(imports.last as unknown as string).toISOString() : null },
  };
}

/** Contracts with usage, by how much of their ceiling they have burnt. */
export async function usagePortfolio(ctx: ServiceContext) {
  await requirePermission(ctx, 'usage.read', 'usage');
  const since = addDays(todayUtc(), -30);
  const rows = await ctx.db
    .selectFrom('contracts as c')
    .innerJoin('departments as d', 'd.id', 'c.department_id')
    .innerJoin('vendors as v', 'v.id', 'c.vendor_id')
    .leftJoin('usage_settings as st', 'st.contract_id', 'c.id')
    .where(visibleTo(ctx.actor) as never)
    .where((eb) => eb.exists(eb.selectFrom('usage_contract_days as u').select('u.day').whereRef('u.contract_id', '=', 'c.id')))
    .select([
      'c.id',
      'c.reference',
      'c.title',
      'c.currency',
      'c.ceiling',
      'c.value',
      'c.end_date',
      'c.department_id',
      'd.name as department_name',
      'v.legal_name as vendor_name',
      'st.allotted_funds',
      sql<string>`(SELECT coalesce(sum(contract_cost), 0)::text FROM usage_contract_days u WHERE u.contract_id = c.id)`.as('spent'),
      sql<string>`(SELECT coalesce(sum(contract_cost), 0)::text FROM usage_contract_days u WHERE u.contract_id = c.id AND u.day >= ${since})`.as(
        'last30',
      ),
      sql<number>`(SELECT count(*)::int FROM usage_exceptions e WHERE e.contract_id = c.id AND e.kind = 'unmatched' AND e.status <> 'resolved')`.as(
        'open',
      ),
    ])
    .execute();
  const deptOnly = scopeFor(ctx.actor, 'usage.read') === 'department';
  return rows
    .filter((r) => !deptOnly || r.department_id === ctx.actor.departmentId)
    .map((r) => {
      const against = r.allotted_funds ?? r.ceiling ?? r.value ?? null;
      return {
        contractId: r.id,
        reference: r.reference,
        title: r.title,
        departmentName: r.department_name,
        vendorName: r.vendor_name,
        currency: r.currency,
        ceiling: against,
        spentToDate: money(r.spent),
        percentOfCeiling: against ? percentOf(r.spent, against) : null,
        last30Days: money(r.last30),
        unmatchedOpen: r.open,
        endDate: r.end_date,
      };
    })
    .sort((a, b) => Number(b.percentOfCeiling ?? -1) - Number(a.percentOfCeiling ?? -1));
}
