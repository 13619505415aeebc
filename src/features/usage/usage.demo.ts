/**
 * Demo cost and usage: the shared language-model API (HV-2025-009) and the resident chatbot
 * (HV-2025-014) get a service catalog and months of daily FOCUS usage, growing over time so the
 * forecast passes its threshold, and a sandbox fine-tuning job nobody catalogued.
 */
import { Readable } from 'node:stream';
import { addDays } from '../../core/dates.js';
import type { Db } from '../../db/database.js';
import { systemActor } from '../../platform/context.js';
import { createLogger } from '../../platform/logger.js';
import { importFile } from './usage.import.js';
import { createService } from './usage.service.js';

const HEADER =
  'BillingAccountId,BillingAccountName,SubAccountId,SubAccountName,ProviderName,ServiceName,SkuId,ResourceId,ResourceType,ChargeCategory,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ConsumedQuantity,ConsumedUnit,PricingQuantity,PricingUnit,Tags';

interface Sku {
  service: string;
  sku: string;
  sub: string;
  resource: string;
  unit: string;
  /** Price per million units (or per unit when `perUnit`). */
  price: number;
  perUnit?: boolean;
  /** Units on the first day, and growth per day. */
  base: number;
  growth: number;
  department: string;
  /** First day (offset into the period) the SKU is used. */
  from?: number;
}

/** Deterministic noise in [-1, 1). */
function noise(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 2 ** 31 - 1;
  };
}

