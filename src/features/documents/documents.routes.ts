import { createRoute, z } from '@hono/zod-openapi';
import { attachment, readUpload, uploadBody } from '../../platform/http/files.js';
import { createRouter, security, serviceContext } from '../../platform/http/openapi.js';
import { IdParam, commonErrors, jsonResponse, writeErrors } from '../../platform/http/schemas.js';
import { deleteDocument, downloadDocument, listDocuments, uploadDocument } from './documents.service.js';

export const documentRoutes = createRouter();
const tags = ['Documents'];

const Document = z
  .object({
    id: z.string(),
    contractId: z.string(),
    title: z.string(),
    filename: z.string(),
    mediaType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    sharedWithVendor: z.boolean(),
    uploadedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    uploadedAt: z.string(),
  })
  .openapi('Document');

documentRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/documents',
    tags,
    security,
    summary: "List a contract's documents (vendor users see only those shared with them)",
    request: { params: IdParam },
    responses: { 200: jsonResponse(z.object({ items: z.array(Document) }), 'Documents'), ...commonErrors },
  }),
  async (c) => c.json({ items: await listDocuments(serviceContext(c), c.req.valid('param').id) }, 200),
);

documentRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/contracts/{id}/documents',
    tags,
    security,
    summary: 'Upload a document (PDF, office files, images, text; at most 25 MB; checked by content)',
    request: {
      params: IdParam,
      body: uploadBody({ sharedWithVendor: z.enum(['true', 'false']).optional() }),
    },
    responses: { 201: jsonResponse(Document, 'Uploaded'), ...writeErrors },
  }),
  async (c) => {
    const upload = await readUpload(c);
    const doc = await uploadDocument(serviceContext(c), c.req.valid('param').id, {
      filename: upload.filename,
      bytes: upload.bytes,
      title: upload.fields.title,
      sharedWithVendor: upload.fields.sharedWithVendor === 'true',
    });
    return c.json(doc, 201);
  },
);

documentRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/documents/{id}/download',
    tags,
    security,
    summary: 'Download a document (sent as an attachment)',
    request: { params: IdParam },
    responses: { 200: { description: 'The file', content: { 'application/octet-stream': { schema: z.any() } } }, ...commonErrors },
  }),
  async (c) => {
    const doc = await downloadDocument(serviceContext(c), c.req.valid('param').id);
    return c.body(new Uint8Array(doc.content), 200, {
      'Content-Type': doc.media_type,
      'Content-Disposition': attachment(doc.filename),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
      ETag: `"${doc.sha256}"`,
    }) as never;
  },
);

documentRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/documents/{id}',
    tags,
    security,
    summary: 'Delete a document',
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, ...commonErrors },
  }),
  async (c) => {
    await deleteDocument(serviceContext(c), c.req.valid('param').id);
    return c.body(null, 204) as never;
  },
);
