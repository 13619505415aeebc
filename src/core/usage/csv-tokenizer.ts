/**
 * A streaming CSV tokenizer (RFC 4180): quoted and unquoted fields, "" inside quotes, CRLF, LF or
 * CR line ends, line breaks inside quoted fields, a UTF-8 byte-order mark. Chunks may be strings
 * or bytes and may end anywhere: inside a quoted field, between CR and LF, or in the middle of a
 * multi-byte UTF-8 character. Memory is bounded by the chunk plus one row, and a row or field over
 * its limit stops the read with an error naming the row.
 *
 * Leniencies, each deliberate: a quote inside an unquoted field is kept as text (5" screen), a
 * blank line is skipped, and a last line without a line break still counts. Text after a closing
 * quote ("a"b) is an error, since nobody can say what the field was meant to hold.
 */
import { UsageFileError } from './errors.js';

/** One record: its fields, its number (1-based; the header is row 1) and the physical line it starts on. */
export interface CsvRow {
  fields: string[];
  row: number;
  line: number;
}

export interface CsvOptions {
  /** One character; "," unless the file says otherwise (";" and tab are common). */
  delimiter?: string;
  /** Longest field, in characters. */
  maxFieldChars?: number;
  /** Longest row, in characters (delimiters and quotes included). */
  maxRowChars?: number;
  /** Most fields in a row. */
  maxFields?: number;
}

export const CSV_LIMITS = { maxFieldChars: 1 << 20, maxRowChars: 4 << 20, maxFields: 10_000 } as const;

const LF = 10;
const CR = 13;
const QUOTE = 34;

// Tokenizer states.
const ROW_START = 0;
const AFTER_CR = 1;
const FIELD_START = 2;
const UNQUOTED = 3;
const QUOTED = 4;
const QUOTE_SEEN = 5;

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/**
 * Feed it chunks with `write`, then call `end` once; each call returns the rows it completed.
 * Do not mix string and byte chunks in one stream.
 */
export class CsvTokenizer {
  private readonly delim: number;
  private readonly maxField: number;
  private readonly maxRow: number;
  private readonly maxFields: number;
  private state = ROW_START;
  private fields: string[] = [];
  /** Text of the current field taken from earlier chunks (or earlier pieces of a quoted field). */
  private partial = '';
  /** Characters of the current row seen in earlier chunks. */
  private carried = 0;
  private rowStart = 0;
  private rows = 0;
  private line = 1;
  private rowLine = 1;
  private prevCR = false;
  private sawNul = false;
  private started = false;
  private ended = false;
  private decoder: InstanceType<typeof TextDecoder> | null = null;

  constructor(options: CsvOptions = {}) {
    const d = options.delimiter ?? ',';
    if (d.length !== 1 || d === '"' || d === '\n' || d === '\r')
      throw new Error('The CSV delimiter must be one character other than a quote or a line break.');
    this.delim = d.charCodeAt(0);
    this.maxField = options.maxFieldChars ?? CSV_LIMITS.maxFieldChars;
    this.maxRow = options.maxRowChars ?? CSV_LIMITS.maxRowChars;
    this.maxFields = options.maxFields ?? CSV_LIMITS.maxFields;
  }

  /** Rows completed so far (the header included). */
  get rowCount(): number {
    return this.rows;
  }

