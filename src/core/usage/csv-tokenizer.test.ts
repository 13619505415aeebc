import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, parseCsv, readCsv } from './csv-tokenizer.js';
import { UsageFileError } from './errors.js';

const fields = (input: string | Uint8Array, opts = {}) => parseCsv(input, opts).map((r) => r.fields);
const enc = new TextEncoder();

/** Tokenize with the input cut at the given offsets. */
function inChunks(input: string | Uint8Array, cuts: number[]) {
  const t = new CsvTokenizer();
  const rows = [];
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    rows.push(...t.write(input.slice(at, c)));
    at = c;
  }
  rows.push(...t.write(input.slice(at)), ...t.end());
  return rows;
}

function thrown(f: () => unknown): UsageFileError {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageFileError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('CsvTokenizer', () => {
  it('reads quoted and unquoted fields, doubled quotes and empty fields', () => {
    expect(fields('a,"b,c","say ""hi""",,""\n1,2,3,4,5\n')).toEqual([
      ['a', 'b,c', 'say "hi"', '', ''],
      ['1', '2', '3', '4', '5'],
    ]);
  });

  it('accepts LF, CRLF and CR line ends, and a last line without one', () => {
    expect(fields('a,b\r\nc,d\re,f\ng,h')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
  });

  it('keeps line breaks inside quoted fields and numbers rows and lines apart', () => {
    const rows = parseCsv('h1,h2\n"two\r\nlines",x\n"three\n\nlines",y\nz,w\n');
    expect(rows.map((r) => [r.row, r.line])).toEqual([
      [1, 1],
      [2, 2],
      [3, 4],
      [4, 7],
    ]);
    expect(rows[1].fields[0]).toBe('two\r\nlines');
    expect(rows[2].fields[0]).toBe('three\n\nlines');
  });

  it('skips blank lines but counts them', () => {
    const rows = parseCsv('a\n\n\r\nb\n');
    expect(rows.map((r) => [r.fields, r.line])).toEqual([
      [['a'], 1],
      [['b'], 4],
    ]);
  });

  it('ends a row with an empty field after a trailing delimiter', () => {
    expect(fields('a,\nb,')).toEqual([
      ['a', ''],
      ['b', ''],
    ]);
  });

  it('drops a UTF-8 byte-order mark, from text or bytes, even split across chunks', () => {
    expect(fields('\ufeffa,b\n')).toEqual([['a', 'b']]);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('a,b\n')]);
    expect(fields(bytes)).toEqual([['a', 'b']]);
    expect(inChunks(bytes, [1, 2]).map((r) => r.fields)).toEqual([['a', 'b']]);
  });

  it('keeps a quote inside an unquoted field as text', () => {
    expect(fields('5" screen,x\n')).toEqual([['5" screen', 'x']]);
  });

  it('reads other delimiters', () => {
    expect(fields('a;"b;c"\n', { delimiter: ';' })).toEqual([['a', 'b;c']]);
    expect(() => new CsvTokenizer({ delimiter: '"' })).toThrow();
  });

  it('reads multi-byte UTF-8 split anywhere', () => {
    const text = 'naïve,日本語,"€ 5"\n';
    const bytes = enc.encode(text);
    for (let i = 1; i < bytes.length; i++) expect(inChunks(bytes, [i]).map((r) => r.fields)).toEqual([['naïve', '日本語', '€ 5']]);
  });

  it('names the row of an unterminated quote', () => {
    const e = thrown(() => parseCsv('a,b\nc,"open\nmore\n'));
    expect(e.problem).toBe('unterminated_quote');
    expect(e.row).toBe(2);
    expect(e.message).toBe('Row 2 (starting on line 2) opens a quoted field that is never closed.');
  });

  it('refuses text after a closing quote, naming row and field', () => {
    const e = thrown(() => parseCsv('a,b\nc,"x"y\n'));
    expect(e.problem).toBe('stray_quote');
    expect(e.message).toMatch(/^Row 2 \(line 2\): field 2 has text after its closing quote/);
  });

  it('limits field and row size, also across chunks, naming the row', () => {
    const long = 'x'.repeat(50);
    let e = thrown(() => parseCsv(`a\n${long}\n`, { maxFieldChars: 10 }));
    expect([e.problem, e.row]).toEqual(['field_too_long', 2]);
    expect(e.message).toBe('Row 2 (starting on line 2): field 1 is longer than the limit of 10 characters.');
    e = thrown(() => {
      const t = new CsvTokenizer({ maxRowChars: 20, maxFieldChars: 100 });
      t.write('h\n');
      for (let i = 0; i < 10; i++) t.write('abcd,');
    });
    expect([e.problem, e.row]).toEqual(['row_too_long', 2]);
    e = thrown(() => parseCsv('a,b,c,d\n', { maxFields: 3 }));
    expect(e.problem).toBe('too_many_fields');
    expect(e.message).toBe('Row 1 has 4 fields; at most 3 fields are allowed.');
  });

  it('refuses bytes that are not UTF-8, and NUL characters', () => {
    const e = thrown(() => parseCsv(new Uint8Array([0x61, 0x0a, 0xff, 0xfe, 0x0a])));
    expect(e.problem).toBe('not_utf8');
    expect(e.message).toMatch(/not UTF-8/);
    const n = thrown(() => parseCsv('a,b\nc,d\u0000\n'));
    expect([n.problem, n.row]).toEqual(['not_csv', 2]);
  });

  it('is an AppError the HTTP layer maps to 422, or 413 for sizes', () => {
    const e = thrown(() => parseCsv('"x'));
    expect(e.code).toBe('unprocessable');
    expect(e.details).toMatchObject({ problem: 'unterminated_quote', row: 1, line: 1 });
  });

  it('streams through readCsv in batches', async () => {
    async function* src() {
      yield 'a,b\n1,';
      yield '2\n3,4';
    }
    const batches = [];
    for await (const b of readCsv(src())) batches.push(b.map((r) => r.fields));
    expect(batches).toEqual([[['a', 'b']], [['1', '2']], [['3', '4']]]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: whatever the quoting, line ends and chunk boundaries, the fields come back.

const fieldArb = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '日', '😀', ';') }),
  fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\u0000')),
);
const rowArb = fc.array(fieldArb, { minLength: 1, maxLength: 6 });
const tableArb = fc.array(rowArb, { minLength: 1, maxLength: 8 });

function serialise(rows: string[][], quoteAll: boolean, eol: string, trailing: boolean): string {
  return (
    rows
      .map((r) =>
        r
          .map((f) => {
            const needs = /[",\r\n]/.test(f) || (r.length === 1 && f === '');
            return quoteAll || needs ? `"${f.replace(/"/g, '""')}"` : f;
          })
          .join(','),
      )
      .join(eol) + (trailing ? eol : '')
  );
}

describe('CsvTokenizer properties', () => {
  it('gives back the same rows for any quoting, line end and split (text)', () => {
    fc.assert(
      fc.property(
        tableArb,
        fc.boolean(),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 12 }),
        (rows, q, eol, tr, cuts) => {
          const text = serialise(rows, q, eol, tr);
          const whole = parseCsv(text);
          expect(whole.map((r) => r.fields)).toEqual(rows);
          const split = inChunks(
            text,
            cuts.map((c) => c % (text.length + 1)),
          );
          expect(split).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives back the same rows for any split of the UTF-8 bytes, with or without a byte-order mark', () => {
    fc.assert(
      fc.property(
        tableArb,
        fc.boolean(),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 12 }),
        (rows, bom, eol, q, cuts) => {
          const text = serialise(rows, q, eol, true);
          const bytes = enc.encode((bom ? '\ufeff' : '') + text);
          const split = inChunks(
            bytes,
            cuts.map((c) => c % (bytes.length + 1)),
          );
          expect(split).toEqual(parseCsv(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('numbers each row by the line it starts on', () => {
    fc.assert(
      fc.property(tableArb, fc.constantFrom('\n', '\r\n'), (rows, eol) => {
        const text = serialise(rows, false, eol, true);
        const parsed = parseCsv(text);
        let line = 1;
        parsed.forEach((r, i) => {
          expect(r.row).toBe(i + 1);
          expect(r.line).toBe(line);
          // Line breaks inside the row's fields, plus the one that ends it.
          line += r.fields.reduce((n, f) => n + f.split(/\r\n|\r|\n/).length - 1, 0) + 1;
        });
      }),
    );
  });
});
