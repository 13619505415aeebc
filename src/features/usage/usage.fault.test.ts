/**
 * A usage import killed half way (SIGKILL, while PostgreSQL is receiving the rows) leaves nothing
 * behind, and running the same command again imports the whole file. Also: the CLI's JSON summary.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateUsageFile } from '../../../bench/usage-gen.js';
import { type World, createWorld } from '../../test/harness.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 120_000 });

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ROWS = 150_000;
let w: World;
let dir: string;
let file: string;
let expectedCost: string;

function steward(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: w.tdb.url, STEWARD_HOME: dir, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

const counts = async () => {
  const one = async (table: 'usage_records' | 'usage_imports' | 'usage_daily' | 'usage_exceptions') =>
    Number(
      (
        await w.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    records: await one('usage_records'),
    imports: await one('usage_imports'),
    daily: await one('usage_daily'),
    exceptions: await one('usage_exceptions'),
  };
};

beforeAll(async () => {
  w = await createWorld();
  dir = mkdtempSync(path.join(os.tmpdir(), 'steward-usage-fault-'));
  file = path.join(dir, 'usage.csv');
  const g = await generateUsageFile(file, ROWS, { startDate: '2026-01-01', days: 200 });
  expectedCost = g.billedCost.USD;
  await w.contract({
    reference: 'FAULT-1',
    vendorId: w.vendor.one,
    departmentId: w.dept.a,
    startDate: '2026-01-01',
    endDate: '2027-12-31',
  });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a killed import', () => {
  it('leaves nothing behind, and the same command run again imports the whole file', async () => {
    const run = steward(['usage', 'import', file, '--contract', 'FAULT-1', '--json']);
    // Wait until PostgreSQL is receiving the rows, then kill the importer outright.
    const started = Date.now();
    for (;;) {
      const { rows } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'COPY usage_records%' AND datname = current_database()`.execute(
        w.db,
      );
      if (rows[0].n > 0) break;
      if (Date.now() - started > 120_000) throw new Error('the import never started copying');
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
    run.child.kill('SIGKILL');
    const killed = await run.done;
    expect(killed.signal).toBe('SIGKILL');
    // PostgreSQL notices the dropped connection and rolls the transaction back.
    for (let i = 0; i < 200; i++) {
      const { rows } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'COPY usage_records%' AND datname = current_database()`.execute(
        w.db,
      );
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await counts()).toEqual({ records: 0, imports: 0, daily: 0, exceptions: 0 });

    const again = steward(['usage', 'import', file, '--contract', 'FAULT-1', '--json']);
    const r = await again.done;
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({
      contract: 'FAULT-1',
      rowsRead: ROWS,
      rowsImported: ROWS,
      rowsRejected: 0,
      billedCost: { USD: expectedCost },
    });
    const after = await counts();
    expect(after.records).toBe(ROWS);
    expect(after.imports).toBe(1);
    expect(after.daily).toBeGreaterThan(0);

    const dup = await steward(['usage', 'import', file, '--contract', 'FAULT-1']).done;
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/^steward: This file was already imported/);
    expect((await counts()).records).toBe(ROWS);
  });
});
