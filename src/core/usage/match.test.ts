import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CatalogEntryLike, createMatcher, isAllowedProvisioner, matchService, specificity } from './match.js';
import { record } from './fixtures/record.js';
import { RollupAccumulator, SightingAccumulator, UsageAccumulator, baseQuantity } from './rollup.js';

const catalog: CatalogEntryLike[] = [
  { key: 'openai', identifiers: { serviceName: 'Azure OpenAI' } },
  { key: 'openai-in', identifiers: { serviceName: 'Azure OpenAI', skuId: 'GPT4O-IN' } },
  { key: 'openai-proj-b', identifiers: { serviceName: 'Azure OpenAI', subAccountId: 'proj-b' } },
  { key: 'tagged', identifiers: { serviceName: 'Azure OpenAI', tags: { env: 'pilot' } } },
  { key: 'empty', identifiers: {} },
];

describe('matchService', () => {
  it('picks the most specific matching entry', () => {
    expect(matchService(record(), catalog)?.key).toBe('openai-in');
    expect(matchService(record({ skuId: 'OTHER' }), catalog)?.key).toBe('openai');
    expect(matchService(record({ skuId: 'OTHER', subAccountId: 'proj-b' }), catalog)?.key).toBe('openai-proj-b');
    expect(matchService(record({ skuId: 'OTHER', tags: { env: 'pilot' } }), catalog)?.key).toBe('tagged');
  });

  it('compares trimmed and case-insensitively; tag values as text', () => {
    expect(matchService(record({ serviceName: ' azure openai ', skuId: 'gpt4o-in' }), catalog)?.key).toBe('openai-in');
    expect(matchService(record({ skuId: null, tags: { env: 'PILOT' } }), catalog)?.key).toBe('tagged');
    expect(matchService(record({ skuId: null, tags: { n: 42 } }), [{ key: 'n', identifiers: { tags: { n: '42' } } }])?.key).toBe('n');
  });

  it('returns null when nothing matches; an entry without identifiers matches nothing', () => {
    expect(matchService(record({ serviceName: 'Shadow Analytics' }), catalog)).toBeNull();
    expect(matchService(record({ serviceName: null }), [{ key: 'empty', identifiers: { serviceName: '  ', tags: {} } }])).toBeNull();
  });

  it('breaks ties by the identifier that says more, then by key', () => {
    const tie = [
      { key: 'by-account', identifiers: { serviceName: 'Azure OpenAI', billingAccountId: 'BA-1' } },
      { key: 'by-type', identifiers: { serviceName: 'Azure OpenAI', resourceType: 'Model Deployment' } },
    ];
    expect(matchService(record({ skuId: null }), tie)?.key).toBe('by-type');
    const same = [
      { key: 'b', identifiers: { serviceName: 'Azure OpenAI' } },
      { key: 'a', identifiers: { serviceName: 'azure openai' } },
    ];
    expect(matchService(record(), same)?.key).toBe('a');
    expect(specificity({ skuId: 'x', tags: { a: '1', b: '2' } })).toBe(3 * 64 + 16);
  });

  it('does not depend on the order of the catalog', () => {
    const recs = [
      record(),
      record({ skuId: 'X' }),
      record({ subAccountId: 'proj-b', skuId: 'X' }),
      record({ skuId: null, tags: { env: 'pilot' } }),
      record({ serviceName: 'Nope' }),
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(catalog, { minLength: catalog.length }), (shuffled) => {
        const m = createMatcher(shuffled);
        for (const r of recs) expect(m(r)?.key ?? null).toBe(matchService(r, catalog)?.key ?? null);
      }),
    );
  });
});

describe('isAllowedProvisioner', () => {
  it('allows everyone without a rule, and otherwise any listed account or tag value', () => {
    expect(isAllowedProvisioner(record(), null)).toBe(true);
    expect(isAllowedProvisioner(record(), { subAccountIds: [] })).toBe(true);
    expect(isAllowedProvisioner(record(), { subAccountIds: ['PROJ-A'] })).toBe(true);
    expect(isAllowedProvisioner(record(), { subAccountIds: ['proj-b'] })).toBe(false);
    expect(isAllowedProvisioner(record(), { subAccountIds: ['proj-b'], billingAccountIds: ['BA-1'] })).toBe(true);
    expect(isAllowedProvisioner(record({ tags: { owner: 'maria' } }), { tag: { key: 'owner', values: ['Maria', 'sam'] } })).toBe(true);
    expect(isAllowedProvisioner(record({ tags: { owner: 'eve' } }), { tag: { key: 'owner', values: ['maria'] } })).toBe(false);
    expect(isAllowedProvisioner(record(), { tag: { key: 'owner', values: ['maria'] } })).toBe(false);
  });
});

