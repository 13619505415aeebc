/**
 * Demo notifications. Most inbox items come from the normal flow: the demo contracts open
 * findings as they are created, and the reminders due today go out here as the hourly job would
 * send them. The department buyer also gets an item about their own contract when the normal flow
 * gave them none, and the admin finds one webhook (inactive, pointing at an example address) with
 * a past delivery in its log, and the day's digests waiting in the mail outbox.
 */
import { sql } from 'kysely';
import { addDays, daysBetween } from '../../core/dates.js';
import type { Db } from '../../db/database.js';
import { type ServiceContext, systemActor } from '../../platform/context.js';
import { sendDueReminders } from '../../platform/deadlines/reminders.js';
import { createLogger } from '../../platform/logger.js';
import { queueDailyDigests } from '../../platform/notifications/digest.js';
import { notifyInbox } from '../../platform/notifications/notify.js';
import { notificationBaseUrl } from '../../platform/notifications/subscriptions.js';
import { createWebhook } from './notifications.admin.service.js';

export async function loadNotificationsDemo(db: Db, today: string, accounts: { buyer: string; procurement: string }): Promise<void> {
  const ctx: ServiceContext = { db, actor: systemActor(), requestId: 'demo-loader', log: createLogger('silent') };
  await sendDueReminders(db, today);

  const users = await db.selectFrom('users').select(['id', 'email']).where('email', 'in', [accounts.buyer, accounts.procurement]).execute();
  const buyer = users.find((u) => u.email === accounts.buyer);
  if (buyer) {
    const has = await db.selectFrom('notifications').select('id').where('user_id', '=', buyer.id).limit(1).executeTakeFirst();
    // The buyer's own contract, and its next open deadline.
    const next = await db
      .selectFrom('deadlines as d')
      .innerJoin('contracts as c', 'c.id', 'd.contract_id')
      .select(['d.title', 'd.due_date', 'c.id as contract_id', 'c.reference'])
      .where('d.state', '=', 'open')
      .where('d.due_date', '>=', today)
      .where(sql<boolean>`c.owners->>'buyer' = ${buyer.id}`)
      .orderBy('d.due_date')
      .limit(1)
      .executeTakeFirst();
    if (!has && next) {
      const days = daysBetween(today, next.due_date);
      await notifyInbox(db, [buyer.id], {
        kind: 'deadline',
        title: `${next.reference}: ${next.title} in ${days} days (${next.due_date})`,
        body: 'Plan the work with procurement before the reminders start.',
        link: `/calendar?contractId=${next.contract_id}`,
        contractId: next.contract_id,
        dedupeKey: `demo:${next.contract_id}`,
      });
    }
  }
  const admin = await db.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('created_at').limit(1).executeTakeFirst();
  if (admin)
    await notifyInbox(db, [admin.id], {
      kind: 'system',
      title: 'Mail is held in the outbox',
      body: 'No SMTP server is configured, so Steward keeps outgoing mail in the outbox, where you can read it. Set SMTP_URL to send it.',
      link: '/admin/outbox',
      dedupeKey: 'demo:outbox',
    });

  // One webhook, switched off, with one past delivery in its log (made up: the address is an example).
  const hook = await createWebhook(ctx, {
    name: 'Procurement team channel',
    url: 'https://hooks.example/steward',
    events: ['finding.opened', 'deadline.reminder'],
    active: false,
  });
  const at = new Date(`${addDays(today, -2)}T09:05:00Z`);
  const eventId = `demo:finding.opened:${today}`;
  await db
    .insertInto('webhook_deliveries')
    .values({
      webhook_id: hook.id,
      event: 'finding.opened',
      event_id: eventId,
      payload: JSON.stringify({
        id: eventId,
        event: 'finding.opened',
        createdAt: at.toISOString(),
        data: {
          reference: 'HV-2025-014',
          severity: 'warning',
          title: 'Contract ends in 67 days with no renewal decision',
          restricted: false,
        },
      }),
      status: 'succeeded',
      attempts: 1,
      last_status_code: 200,
      created_at: at,
      next_attempt_at: at,
      delivered_at: new Date(at.getTime() + 400),
    })
    .execute();

  await queueDailyDigests(db, today, notificationBaseUrl());
  await settleInboxes(db);
}

/** Unread items each demo user starts with; older ones look read, as after a few days of use. */
const KEEP_UNREAD = 5;

/**
 * The demo creates every item at once; a real inbox fills over days and gets read. Keep the most
 * pressing few unread (reminders, critical findings, then findings other than unanswered questions) and spread the
 * rest over the past ten days, read.
 */
async function settleInboxes(db: Db): Promise<void> {
  const rows = await db
    .selectFrom('notifications')
    .select(['id', 'user_id', 'kind', 'title', 'body'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const rank = (r: { kind: string; title: string; body: string }) =>
    r.kind === 'deadline' ? 0 : /critical/.test(r.body) ? 1 : r.kind === 'system' ? 2 : /: No answer for /.test(r.title) ? 4 : 3;
  const byUser = new Map<string, typeof rows>();
  for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r]);
  const now = Date.now();
  for (const items of byUser.values()) {
    const older = [...items].sort((a, b) => rank(a) - rank(b)).slice(KEEP_UNREAD);
    for (const [i, r] of older.entries()) {
      const created = new Date(now - (1 + (i % 10)) * 86_400_000 - i * 60_000);
      await db
        .updateTable('notifications')
        .set({ created_at: created, read_at: new Date(created.getTime() + 3 * 3600_000) })
        .where('id', '=', r.id)
        .execute();
    }
  }
}
