import { z } from '@hono/zod-openapi';
import { CONTRACT_STATUSES } from '../../core/contract.js';
import { ANSWER_STATUSES, OBJECTIVES, QUESTION_STANDINGS, THEMES } from '../../core/questions.js';
import { TEAMS } from '../../core/teams.js';
import { Uuid } from '../../platform/http/schemas.js';

const Ref = z.object({ id: z.string(), name: z.string() });
const OBJECTIVE_IDS = OBJECTIVES.map((o) => o.id) as [string, ...string[]];

export const RoundName = z
  .string()
  .regex(/^\d{4}-Q[1-4]$/, 'must be a review round such as 2026-Q4')
  .openapi({ example: '2026-Q4', description: 'A review round: a calendar quarter' });

export const Round = z
  .object({ id: z.string(), label: z.string(), start: z.string(), end: z.string() })
  .openapi('ReviewRound', { description: 'A review round (calendar quarter), e.g. 2026-Q4 from 2026-10-01 to 2026-12-31' });

export const Catalogue = z
  .object({
    objectives: z.array(
      z.object({ id: z.string(), group: z.enum(['procurement', 'organizational']), groupLabel: z.string(), text: z.string() }),
    ),
    teams: z.array(z.object({ id: z.enum(TEAMS), label: z.string(), reviewPeriodDays: z.number().int() })),
    themes: z.array(z.object({ id: z.enum(THEMES), label: z.string() })),
    statuses: z.array(z.object({ id: z.enum(QUESTION_STANDINGS), label: z.string() })),
    questions: z.array(
      z.object({
        id: z.string(),
        team: z.enum(TEAMS),
        theme: z.enum(THEMES),
        text: z.string(),
        objectives: z.array(z.enum(OBJECTIVE_IDS)),
      }),
    ),
    currentRound: Round,
  })
  .openapi('QuestionCatalogue');

export const Answer = z
  .object({
    id: z.string(),
    status: z.enum(ANSWER_STATUSES),
    text: z.string(),
    owner: Ref.nullable(),
    answeredBy: Ref.nullable(),
    answeredAt: z.string(),
    round: z.string(),
    roundLabel: z.string(),
    version: z.number().int(),
  })
  .openapi('QuestionAnswer');
export type AnswerDto = z.infer<typeof Answer>;

export const EvidenceItem = z
  .object({
    label: z.string(),
    value: z.string(),
    tone: z.enum(['good', 'warning', 'bad', 'neutral']).optional(),
    href: z.string().optional(),
    source: z.string().openapi({ description: 'The capability that computed this item' }),
  })
  .openapi('QuestionEvidence');

export const ContractQuestion = z
  .object({
    id: z.string(),
    team: z.enum(TEAMS),
    theme: z.enum(THEMES),
    text: z.string(),
    objectives: z.array(z.string()),
    evidenceAvailable: z.boolean(),
    evidence: z.array(EvidenceItem),
    evidenceNote: z.string().nullable().openapi({ description: 'Set when no capability informs this question yet' }),
    answer: Answer.nullable().openapi({ description: 'The latest answer (the most recent round that has one)' }),
    answeredThisRound: z.boolean(),
    history: z.array(Answer).openapi({ description: 'Answers of earlier rounds, newest first' }),
    standing: z.enum(QUESTION_STANDINGS),
    overdue: z.boolean().openapi({ description: 'Unanswered for longer than the team’s review period (a finding is open for it)' }),
    canAnswer: z.boolean(),
  })
  .openapi('ContractQuestion');

export const ContractQuestions = z
  .object({
    contract: z.object({ id: z.string(), reference: z.string(), title: z.string(), status: z.enum(CONTRACT_STATUSES), department: Ref }),
    currentRound: Round,
    reviewPeriodDays: z.object({ procurement: z.number().int(), buyer: z.number().int(), it_data: z.number().int() }),
    questions: z.array(ContractQuestion),
    ownerOptions: z
      .object({ procurement: z.array(Ref), buyer: z.array(Ref), it_data: z.array(Ref) })
      .openapi({ description: 'Who may be named owner of each team’s answers (empty for teams the caller cannot answer for)' }),
  })
  .openapi('ContractQuestions');
export type ContractQuestionsDto = z.infer<typeof ContractQuestions>;

export const AnswerInput = z
  .strictObject({
    status: z.enum(ANSWER_STATUSES),
    text: z.string().trim().min(1, 'is required: say briefly why').max(5000, 'must be at most 5000 characters'),
    ownerUserId: Uuid.nullable()
      .optional()
      .openapi({ description: 'Who owns this answer; default: the current owner, else the contract’s owner for the team, else you' }),
    round: RoundName.optional().openapi({ description: 'Default: the current round' }),
    version: z
      .number()
      .int()
      .min(1)
      .optional()
      .openapi({ description: 'Required when the round already has an answer: its current version' }),
  })
  .openapi('AnswerInput');
export type AnswerInputDto = z.infer<typeof AnswerInput>;

export const QuestionParams = z.object({
  id: Uuid.openapi({ param: { name: 'id', in: 'path' } }),
  questionId: z
    .string()
    .max(80)
    .openapi({ param: { name: 'questionId', in: 'path' }, example: 'buyer.training' }),
});

export const TeamParam = z.object({
  team: z.enum(TEAMS, { message: `must be one of ${TEAMS.join(', ')}` }).openapi({ param: { name: 'team', in: 'path' }, example: 'buyer' }),
});

const standingsCsv = z
  .string()
  .refine(
    (s) =>
      s
        .split(',')
        .filter(Boolean)
        .every((x) => (QUESTION_STANDINGS as readonly string[]).includes(x)),
    {
      message: `must be one or more of ${QUESTION_STANDINGS.join(', ')}, comma-separated`,
    },
  )
  .transform((s) => s.split(',').filter(Boolean) as (typeof QUESTION_STANDINGS)[number][])
  .optional()
  .openapi({ description: 'One status or several, comma-separated (unanswered included)', example: 'off_track,at_risk' });

export const TeamFilter = z.object({
  departmentId: Uuid.optional(),
  status: standingsCsv,
});
export type TeamFilterInput = z.infer<typeof TeamFilter>;

export const TeamQuery = TeamFilter.extend({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type TeamQueryInput = z.infer<typeof TeamQuery>;

export const TeamRow = z
  .object({
    contract: z.object({ id: z.string(), reference: z.string(), title: z.string(), status: z.enum(CONTRACT_STATUSES), department: Ref }),
    question: z.object({ id: z.string(), theme: z.enum(THEMES), text: z.string() }),
    standing: z.enum(QUESTION_STANDINGS),
    answer: Answer.nullable(),
    overdue: z.boolean(),
    daysWithoutAnswer: z.number().int(),
  })
  .openapi('TeamQuestionRow');
export type TeamRowDto = z.infer<typeof TeamRow>;

export const TeamQuestions = z
  .object({
    team: z.object({ id: z.enum(TEAMS), label: z.string(), reviewPeriodDays: z.number().int() }),
    currentRound: Round,
    counts: z.object({
      off_track: z.number().int(),
      at_risk: z.number().int(),
      unanswered: z.number().int(),
      on_track: z.number().int(),
      not_applicable: z.number().int(),
    }),
    contracts: z.number().int().openapi({ description: 'Contracts in the list (after filters)' }),
    items: z.array(TeamRow),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .openapi('TeamQuestions');
export type TeamQuestionsDto = z.infer<typeof TeamQuestions>;
