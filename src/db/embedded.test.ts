/**
 * The embedded PostgreSQL lifecycle against real processes in temporary homes: first start,
 * restart with data kept, one server per home, CLI commands sharing the running server's
 * database, recovery after Steward is killed with SIGKILL, and a clean stop on SIGTERM.
 * Slow by nature (real initdb, real servers): related checks share one server.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedHandle, readPostmaster, startEmbedded } from './embedded.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'an-Admin-passphrase-77';

const homes: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
/** Every postmaster seen, so afterAll can stop any a failed test left behind. */
const postmasters = new Set<number>();

function newHome(): string {
  const h = mkdtempSync(path.join(os.tmpdir(), 'steward-embedded-test-'));
  homes.push(h);
  return h;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 1).trim()[0] !== 'Z';
  } catch {
    return false;
  }
}

async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function postmaster(home: string): number {
  const pm = readPostmaster(path.join(home, 'pg'));
  if (!pm) throw new Error(`no postmaster running on ${home}`);
  postmasters.add(pm.pid);
  return pm.pid;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

function env(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, STEWARD_HOME: home, LOG_LEVEL: 'silent', ...extra };
  delete e.DATABASE_URL;
  return e;
}

interface Proc {
  child: ChildProcessWithoutNullStreams;
  out(): string;
  exited: Promise<number | null>;
}

function steward(args: string[], e: NodeJS.ProcessEnv, input = ''): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env: e });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.stdin.end(input);
  return { child, out: () => out, exited };
}

async function cli(home: string, args: string[], input = ''): Promise<{ code: number | null; out: string }> {
  const p = steward(args, env(home), input);
  const code = await p.exited;
  return { code, out: p.out() };
}

