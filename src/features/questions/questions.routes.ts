import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, security, serviceContext } from '../../platform/http/openapi.js';
import { commonErrors, jsonBody, jsonResponse, writeErrors } from '../../platform/http/schemas.js';
import {
  AnswerInput,
  Catalogue,
  ContractQuestion,
  ContractQuestions,
  QuestionParams,
  TeamFilter,
  TeamParam,
  TeamQuery,
  TeamQuestions,
} from './questions.schema.js';
import { answerQuestion, exportTeamCsv, getCatalogue, getContractQuestions, getTeamQuestions } from './questions.service.js';

export const questionRoutes = createRouter();
const tags = ['Key questions'];

questionRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/questions',
    tags,
    security,
    summary: 'The key-questions catalogue: objectives, teams with their review periods, themes and questions',
    responses: { 200: jsonResponse(Catalogue, 'The catalogue'), ...commonErrors },
  }),
  async (c) => c.json(await getCatalogue(serviceContext(c)), 200),
);

questionRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/questions',
    tags,
    security,
    summary: 'A contract’s key questions: evidence from the capabilities, the latest answer and earlier rounds',
    request: { params: z.object({ id: QuestionParams.shape.id }) },
    responses: { 200: jsonResponse(ContractQuestions, 'The questions'), ...commonErrors },
  }),
  async (c) => c.json(await getContractQuestions(serviceContext(c), c.req.valid('param').id), 200),
);

questionRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/contracts/{id}/questions/{questionId}/answer',
    tags,
    security,
    summary: 'Answer a key question for a review round (default: the current one); send the version to change an answer',
    description:
      'Procurement answers any team’s questions on any contract; department buyers answer buyer questions and IT & data users IT and data questions on their own department’s contracts. The first answer of a round creates it (201); changing it needs its current version (428 without, 412 when stale).',
    request: { params: QuestionParams, body: jsonBody(AnswerInput) },
    responses: {
      200: jsonResponse(ContractQuestion, 'Answer changed'),
      201: jsonResponse(ContractQuestion, 'Answer recorded'),
      ...writeErrors,
      428: {
        description: 'Version required',
        content: { 'application/json': { schema: z.object({ error: z.object({ code: z.string(), message: z.string() }) }) } },
      },
    },
  }),
  async (c) => {
    const { id, questionId } = c.req.valid('param');
    const result = await answerQuestion(serviceContext(c), id, questionId, c.req.valid('json'));
    return result.created ? c.json(result.question, 201) : c.json(result.question, 200);
  },
);

questionRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/questions/teams/{team}',
    tags,
    security,
    summary: 'A team’s questions across the active and suspended contracts you may see, worst first',
    description:
      'One row per contract and question, with its latest answer. Worst first: off track, at risk, unanswered, on track, not applicable.',
    request: { params: TeamParam, query: TeamQuery },
    responses: { 200: jsonResponse(TeamQuestions, 'The rows'), ...commonErrors },
  }),
  async (c) => c.json(await getTeamQuestions(serviceContext(c), c.req.valid('param').team, c.req.valid('query')), 200),
);

questionRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/questions/teams/{team}/export.csv',
    tags,
    security,
    summary: 'Export a team’s questions across its contracts as CSV, worst first (the export is audited)',
    request: { params: TeamParam, query: TeamFilter },
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...commonErrors },
  }),
  async (c) => {
    const team = c.req.valid('param').team;
    const csv = await exportTeamCsv(serviceContext(c), team, c.req.valid('query'));
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="steward-key-questions-${team}-${new Date().toISOString().slice(0, 10)}.csv"`);
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(csv, 200) as never;
  },
);
