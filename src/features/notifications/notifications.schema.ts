import { z } from '@hono/zod-openapi';
import { WEBHOOK_EVENTS, webhookUrlProblem } from '../../core/notifications.js';
import { PageQuery, Text } from '../../platform/http/schemas.js';

const instant = z.string().openapi({ format: 'date-time' });

export const NOTIFICATION_KINDS = ['finding', 'deadline', 'system'] as const;

export const Notification = z
  .object({
    id: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable().openapi({ description: 'Where the item leads in the web app, e.g. /contracts/<id>?tab=findings' }),
    contract: z.object({ id: z.string(), reference: z.string(), title: z.string() }).nullable(),
    createdAt: instant,
    readAt: instant.nullable(),
  })
  .openapi('Notification');
export type NotificationDto = z.infer<typeof Notification>;

export const NotificationPage = z
  .object({
    items: z.array(Notification),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    unreadCount: z.number().int().openapi({ description: 'All your unread items, whatever the filter' }),
  })
  .openapi('NotificationPage');

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const NotificationListQuery = z.object({
  unread: bool.optional().openapi({ description: 'true: only unread items' }),
  ...PageQuery,
});
export type NotificationListQueryInput = z.infer<typeof NotificationListQuery>;

export const ReadAllResult = z.object({ updated: z.number().int(), unreadCount: z.number().int() }).openapi('ReadAllResult');

const prefFields = {
  inboxFindings: z.boolean().openapi({ description: 'Inbox items for new findings on your contracts' }),
  inboxDeadlines: z.boolean().openapi({ description: 'Inbox reminders of coming deadlines' }),
  emailDigest: z.boolean().openapi({ description: 'A daily e-mail digest of new findings and the next 14 days of deadlines' }),
  emailCritical: z.boolean().openapi({ description: 'An e-mail at once for each critical finding' }),
  emailReminders: z.boolean().openapi({ description: 'An e-mail for each deadline reminder' }),
};
export const Preferences = z.object({ ...prefFields, updatedAt: instant.nullable() }).openapi('NotificationPreferences');
export const PreferencesUpdate = z.strictObject(prefFields).openapi('NotificationPreferencesUpdate');
export type PreferencesDto = z.infer<typeof Preferences>;
export type PreferencesUpdateInput = z.infer<typeof PreferencesUpdate>;

// --- admin: the mail outbox ---

export const MAIL_STATUSES = ['pending', 'sent', 'held', 'failed'] as const;

export const OutboxSummary = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    kind: z.string(),
    status: z.enum(MAIL_STATUSES),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: instant,
    sentAt: instant.nullable(),
    nextAttemptAt: instant.nullable().openapi({ description: 'When a pending message is tried next' }),
  })
  .openapi('OutboxMessageSummary');
export type OutboxSummaryDto = z.infer<typeof OutboxSummary>;

export const OutboxMessage = OutboxSummary.extend({ bodyText: z.string() }).openapi('OutboxMessage');
export type OutboxMessageDto = z.infer<typeof OutboxMessage>;

export const OutboxPage = z
  .object({
    items: z.array(OutboxSummary),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    counts: z.object({ pending: z.number().int(), sent: z.number().int(), held: z.number().int(), failed: z.number().int() }),
    smtpConfigured: z.boolean().openapi({ description: 'false: mail is held here for admins to read instead of being sent' }),
  })
  .openapi('OutboxPage');

export const OutboxListQuery = z.object({
  status: z.enum(MAIL_STATUSES).optional(),
  q: z.string().max(200).optional().openapi({ description: 'Search in recipient and subject' }),
  ...PageQuery,
});
export type OutboxListQueryInput = z.infer<typeof OutboxListQuery>;

// --- admin: webhooks ---

export const DELIVERY_STATUSES = ['pending', 'delivering', 'succeeded', 'failed'] as const;

const WebhookUrl = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(2000, 'must be at most 2000 characters')
  .superRefine((v, ctx) => {
    const p = webhookUrlProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  })
  .openapi({ example: 'https://hooks.example/steward' });

const Events = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1, 'choose at least one event')
  .max(WEBHOOK_EVENTS.length)
  .transform((e) => [...new Set(e)])
  .openapi({ description: `Events to send: ${WEBHOOK_EVENTS.join(', ')}` });

export const Webhook = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    active: z.boolean(),
    version: z.number().int(),
    createdAt: instant,
    updatedAt: instant,
    deliveries: z.object({
      pending: z.number().int(),
      failed: z.number().int(),
      lastAt: instant.nullable(),
      lastStatus: z.enum(DELIVERY_STATUSES).nullable(),
    }),
  })
  .openapi('Webhook');
export type WebhookDto = z.infer<typeof Webhook>;

export const WebhookWithSecret = Webhook.extend({
  secret: z.string().openapi({ description: 'The signing secret. Shown only now: store it with the receiver.' }),
}).openapi('WebhookWithSecret');
export type WebhookWithSecretDto = z.infer<typeof WebhookWithSecret>;

export const WebhookCreate = z
  .strictObject({ name: Text(120), url: WebhookUrl, events: Events, active: z.boolean().default(true) })
  .openapi('WebhookCreate');
export type WebhookCreateInput = z.infer<typeof WebhookCreate>;

export const WebhookUpdate = z
  .strictObject({
    version: z.number().int().min(1).optional().openapi({ description: 'Current version; or send it as If-Match' }),
    name: Text(120).optional(),
    url: WebhookUrl.optional(),
    events: Events.optional(),
    active: z.boolean().optional(),
  })
  .openapi('WebhookUpdate');
export type WebhookUpdateInput = z.infer<typeof WebhookUpdate>;

export const Delivery = z
  .object({
    id: z.string(),
    event: z.string(),
    eventId: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: instant.nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: instant,
    deliveredAt: instant.nullable(),
    payload: z.record(z.string(), z.unknown()),
  })
  .openapi('WebhookDelivery');
export type DeliveryDto = z.infer<typeof Delivery>;

export const DeliveryListQuery = z.object({ status: z.enum(DELIVERY_STATUSES).optional(), ...PageQuery });
export type DeliveryListQueryInput = z.infer<typeof DeliveryListQuery>;

export const TestQueued = z.object({ deliveryId: z.string(), message: z.string() }).openapi('WebhookTestQueued');
