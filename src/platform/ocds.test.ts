import { describe, expect, it } from 'vitest';
import { contractRelease } from '../core/ocds.js';
import { loadConfig } from './config.js';
import type { ServiceContext } from './context.js';
import { applyOcdsContributors, registerOcdsContributor } from './ocds.js';

describe('OCDS settings', () => {
  it('default to ocid prefix ocds-steward and publisher Steward', () => {
    expect(loadConfig({} as NodeJS.ProcessEnv)).toMatchObject({ ocidPrefix: 'ocds-steward', publisherName: 'Steward' });
  });

  it('come from STEWARD_OCID_PREFIX and STEWARD_PUBLISHER_NAME', () => {
    const env = { STEWARD_OCID_PREFIX: ' ocds-a1b2c3 ', STEWARD_PUBLISHER_NAME: ' City of Leeds ' } as unknown as NodeJS.ProcessEnv;
    expect(loadConfig(env)).toMatchObject({ ocidPrefix: 'ocds-a1b2c3', publisherName: 'City of Leeds' });
  });

  it('refuse an ocid prefix that would not make a clean ocid', () => {
    expect(() => loadConfig({ STEWARD_OCID_PREFIX: 'ocds a/b' } as unknown as NodeJS.ProcessEnv)).toThrow(/STEWARD_OCID_PREFIX/);
  });
});

describe('OCDS contributors', () => {
  it('run in registration order, may be async, and can be removed', async () => {
    const release = contractRelease(
      {
        id: 'c1',
        title: 'T',
        description: '',
        status: 'active',
        currency: 'USD',
        value: '1.00',
        startDate: '2026-01-01',
        endDate: '2026-01-31',
        version: 1,
        updatedAt: '2026-01-01T00:00:00.000Z',
      },
      { id: 'v1', legalName: 'V', identifiers: [], address: {}, contacts: [] },
      { id: 'd1', name: 'D' },
    );
    const order: string[] = [];
    const offA = registerOcdsContributor(async (r, ctx) => {
      await Promise.resolve();
      order.push(`a:${ctx.contractId}`);
      r.contracts[0].implementation.transactions = [];
    });
    const offB = registerOcdsContributor((r) => {
      order.push(`b:${Array.isArray(r.contracts[0].implementation.transactions)}`);
    });
    const ctx = { contractId: 'c1' } as ServiceContext & { contractId: string };
    await applyOcdsContributors(release, ctx);
    expect(order).toEqual(['a:c1', 'b:true']);
    offA();
    offB();
    order.length = 0;
    await applyOcdsContributors(release, ctx);
    expect(order).toEqual([]);
  });
});
