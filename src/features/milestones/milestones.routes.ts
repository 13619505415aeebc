import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, security, serviceContext } from '../../platform/http/openapi.js';
import { IdParam, commonErrors, jsonBody, jsonResponse, pageOf, writeErrors } from '../../platform/http/schemas.js';
import { csvDownload, readUpload, uploadBody } from '../../platform/http/files.js';
import { ifMatchVersion } from '../../platform/http/versions.js';
import {
  DecisionSet,
  Deliverable,
  DeliverableCreate,
  DeliverableFile,
  DeliverableUpdate,
  DeliveryMark,
  EvaluationRunCreate,
  Milestone,
  MilestoneCreate,
  MilestoneUpdate,
  PortfolioMilestone,
  PortfolioQuery,
  TestPlanSet,
} from './milestones.schema.js';
import { addDeliverableFile } from './milestones.files.js';
import { listPortfolioMilestones, milestonesCsv } from './milestones.portfolio.js';
import {
  addEvaluationRun,
  createDeliverable,
  createMilestone,
  decideDeliverable,
  deleteDeliverable,
  deleteMilestone,
  getDeliverable,
  listDeliverables,
  listMilestones,
  markDelivered,
  setTestPlan,
  updateDeliverable,
  updateMilestone,
} from './milestones.service.js';

export const milestoneRoutes = createRouter();
const tags = ['Milestones and deliverables'];
const ok = jsonResponse(Deliverable, 'The deliverable, with its test plan and evaluation runs');

milestoneRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/milestones',
    tags,
    security,
    summary: "List a contract's milestones",
    request: { params: IdParam },
    responses: { 200: jsonResponse(z.array(Milestone), 'Milestones by due date'), ...commonErrors },
  }),
  async (c) => c.json(await listMilestones(serviceContext(c), c.req.valid('param').id), 200),
);

milestoneRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/contracts/{id}/milestones',
    tags,
    security,
    summary: 'Add a milestone (its due date must fall within the contract period)',
    request: { params: IdParam, body: jsonBody(MilestoneCreate) },
    responses: { 201: jsonResponse(Milestone, 'Created'), ...writeErrors },
  }),
  async (c) => c.json(await createMilestone(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 201),
);

milestoneRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/milestones/{id}',
    tags,
    security,
    summary: 'Change a milestone (send its current version in the body or If-Match)',
    request: { params: IdParam, body: jsonBody(MilestoneUpdate) },
    responses: { 200: jsonResponse(Milestone, 'Updated'), ...writeErrors },
  }),
  async (c) => {
    const dto = await updateMilestone(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c));
    c.header('ETag', `"${dto.version}"`);
    return c.json(dto, 200);
  },
);

milestoneRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/deliverables',
    tags,
    security,
    summary: "List a contract's deliverables with their test plans, evaluation runs and acceptance decisions",
    request: { params: IdParam },
    responses: { 200: jsonResponse(z.array(Deliverable), 'Deliverables by due date'), ...commonErrors },
  }),
  async (c) => c.json(await listDeliverables(serviceContext(c), c.req.valid('param').id), 200),
);

milestoneRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/contracts/{id}/deliverables',
    tags,
    security,
    summary: 'Add a deliverable',
    request: { params: IdParam, body: jsonBody(DeliverableCreate) },
    responses: { 201: jsonResponse(Deliverable, 'Created'), ...writeErrors },
  }),
  async (c) => c.json(await createDeliverable(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 201),
);

milestoneRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/deliverables/{id}',
    tags,
    security,
    summary: 'Change a deliverable, or record or withdraw a dispute (send its current version)',
    request: { params: IdParam, body: jsonBody(DeliverableUpdate) },
    responses: { 200: ok, ...writeErrors },
  }),
  async (c) => {
    const dto = await updateDeliverable(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c));
    c.header('ETag', `"${dto.version}"`);
    return c.json(dto, 200);
  },
);

milestoneRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/deliverables/{id}/delivery',
    tags,
    security,
    summary: "Mark a deliverable delivered (the contract's vendor users may do this, and only this)",
    request: { params: IdParam, body: jsonBody(DeliveryMark) },
    responses: { 200: ok, ...writeErrors },
  }),
  async (c) => c.json(await markDelivered(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c)), 200),
);

milestoneRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/deliverables/{id}/decision',
    tags,
    security,
    summary: 'Record the acceptance decision: accepted, rejected (with reasons) or accepted with conditions',
    request: { params: IdParam, body: jsonBody(DecisionSet) },
    responses: { 200: ok, ...writeErrors },
  }),
  async (c) => c.json(await decideDeliverable(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c)), 200),
);

milestoneRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/deliverables/{id}/test-plan',
    tags,
    security,
    summary: "Set or replace a deliverable's test and evaluation plan (send the plan's version when replacing)",
    request: { params: IdParam, body: jsonBody(TestPlanSet) },
    responses: { 200: ok, ...writeErrors },
  }),
  async (c) => c.json(await setTestPlan(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c)), 200),
);

milestoneRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/deliverables/{id}/evaluation-runs',
    tags,
    security,
    summary: 'Record an evaluation run: measured values are scored against the plan’s thresholds',
    request: { params: IdParam, body: jsonBody(EvaluationRunCreate) },
    responses: { 201: ok, ...writeErrors },
  }),
  async (c) => c.json(await addEvaluationRun(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 201),
);

milestoneRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/milestones',
    tags,
    security,
    summary: 'Upcoming and late milestones across the contracts you may see',
    request: { query: PortfolioQuery },
    responses: { 200: jsonResponse(pageOf(PortfolioMilestone), 'One page of milestones'), ...commonErrors },
  }),
  async (c) => c.json(await listPortfolioMilestones(serviceContext(c), c.req.valid('query')), 200),
);

milestoneRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/milestones/{id}',
    tags,
    security,
    summary: 'Delete a milestone (its deliverables stay, unlinked)',
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, ...writeErrors },
  }),
  async (c) => {
    await deleteMilestone(serviceContext(c), c.req.valid('param').id);
    return c.body(null, 204);
  },
);

milestoneRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/milestones.csv',
    tags,
    security,
    summary: "Export a contract's milestones as CSV",
    request: { params: IdParam },
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...commonErrors },
  }),
  async (c) => {
    const { reference, csv } = await milestonesCsv(serviceContext(c), c.req.valid('param').id);
    return csvDownload(c, `${reference}-milestones.csv`, csv) as never;
  },
);

milestoneRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/deliverables/{id}',
    tags,
    security,
    summary: 'A deliverable with its test plan, evaluation runs, evidence files and acceptance decision',
    request: { params: IdParam },
    responses: { 200: ok, ...commonErrors },
  }),
  async (c) => c.json(await getDeliverable(serviceContext(c), c.req.valid('param').id), 200),
);

milestoneRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/deliverables/{id}',
    tags,
    security,
    summary: 'Delete a deliverable that is not accepted, with its test plan and runs (its files stay among the documents)',
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, ...writeErrors },
  }),
  async (c) => {
    await deleteDeliverable(serviceContext(c), c.req.valid('param').id);
    return c.body(null, 204);
  },
);

milestoneRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/deliverables/{id}/files',
    tags,
    security,
    summary:
      'Attach an evidence file (PDF, office files, images, text; at most 25 MB; checked by content). Vendor users attach delivery files; staff may attach to an evaluation run.',
    request: {
      params: IdParam,
      body: uploadBody({ evaluationRunId: z.string().optional(), sharedWithVendor: z.enum(['true', 'false']).optional() }),
    },
    responses: { 201: jsonResponse(DeliverableFile, 'Attached'), ...writeErrors },
  }),
  async (c) => {
    const upload = await readUpload(c);
    const file = await addDeliverableFile(serviceContext(c), c.req.valid('param').id, {
      filename: upload.filename,
      bytes: upload.bytes,
      title: upload.fields.title,
      evaluationRunId: upload.fields.evaluationRunId,
      sharedWithVendor: upload.fields.sharedWithVendor === 'true',
    });
    return c.json(file, 201);
  },
);
