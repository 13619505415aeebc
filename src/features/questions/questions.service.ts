/**
 * Key questions: the catalogue, each contract's questions with their evidence and answers,
 * answering a question (per review round, versioned, audited), and each team's questions across
 * its contracts, worst first, with a CSV export.
 */
import { csvCell } from '../../core/csv.js';
import { AppError, invalid } from '../../core/errors.js';
import { todayUtc } from '../../core/dates.js';
import { can } from '../../core/policy.js';
import {
  type AnswerStatus,
  KEY_QUESTIONS,
  type KeyQuestion,
  NO_EVIDENCE_TEXT,
  OBJECTIVES,
  OBJECTIVE_GROUP_LABELS,
  QUESTION_STANDINGS,
  type QuestionStanding,
  STANDING_LABELS,
  THEMES,
  THEME_LABELS,
  answerSeverity,
  canOwnAnswer,
  canViewTeamPage,
  daysWithoutAnswer,
  decideAnswer,
  isOverdue,
  questionById,
  questionOrder,
  roundBounds,
  roundLabel,
  roundOf,
  roundProblem,
  standingOf,
} from '../../core/questions.js';
import { TEAMS, TEAM_LABELS, type Team } from '../../core/teams.js';
import { appendAudit, recordAudit } from '../../platform/audit/audit.js';
import { afterContractChange } from '../../platform/changes.js';
import type { ServiceContext } from '../../platform/context.js';
import { type EvidenceItem, collectEvidence, informedQuestions } from '../../platform/questions/evidence.js';
import { denial, inTransaction, requirePermission, staleVersion } from '../../platform/service.js';
import { authorizeContract } from '../contracts/contracts.service.js';
import { type ContractRow, contractQuery, visibleTo } from '../contracts/contracts.store.js';
import type {
  AnswerDto,
  AnswerInputDto,
  ContractQuestionsDto,
  TeamFilterInput,
  TeamQueryInput,
  TeamQuestionsDto,
  TeamRowDto,
} from './questions.schema.js';
import {
  type AnswerRow,
  answerById,
  contractAnswers,
  findAnswer,
  lastAnsweredDays,
  latestAnswers,
  ownerCandidates,
  reviewPeriods,
  toAnswer,
} from './questions.store.js';

/** Contracts whose questions are reviewed (and listed on the team pages). */
const LIVE_STATUSES = ['active', 'suspended'] as const;
const isLive = (status: string) => (LIVE_STATUSES as readonly string[]).includes(status);

/** Options for callers inside Steward (the demo loader, tests). Not reachable over HTTP. */
export interface Clock {
  /** When the answer is given (default: now); also decides the default round. */
  now?: Date;
  /** Re-run the contract's rules after answering (default: yes; the demo loader runs them once at the end). */
  refresh?: boolean;
}

function round(id: string) {
  return { id, label: roundLabel(id), ...roundBounds(id) };
}

/**
 * Key questions are internal to the public body: vendors may not know they exist (404); other
 * roles without the permission (administrators) are refused (403).
 */
async function requireQuestionRead(ctx: ServiceContext, label: string, entityId?: string): Promise<void> {
  if (can(ctx.actor, 'question.read')) return;
  throw await denial(ctx, ctx.actor.role === 'vendor' ? 'hidden' : 'forbidden', {
    permission: 'question.read',
    entityType: 'question',
    entityId,
    label,
  });
}

const scopeFacts = (r: ContractRow) => ({ departmentId: r.department_id, vendorId: r.vendor_id, restricted: r.restricted });

export async function getCatalogue(ctx: ServiceContext) {
  await requireQuestionRead(ctx, 'Key questions');
  const periods = await reviewPeriods(ctx.db);
  return {
    objectives: OBJECTIVES.map((o) => ({ id: o.id, group: o.group, groupLabel: OBJECTIVE_GROUP_LABELS[o.group], text: o.text })),
    teams: TEAMS.map((t) => ({ id: t, label: TEAM_LABELS[t], reviewPeriodDays: periods[t] })),
    themes: THEMES.map((t) => ({ id: t, label: THEME_LABELS[t] })),
    statuses: QUESTION_STANDINGS.map((s) => ({ id: s, label: STANDING_LABELS[s] })),
    questions: KEY_QUESTIONS.map((q) => ({ id: q.id, team: q.team, theme: q.theme, text: q.text, objectives: [...q.objectives] })),
    currentRound: round(roundOf(todayUtc())),
  };
}

type Evidence = Record<string, (EvidenceItem & { source: string })[]>;

