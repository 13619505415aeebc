/** Turn events into inbox items, e-mail and webhook deliveries. Installed once per process. */
import type { Team } from '../../core/teams.js';
import type { Db } from '../../db/database.js';
import { onEvent } from '../events.js';
import { enqueueWebhookEvent, notifyInbox, preferencesOf, queueMail, recipientsFor } from './notify.js';

let installed: (() => void) | null = null;

function whenText(leadDays: number): string {
  return leadDays === 0 ? 'today' : leadDays === 1 ? 'tomorrow' : `in ${leadDays} days`;
}

export function installNotificationSubscriptions(publicUrl: string | null): void {
  if (installed) return;
  const abs = (path: string) => (publicUrl ? `${publicUrl}${path}` : path);
  installed = onEvent(async (e, db: Db) => {
    if (e.type === 'finding.opened') {
      const contract = await db.selectFrom('contracts').select(['reference', 'title']).where('id', '=', e.contractId).executeTakeFirst();
      if (!contract) return;
      const users = await recipientsFor(db, e.contractId, e.ownerTeam as Team);
      const link = `/contracts/${e.contractId}?tab=findings`;
      await notifyInbox(db, users, {
        kind: 'finding',
        title: `${contract.reference}: ${e.title}`,
        body: `A ${e.severity} finding was raised on ${contract.title}.`,
        link,
        contractId: e.contractId,
        dedupeKey: `finding:${e.findingId}:${new Date().toISOString().slice(0, 10)}`,
      });
      if (e.severity === 'critical') {
        const prefs = await preferencesOf(db, users);
        const emails = await db.selectFrom('users').select(['id', 'email']).where('id', 'in', users.length ? users : ['00000000-0000-0000-0000-000000000000']).execute();
        for (const u of emails) {
          if (!prefs.get(u.id)?.email_critical) continue;
          await queueMail(db, {
            to: u.email,
            subject: `[Steward] Critical: ${contract.reference} ${e.title}`,
            text: `${e.title}\n\nContract: ${contract.reference} ${contract.title}\nOpen it: ${abs(link)}\n\nYou receive this because you own this contract for your team. Change what you receive under Notifications in Steward.`,
            kind: 'critical_finding',
            dedupeKey: `critical:${e.findingId}:${u.id}:${new Date().toISOString().slice(0, 10)}`,
          });
        }
      }
      await enqueueWebhookEvent(db, 'finding.opened', `finding.opened:${e.findingId}:${Date.now()}`, {
        contractId: e.contractId,
        reference: contract.reference,
        findingId: e.findingId,
        ruleId: e.ruleId,
        severity: e.severity,
        title: e.title,
        ownerTeam: e.ownerTeam,
      });
    }
    if (e.type === 'deadline.reminder') {
      const contract = await db.selectFrom('contracts').select(['reference', 'title']).where('id', '=', e.contractId).executeTakeFirst();
      if (!contract) return;
      const users = await recipientsFor(db, e.contractId, e.ownerTeam as Team, e.ownerUserId);
      const title = `${contract.reference}: ${e.title} ${whenText(e.leadDays)} (${e.dueDate})`;
      const link = `/calendar?contractId=${e.contractId}`;
      await notifyInbox(db, users, { kind: 'deadline', title, link, contractId: e.contractId, dedupeKey: `reminder:${e.deadlineId}:${e.leadDays}` });
      const prefs = await preferencesOf(db, users);
      const emails = users.length ? await db.selectFrom('users').select(['id', 'email']).where('id', 'in', users).execute() : [];
      for (const u of emails) {
        if (!prefs.get(u.id)?.email_reminders) continue;
        await queueMail(db, {
          to: u.email,
          subject: `[Steward] ${title}`,
          text: `${e.title} is due ${whenText(e.leadDays)}, on ${e.dueDate}.\n\nContract: ${contract.reference} ${contract.title}\nCalendar: ${abs(link)}`,
          kind: 'reminder',
          dedupeKey: `reminder:${e.deadlineId}:${e.leadDays}:${u.id}`,
        });
      }
      await enqueueWebhookEvent(db, 'deadline.reminder', `deadline.reminder:${e.deadlineId}:${e.leadDays}`, {
        contractId: e.contractId,
        reference: contract.reference,
        deadlineId: e.deadlineId,
        title: e.title,
        dueDate: e.dueDate,
        leadDays: e.leadDays,
      });
    }
  });
}

/** For tests: remove the subscription. */
export function uninstallNotificationSubscriptions(): void {
  installed?.();
  installed = null;
}
