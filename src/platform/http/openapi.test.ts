import { describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import type { Db } from '../../db/database.js';
import { Client, testConfig } from '../../test/harness.js';
import { createLogger } from '../logger.js';

// No request here reaches the database: the spec, the docs page and anonymous requests need none.
const app = createApp({ db: null as unknown as Db, config: testConfig(), log: createLogger('silent'), serveWeb: false });
const client = new Client(app, '10.90.0.1');

/** Every API route the tests exercise (see the feature tests next to each router). */
const EXERCISED = [
  'GET /api/health',
  'GET /api/meta',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'GET /api/auth/me',
  'POST /api/auth/password',
  'GET /api/dashboard',
  'GET /api/departments',
  'POST /api/departments',
  'PATCH /api/departments/{id}',
  'GET /api/users',
  'POST /api/users',
  'PATCH /api/users/{id}',
  'GET /api/vendors',
  'POST /api/vendors',
  'GET /api/vendors/{id}',
  'PATCH /api/vendors/{id}',
  'GET /api/contracts',
  'POST /api/contracts',
  'GET /api/contracts/{id}',
  'PATCH /api/contracts/{id}',
  'GET /api/contracts/{id}/ocds',
  'GET /api/contracts/{id}/documents',
  'POST /api/contracts/{id}/documents',
  'GET /api/documents/{id}/download',
  'DELETE /api/documents/{id}',
  'GET /api/audit',
  'GET /api/audit/export.csv',
  'GET /api/audit/verify',
  'GET /api/tokens',
  'POST /api/tokens',
  'DELETE /api/tokens/{id}',
  'GET /api/deadlines',
  'GET /api/deadlines/kinds',
  'PATCH /api/deadlines/{id}',
  'GET /api/contracts/{id}/deadlines',
  'GET /api/calendar/feed',
  'POST /api/calendar/feed',
  'DELETE /api/calendar/feed',
  'GET /api/calendar/{token}.ics',
  'GET /api/settings/teams',
  'PATCH /api/settings/teams/{team}',
  'GET /api/questions',
  'GET /api/contracts/{id}/questions',
  'PUT /api/contracts/{id}/questions/{questionId}/answer',
  'GET /api/questions/teams/{team}',
  'GET /api/questions/teams/{team}/export.csv',
  'GET /api/findings',
  'GET /api/contracts/{id}/findings',
  'GET /api/contracts/{id}/health',
  'POST /api/contracts/{id}/findings/evaluate',
  'POST /api/findings/{id}/acknowledge',
  'POST /api/findings/{id}/snooze',
  'POST /api/findings/{id}/reopen',
  'GET /api/rules',
  'GET /api/notifications',
  'POST /api/notifications/{id}/read',
  'POST /api/notifications/read-all',
  'GET /api/notifications/preferences',
  'PUT /api/notifications/preferences',
  'GET /api/admin/outbox',
  'GET /api/admin/outbox/{id}',
  'GET /api/admin/webhooks',
  'POST /api/admin/webhooks',
  'PATCH /api/admin/webhooks/{id}',
  'DELETE /api/admin/webhooks/{id}',
  'POST /api/admin/webhooks/{id}/rotate-secret',
  'POST /api/admin/webhooks/{id}/test',
  'GET /api/admin/webhooks/{id}/deliveries',
  'GET /api/contracts/{id}/milestones',
  'POST /api/contracts/{id}/milestones',
  'PATCH /api/milestones/{id}',
  'GET /api/contracts/{id}/deliverables',
  'POST /api/contracts/{id}/deliverables',
  'PATCH /api/deliverables/{id}',
  'POST /api/deliverables/{id}/delivery',
  'POST /api/deliverables/{id}/decision',
  'PUT /api/deliverables/{id}/test-plan',
  'POST /api/deliverables/{id}/evaluation-runs',
  'GET /api/milestones',
  'DELETE /api/milestones/{id}',
  'GET /api/contracts/{id}/milestones.csv',
  'GET /api/deliverables/{id}',
  'DELETE /api/deliverables/{id}',
  'POST /api/deliverables/{id}/files',
  'GET /api/contracts/{id}/usage',
  'GET /api/usage/portfolio',
  'POST /api/contracts/{id}/usage/imports',
  'GET /api/contracts/{id}/usage/imports',
  'POST /api/contracts/{id}/usage/records',
  'GET /api/contracts/{id}/usage/services',
  'POST /api/contracts/{id}/usage/services',
  'PATCH /api/usage/services/{id}',
  'POST /api/usage/services/{id}/decision',
  'GET /api/contracts/{id}/usage/settings',
  'PUT /api/contracts/{id}/usage/settings',
  'GET /api/contracts/{id}/usage/mappings',
  'PUT /api/contracts/{id}/usage/mappings',
  'GET /api/contracts/{id}/usage/exceptions',
  'POST /api/usage/exceptions/{id}/raise',
  'GET /api/contracts/{id}/invoices',
  'POST /api/contracts/{id}/invoices',
  'GET /api/contracts/{id}/invoices.csv',
  'GET /api/contracts/{id}/payment-terms',
  'PUT /api/contracts/{id}/payment-terms',
  'GET /api/invoices',
  'GET /api/invoices/{id}',
  'PATCH /api/invoices/{id}',
  'POST /api/invoices/{id}/return',
  'POST /api/invoices/{id}/resubmit',
  'POST /api/invoices/{id}/approve',
  'POST /api/invoices/{id}/schedule',
  'POST /api/invoices/{id}/payments',
  'POST /api/invoices/{id}/attachments',
  'GET /api/invoices/{id}/interest',
  'POST /api/prompt-payment/interest',
  'GET /api/payables/summary',
  'GET /api/admin/payment-rates',
  'PUT /api/admin/payment-rates/{rulePack}',
  'GET /api/admin/payment-holidays',
  'PUT /api/admin/payment-holidays',
].sort();

/** The API routes the app really serves, from Hono's routing table (docs pages and the spec itself aside). */
function servedRoutes(): string[] {
  const set = new Set<string>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/')) continue;
    if (r.path.startsWith('/api/docs') || r.path === '/api/openapi.json') continue;
    set.add(`${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return [...set].sort();
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and describes every route the app serves, and only those', async () => {
    const r = await client.get('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(r.body.info).toMatchObject({ title: 'Steward API', version: expect.any(String) });
    expect(r.body.servers).toEqual([{ url: '/api' }]);
    const documented: string[] = [];
    for (const [path, ops] of Object.entries(r.body.paths as Record<string, Record<string, unknown>>))
      for (const method of Object.keys(ops)) documented.push(`${method.toUpperCase()} /api${path}`);
    expect(documented.sort()).toEqual(servedRoutes());
    expect(servedRoutes()).toEqual(EXERCISED);
  });

  it('declares how to authenticate, and which routes need no sign-in', async () => {
    const r = await client.get('/api/openapi.json');
    expect(Object.keys(r.body.components.securitySchemes).sort()).toEqual(['bearerAuth', 'cookieAuth']);
    const open: string[] = [];
    for (const [path, ops] of Object.entries(r.body.paths as Record<string, Record<string, { security?: unknown[]; responses: object }>>))
      for (const [method, op] of Object.entries(ops)) {
        expect(Object.keys(op.responses).length, `${method} ${path}`).toBeGreaterThan(0);
        if (!op.security?.length) open.push(`${method.toUpperCase()} ${path}`);
      }
    expect(open.sort()).toEqual(['GET /calendar/{token}.ics', 'GET /health', 'GET /meta', 'POST /auth/login']);
    expect(r.body.components.schemas).toHaveProperty('Error');
    expect(r.body.components.schemas).toHaveProperty('Contract');
  });
});

describe('API docs page', () => {
  it('serves HTML that loads only local assets', async () => {
    const r = await client.get('/api/docs');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.text).not.toMatch(/https?:\/\//);
    expect(r.text).not.toMatch(/(src|href)="\/\//);
    const refs = [...r.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThanOrEqual(3);
    for (const ref of refs) {
      expect(ref.startsWith('/api/docs/')).toBe(true);
      const asset = await client.get(ref);
      expect(asset.status, ref).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/^(text\/css|text\/javascript)/);
    }
    expect(r.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });

  it('configures Swagger UI without calling any other host', async () => {
    const r = await client.get('/api/docs/init.js');
    expect(r.text).toContain("url: '/api/openapi.json'");
    expect(r.text).toContain('validatorUrl: null');
    expect(r.text).not.toMatch(/https?:\/\//);
  });

  it('serves no file outside the Swagger UI folder', async () => {
    for (const p of ['/api/docs/assets/..%2Fpackage.json', '/api/docs/assets/%2E%2E%2F%2E%2E%2Fpackage.json', '/api/docs/assets/nope.js'])
      expect((await client.get(p)).status, p).toBe(404);
  });
});
