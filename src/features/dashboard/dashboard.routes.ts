import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, security, serviceContext } from '../../platform/http/openapi.js';
import { commonErrors, jsonResponse } from '../../platform/http/schemas.js';
import { ContractSummary } from '../contracts/contracts.schema.js';
import { dashboard } from './dashboard.service.js';

const Dashboard = z
  .object({
    scope: z.enum(['portfolio', 'department']).openapi({ description: "department: the numbers cover the user's own department" }),
    contractsByStatus: z.record(z.string(), z.number()),
    totalValueByCurrency: z.array(z.object({ currency: z.string(), value: z.string(), ceiling: z.string() })),
    endingSoon: z.array(ContractSummary),
    recent: z.array(ContractSummary),
    health: z.object({ good: z.number(), fair: z.number(), poor: z.number() }),
    lowestHealth: z.array(ContractSummary.extend({ healthScore: z.number() })),
    findingsBySeverity: z.object({ critical: z.number(), warning: z.number(), info: z.number() }),
    topFindings: z.array(
      z.object({
        id: z.string(),
        contractId: z.string(),
        reference: z.string(),
        title: z.string(),
        severity: z.string(),
        ownerTeam: z.string(),
        firstSeen: z.string(),
      }),
    ),
    deadlines: z.object({ overdue: z.number(), thisWeek: z.number(), thisMonth: z.number() }),
    upcomingDeadlines: z.array(
      z.object({
        id: z.string(),
        contractId: z.string(),
        reference: z.string(),
        title: z.string(),
        kind: z.string(),
        dueDate: z.string(),
        ownerTeam: z.string(),
      }),
    ),
    activity: z
      .object({
        byDay: z.array(z.object({ day: z.string(), count: z.number() })),
        recent: z.array(
          z.object({
            seq: z.string(),
            at: z.string(),
            actorEmail: z.string().nullable(),
            action: z.string(),
            entityType: z.string(),
            entityId: z.string().nullable(),
          }),
        ),
      })
      .nullable(),
    counts: z.record(z.string(), z.number()),
  })
  .openapi('Dashboard');

export const dashboardRoutes = createRouter();
dashboardRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/dashboard',
    tags: ['Dashboard'],
    security,
    summary: "The numbers for the signed-in user's home page (department users: their own department)",
    responses: { 200: jsonResponse(Dashboard, 'Dashboard'), ...commonErrors },
  }),
  async (c) => c.json(await dashboard(serviceContext(c)), 200),
);
