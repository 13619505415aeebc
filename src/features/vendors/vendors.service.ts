import { sql } from 'kysely';
import { diffFields } from '../../core/changes.js';
import { AppError } from '../../core/errors.js';
import { canSeeVendor, scopeFor } from '../../core/policy.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import {
  type Page,
  type PageRequest,
  denial,
  inTransaction,
  likePattern,
  offsetOf,
  requirePermission,
  staleVersion,
} from '../../platform/service.js';
import type { VendorCreateInput, VendorDto, VendorUpdateInput } from './vendors.schema.js';
import { findVendor, toVendor, vendorQuery } from './vendors.store.js';

const auditView = ({ contractCount, createdAt, updatedAt, ...v }: VendorDto) => v;

function duplicateName(e: unknown): never {
  if ((e as { code?: string }).code === '23505')
    throw new AppError('duplicate', 'A vendor with this legal name already exists.', { legalName: 'already exists' });
  throw e;
}

export async function listVendors(ctx: ServiceContext, q: { q?: string } & PageRequest): Promise<Page<VendorDto>> {
  await requirePermission(ctx, 'vendor.read', 'vendor');
  let query = vendorQuery(ctx.db);
  if (scopeFor(ctx.actor, 'vendor.read') === 'vendor')
    query = query.where('vendors.id', '=', ctx.actor.vendorId ?? '00000000-0000-0000-0000-000000000000');
  if (q.q) query = query.where(sql`lower(vendors.legal_name)`, 'like', likePattern(q.q));
  const [rows, count] = await Promise.all([
    query.orderBy(sql`lower(vendors.legal_name)`).orderBy('vendors.id').limit(q.pageSize).offset(offsetOf(q)).execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toVendor), total: Number(count.n), page: q.page, pageSize: q.pageSize };
}

export async function getVendor(ctx: ServiceContext, id: string): Promise<VendorDto> {
  await requirePermission(ctx, 'vendor.read', 'vendor');
  const v = await findVendor(ctx.db, id);
  if (!v || !canSeeVendor(ctx.actor, id))
    throw await denial(ctx, 'hidden', { permission: 'vendor.read', entityType: 'vendor', entityId: id, label: 'Vendor' });
  return v;
}

export async function createVendor(ctx: ServiceContext, input: VendorCreateInput): Promise<VendorDto> {
  await requirePermission(ctx, 'vendor.create', 'vendor');
  return inTransaction(ctx, async (tx) => {
    const { id } = await tx
      .insertInto('vendors')
      .values({
        legal_name: input.legalName,
        identifiers: JSON.stringify(input.identifiers),
        address: JSON.stringify(input.address),
        contacts: JSON.stringify(input.contacts),
        website: input.website ?? null,
        notes: input.notes,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch(duplicateName);
    const v = toVendor(await vendorQuery(tx).where('vendors.id', '=', id).executeTakeFirstOrThrow());
    await appendAudit(tx, ctx, { action: 'vendor.create', entityType: 'vendor', entityId: id, after: auditView(v) });
    return v;
  });
}

export async function updateVendor(ctx: ServiceContext, id: string, input: VendorUpdateInput): Promise<VendorDto> {
  await requirePermission(ctx, 'vendor.update', 'vendor');
  return inTransaction(ctx, async (tx) => {
    const before = await findVendor(tx, id);
    if (!before) throw await denial(ctx, 'hidden', { permission: 'vendor.update', entityType: 'vendor', entityId: id, label: 'Vendor' });
    const res = await tx
      .updateTable('vendors')
      .set({
        ...(input.legalName !== undefined ? { legal_name: input.legalName } : {}),
        ...(input.identifiers !== undefined ? { identifiers: JSON.stringify(input.identifiers) } : {}),
        ...(input.address !== undefined ? { address: JSON.stringify(input.address) } : {}),
        ...(input.contacts !== undefined ? { contacts: JSON.stringify(input.contacts) } : {}),
        ...(input.website !== undefined ? { website: input.website } : {}),
        ...(input.notes !== undefined ? { notes: input.notes } : {}),
        version: sql`version + 1`,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst()
      .catch(duplicateName);
    if (Number(res.numUpdatedRows) === 0) throw staleVersion('vendor');
    const after = (await findVendor(tx, id)) as VendorDto;
    await appendAudit(tx, ctx, {
      action: 'vendor.update',
      entityType: 'vendor',
      entityId: id,
      ...diffFields(auditView(before), auditView(after)),
    });
    return after;
  });
}