  /** Feed the next chunk; returns the rows it completed. */
  write(chunk: string | Uint8Array): CsvRow[] {
    if (this.ended) throw new Error('write() after end()');
    let s: string;
    if (typeof chunk === 'string') s = chunk;
    else {
      this.decoder ??= new TextDecoder('utf-8', { fatal: true });
      try {
        s = this.decoder.decode(chunk, { stream: true });
      } catch {
        throw this.notUtf8();
      }
    }
    if (!this.started) {
      if (s.length === 0) return [];
      this.started = true;
      // TextDecoder drops a byte-order mark by itself; a string chunk may still carry one.
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const out: CsvRow[] = [];
    this.scan(s, out);
    return out;
  }

  /** The input is complete: returns the last row, if one was open. */
  end(): CsvRow[] {
    if (this.ended) return [];
    const out: CsvRow[] = [];
    if (this.decoder) {
      let rest: string;
      try {
        rest = this.decoder.decode();
      } catch {
        throw this.notUtf8();
      }
      if (rest) this.scan(rest, out);
    }
    this.ended = true;
    switch (this.state) {
      case QUOTED:
        throw new UsageFileError(
          'unterminated_quote',
          `Row ${this.rows + 1} (starting on line ${this.rowLine}) opens a quoted field that is never closed.`,
          { row: this.rows + 1, line: this.rowLine },
        );
      case UNQUOTED:
      case QUOTE_SEEN:
        this.pushField(this.partial);
        this.partial = '';
        this.emit(out, this.carried);
        break;
      case FIELD_START:
        this.pushField('');
        this.emit(out, this.carried);
        break;
    }
    this.state = ROW_START;
    return out;
  }

  private scan(s: string, out: CsvRow[]): void {
    const n = s.length;
    if (n === 0) return;
    if (!this.sawNul && s.indexOf('\u0000') !== -1) this.sawNul = true;
    const D = this.delim;
    const maxField = this.maxField;
    // The hot loop works on locals; the instance fields are written back at the end and around
    // the calls that read them (emitting a row, errors).
    let state = this.state;
    let partial = this.partial;
    let i = 0;
    let segStart = 0;
    this.rowStart = 0;
    while (i < n) {
      switch (state) {
        case ROW_START:
        case AFTER_CR: {
          const c = s.charCodeAt(i);
          if (c === LF) {
            if (state !== AFTER_CR) this.line++;
            state = ROW_START;
            i++;
            continue;
          }
          if (c === CR) {
            this.line++;
            state = AFTER_CR;
            i++;
            continue;
          }
          state = FIELD_START;
          this.rowStart = i;
          this.rowLine = this.line;
          this.carried = 0;
          continue;
        }
        case FIELD_START: {
          const c = s.charCodeAt(i);
          if (c === QUOTE) {
            state = QUOTED;
            i++;
            segStart = i;
            continue;
          }
          if (c === D) {
            this.fields.push('');
            i++;
            continue;
          }
          if (c === LF || c === CR) {
            this.fields.push('');
            state = this.endRow(out, i, c);
            i++;
            continue;
          }
          state = UNQUOTED;
          segStart = i;
          continue;
        }
        case UNQUOTED: {
          let j = i;
          let c = 0;
          for (; j < n; j++) {
            c = s.charCodeAt(j);
            if (c === D || (c <= CR && (c === LF || c === CR))) break;
          }
          if (j === n) {
            partial += s.slice(segStart, n);
            i = n;
            continue;
          }
          let v = s.slice(segStart, j);
          if (partial.length) {
            v = partial + v;
            partial = '';
          }
          if (v.length > maxField) throw this.fieldTooLong();
          this.fields.push(v);
          i = j + 1;
          if (c === D) state = FIELD_START;
          else state = this.endRow(out, j, c);
          continue;
        }
        case QUOTED: {
          let j = i;
          for (; j < n; j++) {
            const c = s.charCodeAt(j);
            if (c === QUOTE) break;
            if (c <= CR) {
              if (c === CR) this.line++;
              else if (c === LF && (j === 0 ? !this.prevCR : s.charCodeAt(j - 1) !== CR)) this.line++;
            }
          }
          if (j === n) {
            partial += s.slice(segStart, n);
            i = n;
            continue;
          }
          partial += s.slice(segStart, j);
          state = QUOTE_SEEN;
          i = j + 1;
          continue;
        }
        case QUOTE_SEEN: {
          const c = s.charCodeAt(i);
          if (c === QUOTE) {
            partial += '"';
            state = QUOTED;
            i++;
            segStart = i;
            continue;
          }
          if (c === D || c === LF || c === CR) {
            if (partial.length > maxField) throw this.fieldTooLong();
            this.fields.push(partial);
            partial = '';
            if (c === D) state = FIELD_START;
            else state = this.endRow(out, i, c);
            i++;
            continue;
          }
          this.state = state;
          throw new UsageFileError(
            'stray_quote',
            `Row ${this.rows + 1} (line ${this.line}): field ${this.fields.length + 1} has text after its closing quote; a quote inside a quoted field must be written twice ("").`,
            { row: this.rows + 1, line: this.line },
          );
        }
      }
    }
    this.state = state;
    this.partial = partial;
    this.prevCR = s.charCodeAt(n - 1) === CR;
    if (state !== ROW_START && state !== AFTER_CR) {
      this.carried += n - this.rowStart;
      if (this.carried > this.maxRow) throw this.rowTooLong();
      if (partial.length > maxField) throw this.fieldTooLong();
    }
  }

  private pushField(v: string): void {
    if (v.length > this.maxField) throw this.fieldTooLong();
    this.fields.push(v);
  }

  /** A row ended at index `at` of the current chunk with the line break `c`; returns the next state. */
  private endRow(out: CsvRow[], at: number, c: number): number {
    this.line++;
    this.emit(out, this.carried + (at - this.rowStart));
    return c === CR ? AFTER_CR : ROW_START;
  }

  private emit(out: CsvRow[], length: number): void {
    if (length > this.maxRow) throw this.rowTooLong();
    const fields = this.fields;
    const row = this.rows + 1;
    if (fields.length > this.maxFields)
      throw new UsageFileError(
        'too_many_fields',
        `Row ${row} has ${plural(fields.length, 'field')}; at most ${plural(this.maxFields, 'field')} are allowed.`,
        {
          row,
          line: this.rowLine,
        },
      );
    if (this.sawNul) {
      for (const f of fields)
        if (f.indexOf('\u0000') !== -1)
          throw new UsageFileError('not_csv', `Row ${row} contains a NUL character: this looks like a binary file, not CSV text.`, {
            row,
            line: this.rowLine,
          });
    }
    this.rows = row;
    out.push({ fields, row, line: this.rowLine });
    this.fields = [];
    this.carried = 0;
  }

  private rowTooLong(): UsageFileError {
    const row = this.rows + 1;
    return new UsageFileError(
      'row_too_long',
      `Row ${row} (starting on line ${this.rowLine}) is longer than the limit of ${plural(this.maxRow, 'character')}.`,
      {
        row,
        line: this.rowLine,
      },
    );
  }

  private fieldTooLong(): UsageFileError {
    const row = this.rows + 1;
    return new UsageFileError(
      'field_too_long',
      `Row ${row} (starting on line ${this.rowLine}): field ${this.fields.length + 1} is longer than the limit of ${plural(this.maxField, 'character')}.`,
      { row, line: this.rowLine },
    );
  }

  private notUtf8(): UsageFileError {
    const row = this.rows + 1;
    return new UsageFileError(
      'not_utf8',
      `The file is not UTF-8 text (the problem is in row ${row}, near line ${this.line}). Save it as CSV UTF-8 and try again.`,
      {
        row,
        line: this.line,
      },
    );
  }
}

/** Tokenize a stream of chunks, yielding the rows each chunk completed (never an empty batch). */
export async function* readCsv(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options?: CsvOptions,
): AsyncGenerator<CsvRow[]> {
  const t = new CsvTokenizer(options);
  for await (const chunk of source) {
    const rows = t.write(chunk);
    if (rows.length) yield rows;
  }
  const rest = t.end();
  if (rest.length) yield rest;
}

/** Tokenize a whole text or byte buffer at once. */
export function parseCsv(input: string | Uint8Array, options?: CsvOptions): CsvRow[] {
  const t = new CsvTokenizer(options);
  const rows = t.write(input);
  for (const r of t.end()) rows.push(r);
  return rows;
}
