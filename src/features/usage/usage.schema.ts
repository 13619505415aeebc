import { z } from '@hono/zod-openapi';
import { TEAMS } from '../../core/teams.js';
import { DATE_FORMATS } from '../../core/usage/values.js';
import { FIXABLE_FIELDS } from '../../core/usage/normalise.js';
import { USAGE_FIELDS } from '../../core/usage/record.js';
import { CalendarDate, LongText, Money, Text, Uuid } from '../../platform/http/schemas.js';

export const ENVIRONMENTS = ['production', 'pilot', 'sandbox'] as const;
export const SERVICE_STATUSES = ['requested', 'approved', 'rejected'] as const;

const Ref = z.object({ id: z.string(), name: z.string() });
const Version = z.number().int().min(1).optional();
const Ident = z.string().trim().max(300).nullable().default(null);

export const Identifiers = z
  .strictObject({
    billingAccountId: Ident,
    subAccountId: Ident,
    serviceName: Ident,
    skuId: Ident,
    resourceType: Ident,
    tags: z.record(z.string().max(100), z.string().max(300)).default({}),
  })
  .openapi('UsageIdentifiers', {
    description: "The provider's identifiers usage rows must carry to belong to this service (each one given must match)",
  });

export const Rate = z
  .strictObject({
    label: Text(120).openapi({ example: 'per million input tokens' }),
    unit: Text(60).openapi({ description: 'The usage unit as the provider writes it (ConsumedUnit or PricingUnit)', example: 'Tokens' }),
    per: z.number().positive().max(1e12).default(1).openapi({ description: 'How many units the price is for', example: 1_000_000 }),
    price: Money,
  })
  .openapi('UsageRate');

export const ProvisionerRule = z
  .strictObject({
    subAccountIds: z.array(z.string().trim().min(1).max(300)).max(100).default([]),
    billingAccountIds: z.array(z.string().trim().min(1).max(300)).max(100).default([]),
    tag: z
      .strictObject({ key: z.string().trim().min(1).max(100), values: z.array(z.string().trim().min(1).max(300)).min(1).max(100) })
      .nullable()
      .default(null),
  })
  .openapi('ProvisionerRule', { description: 'Which accounts (or tag values) may run this service; empty allows everyone' });

export const UsageService = z
  .object({
    id: z.string(),
    contractId: z.string(),
    name: z.string(),
    environment: z.enum(ENVIRONMENTS),
    purpose: z.string(),
    budget: z.string().nullable(),
    identifiers: Identifiers,
    rates: z.array(Rate),
    provisionerTeams: z.array(z.enum(TEAMS)),
    provisioners: z.array(Ref),
    provisionerRule: ProvisionerRule.nullable(),
    status: z.enum(SERVICE_STATUSES),
    requestedBy: Ref.nullable(),
    requestedAt: z.string(),
    decidedBy: Ref.nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string(),
    version: z.number().int(),
  })
  .openapi('UsageService');
export type UsageServiceDto = z.infer<typeof UsageService>;

export const UsageServiceCreate = z
  .strictObject({
    name: Text(200),
    environment: z.enum(ENVIRONMENTS),
    purpose: LongText(2000).default(''),
    budget: Money.nullable().default(null),
    identifiers: Identifiers,
    rates: z.array(Rate).max(50).default([]),
    provisionerTeams: z.array(z.enum(TEAMS)).max(10).default([]),
    provisionerUserIds: z.array(Uuid).max(50).default([]),
    provisionerRule: ProvisionerRule.nullable().default(null),
    /** From unmatched usage: the exception this request answers. */
    fromExceptionId: Uuid.nullable().default(null),
  })
  .openapi('UsageServiceCreate');
export type UsageServiceCreateInput = z.infer<typeof UsageServiceCreate>;

export const UsageServiceUpdate = UsageServiceCreate.omit({ fromExceptionId: true })
  .partial()
  .extend({ version: Version })
  .strict()
  .openapi('UsageServiceUpdate');
export type UsageServiceUpdateInput = z.infer<typeof UsageServiceUpdate>;

export const UsageServiceDecision = z
  .strictObject({ version: Version, decision: z.enum(['approved', 'rejected']), note: LongText(2000).default('') })
  .openapi('UsageServiceDecision');
