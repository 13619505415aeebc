import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type World, contractInput, createWorld } from '../../test/harness.js';

let w: World;
let p: Client;
beforeAll(async () => {
  w = await createWorld();
  p = await w.as('procurement');
});

const count = async (reference: string) =>
  Number(
    (
      await w.db
        .selectFrom('contracts')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('Idempotency-Key on creates', () => {
  it('returns the first response for a retried request and creates one record', async () => {
    const body = contractInput(w);
    const first = await p.post('/api/contracts', body, { 'idempotency-key': 'retry-1' });
    const again = await p.post('/api/contracts', body, { 'idempotency-key': 'retry-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await count(body.reference)).toBe(1);
  });

  it('refuses the same key with a different body (422)', async () => {
    await p.post('/api/contracts', contractInput(w), { 'idempotency-key': 'retry-2' });
    const other = await p.post('/api/contracts', contractInput(w), { 'idempotency-key': 'retry-2' });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('unprocessable');
  });

  it('lets a key be used again after its first request failed', async () => {
    const bad = { ...contractInput(w), ceiling: '1.00' };
    expect((await p.post('/api/contracts', bad, { 'idempotency-key': 'retry-3' })).status).toBe(400);
    const good = contractInput(w);
    expect((await p.post('/api/contracts', good, { 'idempotency-key': 'retry-3' })).status).toBe(201);
  });

  it('creates exactly one record under 10 concurrent retries', async () => {
    const body = contractInput(w);
    const results = await Promise.all(Array.from({ length: 10 }, () => p.post('/api/contracts', body, { 'idempotency-key': 'burst' })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(await count(body.reference)).toBe(1);
  });

  it('keeps keys per user', async () => {
    const buyer = await w.as('buyerA');
    const mine = contractInput(w);
    const theirs = contractInput(w);
    expect((await p.post('/api/contracts', mine, { 'idempotency-key': 'shared-key' })).status).toBe(201);
    expect((await buyer.post('/api/contracts', theirs, { 'idempotency-key': 'shared-key' })).status).toBe(201);
  });

  it('refuses a malformed key', async () => {
    const r = await p.post('/api/vendors', { legalName: 'Key Test Ltd' }, { 'idempotency-key': 'has space' });
    expect(r.status).toBe(400);
  });
});
