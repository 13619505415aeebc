/**
 * Importing cost and usage: a file (FOCUS, or CSV with a saved mapping; optionally gzip) or a
 * batch pushed as JSON. The bytes stream through the size and decompression guards, the CSV
 * reader and the catalog matcher straight into PostgreSQL's COPY, so memory stays flat whatever
 * the file's size. Everything happens in one transaction: a failure or a killed process leaves
 * nothing behind, and the same import can simply be run again. The same content imported twice
 * is recognised by its SHA-256 and refused, so nothing is counted twice.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { AppError } from '../../core/errors.js';
import { createByteLimit, createGuardedGunzip, isGzip } from '../../core/usage/guards.js';
import type { CatalogEntryLike } from '../../core/usage/match.js';
import { UsageAccumulator } from '../../core/usage/rollup.js';
import type { UsageColumnMapping } from '../../core/usage/normalise.js';
import { READ_SLICE, UsageFileReader } from '../../core/usage/reader.js';
import type { Rejection, UsageRecord } from '../../core/usage/record.js';
import { utcDay } from '../../core/usage/values.js';
import { type Db, type Tx, withDedicatedTransaction } from '../../db/database.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { afterContractChange } from '../../platform/changes.js';
import type { ServiceContext } from '../../platform/context.js';
import { authorizeContract } from '../contracts/contracts.service.js';
import type { ContractRow } from '../contracts/contracts.store.js';
import { lockContractUsage, mergeRollups, mergeSightings } from './usage.rollups.js';
import { loadSettings } from './usage.store.js';

/** Rows written to COPY per chunk. */
const COPY_BATCH = 2000;
/** Rejections kept in full on the import record and in an error. */
const KEEP_REJECTIONS = 100;

export interface ImportSummary {
  importId: string;
  source: 'focus' | 'csv' | 'api';
  focusVersion: string | null;
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  rowsUnmatched: number;
  rejections: Rejection[];
  billedCost: Record<string, string>;
  periodStart: string | null;
  periodEnd: string | null;
}

/** The department a row's spend counts under: its department tag, else the contract's department. */
export function departmentFrom(tag: string, fallback: string) {
  return (r: UsageRecord): string => {
    const v = r.tags[tag];
    return v === undefined || v === null || String(v).trim() === '' ? fallback : String(v).trim();
  };
}

// ---------- COPY text format ----------

const COPY_COLUMNS = [
  'import_id',
  'contract_id',
  'service_id',
  'day',
  'charge_period_start',
  'charge_period_end',
  'billing_account_id',
  'sub_account_id',
  'service_name',
  'sku_id',
  'resource_id',
  'resource_type',
  'region',
  'charge_category',
  'department',
  'allowed',
  'billed_cost',
  'effective_cost',
  'currency',
  'pricing_currency',
  'consumed_quantity',
  'consumed_unit',
  'pricing_quantity',
  'pricing_unit',
  'tags',
] as const;

const NEEDS_ESCAPE = /[\\\t\n\r]/;
/** One value in COPY's text format: \N for null; backslash, tab and line breaks escaped. */
function cell(v: string | null): string {
  if (v === null) return '\\N';
  if (!NEEDS_ESCAPE.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

// ---------- the pipeline ----------

export interface ImportSource {
  /** The raw bytes (plain or gzip-compressed CSV). */
  bytes?: AsyncIterable<Uint8Array> | Readable;
  /** Rows pushed through the API: FOCUS column IDs as keys. */
  records?: Record<string, unknown>[];
}

export interface ImportOptions {
  filename: string;
  mapping?: UsageColumnMapping | null;
  skipBadRows?: boolean;
  /** Most bytes a file may have, compressed or not. */
  maxBytes: number;
  /** Called as bytes are read (for progress bars). */
  onProgress?: (bytesRead: number) => void;
}

function counting(onProgress?: (n: number) => void): Transform {
  let n = 0;
  let lastReport = 0;
  return new Transform({
    transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback) {
      n += chunk.length;
      if (onProgress && n - lastReport >= 1 << 20) {
        lastReport = n;
        onProgress(n);
      }
      cb(null, chunk);
    },
    flush(cb) {
      onProgress?.(n);
      cb();
    },
  });
}

/** Pipe a source through stages; an error anywhere ends the last stage with that error. */
function chain(source: Readable, ...stages: Transform[]): Readable {
  const last = stages.at(-1) ?? source;
  let cur: Readable = source;
  for (const stage of stages) {
    cur.on('error', (e) => last.destroy(e));
    cur = cur.pipe(stage);
  }
  return cur;
}

/** Bytes in; when the first chunk starts like gzip, decompressed under the bomb guard. */
async function* plainBytes(source: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  let gaveFirst = false;
  const rest: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        if (gaveFirst) return it.next();
        gaveFirst = true;
        return first;
      },
      return: async () => {
        await it.return?.();
        return { done: true as const, value: undefined };
      },
    }),
  };
  if (!isGzip(first.value)) {
    yield* rest;
    return;
  }
  const gunzip = createGuardedGunzip({ maxBytes });
  const compressed = Readable.from(rest);
  compressed.on('error', (e) => gunzip.destroy(e));
  compressed.pipe(gunzip);
  for await (const c of gunzip) yield c as Buffer;
}