async function evidenceFor(ctx: ServiceContext, contractId: string): Promise<{ items: Evidence; failed: boolean }> {
  try {
    return { items: await collectEvidence(ctx.db, contractId), failed: false };
  } catch (err) {
    // One capability failing must not hide the questions and answers.
    ctx.log.error({ err, contractId, requestId: ctx.requestId }, 'could not collect key-question evidence');
    return { items: {}, failed: true };
  }
}

function buildQuestion(
  q: KeyQuestion,
  c: ContractRow,
  answers: AnswerRow[],
  evidence: { items: Evidence; failed: boolean },
  informed: Set<string>,
  periods: Record<Team, number>,
  canAnswer: boolean,
  today: string,
): ContractQuestionsDto['questions'][number] {
  const mine = answers.filter((a) => a.question_id === q.id).sort((a, b) => (a.round < b.round ? 1 : a.round > b.round ? -1 : 0));
  const latest = mine[0] ? toAnswer(mine[0]) : null;
  const lastDay = mine.reduce<string | null>((max, a) => {
    const d = a.answered_at.toISOString().slice(0, 10);
    return !max || d > max ? d : max;
  }, null);
  const available = informed.has(q.id);
  const items = evidence.items[q.id] ?? [];
  let note: string | null = null;
  if (!available) note = NO_EVIDENCE_TEXT;
  else if (evidence.failed) note = 'The evidence for this question could not be gathered just now. Reload the page to try again.';
  else if (!items.length) note = 'Nothing has been recorded for this contract yet that informs this question.';
  return {
    id: q.id,
    team: q.team,
    theme: q.theme,
    text: q.text,
    objectives: [...q.objectives],
    evidenceAvailable: available,
    evidence: items,
    evidenceNote: note,
    answer: latest,
    answeredThisRound: !!latest && latest.round === roundOf(today),
    history: mine.slice(1).map(toAnswer),
    standing: standingOf(latest?.status ?? null),
    overdue: isLive(c.status) && isOverdue(c.start_date, lastDay, today, periods[q.team]),
    canAnswer,
  };
}

async function ownerOptions(ctx: ServiceContext, c: ContractRow, answerable: Set<Team>) {
  const out: ContractQuestionsDto['ownerOptions'] = { procurement: [], buyer: [], it_data: [] };
  if (!answerable.size) return out;
  const users = await ownerCandidates(ctx.db);
  for (const team of answerable)
    out[team] = users
      .filter((u) => canOwnAnswer({ role: u.role, departmentId: u.department_id, active: true }, team, c.department_id))
      .map((u) => ({ id: u.id, name: u.name }));
  return out;
}

function answerableTeams(ctx: ServiceContext, c: ContractRow): Set<Team> {
  if (!can(ctx.actor, 'question.answer')) return new Set();
  return new Set(TEAMS.filter((t) => decideAnswer(ctx.actor, t, scopeFacts(c)) === 'allow'));
}

export async function getContractQuestions(ctx: ServiceContext, contractId: string, clock: Clock = {}): Promise<ContractQuestionsDto> {
  await requireQuestionRead(ctx, 'Contract', contractId);
  // Reading follows the contract's visibility: whoever may see the contract sees its questions.
  const c = await authorizeContract(ctx, contractId, 'contract.read');
  const today = todayUtc(clock.now);
  const [periods, answers, evidence] = await Promise.all([
    reviewPeriods(ctx.db),
    contractAnswers(ctx.db, contractId),
    evidenceFor(ctx, contractId),
  ]);
  const informed = informedQuestions();
  const answerable = answerableTeams(ctx, c);
  return {
    contract: {
      id: c.id,
      reference: c.reference,
      title: c.title,
      status: c.status as ContractQuestionsDto['contract']['status'],
      department: { id: c.department_id, name: c.department_name },
    },
    currentRound: round(roundOf(today)),
    reviewPeriodDays: periods,
    questions: KEY_QUESTIONS.map((q) => buildQuestion(q, c, answers, evidence, informed, periods, answerable.has(q.team), today)),
    ownerOptions: await ownerOptions(ctx, c, answerable),
  };
}

function auditView(a: AnswerDto | null) {
  if (!a) return null;
  return { answerId: a.id, round: a.round, status: a.status, text: a.text, ownerUserId: a.owner?.id ?? null, version: a.version };
}

/**
 * Answer a question for a review round (default: the current one). The first answer of a round
 * creates it; changing it needs the version last seen (412 when someone changed it meanwhile).
 * Afterwards the contract's rules run again, so an "unanswered" finding resolves at once.
 */
