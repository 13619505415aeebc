/**
 * Backup and restore with nothing but a database connection (the embedded PostgreSQL ships no
 * pg_dump, and production may not have it either).
 *
 * Archive format "steward-backup", version 1: one gzip stream of UTF-8 JSON lines.
 *
 *   line 1      header: {"format":"steward-backup","formatVersion":1,"createdAt":ISO instant,
 *               "schemaVersion":newest migration applied,"postgresVersion":"17.10",
 *               "tables":[{"name":"departments","columns":[{"name":"id","type":"uuid","encoding":"text"},…]},…]}
 *               Tables are listed parents first (by foreign keys), which is the order they load in.
 *   per table   {"table":"departments"}, then one line per row: a JSON array holding each column's
 *               value as PostgreSQL's text output (time zone UTC, ISO dates: numerics, bigints and
 *               microsecond timestamps survive exactly) or, for encoding "base64", the bytea's bytes
 *               in base64. JSON null is SQL NULL.
 *   last line   {"manifest":{format, formatVersion, createdAt, schemaVersion, postgresVersion,
 *               "tables":{"departments":{"rows":N,"sha256":H},…},"sha256":A}}
 *               H is the SHA-256 of the table's row lines, each with its "\n"; A is the SHA-256 of
 *               every byte before the manifest line.
 *
 * Every table of the public schema is included, documents' content too. Left out: generated
 * columns (PostgreSQL computes them again) and Kysely's migration tables (the header's schema
 * version stands for them; a restore target has its own, from migrating on open).
 *
 * The backup reads one snapshot (a REPEATABLE READ, READ ONLY transaction) through a cursor in
 * pages bounded by rows and bytes, and writes FILE.tmp, then renames it: a crash never leaves a
 * half-written file under the real name. The file is readable by its owner only (it holds
 * password hashes).
 *
 * A restore reads and verifies the whole archive first (gzip integrity, row shapes, per-table
 * counts and checksums, overall checksum, schema version equal to this database's), then loads
 * it into an empty database in one transaction: it inserts every row, checks that every table
 * reads back exactly as archived and that the audit chain verifies, sets every sequence past
 * the highest restored value, and only then commits. Any failure leaves the database untouched.
 */
