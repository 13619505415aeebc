/**
 * Notifications frame: who hears about a contract's findings and deadlines, and how — the in-app
 * inbox, e-mail (through the outbox, so nothing is lost without SMTP) and outgoing webhooks.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import type { Team } from '../../core/teams.js';
import type { Db, DbOrTx } from '../../db/database.js';
import type { Config } from '../config.js';

export type NotificationKind = 'finding' | 'deadline' | 'system';

/** Users who act for a team on a contract: its named owner, else everyone in that role (and department). */
export async function recipientsFor(db: DbOrTx, contractId: string, team: Team, ownerUserId?: string | null): Promise<string[]> {
  const c = await db.selectFrom('contracts').select(['owners', 'department_id']).where('id', '=', contractId).executeTakeFirst();
  if (!c) return [];
  const named = ownerUserId ?? (c.owners as Partial<Record<Team, string | null>>)[team] ?? null;
  if (named) {
    const u = await db.selectFrom('users').select('id').where('id', '=', named).where('disabled_at', 'is', null).executeTakeFirst();
    if (u) return [u.id];
  }
  let q = db.selectFrom('users').select('id').where('disabled_at', 'is', null).where('role', '=', team);
  if (team !== 'procurement') q = q.where('department_id', '=', c.department_id);
  return (await q.execute()).map((r) => r.id);
}

interface Prefs {
  inbox_findings: boolean;
  inbox_deadlines: boolean;
  email_digest: boolean;
  email_critical: boolean;
  email_reminders: boolean;
}
const DEFAULT_PREFS: Prefs = { inbox_findings: true, inbox_deadlines: true, email_digest: true, email_critical: true, email_reminders: true };

export async function preferencesOf(db: DbOrTx, userIds: string[]): Promise<Map<string, Prefs>> {
  const out = new Map<string, Prefs>(userIds.map((id) => [id, { ...DEFAULT_PREFS }]));
  if (!userIds.length) return out;
  const rows = await db.selectFrom('notification_preferences').selectAll().where('user_id', 'in', userIds).execute();
  for (const r of rows) out.set(r.user_id, r);
  return out;
}

export interface InboxItem {
  kind: NotificationKind;
  title: string;
  body?: string;
  link?: string | null;
  contractId?: string | null;
  /** The same key for the same user is stored once (a reminder job that runs twice notifies once). */
  dedupeKey?: string;
}

/** Put an item in each user's inbox (respecting their choices); returns the users who got it. */
export async function notifyInbox(db: DbOrTx, userIds: string[], item: InboxItem): Promise<string[]> {
  const prefs = await preferencesOf(db, userIds);
  const got: string[] = [];
  for (const userId of userIds) {
    const p = prefs.get(userId) ?? DEFAULT_PREFS;
    if (item.kind === 'finding' && !p.inbox_findings) continue;
    if (item.kind === 'deadline' && !p.inbox_deadlines) continue;
    const r = await db
      .insertInto('notifications')
      .values({
        user_id: userId,
        kind: item.kind,
        title: item.title,
        body: item.body ?? '',
        link: item.link ?? null,
        contract_id: item.contractId ?? null,
        dedupe_key: item.dedupeKey ?? null,
      })
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (r) got.push(userId);
  }
  return got;
}

export interface MailItem {
  to: string;
  subject: string;
  text: string;
  kind: string;
  dedupeKey?: string;
}

/** Queue a message in the outbox; the mail job sends it (or holds it for admins without SMTP). */
export async function queueMail(db: DbOrTx, m: MailItem): Promise<boolean> {
  const r = await db
    .insertInto('mail_outbox')
    .values({ to_address: m.to, subject: m.subject, body_text: m.text, kind: m.kind, dedupe_key: m.dedupeKey ?? null })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!r;
}

export type MailTransport = { sendMail(m: { from: string; to: string; subject: string; text: string }): Promise<unknown> };

export function smtpTransport(config: Config): MailTransport | null {
  return config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
}

/**
 * Send pending outbox mail. Rows are claimed with SKIP LOCKED, so two instances never send the
 * same message. Without a transport, messages are marked held: kept for admins to read.
 */
