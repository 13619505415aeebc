/** The numbers on each role's home page, over the contracts the actor may see. */
import { sql } from 'kysely';
import { addDays, todayUtc } from '../../core/dates.js';
import { can } from '../../core/policy.js';
import type { ServiceContext } from '../../platform/context.js';
import { toSummary, visibleTo, contractQuery } from '../contracts/contracts.store.js';

export async function dashboard(ctx: ServiceContext) {
  const counts: Record<string, number> = {};
  let contractsByStatus: Record<string, number> = {};
  let totalValueByCurrency: { currency: string; value: string; ceiling: string }[] = [];
  let endingSoon: ReturnType<typeof toSummary>[] = [];
  let recent: ReturnType<typeof toSummary>[] = [];
  if (can(ctx.actor, 'contract.read')) {
    const visible = visibleTo(ctx.actor) as never;
    const base = ctx.db.selectFrom('contracts as c').where(visible);
    const today = todayUtc();
    const [byStatus, byCurrency, soon, latest] = await Promise.all([
      base.select(['c.status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('c.status').execute(),
      base
        .select(['c.currency', sql<string>`sum(c.value)::text`.as('value'), sql<string>`sum(c.ceiling)::text`.as('ceiling')])
        .where('c.status', 'in', ['active', 'suspended'])
        .groupBy('c.currency')
        .orderBy('c.currency')
        .execute(),
      contractQuery(ctx.db)
        .where(visible)
        .where('c.status', 'in', ['active', 'suspended'])
        .where('c.end_date', '>=', today)
        .where('c.end_date', '<=', addDays(today, 90))
        .orderBy('c.end_date')
        .limit(10)
        .execute(),
      contractQuery(ctx.db).where(visible).orderBy('c.updated_at', 'desc').limit(8).execute(),
    ]);
    contractsByStatus = Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)]));
    counts.contracts = byStatus.reduce((a, r) => a + Number(r.n), 0);
    totalValueByCurrency = byCurrency;
    endingSoon = soon.map(toSummary);
    recent = latest.map(toSummary);
  }
  if (can(ctx.actor, 'vendor.read')) {
    const r = await ctx.db.selectFrom('vendors').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    counts.vendors = ctx.actor.role === 'vendor' ? 1 : Number(r.n);
  }
  if (can(ctx.actor, 'user.manage')) {
    const [u, d] = await Promise.all([
      ctx.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).where('disabled_at', 'is', null).executeTakeFirstOrThrow(),
      ctx.db.selectFrom('departments').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    counts.users = Number(u.n);
    counts.departments = Number(d.n);
  }
  return { contractsByStatus, totalValueByCurrency, endingSoon, recent, counts };
}