import { createHash } from 'node:crypto';
import { type WriteStream, createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { CompiledQuery } from 'kysely';
import { type Db, type DbOrTx, type Tx, schemaVersion as currentSchemaVersion } from '../db/database.js';
import { migrations } from '../db/migrations/index.js';
import { verifyAuditChain } from '../platform/audit/audit.js';
import { UserError } from './runtime.js';

export const BACKUP_FORMAT = 'steward-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** Kysely's bookkeeping: represented by the schema version, never copied. */
const SKIPPED_TABLES = ['kysely_migration', 'kysely_migration_lock'];
/** Aim for pages of about this many bytes, so tables of large documents never sit in memory whole. */
const PAGE_BYTES = 8 * 1024 * 1024;
const DEFAULT_PAGE_ROWS = 1000;
/** Stay well under PostgreSQL's 65 535 bind parameters per statement. */
const MAX_PARAMS = 30_000;

export interface BackupColumn {
  name: string;
  /** The column's type as PostgreSQL spells it (format_type), used to cast values on restore. */
  type: string;
  encoding: 'text' | 'base64';
}

export interface BackupTable {
  name: string;
  columns: BackupColumn[];
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  schemaVersion: string | null;
  postgresVersion: string;
  tables: BackupTable[];
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  schemaVersion: string | null;
  postgresVersion: string;
  tables: Record<string, { rows: number; sha256: string }>;
  /** SHA-256 of every byte of the archive before the manifest line (uncompressed). */
  sha256: string;
}

export interface BackupOptions {
  /** Most rows fetched per page (fewer for tables with large rows). */
  pageRows?: number;
}

export interface RestoreResult {
  tables: number;
  rows: number;
  schemaVersion: string | null;
}

// ---------------------------------------------------------------------------------------------
// Catalog

interface TableInfo extends BackupTable {
  primaryKey: string[];
}

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

async function run<R = Record<string, unknown>>(db: DbOrTx, text: string, params: unknown[] = []): Promise<R[]> {
  const r = await db.executeQuery<R>(CompiledQuery.raw(text, params));
  return r.rows;
}

/** The public schema's tables (parents before children) and their stored columns. */
async function readCatalog(db: DbOrTx): Promise<TableInfo[]> {
  const tables = await run<{ name: string; pk: string[] | null }>(
    db,
    `SELECT c.relname AS name,
            (SELECT json_agg(a.attname ORDER BY k.ord)
               FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum) AS pk
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.relname <> ALL ($1::text[])
      ORDER BY c.relname`,
    [SKIPPED_TABLES],
  );
  const columns = await run<{ table: string; name: string; type: string; is_bytea: boolean }>(
    db,
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            a.atttypid = 'bytea'::regtype AS is_bytea
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY c.relname, a.attnum`,
  );
  const fks = await run<{ child: string; parent: string }>(
    db,
    `SELECT ch.relname AS child, pa.relname AS parent
       FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid
       JOIN pg_class pa ON pa.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = ch.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public'`,
  );
  const byName = new Map<string, TableInfo>();
  for (const t of tables) byName.set(t.name, { name: t.name, columns: [], primaryKey: t.pk ?? [] });
  for (const c of columns) {
    byName.get(c.table)?.columns.push({ name: c.name, type: c.type, encoding: c.is_bytea ? 'base64' : 'text' });
  }
  // Kahn's algorithm, alphabetical among equals; tables in a cycle (none today) go last.
  const parents = new Map<string, Set<string>>([...byName.keys()].map((n) => [n, new Set<string>()]));
  for (const fk of fks) if (fk.child !== fk.parent && byName.has(fk.child) && byName.has(fk.parent)) parents.get(fk.child)!.add(fk.parent);
  const order: TableInfo[] = [];
  const placed = new Set<string>();
  while (placed.size < byName.size) {
    const ready = [...byName.keys()].filter((n) => !placed.has(n) && [...parents.get(n)!].every((p) => placed.has(p)));
    const next = ready.length ? ready : [...byName.keys()].filter((n) => !placed.has(n));
    for (const n of next.sort()) {
      placed.add(n);
      order.push(byName.get(n)!);
    }
  }
  return order;
}

/** SELECT list that reads every archived column as text (bytea as base64). */
function selectList(t: BackupTable): string {
  return t.columns
    .map((c, i) =>
      c.encoding === 'base64' ? `translate(encode(${q(c.name)}, 'base64'), E'\\n', '') AS c${i}` : `${q(c.name)}::text AS c${i}`,
    )
    .join(', ');
}

/** Output settings that make PostgreSQL's text output exact and independent of the server's defaults. */
async function setExactOutput(tx: Tx): Promise<void> {
  await run(tx, `SET LOCAL TimeZone = 'UTC'`);
  await run(tx, `SET LOCAL DateStyle = 'ISO, YMD'`);
  await run(tx, `SET LOCAL IntervalStyle = 'postgres'`);
  await run(tx, `SET LOCAL extra_float_digits = 3`);
  await run(tx, `SET LOCAL bytea_output = 'hex'`);
}

/**
 * Read a table through a cursor, in pages of at most `pageRows` rows and about PAGE_BYTES bytes,
 * and hand each row's archive line to `onLine`.
 */
async function scanTable(tx: Tx, t: TableInfo, pageRows: number, onLine: (line: string) => Promise<void> | void): Promise<void> {
  if (t.columns.length === 0) return;
  // Key order makes archives easy to read and diff; nothing depends on it (restore compares an
  // order-independent digest), so a table without a primary key is read as it lies.
  const order = t.primaryKey.length ? ` ORDER BY ${t.primaryKey.map(q).join(', ')}` : '';
  await run(tx, `DECLARE steward_scan NO SCROLL CURSOR FOR SELECT ${selectList(t)} FROM public.${q(t.name)}${order}`);
  try {
    let size = t.columns.some((c) => c.encoding === 'base64') ? 1 : pageRows;
    let widest = 1;
    while (true) {
      const rows = await run<Record<string, string | null>>(tx, `FETCH FORWARD ${size} FROM steward_scan`);
      for (const r of rows) {
        const line = JSON.stringify(t.columns.map((_, i) => r[`c${i}`] ?? null));
        widest = Math.max(widest, line.length);
        await onLine(line);
      }
      if (rows.length < size) break;
      size = Math.max(1, Math.min(pageRows, Math.floor(PAGE_BYTES / widest)));
    }
  } finally {
    await run(tx, 'CLOSE steward_scan');
  }
}

// ---------------------------------------------------------------------------------------------
// Backup

function fileError(e: unknown, file: string, doing: string): never {
  const err = e as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    ENOENT: 'the folder does not exist',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOSPC: 'the disk is full',
    EISDIR: 'it is a folder',
    EROFS: 'the file system is read-only',
  };
  if (err?.code && why[err.code]) throw new UserError(`Cannot ${doing} ${file}: ${why[err.code]}.`);
  throw e;
}