describe('RollupAccumulator', () => {
  it('sums cost per currency and quantity per base unit, by day, service and department', () => {
    const acc = new RollupAccumulator();
    acc.add(
      record({
        billedCost: '1.25',
        effectiveCost: '1.00',
        pricingQuantity: '2',
        pricingUnit: '1M Tokens',
        consumedQuantity: '2000000',
        consumedUnit: 'Tokens',
      }),
      'svc',
      'health',
    );
    acc.add(
      record({ billedCost: '0.75', pricingQuantity: '500', pricingUnit: '1000 Tokens', chargePeriodStart: '2025-06-01T23:00:00Z' }),
      'svc',
      'health',
    );
    acc.add(
      record({ billedCost: '5', billingCurrency: 'EUR', chargeCategory: 'Purchase', pricingQuantity: '1', pricingUnit: 'Seats' }),
      'svc',
      'health',
    );
    acc.add(record({ billedCost: '9.99' }), null, null);
    acc.add(record({ billedCost: '1.00', chargePeriodStart: '2025-06-02T00:00:00Z' }), 'svc', 'health');
    expect(acc.rollups()).toEqual([
      {
        day: '2025-06-01',
        serviceKey: 'svc',
        department: 'health',
        rows: 3,
        billedCost: { EUR: '5', USD: '2.00' },
        usageCost: { USD: '2.00' },
        effectiveCost: { USD: '1.00' },
        pricingQuantity: { Tokens: '2500000' },
        consumedQuantity: { Tokens: '2000000' },
      },
      {
        day: '2025-06-01',
        serviceKey: null,
        department: null,
        rows: 1,
        billedCost: { USD: '9.99' },
        usageCost: { USD: '9.99' },
        effectiveCost: {},
        pricingQuantity: {},
        consumedQuantity: {},
      },
      expect.objectContaining({ day: '2025-06-02', rows: 1, billedCost: { USD: '1.00' } }),
    ]);
  });

  const recArb = fc.record({
    day: fc.integer({ min: 1, max: 9 }),
    svc: fc.constantFrom('a', 'b', null),
    dept: fc.constantFrom('x', null),
    cents: fc.integer({ min: -5000, max: 100000 }),
    qty: fc.integer({ min: 0, max: 10_000 }),
    cur: fc.constantFrom('USD', 'EUR'),
  });
  const toRecord = (r: { day: number; cents: number; qty: number; cur: string }) =>
    record({
      chargePeriodStart: `2025-06-0${r.day}T00:00:00Z`,
      billedCost: new Big(r.cents).div(100).toFixed(2),
      billingCurrency: r.cur,
      pricingQuantity: String(r.qty),
      pricingUnit: 'Tokens',
    });

  it('gives the same rollups in any order, and when split and merged', () => {
    fc.assert(
      fc.property(fc.array(recArb, { maxLength: 40 }), fc.nat(), (rs, cut) => {
        const one = new RollupAccumulator();
        for (const r of rs) one.add(toRecord(r), r.svc, r.dept);
        const rev = new RollupAccumulator();
        for (const r of [...rs].reverse()) rev.add(toRecord(r), r.svc, r.dept);
        expect(rev.rollups()).toEqual(one.rollups());
        const k = rs.length ? cut % rs.length : 0;
        const a = new RollupAccumulator();
        const b = new RollupAccumulator();
        for (const [i, r] of rs.entries()) (i < k ? a : b).add(toRecord(r), r.svc, r.dept);
        const merged = new RollupAccumulator();
        for (const x of [...a.rollups(), ...b.rollups()]) merged.addRollup(x);
        expect(merged.rollups()).toEqual(one.rollups());
      }),
    );
  });

  it('loses no money: the rollups add up to the records', () => {
    fc.assert(
      fc.property(fc.array(recArb, { maxLength: 40 }), (rs) => {
        const acc = new RollupAccumulator();
        for (const r of rs) acc.add(toRecord(r), r.svc, r.dept);
        for (const cur of ['USD', 'EUR']) {
          const want = rs.filter((r) => r.cur === cur).reduce((s, r) => s + r.cents, 0);
          const got = acc.rollups().reduce((s, x) => s.plus(x.billedCost[cur] ?? 0), new Big(0));
          expect(got.times(100).toNumber()).toBe(want);
        }
        expect(acc.rollups().reduce((s, x) => s + x.rows, 0)).toBe(rs.length);
      }),
    );
  });
});

