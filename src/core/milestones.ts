/**
 * Milestones, deliverables and acceptance: the pure rules. Acceptance periods per rule pack,
 * slips, evaluation thresholds and the evidence figures for the key questions
 * "Is the vendor meeting our milestones?" and "How will we test and evaluate deliverables…?".
 */
import { addDays, compareDates, daysBetween } from './dates.js';

/** OCDS 1.1 milestoneType codes Steward uses for contract implementation. */
export const MILESTONE_TYPES = ['delivery', 'reporting', 'payment', 'approval', 'assessment', 'engagement', 'financing'] as const;
export type MilestoneType = (typeof MILESTONE_TYPES)[number];

/** OCDS 1.1 milestoneStatus codes. */
export const MILESTONE_STATUSES = ['scheduled', 'met', 'notMet', 'partiallyMet'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

/** Days after delivery on which acceptance is deemed made under us-far unless accepted earlier or disputed. */
export const US_FAR_CONSTRUCTIVE_ACCEPTANCE_DAYS = 7;
/** The acceptance period other rule packs use unless the contract sets its own. */
export const DEFAULT_ACCEPTANCE_PERIOD_DAYS = 30;

export interface AcceptanceFacts {
  rulePack: string;
  deliveredDate: string;
  /** The buyer's actual acceptance, if recorded. */
  acceptedDate?: string | null;
  /** A dispute recorded before acceptance stops the constructive-acceptance clock. */
  disputed?: boolean;
  /** The contract's own acceptance period (packs other than us-far). */
  acceptancePeriodDays?: number | null;
}

/** The last day on which the buyer should decide whether to accept a delivered deliverable. */
export function acceptanceDecisionDue(f: AcceptanceFacts): string {
  const days = f.rulePack === 'us-far' ? US_FAR_CONSTRUCTIVE_ACCEPTANCE_DAYS : (f.acceptancePeriodDays ?? DEFAULT_ACCEPTANCE_PERIOD_DAYS);
  return addDays(f.deliveredDate, days);
}

/**
 * The date acceptance counts as made, or null while it is not made. us-far: the actual acceptance
 * if earlier, otherwise constructively on the 7th day after delivery unless a dispute was
 * recorded; other packs: only an actual acceptance counts.
 */
export function effectiveAcceptanceDate(f: AcceptanceFacts, today: string): string | null {
  if (f.rulePack === 'us-far') {
    const constructive = addDays(f.deliveredDate, US_FAR_CONSTRUCTIVE_ACCEPTANCE_DAYS);
    if (f.acceptedDate && compareDates(f.acceptedDate, constructive) <= 0) return f.acceptedDate;
    if (f.disputed) return f.acceptedDate ?? null;
    if (compareDates(today, constructive) >= 0) return constructive;
    return f.acceptedDate ?? null;
  }
  return f.acceptedDate ?? null;
}

/** Days a milestone was met after its due date (0 when on time or early). */
export function slipDays(dueDate: string, metDate: string): number {
  return Math.max(0, daysBetween(dueDate, metDate));
}

export interface MilestoneFacts {
  dueDate: string;
  status: MilestoneStatus;
  metDate: string | null;
}

/** Whether a milestone is overdue on `today`: not met (or only partly) and past its due date. */
export function isOverdue(m: MilestoneFacts, today: string): boolean {
  return m.status !== 'met' && compareDates(m.dueDate, today) < 0;
}

/** Milestones met late whose met date falls in the `windowDays` before `today` (repeated slips). */
export function lateInWindow(ms: readonly MilestoneFacts[], today: string, windowDays = 90): MilestoneFacts[] {
  const from = addDays(today, -windowDays);
  return ms.filter(
    (m) =>
      m.status === 'met' &&
      m.metDate &&
      slipDays(m.dueDate, m.metDate) > 0 &&
      compareDates(m.metDate, from) >= 0 &&
      compareDates(m.metDate, today) <= 0,
  );
}

export interface MilestoneEvidence {
  /** Share of met milestones met on or before their due date, 0–1; null when none is met yet. */
  onTimeRate: number | null;
  overdue: number;
  /** Average days late over late milestones; null when none was late. */
  averageSlipDays: number | null;
}

/** The figures the milestones capability shows under "Is the vendor meeting our milestones?". */
export function milestoneEvidence(ms: readonly MilestoneFacts[], today: string): MilestoneEvidence {
  const met = ms.filter((m) => m.status === 'met' && m.metDate);
  const slips = met.map((m) => slipDays(m.dueDate, m.metDate as string));
  const late = slips.filter((s) => s > 0);
  return {
    onTimeRate: met.length ? (met.length - late.length) / met.length : null,
    overdue: ms.filter((m) => isOverdue(m, today)).length,
    averageSlipDays: late.length ? late.reduce((a, b) => a + b, 0) / late.length : null,
  };
}

export const THRESHOLD_DIRECTIONS = ['at_least', 'at_most'] as const;
export type ThresholdDirection = (typeof THRESHOLD_DIRECTIONS)[number];

/** Whether a measured value meets a numeric threshold (accuracy at least 0.9; word error rate at most 0.1). */
export function meetsThreshold(value: number, threshold: number, direction: ThresholdDirection): boolean {
  if (!Number.isFinite(value) || !Number.isFinite(threshold)) return false;
  return direction === 'at_least' ? value >= threshold : value <= threshold;
}

export interface ScoredCriterion {
  name: string;
  threshold: number | null;
  direction: ThresholdDirection | null;
}
export interface MeasuredResult {
  criterion: string;
  value: number | null;
  passed: boolean | null;
}
export interface ScoredResult {
  criterion: string;
  value: number | null;
  passed: boolean;
}

/**
 * Score an evaluation run against the plan's criteria: a criterion with a numeric threshold and
 * a direction passes when its measured value meets it (the tester's own pass/fail is ignored); a
 * criterion without one takes the tester's pass or fail. The run passes when every criterion does.
 * Otherwise returns field errors (keyed like the request: `results.N.value`) when a result is missing,
 * names no criterion, or lacks the value or verdict its criterion needs.
 */
export function scoreRun(
  criteria: readonly ScoredCriterion[],
  results: readonly MeasuredResult[],
): { ok: true; results: ScoredResult[]; passed: boolean } | { ok: false; errors: Record<string, string> } {
  const e: Record<string, string> = {};
  const byName = new Map(results.map((r, i) => [r.criterion, { r, i }]));
  results.forEach((r, i) => {
    if (!criteria.some((k) => k.name === r.criterion)) e[`results.${i}.criterion`] = 'is not a criterion of the test plan';
  });
  const out: ScoredResult[] = [];
  for (const k of criteria) {
    const hit = byName.get(k.name);
    if (!hit) {
      e.results = `give a result for every criterion (missing: ${k.name})`;
      continue;
    }
    if (k.threshold !== null && k.direction) {
      if (hit.r.value === null) {
        e[`results.${hit.i}.value`] = 'is required: this criterion has a numeric threshold';
        continue;
      }
      out.push({ criterion: k.name, value: hit.r.value, passed: meetsThreshold(hit.r.value, k.threshold, k.direction) });
    } else {
      if (hit.r.passed === null) {
        e[`results.${hit.i}.passed`] = 'is required: say whether this criterion passed';
        continue;
      }
      out.push({ criterion: k.name, value: hit.r.value, passed: hit.r.passed });
    }
  }
  if (Object.keys(e).length) return { ok: false, errors: e };
  return { ok: true, results: out, passed: out.every((r) => r.passed) };
}
