/**
 * The numbers on each role's home page. Procurement and auditors see the whole portfolio they
 * may see; department buyers and IT & data staff see their own department; IT & data see the
 * findings owned by their team; auditors see activity; vendors see their own contracts.
 */
import { type ExpressionBuilder, sql } from 'kysely';
import { addDays, todayUtc } from '../../core/dates.js';
import { healthBand } from '../../core/findings.js';
import { type Actor, can, scopeFor } from '../../core/policy.js';
import type { Database } from '../../db/schema.js';
import type { ServiceContext } from '../../platform/context.js';
import { type ContractSummaryRow, contractQuery, toSummary, visibleTo } from '../contracts/contracts.store.js';

const LIVE = ['active', 'suspended'];

/** Which contracts the home page counts: a department user's own department; otherwise all they may see. */
function homeScope(actor: Actor) {
  const visible = visibleTo(actor);
  const own = scopeFor(actor, 'contract.read') === 'department';
  return (eb: ExpressionBuilder<Database & { c: Database['contracts'] }, 'c'>) =>
    own ? eb.and([visible(eb), eb('c.department_id', '=', actor.departmentId ?? '00000000-0000-0000-0000-000000000000')]) : visible(eb);
}

export async function dashboard(ctx: ServiceContext, today = todayUtc()) {
  const actor = ctx.actor;
  const counts: Record<string, number> = {};
  const out = {
    scope: scopeFor(actor, 'contract.read') === 'department' ? ('department' as const) : ('portfolio' as const),
    contractsByStatus: {} as Record<string, number>,
    totalValueByCurrency: [] as { currency: string; value: string; ceiling: string }[],
    endingSoon: [] as ReturnType<typeof toSummary>[],
    recent: [] as ReturnType<typeof toSummary>[],
    health: { good: 0, fair: 0, poor: 0 },
    lowestHealth: [] as (ReturnType<typeof toSummary> & { healthScore: number })[],
    findingsBySeverity: { critical: 0, warning: 0, info: 0 },
    topFindings: [] as {
      id: string;
      contractId: string;
      reference: string;
      title: string;
      severity: string;
      ownerTeam: string;
      firstSeen: string;
    }[],
    deadlines: { overdue: 0, thisWeek: 0, thisMonth: 0 },
    upcomingDeadlines: [] as {
      id: string;
      contractId: string;
      reference: string;
      title: string;
      kind: string;
      dueDate: string;
      ownerTeam: string;
    }[],
    activity: null as null | {
      byDay: { day: string; count: number }[];
      recent: { seq: string; at: string; actorEmail: string | null; action: string; entityType: string; entityId: string | null }[];
    },
    counts,
  };
  if (can(actor, 'contract.read')) {
    const scope = homeScope(actor) as never;
    const base = ctx.db.selectFrom('contracts as c').where(scope);
    const internal = actor.role !== 'vendor';
    const technicalOnly = actor.role === 'it_data';
    const [byStatus, byCurrency, soon, latest, bands, lowest] = await Promise.all([
      base
        .select(['c.status', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('c.status')
        .execute(),
      base
        .select(['c.currency', sql<string>`sum(c.value)::text`.as('value'), sql<string>`sum(c.ceiling)::text`.as('ceiling')])
        .where('c.status', 'in', LIVE)
        .groupBy('c.currency')
        .orderBy('c.currency')
        .execute(),
      contractQuery(ctx.db)
        .where(scope)
        .where('c.status', 'in', LIVE)
        .where('c.end_date', '>=', today)
        .where('c.end_date', '<=', addDays(today, 90))
        .orderBy('c.end_date')
        .execute(),
      contractQuery(ctx.db).where(scope).orderBy('c.updated_at', 'desc').limit(8).execute(),
      base.select(['c.health_score']).where('c.status', 'in', LIVE).execute(),
      internal
        ? contractQuery(ctx.db)
            .where(scope)
            .where('c.status', 'in', LIVE)
            .where('c.health_score', '<', 100)
            .orderBy('c.health_score')
            .orderBy('c.end_date')
            .limit(5)
            .execute()
        : Promise.resolve([]),
    ]);
    out.contractsByStatus = Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)]));
    counts.contracts = byStatus.reduce((a, r) => a + Number(r.n), 0);
    counts.endingSoon = soon.length;
    out.totalValueByCurrency = byCurrency;
    out.endingSoon = soon.slice(0, 10).map((r) => toSummary(r as ContractSummaryRow));
    out.recent = latest.map((r) => toSummary(r as ContractSummaryRow));
    if (internal) {
      for (const b of bands) out.health[healthBand(b.health_score)]++;
      out.lowestHealth = lowest.map((r) => ({ ...toSummary(r as ContractSummaryRow), healthScore: r.health_score }));
      let findings = ctx.db
        .selectFrom('findings as f')
        .innerJoin('contracts as c', 'c.id', 'f.contract_id')
        .where(scope)
        .where('f.state', 'in', ['open', 'acknowledged']);
      if (technicalOnly) findings = findings.where('f.owner_team', '=', 'it_data');
      let deadlines = ctx.db
        .selectFrom('deadlines as d')
        .innerJoin('contracts as c', 'c.id', 'd.contract_id')
        .where(scope)
        .where('d.state', '=', 'open');
      if (technicalOnly) deadlines = deadlines.where('d.owner_team', '=', 'it_data');
      const [bySeverity, top, dl, next] = await Promise.all([
        findings
          .select(['f.severity', (eb) => eb.fn.countAll<string>().as('n')])
          .groupBy('f.severity')
          .execute(),
        findings
          .select(['f.id', 'f.contract_id', 'c.reference', 'f.title', 'f.severity', 'f.owner_team', 'f.first_seen'])
          .orderBy(sql`CASE f.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END`)
          .orderBy('f.first_seen')
          .limit(6)
          .execute(),
        deadlines
          .select([
            sql<string>`count(*) FILTER (WHERE d.due_date < ${today}::date)`.as('overdue'),
            sql<string>`count(*) FILTER (WHERE d.due_date >= ${today}::date AND d.due_date < ${today}::date + 7)`.as('week'),
            sql<string>`count(*) FILTER (WHERE d.due_date >= ${today}::date AND d.due_date < ${today}::date + 30)`.as('month'),
          ])
          .executeTakeFirstOrThrow(),
        deadlines
          .select(['d.id', 'd.contract_id', 'c.reference', 'd.title', 'd.kind', 'd.due_date', 'd.owner_team'])
          .where('d.due_date', '>=', today)
          .orderBy('d.due_date')
          .limit(8)
          .execute(),
      ]);
      for (const r of bySeverity) out.findingsBySeverity[r.severity as 'critical'] = Number(r.n);
      out.topFindings = top.map((f) => ({
        id: f.id,
        contractId: f.contract_id,
        reference: f.reference,
        title: f.title,
        severity: f.severity,
        ownerTeam: f.owner_team,
        firstSeen: f.first_seen.toISOString(),
      }));
      out.deadlines = { overdue: Number(dl.overdue), thisWeek: Number(dl.week), thisMonth: Number(dl.month) };
      out.upcomingDeadlines = next.map((d) => ({
        id: d.id,
        contractId: d.contract_id,
        reference: d.reference,
        title: d.title,
        kind: d.kind,
        dueDate: d.due_date,
        ownerTeam: d.owner_team,
      }));
    }
  }
  if (can(actor, 'audit.read')) {
    const since = addDays(today, -13);
    const [byDay, recent] = await Promise.all([
      ctx.db
        .selectFrom('audit_log')
        .select([sql<string>`(at AT TIME ZONE 'UTC')::date::text`.as('day'), (eb) => eb.fn.countAll<string>().as('n')])
        .where('at', '>=', new Date(`${since}T00:00:00Z`))
        .groupBy(sql`(at AT TIME ZONE 'UTC')::date`)
        .execute(),
      ctx.db
        .selectFrom('audit_log')
        .select(['seq', 'at', 'actor_email', 'action', 'entity_type', 'entity_id'])
        .orderBy('seq', 'desc')
        .limit(10)
        .execute(),
    ]);
    const perDay = new Map(byDay.map((r) => [r.day, Number(r.n)]));
    out.activity = {
      byDay: Array.from({ length: 14 }, (_, i) => {
        const day = addDays(since, i);
        return { day, count: perDay.get(day) ?? 0 };
      }),
      recent: recent.map((r) => ({
        seq: r.seq,
        at: r.at.toISOString(),
        actorEmail: r.actor_email,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
      })),
    };
  }
  if (can(actor, 'vendor.read')) {
    const r = await ctx.db
      .selectFrom('vendors')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    counts.vendors = actor.role === 'vendor' ? 1 : Number(r.n);
  }
  if (can(actor, 'user.manage')) {
    const [u, d] = await Promise.all([
      ctx.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('disabled_at', 'is', null)
        .executeTakeFirstOrThrow(),
      ctx.db
        .selectFrom('departments')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    counts.users = Number(u.n);
    counts.departments = Number(d.n);
  }
  return out;
}
