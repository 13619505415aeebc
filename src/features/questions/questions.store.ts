/** SQL for key-question answers (question_answers) and the teams' review periods (team_settings). */
import { sql } from 'kysely';
import { DEFAULT_REVIEW_PERIOD_DAYS, roundLabel } from '../../core/questions.js';
import { TEAMS, type Team } from '../../core/teams.js';
import type { DbOrTx } from '../../db/database.js';
import type { AnswerDto } from './questions.schema.js';

export async function reviewPeriods(db: DbOrTx): Promise<Record<Team, number>> {
  const rows = await db.selectFrom('team_settings').select(['team', 'review_period_days']).execute();
  const out = Object.fromEntries(TEAMS.map((t) => [t, DEFAULT_REVIEW_PERIOD_DAYS])) as Record<Team, number>;
  for (const r of rows) if ((TEAMS as readonly string[]).includes(r.team)) out[r.team as Team] = r.review_period_days;
  return out;
}

const answerColumns = [
  'qa.id',
  'qa.contract_id',
  'qa.question_id',
  'qa.round',
  'qa.status',
  'qa.text',
  'qa.owner_user_id',
  'qa.answered_by',
  'qa.answered_at',
  'qa.version',
  'o.name as owner_name',
  'b.name as answered_by_name',
] as const;

function answersWithNames(db: DbOrTx) {
  return db
    .selectFrom('question_answers as qa')
    .leftJoin('users as o', 'o.id', 'qa.owner_user_id')
    .leftJoin('users as b', 'b.id', 'qa.answered_by')
    .select(answerColumns);
}
export type AnswerRow = Awaited<ReturnType<ReturnType<typeof answersWithNames>['executeTakeFirstOrThrow']>>;

export function toAnswer(r: AnswerRow): AnswerDto {
  return {
    id: r.id,
    status: r.status as AnswerDto['status'],
    text: r.text,
    owner: r.owner_user_id ? { id: r.owner_user_id, name: r.owner_name ?? 'Unknown user' } : null,
    answeredBy: r.answered_by ? { id: r.answered_by, name: r.answered_by_name ?? 'Unknown user' } : null,
    answeredAt: r.answered_at.toISOString(),
    round: r.round,
    roundLabel: roundLabel(r.round),
    version: r.version,
  };
}

/** Every answer of one contract, newest round first. */
export async function contractAnswers(db: DbOrTx, contractId: string): Promise<AnswerRow[]> {
  return answersWithNames(db).where('qa.contract_id', '=', contractId).orderBy('qa.question_id').orderBy('qa.round', 'desc').execute();
}

export async function findAnswer(
  db: DbOrTx,
  contractId: string,
  questionId: string,
  round: string,
  forUpdate = false,
): Promise<AnswerRow | null> {
  let q = answersWithNames(db)
    .where('qa.contract_id', '=', contractId)
    .where('qa.question_id', '=', questionId)
    .where('qa.round', '=', round);
  if (forUpdate) q = q.forUpdate('qa' as never);
  return (await q.executeTakeFirst()) ?? null;
}

export async function answerById(db: DbOrTx, id: string): Promise<AnswerRow> {
  return answersWithNames(db).where('qa.id', '=', id).executeTakeFirstOrThrow();
}

/** The latest answer (by round) of each of these questions on each of these contracts. */
export async function latestAnswers(db: DbOrTx, contractIds: string[], questionIds: string[]): Promise<AnswerRow[]> {
  if (!contractIds.length || !questionIds.length) return [];
  return answersWithNames(db)
    .distinctOn(['qa.contract_id', 'qa.question_id'])
    .where('qa.contract_id', 'in', contractIds)
    .where('qa.question_id', 'in', questionIds)
    .orderBy('qa.contract_id')
    .orderBy('qa.question_id')
    .orderBy('qa.round', 'desc')
    .execute();
}

/** Day (UTC) of each question's last answer on a contract, in any round. */
export async function lastAnsweredDays(db: DbOrTx, contractIds: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  if (!contractIds.length) return out;
  const rows = await db
    .selectFrom('question_answers')
    .select(['contract_id', 'question_id', sql<string>`to_char(max(answered_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`.as('day')])
    .where('contract_id', 'in', contractIds)
    .groupBy(['contract_id', 'question_id'])
    .execute();
  for (const r of rows) {
    const m = out.get(r.contract_id) ?? {};
    m[r.question_id] = r.day;
    out.set(r.contract_id, m);
  }
  return out;
}

/** Active users who could be named owners of answers, with what decides it. */
export async function ownerCandidates(db: DbOrTx): Promise<{ id: string; name: string; role: string; department_id: string | null }[]> {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'department_id'])
    .where('disabled_at', 'is', null)
    .where('role', 'in', ['procurement', 'buyer', 'it_data'])
    .orderBy('name')
    .execute();
}
