import { diffFields } from '../../core/changes.js';
import { type ContractStatus, canTransition, contractTermProblems } from '../../core/contract.js';
import { AppError, type FieldErrors, invalid } from '../../core/errors.js';
import { formatMoney } from '../../core/money.js';
import { type Permission, canCreateContractIn, decideContractAction } from '../../core/policy.js';
import type { DbOrTx, Tx } from '../../db/database.js';
import type { ContractOwners } from '../../db/schema.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { afterContractChange } from '../../platform/changes.js';
import type { ServiceContext } from '../../platform/context.js';
import { type Page, denial, inTransaction, requirePermission, requireVersion, staleVersion } from '../../platform/service.js';
import type {
  ContractCreateInput,
  ContractDto,
  ContractListQueryInput,
  ContractSummaryDto,
  ContractUpdateInput,
} from './contracts.schema.js';
import { type ContractRow, findContractRow, ownerNames, queryContracts, toContract, toSummary } from './contracts.store.js';

const OWNER_ROLES: Record<keyof ContractOwners, string[]> = {
  procurement: ['procurement'],
  buyer: ['buyer', 'procurement'],
  it_data: ['it_data'],
};

async function checkLinks(db: DbOrTx, input: { vendorId: string; departmentId: string; owners: ContractOwners }): Promise<FieldErrors> {
  const e: FieldErrors = {};
  const [vendor, dept] = await Promise.all([
    db.selectFrom('vendors').select('id').where('id', '=', input.vendorId).executeTakeFirst(),
    db.selectFrom('departments').select('id').where('id', '=', input.departmentId).executeTakeFirst(),
  ]);
  if (!vendor) e.vendorId = 'does not exist';
  if (!dept) e.departmentId = 'does not exist';
  const ids = Object.values(input.owners).filter((v): v is string => !!v);
  if (ids.length) {
    const users = await db.selectFrom('users').select(['id', 'role', 'disabled_at']).where('id', 'in', ids).execute();
    const byId = new Map(users.map((u) => [u.id, u]));
    for (const team of Object.keys(OWNER_ROLES) as (keyof ContractOwners)[]) {
      const id = input.owners[team];
      if (!id) continue;
      const u = byId.get(id);
      if (!u || u.disabled_at) e[`owners.${team}`] = 'is not an active user';
      else if (!OWNER_ROLES[team].includes(u.role)) e[`owners.${team}`] = `must be a user with the ${OWNER_ROLES[team].join(' or ')} role`;
    }
  }
  return e;
}

/** What the audit log keeps of a contract: its fields, not the caller's permissions. */
function auditView(c: ContractDto) {
  const { permissions, updatedAt, createdAt, version, ocdsStatus, healthScore, vendor, department, owners, ...rest } = c;
  return {
    ...rest,
    vendorId: vendor.id,
    departmentId: department.id,
    owners: { procurement: owners.procurement?.id ?? null, buyer: owners.buyer?.id ?? null, it_data: owners.it_data?.id ?? null },
    version,
  };
}

async function hydrate(
  db: DbOrTx,
  ctx: ServiceContext,
  row: ContractRow & { owner_names?: Record<string, string> | null },
): Promise<ContractDto> {
  const names =
    row.owner_names !== undefined
      ? new Map(Object.entries(row.owner_names ?? {}))
      : await ownerNames(
          db,
          Object.values(row.owners).filter((v): v is string => !!v),
        );
  return toContract(row, ctx.actor, names);
}

const facts = (r: ContractRow) => ({ departmentId: r.department_id, vendorId: r.vendor_id, restricted: r.restricted });

/**
 * Load a contract the actor may act on, or throw 404 (may not know it exists) / 403 (may see,
 * may not act), logging the denial. Other features call this to guard contract-scoped records.
 */
