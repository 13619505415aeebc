/**
 * Backup and restore: a backup restored into a fresh database reads back identical, table by
 * table and byte by byte; damaged, truncated or forged archives are refused without writing
 * anything; a restore never touches a database that has data; a backup taken while others
 * write is one consistent snapshot.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { Db } from '../db/database.js';
import { createContract } from '../features/contracts/contracts.service.js';
import { uploadDocument } from '../features/documents/documents.service.js';
import { verifyAuditChain } from '../platform/audit/audit.js';
import { createLogger } from '../platform/logger.js';
import { Client, contractInput, createTestDb, createWorld, systemCtx, testConfig, type TestDb, type World } from '../test/harness.js';
import { type BackupManifest, backupDatabase, readBackup, restoreDatabase } from './backup.js';
import { UserError } from './runtime.js';

let w: World;
let dir: string;
let archive: string;
let manifest: BackupManifest;
/** Fresh migrated databases (made in hooks: the harness drops them after the file). */
let target: TestDb;
let empty: TestDb;
let concurrentTarget: TestDb;
/** A PNG (signature, IHDR, then one IDAT chunk) whose data is every byte value and 3 MB of random bytes. */
const payload = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(3 * 1024 * 1024)]);
const idatLength = Buffer.alloc(4);
idatLength.writeUInt32BE(payload.length);
const binary = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
  idatLength,
  Buffer.from('IDAT'),
  payload,
  Buffer.alloc(4),
]);

/** Every public table, every row, every column as PostgreSQL's exact text (read independently of backup.ts). */
async function snapshot(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  await db.transaction().execute(async (tx) => {
    await sql`SET LOCAL TimeZone = 'UTC'`.execute(tx);
    const tables = await sql<{ relname: string }>`
      SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT LIKE 'kysely%' ORDER BY 1`.execute(tx);
    for (const { relname } of tables.rows) {
      const r = await sql<{ j: string }>`SELECT row_to_json(t)::text AS j FROM ${sql.table(relname)} t ORDER BY 1`.execute(tx);
      out[relname] = r.rows.map((x) => x.j);
    }
  });
  return out;
}

async function rowCount(db: Db): Promise<number> {
  const s = await snapshot(db);
  return Object.values(s).reduce((a, rows) => a + rows.length, 0);
}

/** Rewrite an archive's uncompressed lines and recompute every checksum, as a forger would. */
function forge(src: string, dst: string, edit: (lines: string[]) => void) {
  const lines = gunzipSync(readFileSync(src)).toString('utf8').split('\n');
  lines.pop();
  const m = JSON.parse(lines.pop()!).manifest as BackupManifest;
  edit(lines);
  const header = JSON.parse(lines[0]);
  m.schemaVersion = header.schemaVersion;
  let table = '';
  const hashes: Record<string, ReturnType<typeof createHash>> = {};
  const counts: Record<string, number> = {};
  for (const line of lines.slice(1)) {
    if (line.startsWith('{')) {
      table = JSON.parse(line).table;
      hashes[table] = createHash('sha256');
      counts[table] = 0;
    } else {
      hashes[table].update(`${line}\n`);
      counts[table]++;
    }
  }
  for (const t of Object.keys(m.tables)) m.tables[t] = { rows: counts[t], sha256: hashes[t].digest('hex') };
  m.sha256 = createHash('sha256')
    .update(lines.map((l) => `${l}\n`).join(''))
    .digest('hex');
  writeFileSync(dst, gzipSync(`${lines.map((l) => `${l}\n`).join('')}${JSON.stringify({ manifest: m })}\n`));
}

