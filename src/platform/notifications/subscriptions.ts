/**
 * Turn events into inbox items, e-mail and webhook deliveries. Installed once per process (the
 * app, the demo loader and the job runner all call it; the first call subscribes). Every item is
 * keyed, so an event handled twice (two instances, a job retried) notifies once.
 */
import { daysBetween, todayUtc } from '../../core/dates.js';
import type { Team } from '../../core/teams.js';
import type { Db } from '../../db/database.js';
import { type StewardEvent, onEvent } from '../events.js';
import { ruleById } from '../findings/engine.js';
import { enqueueWebhookEvent, notifyInbox, preferencesOf, queueMail, recipientsFor } from './notify.js';

let installed: (() => void) | null = null;
let publicUrl: string | null = null;

function whenText(leadDays: number): string {
  return leadDays === 0 ? 'today' : leadDays === 1 ? 'tomorrow' : `in ${leadDays} days`;
}

const abs = (path: string) => (publicUrl ? `${publicUrl}${path}` : path);
const FOOTER = 'Change what you receive under Notifications in Steward.';

async function contractOf(db: Db, id: string) {
  return db
    .selectFrom('contracts')
    .select(['reference', 'title', 'restricted', 'status', 'version'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * What a webhook receiver learns about the contract. Webhooks leave Steward for systems that do
 * not apply its access rules, so a restricted contract's reference and title stay behind.
 */
function contractData(id: string, c: { reference: string; title: string; restricted: boolean }) {
  return c.restricted
    ? { contractId: id, restricted: true }
    : { contractId: id, reference: c.reference, contractTitle: c.title, restricted: false };
}

async function emailsOf(db: Db, userIds: string[]) {
  return userIds.length ? db.selectFrom('users').select(['id', 'email']).where('id', 'in', userIds).execute() : [];
}

async function handle(e: StewardEvent, db: Db): Promise<void> {
  if (e.type === 'finding.opened') {
    const contract = await contractOf(db, e.contractId);
    if (!contract) return;
    const day = todayUtc();
    const users = await recipientsFor(db, e.contractId, e.ownerTeam as Team);
    const link = `/contracts/${e.contractId}?tab=findings`;
    const immediate = ruleById(e.ruleId)?.notify !== 'digest';
    if (immediate)
      await notifyInbox(db, users, {
        kind: 'finding',
        title: `${contract.reference}: ${e.title}`,
        body: `A ${e.severity} finding was raised on ${contract.title}.`,
        link,
        contractId: e.contractId,
        dedupeKey: `finding:${e.findingId}:${day}`,
      });
    if (e.severity === 'critical') {
      const prefs = await preferencesOf(db, users);
      for (const u of await emailsOf(db, users)) {
        if (!prefs.get(u.id)?.email_critical) continue;
        await queueMail(db, {
          to: u.email,
          subject: `[Steward] Critical: ${contract.reference} ${e.title}`,
          text: `${e.title}\n\nContract: ${contract.reference} ${contract.title}\nOpen it: ${abs(link)}\n\nYou receive this because you act for your team on this contract. ${FOOTER}`,
          kind: 'critical_finding',
          dedupeKey: `critical:${e.findingId}:${u.id}:${day}`,
        });
      }
    }
    await enqueueWebhookEvent(db, 'finding.opened', `finding.opened:${e.findingId}:${day}`, {
      ...contractData(e.contractId, contract),
      findingId: e.findingId,
      ruleId: e.ruleId,
      severity: e.severity,
      title: contract.restricted ? null : e.title,
      ownerTeam: e.ownerTeam,
    });
  }
  if (e.type === 'deadline.reminder') {
    const contract = await contractOf(db, e.contractId);
    if (!contract) return;
    const users = await recipientsFor(db, e.contractId, e.ownerTeam as Team, e.ownerUserId);
    // Say how far off it really is: a reminder sent late (the server was down) is not "in 30 days".
    const left = Math.max(0, daysBetween(todayUtc(), e.dueDate));
    const title = `${contract.reference}: ${e.title} ${whenText(left)} (${e.dueDate})`;
    const link = `/calendar?contractId=${e.contractId}`;
    await notifyInbox(db, users, {
      kind: 'deadline',
      title,
      link,
      contractId: e.contractId,
      dedupeKey: `reminder:${e.deadlineId}:${e.leadDays}`,
    });
    const prefs = await preferencesOf(db, users);
    for (const u of await emailsOf(db, users)) {
      if (!prefs.get(u.id)?.email_reminders) continue;
      await queueMail(db, {
        to: u.email,
        subject: `[Steward] ${title}`,
        text: `${e.title} is due ${whenText(left)}, on ${e.dueDate}.\n\nContract: ${contract.reference} ${contract.title}\nCalendar: ${abs(link)}\n\n${FOOTER}`,
        kind: 'reminder',
        dedupeKey: `reminder:${e.deadlineId}:${e.leadDays}:${u.id}`,
      });
    }
    await enqueueWebhookEvent(db, 'deadline.reminder', `deadline.reminder:${e.deadlineId}:${e.leadDays}`, {
      ...contractData(e.contractId, contract),
      deadlineId: e.deadlineId,
      title: contract.restricted ? null : e.title,
      dueDate: e.dueDate,
      leadDays: e.leadDays,
      ownerTeam: e.ownerTeam,
    });
  }
  if (e.type === 'invoice.changed') await invoiceChanged(e, db);
  if (e.type === 'contract.changed') {
    const contract = await contractOf(db, e.contractId);
    if (!contract) return;
    await enqueueWebhookEvent(db, 'contract.changed', `contract.changed:${e.contractId}:${contract.version}`, {
      ...contractData(e.contractId, contract),
      status: contract.status,
      version: contract.version,
    });
  }
}

/** What each invoice step tells whom: the vendor hears of returns and payments, procurement of new and approved invoices. */
const INVOICE_NEWS: Record<string, { to: 'vendor' | 'procurement'; text: string }> = {
  submitted: { to: 'procurement', text: 'was received: check it against the proper-invoice checklist' },
  resubmitted: { to: 'procurement', text: 'was corrected and sent again' },
  approved: { to: 'procurement', text: 'was approved by the buyer and can be scheduled for payment' },
  returned: { to: 'vendor', text: 'was returned as defective: see the reasons and send a corrected invoice' },
  paid: { to: 'vendor', text: 'was paid' },
  payment_recorded: { to: 'vendor', text: 'had a payment recorded' },
};

async function invoiceChanged(e: Extract<StewardEvent, { type: 'invoice.changed' }>, db: Db): Promise<void> {
  const news = INVOICE_NEWS[e.action];
  if (!news) return;
  const contract = await contractOf(db, e.contractId);
  const inv = await db.selectFrom('invoices').select('vendor_invoice_number').where('id', '=', e.invoiceId).executeTakeFirst();
  if (!contract || !inv) return;
  let users: string[];
  if (news.to === 'procurement') users = await recipientsFor(db, e.contractId, 'procurement');
  else {
    const c = await db.selectFrom('contracts').select('vendor_id').where('id', '=', e.contractId).executeTakeFirstOrThrow();
    users = (
      await db
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'vendor')
        .where('vendor_id', '=', c.vendor_id)
        .where('disabled_at', 'is', null)
        .execute()
    ).map((u) => u.id);
  }
  await notifyInbox(db, users, {
    kind: 'system',
    title: `${contract.reference}: invoice ${inv.vendor_invoice_number} ${news.text}`,
    link: `/invoices/${e.invoiceId}`,
    contractId: e.contractId,
  });
}

/**
 * Subscribe (once per process). `url` is the address people open Steward at, for the links in
 * mail; the latest one given wins, so a server can set it once it knows where it listens.
 */
export function installNotificationSubscriptions(url: string | null): void {
  if (url) publicUrl = url;
  if (installed) return;
  installed = onEvent(handle);
}

/** The address used in mail links, when one is known. */
export function notificationBaseUrl(): string | null {
  return publicUrl;
}

/** For tests: remove the subscription. */
export function uninstallNotificationSubscriptions(): void {
  installed?.();
  installed = null;
}
