import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../app.js';
import { createDb } from '../../db/database.js';
import { appendAudit, recordAudit } from '../../platform/audit/audit.js';
import { createLogger } from '../../platform/logger.js';
import { Client, type TestResponse, type World, auditRows, createWorld, expectError } from '../../test/harness.js';

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['admin', 'procurement', 'buyerA', 'buyerB', 'itA', 'itB', 'auditor', 'vendorOne', 'vendorTwo'];

let w: World;
const as = {} as Record<UserKey, Client>;
beforeAll(async () => {
  w = await createWorld();
  const clients = await Promise.all(USERS.map((u) => w.as(u)));
  USERS.forEach((u, i) => {
    as[u] = clients[i];
  });
});
afterEach(() => {
  vi.useRealTimers();
});

/** RFC 4180 parser: rows of cells (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

const CSV_HEADER = [
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
];

describe('who may read the audit log', () => {
  it.each<[UserKey, number]>([
    ['admin', 403],
    ['procurement', 403],
    ['buyerA', 403],
    ['buyerB', 403],
    ['itA', 403],
    ['itB', 403],
    ['auditor', 200],
    ['vendorOne', 403],
    ['vendorTwo', 403],
  ])('%s: browse, export and verify answer %i', async (user, status) => {
    for (const path of ['/api/audit', '/api/audit/export.csv', '/api/audit/verify']) {
      const r = await as[user].get(path);
      expect(r.status, `${user} ${path}`).toBe(status);
      if (status === 403) {
        expectError(r, 403, 'forbidden');
        expect(await auditRows(w.db, { action: 'permission.denied', requestId: r.headers.get('x-request-id') as string })).toHaveLength(1);
      }
    }
  });

  it('answers 401 without a session', async () => {
    expectError(await new Client(w.app).get('/api/audit'), 401);
    expectError(await new Client(w.app).get('/api/audit/export.csv'), 401);
  });
});

describe('browsing and filtering', () => {
  let vendorId: string;
  let created: TestResponse;
  beforeAll(async () => {
    created = await as.procurement.post('/api/vendors', { legalName: 'Filterable Findings BV', notes: 'needle-in-haystack' });
    vendorId = created.body.id;
    await as.procurement.patch(`/api/vendors/${vendorId}`, { version: 1, notes: 'second' });
  });

  it('returns entries newest first with actor, role, department, request id and hash', async () => {
    const r = await as.auditor.get(`/api/audit?entityId=${vendorId}`);
    expect(r.status).toBe(200);
    expect(r.body.items.map((e: { action: string }) => e.action)).toEqual(['vendor.update', 'vendor.create']);
    expect(r.body.items[1]).toMatchObject({
      actorId: w.users.procurement.id,
      actorEmail: w.users.procurement.email,
      actorRole: 'procurement',
      departmentId: null,
      requestId: created.headers.get('x-request-id'),
      entityType: 'vendor',
      entityId: vendorId,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(r.body.items[0]).not.toHaveProperty('prevHash');
    expect(Number(r.body.items[0].seq)).toBeGreaterThan(Number(r.body.items[1].seq));
  });

  it.each<[string, (ctx: { vendorId: string }) => string, (e: Record<string, unknown>) => boolean]>([
    ['action', () => 'action=vendor.update', (e) => e.action === 'vendor.update'],
    ['entity type', () => 'entityType=vendor', (e) => e.entityType === 'vendor'],
    ['actor', () => `actorId=${w.users.procurement.id}`, (e) => e.actorId === w.users.procurement.id],
    ['text (q) in the record', () => 'q=NEEDLE-in', (e) => JSON.stringify([e.before, e.after]).includes('needle-in-haystack')],
    ['text (q) in the actor e-mail', () => 'q=procurement@test', (e) => JSON.stringify(e).includes('procurement@test')],
  ])('filters by %s', async (_what, query, matches) => {
    const r = await as.auditor.get(`/api/audit?pageSize=100&${query({ vendorId })}`);
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(r.body.items.every(matches)).toBe(true);
    const all = await as.auditor.get('/api/audit?pageSize=100');
    expect(r.body.total).toBe(all.body.items.filter(matches).length);
  });

  it('filters by day, both ends included, in UTC', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const all = await as.auditor.get('/api/audit?pageSize=1');
    expect((await as.auditor.get(`/api/audit?from=${today}&to=${today}&pageSize=1`)).body.total).toBe(all.body.total);
    expect((await as.auditor.get(`/api/audit?to=${yesterday}&pageSize=1`)).body.total).toBe(0);
    expect(expectError(await as.auditor.get('/api/audit?from=2026-02-30'), 400).fields).toHaveProperty('from');
  });

  it('uses UTC days even when the database server runs in another time zone', async () => {
    // 02:30 UTC on 10 March is still 9 March in New York.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-10T02:30:00Z'));
    await recordAudit(w.db, { actor: null, requestId: 'tz-check' }, { action: 'test.timezone', entityType: 'test' });
    vi.useRealTimers();
    const nyUrl = new URL(w.tdb.url);
    nyUrl.searchParams.set('options', '-c timezone=America/New_York');
    const nyDb = createDb(nyUrl.toString(), 2);
    try {
      const app = createApp({ db: nyDb, config: w.config, log: createLogger('silent'), serveWeb: false });
      const c = new Client(app, '10.70.0.1');
      expect((await c.login(w.users.auditor.email)).status).toBe(200);
      expect((await c.get('/api/audit?action=test.timezone&to=2026-03-09')).body.total).toBe(0);
      expect((await c.get('/api/audit?action=test.timezone&from=2026-03-10&to=2026-03-10')).body.total).toBe(1);
      expect((await c.get('/api/audit?action=test.timezone&from=2026-03-11')).body.total).toBe(0);
    } finally {
      await nyDb.destroy();
    }
  });

  it('paginates: pages do not overlap and together hold every entry', async () => {
    const all = await as.auditor.get('/api/audit?pageSize=100&action=permission.denied');
    expect(all.body.total).toBeGreaterThan(5);
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(all.body.total / 4); page++) {
      const r = await as.auditor.get(`/api/audit?pageSize=4&page=${page}&action=permission.denied`);
      expect(r.body.items.length).toBeLessThanOrEqual(4);
      seen.push(...r.body.items.map((e: { seq: string }) => e.seq));
    }
    expect(seen).toEqual(all.body.items.map((e: { seq: string }) => e.seq));
  });

  it('logs sign-ins, failed sign-ins and denials with who and from where', async () => {
    await new Client(w.app, '10.70.1.1').login(w.users.itA.email, 'definitely-wrong-1');
    const failed = await as.auditor.get('/api/audit?action=auth.login_failed');
    expect(failed.body.items[0].after).toMatchObject({ email: w.users.itA.email, ip: '10.70.1.1', reason: 'wrong_password' });
    const logins = await as.auditor.get(`/api/audit?action=auth.login&actorId=${w.users.vendorTwo.id}`);
    expect(logins.body.total).toBeGreaterThan(0);
    const denied = await as.auditor.get(`/api/audit?action=permission.denied&actorId=${w.users.vendorOne.id}&entityType=audit_log`);
    expect(denied.body.items.map((e: { after: { permission: string } }) => e.after.permission).sort()).toEqual([
      'audit.export',
      'audit.read',
      'audit.read',
    ]);
    expect(denied.body.items[0]).toMatchObject({
      actorRole: 'vendor',
      actorEmail: w.users.vendorOne.email,
      after: { outcome: 'forbidden' },
    });
  });
});

describe('CSV export', () => {
  it('exports a header and one line per entry, escaping quotes, commas and line breaks, and logs the export', async () => {
    const notes = 'He said "stop", then left,\nand came back';
    const v = await as.procurement.post('/api/vendors', { legalName: 'Quoting, "Commas" & Co', notes });
    const r = await as.auditor.get(`/api/audit/export.csv?entityId=${v.body.id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="steward-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parseCsv(r.text);
    expect(rows[0]).toEqual(CSV_HEADER);
    expect(rows).toHaveLength(2);
    const entry = Object.fromEntries(CSV_HEADER.map((k, i) => [k, rows[1][i]]));
    expect(entry).toMatchObject({
      action: 'vendor.create',
      entityType: 'vendor',
      entityId: v.body.id,
      actorEmail: w.users.procurement.email,
      actorRole: 'procurement',
    });
    expect(JSON.parse(entry.after)).toMatchObject({ legalName: 'Quoting, "Commas" & Co', notes });
    const exports = await auditRows(w.db, { action: 'audit.export', requestId: r.headers.get('x-request-id') as string });
    expect(exports).toHaveLength(1);
    expect(exports[0]).toMatchObject({ actor_id: w.users.auditor.id });
    expect(exports[0].after).toEqual({ filter: { entityId: v.body.id } });
  });

  it('neutralises cells that a spreadsheet would run as a formula', async () => {
    await w.db
      .transaction()
      .execute((tx) =>
        appendAudit(
          tx,
          { actor: null, requestId: '-request' },
          { action: 'test.formula', entityType: '@entity', entityId: '=HYPERLINK("http://evil.example")', after: '+1+2' },
        ),
      );
    const r = await as.auditor.get('/api/audit/export.csv?action=test.formula');
    const rows = parseCsv(r.text);
    expect(rows).toHaveLength(2);
    const entry = Object.fromEntries(CSV_HEADER.map((k, i) => [k, rows[1][i]]));
    expect(entry.entityId).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(entry.entityType).toBe("'@entity");
    expect(entry.requestId).toBe("'-request");
    expect(entry.after).toBe("'+1+2");
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it('exports every entry when there is no filter, oldest first, including the export itself', async () => {
    const count = (await auditRows(w.db)).length;
    const r = await as.auditor.get('/api/audit/export.csv');
    const rows = parseCsv(r.text).slice(1);
    expect(rows).toHaveLength(count + 1);
    const seqs = rows.map((x) => Number(x[0]));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(rows[rows.length - 1][6]).toBe('audit.export');
  });
});

describe('verification', () => {
  it('verifies the chain and logs the check', async () => {
    const r = await as.auditor.get('/api/audit/verify');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, checked: expect.any(Number), problem: null });
    // every entry before the check itself
    expect(r.body.checked).toBe((await auditRows(w.db)).length - 1);
    expect(await auditRows(w.db, { action: 'audit.verify', requestId: r.headers.get('x-request-id') as string })).toHaveLength(1);
  });
});
