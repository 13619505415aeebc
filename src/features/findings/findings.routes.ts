import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, security, serviceContext } from '../../platform/http/openapi.js';
import { IdParam, commonErrors, jsonBody, jsonResponse, writeErrors } from '../../platform/http/schemas.js';
import {
  AcknowledgeFinding,
  ContractFindings,
  ContractHealth,
  EvaluationSummary,
  Finding,
  FindingListQuery,
  FindingPage,
  ReopenFinding,
  RuleInfo,
  SnoozeFinding,
} from './findings.schema.js';
import { changeFinding, contractHealth, evaluateFindingsNow, listContractFindings, listFindings, listRules } from './findings.service.js';

export const findingRoutes = createRouter();
const tags = ['Findings'];

findingRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/findings',
    tags,
    security,
    summary: 'Findings on the contracts you may see, worst first (not resolved unless asked), with counts by severity',
    request: { query: FindingListQuery },
    responses: { 200: jsonResponse(FindingPage, 'A page of findings'), ...commonErrors },
  }),
  async (c) => c.json(await listFindings(serviceContext(c), c.req.valid('query')), 200),
);

findingRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/findings',
    tags,
    security,
    summary: 'Every finding of a contract, in every state, open ones first',
    request: { params: IdParam },
    responses: { 200: jsonResponse(ContractFindings, 'The contract’s findings'), ...commonErrors },
  }),
  async (c) => c.json(await listContractFindings(serviceContext(c), c.req.valid('param').id), 200),
);

findingRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/health',
    tags,
    security,
    summary: 'A contract’s health score (0–100), its band and a year of history',
    description:
      'Score = 100 − 25 per open critical finding − 10 per open warning − 2 per open info; acknowledged findings count half; snoozed and resolved ones do not count; one rule’s findings take off at most 30 points together; never below 0. Bands: good ≥ 80, fair ≥ 50, poor below.',
    request: { params: IdParam },
    responses: { 200: jsonResponse(ContractHealth, 'Health score and history'), ...commonErrors },
  }),
  async (c) => c.json(await contractHealth(serviceContext(c), c.req.valid('param').id), 200),
);

findingRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/contracts/{id}/findings/evaluate',
    tags,
    security,
    summary: 'Run every rule for the contract now (e.g. after an import); for those who may change the contract',
    request: { params: IdParam },
    responses: { 200: jsonResponse(EvaluationSummary, 'What the run changed, and the counts now'), ...writeErrors },
  }),
  async (c) => c.json(await evaluateFindingsNow(serviceContext(c), c.req.valid('param').id), 200),
);

findingRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/findings/{id}/acknowledge',
    tags,
    security,
    summary: 'Acknowledge a finding with a note (it stays listed, counting half towards the health score)',
    request: { params: IdParam, body: jsonBody(AcknowledgeFinding) },
    responses: { 200: jsonResponse(Finding, 'The finding, acknowledged'), ...writeErrors },
  }),
  async (c) => {
    const body = c.req.valid('json');
    return c.json(await changeFinding(serviceContext(c), c.req.valid('param').id, { action: 'acknowledge', ...body }), 200);
  },
);

findingRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/findings/{id}/snooze',
    tags,
    security,
    summary: 'Snooze a finding until a date, with a reason (it comes back on that day if the rule still fires)',
    request: { params: IdParam, body: jsonBody(SnoozeFinding) },
    responses: { 200: jsonResponse(Finding, 'The finding, snoozed'), ...writeErrors },
  }),
  async (c) => {
    const body = c.req.valid('json');
    return c.json(await changeFinding(serviceContext(c), c.req.valid('param').id, { action: 'snooze', ...body }), 200);
  },
);

findingRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/findings/{id}/reopen',
    tags,
    security,
    summary: 'Undo an acknowledgement or a snooze',
    request: { params: IdParam, body: jsonBody(ReopenFinding) },
    responses: { 200: jsonResponse(Finding, 'The finding, open again'), ...writeErrors },
  }),
  async (c) => {
    const body = c.req.valid('json');
    return c.json(await changeFinding(serviceContext(c), c.req.valid('param').id, { action: 'reopen', ...body }), 200);
  },
);

findingRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/rules',
    tags,
    security,
    summary: 'The rules Steward checks contracts against, with what to do when one fires',
    responses: { 200: jsonResponse(z.object({ items: z.array(RuleInfo) }), 'The registered rules'), ...commonErrors },
  }),
  async (c) => c.json({ items: await listRules(serviceContext(c)) }, 200),
);
