/**
 * The contract-management key questions, with the objectives above them, from the chapter
 * "Contract management for AI technology" of the Open Contracting Partnership's guide
 * Buying AI (CC BY 4.0). Ids are stable: answers refer to them.
 */
import { compareDates, daysBetween } from './dates.js';
import { type Actor, type ContractScopeFacts, type Decision, decideContractAction, scopeFor } from './policy.js';
import type { Team } from './teams.js';

export const THEMES = ['operational', 'innovation'] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_LABELS: Record<Theme, string> = {
  operational: 'Operational considerations',
  innovation: 'Innovation and scalability',
};

export const OBJECTIVES = [
  { id: 'scope', group: 'procurement', text: 'Manage contract scope' },
  { id: 'payment', group: 'procurement', text: 'Ensure prompt payment' },
  { id: 'implement', group: 'organizational', text: 'Implement and refine the AI solution' },
  { id: 'adoption', group: 'organizational', text: 'Conduct change management and train staff to support solution adoption and scaling' },
  { id: 'decommissioning', group: 'organizational', text: 'Prepare for decommissioning' },
] as const;
export type ObjectiveId = (typeof OBJECTIVES)[number]['id'];

export interface KeyQuestion {
  id: string;
  team: Team;
  theme: Theme;
  text: string;
  objectives: ObjectiveId[];
}

export const KEY_QUESTIONS: readonly KeyQuestion[] = [
  {
    id: 'procurement.milestones',
    team: 'procurement',
    theme: 'operational',
    text: 'Is the vendor meeting our milestones?',
    objectives: ['scope', 'implement'],
  },
  {
    id: 'procurement.timely_payment',
    team: 'procurement',
    theme: 'operational',
    text: 'Are we paying the vendor in a timely manner?',
    objectives: ['payment'],
  },
  {
    id: 'procurement.flexibility',
    team: 'procurement',
    theme: 'operational',
    text: 'Is the contract flexible enough to allow for modifications should the vendor develop newer, better models that can be deployed in the government system?',
    objectives: ['scope', 'implement'],
  },
  {
    id: 'procurement.change_order',
    team: 'procurement',
    theme: 'operational',
    text: 'Do we need to issue a change order?',
    objectives: ['scope'],
  },
  {
    id: 'procurement.scaling',
    team: 'procurement',
    theme: 'innovation',
    text: 'How will we support scaling what works, while allowing flexibility for departments to innovate?',
    objectives: ['adoption'],
  },
  {
    id: 'procurement.knowledge_sharing',
    team: 'procurement',
    theme: 'innovation',
    text: 'What structures will support knowledge sharing and solution reuse across teams or regions?',
    objectives: ['adoption'],
  },
  {
    id: 'procurement.market_awareness',
    team: 'procurement',
    theme: 'innovation',
    text: 'How will we stay informed about AI capabilities and vendor offerings?',
    objectives: ['implement', 'decommissioning'],
  },
  {
    id: 'buyer.training',
    team: 'buyer',
    theme: 'operational',
    text: 'What training and support will we offer to end users, especially in high-risk or public-facing roles?',
    objectives: ['adoption'],
  },
  {
    id: 'buyer.testing',
    team: 'buyer',
    theme: 'operational',
    text: 'How will we test and evaluate deliverables during the development or implementation phase? Who will be responsible for these activities?',
    objectives: ['implement'],
  },
  {
    id: 'buyer.model_updates',
    team: 'buyer',
    theme: 'operational',
    text: "How will we stay informed about updates to the models we are using and any changes in our solution's capacity?",
    objectives: ['implement'],
  },
  {
    id: 'buyer.satisfaction',
    team: 'buyer',
    theme: 'operational',
    text: 'How satisfied are users?',
    objectives: ['adoption', 'implement'],
  },
  {
    id: 'buyer.learnings',
    team: 'buyer',
    theme: 'operational',
    text: 'How will we document and share AI learnings and best practices across the organization?',
    objectives: ['adoption'],
  },
  {
    id: 'buyer.payment_model',
    team: 'buyer',
    theme: 'operational',
    text: 'Is the payment model working out as expected?',
    objectives: ['payment', 'scope'],
  },
  {
    id: 'buyer.safe_experimentation',
    team: 'buyer',
    theme: 'innovation',
    text: 'How will we enable safe experimentation (e.g., pilots, sandboxes) while maintaining appropriate controls?',
    objectives: ['implement', 'adoption'],
  },
  {
    id: 'buyer.community',
    team: 'buyer',
    theme: 'innovation',
    text: 'How will we engage with the wider public sector, academic, or civic tech community to share best practices, create spaces for reflection and learning, or co-develop tools?',
    objectives: ['adoption'],
  },
  {
    id: 'it_data.pilot_frameworks',
    team: 'it_data',
    theme: 'innovation',
    text: 'What frameworks will we use to evaluate, iterate on, and scale successful AI pilots?',
    objectives: ['implement', 'adoption'],
  },
  {
    id: 'it_data.interoperability',
    team: 'it_data',
    theme: 'innovation',
    text: 'How can we support interoperability between different AI platforms or ecosystems over time?',
    objectives: ['implement', 'decommissioning'],
  },
  {
    id: 'it_data.improvement',
    team: 'it_data',
    theme: 'innovation',
    text: 'Is there room for improvement in the solution? What could have been done differently?',
    objectives: ['implement', 'decommissioning'],
  },
];

