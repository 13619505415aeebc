/**
 * Idempotency keys for creates that clients retry: the same `Idempotency-Key` with the same body
 * returns the first response; with a different body it is refused (422). Keys are per user and
 * route; a key whose first request failed can be used again.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { sql } from 'kysely';
import { canonicalJson } from '../../core/canonical.js';
import { AppError } from '../../core/errors.js';
import { requireActor } from './auth.js';
import type { AppEnv } from './types.js';

const KEY_RE = /^[\x21-\x7e]{1,200}$/;

export async function withIdempotency<T>(
  c: Context<AppEnv>,
  route: string,
  body: unknown,
  create: () => Promise<{ status: 200 | 201; body: T }>,
): Promise<Response> {
  const key = c.req.header('idempotency-key');
  if (key === undefined) {
    const r = await create();
    return c.json(r.body as object, r.status);
  }
  if (!KEY_RE.test(key)) throw new AppError('validation_failed', 'Idempotency-Key must be 1 to 200 visible ASCII characters.');
  const actor = requireActor(c);
  const db = c.get('db');
  const hash = createHash('sha256').update(canonicalJson(body)).digest('hex');
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({ key, user_id: actor.userId, route, request_hash: hash, status: 0, response: JSON.stringify(null) })
    .onConflict((oc) => oc.columns(['user_id', 'route', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!inserted) {
    const prior = await db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'status', 'response'])
      .where('user_id', '=', actor.userId)
      .where('route', '=', route)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (prior.request_hash !== hash)
      throw new AppError('unprocessable', 'This Idempotency-Key was already used with a different request body.');
    if (prior.status === 0) throw new AppError('conflict', 'A request with this Idempotency-Key is still being processed; retry shortly.');
    c.header('Idempotent-Replayed', 'true');
    return c.json(prior.response as object, prior.status as 200 | 201);
  }
  const release = () =>
    db.deleteFrom('idempotency_keys').where('user_id', '=', actor.userId).where('route', '=', route).where('key', '=', key).execute();
  let result: { status: 200 | 201; body: T };
  try {
    result = await create();
  } catch (e) {
    await release();
    throw e;
  }
  await db
    .updateTable('idempotency_keys')
    .set({ status: result.status, response: sql`${JSON.stringify(result.body)}::jsonb` as never })
    .where('user_id', '=', actor.userId)
    .where('route', '=', route)
    .where('key', '=', key)
    .execute();
  return c.json(result.body as object, result.status);
}