describe('baseQuantity', () => {
  it('applies the unit quantity exactly', () => {
    expect(baseQuantity('2.5', '1000 Tokens')).toEqual(['Tokens', '2500']);
    expect(baseQuantity('0.000002', '1M Tokens')).toEqual(['Tokens', '2']);
    expect(baseQuantity('-0.25', '1000 Tokens')).toEqual(['Tokens', '-250']);
    expect(baseQuantity('0.00001234', '1000 Tokens')).toEqual(['Tokens', '0.01234']);
    expect(baseQuantity('3', '250 Units')).toEqual(['Units', '750']);
    expect(baseQuantity('7', 'Hours')).toEqual(['Hours', '7']);
  });
  it('agrees with big.js for any quantity and power of ten', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 9 }),
        (u, scale, k) => {
          const q = new Big(u.toString()).div(10 ** scale).toFixed(scale);
          const [, got] = baseQuantity(q, `${10 ** k} Tokens`);
          expect(new Big(got).eq(new Big(q).times(10 ** k))).toBe(true);
          expect(got).not.toMatch(/^-?0\d/);
        },
      ),
    );
  });
});

describe('SightingAccumulator', () => {
  it('groups unapproved usage with first and last day and cost so far', () => {
    const s = new SightingAccumulator();
    s.add(record({ chargePeriodStart: '2025-06-03T00:00:00Z', billedCost: '2.00' }), 'unmatched', null);
    s.add(record({ chargePeriodStart: '2025-06-01T00:00:00Z', billedCost: '3.50' }), 'unmatched', null);
    s.add(record({ resourceId: 'res-2', chargePeriodStart: '2025-06-02T00:00:00Z' }), 'not_allowed', 'speech');
    expect(s.sightings()).toEqual([
      expect.objectContaining({
        kind: 'unmatched',
        resourceId: 'res-1',
        firstSeen: '2025-06-01',
        lastSeen: '2025-06-03',
        rows: 2,
        billedCost: { USD: '5.50' },
      }),
      expect.objectContaining({ kind: 'not_allowed', serviceKey: 'speech', resourceId: 'res-2', firstSeen: '2025-06-02', rows: 1 }),
    ]);
  });

  it('stays bounded: past the limit, new resources are grouped per account and service', () => {
    const s = new SightingAccumulator(2);
    for (let i = 0; i < 50; i++) s.add(record({ resourceId: `r${i}` }), 'unmatched', null);
    const all = s.sightings();
    expect(all).toHaveLength(3);
    expect(all.find((x) => x.resourceId === null)?.rows).toBe(48);
  });
});

describe('UsageAccumulator', () => {
  it('matches, checks provisioners, rolls up and records sightings in one pass', () => {
    const acc = new UsageAccumulator(
      [
        { key: 'openai', identifiers: { serviceName: 'Azure OpenAI' }, provisioners: { subAccountIds: ['proj-a'] } },
        { key: 'bedrock', identifiers: { serviceName: 'Amazon Bedrock' } },
      ],
      { departmentOf: (r) => (r.tags.department as string) ?? null },
    );
    expect(acc.add(record({ tags: { department: 'health' } }))).toMatchObject({
      entry: { key: 'openai' },
      allowed: true,
      department: 'health',
    });
    expect(acc.add(record({ subAccountId: 'proj-z' }))).toMatchObject({ entry: { key: 'openai' }, allowed: false });
    expect(acc.add(record({ serviceName: 'Shadow' }))).toMatchObject({ entry: null, allowed: true });
    expect(acc.sightings.sightings().map((s) => [s.kind, s.serviceKey, s.subAccountId])).toEqual([
      ['not_allowed', 'openai', 'proj-z'],
      ['unmatched', null, 'proj-a'],
    ]);
    expect(acc.rollups.rollups().map((r) => [r.serviceKey, r.department, r.rows])).toEqual([
      ['openai', 'health', 1],
      ['openai', null, 1],
      [null, null, 1],
    ]);
  });
});
