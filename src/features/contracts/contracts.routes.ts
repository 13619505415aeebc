import { ifMatchVersion } from '../../platform/http/versions.js';
import { createRoute } from '@hono/zod-openapi';
import { withIdempotency } from '../../platform/http/idempotency.js';
import { createRouter, security, serviceContext } from '../../platform/http/openapi.js';
import { IdParam, commonErrors, jsonBody, jsonResponse, pageOf, writeErrors } from '../../platform/http/schemas.js';
import { exportContractOcds } from './contracts.ocds.js';
import { Contract, ContractCreate, ContractListQuery, ContractSummary, ContractUpdate, OcdsReleasePackage } from './contracts.schema.js';
import { createContract, getContract, listContracts, updateContract } from './contracts.service.js';

export const contractRoutes = createRouter();
const tags = ['Contracts'];

contractRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts',
    tags,
    security,
    summary: 'List the contracts you may see, with search, filters, sorting and pagination',
    request: { query: ContractListQuery },
    responses: { 200: jsonResponse(pageOf(ContractSummary), 'A page of contracts'), ...commonErrors },
  }),
  async (c) => c.json(await listContracts(serviceContext(c), c.req.valid('query')), 200),
);

contractRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}',
    tags,
    security,
    summary: 'Get a contract',
    request: { params: IdParam },
    responses: { 200: jsonResponse(Contract, 'The contract'), ...commonErrors },
  }),
  async (c) => {
    const dto = await getContract(serviceContext(c), c.req.valid('param').id);
    c.header('ETag', `"${dto.version}"`);
    return c.json(dto, 200);
  },
);

contractRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/contracts',
    tags,
    security,
    summary: 'Create a contract (send an Idempotency-Key header to make retries safe)',
    request: { body: jsonBody(ContractCreate) },
    responses: { 201: jsonResponse(Contract, 'Created'), ...writeErrors },
  }),
  async (c) => {
    const body = c.req.valid('json');
    return withIdempotency(c, 'POST /contracts', body, async () => ({
      status: 201,
      body: await createContract(serviceContext(c), body),
    })) as never;
  },
);

contractRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/contracts/{id}',
    tags,
    security,
    summary: 'Change a contract (send its current version in the body or If-Match)',
    request: { params: IdParam, body: jsonBody(ContractUpdate) },
    responses: { 200: jsonResponse(Contract, 'Updated'), ...writeErrors },
  }),
  async (c) => {
    const dto = await updateContract(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c));
    c.header('ETag', `"${dto.version}"`);
    return c.json(dto, 200);
  },
);

contractRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/ocds',
    tags,
    security,
    summary: 'Export a contract as an OCDS 1.1 release package (Open Contracting Data Standard)',
    request: { params: IdParam },
    responses: { 200: jsonResponse(OcdsReleasePackage, 'An OCDS 1.1 release package with one release'), ...commonErrors },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const config = c.get('config');
    const base = config.publicUrl ?? new URL(c.req.url).origin;
    const pkg = await exportContractOcds(serviceContext(c), id, {
      uri: `${base}/api/contracts/${id}/ocds`,
      ocidPrefix: config.ocidPrefix,
      publisherName: config.publisherName,
    });
    return c.json(pkg, 200);
  },
);
