/**
 * Generates a FOCUS 1.2 cost and usage CSV file of any size, for benchmarks and load tests.
 *
 *   tsx bench/usage-gen.ts 1000000 usage.csv [--seed 42] [--start 2025-01-01] [--days 365]
 *
 * The rows are a realistic mix for AI services bought by a public body: model APIs billed per
 * input and output token (units such as "1M Tokens" and "1000 Tokens"), document processing per
 * page, speech per hour, and a monthly seat subscription; one billing account with a sub-account
 * per department; days spread over the period; tags naming the department and owner; and about 2%
 * of rows from services that are not in the catalog below (for unmatched-usage findings). A seeded
 * generator makes the same file for the same arguments. The file streams to disk with
 * backpressure, so memory stays flat whatever its size.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addDays } from '../src/core/dates.js';
import { DecimalSum } from '../src/core/usage/decimal.js';
import type { CatalogEntryLike } from '../src/core/usage/match.js';

/** The columns written, all FOCUS 1.2 column IDs. */
export const USAGE_GEN_COLUMNS = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingCurrency',
  'PricingCurrencyEffectiveCost',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'ResourceId',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
] as const;

interface Sku {
  service: string;
  category: string;
  resourceType: string;
  skuId: string;
  description: string;
  /** Unit as written in PricingUnit (may carry a unit quantity). */
  pricingUnit: string;
  /** Unit as written in ConsumedUnit. */
  consumedUnit: string;
  /** Consumed units per pricing unit (1,000,000 for "1M Tokens"). */
  perPricingUnit: number;
  /** Contracted price per pricing unit, in micro-dollars. */
  priceMicro: number;
  /** Typical consumed quantity per row (a random share of it is used). */
  typical: number;
  frequency: 'Usage-Based' | 'Recurring';
  weight: number;
  /** Not in the catalog: usage nobody approved. */
  unmatched?: boolean;
}

const SKUS: Sku[] = [
  {
    service: 'Azure OpenAI',
    category: 'AI and Machine Learning',
    resourceType: 'Model Deployment',
    skuId: 'AOAI-GPT4O-IN',
    description: 'GPT-4o input tokens',
    pricingUnit: '1M Tokens',
    consumedUnit: 'Tokens',
    perPricingUnit: 1_000_000,
    priceMicro: 2_500_000,
    typical: 4_000_000,
    frequency: 'Usage-Based',
    weight: 30,
  },
  {
    service: 'Azure OpenAI',
    category: 'AI and Machine Learning',
    resourceType: 'Model Deployment',
    skuId: 'AOAI-GPT4O-OUT',
    description: 'GPT-4o output tokens',
    pricingUnit: '1M Tokens',
    consumedUnit: 'Tokens',
    perPricingUnit: 1_000_000,
    priceMicro: 10_000_000,
    typical: 800_000,
    frequency: 'Usage-Based',
    weight: 30,
  },
  {
    service: 'Amazon Bedrock',
    category: 'AI and Machine Learning',
    resourceType: 'Foundation Model',
    skuId: 'BR-CLAUDE-IN',
    description: 'Claude input tokens, on-demand',
    pricingUnit: '1000 Tokens',
    consumedUnit: 'Tokens',
    perPricingUnit: 1000,
    priceMicro: 3000,
    typical: 2_000_000,
    frequency: 'Usage-Based',
    weight: 12,
  },
  {
    service: 'Amazon Bedrock',
    category: 'AI and Machine Learning',
    resourceType: 'Foundation Model',
    skuId: 'BR-CLAUDE-OUT',
    description: 'Claude output tokens, on-demand',
    pricingUnit: '1000 Tokens',
    consumedUnit: 'Tokens',
    perPricingUnit: 1000,
    priceMicro: 15000,
    typical: 400_000,
    frequency: 'Usage-Based',
    weight: 12,
  },
  {
    service: 'Document Intelligence',
    category: 'AI and Machine Learning',
    resourceType: 'Cognitive Services Account',
    skuId: 'DI-READ-PAGE',
    description: 'Read model, per page',
    pricingUnit: 'Pages',
    consumedUnit: 'Pages',
    perPricingUnit: 1,
    priceMicro: 1500,
    typical: 2000,
    frequency: 'Usage-Based',
    weight: 8,
  },
  {
    service: 'Speech Services',
    category: 'AI and Machine Learning',
    resourceType: 'Cognitive Services Account',
    skuId: 'SPEECH-STT-HR',
    description: 'Speech to text, standard, per hour',
    pricingUnit: 'Hours',
    consumedUnit: 'Hours',
    perPricingUnit: 1,
    priceMicro: 1_000_000,
    typical: 6,
    frequency: 'Usage-Based',
    weight: 5,
  },
  {
    service: 'Copilot Seats',
    category: 'Business Applications',
    resourceType: 'Subscription',
    skuId: 'SEAT-MONTH',
    description: 'Assistant seat, monthly',
    pricingUnit: 'Seats',
    consumedUnit: 'Seats',
    perPricingUnit: 1,
    priceMicro: 30_000_000,
    typical: 40,
    frequency: 'Recurring',
    weight: 1,
  },
  {
    service: 'Shadow Analytics',
    category: 'Analytics',
    resourceType: 'Workspace',
    skuId: 'SA-COMPUTE-HR',
    description: 'Notebook compute, per hour',
    pricingUnit: 'Hours',
    consumedUnit: 'Hours',
    perPricingUnit: 1,
    priceMicro: 2_400_000,
    typical: 10,
    frequency: 'Usage-Based',
    weight: 2,
    unmatched: true,
  },
];

