import { createRoute } from '@hono/zod-openapi';
import { withIdempotency } from '../../platform/http/idempotency.js';
import { createRouter, security, serviceContext } from '../../platform/http/openapi.js';
import { IdParam, commonErrors, jsonBody, jsonResponse, pageOf, writeErrors } from '../../platform/http/schemas.js';
import { Vendor, VendorCreate, VendorListQuery, VendorUpdate } from './vendors.schema.js';
import { createVendor, getVendor, listVendors, updateVendor } from './vendors.service.js';

export const vendorRoutes = createRouter();
const tags = ['Vendors'];

vendorRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/vendors',
    tags,
    security,
    summary: 'List vendors (a vendor user sees only its own)',
    request: { query: VendorListQuery },
    responses: { 200: jsonResponse(pageOf(Vendor), 'A page of vendors'), ...commonErrors },
  }),
  async (c) => c.json(await listVendors(serviceContext(c), c.req.valid('query')), 200),
);

vendorRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/vendors/{id}',
    tags,
    security,
    summary: 'Get a vendor',
    request: { params: IdParam },
    responses: { 200: jsonResponse(Vendor, 'The vendor'), ...commonErrors },
  }),
  async (c) => c.json(await getVendor(serviceContext(c), c.req.valid('param').id), 200),
);

vendorRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/vendors',
    tags,
    security,
    summary: 'Create a vendor (send an Idempotency-Key header to make retries safe)',
    request: { body: jsonBody(VendorCreate) },
    responses: { 201: jsonResponse(Vendor, 'Created'), ...writeErrors },
  }),
  async (c) => {
    const body = c.req.valid('json');
    return withIdempotency(c, 'POST /vendors', body, async () => ({
      status: 201,
      body: await createVendor(serviceContext(c), body),
    })) as never;
  },
);

vendorRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/vendors/{id}',
    tags,
    security,
    summary: 'Update a vendor (send its current version)',
    request: { params: IdParam, body: jsonBody(VendorUpdate) },
    responses: { 200: jsonResponse(Vendor, 'Updated'), ...writeErrors },
  }),
  async (c) => c.json(await updateVendor(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
);
