/**
 * Cost and usage over HTTP against a real database: imports (FOCUS, gzip, bad rows, bad files,
 * duplicates, concurrency), pushes with idempotency, the catalog's request-and-approve flow that
 * resolves unmatched usage, the dashboard figures, and who may do what.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../core/dates.js';
import { type Client, type World, auditRows, createWorld, expectError } from '../../test/harness.js';
import type { ContractDto } from '../contracts/contracts.schema.js';

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['admin', 'procurement', 'buyerA', 'buyerB', 'itA', 'auditor', 'vendorOne', 'vendorTwo'];

let w: World;
const as = {} as Record<UserKey, Client>;
let cA: ContractDto;
let cAr: ContractDto;
let cB: ContractDto;
const today = todayUtc();

const HEADER =
  'ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,BillingAccountId,SubAccountId,ServiceName,SkuId,ResourceId,ChargeCategory,ConsumedQuantity,ConsumedUnit,PricingQuantity,PricingUnit,Tags';

interface Row {
  day: string;
  cost: string;
  currency?: string;
  account?: string;
  sub?: string;
  service?: string;
  sku?: string;
  resource?: string;
  qty?: string;
  unit?: string;
  tags?: Record<string, string>;
}
const csvRow = (r: Row) =>
  [
    `${r.day}T00:00:00Z`,
    `${addDays(r.day, 1)}T00:00:00Z`,
    r.cost,
    r.cost,
    r.currency ?? 'USD',
    r.account ?? 'acct-1',
    r.sub ?? 'sub-chat',
    r.service ?? 'Chat completions',
    r.sku ?? 'chat-large',
    r.resource ?? 'res-1',
    'Usage',
    r.qty ?? '1000000',
    r.unit ?? 'Tokens',
    r.qty ?? '1000000',
    r.unit ?? 'Tokens',
    `"${JSON.stringify(r.tags ?? {}).replace(/"/g, '""')}"`,
  ].join(',');
const focusCsv = (rows: Row[]) => `${HEADER}\n${rows.map(csvRow).join('\n')}\n`;

function importCsv(c: Client, contractId: string, body: string | Uint8Array, query = 'filename=usage.csv', type = 'text/csv') {
  return c.request('POST', `/api/contracts/${contractId}/usage/imports?${query}`, {
    body: body as never,
    headers: { 'content-type': type },
  });
}

const count = async (contractId: string) =>
  Number(
    (
      await w.db
        .selectFrom('usage_records')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('contract_id', '=', contractId)
        .executeTakeFirstOrThrow()
    ).n,
  );

const findings = (contractId: string, ruleId: string) =>
  w.db
    .selectFrom('findings')
    .select(['subject', 'state', 'title'])
    .where('contract_id', '=', contractId)
    .where('rule_id', '=', ruleId)
    .execute();

beforeAll(async () => {
  w = await createWorld({ usageImportLimitBytes: 200_000 });
  const clients = await Promise.all(USERS.map((u) => w.as(u)));
  USERS.forEach((u, i) => {
    as[u] = clients[i];
  });
  const base = {
    vendorId: w.vendor.one,
    startDate: addDays(today, -120),
    endDate: addDays(today, 240),
    pricingModel: 'usage_based' as const,
  };
  cA = await w.contract({
    ...base,
    departmentId: w.dept.a,
    reference: 'U-A-1',
    title: 'Resident chatbot',
    ceiling: '100000.00',
    value: '100000.00',
  });
  cAr = await w.contract({ ...base, departmentId: w.dept.a, reference: 'U-A-R', restricted: true, title: 'Fraud scoring' });
  cB = await w.contract({ ...base, departmentId: w.dept.b, vendorId: w.vendor.two, reference: 'U-B-1', title: 'Translation' });
});

describe('catalog and imports', () => {
  let chatServiceId: string;

  it('procurement adds a catalog entry at once; a buyer’s entry waits as a request', async () => {
    const r = await as.procurement.post(`/api/contracts/${cA.id}/usage/services`, {
      name: 'Chat model (production)',
      environment: 'production',
      budget: '50000',
      identifiers: { serviceName: 'Chat completions', billingAccountId: 'acct-1' },
      rates: [{ label: 'per million tokens', unit: 'Tokens', per: 1_000_000, price: '10.00' }],
    });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ status: 'approved', budget: '50000.00', decidedBy: { id: w.users.procurement.id } });
    chatServiceId = r.body.id;
    const req = await as.buyerA.post(`/api/contracts/${cA.id}/usage/services`, {
      name: 'Sandbox',
      environment: 'sandbox',
      identifiers: { subAccountId: 'sub-sandbox' },
    });
    expect(req.status, req.text).toBe(201);
    expect(req.body.status).toBe('requested');
    const bad = await as.buyerA.post(`/api/contracts/${cA.id}/usage/services`, { name: 'Nothing', environment: 'pilot', identifiers: {} });
    expect(expectError(bad, 400, 'validation_failed').fields?.identifiers).toMatch(/at least one/);
    expectError(
      await as.buyerB.post(`/api/contracts/${cA.id}/usage/services`, { name: 'x', environment: 'pilot', identifiers: { skuId: 'x' } }),
      403,
    );
    expectError(await as.vendorOne.get(`/api/contracts/${cA.id}/usage/services`), 403);
  });

  it('imports a FOCUS file: rows matched to the catalog, unmatched usage kept and reported, rollups and a finding', async () => {
    const rows: Row[] = [];
    for (let i = 30; i >= 1; i--) rows.push({ day: addDays(today, -i), cost: '100.00' });
    rows.push({
      day: addDays(today, -3),
      cost: '42.50',
      service: 'Image generation',
      sku: 'img-hd',
      sub: 'sub-marketing',
      resource: 'res-img',
    });
    const r = await importCsv(as.itA, cA.id, focusCsv(rows), 'filename=september.csv');
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ rowsRead: 31, rowsImported: 31, rowsRejected: 0, rowsUnmatched: 1, billedCost: { USD: '3042.50' } });
    expect(await count(cA.id)).toBe(31);

    const s = await as.buyerA.get(`/api/contracts/${cA.id}/usage`);
    expect(s.status, s.text).toBe(200);
    expect(s.body).toMatchObject({
      currency: 'USD',
      spentToDate: '3042.50',
      ceiling: '100000.00',
      ceilingLabel: 'ceiling',
      unmatched: { open: 1, cost: '42.50' },
    });
    expect(s.body.daily).toHaveLength(30);
    expect(s.body.daily.at(-1).cumulative).toBe('3042.50');
    const chat = s.body.byService.find((x: { serviceId: string }) => x.serviceId === chatServiceId);
    expect(chat).toMatchObject({ cost: '3000.00', rows: 30, quantities: [{ unit: 'Tokens', quantity: '30000000' }] });
    expect(s.body.byService.find((x: { serviceId: string | null }) => x.serviceId === null)).toMatchObject({
      name: 'Not in the catalog',
      cost: '42.50',
    });
    expect(Number(s.body.forecast.burnRatePerDay)).toBeGreaterThan(90);
    expect(s.body.projection.at(-1).day).toBe(cA.endDate);

    const ex = await as.buyerA.get(`/api/contracts/${cA.id}/usage/exceptions`);
    expect(ex.body.items).toHaveLength(1);
    expect(ex.body.items[0]).toMatchObject({
      kind: 'unmatched',
      serviceName: 'Image generation',
      subAccountId: 'sub-marketing',
      billedCost: { USD: '42.50' },
    });
    const f = await findings(cA.id, 'usage.unmatched');
    expect(f.filter((x) => x.state !== 'resolved')).toHaveLength(1);
    const audit = await auditRows(w.db, { action: 'usage.import' });
    expect(audit.at(-1)?.after).toMatchObject({ filename: 'september.csv', rowsImported: 31 });
  });

  it('recognises the same file imported again and counts nothing twice (also gzip-compressed)', async () => {
    const rows: Row[] = [];
    for (let i = 30; i >= 1; i--) rows.push({ day: addDays(today, -i), cost: '100.00' });
    rows.push({
      day: addDays(today, -3),
      cost: '42.50',
      service: 'Image generation',
      sku: 'img-hd',
      sub: 'sub-marketing',
      resource: 'res-img',
    });
    const again = await importCsv(as.itA, cA.id, focusCsv(rows), 'filename=september-copy.csv');
    expect(expectError(again, 409).message).toMatch(/already imported .* "september.csv"/);
    const gz = await importCsv(as.itA, cA.id, gzipSync(focusCsv(rows)), 'filename=september.csv.gz', 'application/gzip');
    expectError(gz, 409);
    expect(await count(cA.id)).toBe(31);
  });

  it('refuses a file with bad rows whole, naming rows and columns; with skipBadRows imports the rest', async () => {
    const text = focusCsv([
      { day: addDays(today, -2), cost: '5.00', sku: 'chat-small' },
      { day: addDays(today, -2), cost: '5.00', currency: 'EUR', sku: 'chat-small' },
      { day: addDays(today, -2), cost: '5.00', qty: '-3', sku: 'chat-small' },
      { day: addDays(today, -2), cost: 'five', sku: 'chat-small' },
    ]);
    const before = await count(cA.id);
    const r = await importCsv(as.itA, cA.id, text, 'filename=bad.csv');
    const e = expectError(r, 422);
    expect(e.message).toMatch(/3 of 4 rows could not be read, so nothing was imported/);
    expect(r.body.error.details).toMatchObject({ rowsRead: 4, rowsRejected: 3 });
    const rejected = r.body.error.details.rejections as { row: number; column: string | null; reason: string }[];
    expect(rejected.map((x) => x.row)).toEqual([3, 4, 5]);
    expect(rejected[0]).toMatchObject({ column: 'BillingCurrency' });
    expect(rejected[1]).toMatchObject({ column: 'ConsumedQuantity' });
    expect(rejected[2]).toMatchObject({ column: 'BilledCost' });
    expect(await count(cA.id)).toBe(before);
    const skip = await importCsv(as.itA, cA.id, text, 'filename=bad.csv&skipBadRows=true');
    expect(skip.status, skip.text).toBe(201);
    expect(skip.body).toMatchObject({ rowsRead: 4, rowsImported: 1, rowsRejected: 3 });
    expect(skip.body.rejections.map((x: { row: number }) => x.row)).toEqual([3, 4, 5]);
    expect(await count(cA.id)).toBe(before + 1);
  });

  it('refuses what is not a usage file: binary, not UTF-8 CSV, an empty file, a gzip bomb, a file over the limit, a wrong type', async () => {
    const before = await count(cA.id);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, ...Array(200).fill(0)]);
    expect(expectError(await importCsv(as.itA, cA.id, png, 'filename=chart.png', 'application/octet-stream'), 422).message).toMatch(
      /not|CSV|text/i,
    );
    expectError(await importCsv(as.itA, cA.id, 'Name,Amount\nfoo,1\n', 'filename=other.csv'), 422);
    expectError(await importCsv(as.itA, cA.id, '', 'filename=empty.csv'), 422);
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 'a'));
    const b = await importCsv(as.itA, cA.id, bomb, 'filename=bomb.csv.gz', 'application/gzip');
    expect(b.status, b.text).toBe(413);
    const big = `${HEADER}\n${csvRow({ day: addDays(today, -1), cost: '1.00' })}\n`.repeat(1).padEnd(250_000, '\n');
    expect((await importCsv(as.itA, cA.id, big, 'filename=big.csv')).status).toBe(413);
    expectError(await importCsv(as.itA, cA.id, 'x', 'filename=a.txt', 'text/plain'), 415);
    expect(await count(cA.id)).toBe(before);
  });

  it('refuses a declared 2 GB upload before reading it', async () => {
    const r = await as.itA.request('POST', `/api/contracts/${cA.id}/usage/imports?filename=huge.csv`, {
      body: 'x',
      headers: { 'content-type': 'text/csv', 'content-length': String(2 * 1024 ** 3) },
    });
    expect(expectError(r, 413).message).toMatch(/larger than the limit/);
  });

  it('imports a CSV that is not FOCUS through a saved column mapping', async () => {
    const c = await w.contract({ vendorId: w.vendor.one, departmentId: w.dept.a, reference: 'U-MAP', pricingModel: 'usage_based' });
    const bad = await as.itA.request('PUT', `/api/contracts/${c.id}/usage/mappings`, {
      json: { name: 'Gateway export', mapping: { columns: { serviceName: 'model' } } },
    });
    expect(Object.keys(expectError(bad, 400).fields ?? {}).join(' ')).toMatch(/chargePeriodStart|billedCost/);
    const saved = await as.itA.request('PUT', `/api/contracts/${c.id}/usage/mappings`, {
      json: {
        name: 'Gateway export',
        mapping: {
          columns: { chargePeriodStart: 'date', billedCost: 'cost_usd', serviceName: 'model', consumedQuantity: 'tokens' },
          dateFormat: 'mdy',
          fixed: { consumedUnit: 'Tokens', billingAccountId: 'gateway' },
        },
      },
    });
    expect(saved.status, saved.text).toBe(200);
    const text = 'date,model,tokens,cost_usd\n5/1/26,large-chat,1200000,12.00\n5/2/26,large-chat,800000,8.00\n';
    const r = await importCsv(as.itA, c.id, text, 'filename=gateway-may.csv&mapping=Gateway%20export');
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ source: 'csv', rowsImported: 2, billedCost: { USD: '20.00' }, periodStart: '2026-05-01T00:00:00Z' });
    const rec = await w.db
      .selectFrom('usage_records')
      .select(['day', 'service_name', 'consumed_unit', 'billing_account_id'])
      .where('contract_id', '=', c.id)
      .orderBy('day')
      .execute();
    expect(rec).toEqual([
      { day: '2026-05-01', service_name: 'large-chat', consumed_unit: 'Tokens', billing_account_id: 'gateway' },
      { day: '2026-05-02', service_name: 'large-chat', consumed_unit: 'Tokens', billing_account_id: 'gateway' },
    ]);
    const unknown = await importCsv(as.itA, c.id, text, 'filename=x.csv&mapping=Nope');
    expect(expectError(unknown, 400).fields?.mapping).toBeTruthy();
  });

  it('imports every FOCUS example file that is billed in the contract currency', async () => {
    const fixture = readFileSync(new URL('../../../../shared/fixtures/focus/saas_spend_agreements_a1.csv', import.meta.url));
    const c = await w.contract({ vendorId: w.vendor.one, departmentId: w.dept.a, reference: 'U-FIX', pricingModel: 'usage_based' });
    const r = await importCsv(as.procurement, c.id, fixture, 'filename=saas_spend_agreements_a1.csv');
    expect(r.status, r.text).toBe(201);
    expect(r.body.rowsRead).toBe(r.body.rowsImported);
    expect(r.body.focusVersion).not.toBeNull();
  });
});

describe('who may see and import usage', () => {
  it('keeps usage within the department, hides restricted contracts, and lets vendors push only to their own contracts', async () => {
    expect((await as.auditor.get(`/api/contracts/${cA.id}/usage`)).status).toBe(200);
    expect((await as.procurement.get(`/api/contracts/${cB.id}/usage`)).status).toBe(200);
    expectError(await as.buyerB.get(`/api/contracts/${cA.id}/usage`), 403);
    expectError(await as.buyerB.get(`/api/contracts/${cAr.id}/usage`), 404);
    expectError(await as.vendorTwo.get(`/api/contracts/${cA.id}/usage`), 404);
    expectError(await as.vendorOne.get(`/api/contracts/${cA.id}/usage`), 403);
    expectError(await as.admin.get(`/api/contracts/${cA.id}/usage`), 404);
    const file = focusCsv([{ day: addDays(today, -1), cost: '1.00' }]);
    expectError(await importCsv(as.buyerB, cA.id, file), 403);
    expectError(await importCsv(as.auditor, cA.id, file), 403);
    expectError(await importCsv(as.vendorOne, cA.id, file), 403);
    const push = {
      records: [
        {
          ChargePeriodStart: `${addDays(today, -1)}T00:00:00Z`,
          ChargePeriodEnd: `${today}T00:00:00Z`,
          BilledCost: '2.00',
          BillingCurrency: 'USD',
          ServiceName: 'Chat completions',
          BillingAccountId: 'acct-1',
        },
      ],
    };
    expectError(await as.vendorTwo.post(`/api/contracts/${cA.id}/usage/records`, push), 404);
    expectError(await as.vendorTwo.post(`/api/contracts/${cAr.id}/usage/records`, push), 404);
    expectError(await as.buyerA.post(`/api/contracts/${cA.id}/usage/records`, push), 403);
    const portfolioB = await as.buyerB.get('/api/usage/portfolio');
    expect(portfolioB.body.items.map((x: { contractId: string }) => x.contractId)).not.toContain(cA.id);
    const portfolioP = await as.procurement.get('/api/usage/portfolio');
    expect(portfolioP.body.items.find((x: { contractId: string }) => x.contractId === cA.id)).toMatchObject({ reference: 'U-A-1' });
  });

  it('a vendor pushes usage to its own contract; a retried batch with the same key counts once, another body under it is refused', async () => {
    const push = {
      records: [
        {
          ChargePeriodStart: `${addDays(today, -1)}T00:00:00Z`,
          ChargePeriodEnd: `${today}T00:00:00Z`,
          BilledCost: '2.00',
          BillingCurrency: 'USD',
          ServiceName: 'Chat completions',
          BillingAccountId: 'acct-1',
          ConsumedQuantity: '200000',
          ConsumedUnit: 'Tokens',
          Tags: { department: 'Libraries' },
        },
      ],
    };
    const before = await count(cA.id);
    const headers = { 'idempotency-key': 'gateway-batch-0001' };
    const first = await as.vendorOne.post(`/api/contracts/${cA.id}/usage/records`, push, headers);
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ source: 'api', rowsImported: 1, rowsUnmatched: 0 });
    const retry = await as.vendorOne.post(`/api/contracts/${cA.id}/usage/records`, push, headers);
    expect(retry.status).toBe(201);
    expect(retry.body.importId).toBe(first.body.importId);
    expect(await count(cA.id)).toBe(before + 1);
    const other = await as.vendorOne.post(
      `/api/contracts/${cA.id}/usage/records`,
      { records: [{ ...push.records[0], BilledCost: '3.00' }] },
      headers,
    );
    expectError(other, 422);
    const s = await as.buyerA.get(`/api/contracts/${cA.id}/usage`);
    expect(s.body.byDepartment.map((d: { department: string }) => d.department)).toContain('Libraries');
    const bad = await as.vendorOne.post(`/api/contracts/${cA.id}/usage/records`, {
      records: [{ ...push.records[0], BilledCost: '-', ChargePeriodStart: 'yesterday' }],
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toMatch(/"row":2/);
    expectError(await as.vendorOne.post(`/api/contracts/${cA.id}/usage/records`, { records: [] }), 400);
  });
});

describe('approving unmatched usage into the catalog', () => {
  it('a buyer asks for the unmatched service; procurement approves; the usage moves to it and the finding resolves', async () => {
    const ex = (await as.buyerA.get(`/api/contracts/${cA.id}/usage/exceptions`)).body.items[0];
    const raised = await as.buyerA.post(`/api/usage/exceptions/${ex.id}/raise`, {
      note: 'Asked the marketing team who started image generation.',
    });
    expect(raised.status, raised.text).toBe(200);
    expect(raised.body.status).toBe('raised');
    const req = await as.buyerA.post(`/api/contracts/${cA.id}/usage/services`, {
      name: 'Image generation (marketing pilot)',
      environment: 'pilot',
      identifiers: { serviceName: ex.serviceName, subAccountId: ex.subAccountId },
      fromExceptionId: ex.id,
    });
    expect(req.status, req.text).toBe(201);
    expect(req.body.status).toBe('requested');
    expect((await findings(cA.id, 'usage.unmatched')).filter((x) => x.state !== 'resolved')).toHaveLength(1);
    expectError(
      await as.buyerA.post(`/api/usage/services/${req.body.id}/decision`, { version: req.body.version, decision: 'approved' }),
      403,
    );
    const noReason = await as.procurement.post(`/api/usage/services/${req.body.id}/decision`, {
      version: req.body.version,
      decision: 'rejected',
    });
    expectError(noReason, 400);
    const ok = await as.procurement.post(`/api/usage/services/${req.body.id}/decision`, {
      version: req.body.version,
      decision: 'approved',
      note: 'Pilot agreed.',
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.status).toBe('approved');
    const s = await as.buyerA.get(`/api/contracts/${cA.id}/usage`);
    expect(s.body.unmatched).toEqual({ open: 0, cost: '0.00' });
    expect(s.body.byService.find((x: { serviceId: string }) => x.serviceId === req.body.id)).toMatchObject({ cost: '42.50', rows: 1 });
    expect(s.body.byService.some((x: { serviceId: string | null }) => x.serviceId === null)).toBe(false);
    const exAfter = await as.buyerA.get(`/api/contracts/${cA.id}/usage/exceptions?all=true`);
    expect(exAfter.body.items.find((x: { id: string }) => x.id === ex.id).status).toBe('resolved');
    expect((await findings(cA.id, 'usage.unmatched')).every((x) => x.state === 'resolved')).toBe(true);
    expectError(
      await as.procurement.post(`/api/usage/services/${req.body.id}/decision`, { version: ok.body.version, decision: 'approved' }),
      409,
    );
    expectError(
      await as.procurement.post(`/api/usage/services/${req.body.id}/decision`, { version: 1, decision: 'rejected', note: 'x' }),
      412,
    );
  });

  it('settings: thresholds are validated, versioned and audited', async () => {
    const s0 = await as.buyerA.get(`/api/contracts/${cA.id}/usage/settings`);
    expect(s0.body).toMatchObject({ version: 0, thresholds: { forecastPercent: 75, tmNoticePercent: 85, ceilingPercent: 100 } });
    const bad = await as.buyerA.request('PUT', `/api/contracts/${cA.id}/usage/settings`, {
      json: { thresholds: { forecastPercent: -5, bogus: 1 } },
    });
    const e = expectError(bad, 400);
    expect(Object.keys(e.fields ?? {})).toEqual(expect.arrayContaining(['thresholds.forecastPercent', 'thresholds.bogus']));
    const ok = await as.buyerA.request('PUT', `/api/contracts/${cA.id}/usage/settings`, {
      json: { thresholds: { forecastPercent: 60 }, allottedFunds: '40000' },
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ version: 1, allottedFunds: '40000.00', overrides: { forecastPercent: 60 } });
    expectError(
      await as.buyerA.request('PUT', `/api/contracts/${cA.id}/usage/settings`, { json: { thresholds: { forecastPercent: 70 } } }),
      428,
    );
    expectError(
      await as.buyerA.request('PUT', `/api/contracts/${cA.id}/usage/settings`, {
        json: { version: 7, thresholds: { forecastPercent: 70 } },
      }),
      412,
    );
    expectError(await as.buyerB.request('PUT', `/api/contracts/${cA.id}/usage/settings`, { json: { version: 1 } }), 403);
    const summary = await as.buyerA.get(`/api/contracts/${cA.id}/usage`);
    expect(summary.body).toMatchObject({ ceiling: '40000.00', ceilingLabel: 'allotted funds' });
  });
});

describe('who may run a catalogued service', () => {
  it('usage of a catalogued service by an account its rule does not allow is reported; allowing the account resolves it', async () => {
    const c = await w.contract({ vendorId: w.vendor.one, departmentId: w.dept.a, reference: 'U-PROV', pricingModel: 'usage_based' });
    const svc = await as.procurement.post(`/api/contracts/${c.id}/usage/services`, {
      name: 'Speech to text',
      environment: 'production',
      identifiers: { serviceName: 'Speech' },
      provisionerRule: { subAccountIds: ['sub-health'] },
    });
    expect(svc.status, svc.text).toBe(201);
    const file = focusCsv([
      { day: addDays(today, -3), cost: '10.00', service: 'Speech', sub: 'sub-health' },
      { day: addDays(today, -2), cost: '25.00', service: 'Speech', sub: 'sub-rogue', resource: 'res-9' },
    ]);
    const r = await importCsv(as.procurement, c.id, file, 'filename=speech.csv');
    expect(r.status, r.text).toBe(201);
    expect(r.body.rowsUnmatched).toBe(0);
    const ex = await as.procurement.get(`/api/contracts/${c.id}/usage/exceptions`);
    expect(ex.body.items).toHaveLength(1);
    expect(ex.body.items[0]).toMatchObject({
      kind: 'not_allowed',
      subAccountId: 'sub-rogue',
      service: { id: svc.body.id },
      billedCost: { USD: '25.00' },
    });
    expect((await findings(c.id, 'usage.not_allowed')).filter((f) => f.state !== 'resolved')).toHaveLength(1);
    // The buyer cannot widen an approved entry; procurement can, and the stored usage is checked again.
    expectError(
      await as.buyerA.patch(`/api/usage/services/${svc.body.id}`, {
        version: svc.body.version,
        provisionerRule: { subAccountIds: ['sub-health', 'sub-rogue'] },
      }),
      403,
    );
    const up = await as.procurement.patch(`/api/usage/services/${svc.body.id}`, {
      version: svc.body.version,
      provisionerRule: { subAccountIds: ['sub-health', 'sub-rogue'] },
    });
    expect(up.status, up.text).toBe(200);
    expect((await as.procurement.get(`/api/contracts/${c.id}/usage/exceptions`)).body.items).toHaveLength(0);
    expect((await findings(c.id, 'usage.not_allowed')).every((f) => f.state === 'resolved')).toBe(true);
    // Rejecting the entry takes its usage out of the catalog: it is unmatched again, and the rollups follow.
    const rej = await as.procurement.post(`/api/usage/services/${svc.body.id}/decision`, {
      version: up.body.version,
      decision: 'rejected',
      note: 'Service withdrawn.',
    });
    expect(rej.status, rej.text).toBe(200);
    const s = await as.procurement.get(`/api/contracts/${c.id}/usage`);
    expect(s.body.byService).toEqual([expect.objectContaining({ serviceId: null, cost: '35.00', rows: 2 })]);
    expect(s.body.unmatched.open).toBe(2);
  });
});

describe('concurrency', () => {
  it('two imports of the same new file at once: exactly one lands, the other is told it is a duplicate', async () => {
    const text = focusCsv([{ day: addDays(today, -5), cost: '7.00', sku: 'race' }]);
    const before = await count(cA.id);
    const [a, b] = await Promise.all([
      importCsv(as.itA, cA.id, text, 'filename=race-a.csv'),
      importCsv(as.procurement, cA.id, text, 'filename=race-b.csv'),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await count(cA.id)).toBe(before + 1);
  });
});

describe('the dashboard tables', () => {
  it('agree with the daily rollups and the raw rows after every import, push, re-match and rejection above', async () => {
    const { sql } = await import('kysely');
    const days = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (
        SELECT contract_id, day, sum(rows)::int AS rows, sum(contract_cost) AS cost FROM usage_daily GROUP BY contract_id, day
      ) d FULL JOIN usage_contract_days x USING (contract_id, day)
      WHERE d.rows IS DISTINCT FROM x.rows OR d.cost IS DISTINCT FROM x.contract_cost`.execute(w.db);
    expect(days.rows[0].n).toBe(0);
    const totals = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (
        SELECT contract_id, coalesce(service_id::text, '') AS s, department, sum(rows)::int AS rows, sum(contract_cost) AS cost
        FROM usage_daily GROUP BY 1, 2, 3
      ) d FULL JOIN (SELECT contract_id, coalesce(service_id::text, '') AS s, department, rows, contract_cost FROM usage_contract_totals) x
        USING (contract_id, s, department)
      WHERE d.rows IS DISTINCT FROM x.rows OR d.cost IS DISTINCT FROM x.contract_cost`.execute(w.db);
    expect(totals.rows[0].n).toBe(0);
    const raw = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (
        SELECT contract_id, day, coalesce(service_id::text, '') AS s, department, count(*)::int AS rows, sum(billed_cost) AS cost
        FROM usage_records GROUP BY 1, 2, 3, 4
      ) r FULL JOIN (SELECT contract_id, day, coalesce(service_id::text, '') AS s, department, rows, contract_cost FROM usage_daily) d
        USING (contract_id, day, s, department)
      WHERE r.rows IS DISTINCT FROM d.rows OR r.cost IS DISTINCT FROM d.contract_cost`.execute(w.db);
    expect(raw.rows[0].n).toBe(0);
  });
});

describe('the role × department matrix for every usage read and write', () => {
  const reads = ['usage', 'usage/imports', 'usage/services', 'usage/settings', 'usage/mappings', 'usage/exceptions'];
  // open A, restricted A, B — for each role.
  const expected: Record<string, [number, number, number]> = {
    admin: [404, 404, 404],
    procurement: [200, 200, 200],
    buyerA: [200, 200, 403],
    buyerB: [403, 404, 200],
    itA: [200, 200, 403],
    auditor: [200, 200, 200],
    vendorOne: [403, 403, 404],
    vendorTwo: [404, 404, 403],
  };
  for (const [user, codes] of Object.entries(expected))
    it(`reads as ${user}: open A ${codes[0]}, restricted A ${codes[1]}, B ${codes[2]}`, async () => {
      const c = as[user as UserKey];
      for (const path of reads) {
        const got = [];
        for (const contract of [cA, cAr, cB]) got.push((await c.get(`/api/contracts/${contract.id}/${path}`)).status);
        expect(got, path).toEqual(codes);
      }
    });

  it('writes: settings, mappings and catalog requests only within the department; imports refused to read-only roles', async () => {
    const settings = { thresholds: { spikeSigma: 4 } };
    expectError(await as.buyerA.request('PUT', `/api/contracts/${cB.id}/usage/settings`, { json: settings }), 403);
    expectError(await as.vendorOne.request('PUT', `/api/contracts/${cA.id}/usage/settings`, { json: settings }), 403);
    expectError(await as.auditor.request('PUT', `/api/contracts/${cA.id}/usage/settings`, { json: settings }), 403);
    expectError(await as.buyerB.request('PUT', `/api/contracts/${cAr.id}/usage/settings`, { json: settings }), 404);
    const mapping = { name: 'm', mapping: { columns: { chargePeriodStart: 'd', billedCost: 'c' } } };
    expectError(await as.buyerB.request('PUT', `/api/contracts/${cA.id}/usage/mappings`, { json: mapping }), 403);
    expectError(await as.auditor.request('PUT', `/api/contracts/${cA.id}/usage/mappings`, { json: mapping }), 403);
    const ex = (await as.procurement.get(`/api/contracts/${cA.id}/usage/exceptions?all=true`)).body.items[0];
    if (ex) {
      expectError(await as.buyerB.post(`/api/usage/exceptions/${ex.id}/raise`, { note: 'x' }), 403);
      expectError(await as.vendorTwo.post(`/api/usage/exceptions/${ex.id}/raise`, { note: 'x' }), 404);
    }
    expectError(await as.buyerA.post('/api/usage/exceptions/00000000-0000-4000-8000-000000000000/raise', { note: 'x' }), 404);
    expectError(await as.buyerA.patch('/api/usage/services/00000000-0000-4000-8000-000000000000', { version: 1, name: 'x' }), 404);
    expectError(await as.buyerA.request('PUT', `/api/contracts/${cA.id}/usage/settings`, { json: { thresholds: 'high' } }), 400);
    expectError(
      await as.buyerA.post(`/api/contracts/${cA.id}/usage/services`, { name: 'x', environment: 'moon', identifiers: { skuId: 'x' } }),
      400,
    );
    expectError(await as.admin.get('/api/usage/portfolio'), 403);
  });
});
