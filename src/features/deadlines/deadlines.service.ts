/** Deadlines: the calendar's list, a contract's deadlines, and marking one done, waived or open again. */
import { type DeadlineState, deadlineKindLabel, deadlineTransitionProblem, decideDeadlineUpdate } from '../../core/deadlines.js';
import { AppError, invalid } from '../../core/errors.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { deadlineKindLabels } from '../../platform/deadlines/registry.js';
import { type Page, denial, inTransaction, requirePermission, requireVersion, staleVersion } from '../../platform/service.js';
import { authorizeContract } from '../contracts/contracts.service.js';
import type { DeadlineDto, DeadlineListQueryInput, DeadlineUpdateInput } from './deadlines.schema.js';
import { type DeadlineRow, factsOf, findDeadlineRow, kindsInUse, queryDeadlines, toDeadline } from './deadlines.store.js';

export async function listDeadlines(ctx: ServiceContext, q: DeadlineListQueryInput): Promise<Page<DeadlineDto>> {
  await requirePermission(ctx, 'deadline.read', 'deadline');
  if (q.from && q.to && q.from > q.to) throw invalid({ to: 'must be on or after the “from” date' });
  const { rows, total } = await queryDeadlines(
    ctx.db,
    ctx.actor,
    {
      from: q.from,
      to: q.to,
      team: q.team,
      departmentId: q.departmentId,
      contractId: q.contractId,
      kind: q.kind,
      states: q.state,
      ownerUserId: q.ownerUserId === 'me' ? ctx.actor.userId : q.ownerUserId,
    },
    { page: q.page, pageSize: q.pageSize },
  );
  const labels = deadlineKindLabels();
  return { items: rows.map((r) => toDeadline(r, ctx.actor, labels)), total, page: q.page, pageSize: q.pageSize };
}

/** Every deadline of one contract, whatever its state, for the contract's Deadlines tab. */
export async function listContractDeadlines(ctx: ServiceContext, contractId: string): Promise<DeadlineDto[]> {
  await requirePermission(ctx, 'deadline.read', 'deadline');
  await authorizeContract(ctx, contractId, 'contract.read');
  const { rows } = await queryDeadlines(ctx.db, ctx.actor, { contractId, states: ['all'] }, { page: 1, pageSize: 1000 });
  const labels = deadlineKindLabels();
  return rows.map((r) => toDeadline(r, ctx.actor, labels));
}

/** The deadline kinds for the calendar's filter: registered ones and any in use on contracts the actor sees. */
export async function listDeadlineKinds(ctx: ServiceContext): Promise<{ value: string; label: string }[]> {
  await requirePermission(ctx, 'deadline.read', 'deadline');
  const labels = deadlineKindLabels();
  const kinds = new Set([...Object.keys(labels), ...(await kindsInUse(ctx.db, ctx.actor))]);
  return [...kinds].map((k) => ({ value: k, label: deadlineKindLabel(k, labels) })).sort((a, b) => a.label.localeCompare(b.label));
}

function auditView(
  r: Pick<DeadlineRow, 'contract_id' | 'kind' | 'title' | 'due_date' | 'owner_team' | 'state' | 'state_reason' | 'version'>,
) {
  return {
    contractId: r.contract_id,
    kind: r.kind,
    title: r.title,
    dueDate: r.due_date,
    ownerTeam: r.owner_team,
    state: r.state,
    stateReason: r.state_reason,
    version: r.version,
  };
}

/** Mark a deadline done, waive it (with a reason) or reopen it. */
export async function updateDeadline(ctx: ServiceContext, id: string, input: DeadlineUpdateInput, ifMatch?: number): Promise<DeadlineDto> {
  await requirePermission(ctx, 'deadline.update', 'deadline');
  const version = requireVersion(input.version, ifMatch);
  const found = await findDeadlineRow(ctx.db, id);
  const decision = found ? decideDeadlineUpdate(ctx.actor, factsOf(found), found.owner_team) : 'hidden';
  if (!found || decision !== 'allow')
    throw await denial(ctx, decision === 'forbidden' ? 'forbidden' : 'hidden', {
      permission: 'deadline.update',
      entityType: 'deadline',
      entityId: id,
      label: 'Deadline',
    });
  const reason = input.reason?.trim() || null;
  await inTransaction(ctx, async (tx) => {
    const row = (await findDeadlineRow(tx, id, true)) as DeadlineRow;
    if (row.version !== version) throw staleVersion('deadline');
    const problem = deadlineTransitionProblem(row.state as DeadlineState, input.state, reason);
    if (problem) {
      if (input.state === 'waived' && !reason && row.state === 'open')
        throw invalid({ reason: 'is required to waive a deadline' }, problem);
      throw new AppError('conflict', problem);
    }
    const updated = await tx
      .updateTable('deadlines')
      .set({
        state: input.state,
        state_reason: input.state === 'open' ? null : reason,
        state_changed_by: ctx.actor.role === 'system' ? null : ctx.actor.userId,
        state_changed_at: new Date(),
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returning(['state', 'state_reason', 'version'])
      .executeTakeFirstOrThrow();
    const action = input.state === 'done' ? 'deadline.done' : input.state === 'waived' ? 'deadline.waive' : 'deadline.reopen';
    await appendAudit(tx, ctx, {
      action,
      entityType: 'deadline',
      entityId: id,
      before: auditView(row),
      after: auditView({ ...row, ...updated }),
    });
  });
  return toDeadline((await findDeadlineRow(ctx.db, id)) as DeadlineRow, ctx.actor);
}
