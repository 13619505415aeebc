import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { ROLES } from '../../core/policy.js';
import { createSession } from '../../platform/auth/sessions.js';
import { CSRF_COOKIE, SESSION_COOKIE, requireActor } from '../../platform/http/auth.js';
import { createRouter, security, serviceContext } from '../../platform/http/openapi.js';
import { commonErrors, jsonBody, jsonResponse } from '../../platform/http/schemas.js';
import type { AppEnv } from '../../platform/http/types.js';
import { changeOwnPassword, loadMe, login, logout, permissionsOf } from './auth.service.js';

export const authRoutes = createRouter();
const tags = ['Authentication'];

const Me = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    departmentId: z.string().nullable(),
    departmentName: z.string().nullable(),
    vendorId: z.string().nullable(),
    vendorName: z.string().nullable(),
  })
  .openapi('Me');

function secure(c: Context<AppEnv>): boolean {
  const pub = c.get('config').publicUrl;
  return pub ? pub.startsWith('https://') : c.req.url.startsWith('https://') || c.req.header('x-forwarded-proto') === 'https';
}

function setSessionCookies(c: Context<AppEnv>, token: string, csrf: string) {
  const config = c.get('config');
  const maxAge = config.sessionAbsoluteHours * 3600;
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: secure(c), path: '/', maxAge });
  setCookie(c, CSRF_COOKIE, csrf, { httpOnly: false, sameSite: 'Lax', secure: secure(c), path: '/', maxAge });
}

authRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/auth/login',
    tags,
    summary: 'Sign in with e-mail and password; sets the session cookie',
    request: { body: jsonBody(z.strictObject({ email: z.string().trim().max(254), password: z.string().max(200) })) },
    responses: {
      200: jsonResponse(z.object({ user: Me, csrfToken: z.string() }), 'Signed in'),
      ...commonErrors,
      429: { description: 'Too many failed attempts' },
    },
  }),
  async (c) => {
    const { email, password } = c.req.valid('json');
    const r = await login(c.get('db'), c.get('config'), { email, password, ip: c.get('clientIp'), requestId: c.get('requestId') });
    setSessionCookies(c, r.token, r.csrfToken);
    return c.json({ user: r.me, csrfToken: r.csrfToken }, 200);
  },
);

authRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/auth/logout',
    tags,
    security,
    summary: 'Sign out (ends this session)',
    responses: { 204: { description: 'Signed out' }, ...commonErrors },
  }),
  async (c) => {
    const session = c.get('session');
    if (session && c.get('actor')) await logout(serviceContext(c), session.tokenHash);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    deleteCookie(c, CSRF_COOKIE, { path: '/' });
    return c.body(null, 204) as never;
  },
);

authRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/auth/me',
    tags,
    security,
    summary: 'Who am I: the signed-in user, their permissions and the CSRF token',
    responses: {
      200: jsonResponse(z.object({ user: Me, csrfToken: z.string().nullable(), permissions: z.array(z.string()) }), 'Me'),
      ...commonErrors,
    },
  }),
  async (c) => {
    const actor = requireActor(c);
    return c.json(
      { user: await loadMe(c.get('db'), actor.userId), csrfToken: c.get('session')?.csrfToken ?? null, permissions: permissionsOf(actor) },
      200,
    );
  },
);

authRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/auth/password',
    tags,
    security,
    summary: 'Change your password (signs out all your sessions, then signs this one in again)',
    request: { body: jsonBody(z.strictObject({ currentPassword: z.string().max(200), newPassword: z.string().max(200) })) },
    responses: { 200: jsonResponse(z.object({ csrfToken: z.string() }), 'Changed'), ...commonErrors },
  }),
  async (c) => {
    const ctx = serviceContext(c);
    const body = c.req.valid('json');
    await changeOwnPassword(ctx, body.currentPassword, body.newPassword);
    const s = await createSession(ctx.db, ctx.actor.userId, c.get('config'));
    setSessionCookies(c, s.token, s.csrfToken);
    return c.json({ csrfToken: s.csrfToken }, 200);
  },
);