const DEPARTMENTS = [
  { sub: 'sub-health', name: 'Health services', owner: 'maria.lopez' },
  { sub: 'sub-transport', name: 'Transport', owner: 'sam.okafor' },
  { sub: 'sub-revenue', name: 'Revenue and tax', owner: 'li.wei' },
  { sub: 'sub-housing', name: 'Housing', owner: 'ana.silva' },
  { sub: 'sub-it', name: 'IT and data', owner: 'jo.becker' },
];

const REGIONS = ['eastus', 'westeurope', 'us-east-1', 'eu-west-1'];

/** The catalog the generated usage is meant to match (the "Shadow Analytics" rows match none of it). */
export const USAGE_GEN_CATALOG: CatalogEntryLike[] = [
  { key: 'aoai', identifiers: { serviceName: 'Azure OpenAI' } },
  { key: 'bedrock', identifiers: { serviceName: 'Amazon Bedrock' } },
  { key: 'docintel', identifiers: { serviceName: 'Document Intelligence' } },
  { key: 'speech', identifiers: { serviceName: 'Speech Services' }, provisioners: { subAccountIds: ['sub-health', 'sub-it'] } },
  { key: 'seats', identifiers: { serviceName: 'Copilot Seats', skuId: 'SEAT-MONTH' } },
];

/** One CSV line (RFC 4180 quoting; unlike the export writer, no spreadsheet-formula guard, so "-1" stays a number). */
function csvLine(cells: readonly (string | null)[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] ?? '';
    if (i) line += ',';
    line += /[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c;
  }
  return line;
}

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Micro-units as a decimal string with six places ("12.345678"). */
const micro = (n: number): string => {
  const s = String(n).padStart(7, '0');
  return `${s.slice(0, -6)}.${s.slice(-6)}`;
};

export interface UsageGenOptions {
  seed?: number;
  /** First charge day (YYYY-MM-DD). */
  startDate?: string;
  /** Days the rows spread over. */
  days?: number;
}

export interface UsageGenResult {
  rows: number;
  bytes: number;
  /** Total BilledCost, exact, per currency (all USD). */
  billedCost: Record<string, string>;
  /** Rows from services outside `USAGE_GEN_CATALOG`. */
  unmatchedRows: number;
}

