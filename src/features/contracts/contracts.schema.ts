import { z } from '@hono/zod-openapi';
import { CONTRACT_STATUSES, CONTRACT_TYPES, PRICING_MODELS, RENEWAL_DECISIONS, RISK_TIERS, RULE_PACKS } from '../../core/contract.js';
import { CalendarDate, Currency, LongText, Money, PageQuery, Text, Uuid } from '../../platform/http/schemas.js';

const Ref = z.object({ id: z.string(), name: z.string() });
const Option = z.strictObject({ description: z.string().trim().max(300).default(''), startDate: CalendarDate, endDate: CalendarDate });
const Owners = z.strictObject({
  procurement: Uuid.nullable().optional(),
  buyer: Uuid.nullable().optional(),
  it_data: Uuid.nullable().optional(),
});
const Tag = z
  .string()
  .trim()
  .min(1)
  .max(40, 'must be at most 40 characters')
  .regex(/^[^,\n]+$/, 'must not contain commas or line breaks');

export const ContractSummary = z
  .object({
    id: z.string(),
    reference: z.string(),
    title: z.string(),
    vendor: z.object({ id: z.string(), legalName: z.string() }),
    department: Ref,
    type: z.enum(CONTRACT_TYPES),
    pricingModel: z.enum(PRICING_MODELS),
    currency: z.string(),
    value: z.string(),
    ceiling: z.string(),
    startDate: z.string(),
    endDate: z.string(),
    status: z.enum(CONTRACT_STATUSES),
    riskTier: z.enum(RISK_TIERS),
    restricted: z.boolean(),
    updatedAt: z.string(),
  })
  .openapi('ContractSummary');
export type ContractSummaryDto = z.infer<typeof ContractSummary>;

export const Contract = ContractSummary.extend({
  description: z.string(),
  options: z.array(z.object({ description: z.string(), startDate: z.string(), endDate: z.string() })),
  publicFacing: z.boolean(),
  highImpact: z.boolean(),
  rulePack: z.enum(RULE_PACKS),
  ocdsStatus: z.string(),
  owners: z.object({ procurement: Ref.nullable(), buyer: Ref.nullable(), it_data: Ref.nullable() }),
  tags: z.array(z.string()),
  renewalDecision: z.enum(RENEWAL_DECISIONS),
  renewalNote: z.string(),
  healthScore: z.number().int().openapi({
    description:
      '0–100: 100 minus 25 per open critical finding, 10 per warning, 2 per info (half for acknowledged ones), at most 30 points per rule',
  }),
  version: z.number().int(),
  createdAt: z.string(),
  permissions: z.object({ update: z.boolean(), uploadDocument: z.boolean() }),
}).openapi('Contract');
export type ContractDto = z.infer<typeof Contract>;

const editable = {
  reference: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(60)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'may use letters, digits, dot, dash, slash and underscore'),
  title: Text(200),
  description: LongText(20_000),
  vendorId: Uuid,
  departmentId: Uuid,
  type: z.enum(CONTRACT_TYPES),
  pricingModel: z.enum(PRICING_MODELS),
  currency: Currency,
  value: Money,
  ceiling: Money,
  startDate: CalendarDate,
  endDate: CalendarDate,
  options: z.array(Option).max(20),
  riskTier: z.enum(RISK_TIERS),
  publicFacing: z.boolean(),
  highImpact: z.boolean(),
  rulePack: z.enum(RULE_PACKS),
  status: z.enum(CONTRACT_STATUSES),
  owners: Owners,
  restricted: z.boolean(),
  tags: z.array(Tag).max(30),
  renewalDecision: z.enum(RENEWAL_DECISIONS),
  renewalNote: LongText(2000),
};

export const ContractCreate = z
  .strictObject({
    ...editable,
    description: editable.description.default(''),
    options: editable.options.default([]),
    publicFacing: editable.publicFacing.default(false),
    highImpact: editable.highImpact.default(false),
    status: editable.status.default('draft'),
    owners: editable.owners.default({}),
    restricted: editable.restricted.default(false),
    tags: editable.tags.default([]),
    renewalDecision: editable.renewalDecision.default('undecided'),
    renewalNote: editable.renewalNote.default(''),
  })
  .openapi('ContractCreate');
export type ContractCreateInput = z.infer<typeof ContractCreate>;

export const ContractUpdate = z
  .strictObject({
    version: z.number().int().min(1).optional().openapi({ description: 'Current version; or send it as If-Match' }),
    ...Object.fromEntries(Object.entries(editable).map(([k, v]) => [k, v.optional()])),
  } as { version: z.ZodOptional<z.ZodNumber> } & { [K in keyof typeof editable]: z.ZodOptional<(typeof editable)[K]> })
  .openapi('ContractUpdate');
export type ContractUpdateInput = z.infer<typeof ContractUpdate>;

export const CONTRACT_SORTS = ['reference', 'title', 'vendor', 'department', 'value', 'endDate', 'status', 'updatedAt'] as const;

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)))
    .optional();

export const ContractListQuery = z.object({
  q: z.string().max(200).optional(),
  status: csv(CONTRACT_STATUSES).openapi({ description: 'One status or several, comma-separated' }),
  departmentId: Uuid.optional(),
  vendorId: Uuid.optional(),
  type: z.enum(CONTRACT_TYPES).optional(),
  pricingModel: z.enum(PRICING_MODELS).optional(),
  riskTier: z.enum(RISK_TIERS).optional(),
  endingBefore: CalendarDate.optional(),
  sort: z.enum(CONTRACT_SORTS).default('updatedAt'),
  order: z.enum(['asc', 'desc']).optional(),
  ...PageQuery,
});
export type ContractListQueryInput = z.infer<typeof ContractListQuery>;

export const OcdsReleasePackage = z
  .object({
    uri: z.string(),
    version: z.literal('1.1'),
    publishedDate: z.string(),
    publisher: z.object({ name: z.string() }),
    releases: z.array(z.record(z.string(), z.unknown())).openapi({
      description: 'One OCDS 1.1 release (https://standard.open-contracting.org/1.1/en/schema/release/) for the current contract version',
    }),
  })
  .openapi('OcdsReleasePackage', {
    description: 'An OCDS 1.1 release package (https://standard.open-contracting.org/1.1/en/schema/release_package/)',
  });