/** Write a consistent snapshot of every table to `file` (see the format above). */
export async function backupDatabase(db: Db, file: string, opts: BackupOptions = {}): Promise<BackupManifest> {
  const pageRows = Math.max(1, opts.pageRows ?? DEFAULT_PAGE_ROWS);
  const target = path.resolve(file);
  const tmp = `${target}.tmp`;
  let out: WriteStream;
  try {
    out = (await fs.open(tmp, 'w', 0o600)).createWriteStream();
  } catch (e) {
    fileError(e, file, 'write the backup to');
  }
  const gz = createGzip({ level: 6 });
  const written = pipeline(gz, out);
  written.catch(() => {});
  const overall = createHash('sha256');
  const write = async (line: string) => {
    const buf = Buffer.from(`${line}\n`, 'utf8');
    overall.update(buf);
    if (!gz.write(buf)) await Promise.race([once(gz, 'drain'), written]);
  };

  try {
    const manifest = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (tx) => {
        await setExactOutput(tx);
        // The first query fixes the snapshot; everything below reads that one moment.
        const tables = await readCatalog(tx);
        const version = await currentSchemaVersion(tx);
        const [{ server_version: postgresVersion }] = await run<{ server_version: string }>(tx, 'SHOW server_version');
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          formatVersion: BACKUP_FORMAT_VERSION,
          createdAt: new Date().toISOString(),
          schemaVersion: version,
          postgresVersion,
          tables: tables.map((t) => ({ name: t.name, columns: t.columns })),
        };
        await write(JSON.stringify(header));
        const summary: BackupManifest['tables'] = {};
        for (const t of tables) {
          await write(JSON.stringify({ table: t.name }));
          const h = createHash('sha256');
          let rows = 0;
          await scanTable(tx, t, pageRows, async (line) => {
            h.update(`${line}\n`, 'utf8');
            rows++;
            await write(line);
          });
          summary[t.name] = { rows, sha256: h.digest('hex') };
        }
        const m: BackupManifest = {
          format: BACKUP_FORMAT,
          formatVersion: BACKUP_FORMAT_VERSION,
          createdAt: header.createdAt,
          schemaVersion: version,
          postgresVersion,
          tables: summary,
          sha256: overall.copy().digest('hex'),
        };
        return m;
      });
    await write(JSON.stringify({ manifest }));
    gz.end();
    await written;
    const fh = await fs.open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, target);
    const dir = await fs.open(path.dirname(target), 'r').catch(() => null);
    await dir?.sync().catch(() => {});
    await dir?.close();
    return manifest;
  } catch (e) {
    gz.destroy();
    await written.catch(() => {});
    await fs.unlink(tmp).catch(() => {});
    if ((e as NodeJS.ErrnoException)?.code) fileError(e, file, 'write the backup to');
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading an archive

class Damaged extends UserError {}

function damaged(file: string, why: string): Damaged {
  return new Damaged(`The backup ${file} is damaged or incomplete (${why}). Nothing was restored.`);
}

/** The archive's lines (without "\n"), as raw bytes; gzip and file errors become Damaged. */
async function* archiveLines(file: string): AsyncGenerator<Buffer> {
  const src = createReadStream(file);
  const gunzip = createGunzip();
  src.on('error', (e) => gunzip.destroy(e));
  src.pipe(gunzip);
  let parts: Buffer[] = [];
  let ended = false;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let start = 0;
      let nl = chunk.indexOf(10, start);
      while (nl !== -1) {
        const piece = chunk.subarray(start, nl);
        const line = parts.length ? Buffer.concat([...parts, piece]) : piece;
        parts = [];
        yield line;
        start = nl + 1;
        nl = chunk.indexOf(10, start);
      }
      if (start < chunk.length) parts.push(chunk.subarray(start));
    }
    ended = true;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new UserError(`No backup file at ${file}.`);
    if (err.code === 'EACCES' || err.code === 'EPERM') throw new UserError(`Cannot read ${file}: permission denied.`);
    if (err.code === 'EISDIR') throw new UserError(`${file} is a folder, not a backup file.`);
    const why =
      err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message)
        ? 'the file is truncated'
        : err.code === 'Z_DATA_ERROR' && /header/i.test(err.message)
          ? 'it is not a gzip file'
          : `its compressed data is corrupt: ${err.message}`;
    throw damaged(file, why);
  } finally {
    if (!ended) {
      src.destroy();
      gunzip.destroy();
    }
  }
  if (parts.length) throw damaged(file, 'the last line is incomplete');
}

