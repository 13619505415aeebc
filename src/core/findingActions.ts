/**
 * What people may do with a finding (acknowledge, snooze, reopen) and the health history a
 * contract page draws. Pure: the findings service applies these rules.
 */
import { addDays, compareDates, daysBetween } from './dates.js';
import type { FindingState } from './findings.js';

export const FINDING_ACTIONS = ['acknowledge', 'snooze', 'reopen'] as const;
export type FindingAction = (typeof FINDING_ACTIONS)[number];

/** The state a finding is in after an action. */
export const STATE_AFTER: Record<FindingAction, FindingState> = { acknowledge: 'acknowledged', snooze: 'snoozed', reopen: 'open' };

/** The longest snooze: a finding must come back within a year. */
export const MAX_SNOOZE_DAYS = 366;

/**
 * Why an action is not possible in a state, as a plain sentence, or null when it is.
 * Resolved findings belong to the rules: they reopen by themselves when the rule fires again.
 * Acknowledging or snoozing again replaces the note (or the date); reopening needs something to undo.
 */
export function findingActionProblem(state: FindingState, action: FindingAction): string | null {
  if (state === 'resolved')
    return action === 'reopen'
      ? 'This finding is resolved: the check no longer reports it. It reopens by itself if the check reports it again.'
      : `This finding is resolved: the check no longer reports it, so there is nothing to ${action === 'acknowledge' ? 'acknowledge' : 'snooze'}.`;
  if (action === 'reopen' && state === 'open') return 'This finding is already open.';
  return null;
}

/** Why a snooze end date is not acceptable, or null: it must be after today and at most a year ahead. */
export function snoozeProblem(until: string, today: string): string | null {
  if (compareDates(until, today) <= 0) return 'must be a date after today';
  if (daysBetween(today, until) > MAX_SNOOZE_DAYS)
    return `must be within ${MAX_SNOOZE_DAYS} days from today (by ${addDays(today, MAX_SNOOZE_DAYS)})`;
  return null;
}

export interface HealthPoint {
  day: string;
  score: number;
  openCritical: number;
  openWarning: number;
  openInfo: number;
}

/**
 * One point per day from `from` (or the first recorded day, if later) to `to`: a contract's score
 * holds until it is next recorded, so days without a record carry the last one forward. Days
 * before the first record are left out (there is nothing to say about them); records outside the
 * window only seed the carry.
 */
export function fillHealthHistory(recorded: readonly HealthPoint[], from: string, to: string): HealthPoint[] {
  const sorted = [...recorded].sort((a, b) => compareDates(a.day, b.day));
  const out: HealthPoint[] = [];
  let i = 0;
  let last: HealthPoint | null = null;
  while (i < sorted.length && compareDates(sorted[i].day, from) < 0) last = sorted[i++];
  for (let day = from; compareDates(day, to) <= 0; day = addDays(day, 1)) {
    while (i < sorted.length && compareDates(sorted[i].day, day) <= 0) last = sorted[i++];
    if (last) out.push({ ...last, day });
  }
  return out;
}
