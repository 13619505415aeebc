/**
 * Per-user iCalendar feeds. A feed is a secret address (the token is in the URL, because
 * calendar programs cannot sign in); only the token's SHA-256 is stored, so the address is shown
 * once. The feed is built on every fetch from what its user may see at that moment.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_LEAD_DAYS, deadlineKindLabel, normaliseLeadDays } from '../../core/deadlines.js';
import { buildCalendar } from '../../core/ical.js';
import { type Actor, type Role, ROLES, can } from '../../core/policy.js';
import { TEAM_LABELS, type Team } from '../../core/teams.js';
import type { Db } from '../../db/database.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { deadlineKindLabels } from '../../platform/deadlines/registry.js';
import { leadDaysByTeam } from '../../platform/deadlines/reminders.js';
import { inTransaction, requirePermission } from '../../platform/service.js';
import type { CalendarFeedStatusDto } from './deadlines.schema.js';
import { visibleDeadlines } from './deadlines.store.js';

/** At most this many events in one feed (the nearest first); calendar programs choke on more. */
const FEED_LIMIT = 2000;

export const FEED_TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function feedUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/calendar/${token}.ics`;
}

export async function calendarFeedStatus(ctx: ServiceContext): Promise<CalendarFeedStatusDto> {
  await requirePermission(ctx, 'deadline.read', 'calendar_feed');
  const row = await ctx.db
    .selectFrom('calendar_feeds')
    .select(['created_at', 'last_used_at'])
    .where('user_id', '=', ctx.actor.userId)
    .executeTakeFirst();
  return {
    active: !!row,
    createdAt: row?.created_at.toISOString() ?? null,
    lastUsedAt: row?.last_used_at?.toISOString() ?? null,
  };
}

/** Create the signed-in user's feed, or give it a new secret address (the old one stops working). */
export async function createCalendarFeed(
  ctx: ServiceContext,
  baseUrl: string,
): Promise<{ url: string; createdAt: string; rotated: boolean }> {
  await requirePermission(ctx, 'deadline.read', 'calendar_feed');
  const token = randomBytes(32).toString('base64url');
  return inTransaction(ctx, async (tx) => {
    const before = await tx
      .selectFrom('calendar_feeds')
      .select('created_at')
      .where('user_id', '=', ctx.actor.userId)
      .forUpdate()
      .executeTakeFirst();
    const row = await tx
      .insertInto('calendar_feeds')
      .values({ user_id: ctx.actor.userId, token_hash: hashToken(token) })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ token_hash: hashToken(token), created_at: new Date(), last_used_at: null }))
      .returning('created_at')
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx, {
      action: before ? 'calendar_feed.rotate' : 'calendar_feed.create',
      entityType: 'calendar_feed',
      entityId: ctx.actor.userId,
      after: { createdAt: row.created_at.toISOString() },
    });
    return { url: feedUrl(baseUrl, token), createdAt: row.created_at.toISOString(), rotated: !!before };
  });
}

/** Revoke the signed-in user's feed; the address stops working at once. Idempotent. */
export async function revokeCalendarFeed(ctx: ServiceContext): Promise<void> {
  await requirePermission(ctx, 'deadline.read', 'calendar_feed');
  await inTransaction(ctx, async (tx) => {
    const gone = await tx.deleteFrom('calendar_feeds').where('user_id', '=', ctx.actor.userId).returning('created_at').executeTakeFirst();
    if (gone)
      await appendAudit(tx, ctx, {
        action: 'calendar_feed.revoke',
        entityType: 'calendar_feed',
        entityId: ctx.actor.userId,
        before: { createdAt: gone.created_at.toISOString() },
      });
  });
}

/**
 * The iCalendar text of a feed, or null when the token is unknown, revoked, or its user is
 * disabled or may no longer see deadlines. Lists the open deadlines the user may see now.
 */
export async function renderCalendarFeed(db: Db, token: string, baseUrl: string): Promise<string | null> {
  if (!FEED_TOKEN_RE.test(token)) return null;
  const user = await db
    .selectFrom('calendar_feeds as f')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .select(['u.id', 'u.email', 'u.name', 'u.role', 'u.department_id', 'u.vendor_id', 'u.disabled_at'])
    .where('f.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!user || user.disabled_at || !ROLES.includes(user.role as Role)) return null;
  const actor: Actor = {
    userId: user.id,
    email: user.email,
    role: user.role as Role,
    departmentId: user.department_id,
    vendorId: user.vendor_id,
  };
  if (!can(actor, 'deadline.read')) return null;
  await db.updateTable('calendar_feeds').set({ last_used_at: new Date() }).where('user_id', '=', user.id).execute();

  const rows = await visibleDeadlines(db, actor, { states: ['open'] })
    .orderBy('dl.due_date')
    .orderBy('dl.id')
    .limit(FEED_LIMIT)
    .execute();
  const labels = deadlineKindLabels();
  const lead = await leadDaysByTeam(db);
  const base = baseUrl.replace(/\/+$/, '');
  const events = rows.map((r) => {
    const link = r.link?.startsWith('/') ? `${base}${r.link}` : `${base}/contracts/${r.contract_id}`;
    const kind = deadlineKindLabel(r.kind, labels);
    const ownerTeam = TEAM_LABELS[r.owner_team as Team] ?? r.owner_team;
    return {
      uid: `deadline-${r.id}@steward`,
      date: r.due_date,
      summary: `${r.contract_reference}: ${r.title}`,
      description: [
        `Contract: ${r.contract_reference} ${r.contract_title}`,
        `Department: ${r.department_name}`,
        `Kind: ${kind}`,
        `Owner team: ${ownerTeam}`,
        `Owner: ${r.owner_name ?? 'no named owner'}`,
        `Open in Steward: ${link}`,
      ].join('\n'),
      url: link,
      categories: [kind],
      updatedAt: r.updated_at,
      sequence: r.version,
      // Only the user's own deadlines ring; the rest are there to see, not to be nagged about.
      alarms: r.owner_user_id === user.id ? normaliseLeadDays(lead.get(r.owner_team) ?? [...DEFAULT_LEAD_DAYS]) : [],
    };
  });
  return buildCalendar({
    name: `Steward deadlines: ${user.name}`,
    description: 'Open deadlines of the contracts you may see in Steward. Changes in Steward appear here at the next refresh.',
    refreshMinutes: 60,
    events,
  });
}