/** Restore must refuse `file` with `message`, and the empty target must stay empty. */
async function expectRefused(file: string, message: RegExp): Promise<void> {
  const err = await restoreDatabase(empty.db, file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  expect((err as Error).message).toMatch(message);
  expect((err as Error).message).toMatch(/Nothing was restored/);
  expect(await rowCount(empty.db)).toBe(0);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'steward-backup-test-'));
  archive = path.join(dir, 'steward.backup');
  w = await createWorld();
  [target, empty, concurrentTarget] = await Promise.all([createTestDb(), createTestDb(), createTestDb()]);
  const ctx = systemCtx(w.db);
  const c1 = await w.contract({
    value: '1234.56',
    ceiling: '99999999999999.99',
    title: 'Ünïcödé “quotes” \\ back\\slash\nnew line 🚀',
    tags: ['a,b', 'c"d', 'plain'],
    options: [{ description: 'Extend', startDate: '2027-01-01', endDate: '2027-12-31' }],
  });
  await w.contract({ value: '0.01', ceiling: '0.01' });
  const procurement = {
    ...ctx,
    actor: {
      userId: w.users.procurement.id,
      email: w.users.procurement.email,
      role: 'procurement' as const,
      departmentId: null,
      vendorId: null,
    },
  };
  await uploadDocument(procurement, c1.id, { filename: 'diagram.png', bytes: binary, sharedWithVendor: true });
  const s = await w.tdb.superClient();
  await s.query(`UPDATE users SET last_login_at = '2026-03-04 05:06:07.123456+00' WHERE email = $1`, [w.users.auditor.email]);
  await s.end();
  // Sessions, login attempts and audit entries through the app.
  const p = await w.as('procurement');
  expect((await p.post('/api/contracts', contractInput(w))).status).toBe(201);
  await w.anonymous().login(w.users.buyerA.email, 'wrong-password');
  manifest = await backupDatabase(w.db, archive);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('backup', () => {
  it('writes every table with its row count and checksum, owner-readable only, with no temporary file left', async () => {
    const expected = await snapshot(w.db);
    // The backup's own audit entry is written by the CLI afterwards; the snapshot above has none.
    for (const [table, rows] of Object.entries(expected)) expect(manifest.tables[table]?.rows, table).toBe(rows.length);
    expect(Object.keys(manifest.tables).sort()).toEqual(Object.keys(expected).sort());
    expect(manifest.tables.documents.rows).toBe(1);
    expect(manifest.schemaVersion).toMatch(/^\d{4}_/);
    expect(manifest.postgresVersion).toMatch(/^\d+/);
    expect(statSync(archive).mode & 0o777).toBe(0o600);
    expect(existsSync(`${archive}.tmp`)).toBe(false);
    const { header } = await readBackup(archive);
    expect(header.tables.find((t) => t.name === 'documents')?.columns.find((c) => c.name === 'content')?.encoding).toBe('base64');
    // Generated columns are recomputed, not stored.
    expect(header.tables.find((t) => t.name === 'contracts')?.columns.map((c) => c.name)).not.toContain('search');
  });

  it('refuses a path it cannot write with a plain sentence', async () => {
    await expect(backupDatabase(w.db, path.join(dir, 'no-such-folder', 'x.backup'))).rejects.toThrow(
      /Cannot write the backup to .*folder does not exist/,
    );
  });
});

