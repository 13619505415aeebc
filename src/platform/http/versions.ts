/** Optimistic concurrency at the HTTP edge: the version a client sends in If-Match. */
import type { Context } from 'hono';
import { AppError } from '../../core/errors.js';

/** The version number in an `If-Match` header ("3", "\"3\"" or W/"3"), or undefined when absent. */
export function ifMatchVersion(c: Context): number | undefined {
  const header = c.req.header('if-match');
  if (!header) return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!m) throw new AppError('validation_failed', 'If-Match must hold the version number, e.g. "3".');
  return Number(m[1]);
}
