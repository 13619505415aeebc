/** SQL for findings and health history. Visibility follows the contract's (visibleTo from the contracts store). */
import { sql } from 'kysely';
import type { Evidence, FindingState, Severity } from '../../core/findings.js';
import { type Actor, decideContractAction } from '../../core/policy.js';
import type { Team } from '../../core/teams.js';
import type { DbOrTx } from '../../db/database.js';
import { ruleById } from '../../platform/findings/engine.js';
import { visibleTo } from '../contracts/contracts.store.js';
import type { FindingDto, FindingListQueryInput } from './findings.schema.js';

/** Worst first: critical, warning, info. */
const SEVERITY_RANK = sql<number>`CASE f.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END`;
/** What needs attention first: open, then acknowledged, snoozed, resolved. */
const STATE_RANK = sql<number>`CASE f.state WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 WHEN 'snoozed' THEN 2 ELSE 3 END`;

export const NOT_RESOLVED: FindingState[] = ['open', 'acknowledged', 'snoozed'];

function findingQuery(db: DbOrTx) {
  return db
    .selectFrom('findings as f')
    .innerJoin('contracts as c', 'c.id', 'f.contract_id')
    .innerJoin('departments as d', 'd.id', 'c.department_id')
    .leftJoin('users as u', 'u.id', 'f.state_changed_by')
    .select([
      'f.id',
      'f.contract_id',
      'f.rule_id',
      'f.subject',
      'f.severity',
      'f.owner_team',
      'f.title',
      'f.evidence',
      'f.state',
      'f.note',
      'f.snoozed_until',
      'f.first_seen',
      'f.last_seen',
      'f.resolved_at',
      'f.state_changed_at',
      'f.state_changed_by',
      'f.version',
      'u.name as changer_name',
      'c.reference',
      'c.title as contract_title',
      'c.department_id',
      'c.vendor_id',
      'c.restricted',
      'd.name as department_name',
    ]);
}
type FindingRow = Awaited<ReturnType<ReturnType<typeof findingQuery>['executeTakeFirstOrThrow']>>;

export function toFinding(r: FindingRow, actor: Actor): FindingDto {
  const rule = ruleById(r.rule_id);
  return {
    id: r.id,
    contract: { id: r.contract_id, reference: r.reference, title: r.contract_title },
    department: { id: r.department_id, name: r.department_name },
    ruleId: r.rule_id,
    // A rule whose capability is no longer installed still explains itself by its id.
    rule: { title: rule?.title ?? r.rule_id, description: rule?.description ?? '' },
    subject: r.subject,
    severity: r.severity as Severity,
    ownerTeam: r.owner_team as Team,
    title: r.title,
    evidence: r.evidence as Evidence,
    state: r.state as FindingState,
    note: r.note,
    snoozedUntil: r.snoozed_until,
    firstSeen: r.first_seen.toISOString(),
    lastSeen: r.last_seen.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    stateChangedAt: r.state_changed_at?.toISOString() ?? null,
    stateChangedBy: r.state_changed_by ? { id: r.state_changed_by, name: r.changer_name ?? 'Unknown user' } : null,
    version: r.version,
    permissions: {
      manage:
        decideContractAction(actor, 'finding.manage', {
          departmentId: r.department_id,
          vendorId: r.vendor_id,
          restricted: r.restricted,
        }) === 'allow',
    },
  };
}

/** The findings an actor may see, filtered, worst first, one page; with counts by severity (all filters but severity). */
export async function queryFindings(db: DbOrTx, actor: Actor, q: FindingListQueryInput) {
  const states = !q.state?.length ? NOT_RESOLVED : q.state.includes('all') ? null : (q.state as FindingState[]);
  let base = findingQuery(db).where(visibleTo(actor) as never);
  if (states) base = base.where('f.state', 'in', states);
  if (q.team?.length) base = base.where('f.owner_team', 'in', q.team);
  if (q.contractId) base = base.where('f.contract_id', '=', q.contractId);
  if (q.departmentId) base = base.where('c.department_id', '=', q.departmentId);
  if (q.ruleId) base = base.where('f.rule_id', '=', q.ruleId);
  const filtered = q.severity?.length ? base.where('f.severity', 'in', q.severity) : base;
  const [rows, bySeverity] = await Promise.all([
    filtered
      .select(sql<string>`count(*) OVER ()`.as('total'))
      .orderBy(SEVERITY_RANK)
      .orderBy('f.first_seen')
      .orderBy('f.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base
      .clearSelect()
      .select(['f.severity', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('f.severity')
      .execute(),
  ]);
  const counts = { critical: 0, warning: 0, info: 0 };
  for (const r of bySeverity) counts[r.severity as Severity] = Number(r.n);
  let total = rows.length ? Number(rows[0].total) : 0;
  if (!rows.length && q.page > 1)
    total = q.severity?.length ? q.severity.reduce((n, s) => n + counts[s], 0) : counts.critical + counts.warning + counts.info;
  return { rows, total, counts };
}

/** Every finding of one contract, what needs attention first. */
export function contractFindingRows(db: DbOrTx, contractId: string) {
  return findingQuery(db)
    .where('f.contract_id', '=', contractId)
    .orderBy(STATE_RANK)
    .orderBy(SEVERITY_RANK)
    .orderBy('f.first_seen')
    .orderBy('f.id')
    .execute();
}

export async function findingRow(db: DbOrTx, id: string): Promise<FindingRow | null> {
  return (await findingQuery(db).where('f.id', '=', id).executeTakeFirst()) ?? null;
}

/** Findings now open or acknowledged on a contract, by severity. */
export async function activeCounts(db: DbOrTx, contractId: string) {
  const rows = await db
    .selectFrom('findings')
    .select(['severity', (eb) => eb.fn.countAll<string>().as('n')])
    .where('contract_id', '=', contractId)
    .where('state', 'in', ['open', 'acknowledged'])
    .groupBy('severity')
    .execute();
  const counts = { critical: 0, warning: 0, info: 0 };
  for (const r of rows) counts[r.severity as Severity] = Number(r.n);
  return counts;
}

/** A contract's recorded health from `from` to `to`, and the last record before `from` (the carry into the window). */
export async function healthRows(db: DbOrTx, contractId: string, from: string, to: string) {
  const cols = ['day', 'score', 'open_critical', 'open_warning', 'open_info'] as const;
  const [inside, before] = await Promise.all([
    db
      .selectFrom('health_history')
      .select(cols)
      .where('contract_id', '=', contractId)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .orderBy('day')
      .execute(),
    db
      .selectFrom('health_history')
      .select(cols)
      .where('contract_id', '=', contractId)
      .where('day', '<', from)
      .orderBy('day', 'desc')
      .limit(1)
      .execute(),
  ]);
  return [...before, ...inside].map((r) => ({
    day: r.day,
    score: r.score,
    openCritical: r.open_critical,
    openWarning: r.open_warning,
    openInfo: r.open_info,
  }));
}
