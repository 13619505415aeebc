/** Usage tables: settings with their defaults, catalog and exception rows as DTOs. */
import { type UsageThresholds, resolveUsageThresholds } from '../../core/usage/thresholds.js';
import type { DbOrTx } from '../../db/database.js';
import type { UsageExceptionDto, UsageServiceDto, UsageSettingsDto } from './usage.schema.js';

export async function loadSettings(db: DbOrTx, contractId: string): Promise<UsageSettingsDto> {
  const r = await db.selectFrom('usage_settings').selectAll().where('contract_id', '=', contractId).executeTakeFirst();
  const overrides = (r?.thresholds ?? {}) as Partial<UsageThresholds>;
  return {
    allottedFunds: r?.allotted_funds ?? null,
    departmentTag: r?.department_tag ?? 'department',
    thresholds: resolveUsageThresholds(overrides),
    overrides: overrides as Record<string, number | string>,
    version: r?.version ?? 0,
  };
}

async function userNames(db: DbOrTx, ids: (string | null)[]): Promise<Map<string, string>> {
  const want = [...new Set(ids.filter((v): v is string => !!v))];
  if (!want.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', want).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

type ServiceRow = Awaited<ReturnType<ReturnType<typeof serviceQuery>['executeTakeFirstOrThrow']>>;
const serviceQuery = (db: DbOrTx) => db.selectFrom('usage_services').selectAll();

export async function serviceDtos(db: DbOrTx, rows: ServiceRow[]): Promise<UsageServiceDto[]> {
  const names = await userNames(
    db,
    rows.flatMap((r) => [r.requested_by, r.decided_by, ...r.provisioner_user_ids]),
  );
  const ref = (id: string | null) => (id ? { id, name: names.get(id) ?? 'Unknown user' } : null);
  return rows.map((r) => ({
    id: r.id,
    contractId: r.contract_id,
    name: r.name,
    environment: r.environment as UsageServiceDto['environment'],
    purpose: r.purpose,
    budget: r.budget,
    identifiers: { ...r.identifiers, tags: r.identifiers.tags ?? {} },
    rates: r.rates,
    provisionerTeams: r.provisioner_teams as UsageServiceDto['provisionerTeams'],
    provisioners: r.provisioner_user_ids.map((id) => ref(id) as { id: string; name: string }),
    provisionerRule: r.provisioner_rule,
    status: r.status as UsageServiceDto['status'],
    requestedBy: ref(r.requested_by),
    requestedAt: r.requested_at.toISOString(),
    decidedBy: ref(r.decided_by),
    decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
    decisionNote: r.decision_note,
    version: r.version,
  }));
}

export async function listServiceRows(db: DbOrTx, contractId: string) {
  return serviceQuery(db).where('contract_id', '=', contractId).orderBy('status').orderBy('name').execute();
}

export async function serviceRow(db: DbOrTx, id: string) {
  return serviceQuery(db).where('id', '=', id).executeTakeFirst();
}

export async function exceptionDtos(db: DbOrTx, contractId: string, opts: { status?: string[] } = {}): Promise<UsageExceptionDto[]> {
  let q = db
    .selectFrom('usage_exceptions as e')
    .leftJoin('usage_services as s', 's.id', 'e.service_id')
    .selectAll('e')
    .select('s.name as service_name_catalog')
    .where('e.contract_id', '=', contractId);
  if (opts.status?.length) q = q.where('e.status', 'in', opts.status);
  const rows = await q.orderBy('e.status').orderBy('e.first_seen').orderBy('e.id').execute();
  return rows.map((e) => ({
    id: e.id,
    kind: e.kind as UsageExceptionDto['kind'],
    service: e.service_id ? { id: e.service_id, name: e.service_name_catalog ?? '' } : null,
    billingAccountId: e.billing_account_id,
    subAccountId: e.sub_account_id,
    serviceName: e.service_name,
    skuId: e.sku_id,
    resourceId: e.resource_id,
    firstSeen: e.first_seen,
    lastSeen: e.last_seen,
    billedCost: e.billed_cost,
    rows: e.rows,
    status: e.status as UsageExceptionDto['status'],
    note: e.note,
  }));
}