export type UsageServiceDecisionInput = z.infer<typeof UsageServiceDecision>;

export const Thresholds = z
  .object({
    forecastPercent: z.number(),
    forecastDays: z.number().int(),
    forecastWindowDays: z.number().int(),
    tmNoticePercent: z.number(),
    ceilingPercent: z.number(),
    serviceBudgetPercent: z.number(),
    spikeSigma: z.number(),
    spikeWindowDays: z.number().int(),
    spikeMinAmount: z.string(),
    spikeLookbackDays: z.number().int(),
    reconcileTolerancePercent: z.number(),
    reconcileToleranceAmount: z.string(),
  })
  .openapi('UsageThresholds');

export const UsageSettings = z
  .object({
    allottedFunds: z.string().nullable(),
    departmentTag: z.string(),
    thresholds: Thresholds.openapi({ description: 'In force: the contract’s own values, defaults for the rest' }),
    overrides: z.record(z.string(), z.union([z.number(), z.string()])).openapi({ description: 'The thresholds this contract sets itself' }),
    version: z.number().int(),
  })
  .openapi('UsageSettings');
export type UsageSettingsDto = z.infer<typeof UsageSettings>;

export const UsageSettingsUpdate = z
  .strictObject({
    version: Version,
    allottedFunds: Money.nullable().optional(),
    departmentTag: z.string().trim().min(1).max(100).optional(),
    thresholds: z
      .record(z.string().max(60), z.union([z.number(), z.string().max(30)]).nullable())
      .optional()
      .openapi({ description: 'Thresholds to set; null puts one back to its default' }),
  })
  .openapi('UsageSettingsUpdate');
export type UsageSettingsUpdateInput = z.infer<typeof UsageSettingsUpdate>;

export const Mapping = z
  .strictObject({
    columns: z.partialRecord(z.enum(USAGE_FIELDS as [string, ...string[]]), z.string().trim().min(1).max(200)),
    dateFormat: z.enum(DATE_FORMATS).default('auto'),
    fixed: z
      .partialRecord(z.enum(FIXABLE_FIELDS), z.string().trim().min(1).max(200))
      .optional()
      .openapi({ description: 'Values for fields the file has no column for, e.g. { "pricingUnit": "Tokens" }' }),
  })
  .openapi('UsageColumnMapping');

export const SavedMapping = z
  .object({ id: z.string(), name: z.string(), mapping: Mapping, createdAt: z.string() })
  .openapi('SavedUsageMapping');
export type SavedMappingDto = z.infer<typeof SavedMapping>;
export const SavedMappingCreate = z.strictObject({ name: Text(100), mapping: Mapping }).openapi('SavedUsageMappingCreate');
export type SavedMappingCreateInput = z.infer<typeof SavedMappingCreate>;

export const RejectionDto = z.object({ row: z.number().int(), line: z.number().int(), column: z.string().nullable(), reason: z.string() });

export const UsageImport = z
  .object({
    id: z.string(),
    contractId: z.string(),
    source: z.enum(['focus', 'csv', 'api']),
    filename: z.string(),
    focusVersion: z.string().nullable(),
    rowsRead: z.number().int(),
    rowsImported: z.number().int(),
    rowsRejected: z.number().int(),
    rowsUnmatched: z.number().int(),
    rejections: z.array(RejectionDto),
    billedCost: z.record(z.string(), z.string()).openapi({ description: 'Total billed cost imported, per currency' }),
    periodStart: z.string().nullable(),
    periodEnd: z.string().nullable(),
    createdBy: Ref.nullable(),
    createdAt: z.string(),
  })
  .openapi('UsageImport');
export type UsageImportDto = z.infer<typeof UsageImport>;

export const ImportQuery = z.object({
  filename: z.string().trim().min(1).max(255).openapi({ description: 'The file name, for the record' }),
  mapping: z.string().trim().max(100).optional().openapi({ description: 'Name of a saved column mapping, for files that are not FOCUS' }),
  skipBadRows: z.enum(['true', 'false']).default('false').openapi({
    description: 'Import the good rows and list the rejected ones (default: a file with any bad row is refused whole)',
  }),
});

