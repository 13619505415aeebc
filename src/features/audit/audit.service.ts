import { sql } from 'kysely';
import { addDays } from '../../core/dates.js';
import { csvCell } from '../../core/csv.js';
import { AppError } from '../../core/errors.js';
import type { DbOrTx } from '../../db/database.js';
import { type AuditRow, recordAudit, toAuditRow, verifyAuditChain } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { type Page, likePattern, requirePermission } from '../../platform/service.js';

export interface AuditFilter {
  q?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

function filtered(db: DbOrTx, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.action) q = q.where('action', '=', f.action);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.from) q = q.where('at', '>=', new Date(`${f.from}T00:00:00Z`));
  // Both ends in UTC, whatever the database server's time zone: `to` includes that whole day.
  if (f.to) q = q.where('at', '<', new Date(`${addDays(f.to, 1)}T00:00:00Z`));
  if (f.q) {
    const p = likePattern(f.q);
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(action)`, 'like', p),
        eb(sql`lower(coalesce(actor_email, ''))`, 'like', p),
        eb(sql`lower(coalesce(entity_id, ''))`, 'like', p),
        eb(sql`lower(coalesce(request_id, ''))`, 'like', p),
        eb(sql`lower(coalesce(after::text, '') || coalesce(before::text, ''))`, 'like', p),
      ]),
    );
  }
  return q;
}

export type AuditEntryDto = Omit<AuditRow, 'prevHash'>;
const dto = ({ prevHash, ...r }: AuditRow): AuditEntryDto => r;

export async function listAudit(ctx: ServiceContext, f: AuditFilter & { page: number; pageSize: number }): Promise<Page<AuditEntryDto>> {
  await requirePermission(ctx, 'audit.read', 'audit_log');
  const q = filtered(ctx.db, f);
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toAuditRow).map(dto), total: Number(count.n), page: f.page, pageSize: f.pageSize };
}

const CSV_COLUMNS = [
  'seq',
  'at',
  'actorEmail',
  'actorRole',
  'departmentId',
  'requestId',
  'action',
  'entityType',
  'entityId',
  'before',
  'after',
  'hash',
] as const;

/** Stream the filtered log as CSV lines, oldest first, in pages. Records the export itself. */
export async function* exportAuditCsv(ctx: ServiceContext, f: AuditFilter): AsyncGenerator<string> {
  await requirePermission(ctx, 'audit.export', 'audit_log');
  await recordAudit(ctx.db, ctx, { action: 'audit.export', entityType: 'audit_log', after: { filter: f } });
  yield `${CSV_COLUMNS.join(',')}\r\n`;
  let after = '0';
  while (true) {
    const rows = await filtered(ctx.db, f).selectAll().where(sql<boolean>`seq > ${after}::bigint`).orderBy('seq').limit(2000).execute();
    if (!rows.length) break;
    const lines = rows.map(toAuditRow).map((r) => CSV_COLUMNS.map((k) => csvCell(r[k])).join(','));
    yield `${lines.join('\r\n')}\r\n`;
    after = rows[rows.length - 1].seq;
  }
}

export async function verifyAudit(ctx: ServiceContext) {
  await requirePermission(ctx, 'audit.read', 'audit_log');
  const result = await verifyAuditChain(ctx.db);
  await recordAudit(ctx.db, ctx, { action: 'audit.verify', entityType: 'audit_log', after: { ok: result.ok, checked: result.checked } });
  return result;
}

export function assertIsoDate(v: string | undefined, field: string) {
  if (v && !/^\d{4}-\d{2}-\d{2}$/.test(v))
    throw new AppError('validation_failed', 'Some fields are not valid.', { [field]: 'must be YYYY-MM-DD' });
}
