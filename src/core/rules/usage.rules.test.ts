import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.js';
import type { DailyRollup, UsageSighting } from '../usage/rollup.js';
import {
  USAGE_RULES,
  type UsageFacts,
  ceilingReached,
  formatAmount,
  forecastPassesThreshold,
  invoiceMismatch,
  notAllowedUsage,
  otherCurrencyUsage,
  rateMismatch,
  serviceOverBudget,
  spendSpike,
  timeAndMaterialsNotice,
  unmatchedUsage,
  usageEvidence,
} from './usage.rules.js';

const today = '2026-03-01';

function roll(day: string, amount: number | string, over: Partial<DailyRollup> = {}): DailyRollup {
  const a = typeof amount === 'number' ? amount.toFixed(2) : amount;
  return {
    day,
    serviceKey: 'llm',
    department: null,
    rows: 1,
    billedCost: { USD: a },
    usageCost: { USD: a },
    effectiveCost: {},
    pricingQuantity: {},
    consumedQuantity: {},
    ...over,
  };
}

/** `perDay` for each of the `days` days before today. */
const steady = (days: number, perDay: number, over: Partial<DailyRollup> = {}) =>
  Array.from({ length: days }, (_, i) => roll(addDays(today, i - days), perDay, over));

function facts(over: Partial<UsageFacts> = {}): UsageFacts {
  return {
    contractId: 'c1',
    pricingModel: 'usage_based',
    currency: 'USD',
    ceiling: '100000',
    allottedFunds: null,
    startDate: '2025-09-01',
    endDate: '2026-08-31',
    daily: [],
    services: [{ key: 'llm', name: 'Language model API', budget: null, rates: [] }],
    sightings: [],
    invoices: [],
    thresholds: null,
    ...over,
  };
}

const sighting = (over: Partial<UsageSighting> = {}): UsageSighting => ({
  kind: 'unmatched',
  serviceKey: null,
  billingAccountId: 'BA-1',
  subAccountId: 'sub-housing',
  serviceName: 'Shadow Analytics',
  skuId: 'SA-COMPUTE-HR',
  resourceId: 'ws-7',
  firstSeen: '2026-02-20',
  lastSeen: '2026-02-28',
  rows: 9,
  billedCost: { USD: '412.50' },
  ...over,
});

describe('usage.forecast_threshold', () => {
  it('fires when spend to date plus 60 days of forecast passes 75% of the ceiling', () => {
    // 100 days at 500 = 50,000 spent; 61 more days at 500 = 30,500 → 80.5%.
    const f = facts({ daily: steady(100, 500) });
    const [finding] = forecastPassesThreshold.evaluate(f, today);
    expect(finding).toMatchObject({
      ruleId: 'usage.forecast_threshold',
      subject: '',
      severity: 'warning',
      ownerTeam: 'procurement',
      title: 'Spend plus the 60-day forecast reaches 80.5% of the ceiling',
    });
    expect(finding.evidence.numbers).toMatchObject({
      spentToDate: '50,000.00 USD',
      forecastTotal: '80,500.00 USD',
      ceiling: '100,000.00 USD',
      percent: '80.5',
    });
    expect(finding.evidence.text).toContain(`is reached on ${addDays(today, 99)}`);
    expect(finding.evidence.links).toEqual([{ label: 'Open the usage tab', href: '/contracts/c1?tab=usage' }]);
  });

  it('stays quiet below the threshold, past the end, and once the ceiling itself is reached', () => {
    expect(forecastPassesThreshold.evaluate(facts({ daily: steady(100, 300) }), today)).toEqual([]);
    expect(forecastPassesThreshold.evaluate(facts({ daily: steady(100, 500), endDate: addDays(today, -1) }), today)).toEqual([]);
    expect(forecastPassesThreshold.evaluate(facts({ daily: steady(100, 1000) }), today)).toEqual([]);
    expect(forecastPassesThreshold.evaluate(facts({ daily: steady(100, 500), ceiling: null }), today)).toEqual([]);
  });

  it('uses allotted funds when set, and the thresholds of the contract', () => {
    const [f] = forecastPassesThreshold.evaluate(facts({ daily: steady(30, 500), allottedFunds: '40000' }), today);
    expect(f.title).toBe('Spend plus the 60-day forecast reaches 113.8% of the allotted funds');
    expect(f.severity).toBe('critical');
    expect(forecastPassesThreshold.evaluate(facts({ daily: steady(100, 500), thresholds: { forecastPercent: 90 } }), today)).toEqual([]);
    expect(forecastPassesThreshold.evaluate(facts({ daily: steady(100, 500), thresholds: { forecastDays: 10 } }), today)).toEqual([]);
  });

  it('does not look past the contract end', () => {
    // Ten days left: 50,000 + 11 × 500 = 55.5%.
    expect(forecastPassesThreshold.evaluate(facts({ daily: steady(100, 500), endDate: addDays(today, 10) }), today)).toEqual([]);
  });
});

