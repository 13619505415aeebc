/**
 * The daily digest: per user, the findings opened on their contracts since their last digest
 * (the last 24 hours for a first one) and the deadlines of the next 14 days, for their team —
 * only on contracts they may see. One message per user and day, whichever instance runs it.
 */
import { sql } from 'kysely';
import { type Recipient, hearsAbout } from '../../core/notifications.js';
import type { Role } from '../../core/policy.js';
import type { Team } from '../../core/teams.js';
import type { Db } from '../../db/database.js';
import { preferencesOf, queueMail } from './notify.js';

export const DIGEST_DAYS_AHEAD = 14;

interface DigestLine {
  contractId: string;
  reference: string;
  text: string;
}

export interface Digest {
  findings: DigestLine[];
  deadlines: DigestLine[];
}

/** Build each user's digest (without queueing it): the users with something to read, and what. */
export async function buildDigests(db: Db, today: string, now = new Date()): Promise<Map<string, Digest>> {
  const users = await db
    .selectFrom('users')
    .select(['id', 'role', 'department_id', 'vendor_id'])
    .where('disabled_at', 'is', null)
    .where('role', 'in', ['procurement', 'buyer', 'it_data'])
    .execute();
  const active = new Map(
    users.map((u) => [u.id, { id: u.id, role: u.role as Role, departmentId: u.department_id, vendorId: u.vendor_id } satisfies Recipient]),
  );
  const last = await db
    .selectFrom('mail_outbox')
    .select([sql<string>`split_part(dedupe_key, ':', 2)`.as('user_id'), (eb) => eb.fn.max('created_at').as('at')])
    .where('kind', '=', 'digest')
    .groupBy(sql`split_part(dedupe_key, ':', 2)`)
    .execute();
  const lastDigest = new Map(last.map((r) => [r.user_id, new Date(r.at as unknown as string)]));
  const dayAgo = new Date(now.getTime() - 24 * 3600_000);
  const oldestSince = new Date(Math.min(dayAgo.getTime(), ...[...lastDigest.values()].map((d) => d.getTime())));

  const findings = await db
    .selectFrom('findings as f')
    .innerJoin('contracts as c', 'c.id', 'f.contract_id')
    .select([
      'f.title',
      'f.severity',
      'f.owner_team',
      'f.first_seen',
      'c.id as contract_id',
      'c.reference',
      'c.department_id',
      'c.vendor_id',
      'c.restricted',
      'c.owners',
    ])
    .where('f.first_seen', '>=', oldestSince)
    .where('f.first_seen', '<', now)
    .where('f.state', '=', 'open')
    .orderBy('f.first_seen')
    .execute();
  const deadlines = await db
    .selectFrom('deadlines as d')
    .innerJoin('contracts as c', 'c.id', 'd.contract_id')
    .select([
      'd.title',
      'd.due_date',
      'd.owner_team',
      'd.owner_user_id',
      'c.id as contract_id',
      'c.reference',
      'c.department_id',
      'c.vendor_id',
      'c.restricted',
      'c.owners',
    ])
    .where('d.state', '=', 'open')
    .where('d.due_date', '>=', today)
    .where('d.due_date', '<=', sql<string>`${today}::date + ${DIGEST_DAYS_AHEAD}::int`)
    .orderBy('d.due_date')
    .execute();

  const out = new Map<string, Digest>();
  const digestOf = (id: string) => {
    let d = out.get(id);
    if (!d) {
      d = { findings: [], deadlines: [] };
      out.set(id, d);
    }
    return d;
  };
  const contractFacts = (r: { department_id: string; vendor_id: string; restricted: boolean }) => ({
    departmentId: r.department_id,
    vendorId: r.vendor_id,
    restricted: r.restricted,
  });
  for (const f of findings) {
    const team = f.owner_team as Team;
    const namedId = (f.owners as Partial<Record<Team, string | null>>)[team] ?? null;
    const item = { ownerTeam: team, namedOwner: (namedId && active.get(namedId)) || null, contract: contractFacts(f) };
    for (const u of active.values()) {
      if (!hearsAbout(u, item)) continue;
      const since = lastDigest.get(u.id) ?? dayAgo;
      if (f.first_seen < since) continue;
      digestOf(u.id).findings.push({
        contractId: f.contract_id,
        reference: f.reference,
        text: `[${f.severity}] ${f.reference}: ${f.title}`,
      });
    }
  }
  for (const d of deadlines) {
    const team = d.owner_team as Team;
    const namedId = d.owner_user_id ?? (d.owners as Partial<Record<Team, string | null>>)[team] ?? null;
    const item = { ownerTeam: team, namedOwner: (namedId && active.get(namedId)) || null, contract: contractFacts(d) };
    for (const u of active.values()) {
      if (!hearsAbout(u, item)) continue;
      digestOf(u.id).deadlines.push({
        contractId: d.contract_id,
        reference: d.reference,
        text: `${d.due_date} ${d.reference}: ${d.title}`,
      });
    }
  }
  return out;
}

/** Queue today's digest for every user who wants one and has something in it; returns how many were queued. */
export async function queueDailyDigests(db: Db, today: string, publicUrl: string | null, now = new Date()): Promise<number> {
  const digests = await buildDigests(db, today, now);
  if (!digests.size) return 0;
  const ids = [...digests.keys()];
  const prefs = await preferencesOf(db, ids);
  const people = await db.selectFrom('users').select(['id', 'email', 'name']).where('id', 'in', ids).execute();
  const base = publicUrl ?? '';
  let queued = 0;
  for (const u of people) {
    if (!prefs.get(u.id)?.email_digest) continue;
    const { findings: f, deadlines: d } = digests.get(u.id) as Digest;
    const lines = [`Good morning ${u.name},`, '', 'Here is what needs your attention in Steward.', ''];
    if (f.length) {
      lines.push(`New findings (${f.length}):`);
      for (const x of f) lines.push(`  - ${x.text}`, `    ${base}/contracts/${x.contractId}?tab=findings`);
      lines.push('');
    }
    if (d.length) {
      lines.push(`Deadlines in the next ${DIGEST_DAYS_AHEAD} days (${d.length}):`);
      for (const x of d) lines.push(`  - ${x.text}`);
      lines.push(`  Calendar: ${base}/calendar`, '');
    }
    lines.push(`Open Steward: ${base}/`, '', 'Change what you receive under Notifications in Steward.');
    if (
      await queueMail(db, {
        to: u.email,
        subject: `[Steward] Your digest for ${today}`,
        text: lines.join('\n'),
        kind: 'digest',
        dedupeKey: `digest:${u.id}:${today}`,
      })
    )
      queued++;
  }
  return queued;
}
