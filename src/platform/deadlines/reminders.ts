/** Reminders: for each open deadline, the reminder due today (by its team's lead times) goes out once. */
import { sql } from 'kysely';
import { DEFAULT_LEAD_DAYS, reminderDue } from '../../core/deadlines.js';
import { TEAMS } from '../../core/teams.js';
import type { Db } from '../../db/database.js';
import { emit } from '../events.js';

/** Each team's reminder lead times; a team without saved settings uses the defaults. */
export async function leadDaysByTeam(db: Db): Promise<Map<string, number[]>> {
  const rows = await db.selectFrom('team_settings').select(['team', 'reminder_lead_days']).execute();
  const saved = new Map(rows.map((r) => [r.team, r.reminder_lead_days]));
  return new Map(TEAMS.map((t) => [t, saved.get(t) ?? [...DEFAULT_LEAD_DAYS]]));
}

/**
 * Send the reminders due on `today`. Each one is claimed by adding its lead time to the
 * deadline's `reminders_sent` in a conditional UPDATE, so two instances (or a job run twice)
 * never send the same reminder twice.
 */
export async function sendDueReminders(db: Db, today: string): Promise<number> {
  const lead = await leadDaysByTeam(db);
  const horizon = Math.max(0, ...[...lead.values()].flat());
  const rows = await db
    .selectFrom('deadlines')
    .select(['id', 'contract_id', 'title', 'due_date', 'owner_team', 'owner_user_id', 'reminders_sent'])
    .where('state', '=', 'open')
    .where('due_date', '>=', today)
    .where('due_date', '<=', sql<string>`${today}::date + ${horizon}::int`)
    .execute();
  let sent = 0;
  for (const d of rows) {
    const due = reminderDue(d.due_date, lead.get(d.owner_team) ?? [30, 7, 1, 0], today, d.reminders_sent);
    if (due === null) continue;
    const claimed = await db
      .updateTable('deadlines')
      .set({ reminders_sent: sql`array_append(reminders_sent, ${due}::int)` })
      .where('id', '=', d.id)
      .where('state', '=', 'open')
      // The same test as reminderDue, in SQL, against the row as it is now: nothing at this lead
      // time or a shorter one has gone out. Checking only this lead time let an instance working
      // from a stale read send a 7-day reminder after another had sent the 1-day one.
      .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM unnest(reminders_sent) AS s WHERE s <= ${due}::int)`)
      .returning('id')
      .executeTakeFirst();
    if (!claimed) continue;
    sent++;
    await emit(db, {
      type: 'deadline.reminder',
      contractId: d.contract_id,
      deadlineId: d.id,
      title: d.title,
      dueDate: d.due_date,
      leadDays: due,
      ownerTeam: d.owner_team,
      ownerUserId: d.owner_user_id,
    });
  }
  return sent;
}
