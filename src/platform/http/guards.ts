/**
 * Edge checks before any route: a request id, body size, content type, and JSON that is
 * well-formed, free of NUL characters and of prototype-polluting keys.
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../core/errors.js';
import type { AppEnv } from './types.js';

const REQUEST_ID_RE = /^[A-Za-z0-9._-]{8,64}$/;

export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const id = given && REQUEST_ID_RE.test(given) ? given : randomUUID();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  };
}

/** Body types a streamed route takes as raw bytes. */
export const STREAMED_TYPES = ['text/csv', 'application/gzip', 'application/x-gzip', 'application/octet-stream'];

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON.parse that rejects NUL characters and __proto__-style keys. */
export function safeJsonParse(text: string): unknown {
  if (text.includes('\u0000')) throw new AppError('validation_failed', 'The request must not contain NUL characters.');
  let bad: string | null = null;
  const value = JSON.parse(text, function (key, v) {
    if (FORBIDDEN_KEYS.has(key) && Object.hasOwn(this as object, key)) bad = key;
    if (typeof v === 'string' && v.includes('\u0000')) bad = bad ?? '\u0000';
    return v;
  });
  if (bad === '\u0000') throw new AppError('validation_failed', 'The request must not contain NUL characters.');
  if (bad) throw new AppError('validation_failed', `The key "${bad}" is not allowed.`);
  return value;
}

/**
 * Enforce size, content type and well-formed JSON for writes under /api. The size limit holds for
 * bodies without a Content-Length too (chunked): reading stops at the limit instead of buffering
 * whatever the client sends. Paths matching `streamed` take raw file bodies and check their size
 * while they stream.
 */
export function bodyGuard(opts: { jsonLimit: number; uploadLimit: number; streamed?: RegExp }): MiddlewareHandler<AppEnv> {
  const tooLarge = (limit: number) => () => {
    throw new AppError('payload_too_large', `The request body is over the limit of ${limit} bytes.`);
  };
  const uploadMax = opts.uploadLimit + 64 * 1024;
  const limitUpload = bodyLimit({ maxSize: uploadMax, onError: tooLarge(uploadMax) });
  const limitJson = bodyLimit({ maxSize: opts.jsonLimit, onError: tooLarge(opts.jsonLimit) });
  return async (c, next) => {
    const m = c.req.method;
    if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS' || m === 'DELETE') return next();
    const type = (c.req.header('content-type') || '').toLowerCase();
    if (type.startsWith('multipart/form-data')) return limitUpload(c, next);
    // Routes that stream a raw file themselves (usage imports) enforce their own size limit.
    if (opts.streamed?.test(c.req.path) && STREAMED_TYPES.some((t) => type.startsWith(t))) return next();
    return limitJson(c, async () => {
      const buf = new Uint8Array(await c.req.arrayBuffer());
      if (buf.byteLength > opts.jsonLimit) tooLarge(opts.jsonLimit)();
      if (buf.byteLength === 0 && !type) return next();
      if (!type.startsWith('application/json')) throw new AppError('unsupported_media_type', 'Send the request body as application/json.');
      const text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
      if (text.trim() === '') return next();
      try {
        safeJsonParse(text);
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw new AppError('malformed_json', 'The request body is not valid JSON.');
      }
      return next();
    });
  };
}
