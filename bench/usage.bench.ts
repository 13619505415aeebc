/**
 * Usage import and dashboard benchmark.
 *
 *   npm run bench:usage                              (1,000,000 rows, then 10,000,000 for the dashboard)
 *   BENCH_ROWS=200000 BENCH_DASHBOARD_ROWS=2000000 npm run bench:usage
 *
 * 1. Generates a FOCUS 1.2 file of BENCH_ROWS rows, imports it with Steward's importer (in a child
 *    process, so its peak memory can be read on its own), and in the same run loads the same file
 *    with a plain `COPY … FROM STDIN (FORMAT csv)` into an unindexed table of the same database.
 *    Prints both times, the ratio (aim: Steward at most 2× the plain COPY) and the importer's
 *    peak resident memory (aim: well under 500 MB: it streams).
 * 2. Imports more files until the contract holds BENCH_DASHBOARD_ROWS rows, then requests the
 *    contract's usage dashboard (GET /api/contracts/{id}/usage) over HTTP and prints p50 and p99
 *    (aim: under 100 ms).
 *
 * Machines are noisy: the ratio to the plain COPY measured in the same run is the figure to watch.
 */
import { fork } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createApp } from '../src/app.js';
import { addDays } from '../src/core/dates.js';
import { type Db, createDb, migrateToLatest } from '../src/db/database.js';
import { type EmbeddedHandle, startEmbedded } from '../src/db/embedded.js';
import { ContractCreate } from '../src/features/contracts/contracts.schema.js';
import { createContract } from '../src/features/contracts/contracts.service.js';
import { createDepartment } from '../src/features/departments/departments.service.js';
import { importFile } from '../src/features/usage/usage.import.js';
import { createService } from '../src/features/usage/usage.service.js';
import { createUser } from '../src/features/users/users.service.js';
import { createVendor } from '../src/features/vendors/vendors.service.js';
import { loadConfig } from '../src/platform/config.js';
import { type ServiceContext, systemActor } from '../src/platform/context.js';
import { createLogger } from '../src/platform/logger.js';
import '../src/features/frames.js';
import { USAGE_GEN_CATALOG, USAGE_GEN_COLUMNS, generateUsageFile } from './usage-gen.js';

const IMPORT_FLAG = '--bench-import';
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const DASHBOARD_ROWS = Number(process.env.BENCH_DASHBOARD_ROWS ?? 10_000_000);
const DASHBOARD_REQUESTS = Number(process.env.BENCH_DASHBOARD_REQUESTS ?? 200);
const PASSWORD = 'horse-battery-staple-47';
const say = (m: string) => process.stderr.write(`${m}\n`);
const fmt = (n: number) => n.toLocaleString('en-US');
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// ---------------------------------------------------------------------------------------------
// Child: one import, reporting its time and peak memory.
// ---------------------------------------------------------------------------------------------
async function childImport(): Promise<void> {
  const [url, contractId, file] = process.argv.slice(3);
  const db = createDb(url, 2);
  const ctx: ServiceContext = { db, actor: systemActor(), requestId: 'bench', log: createLogger('silent') };
  const t0 = performance.now();
  const s = await importFile(ctx, contractId, createReadStream(file, { highWaterMark: 1 << 20 }), {
    filename: path.basename(file),
    maxBytes: 4 * 1024 ** 3,
  });
  const ms = performance.now() - t0;
  await db.destroy();
  process.send?.({ ms, rows: s.rowsImported, maxRssMb: process.resourceUsage().maxRSS / 1024 });
}

function importInChild(url: string, contractId: string, file: string): Promise<{ ms: number; rows: number; maxRssMb: number }> {
  return new Promise((resolve, reject) => {
    const c = fork(fileURLToPath(import.meta.url), [IMPORT_FLAG, url, contractId, file], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let got: { ms: number; rows: number; maxRssMb: number } | null = null;
    c.on('message', (m) => {
      got = m as typeof got;
    });
    c.on('exit', (code) => (got ? resolve(got) : reject(new Error(`the import process ended with code ${code}`))));
  });
}

// ---------------------------------------------------------------------------------------------
// Parent
// ---------------------------------------------------------------------------------------------
async function plainCopy(url: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS bench_focus_copy');
    await client.query(`CREATE TABLE bench_focus_copy (${USAGE_GEN_COLUMNS.map((c) => `"${c}" text`).join(', ')})`);
    const t0 = performance.now();
    await pipeline(
      createReadStream(file, { highWaterMark: 1 << 20 }),
      client.query(copyFrom('COPY bench_focus_copy FROM STDIN (FORMAT csv, HEADER true)')),
    );
    const ms = performance.now() - t0;
    await client.query('DROP TABLE bench_focus_copy');
    return ms;
  } finally {
    await client.end();
  }
}

async function setUp(db: Db) {
  const ctx: ServiceContext = { db, actor: systemActor(), requestId: 'bench', log: createLogger('silent') };
  const dept = await createDepartment(ctx, { name: 'Information technology', code: 'IT' });
  const vendor = await createVendor(ctx, { legalName: 'Bench Cloud Ltd', identifiers: [], address: {}, contacts: [], notes: '' });
  const contract = await createContract(
    ctx,
    ContractCreate.parse({
      reference: 'BENCH-USAGE-1',
      title: 'AI platform services (usage-based)',
      vendorId: vendor.id,
      departmentId: dept.id,
      type: 'service_access',
      pricingModel: 'usage_based',
      currency: 'USD',
      value: '90000000.00',
      ceiling: '100000000.00',
      startDate: '2020-01-01',
      endDate: '2035-12-31',
      riskTier: 'medium',
      rulePack: 'us-far',
      status: 'active',
    }),
  );
  for (const e of USAGE_GEN_CATALOG)
    await createService(ctx, contract.id, {
      name: e.key,
      environment: 'production',
      purpose: '',
      budget: null,
      identifiers: {
        billingAccountId: null,
        subAccountId: null,
        serviceName: null,
        skuId: null,
        resourceType: null,
        ...e.identifiers,
        tags: e.identifiers.tags ?? {},
      },
      rates: [],
      provisionerTeams: [],
      provisionerUserIds: [],
      provisionerRule: e.provisioners
        ? { subAccountIds: [...(e.provisioners.subAccountIds ?? [])], billingAccountIds: [], tag: null }
        : null,
      fromExceptionId: null,
    });
  const user = await createUser(ctx, {
    email: 'bench@example.org',
    name: 'Bench Procurement',
    role: 'procurement',
    password: PASSWORD,
    departmentId: null,
    vendorId: null,
  });
  return { contractId: contract.id, user };
}

