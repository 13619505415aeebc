/** Contract documents: stored in the database (so backups include them), type checked by content. */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { AppError, invalid } from '../../core/errors.js';
import { scopeFor } from '../../core/policy.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { DbOrTx, Tx } from '../../db/database.js';
import type { ServiceContext } from '../../platform/context.js';
import { denial, inTransaction, requirePermission } from '../../platform/service.js';
import { authorizeContract } from '../contracts/contracts.service.js';

export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;

/** Accepted kinds: what the name claims must be what the bytes are. */
const BY_EXTENSION: Record<string, { mime: string; detected: string[] | 'text' }> = {
  pdf: { mime: 'application/pdf', detected: ['pdf'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', detected: ['docx'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', detected: ['xlsx'] },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', detected: ['pptx'] },
  odt: { mime: 'application/vnd.oasis.opendocument.text', detected: ['odt'] },
  ods: { mime: 'application/vnd.oasis.opendocument.spreadsheet', detected: ['ods'] },
  odp: { mime: 'application/vnd.oasis.opendocument.presentation', detected: ['odp'] },
  doc: { mime: 'application/msword', detected: ['cfb'] },
  xls: { mime: 'application/vnd.ms-excel', detected: ['cfb'] },
  ppt: { mime: 'application/vnd.ms-powerpoint', detected: ['cfb'] },
  rtf: { mime: 'application/rtf', detected: ['rtf'] },
  png: { mime: 'image/png', detected: ['png'] },
  jpg: { mime: 'image/jpeg', detected: ['jpg'] },
  jpeg: { mime: 'image/jpeg', detected: ['jpg'] },
  txt: { mime: 'text/plain; charset=utf-8', detected: 'text' },
  csv: { mime: 'text/csv; charset=utf-8', detected: 'text' },
  md: { mime: 'text/markdown; charset=utf-8', detected: 'text' },
};
export const ACCEPTED_EXTENSIONS = Object.keys(BY_EXTENSION);

function isUtf8Text(buf: Buffer): boolean {
  if (buf.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/** A safe display name: no path, no control characters. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'document';
}

/** The stored media type for a file, or a field error explaining why it is refused. */
export async function checkFileType(filename: string, bytes: Buffer): Promise<string> {
  const ext = filename.includes('.') ? filename.split('.').pop()!.toLowerCase() : '';
  const rule = BY_EXTENSION[ext];
  if (!rule) throw invalid({ file: `Files of type .${ext || '(none)'} are not accepted. Accepted: ${ACCEPTED_EXTENSIONS.join(', ')}.` });
  if (rule.detected === 'text') {
    if (!isUtf8Text(bytes)) throw invalid({ file: `The file is named .${ext} but is not plain UTF-8 text.` });
    return rule.mime;
  }
  const detected = await fileTypeFromBuffer(bytes);
  if (!detected || !rule.detected.includes(detected.ext))
    throw invalid({
      file: `The file is named .${ext} but its content is ${detected ? `a .${detected.ext} file` : 'not a recognised document'}.`,
    });
  return rule.mime;
}

export interface DocumentDto {
  id: string;
  contractId: string;
  title: string;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  sharedWithVendor: boolean;
  uploadedBy: { id: string; name: string } | null;
  uploadedAt: string;
}

function docQuery(db: DbOrTx) {
  return db
    .selectFrom('documents as doc')
    .leftJoin('users as u', 'u.id', 'doc.uploaded_by')
    .select([
      'doc.id',
      'doc.contract_id',
      'doc.title',
      'doc.filename',
      'doc.media_type',
      'doc.size_bytes',
      'doc.sha256',
      'doc.shared_with_vendor',
      'doc.uploaded_by',
      'u.name as uploader_name',
      'doc.uploaded_at',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof docQuery>['executeTakeFirstOrThrow']>>;
const dto = (r: Row): DocumentDto => ({
  id: r.id,
  contractId: r.contract_id,
  title: r.title,
  filename: r.filename,
  mediaType: r.media_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  sharedWithVendor: r.shared_with_vendor,
  uploadedBy: r.uploaded_by ? { id: r.uploaded_by, name: r.uploader_name ?? 'Unknown user' } : null,
  uploadedAt: r.uploaded_at.toISOString(),
});

const vendorOnly = (ctx: ServiceContext) => scopeFor(ctx.actor, 'document.read') === 'vendor';

export async function listDocuments(ctx: ServiceContext, contractId: string): Promise<DocumentDto[]> {
  await requirePermission(ctx, 'document.read', 'document');
  await authorizeContract(ctx, contractId, 'document.read');
  let q = docQuery(ctx.db).where('doc.contract_id', '=', contractId);
  if (vendorOnly(ctx)) q = q.where('doc.shared_with_vendor', '=', true);
  return (await q.orderBy('doc.uploaded_at', 'desc').execute()).map(dto);
}

export interface PreparedDocument {
  filename: string;
  title: string;
  mediaType: string;
  sha256: string;
  bytes: Buffer;
}

/** Check an uploaded file (size, name, content against the name) before it is stored. */
export async function prepareDocument(input: { filename: string; bytes: Buffer; title?: string }): Promise<PreparedDocument> {
  if (input.bytes.length === 0) throw invalid({ file: 'The file is empty.' });
  if (input.bytes.length > MAX_DOCUMENT_BYTES) throw new AppError('payload_too_large', 'Documents may be at most 25 MB.');
  const filename = cleanFilename(input.filename);
  const mediaType = await checkFileType(filename, input.bytes);
  const title = (input.title ?? '').trim().slice(0, 200) || filename;
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  return { filename, title, mediaType, sha256, bytes: input.bytes };
}

/**
 * Store a checked file as a document of the contract, in the caller's transaction, with its audit
 * entry. The caller has already decided the actor may add it (other capabilities attach evidence
 * files this way under their own permissions).
 */
export async function insertDocument(
  tx: Tx,
  ctx: ServiceContext,
  contractId: string,
  doc: PreparedDocument,
  sharedWithVendor: boolean,
  context: Record<string, unknown> = {},
): Promise<DocumentDto> {
  const { id } = await tx
    .insertInto('documents')
    .values({
      contract_id: contractId,
      title: doc.title,
      filename: doc.filename,
      media_type: doc.mediaType,
      size_bytes: doc.bytes.length,
      sha256: doc.sha256,
      content: doc.bytes,
      shared_with_vendor: sharedWithVendor,
      uploaded_by: ctx.actor.role === 'system' ? null : ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendAudit(tx, ctx, {
    action: 'document.upload',
    entityType: 'contract',
    entityId: contractId,
    after: {
      documentId: id,
      title: doc.title,
      filename: doc.filename,
      mediaType: doc.mediaType,
      sizeBytes: doc.bytes.length,
      sha256: doc.sha256,
      sharedWithVendor,
      ...context,
    },
  });
  return dto(await docQuery(tx).where('doc.id', '=', id).executeTakeFirstOrThrow());
}

export async function uploadDocument(
  ctx: ServiceContext,
  contractId: string,
  input: { filename: string; bytes: Buffer; title?: string; sharedWithVendor: boolean },
): Promise<DocumentDto> {
  await requirePermission(ctx, 'document.upload', 'document');
  await authorizeContract(ctx, contractId, 'document.upload');
  const doc = await prepareDocument(input);
  return inTransaction(ctx, (tx) => insertDocument(tx, ctx, contractId, doc, input.sharedWithVendor));
}

async function loadForAction(ctx: ServiceContext, id: string, permission: 'document.read' | 'document.delete') {
  await requirePermission(ctx, permission, 'document');
  const meta = await ctx.db.selectFrom('documents').select(['contract_id', 'shared_with_vendor']).where('id', '=', id).executeTakeFirst();
  if (!meta || (vendorOnly(ctx) && !meta.shared_with_vendor))
    throw await denial(ctx, 'hidden', { permission, entityType: 'document', entityId: id, label: 'Document' });
  await authorizeContract(ctx, meta.contract_id, permission);
  return meta;
}

export async function downloadDocument(ctx: ServiceContext, id: string) {
  await loadForAction(ctx, id, 'document.read');
  return ctx.db
    .selectFrom('documents')
    .select(['filename', 'media_type', 'content', 'sha256'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export async function deleteDocument(ctx: ServiceContext, id: string): Promise<void> {
  const meta = await loadForAction(ctx, id, 'document.delete');
  await inTransaction(ctx, async (tx) => {
    const gone = await tx.deleteFrom('documents').where('id', '=', id).returning(['title', 'filename', 'sha256']).executeTakeFirst();
    await appendAudit(tx, ctx, {
      action: 'document.delete',
      entityType: 'contract',
      entityId: meta.contract_id,
      before: { documentId: id, ...gone },
    });
  });
}