interface ScanHooks {
  /** Checks the header before any row is read (schema version, tables). */
  onHeader(h: BackupHeader): Promise<void> | void;
  onTable?(t: BackupTable): Promise<void> | void;
  onRow?(t: BackupTable, values: (string | null)[], line: Buffer): Promise<void> | void;
}

interface ScanResult {
  header: BackupHeader;
  manifest: BackupManifest;
  /** Order-independent digest of each table's rows (the sum of their SHA-256s), to compare with the database after loading. */
  digests: Map<string, bigint>;
}

const MOD256 = 1n << 256n;
function rowDigest(line: Buffer | string): bigint {
  return BigInt(`0x${createHash('sha256').update(line).update('\n').digest('hex')}`);
}

function parseJson(file: string, line: Buffer, what: string): unknown {
  try {
    return JSON.parse(line.toString('utf8'));
  } catch {
    throw damaged(file, `${what} is not valid JSON`);
  }
}

function isHeader(v: unknown): v is BackupHeader {
  const h = v as BackupHeader;
  return (
    !!h &&
    typeof h === 'object' &&
    Array.isArray(h.tables) &&
    h.tables.every(
      (t) =>
        t &&
        typeof t.name === 'string' &&
        Array.isArray(t.columns) &&
        t.columns.every(
          (c) => c && typeof c.name === 'string' && typeof c.type === 'string' && (c.encoding === 'text' || c.encoding === 'base64'),
        ),
    )
  );
}

