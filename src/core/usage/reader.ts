/**
 * Reading a whole usage file: bytes or text in, batches of records and rejections out, and a
 * summary (rows read, imported, rejected with reasons, billed cost per currency). Pure and
 * synchronous per chunk, so the importer can drive it from any stream and stop where it likes.
 */
import { type CsvOptions, type CsvRow, CsvTokenizer } from './csv-tokenizer.js';
import { type DecimalSum, addToSum } from './decimal.js';
import { UsageFileError } from './errors.js';
import type { FocusVersion } from './focus.js';
import { type NormaliseOptions, UsageNormaliser } from './normalise.js';
import type { Rejection, UsageRecord } from './record.js';
import { SNIFF_BYTES, binaryFileProblem } from './sniff.js';

export interface UsageReadOptions extends NormaliseOptions, CsvOptions {
  /** How many rejections the summary keeps in full (all are counted); 1000 unless said. */
  keepRejections?: number;
}

/** What one chunk produced. */
export interface UsageBatch {
  records: UsageRecord[];
  rejections: Rejection[];
}

export interface UsageReadSummary {
  source: 'focus' | 'mapping' | null;
  focusVersion: FocusVersion | null;
  /** Data rows read (the header is not counted). */
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  /** The first `keepRejections` rejections, in file order. */
  rejections: Rejection[];
  /** Total BilledCost of the imported rows, per billing currency, exact. */
  billedCost: Record<string, string>;
  /** Earliest ChargePeriodStart and latest ChargePeriodEnd of the imported rows. */
  firstChargeStart: string | null;
  lastChargeEnd: string | null;
  /** Header columns that were not used. */
  ignoredColumns: string[];
}

/** Bytes (or characters) per batch when `read` splits large chunks. */
export const READ_SLICE = 64 * 1024;

/** Reads one usage file; feed it chunks with `push`, then `end`, or iterate `read(source)`. */
export class UsageFileReader {
  private readonly tokenizer: CsvTokenizer;
  private readonly options: UsageReadOptions;
  private readonly keep: number;
  private normaliser: UsageNormaliser | null = null;
  private head: Uint8Array[] | null = [];
  private headBytes = 0;
  private rowsRead = 0;
  private rowsImported = 0;
  private rowsRejected = 0;
  private readonly rejections: Rejection[] = [];
  private readonly totals = new Map<string, DecimalSum>();
  private first: string | null = null;
  private last: string | null = null;

  constructor(options: UsageReadOptions = {}) {
    this.options = options;
    this.keep = options.keepRejections ?? 1000;
    this.tokenizer = new CsvTokenizer(options);
  }

  /** Feed the next chunk (text, or bytes in UTF-8). Chunks of about 64 KB keep memory and garbage collection low. */
  push(chunk: string | Uint8Array): UsageBatch {
    if (typeof chunk !== 'string' && this.head) {
      // Hold the first bytes back until there are enough to tell a binary file from text.
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes < SNIFF_BYTES) return { records: [], rejections: [] };
      return this.releaseHead();
    }
    if (this.head) {
      if (this.headBytes) throw new Error('Do not mix text and byte chunks in one usage file.');
      this.head = null;
    }
    return this.take(this.tokenizer.write(chunk));
  }

  /** The input is complete. */
  end(): UsageBatch {
    const batch = this.head ? this.releaseHead() : { records: [], rejections: [] };
    const last = this.take(this.tokenizer.end());
    batch.records.push(...last.records);
    batch.rejections.push(...last.rejections);
    if (!this.normaliser) throw new UsageFileError('no_header', 'The file is empty: it has no header row and no data.');
    return batch;
  }

  /** Read a whole source, yielding the batch of each chunk that produced anything. */
  async *read(source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): AsyncGenerator<UsageBatch> {
    for await (const chunk of source) {
      // Large chunks are read in slices so each batch stays small (short-lived objects are cheap
      // to collect; a batch of a whole megabyte outlives the young generation).
      for (let at = 0; at < chunk.length; at += READ_SLICE) {
        const piece =
          chunk.length <= READ_SLICE
            ? chunk
            : typeof chunk === 'string'
              ? chunk.slice(at, at + READ_SLICE)
              : chunk.subarray(at, at + READ_SLICE);
        const b = this.push(piece);
        if (b.records.length || b.rejections.length) yield b;
      }
    }
    const b = this.end();
    if (b.records.length || b.rejections.length) yield b;
  }

  /** Figures so far (final after `end`). */
  summary(): UsageReadSummary {
    const billedCost: Record<string, string> = {};
    for (const [c, s] of [...this.totals].sort(([a], [b]) => (a < b ? -1 : 1))) billedCost[c] = s.toString();
    return {
      source: this.normaliser?.source ?? null,
      focusVersion: this.normaliser?.focusVersion ?? null,
      rowsRead: this.rowsRead,
      rowsImported: this.rowsImported,
      rowsRejected: this.rowsRejected,
      rejections: [...this.rejections],
      billedCost,
      firstChargeStart: this.first,
      lastChargeEnd: this.last,
      ignoredColumns: this.normaliser?.ignoredColumns ?? [],
    };
  }

  private releaseHead(): UsageBatch {
    const parts = this.head ?? [];
    this.head = null;
    const all = new Uint8Array(this.headBytes);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    const problem = binaryFileProblem(all);
    if (problem) throw new UsageFileError('not_csv', problem);
    return this.take(this.tokenizer.write(all));
  }

  private take(rows: CsvRow[]): UsageBatch {
    const records: UsageRecord[] = [];
    const rejections: Rejection[] = [];
    let i = 0;
    if (!this.normaliser && rows.length) {
      this.normaliser = new UsageNormaliser(rows[0].fields, this.options);
      i = 1;
    }
    const n = this.normaliser;
    for (; i < rows.length; i++) {
      this.rowsRead++;
      const res = (n as UsageNormaliser).normalise(rows[i]);
      if (res.ok) {
        const r = res.record;
        records.push(r);
        this.rowsImported++;
        addToSum(this.totals, r.billingCurrency, r.billedCost);
        if (this.first === null || r.chargePeriodStart < this.first) this.first = r.chargePeriodStart;
        if (this.last === null || r.chargePeriodEnd > this.last) this.last = r.chargePeriodEnd;
      } else {
        rejections.push(res.rejection);
        this.rowsRejected++;
        if (this.rejections.length < this.keep) this.rejections.push(res.rejection);
      }
    }
    return { records, rejections };
  }
}

/** Read a whole file held in memory (tests, small uploads); returns every record and the summary. */
export function readUsageText(
  input: string | Uint8Array,
  options?: UsageReadOptions,
): { records: UsageRecord[]; summary: UsageReadSummary } {
  const reader = new UsageFileReader(options);
  const a = reader.push(input);
  const b = reader.end();
  return { records: [...a.records, ...b.records], summary: reader.summary() };
}
