/** Milestones across the contracts a user may see, and a contract's milestones as CSV. */
import { sql } from 'kysely';
import { csvLine } from '../../core/csv.js';
import { addDays, daysBetween, todayUtc } from '../../core/dates.js';
import { slipDays } from '../../core/milestones.js';
import type { ServiceContext } from '../../platform/context.js';
import { type Page, requirePermission } from '../../platform/service.js';
import { authorizeContract } from '../contracts/contracts.service.js';
import { visibleTo } from '../contracts/contracts.store.js';
import type { MilestoneDto, PortfolioMilestoneDto, PortfolioQueryInput } from './milestones.schema.js';
import { milestoneDtos } from './milestones.service.js';

/** Days ahead that count as "upcoming". */
export const UPCOMING_DAYS = 30;

export async function listPortfolioMilestones(ctx: ServiceContext, q: PortfolioQueryInput): Promise<Page<PortfolioMilestoneDto>> {
  await requirePermission(ctx, 'contract.read', 'milestone');
  const today = todayUtc();
  let base = ctx.db
    .selectFrom('milestones as m')
    .innerJoin('contracts as c', 'c.id', 'm.contract_id')
    .innerJoin('vendors as v', 'v.id', 'c.vendor_id')
    .innerJoin('departments as d', 'd.id', 'c.department_id')
    .leftJoin('users as u', 'u.id', 'm.owner_user_id')
    .where(visibleTo(ctx.actor) as never);
  if (q.departmentId) base = base.where('c.department_id', '=', q.departmentId);
  if (q.window !== 'all') base = base.where('m.status', '!=', 'met');
  if (q.window === 'late') base = base.where('m.due_date', '<', today);
  if (q.window === 'upcoming') base = base.where('m.due_date', '>=', today).where('m.due_date', '<=', addDays(today, UPCOMING_DAYS));
  const rows = await base
    .select([
      'm.id',
      'm.contract_id',
      'm.title',
      'm.type',
      'm.description',
      'm.due_date',
      'm.owner_team',
      'm.owner_user_id',
      'u.name as owner_name',
      'm.status',
      'm.date_met',
      'm.payment_amount',
      'm.version',
      'm.updated_at',
      'c.reference',
      'c.title as contract_title',
      'v.legal_name as vendor_name',
      'd.name as department_name',
      sql<string[]>`coalesce((SELECT array_agg(x.id ORDER BY x.due_date, x.id) FROM deliverables x WHERE x.milestone_id = m.id), '{}')`.as(
        'deliverable_ids',
      ),
      sql<number>`(SELECT count(*)::int FROM deliverables x WHERE x.milestone_id = m.id AND x.delivered_date IS NOT NULL)`.as('delivered'),
      sql<string>`count(*) OVER ()`.as('total'),
    ])
    .orderBy('m.due_date', q.window === 'all' ? 'desc' : 'asc')
    .orderBy('m.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const items = rows.map((r): PortfolioMilestoneDto => {
    const open = r.status !== 'met';
    const diff = daysBetween(today, r.due_date); // positive when the due date is ahead
    return {
      id: r.id,
      contractId: r.contract_id,
      title: r.title,
      type: r.type as MilestoneDto['type'],
      description: r.description,
      dueDate: r.due_date,
      ownerTeam: r.owner_team as MilestoneDto['ownerTeam'],
      owner: r.owner_user_id ? { id: r.owner_user_id, name: r.owner_name ?? 'Unknown user' } : null,
      status: r.status as MilestoneDto['status'],
      dateMet: r.date_met,
      paymentAmount: r.payment_amount,
      slipDays: r.date_met && r.status === 'met' ? slipDays(r.due_date, r.date_met) : null,
      deliverableIds: r.deliverable_ids,
      version: r.version,
      updatedAt: r.updated_at.toISOString(),
      contractReference: r.reference,
      contractTitle: r.contract_title,
      vendorName: r.vendor_name,
      departmentName: r.department_name,
      deliverablesTotal: r.deliverable_ids.length,
      deliverablesDelivered: r.delivered,
      daysLate: open && diff < 0 ? -diff : null,
      daysUntilDue: open && diff >= 0 ? diff : null,
    };
  });
  return { items, total: rows.length ? Number(rows[0].total) : 0, page: q.page, pageSize: q.pageSize };
}

export const MILESTONE_CSV_COLUMNS = [
  'contract',
  'milestone',
  'type',
  'status',
  'due_date',
  'date_met',
  'slip_days',
  'owner_team',
  'owner',
  'payment_amount',
  'currency',
  'deliverables',
  'deliverables_delivered',
  'deliverables_accepted',
  'description',
] as const;

/** A contract's milestones as CSV (header line first; lines end with CRLF). */
export async function milestonesCsv(ctx: ServiceContext, contractId: string): Promise<{ reference: string; csv: string }> {
  const c = await authorizeContract(ctx, contractId, 'contract.read');
  const [milestones, deliverables] = await Promise.all([
    milestoneDtos(ctx.db, contractId),
    ctx.db
      .selectFrom('deliverables')
      .select(['milestone_id', 'delivered_date', 'decision'])
      .where('contract_id', '=', contractId)
      .execute(),
  ]);
  const lines = [csvLine(MILESTONE_CSV_COLUMNS)];
  for (const m of milestones) {
    const mine = deliverables.filter((d) => d.milestone_id === m.id);
    lines.push(
      csvLine([
        c.reference,
        m.title,
        m.type,
        m.status,
        m.dueDate,
        m.dateMet,
        m.slipDays,
        m.ownerTeam,
        m.owner?.name ?? null,
        m.paymentAmount,
        m.paymentAmount === null ? null : c.currency,
        mine.length,
        mine.filter((d) => d.delivered_date).length,
        mine.filter((d) => d.decision === 'accepted' || d.decision === 'accepted_with_conditions').length,
        m.description,
      ]),
    );
  }
  return { reference: c.reference, csv: `${lines.join('\r\n')}\r\n` };
}
