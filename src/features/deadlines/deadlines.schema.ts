import { z } from '@hono/zod-openapi';
import { DEADLINE_STATES } from '../../core/deadlines.js';
import { TEAMS } from '../../core/teams.js';
import { CalendarDate, Uuid } from '../../platform/http/schemas.js';

const Ref = z.object({ id: z.string(), name: z.string() });

export const Deadline = z
  .object({
    id: z.string(),
    contract: z.object({ id: z.string(), reference: z.string(), title: z.string() }),
    department: Ref,
    source: z.string().openapi({ description: 'The capability that registered it (e.g. contract, milestones)' }),
    kind: z.string().openapi({ example: 'contract_end' }),
    kindLabel: z.string().openapi({ example: 'Contract end' }),
    title: z.string(),
    dueDate: z.string().openapi({ format: 'date', example: '2026-12-31' }),
    timeZone: z.string().openapi({ example: 'UTC' }),
    ownerTeam: z.enum(TEAMS),
    owner: Ref.nullable(),
    link: z.string().nullable().openapi({ description: 'Where the source record is in the web app', example: '/contracts/7d4f…' }),
    state: z.enum(DEADLINE_STATES),
    stateReason: z.string().nullable().openapi({ description: 'Why it was waived, or a note on how it was done' }),
    stateChangedAt: z.string().nullable(),
    stateChangedBy: Ref.nullable(),
    version: z.number().int(),
    permissions: z.object({ update: z.boolean() }),
  })
  .openapi('Deadline');
export type DeadlineDto = z.infer<typeof Deadline>;

const STATE_FILTERS = [...DEADLINE_STATES, 'all'] as const;

export const DeadlineListQuery = z.object({
  from: CalendarDate.optional().openapi({ description: 'Due on or after this date' }),
  to: CalendarDate.optional().openapi({ description: 'Due on or before this date' }),
  team: z.enum(TEAMS).optional().openapi({ description: 'Owner team' }),
  departmentId: Uuid.optional(),
  contractId: Uuid.optional(),
  kind: z
    .string()
    .max(60)
    .regex(/^[a-z0-9_.-]+$/, 'must be a deadline kind such as contract_end')
    .optional(),
  state: z
    .string()
    .default('open')
    .transform((s) => s.split(',').filter(Boolean))
    .refine((list) => list.length > 0 && list.every((s) => (STATE_FILTERS as readonly string[]).includes(s)), {
      message: 'must be open, done, waived or all (several separated by commas)',
    })
    .openapi({ description: 'open (default), done, waived or all; several comma-separated', example: 'open' }),
  ownerUserId: z
    .union([z.literal('me'), Uuid])
    .optional()
    .openapi({ description: '"me" for your own deadlines, or a user id' }),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100).openapi({ description: 'Up to 500, so a month fits on one page' }),
});
export type DeadlineListQueryInput = z.infer<typeof DeadlineListQuery>;

export const DeadlineUpdate = z
  .strictObject({
    state: z.enum(DEADLINE_STATES).openapi({ description: 'done, waived (needs a reason) or open (reopen)' }),
    reason: z.string().trim().max(1000, 'must be at most 1000 characters').optional().openapi({ description: 'Required to waive' }),
    version: z.number().int().min(1).optional().openapi({ description: 'Current version; or send it as If-Match' }),
  })
  .openapi('DeadlineUpdate');
export type DeadlineUpdateInput = z.infer<typeof DeadlineUpdate>;

export const DeadlineKind = z.object({ value: z.string(), label: z.string() }).openapi('DeadlineKind');

export const CalendarFeedStatus = z
  .object({
    active: z.boolean(),
    createdAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('CalendarFeedStatus');
export type CalendarFeedStatusDto = z.infer<typeof CalendarFeedStatus>;

export const CalendarFeedCreated = z
  .object({
    url: z
      .string()
      .openapi({ description: 'The secret feed address; shown only now', example: 'https://steward.example/api/calendar/Xy…Z.ics' }),
    createdAt: z.string(),
    rotated: z.boolean().openapi({ description: 'Whether an earlier address stopped working' }),
  })
  .openapi('CalendarFeedCreated');

const LeadDays = z
  .array(z.number().int('must be whole days').min(0, 'must be 0 (on the day) or more').max(365, 'must be at most 365 days'))
  .max(10, 'at most 10 reminders');

export const TeamSettings = z
  .object({
    team: z.enum(TEAMS),
    label: z.string(),
    reminderLeadDays: z.array(z.number().int()).openapi({ description: 'Days before a deadline to remind, largest first; 0 = on the day' }),
    reviewPeriodDays: z.number().int().openapi({ description: 'Days after which an unanswered key question becomes a finding' }),
    isDefault: z.boolean().openapi({ description: 'True while the team uses the defaults (never saved)' }),
    version: z.number().int().openapi({ description: '0 while the team uses the defaults' }),
    updatedAt: z.string().nullable(),
  })
  .openapi('TeamSettings');
export type TeamSettingsDto = z.infer<typeof TeamSettings>;

export const TeamSettingsUpdate = z
  .strictObject({
    reminderLeadDays: LeadDays.optional(),
    reviewPeriodDays: z
      .number()
      .int('must be whole days')
      .min(7, 'must be at least 7 days')
      .max(730, 'must be at most 730 days')
      .optional(),
    version: z
      .number()
      .int()
      .min(0)
      .optional()
      .openapi({ description: 'Current version (0 while on the defaults); or send it as If-Match' }),
  })
  .openapi('TeamSettingsUpdate');
export type TeamSettingsUpdateInput = z.infer<typeof TeamSettingsUpdate>;

export const TeamParam = z.object({ team: z.enum(TEAMS).openapi({ param: { name: 'team', in: 'path' }, example: 'procurement' }) });