export async function authorizeContract(
  ctx: ServiceContext,
  id: string,
  permission: Permission,
  db: DbOrTx = ctx.db,
): Promise<ContractRow> {
  const row = await findContractRow(db, id);
  const decision = row ? decideContractAction(ctx.actor, permission, facts(row)) : 'hidden';
  if (!row || decision !== 'allow')
    throw await denial(ctx, decision === 'forbidden' ? 'forbidden' : 'hidden', {
      permission,
      entityType: 'contract',
      entityId: id,
      label: 'Contract',
    });
  return row;
}

export async function listContracts(ctx: ServiceContext, q: ContractListQueryInput): Promise<Page<ContractSummaryDto>> {
  await requirePermission(ctx, 'contract.read', 'contract');
  const { rows, total } = await queryContracts(ctx.db, ctx.actor, q);
  return { items: rows.map(toSummary), total, page: q.page, pageSize: q.pageSize };
}

export async function getContract(ctx: ServiceContext, id: string): Promise<ContractDto> {
  await requirePermission(ctx, 'contract.read', 'contract');
  const row = await authorizeContract(ctx, id, 'contract.read');
  return hydrate(ctx.db, ctx, row);
}

function normalise<T extends { value?: string; ceiling?: string; currency?: string; reference?: string }>(i: T): T {
  return {
    ...i,
    ...(i.value !== undefined ? { value: formatMoney(i.value) } : {}),
    ...(i.ceiling !== undefined ? { ceiling: formatMoney(i.ceiling) } : {}),
  };
}

function duplicateReference(e: unknown): never {
  if ((e as { code?: string }).code === '23505')
    throw new AppError('duplicate', 'A contract with this reference already exists.', { reference: 'is already used by another contract' });
  throw e;
}