export const ANSWER_STATUSES = ['on_track', 'at_risk', 'off_track', 'not_applicable'] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

/** Sort weight for "worst first": off track, at risk, unanswered, on track, not applicable. */
export function answerSeverity(status: AnswerStatus | null): number {
  switch (status) {
    case 'off_track':
      return 4;
    case 'at_risk':
      return 3;
    case null:
      return 2;
    case 'on_track':
      return 1;
    default:
      return 0;
  }
}

export function questionById(id: string): KeyQuestion | undefined {
  return KEY_QUESTIONS.find((q) => q.id === id);
}

export const ANSWER_STATUS_LABELS: Record<AnswerStatus, string> = {
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  not_applicable: 'Not applicable',
};

/** A question's standing on a contract: its latest answer's status, or unanswered. */
export const QUESTION_STANDINGS = ['off_track', 'at_risk', 'unanswered', 'on_track', 'not_applicable'] as const;
export type QuestionStanding = (typeof QUESTION_STANDINGS)[number];
export const STANDING_LABELS: Record<QuestionStanding, string> = { ...ANSWER_STATUS_LABELS, unanswered: 'Unanswered' };

/** Sentence shown for a question no capability informs yet. */
export const NO_EVIDENCE_TEXT = 'No evidence is available for this question yet.';

/** Review period of a team without its own setting. */
export const DEFAULT_REVIEW_PERIOD_DAYS = 90;

// ---------------------------------------------------------------------------------------------
// Review rounds: calendar quarters, named "2026-Q4". Names sort in time order.

const ROUND_RE = /^(\d{4})-Q([1-4])$/;

/** Whether a string names a review round ("2026-Q4"). */
export function isRound(value: string): boolean {
  const m = ROUND_RE.exec(value);
  return !!m && Number(m[1]) >= 1900 && Number(m[1]) <= 2200;
}