/** Read the whole archive, checking its structure, counts and checksums as it goes. */
async function scanArchive(file: string, hooks: ScanHooks): Promise<ScanResult> {
  let header: BackupHeader | null = null;
  let manifest: BackupManifest | null = null;
  const overall = createHash('sha256');
  const tables = new Map<string, { table: BackupTable; rows: number; hash: ReturnType<typeof createHash> }>();
  const digests = new Map<string, bigint>();
  let current: { table: BackupTable; rows: number; hash: ReturnType<typeof createHash> } | null = null;
  const seen = new Set<string>();
  let lineNo = 0;

  for await (const line of archiveLines(file)) {
    lineNo++;
    if (manifest) {
      if (line.length) throw damaged(file, `unexpected data after the manifest, line ${lineNo}`);
      continue;
    }
    if (!header) {
      const h = parseJson(file, line, 'the first line');
      if (!h || typeof h !== 'object' || (h as BackupHeader).format !== BACKUP_FORMAT)
        throw new UserError(
          `${file} is not a Steward backup (its first line does not name the "${BACKUP_FORMAT}" format). Nothing was restored.`,
        );
      if ((h as BackupHeader).formatVersion !== BACKUP_FORMAT_VERSION)
        throw new UserError(
          `${file} uses backup format version ${(h as BackupHeader).formatVersion}; this Steward reads version ${BACKUP_FORMAT_VERSION}. Restore it with the Steward version that made it. Nothing was restored.`,
        );
      if (!isHeader(h)) throw damaged(file, 'its header is malformed');
      header = h;
      for (const t of h.tables) {
        tables.set(t.name, { table: t, rows: 0, hash: createHash('sha256') });
        digests.set(t.name, 0n);
      }
      overall.update(line).update('\n');
      await hooks.onHeader(h);
      continue;
    }
    if (line[0] === 0x5b /* [ */) {
      if (!current) throw damaged(file, `line ${lineNo} is a row outside any table`);
      const values = parseJson(file, line, `line ${lineNo}`);
      if (
        !Array.isArray(values) ||
        values.length !== current.table.columns.length ||
        !values.every((v) => v === null || typeof v === 'string')
      )
        throw damaged(file, `line ${lineNo} is not a row of ${current.table.name}`);
      overall.update(line).update('\n');
      current.hash.update(line).update('\n');
      current.rows++;
      digests.set(current.table.name, (digests.get(current.table.name)! + rowDigest(line)) % MOD256);
      await hooks.onRow?.(current.table, values as (string | null)[], line);
      continue;
    }
    const control = parseJson(file, line, `line ${lineNo}`) as { table?: unknown; manifest?: unknown } | null;
    if (control && typeof control.table === 'string') {
      const next = tables.get(control.table);
      if (!next) throw damaged(file, `line ${lineNo} starts table ${control.table}, which the header does not list`);
      if (seen.has(control.table)) throw damaged(file, `table ${control.table} appears twice`);
      seen.add(control.table);
      current = next;
      overall.update(line).update('\n');
      await hooks.onTable?.(next.table);
      continue;
    }
    if (control?.manifest && typeof control.manifest === 'object') {
      manifest = control.manifest as BackupManifest;
      continue;
    }
    throw damaged(file, `line ${lineNo} is neither a row, a table start nor the manifest`);
  }

  if (!header) throw damaged(file, 'it is empty');
  if (!manifest) throw damaged(file, 'it ends before its manifest, so it is truncated');
  if (manifest.sha256 !== overall.digest('hex')) throw damaged(file, 'its overall checksum does not match its content');
  if (manifest.schemaVersion !== header.schemaVersion) throw damaged(file, 'its manifest and header disagree on the schema version');
  const listed = manifest.tables && typeof manifest.tables === 'object' ? manifest.tables : {};
  if (Object.keys(listed).length !== tables.size) throw damaged(file, 'its manifest does not list the same tables as its header');
  for (const [name, t] of tables) {
    const m = listed[name];
    if (!m) throw damaged(file, `its manifest does not list table ${name}`);
    if (m.rows !== t.rows) throw damaged(file, `table ${name} has ${t.rows} rows but the manifest says ${m.rows}`);
    if (m.sha256 !== t.hash.digest('hex')) throw damaged(file, `the checksum of table ${name} does not match its rows`);
  }
  return { header, manifest, digests };
}

// ---------------------------------------------------------------------------------------------
// Restore

