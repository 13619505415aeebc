import { createRoute } from '@hono/zod-openapi';
import { createRouter, security, serviceContext } from '../../platform/http/openapi.js';
import { IdParam, commonErrors, jsonBody, jsonResponse, pageOf, writeErrors } from '../../platform/http/schemas.js';
import { User, UserCreate, UserListQuery, UserUpdate } from './users.schema.js';
import { createUser, listUsers, updateUser } from './users.service.js';

export const userRoutes = createRouter();
const tags = ['Users'];

userRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/users',
    tags,
    security,
    summary: 'List users',
    request: { query: UserListQuery },
    responses: { 200: jsonResponse(pageOf(User), 'A page of users'), ...commonErrors },
  }),
  async (c) => c.json(await listUsers(serviceContext(c), c.req.valid('query')), 200),
);

userRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/users',
    tags,
    security,
    summary: 'Create a user (admin)',
    request: { body: jsonBody(UserCreate) },
    responses: { 201: jsonResponse(User, 'Created'), ...writeErrors },
  }),
  async (c) => c.json(await createUser(serviceContext(c), c.req.valid('json')), 201),
);

userRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/users/{id}',
    tags,
    security,
    summary: 'Change, disable or enable a user (admin)',
    request: { params: IdParam, body: jsonBody(UserUpdate) },
    responses: { 200: jsonResponse(User, 'Updated'), ...writeErrors },
  }),
  async (c) => c.json(await updateUser(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
);
