/**
 * The steward CLI as an operator runs it: a child process per command, against a test
 * database through DATABASE_URL. Exit codes, JSON output and plain-sentence errors (never a
 * stack trace) are what these tests hold the CLI to; the app built in-process on the same
 * database shows the effect of each command on real sign-ins and tokens.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createApp } from '../app.js';
import { createLogger } from '../platform/logger.js';
import { Client, createTestDb, testConfig, type TestDb } from '../test/harness.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo.js';
import { migrations } from '../db/migrations/index.js';

const LATEST_MIGRATION = Object.keys(migrations).sort().at(-1);

// Each command is a new Node process loading the app (about a second each, more on a busy machine).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const ROOT = path.resolve(import.meta.dirname, '../..');
const STRONG = 'a-Strong-passphrase-42';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let tdb: TestDb;
let home: string;

function steward(args: string[], opts: { url?: string; input?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: opts.url ?? tdb.url, STEWARD_HOME: home, LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** A refusal: exit 1, one plain sentence on stderr starting with "steward:", no stack trace. */
function expectRefusal(r: Run, message: RegExp) {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(/^steward: /);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

function app(db = tdb.db) {
  return createApp({ db, config: testConfig(), log: createLogger('silent'), serveWeb: false });
}

async function adminClient(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await c.connect();
  return c;
}

beforeAll(async () => {
  tdb = await createTestDb();
  home = mkdtempSync(path.join(os.tmpdir(), 'steward-cli-test-'));
});

afterAll(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('help', () => {
  it('every command explains itself', async () => {
    const commands: [string[], RegExp][] = [
      [[], /serve[\s\S]*migrate[\s\S]*demo[\s\S]*user[\s\S]*token[\s\S]*audit[\s\S]*backup[\s\S]*restore/],
      [['serve'], /--demo[\s\S]*--port[\s\S]*--no-build/],
      [['migrate'], /Apply pending database migrations[\s\S]*--json/],
      [['demo'], /Load the demo data set/],
      [['user'], /add[\s\S]*disable/],
      [['user', 'add'], /--email[\s\S]*--role[\s\S]*--department[\s\S]*--password-stdin/],
      [['user', 'disable'], /ends their sessions/],
      [['token'], /create/],
      [['token', 'create'], /--email[\s\S]*--name/],
      [['audit'], /verify/],
      [['audit', 'verify'], /hash chain/],
      [['backup'], /consistent snapshot[\s\S]*--json/],
      [['restore'], /empty database/],
      [['export'], /milestones/],
      [['export', 'milestones'], /--contract[\s\S]*--format[\s\S]*--output/],
    ];
    const runs = await Promise.all(commands.map(([cmd]) => steward([...cmd, '--help'])));
    runs.forEach((r, i) => {
      const [cmd, expected] = commands[i];
      expect(r.code, `${cmd.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(`Usage: steward ${cmd.join(' ')}`.trim());
      expect(r.stdout).toMatch(expected);
    });
  });

  it('an unknown command or a missing option is refused with usage help', async () => {
    const r = await steward(['frobnicate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown command 'frobnicate'/);
  });
});

describe('migrate and demo', () => {
  it('migrate --json applies every migration to a new database, then has nothing to do', async () => {
    const name = `t_cli_migrate_${process.pid}`;
    const a = await adminClient();
    await a.query(`DROP DATABASE IF EXISTS ${name}`);
    await a.query(`CREATE DATABASE ${name}`);
    try {
      const u = new URL(inject('pgAdminUrl'));
      u.pathname = `/${name}`;
      const first = await steward(['migrate', '--json'], { url: u.toString() });
      expect(first.code, first.stderr).toBe(0);
      const j = JSON.parse(first.stdout);
      expect(j.applied).toContain('0001_foundation');
      expect(j.schemaVersion).toBe(j.applied[j.applied.length - 1]);
      const again = await steward(['migrate', '--json'], { url: u.toString() });
      expect(JSON.parse(again.stdout)).toEqual({ applied: [], schemaVersion: j.schemaVersion });
    } finally {
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    }
  });

  it('demo --json loads the demo once; its accounts sign in; a second load is refused', async () => {
    const r = await steward(['demo', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.contracts).toBeGreaterThan(5);
    expect(j.password).toBe(DEMO_PASSWORD);
    expect(j.accounts.map((a: { email: string }) => a.email)).toEqual(expect.arrayContaining(DEMO_ACCOUNTS.map((a) => a.email)));
    const c = new Client(app(), '10.50.0.1');
    expect((await c.login(DEMO_ACCOUNTS[1].email, DEMO_PASSWORD)).status).toBe(200);
    expectRefusal(await steward(['demo']), /already has users; the demo loads only into an empty database/);
  });

  it("export milestones prints a demo contract's milestones as CSV or JSON, audited; bad references and formats are refused", async () => {
    const csv = await steward(['export', 'milestones', '--contract', 'hv-2024-031']);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^contract,milestone,type,status,due_date,date_met,slip_days/);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.slice(1).every((l) => l.startsWith('HV-2024-031,'))).toBe(true);
    const json = await steward(['export', 'milestones', '--contract', 'HV-2024-031', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const j = JSON.parse(json.stdout);
    expect(j.milestones.length).toBe(lines.length - 1);
    expect(j.deliverables.length).toBeGreaterThan(0);
    const file = path.join(home, 'milestones.csv');
    const out = await steward(['export', 'milestones', '--contract', 'HV-2024-031', '-o', file]);
    expect(out.code, out.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(csv.stdout);
    const audited = await tdb.db.selectFrom('audit_log').select('action').where('action', '=', 'export.milestones').execute();
    expect(audited.length).toBe(3);
    expectRefusal(await steward(['export', 'milestones', '--contract', 'NOPE-1']), /No contract has the reference "NOPE-1"/);
    expectRefusal(await steward(['export', 'milestones', '--contract', 'HV-2024-031', '--format', 'xml']), /--format must be csv or json/);
  });
});

describe('users and tokens', () => {
  const email = 'carol.cli@harbourview.example';
  let token: string;

  it('user add creates a user from a password on standard input, who can sign in', async () => {
    const r = await steward(
      ['user', 'add', '--email', email, '--role', 'buyer', '--department', 'TRN', '--name', 'Carol CLI', '--password-stdin', '--json'],
      {
        input: `${STRONG}\n`,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ email, role: 'buyer', name: 'Carol CLI', disabled: false });
    const text = await steward(['user', 'add', '--email', 'dan.cli@harbourview.example', '--role', 'auditor', '--password-stdin'], {
      input: STRONG,
    });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Created auditor dan\.cli@harbourview\.example \(/);
    const c = new Client(app(), '10.50.0.2');
    expect((await c.login(email, STRONG)).status).toBe(200);
  });

  it('user add refuses bad input with a plain sentence and a non-zero exit', async () => {
    const [role, weak, dept, noStdin, dup, noDept, badEmail] = await Promise.all([
      steward(['user', 'add', '--email', 'x@example.org', '--role', 'wizard', '--password-stdin'], { input: STRONG }),
      steward(['user', 'add', '--email', 'x@example.org', '--role', 'auditor', '--password-stdin'], { input: 'short' }),
      steward(['user', 'add', '--email', 'x@example.org', '--role', 'buyer', '--department', 'Atlantis', '--password-stdin'], {
        input: STRONG,
      }),
      steward(['user', 'add', '--email', 'x@example.org', '--role', 'auditor']),
      steward(['user', 'add', '--email', email, '--role', 'auditor', '--password-stdin'], { input: STRONG }),
      steward(['user', 'add', '--email', 'x@example.org', '--role', 'buyer', '--password-stdin'], { input: STRONG }),
      steward(['user', 'add', '--email', 'not-an-address', '--role', 'auditor', '--password-stdin'], { input: STRONG }),
    ]);
    expectRefusal(role, /--role must be one of admin, procurement, buyer, it_data, auditor, vendor/);
    expectRefusal(weak, /password: Password/);
    expectRefusal(dept, /No department called "Atlantis"/);
    expectRefusal(noStdin, /--password-stdin/);
    expectRefusal(dup, /already exists/);
    expectRefusal(noDept, /department/i);
    expectRefusal(badEmail, /--email must be an e-mail address/);
    const n = await tdb.db.selectFrom('users').select('id').where('email', '=', 'x@example.org').execute();
    expect(n).toHaveLength(0);
  });

  it('token create --json prints a token that works as a Bearer token against the API', async () => {
    const r = await steward(['token', 'create', '--email', email, '--name', 'integration', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ name: 'integration' });
    token = j.token;
    const b = new Client(app(), '10.50.0.3');
    b.bearer = token;
    const me = await b.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.email ?? me.body.user?.email).toBe(email);
    expectRefusal(await steward(['token', 'create', '--email', 'nobody@example.org']), /No user with e-mail nobody@example\.org/);
  });

  it('user disable ends their sessions and revokes their tokens', async () => {
    const session = new Client(app(), '10.50.0.4');
    expect((await session.login(email, STRONG)).status).toBe(200);
    expect((await session.get('/api/auth/me')).status).toBe(200);
    const r = await steward(['user', 'disable', '--email', email]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Disabled carol\.cli@harbourview\.example/);
    expect((await session.get('/api/auth/me')).status).toBe(401);
    const b = new Client(app(), '10.50.0.5');
    b.bearer = token;
    expect((await b.get('/api/auth/me')).status).toBe(401);
    expect((await new Client(app(), '10.50.0.6').login(email, STRONG)).status).not.toBe(200);
    const [disabledToken, nobody] = await Promise.all([
      steward(['token', 'create', '--email', email]),
      steward(['user', 'disable', '--email', 'nobody@example.org']),
    ]);
    expectRefusal(disabledToken, /is disabled/);
    expectRefusal(nobody, /No user with e-mail/);
  });
});

describe('backup and restore', () => {
  let dir: string;
  let target: TestDb;
  let empty: TestDb;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'steward-cli-backup-'));
    [target, empty] = await Promise.all([createTestDb(), createTestDb()]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('backup writes a file; restore loads it into an empty database, whose audit log verifies', async () => {
    const file = path.join(dir, 'harbourview.backup');
    const b = await steward(['backup', file, '--json']);
    expect(b.code, b.stderr).toBe(0);
    const m = JSON.parse(b.stdout);
    expect(m.schemaVersion).toBe(LATEST_MIGRATION);
    expect(m.tables.contracts.rows).toBeGreaterThan(5);
    expect(m.tables.documents.rows).toBeGreaterThan(0);
    // The backup is itself audited (after the snapshot).
    const audited = await tdb.db.selectFrom('audit_log').select('seq').where('action', '=', 'backup.create').execute();
    expect(audited).toHaveLength(1);

    const r = await steward(['restore', file, '--json'], { url: target.url });
    expect(r.code, r.stderr).toBe(0);
    const rows = Object.values(m.tables as Record<string, { rows: number }>).reduce((a, t) => a + t.rows, 0);
    expect(JSON.parse(r.stdout)).toEqual({ tables: Object.keys(m.tables).length, rows, schemaVersion: LATEST_MIGRATION });
    const cut = path.join(dir, 'cut.backup');
    writeFileSync(cut, readFileSync(file).subarray(0, 5000));
    const [v, again, damaged, missing] = await Promise.all([
      steward(['audit', 'verify', '--json'], { url: target.url }),
      steward(['restore', file], { url: target.url }),
      steward(['restore', cut], { url: empty.url }),
      steward(['restore', path.join(dir, 'missing.backup')], { url: empty.url }),
    ]);
    expect(v.code, v.stderr).toBe(0);
    // Every restored entry, plus the restore's own entry.
    expect(JSON.parse(v.stdout)).toEqual({ ok: true, checked: m.tables.audit_log.rows + 1, problem: null });
    const c = new Client(app(target.db), '10.50.0.7');
    expect((await c.login(DEMO_ACCOUNTS[0].email, DEMO_PASSWORD)).status).toBe(200);
    expectRefusal(again, /The database is not empty/);
    expectRefusal(damaged, /is damaged or incomplete \(the file is truncated\)\. Nothing was restored\./);
    expectRefusal(missing, /No backup file at/);
    expect(await empty.db.selectFrom('users').select('id').execute()).toHaveLength(0);
  });
});

describe('audit verify', () => {
  it('reports an intact chain, then the exact entry edited behind its back, with exit code 2', async () => {
    const ok = await steward(['audit', 'verify']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^Audit log intact: \d+ entries checked\./);

    const victim = await tdb.db
      .selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'user.create')
      .orderBy('seq')
      .offset(3)
      .limit(1)
      .executeTakeFirstOrThrow();
    const s = await tdb.superClient();
    try {
      await s.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await s.query(`UPDATE audit_log SET actor_email = 'someone.else@example.org' WHERE seq = $1`, [victim.seq]);
      await s.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    } finally {
      await s.end();
    }
    const [json, text] = await Promise.all([steward(['audit', 'verify', '--json']), steward(['audit', 'verify'])]);
    expect(json.code, json.stderr).toBe(2);
    const j = JSON.parse(json.stdout);
    expect(j).toMatchObject({ ok: false, problem: { seq: String(victim.seq), kind: 'edited' } });
    const before = await tdb.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('seq', '<', victim.seq)
      .executeTakeFirstOrThrow();
    expect(j.checked).toBe(Number(before.n));
    expect(text.code).toBe(2);
    expect(text.stdout).toContain(`Audit log BROKEN at entry ${victim.seq}: Entry ${victim.seq} was edited after it was written.`);
  });
});
