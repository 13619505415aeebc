/** Evidence files on deliverables and their evaluation runs: contract documents linked to a deliverable. */
import { invalid, notFound } from '../../core/errors.js';
import type { DbOrTx } from '../../db/database.js';
import type { ServiceContext } from '../../platform/context.js';
import { inTransaction } from '../../platform/service.js';
import { authorizeContract } from '../contracts/contracts.service.js';
import { insertDocument, prepareDocument } from '../documents/documents.service.js';
import type { DeliverableFileDto } from './milestones.schema.js';

/** The files of some deliverables, oldest first; only those shared with the vendor when `onlyShared`. */
export async function filesFor(db: DbOrTx, deliverableIds: string[], onlyShared: boolean): Promise<Map<string, DeliverableFileDto[]>> {
  const out = new Map<string, DeliverableFileDto[]>();
  if (!deliverableIds.length) return out;
  let q = db
    .selectFrom('deliverable_files as f')
    .innerJoin('documents as doc', 'doc.id', 'f.document_id')
    .leftJoin('users as u', 'u.id', 'doc.uploaded_by')
    .select([
      'f.deliverable_id',
      'f.evaluation_run_id',
      'doc.id',
      'doc.filename',
      'doc.title',
      'doc.media_type',
      'doc.size_bytes',
      'doc.shared_with_vendor',
      'doc.uploaded_at',
      'doc.uploaded_by',
      'u.name as uploader_name',
    ])
    .where('f.deliverable_id', 'in', deliverableIds);
  if (onlyShared) q = q.where('doc.shared_with_vendor', '=', true);
  for (const r of await q.orderBy('doc.uploaded_at').orderBy('doc.id').execute()) {
    const list = out.get(r.deliverable_id) ?? [];
    list.push({
      id: r.id,
      filename: r.filename,
      title: r.title,
      mediaType: r.media_type,
      sizeBytes: r.size_bytes,
      sharedWithVendor: r.shared_with_vendor,
      evaluationRunId: r.evaluation_run_id,
      uploadedAt: r.uploaded_at.toISOString(),
      uploadedBy: r.uploaded_by ? { id: r.uploaded_by, name: r.uploader_name ?? 'Unknown user' } : null,
    });
    out.set(r.deliverable_id, list);
  }
  return out;
}

export interface DeliverableFileUpload {
  filename: string;
  bytes: Buffer;
  title?: string;
  evaluationRunId?: string;
  sharedWithVendor?: boolean;
}

/**
 * Attach an evidence file. The contract's vendor users attach delivery files (always shared with
 * them); staff who may test deliverables attach files to the deliverable or to one of its
 * evaluation runs. The file is checked by content against its name before anything is stored.
 */
export async function addDeliverableFile(ctx: ServiceContext, id: string, upload: DeliverableFileUpload): Promise<DeliverableFileDto> {
  const d = await ctx.db.selectFrom('deliverables').select(['id', 'contract_id']).where('id', '=', id).executeTakeFirst();
  if (!d) throw notFound('Deliverable');
  const isVendor = ctx.actor.role === 'vendor';
  await authorizeContract(ctx, d.contract_id, isVendor ? 'contract.read' : 'deliverable.test');
  const runId = upload.evaluationRunId?.trim() || null;
  if (runId && isVendor)
    throw invalid({ evaluationRunId: 'vendor users attach delivery files to the deliverable, not to evaluation runs' });
  if (runId) {
    const run = /^[0-9a-f-]{36}$/i.test(runId)
      ? await ctx.db
          .selectFrom('evaluation_runs as r')
          .innerJoin('test_plans as p', 'p.id', 'r.test_plan_id')
          .select('r.id')
          .where('r.id', '=', runId)
          .where('p.deliverable_id', '=', id)
          .executeTakeFirst()
      : undefined;
    if (!run) throw invalid({ evaluationRunId: 'is not an evaluation run of this deliverable' });
  }
  const doc = await prepareDocument({ filename: upload.filename, bytes: upload.bytes, title: upload.title });
  const shared = isVendor || upload.sharedWithVendor === true;
  const dto = await inTransaction(ctx, async (tx) => {
    // Lock the deliverable so a file cannot be attached while it is being deleted.
    const row = await tx.selectFrom('deliverables').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('Deliverable');
    const stored = await insertDocument(tx, ctx, d.contract_id, doc, shared, { deliverableId: id, evaluationRunId: runId });
    await tx.insertInto('deliverable_files').values({ document_id: stored.id, deliverable_id: id, evaluation_run_id: runId }).execute();
    return stored;
  });
  return {
    id: dto.id,
    filename: dto.filename,
    title: dto.title,
    mediaType: dto.mediaType,
    sizeBytes: dto.sizeBytes,
    sharedWithVendor: dto.sharedWithVendor,
    evaluationRunId: runId,
    uploadedAt: dto.uploadedAt,
    uploadedBy: dto.uploadedBy,
  };
}
