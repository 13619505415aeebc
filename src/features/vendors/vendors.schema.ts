import { z } from '@hono/zod-openapi';
import { LongText, PageQuery, Text } from '../../platform/http/schemas.js';

export const CONTACT_ROLES = ['commercial', 'technical', 'security'] as const;

const Identifier = z.strictObject({ scheme: Text(60), id: Text(100) });
const Address = z.strictObject({
  streetAddress: z.string().trim().max(200).optional(),
  locality: z.string().trim().max(120).optional(),
  region: z.string().trim().max(120).optional(),
  postalCode: z.string().trim().max(30).optional(),
  countryName: z.string().trim().max(120).optional(),
});
const Contact = z.strictObject({
  role: z.enum(CONTACT_ROLES),
  name: Text(120),
  email: z.string().trim().email('must be an e-mail address').max(254).optional().or(z.literal('')),
  telephone: z.string().trim().max(40).optional(),
});

export const Vendor = z
  .object({
    id: z.string(),
    legalName: z.string(),
    identifiers: z.array(z.object({ scheme: z.string(), id: z.string() })),
    address: z.record(z.string(), z.string()),
    contacts: z.array(
      z.object({ role: z.enum(CONTACT_ROLES), name: z.string(), email: z.string().optional(), telephone: z.string().optional() }),
    ),
    website: z.string().nullable(),
    notes: z.string(),
    contractCount: z.number().int(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Vendor');
export type VendorDto = z.infer<typeof Vendor>;

const fields = {
  legalName: Text(200),
  identifiers: z.array(Identifier).max(20).default([]),
  address: Address.default({}),
  contacts: z.array(Contact).max(30).default([]),
  website: z.string().trim().url('must be a web address (https://…)').max(300).nullable().optional(),
  notes: LongText(10_000).default(''),
};
export const VendorCreate = z.strictObject(fields);
export type VendorCreateInput = z.infer<typeof VendorCreate>;

export const VendorUpdate = z.strictObject({
  version: z.number().int().min(1),
  legalName: fields.legalName.optional(),
  identifiers: z.array(Identifier).max(20).optional(),
  address: Address.optional(),
  contacts: z.array(Contact).max(30).optional(),
  website: fields.website,
  notes: LongText(10_000).optional(),
});
export type VendorUpdateInput = z.infer<typeof VendorUpdate>;

export const VendorListQuery = z.object({ q: z.string().max(200).optional(), ...PageQuery });
