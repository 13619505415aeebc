import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageFileError } from './errors.js';
import { FOCUS_COLUMNS, focusHeaderProblem, readFocusHeader } from './focus.js';
import { UsageNormaliser, mappingProblems } from './normalise.js';
import { UsageFileReader, readUsageText } from './reader.js';

const here = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
/** The FOCUS specification's own examples, in the shared folder beside the repository (optional). */
const SHARED = fileURLToPath(new URL('../../../../shared/fixtures/focus/', import.meta.url));
const shared = (name: string) => readFileSync(`${SHARED}${name}`);

function thrown(f: () => unknown): UsageFileError {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageFileError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe.skipIf(!existsSync(SHARED))('the FOCUS specification examples', () => {
  it('are all read', () => {
    const files = readdirSync(SHARED).filter((f) => f.endsWith('.csv'));
    expect(files.sort()).toEqual([
      'commitment_discount_usage_scenario_1.csv',
      'saas_spend_agreements_a1.csv',
      'simple_saas_agreements_a1.csv',
      'virtual_currency_pricing_model_a1.csv',
    ]);
    for (const f of files) expect(() => readUsageText(shared(f), { defaultCurrency: 'USD' })).not.toThrow();
  });

  it('SaaS spend agreement: four rows, 1,200 USD, M/D/YY dates, a year-long charge period', () => {
    const { records, summary } = readUsageText(shared('saas_spend_agreements_a1.csv'));
    expect(summary).toMatchObject({
      source: 'focus',
      focusVersion: '1.1',
      rowsRead: 4,
      rowsImported: 4,
      rowsRejected: 0,
      billedCost: { USD: '1200' },
    });
    expect(records.map((r) => r.billedCost)).toEqual(['48', '120', '60', '972']);
    expect(records[0]).toMatchObject({
      chargePeriodStart: '2025-04-01T00:00:00Z',
      chargePeriodEnd: '2025-05-01T00:00:00Z',
      billingAccountId: '000-00-000',
      serviceName: 'AwesomeDB',
      skuId: 'U-123',
      consumedQuantity: '4',
      consumedUnit: 'Server Hours',
      contractedUnitPrice: '12',
      listCost: '60',
      chargeCategory: 'Usage',
      tags: {},
    });
    expect(records[3]).toMatchObject({
      chargeDescription: 'End of contract unused fee',
      chargePeriodStart: '2025-04-01T00:00:00Z',
      chargePeriodEnd: '2026-04-01T00:00:00Z',
      consumedQuantity: null,
      pricingQuantity: '0.81',
      pricingUnit: 'Count',
    });
    expect(summary.firstChargeStart).toBe('2025-04-01T00:00:00Z');
    expect(summary.lastChargeEnd).toBe('2026-04-01T00:00:00Z');
  });

  it('simple SaaS agreement: one purchase of "$10,000.00 " read as 10000.00 USD', () => {
    const { records, summary } = readUsageText(shared('simple_saas_agreements_a1.csv'));
    expect(summary).toMatchObject({ rowsRead: 1, rowsImported: 1, billedCost: { USD: '10000.00' } });
    expect(records[0]).toMatchObject({
      chargeCategory: 'Purchase',
      effectiveCost: '10000.00',
      listUnitPrice: '10000.00',
      pricingQuantity: '1',
      pricingUnit: 'Count',
    });
  });

  it('virtual currency: byte-order mark, no final line break, FOCUS 1.2 PricingCurrency columns, 200,000 USD', () => {
    const { records, summary } = readUsageText(shared('virtual_currency_pricing_model_a1.csv'));
    expect(summary).toMatchObject({ focusVersion: '1.2', rowsRead: 1, rowsImported: 1, billedCost: { USD: '200000.00' } });
    expect(records[0]).toMatchObject({
      billedCost: '200000.00',
      effectiveCost: '0.00',
      pricingCurrency: 'USD',
      pricingCurrencyContractedUnitPrice: '2',
      pricingCurrencyEffectiveCost: '0',
      pricingCurrencyListUnitPrice: '2',
      pricingQuantity: '100000',
      pricingUnit: 'Token',
      resourceType: 'Token Allocation',
      serviceName: 'ACMECORP SERVICE',
    });
  });

  it('commitment discount: no BillingCurrency column, so a currency must be given', () => {
    const e = thrown(() => readUsageText(shared('commitment_discount_usage_scenario_1.csv')));
    expect(e.problem).toBe('missing_column');
    expect(e.message).toBe(
      'The file has no BillingCurrency column. Say which currency its costs are in (for example the contract currency).',
    );
    const { records, summary } = readUsageText(shared('commitment_discount_usage_scenario_1.csv'), { defaultCurrency: 'USD' });
    expect(summary).toMatchObject({ rowsRead: 1, rowsImported: 1, billedCost: { USD: '0.00' } });
    expect(records[0]).toMatchObject({
      effectiveCost: '1.00',
      consumedQuantity: '1.00',
      consumedUnit: 'Hour',
      commitmentDiscountStatus: 'Used',
      resourceId: '<my-resource-id>',
      chargePeriodEnd: '2023-01-01T01:00:00Z',
    });
  });

  it('reads the same whatever the chunk size', () => {
    for (const f of readdirSync(SHARED).filter((n) => n.endsWith('.csv'))) {
      const bytes = shared(f);
      const whole = readUsageText(bytes, { defaultCurrency: 'USD' });
      for (const size of [1, 2, 3, 7, 64]) {
        const r = new UsageFileReader({ defaultCurrency: 'USD' });
        const recs = [];
        for (let at = 0; at < bytes.length; at += size) recs.push(...r.push(bytes.subarray(at, at + size)).records);
        recs.push(...r.end().records);
        expect(recs).toEqual(whole.records);
      }
    }
  });
});

describe('hand-made files with the quirks of real exports', () => {
  it('byte-order mark, CRLF, quoted and unquoted fields, NULL and empty cells, a credit', () => {
    const { records, summary } = readUsageText(here('bom-quoted-null.csv'));
    expect(summary).toMatchObject({ rowsRead: 3, rowsImported: 3, billedCost: { USD: '16.75' } });
    expect(records[0]).toMatchObject({
      billingAccountId: 'BA-1',
      chargeDescription: 'Chat completions, "gpt-4o" model',
      resourceId: null,
      tags: { department: 'Health', owner: 'maria' },
      pricingUnit: '1M Tokens',
    });
    expect(records[1]).toMatchObject({
      chargeDescription: 'Two lines\r\nof description',
      resourceId: null,
      effectiveCost: null,
      consumedQuantity: null,
      pricingUnit: null,
      tags: {},
    });
    expect(records[2]).toMatchObject({ chargeCategory: 'Credit', billedCost: '-3.00', skuId: null });
  });

  it('three date styles: "2024-09-01 00:00:00", ISO-8601 with Z or an offset, and US 5/1/25 or 5/1/2025', () => {
    const { records } = readUsageText(here('dates-three-styles.csv'));
    expect(records.map((r) => [r.chargePeriodStart, r.chargePeriodEnd, r.billingPeriodStart])).toEqual([
      ['2024-09-01T00:00:00Z', '2024-09-02T00:00:00Z', '2024-09-01T00:00:00Z'],
      ['2024-09-02T00:00:00Z', '2024-09-03T00:00:00Z', '2024-09-01T00:00:00Z'],
      ['2024-09-03T00:00:00Z', '2024-09-04T00:00:00Z', '2024-09-01T00:00:00Z'],
      ['2025-05-01T00:00:00Z', '2025-05-02T00:00:00Z', '2025-05-01T00:00:00Z'],
      ['2025-05-02T00:00:00Z', '2025-05-03T00:00:00Z', '2025-05-01T00:00:00Z'],
    ]);
  });

  it('token units in ConsumedUnit and PricingUnit are kept as written', () => {
    const { records, summary } = readUsageText(here('token-units.csv'));
    expect(summary.billedCost).toEqual({ USD: '19.00' });
    expect(records.map((r) => [r.consumedQuantity, r.consumedUnit, r.pricingQuantity, r.pricingUnit])).toEqual([
      ['2000000', 'Tokens', '2000', '1000 Tokens'],
      ['400000', 'Tokens', '400', '1000 Tokens'],
      ['2000000', 'Tokens', '2', '1M Tokens'],
      ['200000', 'Request-Tokens', '0.2', '1M Request-Tokens'],
    ]);
  });

  it('FOCUS 1.2 PricingCurrency, national or virtual', () => {
    const { records, summary } = readUsageText(here('focus-1.2-pricing-currency.csv'));
    expect(summary).toMatchObject({ focusVersion: '1.2', billedCost: { EUR: '108.04' } });
    expect(records[0]).toMatchObject({
      billingCurrency: 'EUR',
      pricingCurrency: 'USD',
      pricingCurrencyEffectiveCost: '67.50',
      invoiceId: 'INV-2025-07',
    });
    expect(records[1]).toMatchObject({ pricingCurrency: 'Credits', pricingCurrencyContractedUnitPrice: '0.04' });
  });

  it('keeps x_ custom columns and ignores unknown ones', () => {
    const { records, summary } = readUsageText(here('custom-columns.csv'));
    expect(records[0].custom).toEqual({ x_Department: 'Housing', x_CostCenter: 'CC-42' });
    expect(records[1].custom).toEqual({});
    expect(summary.ignoredColumns).toEqual(['SomeVendorColumn']);
    expect(summary.billedCost).toEqual({ GBP: '3.30' });
  });

  it('rejects bad rows with the row, the column and a plain sentence, and keeps the good ones', () => {
    const { records, summary } = readUsageText(here('bad-rows.csv'));
    expect(summary).toMatchObject({ rowsRead: 11, rowsImported: 2, rowsRejected: 9, billedCost: { USD: '0.00' } });
    expect(records.map((r) => r.serviceName)).toEqual(['Good row', 'Correction may be negative']);
    expect(summary.rejections).toEqual([
      {
        row: 3,
        line: 3,
        column: 'BillingCurrency',
        reason: 'BillingCurrency "XYZ" is not an ISO 4217 currency code Steward knows (such as USD or EUR).',
      },
      {
        row: 4,
        line: 4,
        column: 'ConsumedQuantity',
        reason: 'ConsumedQuantity is negative (-5); FOCUS allows a negative quantity only on a correction (ChargeClass "Correction").',
      },
      { row: 6, line: 6, column: 'ChargePeriodStart', reason: 'ChargePeriodStart "2025-02-30T00:00:00Z" is not a real date and time.' },
      {
        row: 7,
        line: 7,
        column: 'ChargePeriodEnd',
        reason: 'ChargePeriodEnd (2025-01-02T00:00:00Z) is before ChargePeriodStart (2025-01-03T00:00:00Z).',
      },
      { row: 8, line: 8, column: 'BilledCost', reason: 'BilledCost "ten dollars" is not a number.' },
      { row: 9, line: 9, column: 'Tags', reason: 'Tags "not json" is not a JSON object such as {"team":"data"}.' },
      {
        row: 10,
        line: 10,
        column: 'ChargeCategory',
        reason: 'ChargeCategory "Refund" is not one of Usage, Purchase, Tax, Credit, Adjustment.',
      },
      { row: 11, line: 11, column: 'BilledCost', reason: 'BilledCost is empty.' },
      { row: 12, line: 12, column: null, reason: 'The row has 9 fields but the header has 10.' },
    ]);
  });

  it('rejects currencies other than the allowed ones', () => {
    const { summary } = readUsageText(here('focus-1.2-pricing-currency.csv'), { allowedCurrencies: ['USD'] });
    expect(summary.rowsRejected).toBe(2);
    expect(summary.rejections[0]).toEqual({
      row: 2,
      line: 2,
      column: 'BillingCurrency',
      reason: 'BillingCurrency is EUR, but only USD is accepted here.',
    });
  });

  it('keeps only the first rejections in full, but counts them all', () => {
    const { summary } = readUsageText(here('bad-rows.csv'), { keepRejections: 2 });
    expect(summary.rowsRejected).toBe(9);
    expect(summary.rejections.map((r) => r.row)).toEqual([3, 4]);
  });
});

describe('a generic CSV with a saved column mapping', () => {
  const mapping = {
    columns: {
      chargePeriodStart: 'Date',
      billedCost: 'Cost',
      billingCurrency: 'Currency',
      pricingQuantity: 'Tokens',
      serviceName: 'Model',
      subAccountId: 'Team',
    },
    dateFormat: 'dmy' as const,
    fixed: { pricingUnit: 'Tokens', chargeCategory: 'usage' },
  };

  it('produces the same records as FOCUS: one day per row, day-first dates, symbols and accounting negatives', () => {
    const { records, summary } = readUsageText(here('gateway-export.csv'), { mapping });
    expect(summary).toMatchObject({
      source: 'mapping',
      focusVersion: null,
      rowsImported: 3,
      billedCost: { EUR: '13.60' },
      ignoredColumns: [],
    });
    expect(records[0]).toMatchObject({
      chargePeriodStart: '2025-05-01T00:00:00Z',
      chargePeriodEnd: '2025-05-02T00:00:00Z',
      billedCost: '3.10',
      pricingQuantity: '1250000',
      pricingUnit: 'Tokens',
      chargeCategory: 'Usage',
      serviceName: 'gpt-4o-mini',
      subAccountId: 'housing',
    });
    expect(records[2]).toMatchObject({ chargePeriodStart: '2025-05-31T00:00:00Z', billedCost: '-1.50', pricingQuantity: null });
  });

  it('names what does not fit', () => {
    expect(mappingProblems({ columns: { billedCost: 'Cost', colour: 'X' } as never }, ['Cost'])).toEqual({
      colour: 'is not a usage field Steward knows.',
      chargePeriodStart: 'must be mapped to a column.',
      billingCurrency: 'must be mapped to a column, or a default currency given.',
    });
    expect(
      mappingProblems(
        {
          columns: { billedCost: 'Cost', chargePeriodStart: 'When', pricingUnit: 'U' },
          fixed: { pricingUnit: 'Tokens', tags: 'x' } as never,
        },
        ['Cost'],
        'USD',
      ),
    ).toEqual({
      chargePeriodStart: 'names the column "When", which the file does not have.',
      pricingUnit: 'names the column "U", which the file does not have.',
      tags: 'cannot be given a fixed value.',
    });
    const e = thrown(() =>
      readUsageText('A,B\n1,2\n', {
        mapping: { columns: { billedCost: 'A', chargePeriodStart: 'C' }, dateFormat: 'auto' },
        defaultCurrency: 'USD',
      }),
    );
    expect(e.problem).toBe('missing_column');
    expect(e.message).toBe(
      'The column mapping does not fit this file: chargePeriodStart names the column "C", which the file does not have.',
    );
  });
});

describe('FOCUS headers', () => {
  it('reads the version from the columns present', () => {
    expect(readFocusHeader(['BilledCost', 'ChargePeriodStart', 'ChargePeriodEnd']).version).toBe('1.0');
    expect(readFocusHeader(['BilledCost', 'SkuMeter']).version).toBe('1.1');
    expect(readFocusHeader(['BilledCost', 'SkuMeter', 'PricingCurrency']).version).toBe('1.2');
    expect(FOCUS_COLUMNS['1.0']).toHaveLength(43);
    expect(FOCUS_COLUMNS['1.1']).toHaveLength(50);
    expect(FOCUS_COLUMNS['1.2']).toHaveLength(57);
  });

  it('says why a header is not FOCUS, and that names are case-sensitive', () => {
    expect(focusHeaderProblem(['Date', 'Amount'])).toBe(
      'The first row is not a FOCUS header: none of its columns is a FOCUS column such as BilledCost or ChargePeriodStart. For other layouts, import with a saved column mapping.',
    );
    expect(focusHeaderProblem(['billedcost', 'ChargePeriodStart', 'ChargePeriodEnd'])).toBe(
      'The first row looks like a FOCUS header but lacks BilledCost. FOCUS column names are case-sensitive: "billedcost" (FOCUS writes "BilledCost").',
    );
    const e = thrown(() => readUsageText('Date,Amount\n2025-01-01,3\n'));
    expect([e.problem, e.row, e.code]).toEqual(['no_header', 1, 'unprocessable']);
  });

  it('refuses a column named twice', () => {
    expect(() => new UsageNormaliser(['BilledCost', 'ChargePeriodStart', 'ChargePeriodEnd', 'BillingCurrency', 'BilledCost'])).toThrow(
      'The column "BilledCost" appears twice in the header.',
    );
  });
});

describe('files that are not CSV', () => {
  const bytes = (...b: number[]) => new Uint8Array([...b, ...new TextEncoder().encode('rest of the file')]);
  it.each([
    ['gzip', bytes(0x1f, 0x8b, 8, 0), 'This file is gzip-compressed; it has to be decompressed before it can be read.'],
    [
      'xlsx',
      bytes(0x50, 0x4b, 3, 4),
      'This is a ZIP archive or an Excel workbook (.xlsx), not a CSV file. Save the sheet as CSV (UTF-8) and try again.',
    ],
    ['pdf', bytes(0x25, 0x50, 0x44, 0x46), 'This is a PDF document, not a CSV file.'],
    ['binary', bytes(0x41, 0x00, 0x42), 'This file contains binary data (NUL bytes), not CSV text.'],
    ['utf-16', bytes(0xff, 0xfe, 0x41, 0x00), 'This file is UTF-16 text. Save it as CSV UTF-8 and try again.'],
  ])('%s gets a clear error', (_kind, input, message) => {
    const e = thrown(() => readUsageText(input));
    expect([e.problem, e.message]).toEqual(['not_csv', message]);
  });

  it('an empty file has no header', () => {
    expect(thrown(() => readUsageText('')).message).toBe('The file is empty: it has no header row and no data.');
    expect(thrown(() => readUsageText(new Uint8Array())).problem).toBe('no_header');
  });

  it('a header alone is a file with no rows', () => {
    expect(readUsageText('BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd\n').summary).toMatchObject({
      rowsRead: 0,
      billedCost: {},
    });
  });
});

describe('UsageFileReader.read', () => {
  it('streams batches, splitting large chunks, with the same result as reading at once', async () => {
    const body = Array.from({ length: 5000 }, (_, i) => `${i}.25,USD,2025-01-01T00:00:00Z,2025-01-02T00:00:00Z,"svc ${i % 7}"`).join('\n');
    const text = `BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ServiceName\n${body}\n`;
    const reader = new UsageFileReader();
    let batches = 0;
    let n = 0;
    for await (const b of reader.read([new TextEncoder().encode(text)])) {
      batches++;
      n += b.records.length;
    }
    expect(n).toBe(5000);
    expect(batches).toBeGreaterThan(1);
    expect(reader.summary().billedCost).toEqual(readUsageText(text).summary.billedCost);
    expect(reader.summary().billedCost).toEqual({ USD: '12498750.00' });
  });

  it('totals do not depend on how the bytes are cut', () => {
    const text = here('bom-quoted-null.csv');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 10 }), (cuts) => {
        const r = new UsageFileReader();
        let at = 0;
        for (const c of [...cuts].sort((a, b) => a - b)) {
          r.push(text.subarray(at, c));
          at = c;
        }
        r.push(text.subarray(at));
        r.end();
        expect(r.summary().billedCost).toEqual({ USD: '16.75' });
        expect(r.summary().rowsImported).toBe(3);
      }),
    );
  });
});