describe('usage.tm_notice and usage.ceiling_reached', () => {
  it('warns a time-and-materials contract past 85%, then the ceiling rule takes over at 100%', () => {
    const tm = (perDay: number) => facts({ pricingModel: 'time_and_materials', daily: steady(100, perDay) });
    expect(timeAndMaterialsNotice.evaluate(tm(800), today)).toEqual([]);
    expect(timeAndMaterialsNotice.evaluate(tm(860), today)[0]).toMatchObject({
      title: 'Spend has passed 85% of the ceiling (86.0%)',
      severity: 'warning',
    });
    expect(timeAndMaterialsNotice.evaluate(tm(1000), today)).toEqual([]);
    expect(timeAndMaterialsNotice.evaluate(facts({ daily: steady(100, 860) }), today)).toEqual([]);
    expect(ceilingReached.evaluate(tm(860), today)).toEqual([]);
    expect(ceilingReached.evaluate(tm(1000), today)[0]).toMatchObject({
      ruleId: 'usage.ceiling_reached',
      subject: '',
      severity: 'critical',
      title: 'Spend has reached 100.0% of the ceiling',
    });
  });

  it('reports passing the allotted funds apart from the ceiling', () => {
    const out = ceilingReached.evaluate(facts({ daily: steady(100, 500), allottedFunds: '40000' }), today);
    expect(out.map((f) => [f.subject, f.title])).toEqual([['funds', 'Spend has reached 125.0% of the allotted funds']]);
  });

  it('counts only the contract currency', () => {
    const daily = steady(100, 1000, { billedCost: { EUR: '1000.00' } });
    expect(ceilingReached.evaluate(facts({ daily }), today)).toEqual([]);
    expect(otherCurrencyUsage.evaluate(facts({ daily }), today)).toEqual([
      expect.objectContaining({ subject: 'currency:EUR', severity: 'info', title: '100,000.00 EUR of usage is billed in EUR, not USD' }),
    ]);
  });
});

describe('usage.service_over_budget', () => {
  it('fires per service past its budget, critical at 100%', () => {
    const f = facts({
      daily: [...steady(10, 100), ...steady(10, 50, { serviceKey: 'ocr' }), ...steady(10, 5, { serviceKey: null })],
      services: [
        { key: 'llm', name: 'Language model API', budget: '900', rates: [] },
        { key: 'ocr', name: 'Document reading', budget: '600', rates: [] },
        { key: 'spare', name: 'Unused', budget: '1', rates: [] },
      ],
      thresholds: { serviceBudgetPercent: 80 },
    });
    const out = serviceOverBudget.evaluate(f, today);
    expect(out.map((x) => [x.subject, x.severity, x.title])).toEqual([
      ['service:llm', 'critical', '"Language model API" has used 111.1% of its budget'],
      ['service:ocr', 'warning', '"Document reading" has used 83.3% of its budget'],
    ]);
  });
});

describe('usage.spike', () => {
  it('names the day, the usual spend and the service behind it', () => {
    const daily = [...steady(28, 100), roll(today, 400), roll(today, 2500, { serviceKey: null })];
    const out = spendSpike.evaluate(facts({ daily }), today);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      subject: `day:${today}`,
      title: `Spend of 2,900.00 USD on ${today}, well above the usual 100.00 USD a day`,
      evidence: { text: 'Most of it came from usage outside the catalog (2,500.00 USD).' },
    });
  });
  it('respects the minimum amount', () => {
    const daily = [...steady(28, 1), roll(today, 50)];
    expect(spendSpike.evaluate(facts({ daily }), today)).toEqual([]);
    expect(spendSpike.evaluate(facts({ daily, thresholds: { spikeMinAmount: '10.00' } }), today)).toHaveLength(1);
  });
});