describe('restore', () => {
  it('loads into an empty database and every table reads back identical', async () => {
    const r = await restoreDatabase(target.db, archive);
    expect(r.schemaVersion).toBe(manifest.schemaVersion);
    expect(r.tables).toBe(Object.keys(manifest.tables).length);
    expect(r.rows).toBe(Object.values(manifest.tables).reduce((a, t) => a + t.rows, 0));
    expect(await snapshot(target.db)).toEqual(await snapshot(w.db));
    const doc = await target.db.selectFrom('documents').select(['content', 'sha256']).executeTakeFirstOrThrow();
    expect(Buffer.compare(doc.content as Buffer, binary)).toBe(0);
    const c = await target.db
      .selectFrom('contracts')
      .select(['value', 'ceiling', 'title', 'tags', 'search'])
      .where('value', '=', '1234.56')
      .executeTakeFirstOrThrow();
    expect(c.ceiling).toBe('99999999999999.99');
    expect(c.tags).toEqual(['a,b', 'c"d', 'plain']);
    expect(c.title).toContain('\\ back\\slash\nnew line 🚀');
    // The generated search column is computed again on restore, to the same value.
    expect(c.search).toContain('back\\slash\nnew line 🚀');
    const s = await target.superClient();
    await s.query(`SET TimeZone = 'UTC'`);
    const u = await s.query('SELECT last_login_at::text AS t FROM users WHERE email = $1', [w.users.auditor.email]);
    await s.end();
    expect(u.rows[0].t).toBe('2026-03-04 05:06:07.123456+00');
  });

  it('restores an audit chain that verifies, and sequences that continue after the highest value', async () => {
    const chain = await verifyAuditChain(target.db);
    expect(chain).toMatchObject({ ok: true, checked: manifest.tables.audit_log.rows });
    const app = createApp({ db: target.db, config: testConfig(), log: createLogger('silent'), serveWeb: false });
    const p = new Client(app, '10.77.0.1');
    expect((await p.login(w.users.procurement.email)).status).toBe(200);
    const created = await p.post('/api/contracts', contractInput(w));
    expect(created.status).toBe(201);
    const after = await verifyAuditChain(target.db);
    expect(after.ok).toBe(true);
    expect(after.checked).toBeGreaterThan(manifest.tables.audit_log.rows);
  });

  it('refuses a database that already has data, and changes nothing', async () => {
    const before = await snapshot(w.db);
    await expect(restoreDatabase(w.db, archive)).rejects.toThrow(/database is not empty \(.*users: \d+ rows/);
    expect(await snapshot(w.db)).toEqual(before);
  });

  it('refuses a missing file with a plain sentence', async () => {
    await expect(restoreDatabase(target.db, path.join(dir, 'nope.backup'))).rejects.toThrow(/^No backup file at /);
  });
});

describe('restore refuses a damaged or foreign archive and writes nothing', () => {
  it('a byte flipped in the middle', async () => {
    const bytes = readFileSync(archive);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    const f = path.join(dir, 'flipped.backup');
    writeFileSync(f, bytes);
    await expectRefused(f, /is damaged or incomplete/);
  });

  it('a truncated file', async () => {
    const bytes = readFileSync(archive);
    const f = path.join(dir, 'truncated.backup');
    writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    await expectRefused(f, /damaged or incomplete \(the file is truncated\)/);
    // Cut on a line boundary inside valid gzip: the manifest is missing.
    const lines = gunzipSync(bytes).toString('utf8').split('\n');
    writeFileSync(f, gzipSync(`${lines.slice(0, -2).join('\n')}\n`));
    await expectRefused(f, /ends before its manifest/);
  });

  it('a row changed without its checksum', async () => {
    const lines = gunzipSync(readFileSync(archive)).toString('utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('1234.56'));
    lines[i] = lines[i].replace('1234.56', '1234.57');
    const f = path.join(dir, 'edited.backup');
    writeFileSync(f, gzipSync(lines.join('\n')));
    await expectRefused(f, /checksum/);
  });

  it('a forged audit entry with every checksum recomputed (the chain check fails inside the transaction)', async () => {
    const f = path.join(dir, 'forged.backup');
    forge(archive, f, (lines) => {
      const i = lines.findIndex((l) => l.startsWith('[') && l.includes('contract.create'));
      lines[i] = lines[i].replace('contract.create', 'contract.delete');
    });
    await expectRefused(f, /audit log .* does not verify: Entry \d+ was edited/);
  });

  it('a backup from a newer schema', async () => {
    const f = path.join(dir, 'future.backup');
    forge(archive, f, (lines) => {
      const h = JSON.parse(lines[0]);
      h.schemaVersion = '9999_future';
      lines[0] = JSON.stringify(h);
    });
    await expectRefused(f, /made by a newer version of Steward \(database schema 9999_future\)/);
  });

  it('a file that is not a backup', async () => {
    const f = path.join(dir, 'notes.txt');
    writeFileSync(f, 'hello');
    await expectRefused(f, /not a gzip file/);
    writeFileSync(f, gzipSync('{"hello":1}\n'));
    await expectRefused(f, /is not a Steward backup/);
  });
});

describe('consistency', () => {
  it('a backup taken while another connection writes is one snapshot: counts match the rows, and every contract has its audit entry', async () => {
    const ctx = systemCtx(w.db);
    let stop = false;
    let written = 0;
    const writer = (async () => {
      while (!stop) {
        await createContract(ctx, contractInput(w));
        written++;
      }
    })();
    while (written < 3) await new Promise((r) => setTimeout(r, 10));
    const f = path.join(dir, 'concurrent.backup');
    const atStart = written;
    // Small pages: many round trips, so the writer commits while the backup is reading.
    const m = await backupDatabase(w.db, f, { pageRows: 3 });
    const atEnd = written;
    stop = true;
    await writer;
    expect(atEnd).toBeGreaterThan(atStart);

    const counted: Record<string, number> = {};
    let contractRows = 0;
    let contractAudits = 0;
    await readBackup(f, (table, values) => {
      counted[table] = (counted[table] ?? 0) + 1;
      if (table === 'contracts') contractRows++;
      if (table === 'audit_log' && values.includes('contract.create')) contractAudits++;
    });
    for (const [t, s] of Object.entries(m.tables)) expect(counted[t] ?? 0, t).toBe(s.rows);
    expect(contractAudits).toBe(contractRows);
    const inDb = await w.db
      .selectFrom('contracts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(inDb.n)).toBeGreaterThan(contractRows);
    // And it restores, chain and all.
    const r = await restoreDatabase(concurrentTarget.db, f);
    expect(r.rows).toBe(Object.values(m.tables).reduce((a, t) => a + t.rows, 0));
  });
});

describe('tables added by later migrations', () => {
  const ddl = `
    CREATE TABLE extra_identity (
      id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      doc json, f float8, r real, iv interval, arr int[], ts timestamp, d date, big bigint, blob bytea,
      twice int GENERATED ALWAYS AS (id * 2) STORED
    );
    CREATE TABLE extra_nokey (j json, b bytea);`;
  let source: TestDb;
  let dest: TestDb;
  beforeAll(async () => {
    [source, dest] = await Promise.all([createTestDb(), createTestDb()]);
    for (const t of [source, dest]) {
      const c = await t.superClient();
      await c.query(ddl);
      await c.end();
    }
  });

  it('round-trips identity, json, float, interval, array, timestamp and bytea columns and tables without a key', async () => {
    const c = await source.superClient();
    await c.query(`INSERT INTO extra_identity (doc, f, r, iv, arr, ts, d, big, blob) VALUES
      ('{"b": 1,  "a": [1, 2]}', 0.1 + 0.2, 1.1, '1 year 2 mons 3 days 04:05:06.789', '{1,NULL,3}', '2026-01-02 03:04:05.678901', '2026-02-28', 9007199254740993, '\\x00ff'),
      (NULL, 'NaN', '-Infinity', '-1 day', '{}', 'infinity', '0001-01-01 BC', -9223372036854775808, NULL)`);
    await c.query(`INSERT INTO extra_nokey VALUES ('[1, {"x": "y"}]', '\\x0102'), ('[1, {"x": "y"}]', '\\x0102'), (NULL, '')`);
    await c.end();
    const f = path.join(dir, 'extra.backup');
    const m = await backupDatabase(source.db, f);
    expect(m.tables.extra_identity.rows).toBe(2);
    expect(m.tables.extra_nokey.rows).toBe(3);
    await restoreDatabase(dest.db, f);
    expect(await snapshot(dest.db)).toEqual(await snapshot(source.db));
    const d = await dest.superClient();
    const next = await d.query(`INSERT INTO extra_identity (doc) VALUES (NULL) RETURNING id, twice`);
    const bytes = await d.query(`SELECT b FROM extra_nokey WHERE b IS NOT NULL ORDER BY length(b) DESC`);
    await d.end();
    expect(next.rows[0]).toEqual({ id: 3, twice: 6 });
    expect(bytes.rows.map((r) => (r.b as Buffer).toString('hex'))).toEqual(['0102', '0102', '']);
  });
});
