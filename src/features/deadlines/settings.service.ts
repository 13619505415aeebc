/**
 * Team settings: each team's reminder lead times and its key-question review period. A team
 * without a saved row uses the defaults (version 0); the first save creates the row.
 */
import { DEFAULT_LEAD_DAYS, normaliseLeadDays } from '../../core/deadlines.js';
import { AppError } from '../../core/errors.js';
import { can } from '../../core/policy.js';
import { TEAMS, TEAM_LABELS, type Team } from '../../core/teams.js';
import type { DbOrTx } from '../../db/database.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { denial, inTransaction, requirePermission, staleVersion } from '../../platform/service.js';
import type { TeamSettingsDto, TeamSettingsUpdateInput } from './deadlines.schema.js';

/** The review period a team uses until it saves its own (matches the column default). */
export const DEFAULT_REVIEW_PERIOD_DAYS = 90;

type Row = { team: string; reminder_lead_days: number[]; review_period_days: number; version: number; updated_at: Date };

function toDto(team: Team, row: Row | undefined): TeamSettingsDto {
  return {
    team,
    label: TEAM_LABELS[team],
    reminderLeadDays: row ? normaliseLeadDays(row.reminder_lead_days) : [...DEFAULT_LEAD_DAYS],
    reviewPeriodDays: row?.review_period_days ?? DEFAULT_REVIEW_PERIOD_DAYS,
    isDefault: !row,
    version: row?.version ?? 0,
    updatedAt: row?.updated_at.toISOString() ?? null,
  };
}

/** Every team's settings, defaults filled in (also for other frames: reminders, review periods). */
export async function teamSettings(db: DbOrTx): Promise<TeamSettingsDto[]> {
  const rows = await db.selectFrom('team_settings').selectAll().execute();
  const byTeam = new Map(rows.map((r) => [r.team, r]));
  return TEAMS.map((t) => toDto(t, byTeam.get(t)));
}

export async function listTeamSettings(ctx: ServiceContext): Promise<TeamSettingsDto[]> {
  // Staff who work with deadlines may read the settings (to know when reminders come); admins and procurement change them.
  if (!can(ctx.actor, 'settings.manage')) await requirePermission(ctx, 'deadline.read', 'team_settings');
  return teamSettings(ctx.db);
}

export async function updateTeamSettings(
  ctx: ServiceContext,
  team: Team,
  input: TeamSettingsUpdateInput,
  ifMatch?: number,
): Promise<TeamSettingsDto> {
  if (!can(ctx.actor, 'settings.manage'))
    throw await denial(ctx, 'forbidden', { permission: 'settings.manage', entityType: 'team_settings', entityId: team });
  const version = input.version ?? ifMatch;
  if (version === undefined)
    throw new AppError(
      'precondition_required',
      'Send the version you are changing, as "version" in the body or in an If-Match header (0 while the team uses the defaults).',
    );
  return inTransaction(ctx, async (tx) => {
    const row = await tx.selectFrom('team_settings').selectAll().where('team', '=', team).forUpdate().executeTakeFirst();
    if ((row?.version ?? 0) !== version) throw staleVersion('team’s settings');
    const before = toDto(team, row);
    const lead = input.reminderLeadDays !== undefined ? normaliseLeadDays(input.reminderLeadDays) : before.reminderLeadDays;
    const review = input.reviewPeriodDays ?? before.reviewPeriodDays;
    let saved: Row | undefined;
    if (row) {
      saved = await tx
        .updateTable('team_settings')
        .set({ reminder_lead_days: lead, review_period_days: review, version: row.version + 1, updated_at: new Date() })
        .where('team', '=', team)
        .returningAll()
        .executeTakeFirstOrThrow();
    } else {
      // Two first saves at once: the loser finds the row taken and gets 412, like any stale write.
      saved = await tx
        .insertInto('team_settings')
        .values({ team, reminder_lead_days: lead, review_period_days: review, version: 1 })
        .onConflict((oc) => oc.column('team').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!saved) throw staleVersion('team’s settings');
    }
    const after = toDto(team, saved);
    await appendAudit(tx, ctx, {
      action: 'team_settings.update',
      entityType: 'team_settings',
      entityId: team,
      before: { team, reminderLeadDays: before.reminderLeadDays, reviewPeriodDays: before.reviewPeriodDays, version: before.version },
      after: { team, reminderLeadDays: after.reminderLeadDays, reviewPeriodDays: after.reviewPeriodDays, version: after.version },
    });
    return after;
  });
}
