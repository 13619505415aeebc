import { ifMatchVersion } from '../../platform/http/versions.js';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../core/errors.js';
import { createRouter, security, serviceContext } from '../../platform/http/openapi.js';
import { IdParam, commonErrors, jsonBody, jsonResponse, pageOf, writeErrors } from '../../platform/http/schemas.js';
import type { AppEnv } from '../../platform/http/types.js';
import { calendarFeedStatus, createCalendarFeed, renderCalendarFeed, revokeCalendarFeed } from './calendar.service.js';
import {
  CalendarFeedCreated,
  CalendarFeedStatus,
  Deadline,
  DeadlineKind,
  DeadlineListQuery,
  DeadlineUpdate,
  TeamParam,
  TeamSettings,
  TeamSettingsUpdate,
} from './deadlines.schema.js';
import { listContractDeadlines, listDeadlineKinds, listDeadlines, updateDeadline } from './deadlines.service.js';
import { listTeamSettings, updateTeamSettings } from './settings.service.js';

/** Where links in feeds point: the configured public address, else the address this request came to. */
function baseUrl(c: Context<AppEnv>): string {
  return c.get('config').publicUrl ?? new URL(c.req.url).origin;
}

// ---------------------------------------------------------------- deadlines

export const deadlineRoutes = createRouter();
const tags = ['Deadlines'];

deadlineRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/deadlines',
    tags,
    security,
    summary: 'Deadlines of the contracts you may see, by due date (open ones unless you ask for others)',
    request: { query: DeadlineListQuery },
    responses: { 200: jsonResponse(pageOf(Deadline), 'A page of deadlines'), ...commonErrors },
  }),
  async (c) => c.json(await listDeadlines(serviceContext(c), c.req.valid('query')), 200),
);

deadlineRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/deadlines/kinds',
    tags,
    security,
    summary: 'The kinds of deadline there are, with their labels (for filters)',
    responses: { 200: jsonResponse(z.object({ items: z.array(DeadlineKind) }), 'Kinds'), ...commonErrors },
  }),
  async (c) => c.json({ items: await listDeadlineKinds(serviceContext(c)) }, 200),
);

deadlineRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/deadlines/{id}',
    tags,
    security,
    summary: 'Mark a deadline done, waive it (with a reason) or reopen it; send its version',
    request: { params: IdParam, body: jsonBody(DeadlineUpdate) },
    responses: { 200: jsonResponse(Deadline, 'Updated'), ...writeErrors },
  }),
  async (c) => {
    const dto = await updateDeadline(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c));
    c.header('ETag', `"${dto.version}"`);
    return c.json(dto, 200);
  },
);

deadlineRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contracts/{id}/deadlines',
    tags,
    security,
    summary: 'Every deadline of a contract, whatever its state',
    request: { params: IdParam },
    responses: { 200: jsonResponse(z.object({ items: z.array(Deadline) }), 'Deadlines'), ...commonErrors },
  }),
  async (c) => c.json({ items: await listContractDeadlines(serviceContext(c), c.req.valid('param').id) }, 200),
);

// ---------------------------------------------------------------- calendar feeds

export const calendarRoutes = createRouter();
const feedTags = ['Calendar feeds'];

calendarRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/calendar/feed',
    tags: feedTags,
    security,
    summary: 'Whether you have a calendar feed, and since when',
    responses: { 200: jsonResponse(CalendarFeedStatus, 'Your feed'), ...commonErrors },
  }),
  async (c) => c.json(await calendarFeedStatus(serviceContext(c)), 200),
);

calendarRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/calendar/feed',
    tags: feedTags,
    security,
    summary:
      'Create your calendar feed, or give it a new secret address (the old one stops working); the address is shown only in this response',
    responses: { 201: jsonResponse(CalendarFeedCreated, 'The feed address'), ...writeErrors },
  }),
  async (c) => c.json(await createCalendarFeed(serviceContext(c), baseUrl(c)), 201),
);

calendarRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/calendar/feed',
    tags: feedTags,
    security,
    summary: 'Revoke your calendar feed: its address stops working at once',
    responses: { 204: { description: 'Revoked (or there was none)' }, ...commonErrors },
  }),
  async (c) => {
    await revokeCalendarFeed(serviceContext(c));
    return c.body(null, 204) as never;
  },
);

// The feed itself: Hono reads `:token.ics` as one parameter named "token.ics", so the handler
// takes the segment apart itself; the OpenAPI entry is registered by hand to document it.
calendarRoutes.openAPIRegistry.registerPath({
  method: 'get',
  path: '/calendar/{token}.ics',
  tags: feedTags,
  summary: 'An iCalendar (RFC 5545) feed of the open deadlines its owner may see; needs no sign-in: the secret address is the key',
  request: {
    params: z.object({
      token: z.string().openapi({ param: { name: 'token', in: 'path' }, description: 'The secret from the feed address' }),
    }),
  },
  responses: {
    200: { description: 'The calendar', content: { 'text/calendar': { schema: z.string() } } },
    404: { description: 'Unknown or revoked address' },
  },
});
calendarRoutes.get('/calendar/:token.ics', async (c) => {
  const m = /^([A-Za-z0-9_-]+)\.ics$/.exec(c.req.param('token.ics') ?? '');
  const body = m ? await renderCalendarFeed(c.get('db'), m[1], baseUrl(c)) : null;
  if (body === null)
    throw new AppError(
      'not_found',
      'This calendar address is not valid. It may have been revoked or replaced; get the current one from the Calendar page in Steward.',
    );
  return c.body(body, 200, {
    'Content-Type': 'text/calendar; charset=utf-8',
    'Content-Disposition': 'inline; filename="steward-deadlines.ics"',
  });
});

// ---------------------------------------------------------------- team settings

export const teamSettingsRoutes = createRouter();
const settingsTags = ['Settings'];

teamSettingsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/settings/teams',
    tags: settingsTags,
    security,
    summary: 'Each team’s reminder lead times and key-question review period',
    responses: { 200: jsonResponse(z.object({ items: z.array(TeamSettings) }), 'Team settings'), ...commonErrors },
  }),
  async (c) => c.json({ items: await listTeamSettings(serviceContext(c)) }, 200),
);

teamSettingsRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/settings/teams/{team}',
    tags: settingsTags,
    security,
    summary: 'Change a team’s reminder lead times or review period (admins and procurement); send its version',
    request: { params: TeamParam, body: jsonBody(TeamSettingsUpdate) },
    responses: { 200: jsonResponse(TeamSettings, 'Saved'), ...writeErrors },
  }),
  async (c) => {
    const dto = await updateTeamSettings(serviceContext(c), c.req.valid('param').team, c.req.valid('json'), ifMatchVersion(c));
    c.header('ETag', `"${dto.version}"`);
    return c.json(dto, 200);
  },
);
