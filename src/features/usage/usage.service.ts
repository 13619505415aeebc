/**
 * Cost and usage: the service catalog (requests that procurement approves), per-contract
 * settings, saved column mappings, the import history and the usage nobody approved.
 */
import { AppError, type FieldErrors, invalid, notFound } from '../../core/errors.js';
import { formatMoney } from '../../core/money.js';
import { decideContractAction } from '../../core/policy.js';
import { mappingProblems } from '../../core/usage/normalise.js';
import { usageThresholdProblems } from '../../core/usage/thresholds.js';
import type { DbOrTx, Tx } from '../../db/database.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { afterContractChange } from '../../platform/changes.js';
import type { ServiceContext } from '../../platform/context.js';
import { inTransaction, requireVersion, staleVersion } from '../../platform/service.js';
import { authorizeContract } from '../contracts/contracts.service.js';
import type { ContractRow } from '../contracts/contracts.store.js';
import { rematchContract } from './usage.rematch.js';
import { lockContractUsage } from './usage.rollups.js';
import type {
  SavedMappingCreateInput,
  SavedMappingDto,
  UsageExceptionDto,
  UsageImportDto,
  UsageServiceCreateInput,
  UsageServiceDecisionInput,
  UsageServiceDto,
  UsageServiceUpdateInput,
  UsageSettingsDto,
  UsageSettingsUpdateInput,
} from './usage.schema.js';
import { exceptionDtos, listServiceRows, loadSettings, serviceDtos, serviceRow } from './usage.store.js';

async function refresh(ctx: ServiceContext, contractId: string): Promise<void> {
  try {
    await afterContractChange(ctx.db, contractId);
  } catch (err) {
    ctx.log.error({ err, contractId, requestId: ctx.requestId }, 'could not refresh findings after a usage change');
  }
}

/** Whether the actor may approve catalog entries on this contract (a quiet check: nothing is logged). */
async function canApprove(ctx: ServiceContext, contract: ContractRow): Promise<boolean> {
  const facts = { departmentId: contract.department_id, vendorId: contract.vendor_id, restricted: contract.restricted };
  return decideContractAction(ctx.actor, 'usage.approve', facts) === 'allow';
}

// ---------- catalog ----------

export async function listServices(ctx: ServiceContext, contractId: string): Promise<UsageServiceDto[]> {
  await authorizeContract(ctx, contractId, 'usage.read');
  return serviceDtos(ctx.db, await listServiceRows(ctx.db, contractId));
}

interface ServiceFields {
  name: string;
  budget: string | null;
  identifiers: UsageServiceCreateInput['identifiers'];
  provisionerUserIds: string[];
}

async function serviceProblems(db: DbOrTx, s: ServiceFields): Promise<FieldErrors> {
  const e: FieldErrors = {};
  const ids = s.identifiers;
  const any =
    [ids.billingAccountId, ids.subAccountId, ids.serviceName, ids.skuId, ids.resourceType].some((v) => v && v.trim()) ||
    Object.keys(ids.tags).length > 0;
  if (!any)
    e.identifiers =
      "give at least one of the provider's identifiers (account, service name, SKU, resource type or a tag) so usage can be matched";
  if (s.provisionerUserIds.length) {
    const users = await db.selectFrom('users').select(['id', 'role', 'disabled_at']).where('id', 'in', s.provisionerUserIds).execute();
    s.provisionerUserIds.forEach((id, i) => {
      const u = users.find((x) => x.id === id);
      if (!u || u.disabled_at) e[`provisionerUserIds.${i}`] = 'is not an active user';
      else if (u.role === 'vendor' || u.role === 'admin') e[`provisionerUserIds.${i}`] = 'must be a staff member of the public body';
    });
  }
  return e;
}

/**
 * Match the contract's stored usage again, in the transaction that changed the catalog, so the
 * catalog and the usage it explains never disagree. The usage lock is taken first: imports of the
 * same contract wait for the change (and the change for them).
 */
async function rematchIn(tx: Tx, contract: ContractRow): Promise<void> {
  await rematchContract(tx, contract.id, contract.currency);
}

/**
 * Add a service to the catalog. From procurement (who may approve) it is approved at once; from
 * anyone else it is a request that waits for procurement.
 */
