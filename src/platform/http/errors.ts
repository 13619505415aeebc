/**
 * Turn anything thrown into `{ error: { code, message, fields?, details?, requestId } }`, never a
 * stack trace. `details` carries what a service chose to explain (for example the rows of a file
 * that could not be read).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { AppError, type ErrorCode, httpStatusFor } from '../../core/errors.js';
import type { AppEnv } from './types.js';

export function errorBody(
  code: ErrorCode,
  message: string,
  requestId?: string,
  fields?: Record<string, string>,
  details?: Record<string, unknown>,
) {
  return { error: { code, message, ...(fields ? { fields } : {}), ...(details ? { details } : {}), ...(requestId ? { requestId } : {}) } };
}

/** Field errors keyed by dotted path, from a zod error. */
export function zodFields(err: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of err.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) fields[[...issue.path, k].join('.')] = 'is not a known field';
      continue;
    }
    const key = issue.path.join('.') || '_';
    if (!fields[key]) fields[key] = issue.message;
  }
  return fields;
}

interface PgError {
  code?: string;
  constraint?: string;
}

function fromPg(e: PgError): AppError | null {
  switch (e.code) {
    case '23505':
      return new AppError('duplicate', 'A record with the same unique value already exists.');
    case '23503':
      return new AppError('validation_failed', 'A linked record does not exist.');
    case '23514':
    case '22003':
    case '22007':
    case '22008':
    case '22P02':
      return new AppError('validation_failed', 'A value is out of range or not valid.');
    case '40001':
    case '40P01':
      return new AppError('conflict', 'The record was changed at the same time by someone else; try again.');
    default:
      return null;
  }
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return new AppError('validation_failed', 'Some fields are not valid.', zodFields(err));
  if (err instanceof HTTPException) {
    const s = err.status;
    if (s === 415) return new AppError('unsupported_media_type', 'Send the request body as application/json.');
    if (s === 413) return new AppError('payload_too_large', 'The request body is too large.');
    if (s === 400) return new AppError('malformed_json', 'The request body is not valid JSON.');
    if (s === 401) return new AppError('unauthenticated', 'Sign in first.');
    if (s === 403) return new AppError('forbidden', 'You do not have permission to do this.');
    if (s === 404) return new AppError('not_found', 'Not found.');
  }
  const pg = err as PgError;
  if (pg && typeof pg.code === 'string') {
    const mapped = fromPg(pg);
    if (mapped) return mapped;
  }
  return new AppError('internal', 'Something went wrong on our side. The request id helps us find it.');
}

export function handleError(err: unknown, c: Context<AppEnv>) {
  const appErr = toAppError(err);
  const requestId = c.get('requestId');
  if (appErr.code === 'internal') c.get('log')?.error({ err, requestId }, 'unhandled error');
  const status = httpStatusFor(appErr.code);
  return c.json(errorBody(appErr.code, appErr.message, requestId, appErr.fields, appErr.details), status as 400);
}
