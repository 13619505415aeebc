/** A contract exported as an OCDS 1.1 release package (GET /api/contracts/{id}/ocds). */
import type { ContractStatus } from '../../core/contract.js';
import { type OcdsReleasePackage, contractRelease, releasePackage } from '../../core/ocds.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { applyOcdsContributors } from '../../platform/ocds.js';
import { requirePermission } from '../../platform/service.js';
import { findVendor } from '../vendors/vendors.store.js';
import { authorizeContract } from './contracts.service.js';

export interface OcdsExportOptions {
  /** Where this package is served, e.g. `https://steward.city.example/api/contracts/<id>/ocds`. */
  uri: string;
  ocidPrefix: string;
  publisherName: string;
}

/** Export a contract the actor may read (same visibility as GET /api/contracts/{id}), audited. */
export async function exportContractOcds(ctx: ServiceContext, id: string, opts: OcdsExportOptions): Promise<OcdsReleasePackage> {
  await requirePermission(ctx, 'contract.read', 'contract');
  const row = await authorizeContract(ctx, id, 'contract.read');
  const vendor = await findVendor(ctx.db, row.vendor_id);
  if (!vendor) throw new Error(`Contract ${id} has no vendor ${row.vendor_id}`);
  const release = contractRelease(
    {
      id: row.id,
      title: row.title,
      description: row.description,
      status: row.status as ContractStatus,
      currency: row.currency,
      value: row.value,
      startDate: row.start_date,
      endDate: row.end_date,
      version: row.version,
      updatedAt: row.updated_at.toISOString(),
    },
    vendor,
    { id: row.department_id, name: row.department_name },
    opts.ocidPrefix,
  );
  await applyOcdsContributors(release, { ...ctx, contractId: row.id });
  const pkg = releasePackage([release], { uri: opts.uri, publisherName: opts.publisherName });
  await recordAudit(ctx.db, ctx, {
    action: 'contract.ocds_export',
    entityType: 'contract',
    entityId: row.id,
    after: { ocid: release.ocid, releaseId: release.id, version: row.version },
  });
  return pkg;
}