function checkSchema(file: string, h: BackupHeader, targetVersion: string | null, target: TableInfo[]): void {
  if (h.schemaVersion !== targetVersion) {
    const known = Object.keys(migrations);
    if (h.schemaVersion && !known.includes(h.schemaVersion))
      throw new UserError(
        `${file} was made by a newer version of Steward (database schema ${h.schemaVersion}); this version knows schemas up to ${known[known.length - 1]}. ` +
          'Upgrade Steward, then restore. Nothing was restored.',
      );
    throw new UserError(
      `${file} holds database schema ${h.schemaVersion ?? '(none)'}, but this database is at ${targetVersion ?? '(none)'}. ` +
        `Restore it with the Steward version that made it (into an empty database), then upgrade Steward. Nothing was restored.`,
    );
  }
  const describe = (t: BackupTable) => `${t.name}(${t.columns.map((c) => `${c.name} ${c.type} ${c.encoding}`).join(', ')})`;
  const mine = new Map(target.map((t) => [t.name, describe(t)]));
  const theirs = new Map(h.tables.map((t) => [t.name, describe(t)]));
  const differ = [...new Set([...mine.keys(), ...theirs.keys()])].filter((n) => mine.get(n) !== theirs.get(n)).sort();
  if (differ.length)
    throw new UserError(
      `${file} has the same schema version as this database but different tables or columns (${differ.join(', ')}). ` +
        'The database was changed by hand, or the backup was. Nothing was restored.',
    );
}

/** Tables holding rows, with their counts (kysely's own tables aside). */
async function nonEmptyTables(db: DbOrTx, tables: TableInfo[]): Promise<string[]> {
  const found: string[] = [];
  for (const t of tables) {
    const [r] = await run<{ n: string }>(db, `SELECT count(*)::text AS n FROM (SELECT 1 FROM public.${q(t.name)} LIMIT 1000001) x`);
    if (r.n !== '0') found.push(`${t.name}: ${r.n === '1000001' ? 'over a million' : r.n} rows`);
  }
  return found;
}

function refuseNonEmpty(found: string[]): never {
  throw new UserError(
    `The database is not empty (${found.join('; ')}). A restore loads only into an empty database: ` +
      'point DATABASE_URL at a new database (or STEWARD_HOME at a new folder) and restore there. Nothing was restored.',
  );
}

class Inserter {
  private rows: (string | null)[][] = [];
  private bytes = 0;
  private table: BackupTable | null = null;
  loaded = 0;
  constructor(private readonly tx: Tx) {}

  async add(t: BackupTable, values: (string | null)[], size: number): Promise<void> {
    if (this.table !== t) await this.flush();
    this.table = t;
    this.rows.push(values);
    this.bytes += size;
    if (this.bytes >= PAGE_BYTES || (this.rows.length + 1) * t.columns.length > MAX_PARAMS || this.rows.length >= DEFAULT_PAGE_ROWS)
      await this.flush();
  }

  async flush(): Promise<void> {
    const t = this.table;
    if (!t || this.rows.length === 0) return;
    const params: (string | null)[] = [];
    const tuples = this.rows.map((r) => {
      const cells = t.columns.map((c, i) => {
        params.push(r[i]);
        const p = `$${params.length}`;
        return c.encoding === 'base64' ? `decode(${p}::text, 'base64')` : `${p}::${c.type}`;
      });
      return `(${cells.join(', ')})`;
    });
    await run(
      this.tx,
      `INSERT INTO public.${q(t.name)} (${t.columns.map((c) => q(c.name)).join(', ')}) OVERRIDING SYSTEM VALUE VALUES ${tuples.join(', ')}`,
      params,
    );
    this.loaded += this.rows.length;
    this.rows = [];
    this.bytes = 0;
  }
}

