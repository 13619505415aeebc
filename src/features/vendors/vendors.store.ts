import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { VendorDto } from './vendors.schema.js';

export function vendorQuery(db: DbOrTx) {
  return db
    .selectFrom('vendors')
    .selectAll('vendors')
    .select(sql<string>`(SELECT count(*) FROM contracts WHERE contracts.vendor_id = vendors.id)`.as('contract_count'));
}
type Row = Awaited<ReturnType<ReturnType<typeof vendorQuery>['executeTakeFirstOrThrow']>>;

export function toVendor(r: Row): VendorDto {
  return {
    id: r.id,
    legalName: r.legal_name,
    identifiers: r.identifiers,
    address: r.address as Record<string, string>,
    contacts: r.contacts,
    website: r.website,
    notes: r.notes,
    contractCount: Number(r.contract_count),
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function findVendor(db: DbOrTx, id: string): Promise<VendorDto | null> {
  const r = await vendorQuery(db).where('vendors.id', '=', id).executeTakeFirst();
  return r ? toVendor(r) : null;
}