describe('usage.unmatched and usage.not_allowed', () => {
  it('names the account, resource, first-seen date and cost so far', () => {
    const out = unmatchedUsage.evaluate(facts({ sightings: [sighting(), sighting({ kind: 'not_allowed', serviceKey: 'llm' })] }), today);
    expect(out).toEqual([
      {
        ruleId: 'usage.unmatched',
        subject: 'unmatched:-|BA-1|sub-housing|Shadow Analytics|SA-COMPUTE-HR|ws-7',
        severity: 'warning',
        ownerTeam: 'buyer',
        title: '"Shadow Analytics" outside the catalog used by billing account BA-1, sub-account sub-housing',
        evidence: {
          numbers: { firstSeen: '2026-02-20', lastSeen: '2026-02-28', rows: 9, 'cost USD': '412.50 USD' },
          text: 'First seen on 2026-02-20 on resource ws-7 (SKU SA-COMPUTE-HR); cost so far 412.50 USD.',
          links: [{ label: 'Open the usage tab', href: '/contracts/c1?tab=usage#unmatched' }],
        },
      },
    ]);
    const na = notAllowedUsage.evaluate(
      facts({ sightings: [sighting(), sighting({ kind: 'not_allowed', serviceKey: 'llm', subAccountId: 'sub-x' })] }),
      today,
    );
    expect(na.map((f) => f.title)).toEqual([
      '"Language model API" used by billing account BA-1, sub-account sub-x, which may not provision it',
    ]);
  });
});

describe('usage.rate_mismatch', () => {
  const svc = { key: 'llm', name: 'Language model API', budget: null, rates: [{ unit: 'Tokens', per: '1000000', price: '2.50' }] };
  const month = (amount: string, tokens: string, day = '2026-02-10') => roll(day, amount, { pricingQuantity: { Tokens: tokens } });

  it('fires when the billed cost of a month differs from usage × rates beyond the tolerance', () => {
    const f = facts({
      services: [svc],
      daily: [month('60.00', '20000000'), month('40.00', '0', '2026-02-11'), month('25.00', '10000000', '2026-01-05')],
    });
    const out = rateMismatch.evaluate(f, today);
    expect(out).toEqual([
      expect.objectContaining({
        subject: 'rates:llm:2026-02',
        title: '"Language model API" in February 2026: billed 50.00 USD more than usage at the contracted rates',
        evidence: expect.objectContaining({
          numbers: {
            month: '2026-02',
            billed: '100.00 USD',
            expectedAtRates: '50.00 USD',
            difference: '50.00 USD',
            'quantity Tokens': '20000000',
          },
        }),
      }),
    ]);
  });

  it('stays quiet within the tolerance, and when a unit has no rate', () => {
    expect(rateMismatch.evaluate(facts({ services: [svc], daily: [month('50.90', '20000000')] }), today)).toEqual([]);
    const other = roll('2026-02-10', '99', { pricingQuantity: { Tokens: '1', Hours: '3' } });
    expect(rateMismatch.evaluate(facts({ services: [svc], daily: [other] }), today)).toEqual([]);
  });
});

