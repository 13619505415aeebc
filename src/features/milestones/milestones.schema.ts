import { z } from '@hono/zod-openapi';
import { MILESTONE_STATUSES, MILESTONE_TYPES, THRESHOLD_DIRECTIONS } from '../../core/milestones.js';
import { TEAMS } from '../../core/teams.js';
import { CalendarDate, LongText, Money, PageQuery, Text, Uuid } from '../../platform/http/schemas.js';

export const DECISIONS = ['pending', 'accepted', 'rejected', 'accepted_with_conditions'] as const;
export const TEST_METHODS = [
  'user_acceptance',
  'accuracy_quality',
  'bias_fairness',
  'security_review',
  'accessibility_review',
  'performance_load',
  'other',
] as const;

const Ref = z.object({ id: z.string(), name: z.string() });
const Version = z.number().int().min(1).optional();

export const Milestone = z
  .object({
    id: z.string(),
    contractId: z.string(),
    title: z.string(),
    type: z.enum(MILESTONE_TYPES),
    description: z.string(),
    dueDate: z.string(),
    ownerTeam: z.enum(TEAMS).nullable(),
    owner: Ref.nullable(),
    status: z.enum(MILESTONE_STATUSES),
    dateMet: z.string().nullable(),
    paymentAmount: z.string().nullable(),
    slipDays: z.number().int().nullable().openapi({ description: 'Days met after the due date; null while not met' }),
    deliverableIds: z.array(z.string()),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('Milestone');
export type MilestoneDto = z.infer<typeof Milestone>;

export const MilestoneCreate = z
  .strictObject({
    title: Text(200),
    type: z.enum(MILESTONE_TYPES),
    description: LongText(5000).default(''),
    dueDate: CalendarDate,
    ownerTeam: z.enum(TEAMS).nullable().default(null),
    ownerUserId: Uuid.nullable().default(null),
    status: z.enum(MILESTONE_STATUSES).default('scheduled'),
    dateMet: CalendarDate.nullable().default(null),
    paymentAmount: Money.nullable().default(null),
  })
  .openapi('MilestoneCreate');
export type MilestoneCreateInput = z.infer<typeof MilestoneCreate>;

export const MilestoneUpdate = z
  .strictObject({
    version: Version,
    title: Text(200).optional(),
    type: z.enum(MILESTONE_TYPES).optional(),
    description: LongText(5000).optional(),
    dueDate: CalendarDate.optional(),
    ownerTeam: z.enum(TEAMS).nullable().optional(),
    ownerUserId: Uuid.nullable().optional(),
    status: z.enum(MILESTONE_STATUSES).optional(),
    dateMet: CalendarDate.nullable().optional(),
    paymentAmount: Money.nullable().optional(),
  })
  .openapi('MilestoneUpdate');
export type MilestoneUpdateInput = z.infer<typeof MilestoneUpdate>;

export const Criterion = z
  .strictObject({
    name: Text(120),
    metric: Text(120).nullable().default(null).openapi({ description: 'e.g. accuracy, F1, word error rate, p95 latency (ms)' }),
    threshold: z.number().finite().nullable().default(null),
    direction: z.enum(THRESHOLD_DIRECTIONS).nullable().default(null),
  })
  .openapi('EvaluationCriterion', { description: 'A numeric threshold with a direction, or neither for a pass/fail criterion' });
export type CriterionInput = z.infer<typeof Criterion>;

export const TestPlanSet = z
  .strictObject({
    version: Version.openapi({ description: 'The current plan version when replacing a plan' }),
    testerUserId: Uuid.nullable().default(null),
    testerTeam: z.enum(TEAMS).nullable().default(null),
    method: z.enum(TEST_METHODS),
    notes: LongText(5000).default(''),
    criteria: z.array(Criterion).max(50).default([]),
  })
  .openapi('TestPlanSet');
export type TestPlanSetInput = z.infer<typeof TestPlanSet>;

export const EvaluationRunCreate = z
  .strictObject({
    runDate: CalendarDate,
    scenario: LongText(1000).default(''),
    results: z
      .array(
        z.strictObject({
          criterion: Text(120),
          value: z.number({ message: 'must be a number' }).finite().nullable().default(null),
          passed: z.boolean().nullable().default(null),
        }),
      )
      .min(1),
    notes: LongText(5000).default(''),
  })
  .openapi('EvaluationRunCreate');
export type EvaluationRunCreateInput = z.infer<typeof EvaluationRunCreate>;

export const EvaluationRun = z
  .object({
    id: z.string(),
    runDate: z.string(),
    scenario: z.string(),
    results: z.array(z.object({ criterion: z.string(), value: z.number().nullable(), passed: z.boolean() })),
    passed: z.boolean(),
    notes: z.string(),
    createdAt: z.string(),
  })
  .openapi('EvaluationRun');

export const TestPlan = z
  .object({
    id: z.string(),
    tester: Ref.nullable(),
    testerTeam: z.enum(TEAMS).nullable(),
    method: z.enum(TEST_METHODS),
    notes: z.string(),
    criteria: z.array(
      z.object({
        name: z.string(),
        metric: z.string().nullable(),
        threshold: z.number().nullable(),
        direction: z.enum(THRESHOLD_DIRECTIONS).nullable(),
      }),
    ),
    runs: z.array(EvaluationRun),
    version: z.number().int(),
  })
  .openapi('TestPlan');
export type TestPlanDto = z.infer<typeof TestPlan>;

export const DeliverableFile = z
  .object({
    id: z.string().openapi({ description: 'The document id; download at /api/documents/{id}/download' }),
    filename: z.string(),
    title: z.string(),
    mediaType: z.string(),
    sizeBytes: z.number().int(),
    sharedWithVendor: z.boolean(),
    evaluationRunId: z.string().nullable(),
    uploadedAt: z.string(),
    uploadedBy: Ref.nullable(),
  })
  .openapi('DeliverableFile');
export type DeliverableFileDto = z.infer<typeof DeliverableFile>;

export const Deliverable = z
  .object({
    id: z.string(),
    contractId: z.string(),
    milestoneId: z.string().nullable(),
    title: z.string(),
    description: z.string(),
    acceptanceCriteria: z.array(z.string()),
    dueDate: z.string(),
    deliveredDate: z.string().nullable(),
    deliveredBy: Ref.nullable(),
    decision: z.enum(DECISIONS),
    decisionReasons: z.string(),
    decidedBy: Ref.nullable(),
    decidedAt: z.string().nullable(),
    disputed: z.boolean(),
    acceptancePeriodDays: z.number().int().nullable(),
    acceptanceDecisionDue: z.string().nullable(),
    effectiveAcceptanceDate: z.string().nullable(),
    testPlan: TestPlan.nullable(),
    files: z.array(DeliverableFile).openapi({ description: 'Evidence files; vendor users see only those shared with them' }),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('Deliverable');
export type DeliverableDto = z.infer<typeof Deliverable>;

export const DeliverableCreate = z
  .strictObject({
    milestoneId: Uuid.nullable().default(null),
    title: Text(200),
    description: LongText(5000).default(''),
    acceptanceCriteria: z.array(Text(1000)).max(50).default([]),
    dueDate: CalendarDate,
    acceptancePeriodDays: z.number().int().min(1).max(365).nullable().default(null),
  })
  .openapi('DeliverableCreate');
export type DeliverableCreateInput = z.infer<typeof DeliverableCreate>;

export const DeliverableUpdate = z
  .strictObject({
    version: Version,
    milestoneId: Uuid.nullable().optional(),
    title: Text(200).optional(),
    description: LongText(5000).optional(),
    acceptanceCriteria: z.array(Text(1000)).max(50).optional(),
    dueDate: CalendarDate.optional(),
    acceptancePeriodDays: z.number().int().min(1).max(365).nullable().optional(),
    disputed: z.boolean().optional(),
  })
  .openapi('DeliverableUpdate');
export type DeliverableUpdateInput = z.infer<typeof DeliverableUpdate>;

export const DeliveryMark = z.strictObject({ version: Version, deliveredDate: CalendarDate }).openapi('DeliveryMark');
export type DeliveryMarkInput = z.infer<typeof DeliveryMark>;

export const DecisionSet = z
  .strictObject({
    version: Version,
    decision: z.enum(['accepted', 'rejected', 'accepted_with_conditions']),
    reasons: LongText(5000).default(''),
  })
  .openapi('DecisionSet');
export type DecisionSetInput = z.infer<typeof DecisionSet>;

export const PortfolioMilestone = Milestone.extend({
  contractReference: z.string(),
  contractTitle: z.string(),
  vendorName: z.string(),
  departmentName: z.string(),
  deliverablesTotal: z.number().int(),
  deliverablesDelivered: z.number().int(),
  daysLate: z.number().int().nullable().openapi({ description: 'Days past the due date while not met; null otherwise' }),
  daysUntilDue: z.number().int().nullable().openapi({ description: 'Days until the due date while not met and not yet due' }),
}).openapi('PortfolioMilestone');
export type PortfolioMilestoneDto = z.infer<typeof PortfolioMilestone>;

export const MILESTONE_WINDOWS = ['upcoming', 'late', 'open', 'all'] as const;
export const PortfolioQuery = z.object({
  window: z
    .enum(MILESTONE_WINDOWS)
    .default('open')
    .openapi({ description: 'upcoming: not met, due within 30 days; late: not met and past due; open: not met; all' }),
  departmentId: Uuid.optional(),
  ...PageQuery,
});
export type PortfolioQueryInput = z.infer<typeof PortfolioQuery>;
