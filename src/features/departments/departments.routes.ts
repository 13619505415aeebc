import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, security, serviceContext } from '../../platform/http/openapi.js';
import { IdParam, commonErrors, jsonBody, jsonResponse, writeErrors } from '../../platform/http/schemas.js';
import { Department, DepartmentCreate, DepartmentUpdate } from './departments.schema.js';
import { createDepartment, listDepartments, updateDepartment } from './departments.service.js';

export const departmentRoutes = createRouter();
const tags = ['Departments'];

departmentRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/departments',
    tags,
    security,
    summary: 'List departments',
    responses: { 200: jsonResponse(z.object({ items: z.array(Department) }), 'Departments'), ...commonErrors },
  }),
  async (c) => c.json({ items: await listDepartments(serviceContext(c)) }, 200),
);

departmentRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/departments',
    tags,
    security,
    summary: 'Create a department (admin)',
    request: { body: jsonBody(DepartmentCreate) },
    responses: { 201: jsonResponse(Department, 'Created'), ...writeErrors },
  }),
  async (c) => c.json(await createDepartment(serviceContext(c), c.req.valid('json')), 201),
);

departmentRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/departments/{id}',
    tags,
    security,
    summary: 'Rename a department (admin)',
    request: { params: IdParam, body: jsonBody(DepartmentUpdate) },
    responses: { 200: jsonResponse(Department, 'Updated'), ...writeErrors },
  }),
  async (c) => c.json(await updateDepartment(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
);
