import { z } from '@hono/zod-openapi';
import { FINDING_STATES, MAX_RULE_PENALTY, SEVERITIES, SEVERITY_WEIGHT } from '../../core/findings.js';
import { TEAMS } from '../../core/teams.js';
import { CalendarDate, PageQuery, Text, Uuid, pageOf } from '../../platform/http/schemas.js';

const Ref = z.object({ id: z.string(), name: z.string() });
const Version = z.number().int().min(1).openapi({ description: 'The finding’s current version; a stale one answers 412', example: 1 });

export const Evidence = z
  .object({
    numbers: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    links: z.array(z.object({ label: z.string(), href: z.string() })).optional(),
    text: z.string().optional(),
  })
  .openapi('FindingEvidence', { description: 'What the rule saw: named numbers, links to the records behind it, and a sentence' });

export const Finding = z
  .object({
    id: z.string(),
    contract: z.object({ id: z.string(), reference: z.string(), title: z.string() }),
    department: Ref,
    ruleId: z.string(),
    rule: z.object({ title: z.string(), description: z.string().openapi({ description: 'Why it matters and what to do about it' }) }),
    subject: z
      .string()
      .openapi({ description: 'What within the contract the finding is about (e.g. "team:it_data"); empty for the contract itself' }),
    severity: z.enum(SEVERITIES),
    ownerTeam: z.enum(TEAMS),
    title: z.string(),
    evidence: Evidence,
    state: z.enum(FINDING_STATES),
    note: z.string().nullable().openapi({ description: 'The acknowledgement note or the snooze reason' }),
    snoozedUntil: z.string().nullable(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    resolvedAt: z.string().nullable(),
    stateChangedAt: z.string().nullable(),
    stateChangedBy: Ref.nullable().openapi({
      description: 'Who last acknowledged, snoozed or reopened it; null when Steward itself changed the state',
    }),
    version: z.number().int(),
    permissions: z.object({ manage: z.boolean().openapi({ description: 'Whether you may acknowledge, snooze or reopen it' }) }),
  })
  .openapi('Finding');
export type FindingDto = z.infer<typeof Finding>;

const SeverityCounts = z.object({ critical: z.number().int(), warning: z.number().int(), info: z.number().int() });

export const FindingPage = pageOf(Finding)
  .extend({
    counts: SeverityCounts.openapi({ description: 'How many findings match each severity, with every filter but severity applied' }),
  })
  .openapi('FindingPage');

const STATE_FILTERS = [...FINDING_STATES, 'all'] as const;
const csv = <T extends readonly [string, ...string[]]>(values: T, description: string) =>
  z
    .string()
    .max(200)
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.enum(values)))
    .optional()
    .openapi({ description });

export const FindingListQuery = z.object({
  state: csv(
    STATE_FILTERS,
    'One state or several, comma-separated; default: everything not resolved (open, acknowledged, snoozed); "all" for every state',
  ),
  severity: csv(SEVERITIES, 'One severity or several, comma-separated'),
  team: csv(TEAMS, 'The owner team, one or several, comma-separated'),
  contractId: Uuid.optional(),
  departmentId: Uuid.optional(),
  ruleId: z.string().trim().max(100).optional(),
  ...PageQuery,
});
export type FindingListQueryInput = z.infer<typeof FindingListQuery>;

export const ContractFindings = z
  .object({
    items: z.array(Finding),
    permissions: z.object({
      manage: z.boolean().openapi({ description: 'Whether you may acknowledge, snooze or reopen this contract’s findings' }),
      evaluate: z.boolean().openapi({ description: 'Whether you may re-run the checks now' }),
    }),
  })
  .openapi('ContractFindings');

export const HealthPoint = z.object({
  day: z.string(),
  score: z.number().int(),
  openCritical: z.number().int(),
  openWarning: z.number().int(),
  openInfo: z.number().int(),
});

export const ContractHealth = z
  .object({
    score: z.number().int().min(0).max(100),
    band: z.enum(['good', 'fair', 'poor']),
    weights: z.object({ critical: z.number(), warning: z.number(), info: z.number() }).openapi({
      description: `Points taken off 100 per open finding (${SEVERITY_WEIGHT.critical} critical, ${SEVERITY_WEIGHT.warning} warning, ${SEVERITY_WEIGHT.info} info); half for acknowledged ones, none for snoozed or resolved ones`,
    }),
    maxPerRule: z.number().openapi({
      description: `Most points one rule’s findings take off together (${MAX_RULE_PENALTY}), however many subjects it fires for`,
    }),
    history: z.array(HealthPoint).openapi({
      description: 'One point per day over the last 365 days, from the first recorded day; a day without a record carries the previous one',
    }),
  })
  .openapi('ContractHealth');

export const AcknowledgeFinding = z
  .strictObject({ note: Text(2000).openapi({ description: 'What is being done about it, and by whom' }), version: Version })
  .openapi('AcknowledgeFinding');
export const SnoozeFinding = z
  .strictObject({
    until: CalendarDate.openapi({ description: 'The finding comes back on this day (after today, at most a year ahead)' }),
    reason: Text(2000),
    version: Version,
  })
  .openapi('SnoozeFinding');
export const ReopenFinding = z.strictObject({ version: Version }).openapi('ReopenFinding');

export const EvaluationSummary = z
  .object({
    opened: z.number().int().openapi({ description: 'Findings raised (or raised again) by this run' }),
    resolved: z.number().int().openapi({ description: 'Findings resolved because their rule no longer fires' }),
    open: SeverityCounts.openapi({ description: 'Findings now open or acknowledged, by severity' }),
    score: z.number().int(),
    band: z.enum(['good', 'fair', 'poor']),
  })
  .openapi('EvaluationSummary');

export const RuleInfo = z
  .object({ id: z.string(), title: z.string(), description: z.string().openapi({ description: 'Why it matters and what to do about it' }) })
  .openapi('Rule');