export async function answerQuestion(
  ctx: ServiceContext,
  contractId: string,
  questionId: string,
  input: AnswerInputDto,
  clock: Clock = {},
): Promise<{ created: boolean; question: ContractQuestionsDto['questions'][number] }> {
  await requireQuestionRead(ctx, 'Contract', contractId);
  await requirePermission(ctx, 'question.answer', 'question');
  const q = questionById(questionId);
  if (!q) throw new AppError('not_found', 'Question not found.');
  const c = await authorizeContract(ctx, contractId, 'contract.read');
  const decision = decideAnswer(ctx.actor, q.team, scopeFacts(c));
  if (decision !== 'allow')
    throw await denial(ctx, decision, { permission: 'question.answer', entityType: 'contract', entityId: contractId, label: 'Contract' });

  const now = clock.now ?? new Date();
  const today = todayUtc(now);
  const roundId = input.round ?? roundOf(today);
  const problem = roundProblem(roundId, today, c.start_date);
  if (problem) throw invalid({ round: problem });

  const candidates = await ownerCandidates(ctx.db);
  const eligible = (id: string) => {
    const u = candidates.find((x) => x.id === id);
    return !!u && canOwnAnswer({ role: u.role, departmentId: u.department_id, active: true }, q.team, c.department_id);
  };
  if (input.ownerUserId && !eligible(input.ownerUserId))
    throw invalid({
      ownerUserId: `must be an active user who can answer the ${TEAM_LABELS[q.team].toLowerCase()}’s questions on this contract`,
    });

  const actorId = ctx.actor.role === 'system' ? null : ctx.actor.userId;
  const created = await inTransaction(ctx, async (tx) => {
    const existing = await findAnswer(tx, contractId, questionId, roundId, true);
    if (existing) {
      if (input.version === undefined)
        throw new AppError(
          'precondition_required',
          `This question already has an answer for ${roundLabel(roundId)}. Send its version to change it.`,
        );
      if (input.version !== existing.version) throw staleVersion('answer');
      const owner = input.ownerUserId !== undefined ? input.ownerUserId : existing.owner_user_id;
      await tx
        .updateTable('question_answers')
        .set({
          status: input.status,
          text: input.text,
          owner_user_id: owner,
          answered_by: actorId,
          answered_at: now,
          version: existing.version + 1,
        })
        .where('id', '=', existing.id)
        .execute();
      const after = toAnswer(await answerById(tx, existing.id));
      await appendAudit(tx, ctx, {
        action: 'question.answer',
        entityType: 'contract',
        entityId: contractId,
        before: { questionId, ...auditView(toAnswer(existing)) },
        after: { questionId, ...auditView(after) },
      });
      return false;
    }
    let owner: string | null;
    if (input.ownerUserId !== undefined) owner = input.ownerUserId;
    else {
      const teamOwner = c.owners[q.team] ?? null;
      owner = teamOwner && eligible(teamOwner) ? teamOwner : actorId && eligible(actorId) ? actorId : null;
    }
    const row = await tx
      .insertInto('question_answers')
      .values({
        contract_id: contractId,
        question_id: questionId,
        round: roundId,
        status: input.status,
        text: input.text,
        owner_user_id: owner,
        answered_by: actorId,
        answered_at: now,
      })
      .onConflict((oc) => oc.columns(['contract_id', 'question_id', 'round']).doNothing())
      .returning('id')
      .executeTakeFirst();
    // Someone answered this round a moment ago: the caller has not seen that answer.
    if (!row) throw staleVersion('answer');
    const after = toAnswer(await answerById(tx, row.id));
    await appendAudit(tx, ctx, {
      action: 'question.answer',
      entityType: 'contract',
      entityId: contractId,
      after: { questionId, ...auditView(after) },
    });
    return true;
  });

  try {
    if (clock.refresh !== false) await afterContractChange(ctx.db, contractId);
  } catch (err) {
    // The answer is saved; the daily run will catch up with the findings.
    ctx.log.error({ err, contractId, requestId: ctx.requestId }, 'could not re-run the rules after an answer');
  }
  const view = await getContractQuestions(ctx, contractId, clock);
  return { created, question: view.questions.find((x) => x.id === questionId) as ContractQuestionsDto['questions'][number] };
}

// ---------------------------------------------------------------------------------------------
// Team pages.

interface TeamRows {
  rows: TeamRowDto[];
  counts: Record<QuestionStanding, number>;
  contracts: number;
  periods: Record<Team, number>;
}

