/**
 * The job parts of the CLI, as an operator runs them (a child process per command, against a
 * test database through DATABASE_URL): `steward jobs list` and `steward jobs run`, and
 * `steward serve` starting the job runner once it listens, stopping it on SIGTERM before the
 * database, and leaving it off with STEWARD_JOBS=off.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, todayUtc } from '../core/dates.js';
import { type World, createWorld } from '../test/harness.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const ROOT = path.resolve(import.meta.dirname, '../..');
let w: World;
let home: string;

function env(extra: Record<string, string> = {}) {
  return { ...process.env, DATABASE_URL: w.tdb.url, STEWARD_HOME: home, LOG_LEVEL: 'silent', ...extra };
}

function steward(args: string[], extra: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: env(extra),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Start `steward serve`, wait until it says it runs; returns the process and what it printed. */
async function serve(extra: Record<string, string> = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--no-build', '--port', String(port)], {
    cwd: ROOT,
    env: env(extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { text: '' };
  child.stdout?.on('data', (d) => (out.text += d));
  child.stderr?.on('data', (d) => (out.text += d));
  const until = Date.now() + 90_000;
  while (!out.text.includes('Press Ctrl+C to stop.')) {
    if (child.exitCode !== null || Date.now() > until) throw new Error(`serve did not start:\n${out.text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, out, port };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

beforeAll(async () => {
  w = await createWorld();
  home = mkdtempSync(path.join(os.tmpdir(), 'steward-jobs-cli-'));
});
afterAll(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('steward jobs', () => {
  it('lists the jobs with their schedules', async () => {
    const r = await steward(['jobs', 'list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string; cron: string | null }[];
    expect(list.map((j) => j.name)).toEqual(['rules-daily', 'reminders', 'digest-daily', 'mail-send', 'webhooks-deliver']);
    expect(list.find((j) => j.name === 'reminders')?.cron).toBe('5 * * * *');
  });

  it('runs one job in the foreground and reports what it did, once', async () => {
    const c = await w.contract({ startDate: addDays(todayUtc(), -5), endDate: addDays(todayUtc(), 7), reference: 'CLI-JOB-7' });
    const first = await steward(['jobs', 'run', 'reminders', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ job: 'reminders', result: { sent: 1 } });
    const items = await w.db
      .selectFrom('notifications')
      .select('title')
      .where('contract_id', '=', c.id)
      .where('kind', '=', 'deadline')
      .execute();
    expect(items.map((i) => i.title)).toEqual([`CLI-JOB-7: Contract ends in 7 days (${addDays(todayUtc(), 7)})`]);
    const again = await steward(['jobs', 'run', 'reminders']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^reminders done in \d+ ms: \{"sent":0\}/);
    // Without SMTP, the mail job holds the reminder for admins to read.
    const mail = await steward(['jobs', 'run', 'mail-send', '--json']);
    expect(JSON.parse(mail.stdout).result.held).toBeGreaterThanOrEqual(1);
  });

  it('refuses an unknown job in one plain sentence', async () => {
    const r = await steward(['jobs', 'run', 'send-everything']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^steward: There is no job named "send-everything"\. Jobs: rules-daily, reminders/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('steward serve and the job runner', () => {
  it('starts the jobs once it listens, and stops them before the database on SIGTERM', async () => {
    const { child, out, port } = await serve();
    try {
      expect(out.text).toMatch(/Background jobs: on/);
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(health.status).toBe(200);
      const c = await w.tdb.superClient();
      try {
        const queues = await c.query(`SELECT name FROM pgboss.queue WHERE name NOT LIKE '__pgboss%' ORDER BY name`);
        expect(queues.rows.map((r) => r.name)).toEqual(['digest-daily', 'mail-send', 'reminders', 'rules-daily', 'webhooks-deliver']);
        const apps = await c.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'steward-jobs' AND datname = current_database()`,
        );
        expect(apps.rows[0].n).toBeGreaterThan(0);
      } finally {
        await c.end();
      }
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited(child)).toBe(0);
    expect(out.text).toMatch(/Stopping \(SIGTERM\)/);
    expect(out.text).not.toMatch(/\n\s+at /);
    const c = await w.tdb.superClient();
    try {
      const left = await c.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'steward-jobs' AND datname = current_database()`,
      );
      expect(left.rows[0].n).toBe(0);
    } finally {
      await c.end();
    }
  });

  it('runs without jobs when STEWARD_JOBS=off, and refuses a value it does not understand', async () => {
    const { child, out } = await serve({ STEWARD_JOBS: 'off' });
    try {
      expect(out.text).toMatch(/Background jobs: off \(STEWARD_JOBS=off\)/);
      const c = await w.tdb.superClient();
      try {
        const n = await c.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'steward-jobs' AND datname = current_database()`,
        );
        expect(n.rows[0].n).toBe(0);
      } finally {
        await c.end();
      }
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited(child)).toBe(0);
    const bad = await steward(['serve', '--no-build'], { STEWARD_JOBS: 'sometimes' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^steward: STEWARD_JOBS must be on or off \(got "sometimes"\)\./);
  });
});