export async function createContract(ctx: ServiceContext, raw: ContractCreateInput): Promise<ContractDto> {
  await requirePermission(ctx, 'contract.create', 'contract');
  const input = normalise(raw);
  if (!canCreateContractIn(ctx.actor, input.departmentId))
    throw await denial(ctx, 'forbidden', { permission: 'contract.create', entityType: 'contract', label: 'Contract' });
  const problems = { ...contractTermProblems(input), ...(await checkLinks(ctx.db, input)) };
  if (Object.keys(problems).length) throw invalid(problems);
  const created = await inTransaction(ctx, async (tx) => {
    const { id } = await tx
      .insertInto('contracts')
      .values({
        reference: input.reference,
        title: input.title,
        description: input.description,
        vendor_id: input.vendorId,
        department_id: input.departmentId,
        type: input.type,
        pricing_model: input.pricingModel,
        currency: input.currency,
        value: input.value,
        ceiling: input.ceiling,
        start_date: input.startDate,
        end_date: input.endDate,
        options: JSON.stringify(input.options),
        risk_tier: input.riskTier,
        public_facing: input.publicFacing,
        high_impact: input.highImpact,
        rule_pack: input.rulePack,
        status: input.status,
        owners: JSON.stringify(input.owners),
        restricted: input.restricted,
        tags: [...new Set(input.tags)],
        renewal_decision: input.renewalDecision,
        renewal_note: input.renewalNote,
        created_by: ctx.actor.role === 'system' ? null : ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch(duplicateReference);
    const dto = await hydrate(tx, ctx, (await findContractRow(tx, id)) as ContractRow);
    await appendAudit(tx, ctx, { action: 'contract.create', entityType: 'contract', entityId: id, after: auditView(dto) });
    return dto;
  });
  return refreshFrames(ctx, created.id);
}

/** After a committed change: re-derive deadlines and re-run rules, then answer with the fresh record. */
async function refreshFrames(ctx: ServiceContext, id: string): Promise<ContractDto> {
  try {
    await afterContractChange(ctx.db, id);
  } catch (err) {
    // The change itself is saved; the daily run will catch up with deadlines and findings.
    ctx.log.error({ err, contractId: id, requestId: ctx.requestId }, 'could not refresh deadlines and findings');
  }
  return hydrate(ctx.db, ctx, (await findContractRow(ctx.db, id)) as ContractRow);
}

export async function updateContract(ctx: ServiceContext, id: string, raw: ContractUpdateInput, ifMatch?: number): Promise<ContractDto> {
  await requirePermission(ctx, 'contract.update', 'contract');
  const { version: bodyVersion, ...changes } = normalise(raw);
  const version = requireVersion(bodyVersion, ifMatch);
  await authorizeContract(ctx, id, 'contract.update');
  await inTransaction(ctx, async (tx: Tx) => {
    const row = (await findContractRow(tx, id, true)) as ContractRow;
    if (row.version !== version) throw staleVersion('contract');
    const before = await hydrate(tx, ctx, row);
    const merged = {
      reference: changes.reference ?? row.reference,
      title: changes.title ?? row.title,
      description: changes.description ?? row.description,
      vendorId: changes.vendorId ?? row.vendor_id,
      departmentId: changes.departmentId ?? row.department_id,
      type: changes.type ?? row.type,
      pricingModel: changes.pricingModel ?? row.pricing_model,
      currency: changes.currency ?? row.currency,
      value: changes.value ?? row.value,
      ceiling: changes.ceiling ?? row.ceiling,
      startDate: changes.startDate ?? row.start_date,
      endDate: changes.endDate ?? row.end_date,
      options: changes.options ?? row.options,
      riskTier: changes.riskTier ?? row.risk_tier,
      publicFacing: changes.publicFacing ?? row.public_facing,
      highImpact: changes.highImpact ?? row.high_impact,
      rulePack: changes.rulePack ?? row.rule_pack,
      status: (changes.status ?? row.status) as ContractStatus,
      owners: changes.owners ? { ...row.owners, ...changes.owners } : row.owners,
      restricted: changes.restricted ?? row.restricted,
      tags: changes.tags ? [...new Set(changes.tags)] : row.tags,
      renewalDecision: changes.renewalDecision ?? row.renewal_decision,
      renewalNote: changes.renewalNote ?? row.renewal_note,
    };
    const problems: FieldErrors = { ...contractTermProblems(merged) };
    if (!canTransition(row.status as ContractStatus, merged.status))
      problems.status = `cannot change from ${row.status} to ${merged.status}`;
    Object.assign(problems, await checkLinks(tx, merged));
    if (Object.keys(problems).length) throw invalid(problems);
    if (merged.departmentId !== row.department_id && !canCreateContractIn(ctx.actor, merged.departmentId))
      throw await denial(ctx, 'forbidden', { permission: 'contract.update', entityType: 'contract', entityId: id, label: 'Contract' });
    await tx
      .updateTable('contracts')
      .set({
        reference: merged.reference,
        title: merged.title,
        description: merged.description,
        vendor_id: merged.vendorId,
        department_id: merged.departmentId,
        type: merged.type,
        pricing_model: merged.pricingModel,
        currency: merged.currency,
        value: merged.value,
        ceiling: merged.ceiling,
        start_date: merged.startDate,
        end_date: merged.endDate,
        options: JSON.stringify(merged.options),
        risk_tier: merged.riskTier,
        public_facing: merged.publicFacing,
        high_impact: merged.highImpact,
        rule_pack: merged.rulePack,
        status: merged.status,
        owners: JSON.stringify(merged.owners),
        restricted: merged.restricted,
        tags: merged.tags,
        renewal_decision: merged.renewalDecision,
        renewal_note: merged.renewalNote,
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute()
      .catch(duplicateReference);
    const after = await hydrate(tx, ctx, (await findContractRow(tx, id)) as ContractRow);
    const diff = diffFields(auditView(before), auditView(after));
    await appendAudit(tx, ctx, { action: 'contract.update', entityType: 'contract', entityId: id, ...diff });
  });
  return refreshFrames(ctx, id);
}
