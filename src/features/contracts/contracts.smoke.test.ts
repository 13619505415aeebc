import { beforeAll, describe, expect, it } from 'vitest';
import { type World, contractInput, createWorld } from '../../test/harness.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});

describe('contracts smoke', () => {
  it('procurement creates a contract and a buyer of the department reads it', async () => {
    const p = await w.as('procurement');
    const r = await p.post('/api/contracts', contractInput(w));
    expect(r.status).toBe(201);
    const b = await w.as('buyerA');
    const g = await b.get(`/api/contracts/${r.body.id}`);
    expect(g.status).toBe(200);
    expect(g.body.reference).toBe(r.body.reference);
  });
});
