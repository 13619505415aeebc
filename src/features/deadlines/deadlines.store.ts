/** SQL for the deadlines frame's tables: deadlines (read and state changes), calendar feeds, team settings. */
import { sql } from 'kysely';
import { type DeadlineState, decideDeadlineUpdate, deadlineKindLabel } from '../../core/deadlines.js';
import type { Actor } from '../../core/policy.js';
import type { Team } from '../../core/teams.js';
import type { DbOrTx } from '../../db/database.js';
import { deadlineKindLabels } from '../../platform/deadlines/registry.js';
import { visibleTo } from '../contracts/contracts.store.js';
import type { DeadlineDto } from './deadlines.schema.js';

/** Deadlines joined to their contract, department and the people named on them. */
export function deadlineQuery(db: DbOrTx) {
  return db
    .selectFrom('deadlines as dl')
    .innerJoin('contracts as c', 'c.id', 'dl.contract_id')
    .innerJoin('departments as d', 'd.id', 'c.department_id')
    .leftJoin('users as o', 'o.id', 'dl.owner_user_id')
    .leftJoin('users as sb', 'sb.id', 'dl.state_changed_by')
    .select([
      'dl.id',
      'dl.contract_id',
      'dl.source',
      'dl.kind',
      'dl.title',
      'dl.due_date',
      'dl.time_zone',
      'dl.owner_team',
      'dl.owner_user_id',
      'dl.link',
      'dl.state',
      'dl.state_reason',
      'dl.state_changed_at',
      'dl.state_changed_by',
      'dl.version',
      'dl.updated_at',
      'c.reference as contract_reference',
      'c.title as contract_title',
      'c.department_id',
      'c.vendor_id',
      'c.restricted',
      'd.name as department_name',
      'o.name as owner_name',
      'sb.name as state_changed_by_name',
    ]);
}
export type DeadlineRow = Awaited<ReturnType<ReturnType<typeof deadlineQuery>['executeTakeFirstOrThrow']>>;

export interface DeadlineFilter {
  from?: string;
  to?: string;
  team?: Team;
  departmentId?: string;
  contractId?: string;
  kind?: string;
  /** Empty or containing 'all': every state. */
  states?: string[];
  ownerUserId?: string;
}

/** The deadlines an actor may see (their contracts' visibility), filtered, in due-date order. */
export function visibleDeadlines(db: DbOrTx, actor: Actor, f: DeadlineFilter) {
  let q = deadlineQuery(db).where(visibleTo(actor) as never);
  if (f.from) q = q.where('dl.due_date', '>=', f.from);
  if (f.to) q = q.where('dl.due_date', '<=', f.to);
  if (f.team) q = q.where('dl.owner_team', '=', f.team);
  if (f.departmentId) q = q.where('c.department_id', '=', f.departmentId);
  if (f.contractId) q = q.where('dl.contract_id', '=', f.contractId);
  if (f.kind) q = q.where('dl.kind', '=', f.kind);
  if (f.states?.length && !f.states.includes('all')) q = q.where('dl.state', 'in', f.states);
  if (f.ownerUserId) q = q.where('dl.owner_user_id', '=', f.ownerUserId);
  return q;
}

export async function queryDeadlines(db: DbOrTx, actor: Actor, f: DeadlineFilter, page: { page: number; pageSize: number }) {
  const q = visibleDeadlines(db, actor, f);
  const rows = await q
    .select(sql<string>`count(*) OVER ()`.as('total'))
    .orderBy('dl.due_date')
    .orderBy(sql`lower(c.reference)`)
    .orderBy('dl.title')
    .orderBy('dl.id')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  let total = rows.length ? Number(rows[0].total) : 0;
  if (!rows.length && page.page > 1) {
    // Past the last page: the window count has no row to ride on.
    total = Number(
      (
        await q
          .clearSelect()
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  }
  return { rows: rows as DeadlineRow[], total };
}

export async function findDeadlineRow(db: DbOrTx, id: string, forUpdate = false): Promise<DeadlineRow | null> {
  let q = deadlineQuery(db).where('dl.id', '=', id);
  if (forUpdate) q = q.forUpdate('dl' as never);
  return (await q.executeTakeFirst()) ?? null;
}

export const factsOf = (r: Pick<DeadlineRow, 'department_id' | 'vendor_id' | 'restricted'>) => ({
  departmentId: r.department_id,
  vendorId: r.vendor_id,
  restricted: r.restricted,
});

export function toDeadline(r: DeadlineRow, actor: Actor, labels: Record<string, string> = deadlineKindLabels()): DeadlineDto {
  return {
    id: r.id,
    contract: { id: r.contract_id, reference: r.contract_reference, title: r.contract_title },
    department: { id: r.department_id, name: r.department_name },
    source: r.source,
    kind: r.kind,
    kindLabel: deadlineKindLabel(r.kind, labels),
    title: r.title,
    dueDate: r.due_date,
    timeZone: r.time_zone,
    ownerTeam: r.owner_team as Team,
    owner: r.owner_user_id ? { id: r.owner_user_id, name: r.owner_name ?? 'Unknown user' } : null,
    link: r.link,
    state: r.state as DeadlineState,
    stateReason: r.state_reason,
    stateChangedAt: r.state_changed_at ? r.state_changed_at.toISOString() : null,
    stateChangedBy: r.state_changed_by ? { id: r.state_changed_by, name: r.state_changed_by_name ?? 'Unknown user' } : null,
    version: r.version,
    permissions: { update: decideDeadlineUpdate(actor, factsOf(r), r.owner_team) === 'allow' },
  };
}

/** The kinds an actor's visible deadlines use, with the registered kinds, for the filter. */
export async function kindsInUse(db: DbOrTx, actor: Actor): Promise<string[]> {
  const rows = await db
    .selectFrom('deadlines as dl')
    .innerJoin('contracts as c', 'c.id', 'dl.contract_id')
    .where(visibleTo(actor) as never)
    .select('dl.kind')
    .distinct()
    .execute();
  return rows.map((r) => r.kind);
}
