/**
 * Notifications frame: who hears about a contract's findings and deadlines, and how — the in-app
 * inbox, e-mail (through the outbox, so nothing is lost without SMTP) and outgoing webhooks.
 *
 * Every write here is idempotent or claimed atomically, so a job that runs twice, or on two
 * Steward instances at once, delivers each inbox item, mail and webhook event once.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import {
  MAIL_MAX_ATTEMPTS,
  type Recipient,
  WEBHOOK_MAX_ATTEMPTS,
  type WebhookEvent,
  hearsAbout,
  mailBackoffMinutes,
  signWebhook,
  webhookBackoffMinutes,
} from '../../core/notifications.js';
import type { Role } from '../../core/policy.js';
import type { Team } from '../../core/teams.js';
import type { Db, DbOrTx } from '../../db/database.js';
import type { Config } from '../config.js';

export { WEBHOOK_EVENTS, WEBHOOK_MAX_ATTEMPTS, type WebhookEvent, signWebhook, webhookBackoffMinutes } from '../../core/notifications.js';

export type NotificationKind = 'finding' | 'deadline' | 'system';

const toRecipient = (u: { id: string; role: string; department_id: string | null; vendor_id: string | null }): Recipient => ({
  id: u.id,
  role: u.role as Role,
  departmentId: u.department_id,
  vendorId: u.vendor_id,
});

/**
 * Users who act for a team on a contract: its named owner (the item's, else the contract's for
 * the team), else everyone in that role (and department). Only people who may see the contract.
 */
export async function recipientsFor(db: DbOrTx, contractId: string, team: Team, ownerUserId?: string | null): Promise<string[]> {
  const c = await db
    .selectFrom('contracts')
    .select(['owners', 'department_id', 'vendor_id', 'restricted'])
    .where('id', '=', contractId)
    .executeTakeFirst();
  if (!c) return [];
  const namedId = ownerUserId ?? (c.owners as Partial<Record<Team, string | null>>)[team] ?? null;
  const cols = ['id', 'role', 'department_id', 'vendor_id'] as const;
  const named = namedId
    ? await db.selectFrom('users').select(cols).where('id', '=', namedId).where('disabled_at', 'is', null).executeTakeFirst()
    : undefined;
  let q = db.selectFrom('users').select(cols).where('disabled_at', 'is', null).where('role', '=', team);
  if (team !== 'procurement') q = q.where('department_id', '=', c.department_id);
  const candidates = [...(named ? [named] : []), ...(await q.execute())].map(toRecipient);
  const item = {
    ownerTeam: team,
    namedOwner: named ? toRecipient(named) : null,
    contract: { departmentId: c.department_id, vendorId: c.vendor_id, restricted: c.restricted },
  };
  return [...new Set(candidates.filter((u) => hearsAbout(u, item)).map((u) => u.id))];
}

export interface Prefs {
  inbox_findings: boolean;
  inbox_deadlines: boolean;
  email_digest: boolean;
  email_critical: boolean;
  email_reminders: boolean;
}
export const DEFAULT_PREFS: Prefs = {
  inbox_findings: true,
  inbox_deadlines: true,
  email_digest: true,
  email_critical: true,
  email_reminders: true,
};