async function teamRows(ctx: ServiceContext, team: Team, f: TeamFilterInput, today: string): Promise<TeamRows> {
  await requireQuestionRead(ctx, 'Team');
  if (!canViewTeamPage(ctx.actor, team))
    throw await denial(ctx, 'forbidden', { permission: 'question.read', entityType: 'question_team', entityId: team });
  let query = contractQuery(ctx.db)
    .where(visibleTo(ctx.actor) as never)
    .where('c.status', 'in', [...LIVE_STATUSES]);
  if (f.departmentId) query = query.where('c.department_id', '=', f.departmentId);
  const contracts = await query.orderBy('c.reference').execute();
  const questions = KEY_QUESTIONS.filter((q) => q.team === team);
  const ids = contracts.map((c) => c.id);
  const [periods, latest, lastDays] = await Promise.all([
    reviewPeriods(ctx.db),
    latestAnswers(
      ctx.db,
      ids,
      questions.map((q) => q.id),
    ),
    lastAnsweredDays(ctx.db, ids),
  ]);
  const byKey = new Map(latest.map((a) => [`${a.contract_id}|${a.question_id}`, a]));
  const rows: TeamRowDto[] = [];
  for (const c of contracts)
    for (const q of questions) {
      const a = byKey.get(`${c.id}|${q.id}`);
      const last = lastDays.get(c.id)?.[q.id] ?? null;
      rows.push({
        contract: {
          id: c.id,
          reference: c.reference,
          title: c.title,
          status: c.status as TeamRowDto['contract']['status'],
          department: { id: c.department_id, name: c.department_name },
        },
        question: { id: q.id, theme: q.theme, text: q.text },
        standing: standingOf((a?.status as AnswerStatus | undefined) ?? null),
        answer: a ? toAnswer(a) : null,
        overdue: isOverdue(c.start_date, last, today, periods[team]),
        daysWithoutAnswer: Math.max(0, daysWithoutAnswer(c.start_date, last, today)),
      });
    }
  // Worst first: off track, at risk, unanswered, on track, not applicable; overdue before the
  // rest within a status; then by contract and catalogue order.
  rows.sort(
    (a, b) =>
      answerSeverity(b.answer?.status ?? null) - answerSeverity(a.answer?.status ?? null) ||
      Number(b.overdue) - Number(a.overdue) ||
      a.contract.reference.localeCompare(b.contract.reference) ||
      questionOrder(a.question.id) - questionOrder(b.question.id),
  );
  const counts = Object.fromEntries(QUESTION_STANDINGS.map((s) => [s, 0])) as Record<QuestionStanding, number>;
  for (const r of rows) counts[r.standing] += 1;
  const wanted = f.status?.length ? new Set(f.status) : null;
  return { rows: wanted ? rows.filter((r) => wanted.has(r.standing)) : rows, counts, contracts: contracts.length, periods };
}

export async function getTeamQuestions(ctx: ServiceContext, team: Team, q: TeamQueryInput, clock: Clock = {}): Promise<TeamQuestionsDto> {
  const today = todayUtc(clock.now);
  const { rows, counts, contracts, periods } = await teamRows(ctx, team, q, today);
  const start = (q.page - 1) * q.pageSize;
  return {
    team: { id: team, label: TEAM_LABELS[team], reviewPeriodDays: periods[team] },
    currentRound: round(roundOf(today)),
    counts,
    contracts,
    items: rows.slice(start, start + q.pageSize),
    total: rows.length,
    page: q.page,
    pageSize: q.pageSize,
  };
}

const CSV_HEADER = [
  'Contract reference',
  'Contract title',
  'Department',
  'Contract status',
  'Question id',
  'Theme',
  'Question',
  'Status',
  'Overdue',
  'Answer',
  'Owner',
  'Answered by',
  'Answered at',
  'Round',
];

/** The team's questions across its contracts as CSV (worst first), recording the export in the audit log. */
export async function exportTeamCsv(ctx: ServiceContext, team: Team, f: TeamFilterInput, clock: Clock = {}): Promise<string> {
  const today = todayUtc(clock.now);
  const { rows } = await teamRows(ctx, team, f, today);
  await recordAudit(ctx.db, ctx, {
    action: 'question.export',
    entityType: 'question_team',
    entityId: team,
    after: { filter: f, rows: rows.length },
  });
  const lines = [CSV_HEADER.map(csvCell).join(',')];
  for (const r of rows)
    lines.push(
      [
        r.contract.reference,
        r.contract.title,
        r.contract.department.name,
        r.contract.status,
        r.question.id,
        THEME_LABELS[r.question.theme],
        r.question.text,
        STANDING_LABELS[r.standing],
        r.overdue ? 'yes' : 'no',
        r.answer?.text ?? '',
        r.answer?.owner?.name ?? '',
        r.answer?.answeredBy?.name ?? '',
        r.answer?.answeredAt ?? '',
        r.answer?.round ?? '',
      ]
        .map(csvCell)
        .join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}