/** The JSON rows of a push, as CSV rows the same reader reads (header = the union of their keys). */
function* pushedAsCsv(records: Record<string, unknown>[]): Generator<string> {
  const cols = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const q = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
  };
  yield `${cols.map(q).join(',')}\n`;
  for (let i = 0; i < records.length; i += 500)
    yield records
      .slice(i, i + 500)
      .map((r) => `${cols.map((c) => q(r[c])).join(',')}\n`)
      .join('');
}

export async function loadCatalog(db: Db | Tx, contractId: string): Promise<CatalogEntryLike[]> {
  const rows = await db
    .selectFrom('usage_services')
    .select(['id', 'identifiers', 'provisioner_rule'])
    .where('contract_id', '=', contractId)
    .where('status', '=', 'approved')
    .execute();
  return rows.map((r) => ({
    key: r.id,
    identifiers: r.identifiers,
    provisioners: r.provisioner_rule,
  }));
}

/**
 * Import into a contract. The caller has authorised the action. Throws a `UsageFileError` for a
 * file that cannot be read, a 422 listing the bad rows (unless `skipBadRows`), or a 409 when the
 * same content was imported before; in every case nothing is written.
 */
export async function runImport(
  ctx: ServiceContext,
  contract: ContractRow,
  source: ImportSource,
  opts: ImportOptions,
): Promise<ImportSummary> {
  const importId = randomUUID();
  const settings = await loadSettings(ctx.db, contract.id);
  const dept = await ctx.db.selectFrom('departments').select('name').where('id', '=', contract.department_id).executeTakeFirstOrThrow();
  const reader = new UsageFileReader({
    mapping: opts.mapping ?? null,
    defaultCurrency: contract.currency,
    allowedCurrencies: [contract.currency],
    keepRejections: KEEP_REJECTIONS,
  });
  const hash = createHash('sha256');
  const sourceKind: ImportSummary['source'] = source.records ? 'api' : opts.mapping ? 'csv' : 'focus';

  const summary = await withDedicatedTransaction(ctx.db, async (client: pg.PoolClient, tx: Tx) => {
    // One import per contract at a time: the catalog and the duplicate check stay consistent.
    await lockContractUsage(tx, contract.id);
    const catalog = await loadCatalog(tx, contract.id);
    const acc = new UsageAccumulator(catalog, { departmentOf: departmentFrom(settings.departmentTag, dept.name) });
    let unmatched = 0;

    const line = (r: UsageRecord): string => {
      const { entry, allowed, department } = acc.add(r);
      const serviceId = entry?.key ?? null;
      if (!serviceId) unmatched++;
      const day = utcDay(r.chargePeriodStart);
      return [
        importId,
        contract.id,
        cell(serviceId),
        day,
        r.chargePeriodStart,
        r.chargePeriodEnd,
        cell(r.billingAccountId),
        cell(r.subAccountId),
        cell(r.serviceName),
        cell(r.skuId),
        cell(r.resourceId),
        cell(r.resourceType),
        cell(r.region),
        cell(r.chargeCategory),
        cell(department ?? ''),
        allowed ? 't' : 'f',
        r.billedCost,
        cell(r.effectiveCost),
        r.billingCurrency,
        cell(r.pricingCurrency),
        cell(r.consumedQuantity),
        cell(r.consumedUnit),
        cell(r.pricingQuantity),
        cell(r.pricingUnit),
        cell(JSON.stringify(r.tags)),
      ].join('\t');
    };

    const input: AsyncIterable<string | Uint8Array> = source.records
      ? Readable.from(pushedAsCsv(source.records))
      : plainBytes(
          chain(
            Readable.from((source.bytes ?? []) as AsyncIterable<Uint8Array>),
            createByteLimit(opts.maxBytes),
            counting(opts.onProgress),
          ),
          opts.maxBytes,
        );
    const rowsToCopy = async function* (): AsyncGenerator<string> {
      const out: string[] = [];
      for await (const chunk of input) {
        hash.update(chunk);
        // The reader works best on small slices (large ones cost time in garbage collection).
        for (let at = 0; at < chunk.length; at += READ_SLICE) {
          const slice = chunk.length <= READ_SLICE ? chunk : chunk.slice(at, at + READ_SLICE);
          for (const r of reader.push(slice).records) {
            out.push(line(r));
            if (out.length >= COPY_BATCH) yield `${out.splice(0).join('\n')}\n`;
          }
        }
      }
      for (const r of reader.end().records) out.push(line(r));
      if (out.length) yield `${out.join('\n')}\n`;
    };

    const copy = client.query(copyFrom(`COPY usage_records (${COPY_COLUMNS.join(', ')}) FROM STDIN`));
    await pipeline(Readable.from(rowsToCopy()), copy);

    const s = reader.summary();
    if (s.rowsRead === 0) throw new AppError('unprocessable', 'The file has a header but no rows of usage.');
    if (s.rowsRejected && !opts.skipBadRows)
      throw new AppError(
        'unprocessable',
        `${s.rowsRejected} of ${s.rowsRead} rows could not be read, so nothing was imported. Fix them, or import the good rows and list the bad ones.`,
        undefined,
        { rowsRead: s.rowsRead, rowsRejected: s.rowsRejected, rejections: s.rejections.slice(0, KEEP_REJECTIONS) },
      );
    if (s.rowsImported === 0)
      throw new AppError('unprocessable', 'No row of the file could be imported.', undefined, { rejections: s.rejections });

    const sha256 = hash.digest('hex');
    const prior = await tx
      .selectFrom('usage_imports')
      .select(['id', 'created_at', 'filename'])
      .where('contract_id', '=', contract.id)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (prior)
      throw new AppError(
        'conflict',
        `This file was already imported on ${prior.created_at.toISOString().slice(0, 10)} (as "${prior.filename}"); importing it again would count its costs twice.`,
        undefined,
        { importId: prior.id },
      );

    await mergeRollups(tx, contract.id, contract.currency, acc.rollups.rollups());
    await mergeSightings(tx, contract.id, acc.sightings.sightings());
    const result: ImportSummary = {
      importId,
      source: sourceKind,
      focusVersion: s.focusVersion,
      rowsRead: s.rowsRead,
      rowsImported: s.rowsImported,
      rowsRejected: s.rowsRejected,
      rowsUnmatched: unmatched,
      rejections: s.rejections.slice(0, KEEP_REJECTIONS),
      billedCost: s.billedCost,
      periodStart: s.firstChargeStart,
      periodEnd: s.lastChargeEnd,
    };
    await tx
      .insertInto('usage_imports')
      .values({
        id: importId,
        contract_id: contract.id,
        source: sourceKind,
        filename: opts.filename,
        sha256,
        focus_version: s.focusVersion,
        rows_read: s.rowsRead,
        rows_imported: s.rowsImported,
        rows_rejected: s.rowsRejected,
        rows_unmatched: unmatched,
        rejections: JSON.stringify(result.rejections),
        totals: JSON.stringify(s.billedCost),
        period_start: s.firstChargeStart ? new Date(s.firstChargeStart) : null,
        period_end: s.lastChargeEnd ? new Date(s.lastChargeEnd) : null,
        created_by: ctx.actor.role === 'system' ? null : ctx.actor.userId,
      })
      .execute();
    // Last, so the audit chain's lock is held only for the moment of the commit.
    await appendAudit(tx, ctx, {
      action: 'usage.import',
      entityType: 'contract',
      entityId: contract.id,
      after: {
        importId,
        filename: opts.filename,
        source: sourceKind,
        sha256,
        rowsRead: s.rowsRead,
        rowsImported: s.rowsImported,
        rowsRejected: s.rowsRejected,
        rowsUnmatched: unmatched,
        billedCost: s.billedCost,
      },
    });
    return result;
  });
  try {
    await afterContractChange(ctx.db, contract.id);
  } catch (err) {
    ctx.log.error({ err, contractId: contract.id, requestId: ctx.requestId }, 'could not refresh findings after a usage import');
  }
  return summary;
}