/** Start `steward serve` and wait until it listens (or fail with its output). */
async function serve(home: string, port: number): Promise<Proc> {
  const p = steward(['serve', '--no-build'], env(home, { PORT: String(port) }));
  let gone = false;
  void p.exited.then(() => (gone = true));
  await until('steward serve is running', () => gone || p.out().includes('Steward is running at'), 60_000).catch(() => {});
  if (!p.out().includes('Steward is running at')) throw new Error(`steward serve did not start:\n${p.out()}`);
  return p;
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const h of homes) {
    const file = path.join(h, 'pg', 'postmaster.pid');
    if (existsSync(file)) postmasters.add(Number(readFileSync(file, 'utf8').split('\n')[0]));
  }
  for (const pid of postmasters) if (alive(pid)) process.kill(pid, 'SIGINT');
  await until('every postmaster stopped', () => [...postmasters].every((pid) => !alive(pid)), 15_000).catch(() => {
    for (const pid of postmasters) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

describe('startEmbedded', () => {
  let handle: EmbeddedHandle | null = null;
  afterAll(async () => {
    await handle?.stop();
  });

  it('creates the cluster and database on first start, and keeps the data across a stop and start', async () => {
    const home = newHome();
    const log: string[] = [];
    handle = await startEmbedded({ home, log: (m) => log.push(m) });
    postmaster(home);
    expect(handle.owned).toBe(true);
    expect(existsSync(path.join(home, 'pg', 'PG_VERSION'))).toBe(true);
    expect(log.join('\n')).toMatch(/Creating the embedded database/);
    expect(statSync(path.join(home, 'pg-password')).mode & 0o777).toBe(0o600);
    let c = new pg.Client({ connectionString: handle.url });
    await c.connect();
    expect((await c.query('SELECT current_database() AS db')).rows[0].db).toBe('steward');
    await c.query(`CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')`);
    await c.end();

    await handle.stop();
    expect(existsSync(path.join(home, 'pg', 'postmaster.pid'))).toBe(false);

    log.length = 0;
    handle = await startEmbedded({ home, log: (m) => log.push(m) });
    postmaster(home);
    expect(log.join('\n')).not.toMatch(/Creating/);
    c = new pg.Client({ connectionString: handle.url });
    await c.connect();
    expect((await c.query('SELECT note FROM kept')).rows).toEqual([{ note: 'still here' }]);
    await c.end();
    await handle.stop();
    handle = null;
  }, 90_000);
});

describe('steward serve on an embedded home', () => {
  let home: string;
  let port: number;
  let url: string;
  let first: Proc;
  let token: string;

  beforeAll(async () => {
    home = newHome();
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    first = await serve(home, port);
  }, 120_000);

  it('records itself in steward.lock and serves', async () => {
    const lock = JSON.parse(readFileSync(path.join(home, 'steward.lock'), 'utf8'));
    expect(lock).toMatchObject({ pid: first.child.pid, url });
    postmaster(home);
    const r = await fetch(`${url}/api/auth/me`);
    expect(r.status).toBe(401);
  });

  it('refuses a second serve on the same home, saying it is already running', async () => {
    const second = steward(['serve', '--no-build'], env(home, { PORT: String(await freePort()) }));
    const code = await second.exited;
    expect(code).not.toBe(0);
    expect(second.out()).toMatch(new RegExp(`steward: Steward is already running on ${home} \\(process ${first.child.pid}, ${url}\\)`));
    expect(second.out()).not.toMatch(/\n\s+at /);
    expect(first.child.exitCode).toBeNull();
  }, 60_000);

  it('runs CLI commands through the running server’s database', async () => {
    const pm = postmaster(home);
    const add = await cli(home, ['user', 'add', '--email', 'ops@example.org', '--role', 'procurement', '--password-stdin'], PASSWORD);
    expect(add.code, add.out).toBe(0);
    const t = await cli(home, ['token', 'create', '--email', 'ops@example.org', '--json']);
    expect(t.code, t.out).toBe(0);
    token = JSON.parse(t.out.slice(t.out.indexOf('{'))).token;
    // The running server sees the user and the token the CLI wrote.
    const me = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    const [verify, backup] = await Promise.all([
      cli(home, ['audit', 'verify', '--json']),
      cli(home, ['backup', path.join(home, 'snapshot.backup'), '--json']),
    ]);
    expect(verify.code, verify.out).toBe(0);
    expect(JSON.parse(verify.out.slice(verify.out.indexOf('{')))).toMatchObject({ ok: true, problem: null });
    expect(backup.code, backup.out).toBe(0);
    expect(JSON.parse(backup.out.slice(backup.out.indexOf('{'))).tables.users.rows).toBe(1);
    // No command started a server of its own: the same postmaster, and the server still runs.
    expect(postmaster(home)).toBe(pm);
    expect(first.child.exitCode).toBeNull();
  }, 90_000);

  it('after Steward is killed with SIGKILL its database keeps running; the next serve stops it and starts cleanly', async () => {
    const orphan = postmaster(home);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(alive(orphan)).toBe(true);
    expect(existsSync(path.join(home, 'steward.lock'))).toBe(true);

    const next = await serve(home, port);
    expect(next.out()).toMatch(
      new RegExp(`Found a database server \\(pid ${orphan}\\) left running by an earlier Steward process; stopping it\\.`),
    );
    expect(alive(orphan)).toBe(false);
    expect(postmaster(home)).not.toBe(orphan);
    expect(JSON.parse(readFileSync(path.join(home, 'steward.lock'), 'utf8')).pid).toBe(next.child.pid);
    // The data survived: the token made earlier still works.
    const me = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    first = next;
  }, 120_000);

  it('stops cleanly on SIGTERM: exit 0, postmaster gone, steward.lock removed', async () => {
    const pm = postmaster(home);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.out()).toMatch(/Stopping \(SIGTERM\)/);
    await until('the postmaster exits', () => !alive(pm), 10_000);
    expect(existsSync(path.join(home, 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(home, 'steward.lock'))).toBe(false);
  }, 60_000);
});
