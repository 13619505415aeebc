/** Deadline rules: reminder schedules and the deadlines a contract record itself produces. */
import { addDays, compareDates, daysBetween } from './dates.js';
import { type Actor, type ContractScopeFacts, type Decision, canSeeContract, decideContractAction, scopeFor } from './policy.js';
import type { Team } from './teams.js';

export const DEADLINE_STATES = ['open', 'done', 'waived'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

/** Default reminder lead times in days before the due date (0 = on the day). */
export const DEFAULT_LEAD_DAYS = [30, 7, 1, 0] as const;

/** Days before an option period starts by which the decision to exercise it is due. */
export const OPTION_NOTICE_DAYS = 60;

export interface DeadlineSpec {
  /** Stable within its source, so re-deriving updates the same deadline instead of adding one. */
  key: string;
  kind: string;
  title: string;
  dueDate: string;
  ownerTeam: Team;
}

/** Normalise a list of lead times: whole days 0–365, unique, largest first. */
export function normaliseLeadDays(days: readonly number[]): number[] {
  return [...new Set(days.filter((d) => Number.isInteger(d) && d >= 0 && d <= 365))].sort((a, b) => b - a);
}

/**
 * The reminder (by lead time) that should go out on `today` for a deadline, or null. When
 * reminders were missed (the server was down), only the most recent missed one is sent, never
 * a burst of stale ones; nothing is sent after the due date or twice for the same lead time.
 */
export function reminderDue(dueDate: string, leadDays: readonly number[], today: string, alreadySent: readonly number[]): number | null {
  const left = daysBetween(today, dueDate);
  if (left < 0) return null;
  const eligible = normaliseLeadDays(leadDays).filter((d) => d >= left);
  if (eligible.length === 0) return null;
  const latest = eligible[eligible.length - 1];
  if (alreadySent.some((s) => s <= latest)) return null;
  return latest;
}

export interface ContractDeadlineFacts {
  status: string;
  endDate: string;
  options: { description: string; startDate: string; endDate: string }[];
  renewalDecision: string;
}

/** Deadlines derived from the contract record: its end, and a decision date before each option period. */
export function contractDeadlines(c: ContractDeadlineFacts): DeadlineSpec[] {
  if (c.status !== 'active' && c.status !== 'suspended' && c.status !== 'draft') return [];
  const out: DeadlineSpec[] = [{ key: 'end', kind: 'contract_end', title: 'Contract ends', dueDate: c.endDate, ownerTeam: 'procurement' }];
  const undecided = c.renewalDecision === 'undecided';
  c.options.forEach((o, i) => {
    if (!undecided) return;
    out.push({
      key: `option-${i}-${o.startDate}`,
      kind: 'option_window',
      title: `Decide whether to exercise ${o.description || `option ${i + 1}`}`,
      dueDate: addDays(o.startDate, -OPTION_NOTICE_DAYS),
      ownerTeam: 'procurement',
    });
  });
  return out.sort((a, b) => compareDates(a.dueDate, b.dueDate));
}

/** Labels for the deadline kinds the contract record produces; capabilities may name their own when they register. */
export const DEADLINE_KIND_LABELS: Record<string, string> = {
  contract_end: 'Contract end',
  option_window: 'Option decision',
};

/** A kind's label: the known one, or the kind written as words ("security_review" → "Security review"). */
export function deadlineKindLabel(kind: string, known: Record<string, string> = DEADLINE_KIND_LABELS): string {
  if (known[kind]) return known[kind];
  const words = kind.replace(/[_.-]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : kind;
}

/** The team an actor works in, for deadlines owned by a team (procurement, buyer, IT & data). */
export function teamOfRole(role: Actor['role']): Team | null {
  return role === 'procurement' || role === 'buyer' || role === 'it_data' ? role : null;
}

/**
 * Whether an actor may mark a deadline done, waive it or reopen it. Whoever may update the
 * contract may; beyond that, `deadline.update` at department scope lets a team act on the
 * deadlines it owns on its own department's contracts (IT & data close their technical
 * deadlines without being able to edit the contract). Hidden when the contract is not visible.
 */
export function decideDeadlineUpdate(actor: Actor, contract: ContractScopeFacts, ownerTeam: string): Decision {
  if (!canSeeContract(actor, contract)) return 'hidden';
  const scope = scopeFor(actor, 'deadline.update');
  if (scope === null) return 'forbidden';
  if (decideContractAction(actor, 'contract.update', contract) === 'allow') return 'allow';
  if (scope === 'all') return 'allow';
  if (scope === 'department' && contract.departmentId === actor.departmentId && teamOfRole(actor.role) === ownerTeam) return 'allow';
  return 'forbidden';
}

/** Whether a change of state is allowed: open → done or waived (a waiver needs a reason), done or waived → open. */
export function deadlineTransitionProblem(from: DeadlineState, to: DeadlineState, reason: string | null | undefined): string | null {
  if (from === to)
    return from === 'open' ? 'This deadline is already open.' : `This deadline is already ${from === 'done' ? 'marked done' : 'waived'}.`;
  if (from !== 'open' && to !== 'open') return 'Reopen the deadline first.';
  if (to === 'waived' && !reason?.trim()) return 'Say why the deadline is waived.';
  return null;
}
