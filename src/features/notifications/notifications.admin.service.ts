/**
 * Admin side of notifications: the mail outbox (what was sent, and what is held for reading when
 * SMTP is not configured) and outgoing webhooks with their delivery log. Admins only; every
 * change and every opened message is audited; a webhook's secret is shown at creation and on
 * rotation, never listed again, and never written to the audit log.
 */
import { sql } from 'kysely';
import { diffFields } from '../../core/changes.js';
import { notFound } from '../../core/errors.js';
import type { DbOrTx } from '../../db/database.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { newWebhookSecret, queuePing } from '../../platform/notifications/notify.js';
import {
  type Page,
  inTransaction,
  likePattern,
  offsetOf,
  requirePermission,
  requireVersion,
  staleVersion,
} from '../../platform/service.js';
import type {
  DeliveryDto,
  DeliveryListQueryInput,
  OutboxListQueryInput,
  OutboxMessageDto,
  OutboxSummaryDto,
  WebhookCreateInput,
  WebhookDto,
  WebhookUpdateInput,
  WebhookWithSecretDto,
} from './notifications.schema.js';

// --- the outbox ---

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function outboxDto(r: {
  id: string;
  to_address: string;
  subject: string;
  kind: string;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  next_attempt_at: Date;
}): OutboxSummaryDto {
  return {
    id: r.id,
    to: r.to_address,
    subject: r.subject,
    kind: r.kind,
    status: r.status as OutboxSummaryDto['status'],
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    sentAt: iso(r.sent_at),
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
  };
}

const OUTBOX_COLUMNS = [
  'id',
  'to_address',
  'subject',
  'kind',
  'status',
  'attempts',
  'last_error',
  'created_at',
  'sent_at',
  'next_attempt_at',
] as const;

export async function listOutbox(ctx: ServiceContext, q: OutboxListQueryInput, smtpConfigured: boolean) {
  await requirePermission(ctx, 'outbox.read', 'mail');
  let base = ctx.db.selectFrom('mail_outbox');
  if (q.q) {
    const p = likePattern(q.q);
    base = base.where((eb) => eb.or([eb(sql`lower(to_address)`, 'like', p), eb(sql`lower(subject)`, 'like', p)]));
  }
  const filtered = q.status ? base.where('status', '=', q.status) : base;
  const [rows, total, counts] = await Promise.all([
    filtered.select(OUTBOX_COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.pageSize).offset(offsetOf(q)).execute(),
    filtered.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    base
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('status')
      .execute(),
  ]);
  const byStatus = { pending: 0, sent: 0, held: 0, failed: 0 };
  for (const c of counts) byStatus[c.status as keyof typeof byStatus] = Number(c.n);
  return { items: rows.map(outboxDto), total: Number(total.n), page: q.page, pageSize: q.pageSize, counts: byStatus, smtpConfigured };
}

