/**
 * Stream guards for uploaded usage files: a size limit, and gunzip with a guard against
 * decompression bombs (too many bytes out, or too many out per byte in), both checked while the
 * bytes stream, so nothing large is ever held in memory.
 *
 * This is the one module in src/core that uses Node streams (node:stream and node:zlib only): the
 * limits have to act inside the byte stream, before any byte reaches the parser, and keeping them
 * here keeps them next to the parser and testable without a server or database.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UsageFileError } from './errors.js';

export { binaryFileProblem, isGzip } from './sniff.js';

export interface DecompressionLimits {
  /** Most bytes the decompressed file may have. */
  maxBytes: number;
  /** Most decompressed bytes per compressed byte; 100 unless said (CSV compresses 5–30×). */
  maxRatio?: number;
  /** The ratio is checked once this many bytes came out (small files may compress very well); 16 MiB unless said. */
  ratioAfterBytes?: number;
}

export const DEFAULT_MAX_RATIO = 100;
export const DEFAULT_RATIO_AFTER_BYTES = 16 * 1024 * 1024;

/** "2 GB", "512 MB", "900 KB" (powers of 1024). */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let u = 0;
  let v = n;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

/** A pass-through that fails with a clear error once more than `maxBytes` went through. */
export function createByteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      seen += chunk.length;
      if (seen > maxBytes) cb(new UsageFileError('too_large', `The file is larger than the limit of ${formatBytes(maxBytes)}.`));
      else cb(null, chunk);
    },
  });
}

/**
 * Gunzip as one Transform (compressed bytes in, decompressed bytes out) that stops with a
 * `UsageFileError` when the output passes `maxBytes` ('too_large'), when it grows more than
 * `maxRatio` times the input read so far ('decompression_bomb'), or when the input is not valid
 * gzip ('bad_gzip'). Backpressure is kept end to end.
 */
export function createGuardedGunzip(limits: DecompressionLimits): Transform {
  const maxRatio = limits.maxRatio ?? DEFAULT_MAX_RATIO;
  const after = limits.ratioAfterBytes ?? DEFAULT_RATIO_AFTER_BYTES;
  const gunzip = createGunzip();
  let compressed = 0;
  let decompressed = 0;
  let failed = false;

  const guard = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      compressed += chunk.length;
      if (gunzip.write(chunk)) cb();
      else gunzip.once('drain', () => cb());
    },
    flush(cb: TransformCallback) {
      if (failed) return cb();
      gunzip.once('end', () => cb());
      gunzip.end();
    },
    destroy(err: Error | null, cb: (error: Error | null) => void) {
      gunzip.destroy();
      cb(err);
    },
  });

  const fail = (e: UsageFileError) => {
    if (failed) return;
    failed = true;
    gunzip.destroy();
    guard.destroy(e);
  };

  gunzip.on('data', (d: Buffer) => {
    if (failed) return;
    decompressed += d.length;
    if (decompressed > limits.maxBytes)
      return fail(new UsageFileError('too_large', `Decompressed, the file is larger than the limit of ${formatBytes(limits.maxBytes)}.`));
    if (decompressed > after && decompressed > compressed * maxRatio)
      return fail(
        new UsageFileError(
          'decompression_bomb',
          `The file grows more than ${maxRatio} times when decompressed, which is how a decompression bomb looks, so it was not read.`,
        ),
      );
    if (!guard.push(d)) gunzip.pause();
  });
  gunzip.on('error', () => fail(new UsageFileError('bad_gzip', 'The file is not valid gzip data: it is damaged or incomplete.')));

  // Resume the inner gunzip when the reader wants more (the other half of backpressure).
  const read = guard._read.bind(guard);
  guard._read = (size: number) => {
    if (gunzip.isPaused()) gunzip.resume();
    read(size);
  };
  return guard;
}