describe('usage.invoice_mismatch', () => {
  const inv = { id: 'i1', reference: 'INV-7', periodStart: '2026-02-01', periodEnd: '2026-02-28', amount: '3000.00', currency: 'USD' };
  it('compares the invoice with billed usage for its period', () => {
    const daily = steady(40, 100);
    expect(invoiceMismatch.evaluate(facts({ daily, invoices: [{ ...inv, amount: '2800.00' }] }), today)).toEqual([]);
    const [f] = invoiceMismatch.evaluate(facts({ daily, invoices: [inv] }), today);
    expect(f).toMatchObject({
      subject: 'invoice:i1',
      title: 'Invoice INV-7 is 200.00 USD more than billed usage for 2026-02-01 to 2026-02-28',
    });
    expect(f.evidence.numbers).toMatchObject({ invoiced: '3,000.00 USD', billedUsage: '2,800.00 USD', difference: '200.00 USD' });
  });
  it('also compares with usage at the contracted rates when all of it is priced', () => {
    const rates = [{ unit: 'Tokens', per: '1000000', price: '2.00' }];
    const daily = Array.from({ length: 28 }, (_, i) =>
      roll(addDays('2026-02-01', i), '100.00', { pricingQuantity: { Tokens: '50000000' } }),
    );
    const svc = [{ key: 'llm', name: 'Language model API', budget: null, rates }];
    // Billed 2,800 = invoiced 2,800 = 28 × 50M tokens × 2.00 per million: nothing to say.
    expect(invoiceMismatch.evaluate(facts({ daily, services: svc, invoices: [{ ...inv, amount: '2800.00' }] }), today)).toEqual([]);
    // Billed and invoiced agree, but the rates say 1,400.
    const cheaper = [{ ...svc[0], rates: [{ ...rates[0], price: '1.00' }] }];
    const [f] = invoiceMismatch.evaluate(facts({ daily, services: cheaper, invoices: [{ ...inv, amount: '2800.00' }] }), today);
    expect(f.title).toBe('Invoice INV-7 is 1,400.00 USD more than usage at the contracted rates for 2026-02-01 to 2026-02-28');
    expect(f.evidence.numbers).toMatchObject({ billedUsage: '2,800.00 USD', expectedAtRates: '1,400.00 USD' });
    // With a tax row in the period, rates cannot explain the invoice, so only billed usage counts.
    const taxed = [...daily, roll('2026-02-15', '0.00', { billedCost: { USD: '10.00' }, usageCost: {} })];
    expect(invoiceMismatch.evaluate(facts({ daily: taxed, services: cheaper, invoices: [{ ...inv, amount: '2810.00' }] }), today)).toEqual(
      [],
    );
  });

  it('needs usage data in the period', () => {
    expect(invoiceMismatch.evaluate(facts({ daily: [], invoices: [inv] }), today)).toEqual([]);
  });
});

describe('all usage rules', () => {
  it('have unique ids and fire nothing for a contract without usage', () => {
    expect(new Set(USAGE_RULES.map((r) => r.id)).size).toBe(USAGE_RULES.length);
    for (const r of USAGE_RULES) expect(r.evaluate(facts(), today)).toEqual([]);
  });

  it('more spend never takes a ceiling finding away, and a higher ceiling never raises one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 200_000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        (cents, extra, ceilingCents, raise) => {
          const daily = cents.map((c, i) => roll(addDays(today, i - cents.length), new Big(c).div(100).toFixed(2)));
          const ceiling = new Big(ceilingCents).div(100).toFixed(2);
          const fired = (d: DailyRollup[], c: string) =>
            [ceilingReached, forecastPassesThreshold]
              .flatMap((r) => r.evaluate(facts({ daily: d, ceiling: c }), today))
              .map((f) => f.ruleId);
          const before = fired(daily, ceiling);
          const more = [...daily, roll(addDays(today, -1), new Big(extra).div(100).toFixed(2))];
          const after = fired(more, ceiling);
          if (before.includes('usage.ceiling_reached')) expect(after).toContain('usage.ceiling_reached');
          // Spend to date plus forecast only grows with more spend: a warning either stays or becomes the ceiling finding.
          if (before.length) expect(after.length).toBeGreaterThan(0);
          // A higher ceiling never raises the alarm: the ceiling finding only if it was there, and
          // the forecast warning only where some finding was.
          const higher = fired(daily, new Big(ceiling).plus(new Big(raise).div(100)).toFixed(2));
          if (higher.includes('usage.ceiling_reached')) expect(before).toContain('usage.ceiling_reached');
          if (higher.length) expect(before.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('usageEvidence', () => {
  it('gives spend against plan and unmatched usage', () => {
    const f = facts({ daily: [...steady(10, 100), ...steady(10, 20, { serviceKey: null })], sightings: [sighting()] });
    expect(usageEvidence(f, today)).toMatchObject({
      currency: 'USD',
      spentToDate: '1200.00',
      ceiling: '100000',
      percentOfCeiling: '1.2',
      burnRatePerDay: '120.00',
      byService: { llm: '1000.00' },
      unmatchedSightings: 1,
      unmatchedCost: { USD: '412.50' },
    });
  });
  it('formats amounts for people', () => {
    expect(formatAmount('1234567.5', 'USD')).toBe('1,234,567.50 USD');
    expect(formatAmount('-0.004', 'EUR')).toBe('0.00 EUR');
    expect(formatAmount('-12', 'EUR')).toBe('-12.00 EUR');
  });
});
