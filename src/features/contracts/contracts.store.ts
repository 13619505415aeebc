/** SQL for the contracts table. Visibility rules come from core/policy and are applied here as SQL. */
import { type ExpressionBuilder, sql } from 'kysely';
import { type ContractStatus, ocdsContractStatus } from '../../core/contract.js';
import { type Actor, decideContractAction, scopeFor } from '../../core/policy.js';
import type { DbOrTx } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { likePattern } from '../../platform/service.js';
import type { ContractDto, ContractListQueryInput, ContractSummaryDto } from './contracts.schema.js';

const NO_ID = '00000000-0000-0000-0000-000000000000';

export function contractQuery(db: DbOrTx) {
  return db
    .selectFrom('contracts as c')
    .innerJoin('vendors as v', 'v.id', 'c.vendor_id')
    .innerJoin('departments as d', 'd.id', 'c.department_id')
    .selectAll('c')
    .select(['v.legal_name as vendor_name', 'd.name as department_name']);
}
export type ContractRow = Awaited<ReturnType<ReturnType<typeof contractQuery>['executeTakeFirstOrThrow']>>;

/** The SQL form of policy.canSeeContract. */
export function visibleTo(actor: Actor) {
  return (eb: ExpressionBuilder<Database & { c: Database['contracts'] }, 'c'>) => {
    const scope = scopeFor(actor, 'contract.read');
    if (scope === 'all') return eb.val(true);
    if (scope === 'vendor') return eb('c.vendor_id', '=', actor.vendorId ?? NO_ID);
    if (scope === 'department') return eb.or([eb('c.department_id', '=', actor.departmentId ?? NO_ID), eb('c.restricted', '=', false)]);
    return eb.val(false);
  };
}

const SORT_COLUMNS = {
  reference: sql`lower(c.reference)`,
  title: sql`lower(c.title)`,
  vendor: sql`lower(v.legal_name)`,
  department: sql`lower(d.name)`,
  value: sql`c.value`,
  endDate: sql`c.end_date`,
  status: sql`c.status`,
  updatedAt: sql`c.updated_at`,
} as const;

/** The columns a list row needs (not the long description or the search text). */
const SUMMARY_COLUMNS = [
  'c.id',
  'c.reference',
  'c.title',
  'c.vendor_id',
  'c.department_id',
  'c.type',
  'c.pricing_model',
  'c.currency',
  'c.value',
  'c.ceiling',
  'c.start_date',
  'c.end_date',
  'c.status',
  'c.risk_tier',
  'c.restricted',
  'c.updated_at',
  'v.legal_name as vendor_name',
  'd.name as department_name',
] as const;
export type ContractSummaryRow = Pick<
  ContractRow,
  | 'id'
  | 'reference'
  | 'title'
  | 'vendor_id'
  | 'department_id'
  | 'type'
  | 'pricing_model'
  | 'currency'
  | 'value'
  | 'ceiling'
  | 'start_date'
  | 'end_date'
  | 'status'
  | 'risk_tier'
  | 'restricted'
  | 'updated_at'
  | 'vendor_name'
  | 'department_name'
>;