/** Point every sequence owned by a column (serial, identity) past the largest value restored. */
async function resetSequences(tx: Tx): Promise<void> {
  const seqs = await run<{ seq: string; tbl: string; col: string }>(
    tx,
    `SELECT s.oid::regclass::text AS seq, t.relname AS tbl, a.attname AS col
       FROM pg_depend d
       JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
       JOIN pg_class t ON t.oid = d.refobjid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
      WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
        AND d.deptype IN ('a', 'i') AND n.nspname = 'public'`,
  );
  for (const s of seqs) {
    await run(
      tx,
      `SELECT setval($1::regclass, m) FROM (SELECT max(${q(s.col)})::bigint AS m FROM public.${q(s.tbl)}) x WHERE m IS NOT NULL`,
      [s.seq],
    );
  }
}

/** Load a backup into an empty database, verified as described at the top of this file. */
export async function restoreDatabase(db: Db, file: string): Promise<RestoreResult> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) throw new UserError(`${file} is not a file.`);
  } catch (e) {
    if (e instanceof UserError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(`No backup file at ${file}.`);
    throw e;
  }
  const target = await readCatalog(db);
  const targetVersion = await currentSchemaVersion(db);
  const full = await nonEmptyTables(db, target);
  if (full.length) refuseNonEmpty(full);

  // 1. Read and verify the whole archive before writing anything.
  const verified = await scanArchive(file, { onHeader: (h) => checkSchema(file, h, targetVersion, target) });

  // 2. Load it in one transaction, check it reads back identically, and only then commit.
  const byName = new Map(target.map((t) => [t.name, t]));
  try {
    return await db.transaction().execute(async (tx) => {
      await setExactOutput(tx);
      if (target.length) await run(tx, `LOCK TABLE ${target.map((t) => `public.${q(t.name)}`).join(', ')} IN EXCLUSIVE MODE`);
      const nowFull = await nonEmptyTables(tx, target);
      if (nowFull.length) refuseNonEmpty(nowFull);
      await run(tx, 'SET CONSTRAINTS ALL DEFERRED');

      const inserter = new Inserter(tx);
      const again = await scanArchive(file, {
        onHeader: (h) => checkSchema(file, h, targetVersion, target),
        onRow: (t, values, line) => inserter.add(t, values, line.length),
      });
      await inserter.flush();
      if (again.manifest.sha256 !== verified.manifest.sha256)
        throw new UserError(`${file} changed while it was being restored. Nothing was restored.`);

      let rows = 0;
      for (const [name, m] of Object.entries(again.manifest.tables)) {
        const [c] = await run<{ n: string }>(tx, `SELECT count(*)::text AS n FROM public.${q(name)}`);
        if (Number(c.n) !== m.rows)
          throw new UserError(`After loading, table ${name} has ${c.n} rows instead of ${m.rows}. Nothing was restored.`);
        rows += m.rows;
        let sum = 0n;
        await scanTable(tx, byName.get(name)!, DEFAULT_PAGE_ROWS, (line) => {
          sum = (sum + rowDigest(line)) % MOD256;
        });
        if (sum !== again.digests.get(name))
          throw new UserError(`After loading, table ${name} does not read back exactly as it was backed up. Nothing was restored.`);
      }
      if (byName.has('audit_log')) {
        const chain = await verifyAuditChain(tx);
        if (!chain.ok)
          throw new UserError(
            `The audit log in ${file} does not verify: ${chain.problem?.message ?? 'broken chain'} Nothing was restored.`,
          );
      }
      // Last, because setval is not undone by a rollback.
      await resetSequences(tx);
      return { tables: Object.keys(again.manifest.tables).length, rows, schemaVersion: again.header.schemaVersion };
    });
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`The backup could not be loaded (${(e as Error).message}). Nothing was restored.`);
  }
}

/** Read an archive's header, rows and manifest without a database (used by tests and tools). */
export async function readBackup(
  file: string,
  onRow?: (table: string, values: (string | null)[]) => void,
): Promise<{ header: BackupHeader; manifest: BackupManifest }> {
  const r = await scanArchive(file, { onHeader: () => {}, onRow: (t, v) => onRow?.(t.name, v) });
  return { header: r.header, manifest: r.manifest };
}
