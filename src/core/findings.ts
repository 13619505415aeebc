/** Findings: what a rule reports, how runs are reconciled with stored findings, and the health score. */
import { compareDates } from './dates.js';
import type { Team } from './teams.js';

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const FINDING_STATES = ['open', 'acknowledged', 'snoozed', 'resolved'] as const;
export type FindingState = (typeof FINDING_STATES)[number];

export interface Evidence {
  numbers?: Record<string, string | number>;
  links?: { label: string; href: string }[];
  text?: string;
}

/** What a rule reports when it fires: one per rule and subject. */
export interface FindingSpec {
  ruleId: string;
  /** What the finding is about within the contract (e.g. "team:it_data"); "" for the contract itself. */
  subject: string;
  severity: Severity;
  ownerTeam: Team;
  title: string;
  evidence: Evidence;
}

export interface StoredFinding {
  id: string;
  ruleId: string;
  subject: string;
  state: FindingState;
  snoozedUntil: string | null;
}

export interface Reconciliation {
  create: FindingSpec[];
  /** Still firing: refresh last-seen, severity, title and evidence; reopen if it was resolved or its snooze ended. */
  refresh: { id: string; spec: FindingSpec; nextState: FindingState }[];
  /** No longer firing: resolve. */
  resolve: string[];
}

const keyOf = (ruleId: string, subject: string) => `${ruleId}\u0000${subject}`;

/**
 * Reconcile one run of the rules for a contract with its stored findings: one finding per rule
 * and subject, ever (a finding that fires again is reopened, not duplicated); acknowledged
 * findings stay acknowledged while they fire; snoozed ones wake up when the snooze ends.
 */
export function reconcileFindings(stored: readonly StoredFinding[], fired: readonly FindingSpec[], today: string): Reconciliation {
  const byKey = new Map(stored.map((s) => [keyOf(s.ruleId, s.subject), s]));
  const seen = new Set<string>();
  const out: Reconciliation = { create: [], refresh: [], resolve: [] };
  for (const spec of fired) {
    const k = keyOf(spec.ruleId, spec.subject);
    if (seen.has(k)) continue;
    seen.add(k);
    const s = byKey.get(k);
    if (!s) {
      out.create.push(spec);
      continue;
    }
    let nextState: FindingState = s.state;
    if (s.state === 'resolved') nextState = 'open';
    if (s.state === 'snoozed' && (!s.snoozedUntil || compareDates(s.snoozedUntil, today) <= 0)) nextState = 'open';
    out.refresh.push({ id: s.id, spec, nextState });
  }
  for (const s of stored) if (s.state !== 'resolved' && !seen.has(keyOf(s.ruleId, s.subject))) out.resolve.push(s.id);
  return out;
}

/** Points a finding takes off the health score, by severity. */
export const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 25, warning: 10, info: 2 };

/**
 * Most points one rule can take off, however many subjects it fires for: a rule that reports
 * twenty unanswered questions says one thing (the questions are not being answered), and must not
 * by itself sink every contract to 0 and drown what the other rules say.
 */
export const MAX_RULE_PENALTY = 30;

/**
 * Contract health, 0–100: 100 minus the weight of each finding that needs attention — full
 * weight when open, half when acknowledged (someone owns it), none while snoozed or resolved —
 * with each rule's findings together taking off at most MAX_RULE_PENALTY points. Findings without
 * a rule id count on their own.
 */
export function healthScore(findings: readonly { severity: Severity; state: FindingState; ruleId?: string }[]): number {
  const byRule = new Map<string, number>();
  let own = 0;
  for (const f of findings) {
    const w = f.state === 'open' ? SEVERITY_WEIGHT[f.severity] : f.state === 'acknowledged' ? SEVERITY_WEIGHT[f.severity] / 2 : 0;
    if (f.ruleId === undefined) own += w;
    else byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + w);
  }
  let penalty = own;
  for (const p of byRule.values()) penalty += Math.min(p, MAX_RULE_PENALTY);
  return Math.max(0, Math.round(100 - penalty));
}

/** A band for a health score, for colours and filters. */
export function healthBand(score: number): 'good' | 'fair' | 'poor' {
  return score >= 80 ? 'good' : score >= 50 ? 'fair' : 'poor';
}
