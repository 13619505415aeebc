/**
 * The signed-in user's own inbox and what they choose to receive. Nobody sees another user's
 * items (404), and an item about a contract the user may no longer see is hidden with it.
 */
import type { Actor } from '../../core/policy.js';
import type { DbOrTx } from '../../db/database.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { DEFAULT_PREFS, preferencesOf } from '../../platform/notifications/notify.js';
import { denial, inTransaction, offsetOf, requirePermission } from '../../platform/service.js';
import { visibleTo } from '../contracts/contracts.store.js';
import type { NotificationDto, NotificationListQueryInput, PreferencesDto, PreferencesUpdateInput } from './notifications.schema.js';

function ownItems(db: DbOrTx, actor: Actor) {
  return db
    .selectFrom('notifications as n')
    .leftJoin('contracts as c', 'c.id', 'n.contract_id')
    .where('n.user_id', '=', actor.userId)
    .where((eb) => eb.or([eb('n.contract_id', 'is', null), visibleTo(actor)(eb as never) as never]));
}

const COLUMNS = [
  'n.id',
  'n.kind',
  'n.title',
  'n.body',
  'n.link',
  'n.contract_id',
  'c.reference',
  'c.title as contract_title',
  'n.created_at',
  'n.read_at',
] as const;

type Row = {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  contract_id: string | null;
  reference: string | null;
  contract_title: string | null;
  created_at: Date;
  read_at: Date | null;
};

function dto(r: Row): NotificationDto {
  return {
    id: r.id,
    kind: r.kind as NotificationDto['kind'],
    title: r.title,
    body: r.body,
    link: r.link,
    contract: r.contract_id && r.reference ? { id: r.contract_id, reference: r.reference, title: r.contract_title ?? '' } : null,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at ? r.read_at.toISOString() : null,
  };
}

async function unreadCount(db: DbOrTx, actor: Actor): Promise<number> {
  const r = await ownItems(db, actor)
    .where('n.read_at', 'is', null)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listNotifications(ctx: ServiceContext, q: NotificationListQueryInput) {
  await requirePermission(ctx, 'notification.own', 'notification');
  let base = ownItems(ctx.db, ctx.actor);
  if (q.unread) base = base.where('n.read_at', 'is', null);
  const [rows, total, unread] = await Promise.all([
    base.select(COLUMNS).orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(q.pageSize).offset(offsetOf(q)).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    unreadCount(ctx.db, ctx.actor),
  ]);
  return { items: (rows as Row[]).map(dto), total: Number(total.n), page: q.page, pageSize: q.pageSize, unreadCount: unread };
}

export async function markRead(ctx: ServiceContext, id: string): Promise<NotificationDto> {
  await requirePermission(ctx, 'notification.own', 'notification');
  const row = (await ownItems(ctx.db, ctx.actor).select(COLUMNS).where('n.id', '=', id).executeTakeFirst()) as Row | undefined;
  // Someone else's item, or one about a contract hidden from you: it does not exist for you.
  if (!row)
    throw await denial(ctx, 'hidden', { permission: 'notification.own', entityType: 'notification', entityId: id, label: 'Notification' });
  if (row.read_at) return dto(row);
  return inTransaction(ctx, async (tx) => {
    const marked = await tx
      .updateTable('notifications')
      .set({ read_at: new Date() })
      .where('id', '=', id)
      .where('read_at', 'is', null)
      .returning('read_at')
      .executeTakeFirst();
    if (!marked) {
      // Marked read by a concurrent request (another tab) in the meantime: keep its time.
      const now = await tx.selectFrom('notifications').select('read_at').where('id', '=', id).executeTakeFirstOrThrow();
      return dto({ ...row, read_at: now.read_at });
    }
    await appendAudit(tx, ctx, { action: 'notification.read', entityType: 'notification', entityId: id });
    return dto({ ...row, read_at: marked.read_at });
  });
}

export async function markAllRead(ctx: ServiceContext): Promise<{ updated: number; unreadCount: number }> {
  await requirePermission(ctx, 'notification.own', 'notification');
  return inTransaction(ctx, async (tx) => {
    const rows = await tx
      .updateTable('notifications')
      .set({ read_at: new Date() })
      .where('user_id', '=', ctx.actor.userId)
      .where('read_at', 'is', null)
      .returning('id')
      .execute();
    if (rows.length)
      await appendAudit(tx, ctx, {
        action: 'notification.read_all',
        entityType: 'user',
        entityId: ctx.actor.userId,
        after: { count: rows.length },
      });
    return { updated: rows.length, unreadCount: 0 };
  });
}

export async function getPreferences(ctx: ServiceContext): Promise<PreferencesDto> {
  await requirePermission(ctx, 'notification.own', 'notification');
  const row = await ctx.db
    .selectFrom('notification_preferences')
    .select('updated_at')
    .where('user_id', '=', ctx.actor.userId)
    .executeTakeFirst();
  const p = (await preferencesOf(ctx.db, [ctx.actor.userId])).get(ctx.actor.userId) ?? DEFAULT_PREFS;
  return {
    inboxFindings: p.inbox_findings,
    inboxDeadlines: p.inbox_deadlines,
    emailDigest: p.email_digest,
    emailCritical: p.email_critical,
    emailReminders: p.email_reminders,
    updatedAt: row ? row.updated_at.toISOString() : null,
  };
}

/** Replace the user's choices (a PUT of the whole set: only its owner ever writes it). */
export async function putPreferences(ctx: ServiceContext, input: PreferencesUpdateInput): Promise<PreferencesDto> {
  await requirePermission(ctx, 'notification.own', 'notification');
  const before = await getPreferences(ctx);
  const values = {
    inbox_findings: input.inboxFindings,
    inbox_deadlines: input.inboxDeadlines,
    email_digest: input.emailDigest,
    email_critical: input.emailCritical,
    email_reminders: input.emailReminders,
    updated_at: new Date(),
  };
  await inTransaction(ctx, async (tx) => {
    await tx
      .insertInto('notification_preferences')
      .values({ user_id: ctx.actor.userId, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute();
    const { updatedAt: _b, ...b } = before;
    const changedBefore: Record<string, boolean> = {};
    const changedAfter: Record<string, boolean> = {};
    for (const [k, v] of Object.entries(b)) {
      const next = input[k as keyof PreferencesUpdateInput];
      if (v !== next) {
        changedBefore[k] = v as boolean;
        changedAfter[k] = next;
      }
    }
    await appendAudit(tx, ctx, {
      action: 'notification.preferences',
      entityType: 'user',
      entityId: ctx.actor.userId,
      before: changedBefore,
      after: changedAfter,
    });
  });
  return getPreferences(ctx);
}
