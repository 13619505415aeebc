/**
 * API test harness: a fresh database per test file (cloned from the migrated template), the
 * real app in-process, a standard cast of users (one per role, two departments, two vendors),
 * and a small client that signs in and sends cookies and the CSRF token like a browser.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, expect, inject } from 'vitest';
import { createApp } from '../app.js';
import { createDb, type Db } from '../db/database.js';
import { createContract } from '../features/contracts/contracts.service.js';
import type { ContractCreateInput, ContractDto } from '../features/contracts/contracts.schema.js';
import { createDepartment } from '../features/departments/departments.service.js';
import { createUser } from '../features/users/users.service.js';
import { createVendor } from '../features/vendors/vendors.service.js';
import { loadConfig, type Config } from '../platform/config.js';
import { type ServiceContext, systemActor } from '../platform/context.js';
import { createLogger } from '../platform/logger.js';
import type { Role } from '../core/policy.js';

export const TEST_PASSWORD = 'correct-horse-battery-9';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface TestDb {
  db: Db;
  url: string;
  name: string;
  /** A superuser client on this database (for tampering tests). */
  superClient(): Promise<pg.Client>;
}

/**
 * Databases to drop after this file's tests. Registered here, at import (collection) time: an
 * `afterAll` called from inside a `beforeAll` or a test is silently never run by vitest, so
 * createTestDb() (called from beforeAll) cannot register its own.
 */
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A new database for this test file, dropped after the file's tests. */
export async function createTestDb(): Promise<TestDb> {
  const adminUrl = inject('pgAdminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE steward_template`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const db = createDb(url, 25);
  cleanups.push(async () => {
    await db.destroy();
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  });
  return {
    db,
    url,
    name,
    async superClient() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({} as NodeJS.ProcessEnv), home: '/nonexistent', ...overrides };
}

export function systemCtx(db: Db): ServiceContext {
  return { db, actor: systemActor(), requestId: 'test', log: createLogger('silent') };
}

export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  bearer: string | null = null;
  constructor(
    private readonly app: ReturnType<typeof createApp>,
    public readonly peer = '10.9.0.1',
  ) {}

  async request<T = any>(
    method: string,
    path: string,
    opts: { json?: unknown; body?: RequestInit['body']; headers?: Record<string, string>; noCsrf?: boolean } = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { 'x-test-peer': this.peer, ...(opts.headers ?? {}) };
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] ??= 'application/json';
    }
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (this.csrf && !opts.noCsrf && method !== 'GET') headers['x-csrf-token'] ??= this.csrf;
    const res = await this.app.request(`http://localhost${path}`, { method, headers, body });
    const setCookie = res.headers.getSetCookie?.() ?? [];
    for (const c of setCookie) {
      const m = /^steward_session=([^;]*)/.exec(c);
      if (m) this.cookie = m[1] ? `steward_session=${m[1]}` : null;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get = <T = any>(path: string, headers?: Record<string, string>) => this.request<T>('GET', path, { headers });
  post = <T = any>(path: string, json?: unknown, headers?: Record<string, string>) => this.request<T>('POST', path, { json, headers });
  patch = <T = any>(path: string, json?: unknown, headers?: Record<string, string>) => this.request<T>('PATCH', path, { json, headers });
  delete = <T = any>(path: string) => this.request<T>('DELETE', path);

  /** Send a file as multipart/form-data, as a browser's file input does. */
  upload<T = any>(path: string, file: { name: string; bytes: Uint8Array; type?: string }, fields: Record<string, string> = {}) {
    const form = new FormData();
    form.set('file', new File([file.bytes], file.name, { type: file.type ?? 'application/octet-stream' }));
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    return this.request<T>('POST', path, { body: form });
  }

  async login(email: string, password = TEST_PASSWORD): Promise<TestResponse> {
    const r = await this.post('/api/auth/login', { email, password });
    if (r.status === 200) this.csrf = r.body.csrfToken;
    return r;
  }
}

export interface World {
  db: Db;
  tdb: TestDb;
  app: ReturnType<typeof createApp>;
  config: Config;
  dept: { a: string; b: string };
  vendor: { one: string; two: string };
  users: Record<
    'admin' | 'procurement' | 'buyerA' | 'buyerB' | 'itA' | 'itB' | 'auditor' | 'vendorOne' | 'vendorTwo',
    { id: string; email: string; role: Role }
  >;
  /** A signed-in client for one of the users. */
  as(user: keyof World['users']): Promise<Client>;
  anonymous(): Client;
  /** Create a contract directly through the service (as the system). */
  contract(overrides?: Partial<ContractCreateInput>): Promise<ContractDto>;
}