async function dashboardLatency(db: Db, contractId: string): Promise<{ p50: number; p99: number; n: number }> {
  const config = { ...loadConfig({} as NodeJS.ProcessEnv), home: path.join(tmpdir(), 'steward-bench-unused') };
  const app = createApp({ db, config, log: createLogger('silent'), serveWeb: false });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ email: 'bench@example.org', password: PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0];
    const get = async () => {
      const t0 = performance.now();
      const r = await fetch(`${base}/api/contracts/${contractId}/usage`, { headers: { cookie } });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`dashboard answered ${r.status}`);
      return performance.now() - t0;
    };
    for (let i = 0; i < 5; i++) await get(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < DASHBOARD_REQUESTS; i++) times.push(await get());
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    return { p50: q(0.5), p99: q(0.99), n: times.length };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function main() {
  const home = await mkdtemp(path.join(tmpdir(), 'steward-bench-usage-'));
  let pgHandle: EmbeddedHandle | null = null;
  let db: Db | null = null;
  try {
    say(`Starting an embedded PostgreSQL in ${home}…`);
    pgHandle = await startEmbedded({ home, log: say });
    db = createDb(pgHandle.url, 10);
    await migrateToLatest(db);
    const { contractId } = await setUp(db);

    const file = path.join(home, 'usage-1.csv');
    let t0 = performance.now();
    const g = await generateUsageFile(file, ROWS, { seed: 1, startDate: '2025-01-01', days: 365 });
    const size = (await stat(file)).size;
    say(`Generated ${fmt(g.rows)} rows (${(size / 1048576).toFixed(0)} MB) in ${secs(performance.now() - t0)}.`);

    // Same file, same database, one after the other.
    const copyMs = await plainCopy(pgHandle.url, file);
    const imp = await importInChild(pgHandle.url, contractId, file);
    const ratio = imp.ms / copyMs;
    const rowCount = Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM usage_records WHERE contract_id = ${contractId}`.execute(db)).rows[0].n,
    );
    if (rowCount !== ROWS) throw new Error(`expected ${ROWS} rows imported, found ${rowCount}`);

    console.log(`\nImport of ${fmt(ROWS)} FOCUS rows (${(size / 1048576).toFixed(0)} MB)`);
    console.log(`  plain COPY into an unindexed table  ${secs(copyMs)}  (${fmt(Math.round(ROWS / (copyMs / 1000)))} rows/s)`);
    console.log(`  Steward import                      ${secs(imp.ms)}  (${fmt(Math.round(ROWS / (imp.ms / 1000)))} rows/s)`);
    console.log(`  ratio Steward / COPY                ${ratio.toFixed(2)}  (aim: at most 2.00) ${ratio <= 2 ? 'MET' : 'NOT MET'}`);
    console.log(
      `  importer peak memory (max RSS)      ${imp.maxRssMb.toFixed(0)} MB  (aim: under 500 MB) ${imp.maxRssMb < 500 ? 'MET' : 'NOT MET'}`,
    );
    await rm(file, { force: true });

    // Fill the contract up to DASHBOARD_ROWS with more files (later periods, other seeds).
    let total = ROWS;
    let k = 2;
    t0 = performance.now();
    while (total < DASHBOARD_ROWS) {
      const n = Math.min(ROWS, DASHBOARD_ROWS - total);
      const f = path.join(home, `usage-${k}.csv`);
      // Later files cover the same three years again (other seeds, so other content): a contract's
      // usage piles up over its life rather than stretching over decades.
      await generateUsageFile(f, n, { seed: k, startDate: addDays('2025-01-01', -365 * ((k - 1) % 3)), days: 365 });
      const r = await importInChild(pgHandle.url, contractId, f);
      await rm(f, { force: true });
      total += r.rows;
      say(`  loaded ${fmt(total)} rows…`);
      k++;
    }
    if (total > ROWS) say(`Loaded ${fmt(total)} rows in all (${secs(performance.now() - t0)} for the extra files).`);
    await sql`ANALYZE usage_daily`.execute(db);
    const rollups = Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM usage_daily WHERE contract_id = ${contractId}`.execute(db)).rows[0].n,
    );
    const lat = await dashboardLatency(db, contractId);
    console.log(`\nUsage dashboard with ${fmt(total)} rows (${fmt(rollups)} daily rollup rows), ${lat.n} requests one at a time`);
    console.log(
      `  GET /api/contracts/{id}/usage  p50 ${lat.p50.toFixed(1)} ms  p99 ${lat.p99.toFixed(1)} ms  (aim: under 100 ms) ${lat.p99 < 100 ? 'MET' : 'NOT MET'}`,
    );
  } finally {
    await db?.destroy().catch(() => {});
    await pgHandle?.stop().catch(() => {});
    await rm(home, { recursive: true, force: true }).catch(() => {});
  }
}

if (process.argv[2] === IMPORT_FLAG) await childImport();
else await main();
