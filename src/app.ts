/** Composition root: the HTTP app built from the platform frames and the features. */
import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { AppError } from './core/errors.js';
import './platform/http/messages.js';
import './features/frames.js';
import type { Db } from './db/database.js';
import { auditRoutes } from './features/audit/audit.routes.js';
import { authRoutes } from './features/auth/auth.routes.js';
import { contractRoutes } from './features/contracts/contracts.routes.js';
import { milestoneRoutes } from './features/milestones/milestones.routes.js';
import { invoiceRoutes } from './features/invoices/invoices.routes.js';
import { usageRoutes } from './features/usage/usage.routes.js';
import { dashboardRoutes } from './features/dashboard/dashboard.routes.js';
import { calendarRoutes, deadlineRoutes, teamSettingsRoutes } from './features/deadlines/deadlines.routes.js';
import { departmentRoutes } from './features/departments/departments.routes.js';
import { documentRoutes } from './features/documents/documents.routes.js';
import { findingRoutes } from './features/findings/findings.routes.js';
import { metaRoutes } from './features/meta/meta.routes.js';
import { notificationRoutes } from './features/notifications/notifications.routes.js';
import { questionRoutes } from './features/questions/questions.routes.js';
import { tokenRoutes } from './features/tokens/tokens.routes.js';
import { userRoutes } from './features/users/users.routes.js';
import { vendorRoutes } from './features/vendors/vendors.routes.js';
import type { Config } from './platform/config.js';
import { authenticate } from './platform/http/auth.js';
import { handleError } from './platform/http/errors.js';
import { bodyGuard, requestId } from './platform/http/guards.js';
import { createRouter } from './platform/http/openapi.js';
import { mountApiDocs, mountWeb } from './platform/http/static.js';
import type { AppEnv } from './platform/http/types.js';
import type { Logger } from './platform/logger.js';
import { installNotificationSubscriptions } from './platform/notifications/subscriptions.js';

export const API_VERSION = '0.1.0';

/** Every feature's router, mounted under /api. A new capability adds its router here. */
const FEATURE_ROUTERS = [
  authRoutes,
  metaRoutes,
  dashboardRoutes,
  departmentRoutes,
  userRoutes,
  vendorRoutes,
  contractRoutes,
  documentRoutes,
  auditRoutes,
  tokenRoutes,
  deadlineRoutes,
  calendarRoutes,
  teamSettingsRoutes,
  questionRoutes,
  findingRoutes,
  notificationRoutes,
  milestoneRoutes,
  invoiceRoutes,
  usageRoutes,
];

export interface AppDeps {
  db: Db;
  config: Config;
  log: Logger;
  serveWeb?: boolean;
}

export function buildApi(): OpenAPIHono<AppEnv> {
  const api = createRouter();
  const Health = z.object({ status: z.enum(['ok', 'unavailable']), version: z.string() }).openapi('Health');
  api.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['Reference'],
      summary: 'Liveness and database check (for load balancers); needs no sign-in',
      responses: {
        200: { description: 'Serving', content: { 'application/json': { schema: Health } } },
        503: { description: 'The database cannot be reached', content: { 'application/json': { schema: Health } } },
      },
    }),
    async (c) => {
      try {
        await c
          .get('db')
          .selectNoFrom((eb) => eb.val(1).as('one'))
          .execute();
        return c.json({ status: 'ok' as const, version: API_VERSION }, 200);
      } catch {
        return c.json({ status: 'unavailable' as const, version: API_VERSION }, 503);
      }
    },
  );
  for (const r of FEATURE_ROUTERS) api.route('/', r);
  api.openAPIRegistry.registerComponent('securitySchemes', 'cookieAuth', {
    type: 'apiKey',
    in: 'cookie',
    name: 'steward_session',
    description: 'Session cookie set by POST /api/auth/login. Writes also need the X-CSRF-Token header.',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token created under API tokens (or `steward token create`).',
  });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Steward API',
      version: API_VERSION,
      description:
        'Contract management for AI technology. Errors are `{ "error": { "code", "message", "fields"?, "requestId" } }`. Updates carry the record version; a stale one gets 412.',
    },
    servers: [{ url: '/api' }],
  });
  api.notFound((c) => {
    throw new AppError('not_found', `No API route ${c.req.method} ${c.req.path}.`);
  });
  return api;
}

export function createApp(deps: AppDeps): Hono<AppEnv> {
  installNotificationSubscriptions(deps.config.publicUrl);
  const app = new Hono<AppEnv>();
  app.use('*', requestId());
  app.use('*', async (c, next) => {
    const started = performance.now();
    c.set('db', deps.db);
    c.set('config', deps.config);
    c.set('log', deps.log);
    await next();
    if (c.req.path.startsWith('/api/')) {
      const actor = c.get('actor');
      deps.log.info(
        {
          requestId: c.get('requestId'),
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          ms: Math.round(performance.now() - started),
          userId: actor?.userId,
        },
        'request',
      );
    }
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
      referrerPolicy: 'same-origin',
    }),
  );
  app.use('/api/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    await next();
  });
  app.use(
    '/api/*',
    bodyGuard({
      jsonLimit: deps.config.bodyLimitBytes,
      uploadLimit: deps.config.uploadLimitBytes,
      streamed: /^\/api\/contracts\/[^/]+\/usage\/imports$/,
    }),
  );
  app.use('/api/*', authenticate());
  mountApiDocs(app);
  app.route('/api', buildApi());
  if (deps.serveWeb !== false) mountWeb(app);
  app.onError((err, c) => handleError(err, c));
  app.notFound((c) => handleError(new AppError('not_found', 'Not found.'), c));
  return app;
}