let seq = 0;
export function contractInput(w: Pick<World, 'dept' | 'vendor'>, overrides: Partial<ContractCreateInput> = {}): ContractCreateInput {
  seq += 1;
  return {
    reference: `T-${Date.now().toString(36)}-${seq}`,
    title: `Test contract ${seq}`,
    description: 'A contract for tests',
    vendorId: w.vendor.one,
    departmentId: w.dept.a,
    type: 'service_access',
    pricingModel: 'usage_based',
    currency: 'USD',
    value: '1000.00',
    ceiling: '1500.00',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    options: [],
    riskTier: 'medium',
    publicFacing: false,
    highImpact: false,
    rulePack: 'us-far',
    status: 'active',
    owners: {},
    restricted: false,
    tags: [],
    renewalDecision: 'undecided',
    renewalNote: '',
    ...overrides,
  };
}

/** The standard world: departments A and B, vendors one and two, and a user for each role. */
export async function createWorld(configOverrides: Partial<Config> = {}): Promise<World> {
  const tdb = await createTestDb();
  const { db } = tdb;
  const ctx = systemCtx(db);
  const config = testConfig(configOverrides);
  const app = createApp({ db, config, log: createLogger('silent'), serveWeb: false });
  const a = await createDepartment(ctx, { name: 'Department A', code: 'DA' });
  const b = await createDepartment(ctx, { name: 'Department B', code: 'DB' });
  const v1 = await createVendor(ctx, { legalName: 'Vendor One Ltd', identifiers: [], address: {}, contacts: [], notes: '' });
  const v2 = await createVendor(ctx, { legalName: 'Vendor Two Ltd', identifiers: [], address: {}, contacts: [], notes: '' });
  const spec = {
    admin: { role: 'admin' as Role },
    procurement: { role: 'procurement' as Role },
    buyerA: { role: 'buyer' as Role, departmentId: a.id },
    buyerB: { role: 'buyer' as Role, departmentId: b.id },
    itA: { role: 'it_data' as Role, departmentId: a.id },
    itB: { role: 'it_data' as Role, departmentId: b.id },
    auditor: { role: 'auditor' as Role },
    vendorOne: { role: 'vendor' as Role, vendorId: v1.id },
    vendorTwo: { role: 'vendor' as Role, vendorId: v2.id },
  };
  const users = {} as World['users'];
  for (const [key, s] of Object.entries(spec)) {
    const email = `${key.toLowerCase()}@test.example`;
    const u = await createUser(ctx, { email, name: key, password: TEST_PASSWORD, departmentId: null, vendorId: null, ...s });
    users[key as keyof World['users']] = { id: u.id, email, role: s.role };
  }
  const world: World = {
    db,
    tdb,
    app,
    config,
    dept: { a: a.id, b: b.id },
    vendor: { one: v1.id, two: v2.id },
    users,
    async as(user) {
      const c = new Client(app, `10.9.${Object.keys(users).indexOf(user) + 1}.1`);
      const r = await c.login(users[user].email);
      if (r.status !== 200) throw new Error(`login as ${user} failed: ${r.status} ${r.text}`);
      return c;
    },
    anonymous: () => new Client(app),
    contract: (overrides = {}) => createContract(ctx, contractInput(world, overrides)),
  };
  return world;
}

/** Words that would mean a database or runtime error leaked into a response. */
const LEAKS = [
  /stack/i,
  /\bselect\b.*\bfrom\b/i,
  /\binsert into\b/i,
  /\bupdate\b.*\bset\b/i,
  /violates/i,
  /constraint/i,
  /relation "/i,
  /syntax error/i,
  /duplicate key/i,
  /node_modules/,
  /\.ts:\d+/,
];

/**
 * Assert an error response: the status, the code, Steward's error shape with a request id that
 * matches the X-Request-Id header, and no stack trace, SQL or PostgreSQL message.
 */
export function expectError(r: TestResponse, status: number, code?: string) {
  expect(r.status, r.text).toBe(status);
  expect(r.headers.get('content-type') ?? '').toMatch(/application\/json/);
  expect(r.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String), requestId: expect.any(String) } });
  expect(Object.keys(r.body)).toEqual(['error']);
  if (code) expect(r.body.error.code).toBe(code);
  expect(r.body.error.requestId).toBe(r.headers.get('x-request-id'));
  for (const re of LEAKS) expect(r.text, `error response leaks ${re}`).not.toMatch(re);
  return r.body.error as { code: string; message: string; fields?: Record<string, string>; requestId: string };
}

/** Audit rows, oldest first, optionally only one action (read straight from the table). */
export async function auditRows(db: Db, filter: { action?: string; entityId?: string; requestId?: string } = {}) {
  let q = db.selectFrom('audit_log').selectAll().orderBy('seq');
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  if (filter.requestId) q = q.where('request_id', '=', filter.requestId);
  return q.execute();
}