function usageCsv(skus: Sku[], firstDay: string, days: number, seed: number): string {
  const rand = noise(seed);
  const lines = [HEADER];
  for (let d = 0; d < days; d++) {
    const day = addDays(firstDay, d);
    for (const s of skus) {
      if ((s.from ?? 0) > d) continue;
      const units = Math.max(0, Math.round(s.base * (1 + s.growth * d) * (1 + 0.15 * rand())));
      const cost = s.perUnit ? units * s.price : (units / 1_000_000) * s.price;
      const tags = JSON.stringify({ department: s.department, environment: s.sub.includes('sandbox') ? 'sandbox' : 'production' }).replace(
        /"/g,
        '""',
      );
      lines.push(
        [
          'nw-4410',
          'Harbourview enterprise',
          s.sub,
          s.sub,
          'Northwind Cloud Services',
          s.service,
          s.sku,
          s.resource,
          'Model deployment',
          'Usage',
          `${day}T00:00:00Z`,
          `${addDays(day, 1)}T00:00:00Z`,
          cost.toFixed(2),
          cost.toFixed(2),
          'USD',
          String(units),
          s.perUnit ? 'Requests' : 'Tokens',
          s.perUnit ? String(units) : String(units),
          s.perUnit ? 'Requests' : 'Tokens',
          `"${tags}"`,
        ].join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function loadUsageDemo(db: Db, today: string): Promise<void> {
  const ctx = { db, actor: systemActor(), requestId: 'demo', log: createLogger('silent') };
  const contracts = await db
    .selectFrom('contracts')
    .select(['id', 'reference'])
    .where('reference', 'in', ['HV-2025-009', 'HV-2025-014'])
    .execute();
  const byRef = new Map(contracts.map((c) => [c.reference, c.id]));

  const llm = byRef.get('HV-2025-009');
  if (llm) {
    for (const s of [
      {
        name: 'Large model, input tokens',
        sku: 'llm-large-input',
        price: '2.50',
        budget: '120000',
      },
      { name: 'Large model, output tokens', sku: 'llm-large-output', price: '10.00', budget: '150000' },
      { name: 'Embeddings', sku: 'embed-small', price: '0.10', budget: '10000' },
    ])
      await createService(ctx, llm, {
        name: s.name,
        environment: 'production',
        purpose: 'Shared through the city AI gateway for departmental assistants.',
        budget: s.budget,
        identifiers: {
          billingAccountId: 'nw-4410',
          subAccountId: 'sub-gateway',
          serviceName: 'Hosted language models',
          skuId: s.sku,
          resourceType: null,
          tags: {},
        },
        rates: [{ label: 'per million tokens', unit: 'Tokens', per: 1_000_000, price: s.price }],
        provisionerTeams: ['it_data'],
        provisionerUserIds: [],
        provisionerRule: { subAccountIds: ['sub-gateway'], billingAccountIds: [], tag: null },
        fromExceptionId: null,
      });
    const skus: Sku[] = [
      {
        service: 'Hosted language models',
        sku: 'llm-large-input',
        sub: 'sub-gateway',
        resource: 'gw-large',
        unit: 'Tokens',
        price: 2.5,
        base: 90_000_000,
        growth: 0.002,
        department: 'Finance',
      },
      {
        service: 'Hosted language models',
        sku: 'llm-large-output',
        sub: 'sub-gateway',
        resource: 'gw-large',
        unit: 'Tokens',
        price: 10,
        base: 30_000_000,
        growth: 0.002,
        department: 'Finance',
      },
      {
        service: 'Hosted language models',
        sku: 'llm-large-input',
        sub: 'sub-gateway',
        resource: 'gw-large',
        unit: 'Tokens',
        price: 2.5,
        base: 60_000_000,
        growth: 0.002,
        department: 'Planning',
      },
      {
        service: 'Hosted language models',
        sku: 'llm-large-output',
        sub: 'sub-gateway',
        resource: 'gw-large',
        unit: 'Tokens',
        price: 10,
        base: 18_000_000,
        growth: 0.002,
        department: 'Planning',
      },
      {
        service: 'Hosted language models',
        sku: 'embed-small',
        sub: 'sub-gateway',
        resource: 'gw-embed',
        unit: 'Tokens',
        price: 0.1,
        base: 400_000_000,
        growth: 0.002,
        department: 'Libraries',
      },
      // Someone started fine-tuning in a sandbox six weeks ago: nobody put it in the catalog.
      {
        service: 'Model fine-tuning',
        sku: 'ft-large-train',
        sub: 'sub-sandbox-7',
        resource: 'ft-job-311',
        unit: 'Tokens',
        price: 25,
        base: 9_000_000,
        growth: 0.01,
        department: 'Planning',
        from: 135,
      },
    ];
    const first = addDays(today, -181);
    const csv = usageCsv(skus, first, 180, 2025009);
    await importFile(ctx, llm, Readable.from([Buffer.from(csv)]), {
      filename: 'northwind-focus-last-6-months.csv',
      maxBytes: 64 * 1024 * 1024,
    });
  }

  const chat = byRef.get('HV-2025-014');
  if (chat) {
    await createService(ctx, chat, {
      name: 'Chatbot conversations',
      environment: 'production',
      purpose: 'The resident help assistant on the city website.',
      budget: '200000',
      identifiers: {
        billingAccountId: 'nw-4410',
        subAccountId: null,
        serviceName: 'Conversational assistant',
        skuId: null,
        resourceType: null,
        tags: {},
      },
      rates: [{ label: 'per conversation', unit: 'Requests', per: 1, price: '0.90' }],
      provisionerTeams: ['buyer'],
      provisionerUserIds: [],
      provisionerRule: null,
      fromExceptionId: null,
    });
    const skus: Sku[] = [
      {
        service: 'Conversational assistant',
        sku: 'conv-standard',
        sub: 'sub-web',
        resource: 'chat-web',
        unit: 'Requests',
        price: 0.9,
        perUnit: true,
        base: 700,
        growth: 0.002,
        department: 'Customer services',
      },
    ];
    const csv = usageCsv(skus, addDays(today, -241), 240, 2025014);
    await importFile(ctx, chat, Readable.from([Buffer.from(csv)]), { filename: 'chatbot-usage.csv', maxBytes: 64 * 1024 * 1024 });
  }
}