/** Each user's choices; users who never chose get everything. */
export async function preferencesOf(db: DbOrTx, userIds: string[]): Promise<Map<string, Prefs>> {
  const out = new Map<string, Prefs>(userIds.map((id) => [id, { ...DEFAULT_PREFS }]));
  if (!userIds.length) return out;
  const rows = await db.selectFrom('notification_preferences').selectAll().where('user_id', 'in', userIds).execute();
  for (const r of rows)
    out.set(r.user_id, {
      inbox_findings: r.inbox_findings,
      inbox_deadlines: r.inbox_deadlines,
      email_digest: r.email_digest,
      email_critical: r.email_critical,
      email_reminders: r.email_reminders,
    });
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

/** Tell every active admin (a webhook gave up, mail could not be sent). */
export async function notifyAdmins(db: DbOrTx, item: InboxItem): Promise<string[]> {
  const admins = await db.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).execute();
  return notifyInbox(
    db,
    admins.map((a) => a.id),
    item,
  );
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

/** How long a claimed message or delivery stays with the instance that claimed it. */
const LEASE_MINUTES = 10;
const minutesFrom = (now: Date, minutes: number) => new Date(now.getTime() + minutes * 60_000);

/**
 * Send pending outbox mail that is due. Each batch is claimed (SKIP LOCKED, then leased by
 * moving its next attempt into the future), so two instances never send the same message.
 * Without a transport, messages are marked held: kept for admins to read in the app. A failed
 * send waits (2, 4, 8 … minutes) and is given up as failed after MAIL_MAX_ATTEMPTS.
 */
export async function sendPendingMail(
  db: Db,
  config: Config,
  transport: MailTransport | null,
  opts: { limit?: number; now?: Date } = {},
): Promise<{ sent: number; held: number; failed: number; retrying: number }> {
  const out = { sent: 0, held: 0, failed: 0, retrying: 0 };
  const now = opts.now ?? new Date();
  const claimed = await db.transaction().execute(async (tx) => {
    const due = await tx
      .selectFrom('mail_outbox')
      .select('id')
      .where('status', '=', 'pending')
      // The database's clock, not ours: rows it stamped with now() this very millisecond are due.
      .where('next_attempt_at', '<=', opts.now ?? sql<Date>`now()`)
      .orderBy('created_at')
      .limit(opts.limit ?? 50)
      .forUpdate()
      .skipLocked()
      .execute();
    if (!due.length) return [];
    if (!transport)
      return tx
        .updateTable('mail_outbox')
        .set({ status: 'held' })
        .where(
          'id',
          'in',
          due.map((d) => d.id),
        )
        .returning(['id', 'to_address', 'subject', 'body_text', 'attempts'])
        .execute()
        .then((rows) => rows.map((r) => ({ ...r, held: true })));
    return tx
      .updateTable('mail_outbox')
      .set({ next_attempt_at: minutesFrom(now, LEASE_MINUTES) })
      .where(
        'id',
        'in',
        due.map((d) => d.id),
      )
      .returning(['id', 'to_address', 'subject', 'body_text', 'attempts'])
      .execute()
      .then((rows) => rows.map((r) => ({ ...r, held: false })));
  });
  for (const m of claimed) {
    if (m.held || !transport) {
      out.held++;
      continue;
    }
    const attempts = m.attempts + 1;
    try {
      await transport.sendMail({ from: config.mailFrom, to: m.to_address, subject: m.subject, text: m.body_text });
      await db
        .updateTable('mail_outbox')
        .set({ status: 'sent', sent_at: new Date(), attempts, last_error: null })
        .where('id', '=', m.id)
        .execute();
      out.sent++;
    } catch (e) {
      const gaveUp = attempts >= MAIL_MAX_ATTEMPTS;
      await db
        .updateTable('mail_outbox')
        .set({
          status: gaveUp ? 'failed' : 'pending',
          attempts,
          last_error: String((e as Error)?.message ?? e).slice(0, 500),
          next_attempt_at: minutesFrom(now, mailBackoffMinutes(attempts)),
        })
        .where('id', '=', m.id)
        .execute();
      if (gaveUp) out.failed++;
      else out.retrying++;
    }
  }
  return out;
}

/** Record an event for every active webhook subscribed to it; delivery happens in the webhook job. */
export async function enqueueWebhookEvent(
  db: DbOrTx,
  event: WebhookEvent,
  eventId: string,
  data: Record<string, unknown>,
): Promise<number> {
  const hooks = await db
    .selectFrom('webhooks')
    .select('id')
    .where('active', '=', true)
    .where(sql<boolean>`${event} = ANY(events)`)
    .execute();
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

/** Queue a `ping` for one webhook (the admin's test button); sent even while the webhook is inactive. */
export async function queuePing(db: DbOrTx, webhookId: string, by: string): Promise<string> {
  const eventId = `ping:${randomUUID()}`;
  const payload = {
    id: eventId,
    event: 'ping',
    createdAt: new Date().toISOString(),
    data: { webhookId, message: `Test delivery sent by ${by}.` },
  };
  const r = await db
    .insertInto('webhook_deliveries')
    .values({ webhook_id: webhookId, event: 'ping', event_id: eventId, payload: JSON.stringify(payload) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'The receiver refused the connection',
  ENOTFOUND: 'The host name could not be found',
  EAI_AGAIN: 'The host name could not be looked up',
  ECONNRESET: 'The receiver closed the connection',
  EHOSTUNREACH: 'The host cannot be reached',
  UND_ERR_CONNECT_TIMEOUT: 'Could not connect in time',
  UND_ERR_SOCKET: 'The connection failed',
  CERT_HAS_EXPIRED: 'The receiver’s TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'The receiver’s TLS certificate is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'The receiver’s TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'The receiver’s TLS certificate is for another host',
};

/** A failed request in plain words for the delivery log, with the technical code in brackets. */
function networkError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const code = err.cause?.code;
  if (code && NETWORK_ERRORS[code]) return `${NETWORK_ERRORS[code]} (${code})`;
  const detail = err.cause?.message ?? err.message ?? String(e);
  if (detail === 'bad port') return 'Web requests may not use this port: it belongs to another protocol (bad port)';
  return `The request failed: ${detail}${code ? ` (${code})` : ''}`.slice(0, 300);
}

export type Fetcher = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal; redirect: 'manual' },
) => Promise<{ status: number; body?: { cancel(): Promise<void> } | null }>;

/**
 * Deliver due webhook events. Claimed with SKIP LOCKED and leased: each delivery goes out from
 * one instance; one whose instance died mid-delivery is taken up again when its lease ends.
 * A 2xx answer marks it succeeded; anything else waits (1, 2, 4 … minutes) and is given up as
 * failed after WEBHOOK_MAX_ATTEMPTS, telling the admins. Deliveries of inactive webhooks wait
 * (except the test `ping`), so re-activating a webhook sends what it missed.
 */
export async function deliverDueWebhooks(
  db: Db,
  fetcher: Fetcher = fetch as unknown as Fetcher,
  opts: { limit?: number; now?: Date; timeoutMs?: number } = {},
): Promise<{ succeeded: number; retried: number; failed: number }> {
  const out = { succeeded: 0, retried: 0, failed: 0 };
  const now = opts.now ?? new Date();
  const claimed = await db.transaction().execute(async (tx) => {
    const due = await tx
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as h', 'h.id', 'd.webhook_id')
      .select('d.id')
      .where('d.status', 'in', ['pending', 'delivering'])
      .where('d.next_attempt_at', '<=', opts.now ?? sql<Date>`now()`)
      .where((eb) => eb.or([eb('h.active', '=', true), eb('d.event', '=', 'ping')]))
      .orderBy('d.next_attempt_at')
      .limit(opts.limit ?? 20)
      .forUpdate('d')
      .skipLocked()
      .execute();
    if (!due.length) return [];
    return tx
      .updateTable('webhook_deliveries')
      .set({ status: 'delivering', attempts: sql`attempts + 1`, next_attempt_at: minutesFrom(now, LEASE_MINUTES) })
      .where(
        'id',
        'in',
        due.map((d) => d.id),
      )
      .returning(['id', 'webhook_id', 'event', 'payload', 'attempts'])
      .execute();
  });
  const deliverOne = async (d: (typeof claimed)[number]) => {
    const hook = await db.selectFrom('webhooks').select(['name', 'url', 'secret']).where('id', '=', d.webhook_id).executeTakeFirst();
    if (!hook) return;
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
        redirect: 'manual',
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      status = res.status;
      await res.body?.cancel().catch(() => {});
      if (status < 200 || status >= 300)
        error = status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`;
    } catch (e) {
      const err = e as Error;
      error = err.name === 'TimeoutError' ? `No answer within ${Math.round((opts.timeoutMs ?? 10_000) / 1000)} seconds` : networkError(e);
    }
    const at = new Date();
    if (!error) {
      await db
        .updateTable('webhook_deliveries')
        .set({ status: 'succeeded', delivered_at: at, last_status_code: status, last_error: null })
        .where('id', '=', d.id)
        .execute();
      out.succeeded++;
    } else if (d.attempts >= WEBHOOK_MAX_ATTEMPTS || d.event === 'ping') {
      // A test ping is not retried: the admin sees the outcome at once in the delivery log.
      await db
        .updateTable('webhook_deliveries')
        .set({ status: 'failed', last_status_code: status, last_error: error, delivered_at: null })
        .where('id', '=', d.id)
        .execute();
      out.failed++;
      if (d.event !== 'ping')
        await notifyAdmins(db, {
          kind: 'system',
          title: `Webhook “${hook.name}” gave up on a ${d.event} event`,
          body: `After ${d.attempts} attempts the receiver still failed (${error}). Check the webhook's delivery log.`,
          link: `/admin/webhooks?id=${d.webhook_id}`,
          dedupeKey: `webhook-failed:${d.id}`,
        });
    } else {
      await db
        .updateTable('webhook_deliveries')
        .set({
          status: 'pending',
          last_status_code: status,
          last_error: error,
          next_attempt_at: new Date(now.getTime() + webhookBackoffMinutes(d.attempts) * 60_000),
        })
        .where('id', '=', d.id)
        .execute();
      out.retried++;
    }
  };
  // A few at a time: one slow receiver should not hold up the others for long.
  for (let i = 0; i < claimed.length; i += 4) await Promise.all(claimed.slice(i, i + 4).map(deliverOne));
  return out;
}

/** A random secret for a new webhook. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}
