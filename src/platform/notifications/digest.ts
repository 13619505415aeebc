/** The daily digest: per user, new findings since yesterday and deadlines in the next 14 days on their contracts. */
import { sql } from 'kysely';
import { addDays } from '../../core/dates.js';
import { type Actor, type Role, canSeeContract } from '../../core/policy.js';
import type { Db } from '../../db/database.js';
import { preferencesOf, queueMail } from './notify.js';

export async function queueDailyDigests(db: Db, today: string, publicUrl: string | null): Promise<number> {
  const users = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'department_id', 'vendor_id'])
    .where('disabled_at', 'is', null)
    .where('role', 'in', ['procurement', 'buyer', 'it_data'])
    .execute();
  const prefs = await preferencesOf(db, users.map((u) => u.id));
  const since = new Date(`${addDays(today, -1)}T00:00:00Z`);
  const findings = await db
    .selectFrom('findings as f')
    .innerJoin('contracts as c', 'c.id', 'f.contract_id')
    .select(['f.title', 'f.severity', 'f.owner_team', 'c.id as contract_id', 'c.reference', 'c.department_id', 'c.vendor_id', 'c.restricted', 'c.owners'])
    .where('f.first_seen', '>=', since)
    .where('f.state', '=', 'open')
    .execute();
  const deadlines = await db
    .selectFrom('deadlines as d')
    .innerJoin('contracts as c', 'c.id', 'd.contract_id')
    .select(['d.title', 'd.due_date', 'd.owner_team', 'd.owner_user_id', 'c.id as contract_id', 'c.reference', 'c.department_id', 'c.vendor_id', 'c.restricted'])
    .where('d.state', '=', 'open')
    .where('d.due_date', '>=', today)
    .where('d.due_date', '<=', sql<string>`${today}::date + 14`)
    .orderBy('d.due_date')
    .execute();
  let queued = 0;
  for (const u of users) {
    if (!prefs.get(u.id)?.email_digest) continue;
    const actor: Actor = { userId: u.id, email: u.email, role: u.role as Role, departmentId: u.department_id, vendorId: u.vendor_id };
    const mine = <T extends { department_id: string; vendor_id: string; restricted: boolean; owner_team: string }>(r: T) =>
      r.owner_team === u.role && canSeeContract(actor, { departmentId: r.department_id, vendorId: r.vendor_id, restricted: r.restricted }) && (u.role === 'procurement' || r.department_id === u.department_id);
    const f = findings.filter(mine);
    const d = deadlines.filter(mine);
    if (!f.length && !d.length) continue;
    const lines = [`Good morning ${u.name},`, ''];
    if (f.length) {
      lines.push(`New findings (${f.length}):`);
      for (const x of f) lines.push(`  - [${x.severity}] ${x.reference}: ${x.title}`);
      lines.push('');
    }
    if (d.length) {
      lines.push(`Deadlines in the next 14 days (${d.length}):`);
      for (const x of d) lines.push(`  - ${x.due_date} ${x.reference}: ${x.title}`);
      lines.push('');
    }
    lines.push(`Open Steward: ${publicUrl ?? ''}/`, '', 'Change what you receive under Notifications in Steward.');
    if (await queueMail(db, { to: u.email, subject: `[Steward] Your digest for ${today}`, text: lines.join('\n'), kind: 'digest', dedupeKey: `digest:${u.id}:${today}` })) queued++;
  }
  return queued;
}