export async function sendPendingMail(db: Db, config: Config, transport: MailTransport | null, limit = 50): Promise<{ sent: number; held: number; failed: number }> {
  const out = { sent: 0, held: 0, failed: 0 };
  await db.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom('mail_outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .orderBy('created_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const m of rows) {
      if (!transport) {
        await tx.updateTable('mail_outbox').set({ status: 'held' }).where('id', '=', m.id).execute();
        out.held++;
        continue;
      }
      try {
        await transport.sendMail({ from: config.mailFrom, to: m.to_address, subject: m.subject, text: m.body_text });
        await tx.updateTable('mail_outbox').set({ status: 'sent', sent_at: new Date(), attempts: m.attempts + 1 }).where('id', '=', m.id).execute();
        out.sent++;
      } catch (e) {
        const attempts = m.attempts + 1;
        await tx
          .updateTable('mail_outbox')
          .set({ status: attempts >= 5 ? 'failed' : 'pending', attempts, last_error: String((e as Error).message).slice(0, 500) })
          .where('id', '=', m.id)
          .execute();
        out.failed++;
      }
    }
  });
  return out;
}

export const WEBHOOK_EVENTS = ['finding.opened', 'deadline.reminder', 'contract.changed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const WEBHOOK_MAX_ATTEMPTS = 8;

/** Record an event for every active webhook subscribed to it; delivery happens in the webhook job. */
export async function enqueueWebhookEvent(db: DbOrTx, event: WebhookEvent, eventId: string, data: Record<string, unknown>): Promise<number> {
  const hooks = await db.selectFrom('webhooks').select('id').where('active', '=', true).where(sql<boolean>`${event} = ANY(events)`).execute();
  let n = 0;
  for (const h of hooks) {
    const payload = { id: eventId, event, createdAt: new Date().toISOString(), data };
    const r = await db
      .insertInto('webhook_deliveries')
      .values({ webhook_id: h.id, event, event_id: eventId, payload: JSON.stringify(payload) })
      .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (r) n++;
  }
  return n;
}

/** The signature header value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Minutes to wait before attempt n+1 (1, 2, 4, 8 … capped at 6 hours). */
export function webhookBackoffMinutes(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 360);
}

export type Fetcher = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{ status: number }>;

/** Deliver due webhook events. Claimed with SKIP LOCKED: each delivery goes out from one instance. */
export async function deliverDueWebhooks(db: Db, fetcher: Fetcher = fetch as unknown as Fetcher, limit = 20): Promise<{ succeeded: number; retried: number; failed: number }> {
  const out = { succeeded: 0, retried: 0, failed: 0 };
  const claimed = await db.transaction().execute(async (tx) => {
    const due = await tx
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', new Date())
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (!due.length) return [];
    return tx
      .updateTable('webhook_deliveries')
      .set({ status: 'delivering', attempts: sql`attempts + 1` })
      .where('id', 'in', due.map((d) => d.id))
      .returning(['id', 'webhook_id', 'event', 'payload', 'attempts'])
      .execute();
  });
  for (const d of claimed) {
    const hook = await db.selectFrom('webhooks').select(['url', 'secret']).where('id', '=', d.webhook_id).executeTakeFirst();
    if (!hook) continue;
    const body = JSON.stringify(d.payload);
    const ts = Math.floor(Date.now() / 1000);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetcher(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Steward-Webhooks/1',
          'x-steward-event': d.event,
          'x-steward-delivery': d.id,
          'x-steward-signature': signWebhook(hook.secret, ts, body),
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      error = String((e as Error).message).slice(0, 300);
    }
    if (!error) {
      await db.updateTable('webhook_deliveries').set({ status: 'succeeded', delivered_at: new Date(), last_status_code: status, last_error: null }).where('id', '=', d.id).execute();
      out.succeeded++;
    } else if (d.attempts >= WEBHOOK_MAX_ATTEMPTS) {
      await db.updateTable('webhook_deliveries').set({ status: 'failed', last_status_code: status, last_error: error }).where('id', '=', d.id).execute();
      out.failed++;
    } else {
      await db
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', last_status_code: status, last_error: error, next_attempt_at: new Date(Date.now() + webhookBackoffMinutes(d.attempts) * 60_000) })
        .where('id', '=', d.id)
        .execute();
      out.retried++;
    }
  }
  return out;
}

/** A random secret for a new webhook. */
export function newWebhookSecret(): string {
  return `whsec_${createHash('sha256').update(randomUUID()).digest('base64url').slice(0, 32)}`;
}