export async function getOutboxMessage(ctx: ServiceContext, id: string): Promise<OutboxMessageDto> {
  await requirePermission(ctx, 'outbox.read', 'mail');
  const r = await ctx.db
    .selectFrom('mail_outbox')
    .select([...OUTBOX_COLUMNS, 'body_text'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('Message');
  // Reading someone's mail is worth a line in the audit log, like an export.
  await inTransaction(ctx, (tx) =>
    appendAudit(tx, ctx, { action: 'mail.view', entityType: 'mail', entityId: id, after: { to: r.to_address, subject: r.subject } }),
  );
  return { ...outboxDto(r), bodyText: r.body_text };
}

// --- webhooks ---

async function webhookRows(db: DbOrTx, id?: string) {
  let q = db.selectFrom('webhooks as h').select([
    'h.id',
    'h.name',
    'h.url',
    'h.events',
    'h.active',
    'h.version',
    'h.created_at',
    'h.updated_at',
    (eb) =>
      eb
        .selectFrom('webhook_deliveries as d')
        .whereRef('d.webhook_id', '=', 'h.id')
        .where('d.status', 'in', ['pending', 'delivering'])
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('pending'),
    (eb) =>
      eb
        .selectFrom('webhook_deliveries as d')
        .whereRef('d.webhook_id', '=', 'h.id')
        .where('d.status', '=', 'failed')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('failed'),
    sql<
      string | null
    >`(SELECT d.status FROM webhook_deliveries d WHERE d.webhook_id = h.id ORDER BY d.created_at DESC, d.id DESC LIMIT 1)`.as(
      'last_status',
    ),
    sql<Date | null>`(SELECT max(d.created_at) FROM webhook_deliveries d WHERE d.webhook_id = h.id)`.as('last_at'),
  ]);
  if (id) q = q.where('h.id', '=', id);
  return q.orderBy('h.name').orderBy('h.id').execute();
}
type HookRow = Awaited<ReturnType<typeof webhookRows>>[number];

function webhookDto(r: HookRow): WebhookDto {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    events: r.events as WebhookDto['events'],
    active: r.active,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deliveries: {
      pending: Number(r.pending ?? 0),
      failed: Number(r.failed ?? 0),
      lastAt: r.last_at ? new Date(r.last_at).toISOString() : null,
      lastStatus: (r.last_status as WebhookDto['deliveries']['lastStatus']) ?? null,
    },
  };
}

async function loadWebhook(db: DbOrTx, id: string): Promise<WebhookDto> {
  const [r] = await webhookRows(db, id);
  if (!r) throw notFound('Webhook');
  return webhookDto(r);
}

/** What the audit log keeps of a webhook: never its secret. */
const auditView = (w: WebhookDto) => ({ name: w.name, url: w.url, events: w.events, active: w.active });

export async function listWebhooks(ctx: ServiceContext): Promise<{ items: WebhookDto[] }> {
  await requirePermission(ctx, 'webhook.manage', 'webhook');
  return { items: (await webhookRows(ctx.db)).map(webhookDto) };
}

export async function createWebhook(ctx: ServiceContext, input: WebhookCreateInput): Promise<WebhookWithSecretDto> {
  await requirePermission(ctx, 'webhook.manage', 'webhook');
  const secret = newWebhookSecret();
  return inTransaction(ctx, async (tx) => {
    const { id } = await tx
      .insertInto('webhooks')
      .values({
        name: input.name,
        url: input.url,
        secret,
        events: [...new Set(input.events)],
        active: input.active,
        created_by: ctx.actor.role === 'system' ? null : ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const dto = await loadWebhook(tx, id);
    await appendAudit(tx, ctx, { action: 'webhook.create', entityType: 'webhook', entityId: id, after: auditView(dto) });
    return { ...dto, secret };
  });
}

export async function updateWebhook(ctx: ServiceContext, id: string, raw: WebhookUpdateInput, ifMatch?: number): Promise<WebhookDto> {
  await requirePermission(ctx, 'webhook.manage', 'webhook');
  const { version: bodyVersion, ...changes } = raw;
  const version = requireVersion(bodyVersion, ifMatch);
  return inTransaction(ctx, async (tx) => {
    const row = await tx.selectFrom('webhooks').select(['id', 'version']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('Webhook');
    if (row.version !== version) throw staleVersion('webhook');
    const before = await loadWebhook(tx, id);
    await tx
      .updateTable('webhooks')
      .set({
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.url !== undefined ? { url: changes.url } : {}),
        ...(changes.events !== undefined ? { events: [...new Set(changes.events)] } : {}),
        ...(changes.active !== undefined ? { active: changes.active } : {}),
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const after = await loadWebhook(tx, id);
    await appendAudit(tx, ctx, {
      action: 'webhook.update',
      entityType: 'webhook',
      entityId: id,
      ...diffFields(auditView(before), auditView(after)),
    });
    return after;
  });
}

export async function deleteWebhook(ctx: ServiceContext, id: string): Promise<void> {
  await requirePermission(ctx, 'webhook.manage', 'webhook');
  await inTransaction(ctx, async (tx) => {
    const before = await loadWebhook(tx, id);
    // Its delivery log goes with it (ON DELETE CASCADE); the audit log keeps what it was.
    await tx.deleteFrom('webhooks').where('id', '=', id).execute();
    await appendAudit(tx, ctx, { action: 'webhook.delete', entityType: 'webhook', entityId: id, before: auditView(before) });
  });
}

export async function rotateWebhookSecret(ctx: ServiceContext, id: string): Promise<WebhookWithSecretDto> {
  await requirePermission(ctx, 'webhook.manage', 'webhook');
  const secret = newWebhookSecret();
  return inTransaction(ctx, async (tx) => {
    const r = await tx
      .updateTable('webhooks')
      .set({ secret, version: sql`version + 1`, updated_at: new Date() })
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    if (!r) throw notFound('Webhook');
    await appendAudit(tx, ctx, { action: 'webhook.rotate_secret', entityType: 'webhook', entityId: id });
    return { ...(await loadWebhook(tx, id)), secret };
  });
}

export async function testWebhook(ctx: ServiceContext, id: string): Promise<{ deliveryId: string; message: string }> {
  await requirePermission(ctx, 'webhook.manage', 'webhook');
  return inTransaction(ctx, async (tx) => {
    const hook = await tx.selectFrom('webhooks').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
    if (!hook) throw notFound('Webhook');
    const deliveryId = await queuePing(tx, id, ctx.actor.email);
    await appendAudit(tx, ctx, { action: 'webhook.test', entityType: 'webhook', entityId: id, after: { deliveryId } });
    return {
      deliveryId,
      message: `A test event is queued for “${hook.name}”. It goes out within a minute; its outcome appears in the delivery log.`,
    };
  });
}

function deliveryDto(r: {
  id: string;
  event: string;
  event_id: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  payload: Record<string, unknown>;
}): DeliveryDto {
  return {
    id: r.id,
    event: r.event,
    eventId: r.event_id,
    status: r.status as DeliveryDto['status'],
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' || r.status === 'delivering' ? r.next_attempt_at.toISOString() : null,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    deliveredAt: iso(r.delivered_at),
    payload: r.payload,
  };
}

export async function listDeliveries(ctx: ServiceContext, webhookId: string, q: DeliveryListQueryInput): Promise<Page<DeliveryDto>> {
  await requirePermission(ctx, 'webhook.manage', 'webhook');
  const hook = await ctx.db.selectFrom('webhooks').select('id').where('id', '=', webhookId).executeTakeFirst();
  if (!hook) throw notFound('Webhook');
  let base = ctx.db.selectFrom('webhook_deliveries').where('webhook_id', '=', webhookId);
  if (q.status) base = base.where('status', '=', q.status);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.pageSize).offset(offsetOf(q)).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(deliveryDto), total: Number(total.n), page: q.page, pageSize: q.pageSize };
}
