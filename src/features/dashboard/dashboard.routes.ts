import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, security, serviceContext } from '../../platform/http/openapi.js';
import { commonErrors, jsonResponse } from '../../platform/http/schemas.js';
import { ContractSummary } from '../contracts/contracts.schema.js';
import { dashboard } from './dashboard.service.js';

export const dashboardRoutes = createRouter();
dashboardRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/dashboard',
    tags: ['Dashboard'],
    security,
    summary: "The numbers for the signed-in user's home page",
    responses: {
      200: jsonResponse(
        z.object({
          contractsByStatus: z.record(z.string(), z.number()),
          totalValueByCurrency: z.array(z.object({ currency: z.string(), value: z.string(), ceiling: z.string() })),
          endingSoon: z.array(ContractSummary),
          recent: z.array(ContractSummary),
          counts: z.record(z.string(), z.number()),
        }),
        'Dashboard',
      ),
      ...commonErrors,
    },
  }),
  async (c) => c.json(await dashboard(serviceContext(c)), 200),
);
