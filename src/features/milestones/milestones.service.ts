/** Milestones, deliverables, test plans, evaluation runs and acceptance decisions of a contract. */
import { compareDates, todayUtc } from '../../core/dates.js';
import { AppError, type FieldErrors, invalid, notFound } from '../../core/errors.js';
import { formatMoney } from '../../core/money.js';
import {
  type MilestoneStatus,
  type ThresholdDirection,
  acceptanceDecisionDue,
  effectiveAcceptanceDate,
  scoreRun,
  slipDays,
} from '../../core/milestones.js';
import type { DbOrTx, Tx } from '../../db/database.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { afterContractChange } from '../../platform/changes.js';
import type { ServiceContext } from '../../platform/context.js';
import { inTransaction, requireVersion, staleVersion } from '../../platform/service.js';
import { authorizeContract } from '../contracts/contracts.service.js';
import { filesFor } from './milestones.files.js';
import type { ContractRow } from '../contracts/contracts.store.js';
import type {
  DecisionSetInput,
  DeliverableCreateInput,
  DeliverableDto,
  DeliverableUpdateInput,
  DeliveryMarkInput,
  EvaluationRunCreateInput,
  MilestoneCreateInput,
  MilestoneDto,
  MilestoneUpdateInput,
  TestPlanDto,
  TestPlanSetInput,
} from './milestones.schema.js';

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : d);

