import { ifMatchVersion } from '../../platform/http/versions.js';
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, security, serviceContext } from '../../platform/http/openapi.js';
import { IdParam, commonErrors, jsonBody, jsonResponse, pageOf, writeErrors } from '../../platform/http/schemas.js';
import {
  createWebhook,
  deleteWebhook,
  getOutboxMessage,
  listDeliveries,
  listOutbox,
  listWebhooks,
  rotateWebhookSecret,
  testWebhook,
  updateWebhook,
} from './notifications.admin.service.js';
import {
  Delivery,
  DeliveryListQuery,
  Notification,
  NotificationListQuery,
  NotificationPage,
  OutboxListQuery,
  OutboxMessage,
  OutboxPage,
  Preferences,
  PreferencesUpdate,
  ReadAllResult,
  TestQueued,
  Webhook,
  WebhookCreate,
  WebhookUpdate,
  WebhookWithSecret,
} from './notifications.schema.js';
import { getPreferences, listNotifications, markAllRead, markRead, putPreferences } from './notifications.service.js';

export const notificationRoutes = createRouter();
const tags = ['Notifications'];
const adminTags = ['Notifications (admin)'];

notificationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/notifications',
    tags,
    security,
    summary: 'Your inbox, newest first, with your unread count',
    request: { query: NotificationListQuery },
    responses: { 200: jsonResponse(NotificationPage, 'A page of your notifications'), ...commonErrors },
  }),
  async (c) => c.json(await listNotifications(serviceContext(c), c.req.valid('query')), 200),
);

notificationRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/notifications/read-all',
    tags,
    security,
    summary: 'Mark all your notifications read',
    responses: { 200: jsonResponse(ReadAllResult, 'How many were marked'), ...writeErrors },
  }),
  async (c) => c.json(await markAllRead(serviceContext(c)), 200),
);

notificationRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/notifications/{id}/read',
    tags,
    security,
    summary: 'Mark one of your notifications read',
    request: { params: IdParam },
    responses: { 200: jsonResponse(Notification, 'The notification'), ...writeErrors },
  }),
  async (c) => c.json(await markRead(serviceContext(c), c.req.valid('param').id), 200),
);

notificationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/notifications/preferences',
    tags,
    security,
    summary: 'What you receive (everything until you choose)',
    responses: { 200: jsonResponse(Preferences, 'Your choices'), ...commonErrors },
  }),
  async (c) => c.json(await getPreferences(serviceContext(c)), 200),
);

notificationRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/notifications/preferences',
    tags,
    security,
    summary: 'Choose what you receive (send every choice)',
    request: { body: jsonBody(PreferencesUpdate) },
    responses: { 200: jsonResponse(Preferences, 'Your choices'), ...writeErrors },
  }),
  async (c) => c.json(await putPreferences(serviceContext(c), c.req.valid('json')), 200),
);

// --- admin ---

notificationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/admin/outbox',
    tags: adminTags,
    security,
    summary: 'The mail outbox: sent, pending, failed, and mail held for reading because SMTP is not configured (admin)',
    request: { query: OutboxListQuery },
    responses: { 200: jsonResponse(OutboxPage, 'A page of messages'), ...commonErrors },
  }),
  async (c) => c.json(await listOutbox(serviceContext(c), c.req.valid('query'), !!c.get('config').smtpUrl), 200),
);

notificationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/admin/outbox/{id}',
    tags: adminTags,
    security,
    summary: 'One message with its text (admin; recorded in the audit log)',
    request: { params: IdParam },
    responses: { 200: jsonResponse(OutboxMessage, 'The message'), ...commonErrors },
  }),
  async (c) => c.json(await getOutboxMessage(serviceContext(c), c.req.valid('param').id), 200),
);

notificationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/admin/webhooks',
    tags: adminTags,
    security,
    summary: 'Outgoing webhooks and how their deliveries are going (admin; secrets are never listed)',
    responses: { 200: jsonResponse(z.object({ items: z.array(Webhook) }), 'The webhooks'), ...commonErrors },
  }),
  async (c) => c.json(await listWebhooks(serviceContext(c)), 200),
);

notificationRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/admin/webhooks',
    tags: adminTags,
    security,
    summary: 'Create a webhook (admin); the answer holds its signing secret, shown only this once',
    request: { body: jsonBody(WebhookCreate) },
    responses: { 201: jsonResponse(WebhookWithSecret, 'Created'), ...writeErrors },
  }),
  async (c) => c.json(await createWebhook(serviceContext(c), c.req.valid('json')), 201),
);

notificationRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/admin/webhooks/{id}',
    tags: adminTags,
    security,
    summary: 'Change a webhook: name, URL, events, active (admin; send its current version)',
    request: { params: IdParam, body: jsonBody(WebhookUpdate) },
    responses: { 200: jsonResponse(Webhook, 'Updated'), ...writeErrors },
  }),
  async (c) => {
    const dto = await updateWebhook(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c));
    c.header('ETag', `"${dto.version}"`);
    return c.json(dto, 200);
  },
);

notificationRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/admin/webhooks/{id}',
    tags: adminTags,
    security,
    summary: 'Delete a webhook and its delivery log (admin)',
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, ...writeErrors },
  }),
  async (c) => {
    await deleteWebhook(serviceContext(c), c.req.valid('param').id);
    return c.body(null, 204);
  },
);

notificationRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/admin/webhooks/{id}/rotate-secret',
    tags: adminTags,
    security,
    summary: 'Replace the signing secret (admin); the new one is shown only this once',
    request: { params: IdParam },
    responses: { 200: jsonResponse(WebhookWithSecret, 'The webhook with its new secret'), ...writeErrors },
  }),
  async (c) => c.json(await rotateWebhookSecret(serviceContext(c), c.req.valid('param').id), 200),
);

notificationRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/admin/webhooks/{id}/test',
    tags: adminTags,
    security,
    summary: 'Queue a signed `ping` event for the webhook (admin), also while it is inactive',
    request: { params: IdParam },
    responses: { 202: jsonResponse(TestQueued, 'Queued'), ...writeErrors },
  }),
  async (c) => c.json(await testWebhook(serviceContext(c), c.req.valid('param').id), 202),
);

notificationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/admin/webhooks/{id}/deliveries',
    tags: adminTags,
    security,
    summary: 'The delivery log: each event, its status, attempts, last answer and times (admin)',
    request: { params: IdParam, query: DeliveryListQuery },
    responses: { 200: jsonResponse(pageOf(Delivery), 'A page of deliveries'), ...commonErrors },
  }),
  async (c) => c.json(await listDeliveries(serviceContext(c), c.req.valid('param').id, c.req.valid('query')), 200),
);