/** Write an N-row FOCUS 1.2 file to `file`. */
export async function generateUsageFile(file: string, rows: number, options: UsageGenOptions = {}): Promise<UsageGenResult> {
  const rand = prng(options.seed ?? 42);
  const start = options.startDate ?? '2025-01-01';
  const days = Math.max(1, options.days ?? 365);
  const totalWeight = SKUS.reduce((a, s) => a + s.weight, 0);
  const pick = (): Sku => {
    let r = rand() * totalWeight;
    for (const s of SKUS) {
      r -= s.weight;
      if (r < 0) return s;
    }
    return SKUS[SKUS.length - 1];
  };
  const out = createWriteStream(file);
  const total = new DecimalSum('0.00');
  let bytes = 0;
  let unmatchedRows = 0;
  let buf = `${csvLine(USAGE_GEN_COLUMNS)}\n`;
  const dayCache = new Map<number, [string, string, string, string]>();
  const dayInfo = (d: number) => {
    let v = dayCache.get(d);
    if (!v) {
      const day = addDays(start, d);
      const month = `${day.slice(0, 7)}-01`;
      const next = addDays(month, 32).slice(0, 7);
      v = [`${day} 00:00:00`, `${addDays(day, 1)} 00:00:00`, `${month}T00:00:00Z`, `${next}-01T00:00:00Z`];
      dayCache.set(d, v);
    }
    return v;
  };
  for (let i = 0; i < rows; i++) {
    // Days fill up in order, with spend growing slowly over the period and a little noise.
    const d = Math.min(days - 1, Math.floor((i / rows) * days));
    const [cps, cpe, bps, bpe] = dayInfo(d);
    const sku = pick();
    if (sku.unmatched) unmatchedRows++;
    const dept = DEPARTMENTS[Math.floor(rand() * DEPARTMENTS.length)];
    const growth = 1 + d / days;
    const consumed = Math.max(1, Math.round(sku.typical * (0.2 + rand()) * growth));
    // Cost in micro-dollars: consumed / perPricingUnit × price, rounded to the micro-dollar.
    const costMicro = Math.round((consumed * sku.priceMicro) / sku.perPricingUnit);
    const listMicro = Math.round(costMicro * 1.25);
    const pricingQty = sku.perPricingUnit === 1 ? String(consumed) : (consumed / sku.perPricingUnit).toFixed(6);
    const cost = micro(costMicro);
    total.add(cost);
    const resource = `/subscriptions/0000-gov/${dept.sub}/${sku.resourceType.replace(/ /g, '').toLowerCase()}-${Math.floor(rand() * 20)}`;
    const tags =
      rand() < 0.1 ? null : `{"department":"${dept.name}","owner":"${dept.owner}","env":"${rand() < 0.8 ? 'production' : 'pilot'}"}`;
    buf += `${csvLine([
      cost,
      'BA-1001',
      'City of Example',
      'USD',
      bpe,
      bps,
      'Usage',
      null,
      `${sku.description}, ${dept.name}`,
      sku.frequency,
      cpe,
      cps,
      String(consumed),
      sku.consumedUnit,
      cost,
      micro(sku.priceMicro),
      cost,
      'Example Cloud Ltd',
      micro(listMicro),
      micro(Math.round(sku.priceMicro * 1.25)),
      'Standard',
      'USD',
      cost,
      pricingQty,
      sku.pricingUnit,
      'Example Cloud',
      sku.unmatched ? 'Shadow Data Inc' : 'Example Cloud',
      REGIONS[Math.floor(rand() * REGIONS.length)],
      resource,
      sku.resourceType,
      sku.category,
      sku.service,
      sku.skuId,
      `${sku.skuId}-P1`,
      dept.sub,
      dept.name,
      tags ?? 'NULL',
    ])}\n`;
    if (buf.length > 1 << 20) {
      bytes += Buffer.byteLength(buf);
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  bytes += Buffer.byteLength(buf);
  out.end(buf);
  await once(out, 'finish');
  return { rows, bytes, billedCost: { USD: total.toString(2) }, unmatchedRows };
}

async function main(argv: string[]): Promise<void> {
  const args = argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    if (i === -1) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const seed = flag('--seed');
  const startDate = flag('--start');
  const days = flag('--days');
  const [n, file] = args;
  const rows = Number(n);
  if (!Number.isInteger(rows) || rows < 0 || !file) {
    console.error('Usage: tsx bench/usage-gen.ts ROWS OUT.csv [--seed N] [--start YYYY-MM-DD] [--days N]');
    process.exitCode = 2;
    return;
  }
  const t0 = performance.now();
  const r = await generateUsageFile(file, rows, {
    seed: seed === undefined ? undefined : Number(seed),
    startDate,
    days: days === undefined ? undefined : Number(days),
  });
  const s = (performance.now() - t0) / 1000;
  console.log(
    `${r.rows.toLocaleString('en-US')} rows, ${(r.bytes / 1048576).toFixed(1)} MB in ${s.toFixed(2)} s ` +
      `(${Math.round(r.rows / s).toLocaleString('en-US')} rows/s); billed ${r.billedCost.USD} USD; ${r.unmatchedRows.toLocaleString('en-US')} unmatched rows`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv);