async function names(db: DbOrTx, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const want = [...new Set(ids.filter((v): v is string => !!v))];
  if (!want.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', want).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
const ref = (m: Map<string, string>, id: string | null) => (id ? { id, name: m.get(id) ?? 'Unknown user' } : null);

// ---------- reading ----------

export async function milestoneDtos(db: DbOrTx, contractId: string): Promise<MilestoneDto[]> {
  const rows = await db
    .selectFrom('milestones')
    .selectAll()
    .where('contract_id', '=', contractId)
    .orderBy('due_date')
    .orderBy('created_at')
    .execute();
  const links = await db.selectFrom('deliverables').select(['id', 'milestone_id']).where('contract_id', '=', contractId).execute();
  const who = await names(
    db,
    rows.map((r) => r.owner_user_id),
  );
  return rows.map((r) => ({
    id: r.id,
    contractId: r.contract_id,
    title: r.title,
    type: r.type as MilestoneDto['type'],
    description: r.description,
    dueDate: r.due_date,
    ownerTeam: r.owner_team as MilestoneDto['ownerTeam'],
    owner: ref(who, r.owner_user_id),
    status: r.status as MilestoneStatus,
    dateMet: r.date_met,
    paymentAmount: r.payment_amount,
    slipDays: r.date_met && r.status === 'met' ? slipDays(r.due_date, r.date_met) : null,
    deliverableIds: links.filter((l) => l.milestone_id === r.id).map((l) => l.id),
    version: r.version,
    updatedAt: iso(r.updated_at),
  }));
}

async function plansFor(db: DbOrTx, deliverableIds: string[]): Promise<Map<string, TestPlanDto>> {
  if (!deliverableIds.length) return new Map();
  const plans = await db.selectFrom('test_plans').selectAll().where('deliverable_id', 'in', deliverableIds).execute();
  if (!plans.length) return new Map();
  const planIds = plans.map((p) => p.id);
  const [criteria, runs] = await Promise.all([
    db.selectFrom('evaluation_criteria').selectAll().where('test_plan_id', 'in', planIds).orderBy('position').execute(),
    db.selectFrom('evaluation_runs').selectAll().where('test_plan_id', 'in', planIds).orderBy('run_date').orderBy('created_at').execute(),
  ]);
  const who = await names(
    db,
    plans.map((p) => p.tester_user_id),
  );
  return new Map(
    plans.map((p) => [
      p.deliverable_id,
      {
        id: p.id,
        tester: ref(who, p.tester_user_id),
        testerTeam: p.tester_team as TestPlanDto['testerTeam'],
        method: p.method as TestPlanDto['method'],
        notes: p.notes,
        criteria: criteria
          .filter((c) => c.test_plan_id === p.id)
          .map((c) => ({
            name: c.name,
            metric: c.metric,
            threshold: c.threshold === null ? null : Number(c.threshold),
            direction: c.direction as ThresholdDirection | null,
          })),
        runs: runs
          .filter((r) => r.test_plan_id === p.id)
          .map((r) => ({
            id: r.id,
            runDate: r.run_date,
            scenario: r.scenario,
            results: r.results,
            passed: r.passed,
            notes: r.notes,
            createdAt: iso(r.created_at),
          })),
        version: p.version,
      },
    ]),
  );
}

export async function deliverableDtos(
  db: DbOrTx,
  contract: Pick<ContractRow, 'id' | 'rule_pack'>,
  onlyId?: string,
  opts: { onlyShared?: boolean } = {},
): Promise<DeliverableDto[]> {
  let q = db.selectFrom('deliverables').selectAll().where('contract_id', '=', contract.id);
  if (onlyId) q = q.where('id', '=', onlyId);
  const rows = await q.orderBy('due_date').orderBy('created_at').execute();
  const ids = rows.map((r) => r.id);
  const [plans, files] = await Promise.all([plansFor(db, ids), filesFor(db, ids, opts.onlyShared ?? false)]);
  const who = await names(
    db,
    rows.flatMap((r) => [r.delivered_by, r.decided_by]),
  );
  const today = todayUtc();
  return rows.map((r) => {
    const facts = {
      rulePack: contract.rule_pack,
      deliveredDate: r.delivered_date ?? '',
      acceptedDate: r.decision === 'accepted' || r.decision === 'accepted_with_conditions' ? iso(r.decided_at ?? '').slice(0, 10) : null,
      disputed: r.disputed,
      acceptancePeriodDays: r.acceptance_period_days,
    };
    return {
      id: r.id,
      contractId: r.contract_id,
      milestoneId: r.milestone_id,
      title: r.title,
      description: r.description,
      acceptanceCriteria: r.acceptance_criteria,
      dueDate: r.due_date,
      deliveredDate: r.delivered_date,
      deliveredBy: ref(who, r.delivered_by),
      decision: r.decision as DeliverableDto['decision'],
      decisionReasons: r.decision_reasons,
      decidedBy: ref(who, r.decided_by),
      decidedAt: r.decided_at ? iso(r.decided_at) : null,
      disputed: r.disputed,
      acceptancePeriodDays: r.acceptance_period_days,
      acceptanceDecisionDue: r.delivered_date ? acceptanceDecisionDue(facts) : null,
      effectiveAcceptanceDate: r.delivered_date && r.decision !== 'rejected' ? effectiveAcceptanceDate(facts, today) : null,
      testPlan: plans.get(r.id) ?? null,
      files: files.get(r.id) ?? [],
      version: r.version,
      updatedAt: iso(r.updated_at),
    };
  });
}

export async function listMilestones(ctx: ServiceContext, contractId: string): Promise<MilestoneDto[]> {
  await authorizeContract(ctx, contractId, 'contract.read');
  return milestoneDtos(ctx.db, contractId);
}

export async function listDeliverables(ctx: ServiceContext, contractId: string): Promise<DeliverableDto[]> {
  const c = await authorizeContract(ctx, contractId, 'contract.read');
  return deliverableDtos(ctx.db, c, undefined, { onlyShared: ctx.actor.role === 'vendor' });
}

// ---------- helpers for writes ----------

async function refresh(ctx: ServiceContext, contractId: string): Promise<void> {
  try {
    await afterContractChange(ctx.db, contractId);
  } catch (err) {
    // The change is saved; the daily run will catch up with deadlines and findings.
    ctx.log.error({ err, contractId, requestId: ctx.requestId }, 'could not refresh deadlines and findings');
  }
}

function inPeriod(e: FieldErrors, field: string, date: string, c: ContractRow, what: string) {
  if (compareDates(date, c.start_date) < 0 || compareDates(date, c.end_date) > 0)
    e[field] = `${what} must fall within the contract period (${c.start_date} to ${c.end_date})`;
}

async function checkUser(db: DbOrTx, e: FieldErrors, field: string, id: string | null | undefined) {
  if (!id) return;
  const u = await db.selectFrom('users').select(['id', 'role', 'disabled_at']).where('id', '=', id).executeTakeFirst();
  if (!u || u.disabled_at) e[field] = 'is not an active user';
  else if (u.role === 'vendor' || u.role === 'admin') e[field] = 'must be a staff member of the public body';
}

/** Load a deliverable and authorise the action on its contract (404 when the caller may not see it). */
async function deliverableAndContract(
  ctx: ServiceContext,
  id: string,
  permission: 'contract.read' | 'contract.update' | 'deliverable.test',
) {
  const d = await ctx.db.selectFrom('deliverables').select(['id', 'contract_id']).where('id', '=', id).executeTakeFirst();
  if (!d) throw notFound('Deliverable');
  const contract = await authorizeContract(ctx, d.contract_id, permission);
  return { contract, deliverableId: d.id };
}

async function lockDeliverable(tx: Tx, id: string, version?: number) {
  const row = await tx.selectFrom('deliverables').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  if (version !== undefined && row.version !== version) throw staleVersion('deliverable');
  return row;
}

async function one(ctx: ServiceContext, contract: ContractRow, id: string): Promise<DeliverableDto> {
  return (await deliverableDtos(ctx.db, contract, id, { onlyShared: ctx.actor.role === 'vendor' }))[0];
}

// ---------- milestones ----------

interface MilestoneMerged {
  title: string;
  type: string;
  dueDate: string;
  status: string;
  dateMet: string | null;
  paymentAmount: string | null;
  ownerUserId: string | null;
}

async function milestoneProblems(db: DbOrTx, m: MilestoneMerged, c: ContractRow): Promise<FieldErrors> {
  const e: FieldErrors = {};
  inPeriod(e, 'dueDate', m.dueDate, c, 'The due date');
  if (m.paymentAmount !== null && m.type !== 'payment') e.paymentAmount = 'can only be set on a payment milestone';
  if (m.status === 'met' && !m.dateMet) e.dateMet = 'is required when the milestone is met';
  if (m.dateMet && m.status === 'scheduled') e.dateMet = 'can only be set once the milestone is met or partly met';
  if (m.dateMet && compareDates(m.dateMet, todayUtc()) > 0) e.dateMet = 'cannot be in the future';
  await checkUser(db, e, 'ownerUserId', m.ownerUserId);
  return e;
}

export async function createMilestone(ctx: ServiceContext, contractId: string, input: MilestoneCreateInput): Promise<MilestoneDto> {
  const c = await authorizeContract(ctx, contractId, 'contract.update');
  const paymentAmount = input.paymentAmount === null ? null : formatMoney(input.paymentAmount);
  const problems = await milestoneProblems(ctx.db, { ...input, paymentAmount }, c);
  if (Object.keys(problems).length) throw invalid(problems);
  const id = await inTransaction(ctx, async (tx) => {
    const { id } = await tx
      .insertInto('milestones')
      .values({
        contract_id: contractId,
        title: input.title,
        type: input.type,
        description: input.description,
        due_date: input.dueDate,
        owner_team: input.ownerTeam,
        owner_user_id: input.ownerUserId,
        status: input.status,
        date_met: input.dateMet,
        payment_amount: paymentAmount,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx, {
      action: 'milestone.create',
      entityType: 'milestone',
      entityId: id,
      after: { contractId, ...input, paymentAmount },
    });
    return id;
  });
  await refresh(ctx, contractId);
  return (await milestoneDtos(ctx.db, contractId)).find((m) => m.id === id) as MilestoneDto;
}

export async function updateMilestone(ctx: ServiceContext, id: string, raw: MilestoneUpdateInput, ifMatch?: number): Promise<MilestoneDto> {
  const m = await ctx.db.selectFrom('milestones').select(['id', 'contract_id']).where('id', '=', id).executeTakeFirst();
  if (!m) throw notFound('Milestone');
  const c = await authorizeContract(ctx, m.contract_id, 'contract.update');
  const { version: bodyVersion, ...changes } = raw;
  const version = requireVersion(bodyVersion, ifMatch);
  await inTransaction(ctx, async (tx) => {
    const row = await tx.selectFrom('milestones').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (row.version !== version) throw staleVersion('milestone');
    const paymentAmount =
      changes.paymentAmount === undefined ? row.payment_amount : changes.paymentAmount === null ? null : formatMoney(changes.paymentAmount);
    const merged = {
      title: changes.title ?? row.title,
      type: changes.type ?? row.type,
      description: changes.description ?? row.description,
      dueDate: changes.dueDate ?? row.due_date,
      ownerTeam: changes.ownerTeam === undefined ? row.owner_team : changes.ownerTeam,
      ownerUserId: changes.ownerUserId === undefined ? row.owner_user_id : changes.ownerUserId,
      status: changes.status ?? row.status,
      dateMet: changes.dateMet === undefined ? row.date_met : changes.dateMet,
      paymentAmount,
    };
    const problems = await milestoneProblems(tx, merged, c);
    if (Object.keys(problems).length) throw invalid(problems);
    await tx
      .updateTable('milestones')
      .set({
        title: merged.title,
        type: merged.type,
        description: merged.description,
        due_date: merged.dueDate,
        owner_team: merged.ownerTeam,
        owner_user_id: merged.ownerUserId,
        status: merged.status,
        date_met: merged.dateMet,
        payment_amount: merged.paymentAmount,
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await appendAudit(tx, ctx, {
      action: 'milestone.update',
      entityType: 'milestone',
      entityId: id,
      before: { title: row.title, type: row.type, dueDate: row.due_date, status: row.status, dateMet: row.date_met, version: row.version },
      after: { ...merged, version: row.version + 1 },
    });
  });
  await refresh(ctx, c.id);
  return (await milestoneDtos(ctx.db, c.id)).find((x) => x.id === id) as MilestoneDto;
}

// ---------- deliverables ----------

async function deliverableProblems(db: DbOrTx, d: { dueDate: string; milestoneId: string | null }, c: ContractRow): Promise<FieldErrors> {
  const e: FieldErrors = {};
  inPeriod(e, 'dueDate', d.dueDate, c, 'The due date');
  if (d.milestoneId) {
    const m = await db.selectFrom('milestones').select('contract_id').where('id', '=', d.milestoneId).executeTakeFirst();
    if (!m || m.contract_id !== c.id) e.milestoneId = 'is not a milestone of this contract';
  }
  return e;
}

export async function createDeliverable(ctx: ServiceContext, contractId: string, input: DeliverableCreateInput): Promise<DeliverableDto> {
  const c = await authorizeContract(ctx, contractId, 'contract.update');
  const problems = await deliverableProblems(ctx.db, input, c);
  if (Object.keys(problems).length) throw invalid(problems);
  const id = await inTransaction(ctx, async (tx) => {
    const { id } = await tx
      .insertInto('deliverables')
      .values({
        contract_id: contractId,
        milestone_id: input.milestoneId,
        title: input.title,
        description: input.description,
        acceptance_criteria: JSON.stringify(input.acceptanceCriteria),
        due_date: input.dueDate,
        acceptance_period_days: input.acceptancePeriodDays,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx, { action: 'deliverable.create', entityType: 'deliverable', entityId: id, after: { contractId, ...input } });
    return id;
  });
  await refresh(ctx, contractId);
  return one(ctx, c, id);
}

export async function updateDeliverable(
  ctx: ServiceContext,
  id: string,
  raw: DeliverableUpdateInput,
  ifMatch?: number,
): Promise<DeliverableDto> {
  const { contract: c } = await deliverableAndContract(ctx, id, 'contract.update');
  const { version: bodyVersion, ...changes } = raw;
  const version = requireVersion(bodyVersion, ifMatch);
  await inTransaction(ctx, async (tx) => {
    const row = await lockDeliverable(tx, id, version);
    const merged = {
      milestoneId: changes.milestoneId === undefined ? row.milestone_id : changes.milestoneId,
      title: changes.title ?? row.title,
      description: changes.description ?? row.description,
      acceptanceCriteria: changes.acceptanceCriteria ?? row.acceptance_criteria,
      dueDate: changes.dueDate ?? row.due_date,
      acceptancePeriodDays: changes.acceptancePeriodDays === undefined ? row.acceptance_period_days : changes.acceptancePeriodDays,
      disputed: changes.disputed ?? row.disputed,
    };
    const problems = await deliverableProblems(tx, merged, c);
    if (changes.disputed && !row.delivered_date) problems.disputed = 'can only be recorded once the deliverable is delivered';
    if (Object.keys(problems).length) throw invalid(problems);
    await tx
      .updateTable('deliverables')
      .set({
        milestone_id: merged.milestoneId,
        title: merged.title,
        description: merged.description,
        acceptance_criteria: JSON.stringify(merged.acceptanceCriteria),
        due_date: merged.dueDate,
        acceptance_period_days: merged.acceptancePeriodDays,
        disputed: merged.disputed,
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await appendAudit(tx, ctx, {
      action: 'deliverable.update',
      entityType: 'deliverable',
      entityId: id,
      before: { title: row.title, dueDate: row.due_date, disputed: row.disputed, milestoneId: row.milestone_id, version: row.version },
      after: { ...merged, version: row.version + 1 },
    });
  });
  await refresh(ctx, c.id);
  return one(ctx, c, id);
}

/** The vendor (of this contract) or a buyer marks a deliverable delivered. */
export async function markDelivered(ctx: ServiceContext, id: string, input: DeliveryMarkInput, ifMatch?: number): Promise<DeliverableDto> {
  const isVendor = ctx.actor.role === 'vendor';
  const { contract: c } = await deliverableAndContract(ctx, id, isVendor ? 'contract.read' : 'contract.update');
  const version = requireVersion(input.version, ifMatch);
  if (compareDates(input.deliveredDate, todayUtc()) > 0) throw invalid({ deliveredDate: 'cannot be in the future' });
  await inTransaction(ctx, async (tx) => {
    const row = await lockDeliverable(tx, id, version);
    if (row.decision === 'accepted' || row.decision === 'accepted_with_conditions')
      throw new AppError('conflict', 'This deliverable is already accepted; it cannot be delivered again.');
    await tx
      .updateTable('deliverables')
      .set({
        delivered_date: input.deliveredDate,
        delivered_by: ctx.actor.role === 'system' ? null : ctx.actor.userId,
        // A new delivery after a rejection waits for a new decision.
        decision: 'pending',
        disputed: false,
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await appendAudit(tx, ctx, {
      action: 'deliverable.deliver',
      entityType: 'deliverable',
      entityId: id,
      before: { deliveredDate: row.delivered_date, decision: row.decision, version: row.version },
      after: { deliveredDate: input.deliveredDate, decision: 'pending', version: row.version + 1 },
    });
  });
  await refresh(ctx, c.id);
  return one(ctx, c, id);
}

/** The buyer's acceptance decision. Vendors see the contract but may not decide (403). */
export async function decideDeliverable(
  ctx: ServiceContext,
  id: string,
  input: DecisionSetInput,
  ifMatch?: number,
): Promise<DeliverableDto> {
  const { contract: c } = await deliverableAndContract(ctx, id, 'contract.update');
  const version = requireVersion(input.version, ifMatch);
  const reasons = input.reasons.trim();
  if (input.decision === 'rejected' && !reasons) throw invalid({ reasons: 'say why the deliverable is rejected' });
  if (input.decision === 'accepted_with_conditions' && !reasons) throw invalid({ reasons: 'list the conditions of the acceptance' });
  await inTransaction(ctx, async (tx) => {
    const row = await lockDeliverable(tx, id, version);
    if (!row.delivered_date) throw invalid({ decision: 'the deliverable has not been delivered yet' });
    await tx
      .updateTable('deliverables')
      .set({
        decision: input.decision,
        decision_reasons: reasons,
        decided_by: ctx.actor.role === 'system' ? null : ctx.actor.userId,
        decided_at: new Date(),
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await appendAudit(tx, ctx, {
      action: 'deliverable.decide',
      entityType: 'deliverable',
      entityId: id,
      before: { decision: row.decision, version: row.version },
      after: { decision: input.decision, reasons, version: row.version + 1 },
    });
  });
  await refresh(ctx, c.id);
  return one(ctx, c, id);
}

// ---------- test plans and evaluation runs ----------

export async function setTestPlan(ctx: ServiceContext, id: string, input: TestPlanSetInput, ifMatch?: number): Promise<DeliverableDto> {
  const { contract: c } = await deliverableAndContract(ctx, id, 'deliverable.test');
  const e: FieldErrors = {};
  const names = new Set<string>();
  input.criteria.forEach((k, i) => {
    if ((k.threshold === null) !== (k.direction === null))
      e[`criteria.${i}`] = k.threshold === null ? 'a direction needs a threshold' : 'a threshold needs a direction (at_least or at_most)';
    if (names.has(k.name)) e[`criteria.${i}.name`] = 'is used by another criterion';
    names.add(k.name);
  });
  await checkUser(ctx.db, e, 'testerUserId', input.testerUserId);
  if (Object.keys(e).length) throw invalid(e);
  await inTransaction(ctx, async (tx) => {
    await lockDeliverable(tx, id);
    const existing = await tx.selectFrom('test_plans').selectAll().where('deliverable_id', '=', id).executeTakeFirst();
    let planId: string;
    if (existing) {
      const version = requireVersion(input.version, ifMatch);
      if (existing.version !== version) throw staleVersion('test plan');
      planId = existing.id;
      await tx
        .updateTable('test_plans')
        .set({
          tester_user_id: input.testerUserId,
          tester_team: input.testerTeam,
          method: input.method,
          notes: input.notes,
          version: existing.version + 1,
          updated_at: new Date(),
        })
        .where('id', '=', planId)
        .execute();
      await tx.deleteFrom('evaluation_criteria').where('test_plan_id', '=', planId).execute();
    } else {
      planId = (
        await tx
          .insertInto('test_plans')
          .values({
            deliverable_id: id,
            tester_user_id: input.testerUserId,
            tester_team: input.testerTeam,
            method: input.method,
            notes: input.notes,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    if (input.criteria.length)
      await tx
        .insertInto('evaluation_criteria')
        .values(
          input.criteria.map((k, i) => ({
            test_plan_id: planId,
            position: i,
            name: k.name,
            metric: k.metric,
            threshold: k.threshold === null ? null : String(k.threshold),
            direction: k.direction,
          })),
        )
        .execute();
    const { version: _v, ...after } = input;
    await appendAudit(tx, ctx, {
      action: existing ? 'test_plan.replace' : 'test_plan.create',
      entityType: 'deliverable',
      entityId: id,
      after: { ...after, testPlanId: planId },
    });
  });
  await refresh(ctx, c.id);
  return one(ctx, c, id);
}

export async function addEvaluationRun(ctx: ServiceContext, id: string, input: EvaluationRunCreateInput): Promise<DeliverableDto> {
  const { contract: c } = await deliverableAndContract(ctx, id, 'deliverable.test');
  if (compareDates(input.runDate, todayUtc()) > 0) throw invalid({ runDate: 'cannot be in the future' });
  await inTransaction(ctx, async (tx) => {
    await lockDeliverable(tx, id);
    const plan = await tx.selectFrom('test_plans').select('id').where('deliverable_id', '=', id).executeTakeFirst();
    if (!plan) throw invalid({ testPlan: 'set a test and evaluation plan before recording evaluation runs' });
    const criteria = await tx
      .selectFrom('evaluation_criteria')
      .selectAll()
      .where('test_plan_id', '=', plan.id)
      .orderBy('position')
      .execute();
    if (!criteria.length) throw invalid({ testPlan: 'add at least one evaluation criterion to the test plan first' });
    const scored = scoreRun(
      criteria.map((k) => ({
        name: k.name,
        threshold: k.threshold === null ? null : Number(k.threshold),
        direction: k.direction as ThresholdDirection | null,
      })),
      input.results,
    );
    if (!scored.ok) throw invalid(scored.errors);
    const { id: runId } = await tx
      .insertInto('evaluation_runs')
      .values({
        test_plan_id: plan.id,
        run_date: input.runDate,
        scenario: input.scenario,
        results: JSON.stringify(scored.results),
        passed: scored.passed,
        notes: input.notes,
        created_by: ctx.actor.role === 'system' ? null : ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx, {
      action: 'evaluation_run.create',
      entityType: 'deliverable',
      entityId: id,
      after: { runId, runDate: input.runDate, scenario: input.scenario, results: scored.results, passed: scored.passed },
    });
  });
  await refresh(ctx, c.id);
  return one(ctx, c, id);
}

// ---------- single reads and deletes ----------

export async function getDeliverable(ctx: ServiceContext, id: string): Promise<DeliverableDto> {
  const { contract } = await deliverableAndContract(ctx, id, 'contract.read');
  return one(ctx, contract, id);
}

/** Remove a milestone; its deliverables stay on the contract, unlinked. */
export async function deleteMilestone(ctx: ServiceContext, id: string): Promise<void> {
  const m = await ctx.db.selectFrom('milestones').select(['id', 'contract_id']).where('id', '=', id).executeTakeFirst();
  if (!m) throw notFound('Milestone');
  await authorizeContract(ctx, m.contract_id, 'contract.update');
  await inTransaction(ctx, async (tx) => {
    const gone = await tx
      .deleteFrom('milestones')
      .where('id', '=', id)
      .returning(['title', 'type', 'due_date', 'status', 'date_met', 'payment_amount'])
      .executeTakeFirst();
    if (!gone) throw notFound('Milestone');
    await appendAudit(tx, ctx, {
      action: 'milestone.delete',
      entityType: 'milestone',
      entityId: id,
      before: { contractId: m.contract_id, ...gone },
    });
  });
  await refresh(ctx, m.contract_id);
}

/**
 * Remove a deliverable with its test plan and evaluation runs. Its evidence files stay among the
 * contract's documents. An accepted deliverable is a record of the contract and cannot be removed.
 */
export async function deleteDeliverable(ctx: ServiceContext, id: string): Promise<void> {
  const { contract } = await deliverableAndContract(ctx, id, 'contract.update');
  await inTransaction(ctx, async (tx) => {
    const row = await lockDeliverable(tx, id);
    if (row.decision === 'accepted' || row.decision === 'accepted_with_conditions')
      throw new AppError('conflict', 'This deliverable is accepted; it is part of the contract record and cannot be deleted.');
    await tx.deleteFrom('deliverables').where('id', '=', id).execute();
    await appendAudit(tx, ctx, {
      action: 'deliverable.delete',
      entityType: 'deliverable',
      entityId: id,
      before: {
        contractId: contract.id,
        title: row.title,
        dueDate: row.due_date,
        deliveredDate: row.delivered_date,
        decision: row.decision,
      },
    });
  });
  await refresh(ctx, contract.id);
}