/** The review round (calendar quarter) a YYYY-MM-DD date falls in. */
export function roundOf(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** Compare two rounds in time order (their names sort lexically in time order). */
export function compareRounds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** First and last day of a round. */
export function roundBounds(round: string): { start: string; end: string } {
  const m = ROUND_RE.exec(round);
  if (!m) throw new Error(`not a review round: ${round}`);
  const y = Number(m[1]);
  const q = Number(m[2]);
  const startMonth = (q - 1) * 3 + 1;
  const endMonth = startMonth + 2;
  const lastDay = new Date(Date.UTC(y, endMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { start: `${y}-${pad(startMonth)}-01`, end: `${y}-${pad(endMonth)}-${pad(lastDay)}` };
}

/** The round before a round ("2026-Q1" → "2025-Q4"). */
export function previousRound(round: string): string {
  const m = ROUND_RE.exec(round);
  if (!m) throw new Error(`not a review round: ${round}`);
  const y = Number(m[1]);
  const q = Number(m[2]);
  return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
}

/** "2026-Q4" → "Q4 2026", for people. */
export function roundLabel(round: string): string {
  const m = ROUND_RE.exec(round);
  return m ? `Q${m[2]} ${m[1]}` : round;
}

/** Why a round cannot take an answer on a contract today, or null when it can. */
export function roundProblem(round: string, today: string, contractStart: string): string | null {
  if (!isRound(round)) return 'must be a review round such as 2026-Q4';
  if (compareRounds(round, roundOf(today)) > 0) return 'cannot be a future review round';
  if (compareRounds(round, roundOf(contractStart)) < 0) return 'is before the contract started';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Who answers which question.

/** The team a role belongs to, for answering its questions (null: the role answers none of its own). */
export function teamOfRole(role: string): Team | null {
  return role === 'procurement' || role === 'buyer' || role === 'it_data' ? role : null;
}

/**
 * Whether an actor may answer a team's question on a contract: procurement answers any team's
 * questions on any contract; buyers answer buyer questions and IT & data users IT and data
 * questions, on their own department's contracts. Hidden (404) when the contract is not
 * visible, forbidden (403) otherwise.
 */
export function decideAnswer(actor: Actor, team: Team, c: ContractScopeFacts): Decision {
  const d = decideContractAction(actor, 'question.answer', c);
  if (d !== 'allow') return d;
  if (scopeFor(actor, 'question.answer') === 'all') return 'allow';
  return teamOfRole(actor.role) === team ? 'allow' : 'forbidden';
}

/** Whether a user may be named as the owner of a team's answer on a contract of a department. */
export function canOwnAnswer(
  user: { role: string; departmentId: string | null; active: boolean },
  team: Team,
  contractDepartmentId: string,
): boolean {
  if (!user.active) return false;
  if (user.role === 'procurement') return true;
  return teamOfRole(user.role) === team && user.departmentId === contractDepartmentId;
}

/**
 * Which team pages an actor may open: roles that read questions everywhere (procurement,
 * auditors) any team; department roles their own team's page.
 */
export function canViewTeamPage(actor: Actor, team: Team): boolean {
  const scope = scopeFor(actor, 'question.read');
  if (scope === 'all') return true;
  if (scope === 'department') return teamOfRole(actor.role) === team;
  return false;
}

// ---------------------------------------------------------------------------------------------
// "Unanswered too long".

/**
 * Days a question has gone without an answer, counted from the later of the contract's start
 * and its last answer (in any round); negative before the contract starts.
 */
export function daysWithoutAnswer(contractStart: string, lastAnswered: string | null, today: string): number {
  const from = lastAnswered && compareDates(lastAnswered, contractStart) > 0 ? lastAnswered : contractStart;
  return daysBetween(from, today);
}

/** Whether a question has gone without an answer for longer than its team's review period. */
export function isOverdue(contractStart: string, lastAnswered: string | null, today: string, reviewPeriodDays: number): boolean {
  return daysWithoutAnswer(contractStart, lastAnswered, today) > reviewPeriodDays;
}

/** The standing of a question from its latest answer. */
export function standingOf(status: AnswerStatus | null): QuestionStanding {
  return status ?? 'unanswered';
}

/** Catalogue order of a question id (for stable sorting within a status). */
export function questionOrder(id: string): number {
  const i = KEY_QUESTIONS.findIndex((q) => q.id === id);
  return i < 0 ? KEY_QUESTIONS.length : i;
}

export const OBJECTIVE_GROUP_LABELS: Record<(typeof OBJECTIVES)[number]['group'], string> = {
  procurement: 'Procurement objectives',
  organizational: 'Organizational objectives',
};
