/**
 * `npm test`: every test Steward has, in one run, with one closing line.
 *
 *   1. type check of the server code (and of the web app when web/tsconfig.json exists),
 *      each counted as one test;
 *   2. the vitest `unit` project;
 *   3. the vitest `api` project on the embedded PostgreSQL 17;
 *   4. the same `api` project on Debian's PostgreSQL 15 (TEST_PG=debian15);
 *   5. the end-to-end suite (scripts/e2e.ts: real server, headless chromium, axe).
 *
 * Counts come from vitest's JSON reporter; a phase that dies before reporting counts as one
 * failure. The last line printed is `N passed, N failed` (`, N skipped` only when some were),
 * which CI reads. The exit status is non-zero when anything failed.
 *
 * Options: `--only <phase>[,<phase>]` runs some phases (typecheck, unit, api, api-pg15, e2e).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'test-results');
const CI = process.env.CI === 'true' || process.env.CI === '1';
const PG15_BIN = process.env.TEST_PG15_BIN || '/usr/lib/postgresql/15/bin';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface PhaseResult extends Counts {
  name: string;
  seconds: number;
  note?: string;
}

const vitestBin = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const tscBin = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function banner(title: string): void {
  say();
  say(`━━━ ${title} ${'━'.repeat(Math.max(3, 74 - title.length))}`);
}

/** Run a command with our terminal; resolves with its exit code (signals count as failure). */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (e) => {
      process.stderr.write(`Could not run ${cmd}: ${e.message}\n`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

interface VitestJson {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  numFailedTestSuites?: number;
  success?: boolean;
  testResults?: { status: string; message?: string; assertionResults?: unknown[] }[];
}

/** Counts from a vitest JSON report; a file that failed without any test failing counts once. */
function countsFromJson(file: string): Counts | null {
  if (!existsSync(file)) return null;
  let report: VitestJson;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as VitestJson;
  } catch {
    return null;
  }
  let failed = report.numFailedTests ?? 0;
  // A test file that could not load or whose hooks failed reports no failing test of its own.
  for (const r of report.testResults ?? []) {
    if (r.status === 'failed' && !(r.assertionResults ?? []).some((a) => (a as { status?: string }).status === 'failed')) failed += 1;
  }
  return {
    passed: report.numPassedTests ?? 0,
    failed,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

async function vitestPhase(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<PhaseResult> {
  const slug = name
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  const json = path.join(resultsDir, `${slug}.json`);
  rmSync(json, { force: true });
  const started = Date.now();
  const code = await run(cmd, [...args, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`], env);
  const seconds = (Date.now() - started) / 1000;
  const counts = countsFromJson(json);
  if (!counts) {
    return { name, passed: 0, failed: 1, skipped: 0, seconds, note: `crashed before reporting (exit code ${code})` };
  }
  if (code !== 0 && counts.failed === 0) {
    // vitest failed for a reason outside any test (an unhandled error, a failing global setup).
    return { ...counts, name, failed: 1, seconds, note: `exit code ${code} with no failing test (see the output above)` };
  }
  return { ...counts, name, seconds };
}

async function typecheckPhase(name: string, project: string): Promise<PhaseResult> {
  const started = Date.now();
  const code = await run(process.execPath, [tscBin, '--noEmit', '-p', project, ...(CI ? [] : ['--pretty'])]);
  const seconds = (Date.now() - started) / 1000;
  if (code === 0) say('No type errors.');
  return { name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0, seconds };
}

const ALL_PHASES = ['typecheck', 'unit', 'api', 'api-pg15', 'e2e'] as const;
type PhaseKey = (typeof ALL_PHASES)[number];

function selectedPhases(argv: string[]): Set<PhaseKey> {
  const i = argv.indexOf('--only');
  if (i < 0) return new Set(ALL_PHASES);
  const wanted = (argv[i + 1] ?? '').split(',').filter(Boolean);
  for (const w of wanted) {
    if (!(ALL_PHASES as readonly string[]).includes(w)) {
      process.stderr.write(`Unknown phase "${w}". Phases: ${ALL_PHASES.join(', ')}\n`);
      process.exit(2);
    }
  }
  return new Set(wanted as PhaseKey[]);
}

async function main(): Promise<void> {
  const phases = selectedPhases(process.argv.slice(2));
  mkdirSync(resultsDir, { recursive: true });
  const results: PhaseResult[] = [];
  const record = (r: PhaseResult) => {
    results.push(r);
    const skipped = r.skipped ? `, ${r.skipped} skipped` : '';
    say(`\n→ ${r.name}: ${r.passed} passed, ${r.failed} failed${skipped} (${r.seconds.toFixed(1)} s)${r.note ? ` — ${r.note}` : ''}`);
  };
  const t0 = Date.now();
  const colour = CI ? { FORCE_COLOR: '0' } : {};

  if (phases.has('typecheck')) {
    banner('Type check: server, CLI, tests (tsc -p .)');
    record(await typecheckPhase('typecheck (server)', '.'));
    if (existsSync(path.join(root, 'web', 'tsconfig.json'))) {
      banner('Type check: web app (tsc -p web)');
      record(await typecheckPhase('typecheck (web)', 'web'));
    }
  }

  if (phases.has('unit')) {
    banner('Unit tests (vitest project "unit")');
    record(await vitestPhase('unit', process.execPath, [vitestBin, 'run', '--project', 'unit', '--passWithNoTests'], colour));
  }

  if (phases.has('api')) {
    banner('API tests on the embedded PostgreSQL 17 (vitest project "api")');
    record(
      await vitestPhase('api (PostgreSQL 17, embedded)', process.execPath, [vitestBin, 'run', '--project', 'api'], {
        ...colour,
        // The phase names say which server: never a TEST_DATABASE_URL from the environment.
        TEST_DATABASE_URL: '',
        TEST_PG: 'embedded',
      }),
    );
  }

  if (phases.has('api-pg15')) {
    banner("API tests on Debian's PostgreSQL 15 (TEST_PG=debian15)");
    const have = ['initdb', 'pg_ctl', 'postgres'].every((t) => existsSync(path.join(PG15_BIN, t)));
    if (!have && !CI) {
      const warn = [
        '',
        '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
        `!!  SKIPPED: PostgreSQL 15 server binaries not found in ${PG15_BIN}.`,
        '!!  The API tests did NOT run on PostgreSQL 15. Install it to run them:',
        '!!      sudo apt-get install -y --no-install-recommends postgresql-15',
        '!!  (In CI this is a failure, not a skip.)',
        '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
        '',
      ];
      for (const l of warn) process.stderr.write(`${l}\n`);
      record({
        name: 'api (PostgreSQL 15, Debian)',
        passed: 0,
        failed: 0,
        skipped: 1,
        seconds: 0,
        note: 'SKIPPED: postgresql-15 not installed',
      });
    } else {
      record(
        await vitestPhase('api (PostgreSQL 15, Debian)', process.execPath, [vitestBin, 'run', '--project', 'api'], {
          ...colour,
          TEST_DATABASE_URL: '',
          TEST_PG: 'debian15',
        }),
      );
    }
  }

  if (phases.has('e2e')) {
    banner('End-to-end tests (real server, headless chromium, axe)');
    const started = Date.now();
    const json = path.join(resultsDir, 'e2e.json');
    rmSync(json, { force: true });
    const code = await run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'e2e.ts'), '--json', json], colour);
    const seconds = (Date.now() - started) / 1000;
    const counts = countsFromJson(json);
    if (!counts) record({ name: 'e2e', passed: 0, failed: 1, skipped: 0, seconds, note: `crashed before reporting (exit code ${code})` });
    else if (code !== 0 && counts.failed === 0)
      record({ ...counts, name: 'e2e', failed: 1, seconds, note: `exit code ${code} with no failing test (see the output above)` });
    else record({ ...counts, name: 'e2e', seconds });
  }

  const total = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }), {
    passed: 0,
    failed: 0,
    skipped: 0,
  });
  banner('Summary');
  const width = Math.max(...results.map((r) => r.name.length), 10);
  for (const r of results) {
    const mark = r.failed > 0 ? 'FAIL' : r.passed === 0 && r.skipped > 0 ? 'SKIP' : 'ok  ';
    const counts = `${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed ${String(r.skipped).padStart(3)} skipped`;
    say(`  ${mark}  ${r.name.padEnd(width)}  ${counts}  ${r.seconds.toFixed(1).padStart(6)} s${r.note ? `  (${r.note})` : ''}`);
  }
  say(`  total time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  say();
  say(`${total.passed} passed, ${total.failed} failed${total.skipped > 0 ? `, ${total.skipped} skipped` : ''}`);
  process.exitCode = total.failed > 0 ? 1 : 0;
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.stdout.write('0 passed, 1 failed\n');
  process.exitCode = 1;
});
