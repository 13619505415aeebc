/** Vocabulary for forms and filters, so the web app never hard-codes a list the server owns. */
import { createRoute, z } from '@hono/zod-openapi';
import {
  CONTRACT_STATUSES,
  CONTRACT_TYPES,
  CONTRACT_TYPE_LABELS,
  PRICING_MODELS,
  PRICING_MODEL_LABELS,
  RENEWAL_DECISIONS,
  RENEWAL_DECISION_LABELS,
  RISK_TIERS,
  RULE_PACKS,
} from '../../core/contract.js';
import { CURRENCIES } from '../../core/money.js';
import { ROLES, ROLE_LABELS } from '../../core/policy.js';
import { createRouter } from '../../platform/http/openapi.js';
import { jsonResponse } from '../../platform/http/schemas.js';
import { CONTACT_ROLES } from '../vendors/vendors.schema.js';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const RULE_PACK_LABELS: Record<string, string> = {
  'us-far': 'United States (FAR, Prompt Payment Act)',
  'uk-pa23': 'United Kingdom (Procurement Act 2023)',
  eu: 'European Union (Late Payment Directive)',
  generic: 'Generic (terms set per contract)',
};

const Option = z.object({ value: z.string(), label: z.string() });
export const metaRoutes = createRouter();
metaRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/meta',
    tags: ['Reference'],
    summary: 'Code lists with labels: roles, contract types, pricing models, statuses, currencies…',
    responses: {
      200: jsonResponse(
        z.object({
          roles: z.array(Option),
          contractTypes: z.array(Option),
          pricingModels: z.array(Option),
          statuses: z.array(Option),
          riskTiers: z.array(Option),
          rulePacks: z.array(Option),
          renewalDecisions: z.array(Option),
          contactRoles: z.array(Option),
          currencies: z.array(z.string()),
        }),
        'Code lists',
      ),
    },
  }),
  (c) =>
    c.json(
      {
        roles: ROLES.map((value) => ({ value, label: ROLE_LABELS[value] })),
        contractTypes: CONTRACT_TYPES.map((value) => ({ value, label: CONTRACT_TYPE_LABELS[value] })),
        pricingModels: PRICING_MODELS.map((value) => ({ value, label: PRICING_MODEL_LABELS[value] })),
        statuses: CONTRACT_STATUSES.map((value) => ({ value, label: cap(value) })),
        riskTiers: RISK_TIERS.map((value) => ({ value, label: cap(value) })),
        rulePacks: RULE_PACKS.map((value) => ({ value, label: RULE_PACK_LABELS[value] })),
        renewalDecisions: RENEWAL_DECISIONS.map((value) => ({ value, label: RENEWAL_DECISION_LABELS[value] })),
        contactRoles: CONTACT_ROLES.map((value) => ({ value, label: cap(value) })),
        currencies: [...CURRENCIES],
      },
      200,
    ),
);