/** A pushed usage record: FOCUS column IDs as keys. */
export const PushedRecord = z
  .record(z.string().max(100), z.union([z.string().max(10_000), z.number(), z.null(), z.record(z.string(), z.unknown())]))
  .openapi('PushedUsageRecord', {
    example: {
      ChargePeriodStart: '2026-03-01T00:00:00Z',
      ChargePeriodEnd: '2026-03-02T00:00:00Z',
      BilledCost: '12.40',
      BillingCurrency: 'USD',
      ServiceName: 'Chat completions',
      SkuId: 'gpt-large-input',
      ConsumedQuantity: '4130000',
      ConsumedUnit: 'Tokens',
    },
  });
export const PushBatch = z.strictObject({ records: z.array(PushedRecord).min(1).max(10_000) }).openapi('UsagePushBatch');

export const UsageException = z
  .object({
    id: z.string(),
    kind: z.enum(['unmatched', 'not_allowed']),
    service: Ref.nullable(),
    billingAccountId: z.string().nullable(),
    subAccountId: z.string().nullable(),
    serviceName: z.string().nullable(),
    skuId: z.string().nullable(),
    resourceId: z.string().nullable().openapi({ description: 'Null when the sighting groups many resources' }),
    firstSeen: z.string(),
    lastSeen: z.string(),
    billedCost: z.record(z.string(), z.string()).openapi({ description: 'Cost so far, per currency' }),
    rows: z.number().int(),
    status: z.enum(['open', 'raised', 'resolved']),
    note: z.string(),
  })
  .openapi('UsageException');
export type UsageExceptionDto = z.infer<typeof UsageException>;

export const RaiseException = z.strictObject({ note: LongText(2000) }).openapi('UsageExceptionRaise');

export const SummaryQuery = z.object({
  from: CalendarDate.optional(),
  to: CalendarDate.optional(),
});

const Amount = z.string().openapi({ description: 'Decimal string in the contract currency' });
export const UsageSummary = z
  .object({
    currency: z.string(),
    today: z.string(),
    startDate: z.string(),
    endDate: z.string(),
    ceiling: z
      .string()
      .nullable()
      .openapi({ description: 'The amount spend is measured against: allotted funds when set, else the ceiling' }),
    ceilingLabel: z.enum(['ceiling', 'allotted funds', 'contract value']),
    thresholds: Thresholds,
    spentToDate: Amount,
    percentOfCeiling: z.string().nullable(),
    forecast: z.object({
      burnRatePerDay: Amount,
      trendPerDay: Amount,
      spendWithinHorizon: Amount,
      horizonDays: z.number().int(),
      projectedAtEnd: Amount,
      projectedAtEndLow: Amount,
      projectedAtEndHigh: Amount,
      ceilingDate: z.string().nullable(),
    }),
    daily: z
      .array(z.object({ day: z.string(), cost: Amount, cumulative: Amount }))
      .openapi({ description: 'Spend per day in the range, with the running total since the first usage' }),
    projection: z
      .array(z.object({ day: z.string(), expected: Amount, low: Amount, high: Amount }))
      .openapi({ description: 'Projected cumulative spend from today to the contract end (weekly points)' }),
    byService: z.array(
      z.object({
        serviceId: z.string().nullable(),
        name: z.string(),
        environment: z.string().nullable(),
        budget: z.string().nullable(),
        cost: Amount,
        rows: z.number().int(),
        quantities: z.array(z.object({ unit: z.string(), quantity: z.string() })),
      }),
    ),
    byDepartment: z.array(z.object({ department: z.string(), cost: Amount })),
    unmatched: z.object({ open: z.number().int(), cost: Amount }),
    imports: z.object({ count: z.number().int(), lastAt: z.string().nullable() }),
  })
  .openapi('UsageSummary');
export type UsageSummaryDto = z.infer<typeof UsageSummary>;

export const UsagePortfolioRow = z
  .object({
    contractId: z.string(),
    reference: z.string(),
    title: z.string(),
    departmentName: z.string(),
    vendorName: z.string(),
    currency: z.string(),
    ceiling: z.string().nullable(),
    spentToDate: Amount,
    percentOfCeiling: z.string().nullable(),
    last30Days: Amount,
    unmatchedOpen: z.number().int(),
    endDate: z.string(),
  })
  .openapi('UsagePortfolioRow');
