import { createRoute, z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { createRouter, security, serviceContext } from '../../platform/http/openapi.js';
import { CalendarDate, PageQuery, commonErrors, jsonResponse, pageOf } from '../../platform/http/schemas.js';
import { exportAuditCsv, listAudit, verifyAudit } from './audit.service.js';

export const auditRoutes = createRouter();
const tags = ['Audit log'];

const Filter = {
  q: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  entityType: z.string().max(60).optional(),
  entityId: z.string().max(100).optional(),
  actorId: z.uuid().optional(),
  from: CalendarDate.optional(),
  to: CalendarDate.optional(),
};

const Entry = z
  .object({
    seq: z.string(),
    at: z.string(),
    actorId: z.string().nullable(),
    actorEmail: z.string().nullable(),
    actorRole: z.string().nullable(),
    departmentId: z.string().nullable(),
    requestId: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    hash: z.string(),
  })
  .openapi('AuditEntry');

auditRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/audit',
    tags,
    security,
    summary: 'Browse the audit log (auditors), newest first',
    request: { query: z.object({ ...Filter, ...PageQuery }) },
    responses: { 200: jsonResponse(pageOf(Entry), 'A page of entries'), ...commonErrors },
  }),
  async (c) => c.json(await listAudit(serviceContext(c), c.req.valid('query')), 200),
);

auditRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/audit/export.csv',
    tags,
    security,
    summary: 'Export the filtered audit log as CSV (auditors)',
    request: { query: z.object(Filter) },
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...commonErrors },
  }),
  async (c) => {
    const gen = exportAuditCsv(serviceContext(c), c.req.valid('query'));
    const first = await gen.next(); // runs the permission check before any byte is sent
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="steward-audit-${new Date().toISOString().slice(0, 10)}.csv"`);
    c.header('X-Content-Type-Options', 'nosniff');
    return stream(c, async (s) => {
      if (!first.done) await s.write(first.value);
      for await (const chunk of gen) await s.write(chunk);
    }) as never;
  },
);

auditRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/audit/verify',
    tags,
    security,
    summary: 'Verify the hash chain; reports the first edited, removed or reordered entry',
    responses: {
      200: jsonResponse(
        z.object({
          ok: z.boolean(),
          checked: z.number().int(),
          problem: z.object({ seq: z.string(), kind: z.string(), message: z.string() }).nullable(),
        }),
        'Result',
      ),
      ...commonErrors,
    },
  }),
  async (c) => c.json(await verifyAudit(serviceContext(c)), 200),
);