/** The importer's entry points with their permission checks. */
export async function importFile(
  ctx: ServiceContext,
  contractId: string,
  bytes: AsyncIterable<Uint8Array> | Readable,
  opts: Omit<ImportOptions, 'mapping'> & { mappingName?: string | null },
): Promise<ImportSummary> {
  const contract = await authorizeContract(ctx, contractId, 'usage.import');
  let mapping: UsageColumnMapping | null = null;
  if (opts.mappingName) {
    const m = await ctx.db
      .selectFrom('usage_mappings')
      .select('mapping')
      .where('contract_id', '=', contractId)
      .where('name', '=', opts.mappingName)
      .executeTakeFirst();
    if (!m)
      throw new AppError('validation_failed', `There is no saved column mapping named "${opts.mappingName}" on this contract.`, {
        mapping: 'is not a saved mapping',
      });
    mapping = m.mapping as unknown as UsageColumnMapping;
  }
  return runImport(ctx, contract, { bytes }, { ...opts, mapping });
}

export async function pushRecords(ctx: ServiceContext, contractId: string, records: Record<string, unknown>[]): Promise<ImportSummary> {
  const contract = await authorizeContract(ctx, contractId, 'usage.push');
  return runImport(
    ctx,
    contract,
    { records },
    { filename: `API push of ${records.length} records`, maxBytes: 64 * 1024 * 1024, skipBadRows: false },
  );
}