export async function createService(ctx: ServiceContext, contractId: string, input: UsageServiceCreateInput): Promise<UsageServiceDto> {
  const contract = await authorizeContract(ctx, contractId, 'usage.manage');
  const budget = input.budget === null ? null : formatMoney(input.budget);
  const problems = await serviceProblems(ctx.db, { ...input, budget });
  if (input.fromExceptionId) {
    const ex = await ctx.db.selectFrom('usage_exceptions').select('contract_id').where('id', '=', input.fromExceptionId).executeTakeFirst();
    if (!ex || ex.contract_id !== contractId) problems.fromExceptionId = 'is not unmatched usage of this contract';
  }
  if (Object.keys(problems).length) throw invalid(problems);
  const approveNow = await canApprove(ctx, contract);
  const actorId = ctx.actor.role === 'system' ? null : ctx.actor.userId;
  const id = await inTransaction(ctx, async (tx) => {
    await lockContractUsage(tx, contractId);
    const { id } = await tx
      .insertInto('usage_services')
      .values({
        contract_id: contractId,
        name: input.name,
        environment: input.environment,
        purpose: input.purpose,
        budget,
        identifiers: JSON.stringify(input.identifiers),
        rates: JSON.stringify(input.rates.map((r) => ({ ...r, price: formatMoney(r.price) }))),
        provisioner_teams: input.provisionerTeams,
        provisioner_user_ids: input.provisionerUserIds,
        provisioner_rule: input.provisionerRule ? JSON.stringify(input.provisionerRule) : null,
        status: approveNow ? 'approved' : 'requested',
        requested_by: actorId,
        decided_by: approveNow ? actorId : null,
        decided_at: approveNow ? new Date() : null,
        decision_note: approveNow ? 'Added to the catalog by procurement.' : '',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Before the audit entry: the audit chain's lock is then held only for the commit.
    if (approveNow) await rematchIn(tx, contract);
    await appendAudit(tx, ctx, {
      action: approveNow ? 'usage_service.add' : 'usage_service.request',
      entityType: 'contract',
      entityId: contractId,
      after: { serviceId: id, ...input, budget },
    });
    return id;
  });
  await refresh(ctx, contractId);
  return (await serviceDtos(ctx.db, [(await serviceRow(ctx.db, id))!]))[0];
}

/**
 * Change a catalog entry. A request can be changed by those who may manage usage; an approved
 * entry only by those who may approve (its identifiers decide what the contract pays for).
 */
export async function updateService(
  ctx: ServiceContext,
  id: string,
  raw: UsageServiceUpdateInput,
  ifMatch?: number,
): Promise<UsageServiceDto> {
  const row = await serviceRow(ctx.db, id);
  if (!row) throw notFound('Catalog entry');
  const contract = await authorizeContract(ctx, row.contract_id, row.status === 'approved' ? 'usage.approve' : 'usage.manage');
  const { version: bodyVersion, ...changes } = raw;
  const version = requireVersion(bodyVersion, ifMatch);
  let matchingChanged = false;
  await inTransaction(ctx, async (tx) => {
    await lockContractUsage(tx, contract.id);
    const cur = await tx.selectFrom('usage_services').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (cur.version !== version) throw staleVersion('catalog entry');
    const merged = {
      name: changes.name ?? cur.name,
      environment: changes.environment ?? cur.environment,
      purpose: changes.purpose ?? cur.purpose,
      budget: changes.budget === undefined ? cur.budget : changes.budget === null ? null : formatMoney(changes.budget),
      identifiers: changes.identifiers ?? cur.identifiers,
      rates: changes.rates ? changes.rates.map((r) => ({ ...r, price: formatMoney(r.price) })) : cur.rates,
      provisionerTeams: changes.provisionerTeams ?? cur.provisioner_teams,
      provisionerUserIds: changes.provisionerUserIds ?? cur.provisioner_user_ids,
      provisionerRule: changes.provisionerRule === undefined ? cur.provisioner_rule : changes.provisionerRule,
    };
    const problems = await serviceProblems(tx, merged);
    if (Object.keys(problems).length) throw invalid(problems);
    matchingChanged =
      cur.status === 'approved' &&
      (JSON.stringify(merged.identifiers) !== JSON.stringify(cur.identifiers) ||
        JSON.stringify(merged.provisionerRule) !== JSON.stringify(cur.provisioner_rule));
    await tx
      .updateTable('usage_services')
      .set({
        name: merged.name,
        environment: merged.environment,
        purpose: merged.purpose,
        budget: merged.budget,
        identifiers: JSON.stringify(merged.identifiers),
        rates: JSON.stringify(merged.rates),
        provisioner_teams: merged.provisionerTeams,
        provisioner_user_ids: merged.provisionerUserIds,
        provisioner_rule: merged.provisionerRule ? JSON.stringify(merged.provisionerRule) : null,
        version: cur.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    if (matchingChanged) await rematchIn(tx, contract);
    await appendAudit(tx, ctx, {
      action: 'usage_service.update',
      entityType: 'contract',
      entityId: cur.contract_id,
      before: { serviceId: id, name: cur.name, identifiers: cur.identifiers, budget: cur.budget, version: cur.version },
      after: { serviceId: id, ...merged, version: cur.version + 1 },
    });
  });
  await refresh(ctx, contract.id);
  return (await serviceDtos(ctx.db, [(await serviceRow(ctx.db, id))!]))[0];
}

/** Procurement approves or rejects a request; approving matches the contract's stored usage again. */
export async function decideService(
  ctx: ServiceContext,
  id: string,
  input: UsageServiceDecisionInput,
  ifMatch?: number,
): Promise<UsageServiceDto> {
  const row = await serviceRow(ctx.db, id);
  if (!row) throw notFound('Catalog entry');
  const contract = await authorizeContract(ctx, row.contract_id, 'usage.approve');
  const version = requireVersion(input.version, ifMatch);
  if (input.decision === 'rejected' && !input.note.trim()) throw invalid({ note: 'say why the request is rejected' });
  await inTransaction(ctx, async (tx) => {
    await lockContractUsage(tx, contract.id);
    const cur = await tx.selectFrom('usage_services').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (cur.version !== version) throw staleVersion('catalog entry');
    if (cur.status === input.decision) throw new AppError('conflict', `This catalog entry is already ${cur.status}.`);
    await tx
      .updateTable('usage_services')
      .set({
        status: input.decision,
        decided_by: ctx.actor.role === 'system' ? null : ctx.actor.userId,
        decided_at: new Date(),
        decision_note: input.note.trim(),
        version: cur.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    // Approving adds the entry to matching; rejecting an approved entry takes it out.
    await rematchIn(tx, contract);
    await appendAudit(tx, ctx, {
      action: `usage_service.${input.decision === 'approved' ? 'approve' : 'reject'}`,
      entityType: 'contract',
      entityId: cur.contract_id,
      before: { serviceId: id, status: cur.status, version: cur.version },
      after: { serviceId: id, status: input.decision, note: input.note.trim(), version: cur.version + 1 },
    });
  });
  await refresh(ctx, contract.id);
  return (await serviceDtos(ctx.db, [(await serviceRow(ctx.db, id))!]))[0];
}

// ---------- settings ----------

export async function getSettings(ctx: ServiceContext, contractId: string): Promise<UsageSettingsDto> {
  await authorizeContract(ctx, contractId, 'usage.read');
  return loadSettings(ctx.db, contractId);
}

export async function updateSettings(
  ctx: ServiceContext,
  contractId: string,
  input: UsageSettingsUpdateInput,
  ifMatch?: number,
): Promise<UsageSettingsDto> {
  await authorizeContract(ctx, contractId, 'usage.manage');
  const version = input.version ?? ifMatch;
  const current = await loadSettings(ctx.db, contractId);
  if (current.version > 0 && version === undefined)
    throw new AppError('precondition_required', 'Send the version you are changing, as "version" in the body or in an If-Match header.');
  const overrides: Record<string, number | string> = { ...current.overrides };
  for (const [k, v] of Object.entries(input.thresholds ?? {})) {
    if (v === null) delete overrides[k];
    else overrides[k] = v;
  }
  const problems = usageThresholdProblems(overrides);
  if (Object.keys(problems).length) throw invalid(Object.fromEntries(Object.entries(problems).map(([k, v]) => [`thresholds.${k}`, v])));
  await inTransaction(ctx, async (tx) => {
    const row = await tx
      .selectFrom('usage_settings')
      .select('version')
      .where('contract_id', '=', contractId)
      .forUpdate()
      .executeTakeFirst();
    if ((row?.version ?? 0) !== (version ?? 0)) throw staleVersion('usage settings');
    const values = {
      allotted_funds:
        input.allottedFunds === undefined ? current.allottedFunds : input.allottedFunds === null ? null : formatMoney(input.allottedFunds),
      department_tag: input.departmentTag ?? current.departmentTag,
      thresholds: JSON.stringify(overrides),
      version: (row?.version ?? 0) + 1,
      updated_at: new Date(),
    };
    await tx
      .insertInto('usage_settings')
      .values({ contract_id: contractId, ...values })
      .onConflict((oc) => oc.column('contract_id').doUpdateSet(values))
      .execute();
    await appendAudit(tx, ctx, {
      action: 'usage_settings.update',
      entityType: 'contract',
      entityId: contractId,
      before: { allottedFunds: current.allottedFunds, departmentTag: current.departmentTag, thresholds: current.overrides },
      after: { allottedFunds: values.allotted_funds, departmentTag: values.department_tag, thresholds: overrides },
    });
  });
  await refresh(ctx, contractId);
  return loadSettings(ctx.db, contractId);
}

// ---------- mappings ----------

const mappingDto = (r: { id: string; name: string; mapping: unknown; created_at: Date }): SavedMappingDto => ({
  id: r.id,
  name: r.name,
  mapping: r.mapping as SavedMappingDto['mapping'],
  createdAt: r.created_at.toISOString(),
});

export async function listMappings(ctx: ServiceContext, contractId: string): Promise<SavedMappingDto[]> {
  await authorizeContract(ctx, contractId, 'usage.read');
  const rows = await ctx.db.selectFrom('usage_mappings').selectAll().where('contract_id', '=', contractId).orderBy('name').execute();
  return rows.map(mappingDto);
}

export async function saveMapping(ctx: ServiceContext, contractId: string, input: SavedMappingCreateInput): Promise<SavedMappingDto> {
  const contract = await authorizeContract(ctx, contractId, 'usage.import');
  const problems = mappingProblems(input.mapping as never, undefined, contract.currency);
  if (Object.keys(problems).length)
    throw invalid(Object.fromEntries(Object.entries(problems).map(([k, v]) => [`mapping.columns.${k}`, v])));
  return inTransaction(ctx, async (tx) => {
    const values = { name: input.name, mapping: JSON.stringify(input.mapping) };
    const r = await tx
      .insertInto('usage_mappings')
      .values({ contract_id: contractId, ...values, created_by: ctx.actor.role === 'system' ? null : ctx.actor.userId })
      .onConflict((oc) => oc.columns(['contract_id', 'name']).doUpdateSet({ mapping: values.mapping }))
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx, { action: 'usage_mapping.save', entityType: 'contract', entityId: contractId, after: input });
    return mappingDto(r);
  });
}

// ---------- imports and exceptions ----------

export async function listImports(ctx: ServiceContext, contractId: string): Promise<UsageImportDto[]> {
  await authorizeContract(ctx, contractId, 'usage.read');
  const rows = await ctx.db
    .selectFrom('usage_imports as i')
    .leftJoin('users as u', 'u.id', 'i.created_by')
    .selectAll('i')
    .select('u.name as creator')
    .where('i.contract_id', '=', contractId)
    .orderBy('i.created_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    contractId: r.contract_id,
    source: r.source as UsageImportDto['source'],
    filename: r.filename,
    focusVersion: r.focus_version,
    rowsRead: r.rows_read,
    rowsImported: r.rows_imported,
    rowsRejected: r.rows_rejected,
    rowsUnmatched: r.rows_unmatched,
    rejections: r.rejections,
    billedCost: r.totals,
    periodStart: r.period_start ? r.period_start.toISOString() : null,
    periodEnd: r.period_end ? r.period_end.toISOString() : null,
    createdBy: r.created_by ? { id: r.created_by, name: r.creator ?? 'Unknown user' } : null,
    createdAt: r.created_at.toISOString(),
  }));
}

export async function listExceptions(ctx: ServiceContext, contractId: string, all: boolean): Promise<UsageExceptionDto[]> {
  await authorizeContract(ctx, contractId, 'usage.read');
  return exceptionDtos(ctx.db, contractId, all ? {} : { status: ['open', 'raised'] });
}

/** Raise unapproved usage with the team that ran it: recorded with a note; the finding stays until it is resolved. */
export async function raiseException(ctx: ServiceContext, id: string, note: string): Promise<UsageExceptionDto> {
  const ex = await ctx.db.selectFrom('usage_exceptions').select(['contract_id', 'status']).where('id', '=', id).executeTakeFirst();
  if (!ex) throw notFound('Unapproved usage');
  await authorizeContract(ctx, ex.contract_id, 'usage.manage');
  if (!note.trim()) throw invalid({ note: 'say what you asked the team to do' });
  if (ex.status === 'resolved') throw new AppError('conflict', 'This usage is already resolved.');
  await inTransaction(ctx, async (tx) => {
    await tx
      .updateTable('usage_exceptions')
      .set({ status: 'raised', note: note.trim(), updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await appendAudit(tx, ctx, {
      action: 'usage_exception.raise',
      entityType: 'contract',
      entityId: ex.contract_id,
      after: { exceptionId: id, note },
    });
  });
  await refresh(ctx, ex.contract_id);
  return (await exceptionDtos(ctx.db, ex.contract_id)).find((e) => e.id === id) as UsageExceptionDto;
}
