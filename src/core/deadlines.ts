/** Deadline rules: reminder schedules and the deadlines a contract record itself produces. */
import { addDays, compareDates, daysBetween } from './dates.js';
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
