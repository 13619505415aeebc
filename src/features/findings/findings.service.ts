/**
 * Findings as people see and handle them: the portfolio list, a contract's findings and health,
 * and acknowledging, snoozing and reopening. The rules themselves run in the findings frame
 * (src/platform/findings/engine.ts); this service never decides what fires, only who may see
 * and answer it.
 *
 * Reading follows the contract's visibility (a finding is seen by whoever may see its contract and
 * holds `finding.read`; vendors never do: findings are internal). Handling needs
 * `finding.manage` at the contract's scope.
 */
import { addDays, todayUtc } from '../../core/dates.js';
import { AppError, invalid } from '../../core/errors.js';
import { type FindingAction, STATE_AFTER, fillHealthHistory, findingActionProblem, snoozeProblem } from '../../core/findingActions.js';
import { type FindingState, MAX_RULE_PENALTY, SEVERITY_WEIGHT, healthBand } from '../../core/findings.js';
import { decideContractAction } from '../../core/policy.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { allRules, evaluateContract, lockContractFindings, recordHealth } from '../../platform/findings/engine.js';
import { type Page, denial, inTransaction, requirePermission, staleVersion } from '../../platform/service.js';
import { authorizeContract } from '../contracts/contracts.service.js';
import type { FindingDto, FindingListQueryInput } from './findings.schema.js';
import { activeCounts, contractFindingRows, findingRow, healthRows, queryFindings, toFinding } from './findings.store.js';

export type SeverityCounts = { critical: number; warning: number; info: number };

/** The findings the caller may see across the portfolio, worst first, with counts by severity. */
export async function listFindings(ctx: ServiceContext, q: FindingListQueryInput): Promise<Page<FindingDto> & { counts: SeverityCounts }> {
  await requirePermission(ctx, 'finding.read', 'finding');
  const { rows, total, counts } = await queryFindings(ctx.db, ctx.actor, q);
  return { items: rows.map((r) => toFinding(r, ctx.actor)), total, page: q.page, pageSize: q.pageSize, counts };
}

async function readableContract(ctx: ServiceContext, contractId: string) {
  await requirePermission(ctx, 'finding.read', 'finding');
  return authorizeContract(ctx, contractId, 'contract.read');
}

/** Every finding of a contract, in every state (open first), and what the caller may do with them. */
export async function listContractFindings(ctx: ServiceContext, contractId: string) {
  const c = await readableContract(ctx, contractId);
  const facts = { departmentId: c.department_id, vendorId: c.vendor_id, restricted: c.restricted };
  const rows = await contractFindingRows(ctx.db, contractId);
  return {
    items: rows.map((r) => toFinding(r, ctx.actor)),
    permissions: {
      manage: decideContractAction(ctx.actor, 'finding.manage', facts) === 'allow',
      evaluate: decideContractAction(ctx.actor, 'contract.update', facts) === 'allow',
    },
  };
}

/** A contract's health score, its band, the weights behind it, and a year of history. */
export async function contractHealth(ctx: ServiceContext, contractId: string, today = todayUtc()) {
  const c = await readableContract(ctx, contractId);
  const from = addDays(today, -364);
  const history = fillHealthHistory(await healthRows(ctx.db, contractId, from, today), from, today);
  return {
    score: c.health_score,
    band: healthBand(c.health_score),
    weights: { ...SEVERITY_WEIGHT },
    maxPerRule: MAX_RULE_PENALTY,
    history,
  };
}

/** Re-run every rule for a contract now (after an import, say); for those who may change the contract. */
export async function evaluateFindingsNow(ctx: ServiceContext, contractId: string, today = todayUtc()) {
  await requirePermission(ctx, 'contract.update', 'contract');
  await authorizeContract(ctx, contractId, 'contract.update');
  const r = await evaluateContract(ctx.db, contractId, today);
  return {
    opened: r.opened.length,
    resolved: r.resolved.length,
    open: await activeCounts(ctx.db, contractId),
    score: r.score,
    band: healthBand(r.score),
  };
}

/** The registered rules, for the help page. */
export async function listRules(ctx: ServiceContext) {
  await requirePermission(ctx, 'finding.read', 'finding');
  return allRules()
    .map((r) => ({ id: r.id, title: r.title, description: r.description }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export type FindingChange =
  | { action: 'acknowledge'; note: string; version: number }
  | { action: 'snooze'; until: string; reason: string; version: number }
  | { action: 'reopen'; version: number };

/**
 * Acknowledge (with a note), snooze (until a date, with a reason) or reopen a finding. Checked
 * against the version the caller saw (412 when stale) and the finding's state (409 for a resolved
 * one); audited with the note or reason; the contract's health score is recomputed in the same
 * transaction.
 */
export async function changeFinding(ctx: ServiceContext, id: string, change: FindingChange, today = todayUtc()): Promise<FindingDto> {
  await requirePermission(ctx, 'finding.manage', 'finding');
  const found = await ctx.db.selectFrom('findings').select('contract_id').where('id', '=', id).executeTakeFirst();
  if (!found) throw await denial(ctx, 'hidden', { permission: 'finding.manage', entityType: 'finding', entityId: id, label: 'Finding' });
  const contractId = found.contract_id;
  try {
    await authorizeContract(ctx, contractId, 'finding.manage');
  } catch (e) {
    // The denial is logged against the contract; the caller asked about a finding.
    if (e instanceof AppError && e.code === 'not_found') throw new AppError('not_found', 'Finding not found.');
    throw e;
  }
  if (change.action === 'snooze') {
    const problem = snoozeProblem(change.until, today);
    if (problem) throw invalid({ until: problem });
  }
  const action: FindingAction = change.action;
  await inTransaction(ctx, async (tx) => {
    await lockContractFindings(tx, contractId);
    const row = await tx
      .selectFrom('findings')
      .select(['rule_id', 'subject', 'title', 'severity', 'state', 'note', 'snoozed_until', 'version'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.version !== change.version) throw staleVersion('finding');
    const problem = findingActionProblem(row.state as FindingState, action);
    if (problem) throw new AppError('conflict', problem);
    const next = {
      state: STATE_AFTER[action],
      note: change.action === 'acknowledge' ? change.note : change.action === 'snooze' ? change.reason : null,
      snoozed_until: change.action === 'snooze' ? change.until : null,
    };
    const now = new Date();
    await tx
      .updateTable('findings')
      .set({
        ...next,
        state_changed_at: now,
        state_changed_by: ctx.actor.role === 'system' ? null : ctx.actor.userId,
        version: row.version + 1,
      })
      .where('id', '=', id)
      .execute();
    const common = { findingId: id, ruleId: row.rule_id, subject: row.subject, title: row.title, severity: row.severity };
    await appendAudit(tx, ctx, {
      action: `finding.${action}`,
      entityType: 'contract',
      entityId: contractId,
      before: { findingId: id, state: row.state, note: row.note, snoozedUntil: row.snoozed_until, version: row.version },
      after: { ...common, state: next.state, note: next.note, snoozedUntil: next.snoozed_until, version: row.version + 1 },
    });
    await recordHealth(tx, contractId, today);
  });
  return toFinding((await findingRow(ctx.db, id)) as NonNullable<Awaited<ReturnType<typeof findingRow>>>, ctx.actor);
}
