import { beforeAll, describe, expect, it } from 'vitest';
import { CURRENCIES } from '../../core/money.js';
import { type World, createWorld } from '../../test/harness.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});

describe('reference data', () => {
  it('serves the code lists with labels without sign-in', async () => {
    const r = await w.anonymous().get('/api/meta');
    expect(r.status).toBe(200);
    expect(r.body.roles).toContainEqual({ value: 'it_data', label: 'IT & data' });
    expect(r.body.contractTypes.map((t: { value: string }) => t.value)).toEqual(['development_services', 'service_access', 'hybrid']);
    expect(r.body.statuses.map((t: { value: string }) => t.value)).toEqual(['draft', 'active', 'suspended', 'terminated', 'closed']);
    expect(r.body.rulePacks.every((p: { label: string }) => p.label.length > 3)).toBe(true);
    expect(r.body.currencies).toEqual([...CURRENCIES]);
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  it('reports health with the database reachable', async () => {
    const r = await w.anonymous().get('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', version: expect.any(String) });
  });
});