/** A page of the contracts an actor may see, and the total, in one round trip (a window count). */
export async function queryContracts(
  db: DbOrTx,
  actor: Actor,
  q: ContractListQueryInput,
): Promise<{ rows: ContractSummaryRow[]; total: number }> {
  let query = db
    .selectFrom('contracts as c')
    .innerJoin('vendors as v', 'v.id', 'c.vendor_id')
    .innerJoin('departments as d', 'd.id', 'c.department_id')
    .where(visibleTo(actor) as never);
  if (q.q) {
    const p = likePattern(q.q);
    query = query.where((eb) => eb.or([eb('c.search', 'like', p), eb(sql`lower(v.legal_name)`, 'like', p)]));
  }
  if (q.status?.length) query = query.where('c.status', 'in', q.status);
  if (q.departmentId) query = query.where('c.department_id', '=', q.departmentId);
  if (q.vendorId) query = query.where('c.vendor_id', '=', q.vendorId);
  if (q.type) query = query.where('c.type', '=', q.type);
  if (q.pricingModel) query = query.where('c.pricing_model', '=', q.pricingModel);
  if (q.riskTier) query = query.where('c.risk_tier', '=', q.riskTier);
  if (q.endingBefore) query = query.where('c.end_date', '<=', q.endingBefore);
  const order = q.order ?? (q.sort === 'updatedAt' || q.sort === 'value' ? 'desc' : 'asc');
  const dir = order === 'asc' ? sql`ASC` : sql`DESC`;
  const rows = await query
    .select([...SUMMARY_COLUMNS, sql<string>`count(*) OVER ()`.as('total')])
    .orderBy(sql`${SORT_COLUMNS[q.sort]} ${dir}`)
    .orderBy('c.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  let total = rows.length ? Number(rows[0].total) : 0;
  if (!rows.length && q.page > 1) {
    // Past the last page: the window count has no row to ride on.
    total = Number((await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  }
  return { rows: rows as unknown as ContractSummaryRow[], total };
}

export type ContractRowWithOwners = ContractRow & { owner_names: Record<string, string> | null };

/** One contract, with its owners' names in the same round trip (a read is one query, not two). */
export async function findContractRow(db: DbOrTx, id: string, forUpdate = false): Promise<ContractRowWithOwners | null> {
  let q = contractQuery(db)
    .select(
      sql<Record<
        string,
        string
      > | null>`(SELECT jsonb_object_agg(u.id, u.name) FROM users u WHERE u.id::text IN (c.owners->>'procurement', c.owners->>'buyer', c.owners->>'it_data'))`.as(
        'owner_names',
      ),
    )
    .where('c.id', '=', id);
  if (forUpdate) q = q.forUpdate('c' as never);
  return ((await q.executeTakeFirst()) as ContractRowWithOwners | undefined) ?? null;
}

export function toSummary(r: ContractSummaryRow): ContractSummaryDto {
  return {
    id: r.id,
    reference: r.reference,
    title: r.title,
    vendor: { id: r.vendor_id, legalName: r.vendor_name },
    department: { id: r.department_id, name: r.department_name },
    type: r.type as ContractSummaryDto['type'],
    pricingModel: r.pricing_model as ContractSummaryDto['pricingModel'],
    currency: r.currency,
    value: r.value,
    ceiling: r.ceiling,
    startDate: r.start_date,
    endDate: r.end_date,
    status: r.status as ContractStatus,
    riskTier: r.risk_tier as ContractSummaryDto['riskTier'],
    restricted: r.restricted,
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function ownerNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (!unique.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function toContract(r: ContractRow, actor: Actor, names: Map<string, string>): ContractDto {
  const ref = (id?: string | null) => (id ? { id, name: names.get(id) ?? 'Unknown user' } : null);
  const facts = { departmentId: r.department_id, vendorId: r.vendor_id, restricted: r.restricted };
  return {
    ...toSummary(r),
    description: r.description,
    options: r.options,
    publicFacing: r.public_facing,
    highImpact: r.high_impact,
    rulePack: r.rule_pack as ContractDto['rulePack'],
    ocdsStatus: ocdsContractStatus(r.status as ContractStatus),
    owners: { procurement: ref(r.owners.procurement), buyer: ref(r.owners.buyer), it_data: ref(r.owners.it_data) },
    tags: r.tags,
    renewalDecision: r.renewal_decision as ContractDto['renewalDecision'],
    renewalNote: r.renewal_note,
    healthScore: r.health_score,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    permissions: {
      update: decideContractAction(actor, 'contract.update', facts) === 'allow',
      uploadDocument: decideContractAction(actor, 'document.upload', facts) === 'allow',
    },
  };
}
