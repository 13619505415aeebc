/** API tokens: created by a user for the CLI and integrations, shown once, stored hashed. */
import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../../core/errors.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { newApiToken } from '../../platform/auth/tokens.js';
import type { ServiceContext } from '../../platform/context.js';
import { createRouter, security, serviceContext } from '../../platform/http/openapi.js';
import { IdParam, Text, commonErrors, jsonBody, jsonResponse } from '../../platform/http/schemas.js';
import { inTransaction, requirePermission } from '../../platform/service.js';

export async function createToken(ctx: ServiceContext, name: string) {
  await requirePermission(ctx, 'token.own', 'api_token');
  const t = newApiToken();
  return inTransaction(ctx, async (tx) => {
    const row = await tx
      .insertInto('api_tokens')
      .values({ user_id: ctx.actor.userId, name, token_hash: t.hash, prefix: t.prefix })
      .returning(['id', 'name', 'prefix', 'created_at'])
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx, { action: 'token.create', entityType: 'api_token', entityId: row.id, after: { name, prefix: t.prefix } });
    return { id: row.id, name: row.name, prefix: row.prefix, token: t.token, createdAt: row.created_at.toISOString() };
  });
}

export async function listTokens(ctx: ServiceContext) {
  await requirePermission(ctx, 'token.own', 'api_token');
  const rows = await ctx.db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', ctx.actor.userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}

export async function revokeToken(ctx: ServiceContext, id: string) {
  await requirePermission(ctx, 'token.own', 'api_token');
  await inTransaction(ctx, async (tx) => {
    const r = await tx
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('id', '=', id)
      .where('user_id', '=', ctx.actor.userId)
      .where('revoked_at', 'is', null)
      .returning(['name', 'prefix'])
      .executeTakeFirst();
    if (!r) throw notFound('Token');
    await appendAudit(tx, ctx, { action: 'token.revoke', entityType: 'api_token', entityId: id, after: r });
  });
}

export const tokenRoutes = createRouter();
const tags = ['API tokens'];
const Token = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiToken');

tokenRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/tokens',
    tags,
    security,
    summary: 'Your API tokens',
    responses: { 200: jsonResponse(z.object({ items: z.array(Token) }), 'Tokens'), ...commonErrors },
  }),
  async (c) => c.json({ items: await listTokens(serviceContext(c)) }, 200),
);
tokenRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/tokens',
    tags,
    security,
    summary: 'Create an API token (the secret is shown only in this response)',
    request: { body: jsonBody(z.strictObject({ name: Text(100) })) },
    responses: {
      201: jsonResponse(
        z.object({ id: z.string(), name: z.string(), prefix: z.string(), token: z.string(), createdAt: z.string() }),
        'Created',
      ),
      ...commonErrors,
    },
  }),
  async (c) => c.json(await createToken(serviceContext(c), c.req.valid('json').name), 201),
);
tokenRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/tokens/{id}',
    tags,
    security,
    summary: 'Revoke one of your tokens',
    request: { params: IdParam },
    responses: { 204: { description: 'Revoked' }, ...commonErrors },
  }),
  async (c) => {
    await revokeToken(serviceContext(c), c.req.valid('param').id);
    return c.body(null, 204) as never;
  },
);
