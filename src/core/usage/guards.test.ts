import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UsageFileError } from './errors.js';
import { createByteLimit, createGuardedGunzip, formatBytes, isGzip } from './guards.js';
import { UsageFileReader } from './reader.js';

/** Feed `input` in `chunk`-byte pieces through `t`; collect the output, or the error. */
async function run(t: NodeJS.ReadWriteStream, input: Buffer, chunk = 16 * 1024, slowReader = false) {
  const out: Buffer[] = [];
  const source = Readable.from(
    (function* () {
      for (let at = 0; at < input.length; at += chunk) yield input.subarray(at, at + chunk);
    })(),
  );
  const sink = new Writable({
    highWaterMark: 1024,
    write(c: Buffer, _e, cb) {
      out.push(c);
      if (slowReader) setImmediate(cb);
      else cb();
    },
  });
  try {
    await pipeline(source, t, sink);
    return { out: Buffer.concat(out), error: null };
  } catch (e) {
    return { out: Buffer.concat(out), error: e as Error };
  }
}

const csv = (rows: number) =>
  Buffer.from(
    `BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd\n${Array.from({ length: rows }, (_, i) => `${i}.10,USD,2025-01-01T00:00:00Z,2025-01-02T00:00:00Z`).join('\n')}\n`,
  );

describe('isGzip', () => {
  it('tells gzip by its magic bytes', () => {
    expect(isGzip(gzipSync(Buffer.from('x')))).toBe(true);
    expect(isGzip(Buffer.from('BilledCost'))).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
  });
});

describe('createGuardedGunzip', () => {
  it('decompresses a normal file, with backpressure, into the reader', async () => {
    const plain = csv(20_000);
    const { out, error } = await run(createGuardedGunzip({ maxBytes: 10 * 1024 * 1024 }), gzipSync(plain), 4096, true);
    expect(error).toBeNull();
    expect(out.equals(plain)).toBe(true);
    const r = new UsageFileReader();
    r.push(out);
    r.end();
    expect(r.summary().rowsImported).toBe(20_000);
  });

  it('stops a decompression bomb by its ratio while streaming', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x41));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const { out, error } = await run(
      createGuardedGunzip({ maxBytes: 1024 * 1024 * 1024, maxRatio: 100, ratioAfterBytes: 1024 * 1024 }),
      bomb,
    );
    expect(error).toBeInstanceOf(UsageFileError);
    const e = error as UsageFileError;
    expect([e.problem, e.code]).toEqual(['decompression_bomb', 'payload_too_large']);
    expect(e.message).toBe(
      'The file grows more than 100 times when decompressed, which is how a decompression bomb looks, so it was not read.',
    );
    expect(out.length).toBeLessThan(8 * 1024 * 1024);
  });

  it('stops at the decompressed size limit', async () => {
    const { error } = await run(createGuardedGunzip({ maxBytes: 100_000, maxRatio: 1e9 }), gzipSync(csv(20_000)));
    expect((error as UsageFileError).problem).toBe('too_large');
    expect(error?.message).toBe('Decompressed, the file is larger than the limit of 97.7 KB.');
  });

  it('says when the data is not gzip, or cut short', async () => {
    let r = await run(createGuardedGunzip({ maxBytes: 1e9 }), Buffer.from('this is not gzip at all'));
    expect((r.error as UsageFileError).problem).toBe('bad_gzip');
    const gz = gzipSync(csv(1000));
    r = await run(createGuardedGunzip({ maxBytes: 1e9 }), gz.subarray(0, gz.length - 20));
    expect((r.error as UsageFileError).problem).toBe('bad_gzip');
    expect(r.error?.message).toBe('The file is not valid gzip data: it is damaged or incomplete.');
  });
});

describe('createByteLimit', () => {
  it('passes files up to the limit and stops larger ones', async () => {
    const data = csv(100);
    expect((await run(createByteLimit(data.length), data, 100)).out.equals(data)).toBe(true);
    const { error } = await run(createByteLimit(2 * 1024 * 1024 * 1024 - 1), Buffer.alloc(10));
    expect(error).toBeNull();
    const big = await run(createByteLimit(1000), data, 100);
    expect((big.error as UsageFileError).problem).toBe('too_large');
    expect(big.error?.message).toBe('The file is larger than the limit of 1000 bytes.');
    expect(formatBytes(2 * 1024 * 1024 * 1024)).toBe('2 GB');
  });
});
