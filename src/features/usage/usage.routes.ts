import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../../core/errors.js';
import { formatBytes } from '../../core/usage/guards.js';
import { STREAMED_TYPES } from '../../platform/http/guards.js';
import { withIdempotency } from '../../platform/http/idempotency.js';
import { createRouter, security, serviceContext } from '../../platform/http/openapi.js';
import { IdParam, commonErrors, jsonBody, jsonResponse, writeErrors } from '../../platform/http/schemas.js';
import { ifMatchVersion } from '../../platform/http/versions.js';
import { usagePortfolio, usageSummary } from './usage.dashboard.js';
import { importFile, pushRecords } from './usage.import.js';
import {
  ImportQuery,
  PushBatch,
  RaiseException,
  SavedMapping,
  SavedMappingCreate,
  SummaryQuery,
  UsageException,
  UsageImport,
  UsagePortfolioRow,
  UsageService,
  UsageServiceCreate,
  UsageServiceDecision,
  UsageServiceUpdate,
  UsageSettings,
  UsageSettingsUpdate,
  UsageSummary,
} from './usage.schema.js';
import {
  createService,
  decideService,
  getSettings,
  listExceptions,
  listImports,
  listMappings,
  listServices,
  raiseException,
  saveMapping,
  updateService,
  updateSettings,
} from './usage.service.js';

export const usageRoutes = createRouter();
const tags = ['Cost and usage'];

const ImportResult = z
  .object({
    importId: z.string(),
    source: z.enum(['focus', 'csv', 'api']),
    focusVersion: z.string().nullable(),
    rowsRead: z.number().int(),
    rowsImported: z.number().int(),
    rowsRejected: z.number().int(),
    rowsUnmatched: z.number().int(),
    rejections: z.array(z.object({ row: z.number().int(), line: z.number().int(), column: z.string().nullable(), reason: z.string() })),
    billedCost: z.record(z.string(), z.string()),
    periodStart: z.string().nullable(),
    periodEnd: z.string().nullable(),
  })
  .openapi('UsageImportResult');

usageRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/usage',
    tags,
    security,
    summary: 'Spend against the ceiling with the forecast, by service, department and unit (from the daily rollups)',
    request: { params: IdParam, query: SummaryQuery },
    responses: { 200: jsonResponse(UsageSummary, 'The usage summary'), ...commonErrors },
  }),
  async (c) => c.json(await usageSummary(serviceContext(c), c.req.valid('param').id, c.req.valid('query')), 200),
);

usageRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/usage/portfolio',
    tags,
    security,
    summary: 'Contracts with usage, by the share of their ceiling spent',
    responses: { 200: jsonResponse(z.object({ items: z.array(UsagePortfolioRow) }), 'Contracts by burn'), ...commonErrors },
  }),
  async (c) => c.json({ items: await usagePortfolio(serviceContext(c)) }, 200),
);

usageRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/contracts/{id}/usage/imports',
    tags,
    security,
    summary:
      'Import a cost and usage file: FOCUS 1.0–1.2 CSV (or CSV with a saved mapping), plain or gzip-compressed, sent as the raw request body',
    description:
      'Send the file as the body with Content-Type text/csv, application/gzip or application/octet-stream. The whole file is imported in one transaction: nothing is kept if it fails. A file with a bad row is refused whole unless skipBadRows=true. The same content imported twice is refused (409).',
    request: {
      params: IdParam,
      query: ImportQuery,
      body: {
        required: true,
        content: Object.fromEntries(STREAMED_TYPES.map((t) => [t, { schema: z.any().openapi({ type: 'string', format: 'binary' }) }])),
      },
    },
    responses: { 201: jsonResponse(ImportResult, 'Imported'), ...writeErrors },
  }),
  async (c) => {
    const ctx = serviceContext(c);
    const q = c.req.valid('query');
    const limit = c.get('config').usageImportLimitBytes;
    const type = (c.req.header('content-type') || '').toLowerCase();
    if (!STREAMED_TYPES.some((t) => type.startsWith(t)))
      throw new AppError('unsupported_media_type', 'Send the file itself as the request body, as text/csv or application/gzip.');
    const declared = Number(c.req.header('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > limit)
      throw new AppError('payload_too_large', `The file is larger than the limit of ${formatBytes(limit)}.`);
    const body = c.req.raw.body;
    if (!body) throw new AppError('validation_failed', 'The request has no file in its body.');
    const summary = await importFile(ctx, c.req.valid('param').id, Readable.fromWeb(body as never), {
      filename: q.filename,
      mappingName: q.mapping ?? null,
      skipBadRows: q.skipBadRows === 'true',
      maxBytes: limit,
    });
    return c.json(summary, 201);
  },
);

usageRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/usage/imports',
    tags,
    security,
    summary: "A contract's usage imports, newest first",
    request: { params: IdParam },
    responses: { 200: jsonResponse(z.object({ items: z.array(UsageImport) }), 'Imports'), ...commonErrors },
  }),
  async (c) => c.json({ items: await listImports(serviceContext(c), c.req.valid('param').id) }, 200),
);

usageRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/contracts/{id}/usage/records',
    tags,
    security,
    summary:
      'Push usage records as JSON (FOCUS column IDs as keys; at most 10,000 per batch). Send an Idempotency-Key: a retried batch is not counted twice.',
    request: { params: IdParam, body: jsonBody(PushBatch) },
    responses: { 201: jsonResponse(ImportResult, 'Imported'), ...writeErrors },
  }),
  async (c) => {
    const id = c.req.valid('param').id;
    const body = c.req.valid('json');
    return withIdempotency(c, `usage.push:${id}`, body, async () => ({
      status: 201,
      body: await pushRecords(serviceContext(c), id, body.records),
    })) as never;
  },
);

usageRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/usage/services',
    tags,
    security,
    summary: "The contract's service catalog: approved services, requests and rejected requests",
    request: { params: IdParam },
    responses: { 200: jsonResponse(z.object({ items: z.array(UsageService) }), 'Catalog'), ...commonErrors },
  }),
  async (c) => c.json({ items: await listServices(serviceContext(c), c.req.valid('param').id) }, 200),
);

usageRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/contracts/{id}/usage/services',
    tags,
    security,
    summary: 'Add a service to the catalog (procurement) or ask for it to be added (buyers, IT & data)',
    request: { params: IdParam, body: jsonBody(UsageServiceCreate) },
    responses: { 201: jsonResponse(UsageService, 'Added or requested'), ...writeErrors },
  }),
  async (c) => c.json(await createService(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 201),
);

usageRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/usage/services/{id}',
    tags,
    security,
    summary: 'Change a catalog entry (an approved one only by procurement); send its version',
    request: { params: IdParam, body: jsonBody(UsageServiceUpdate) },
    responses: { 200: jsonResponse(UsageService, 'Updated'), ...writeErrors },
  }),
  async (c) => c.json(await updateService(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c)), 200),
);

usageRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/usage/services/{id}/decision',
    tags,
    security,
    summary: 'Approve or reject a catalog request (procurement); stored usage is matched again',
    request: { params: IdParam, body: jsonBody(UsageServiceDecision) },
    responses: { 200: jsonResponse(UsageService, 'Decided'), ...writeErrors },
  }),
  async (c) => c.json(await decideService(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c)), 200),
);

usageRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/usage/settings',
    tags,
    security,
    summary: 'Allotted funds, the department tag and the thresholds in force',
    request: { params: IdParam },
    responses: { 200: jsonResponse(UsageSettings, 'Settings'), ...commonErrors },
  }),
  async (c) => c.json(await getSettings(serviceContext(c), c.req.valid('param').id), 200),
);

usageRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/contracts/{id}/usage/settings',
    tags,
    security,
    summary: 'Set allotted funds, the department tag or thresholds (send the version once settings exist)',
    request: { params: IdParam, body: jsonBody(UsageSettingsUpdate) },
    responses: { 200: jsonResponse(UsageSettings, 'Saved'), ...writeErrors },
  }),
  async (c) => c.json(await updateSettings(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c)), 200),
);

usageRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/usage/mappings',
    tags,
    security,
    summary: 'Saved column mappings for CSV files that are not FOCUS',
    request: { params: IdParam },
    responses: { 200: jsonResponse(z.object({ items: z.array(SavedMapping) }), 'Mappings'), ...commonErrors },
  }),
  async (c) => c.json({ items: await listMappings(serviceContext(c), c.req.valid('param').id) }, 200),
);

usageRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/contracts/{id}/usage/mappings',
    tags,
    security,
    summary: 'Save a column mapping under a name (replaces one of the same name)',
    request: { params: IdParam, body: jsonBody(SavedMappingCreate) },
    responses: { 200: jsonResponse(SavedMapping, 'Saved'), ...writeErrors },
  }),
  async (c) => c.json(await saveMapping(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
);

usageRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/usage/exceptions',
    tags,
    security,
    summary: 'Usage nobody approved: not in the catalog, or run by an account the entry does not allow',
    request: { params: IdParam, query: z.object({ all: z.enum(['true', 'false']).default('false') }) },
    responses: { 200: jsonResponse(z.object({ items: z.array(UsageException) }), 'Unapproved usage'), ...commonErrors },
  }),
  async (c) =>
    c.json({ items: await listExceptions(serviceContext(c), c.req.valid('param').id, c.req.valid('query').all === 'true') }, 200),
);

usageRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/usage/exceptions/{id}/raise',
    tags,
    security,
    summary: 'Record that unapproved usage was raised with the team that ran it',
    request: { params: IdParam, body: jsonBody(RaiseException) },
    responses: { 200: jsonResponse(UsageException, 'Raised'), ...writeErrors },
  }),
  async (c) => c.json(await raiseException(serviceContext(c), c.req.valid('param').id, c.req.valid('json').note), 200),
);
