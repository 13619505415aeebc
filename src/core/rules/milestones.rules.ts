/** Rules over a contract's milestones, deliverables and their testing and acceptance. */
import { addDays, compareDates, daysBetween } from '../dates.js';
import type { FindingSpec } from '../findings.js';
import { type MilestoneStatus, acceptanceDecisionDue, isOverdue, lateInWindow } from '../milestones.js';
import type { Rule } from './rule.js';

export interface MilestoneRuleFacts {
  id: string;
  title: string;
  dueDate: string;
  status: MilestoneStatus;
  metDate: string | null;
}

export interface DeliverableRuleFacts {
  id: string;
  title: string;
  milestoneId: string | null;
  dueDate: string;
  deliveredDate: string | null;
  decision: 'pending' | 'accepted' | 'rejected' | 'accepted_with_conditions';
  disputed: boolean;
  acceptancePeriodDays: number | null;
  hasTestPlan: boolean;
  /** A tester (person) is named on the test plan. */
  hasResponsible: boolean;
  /** Whether the latest evaluation run passed; null when there is none. */
  latestRunPassed: boolean | null;
  latestRunDate: string | null;
}

export interface MilestonesFacts {
  contractId: string;
  rulePack: string;
  milestones: MilestoneRuleFacts[];
  deliverables: DeliverableRuleFacts[];
}

/** Days before a milestone's due date from which undelivered deliverables are a finding. */
export const DUE_SOON_DAYS = 14;
/** Days before a deliverable's due date by which it needs a test plan and a responsible person. */
export const TEST_PLAN_HORIZON_DAYS = 30;
/** Days before the acceptance decision due date from which an undecided deliverable is a finding. */
export const ACCEPTANCE_WARNING_DAYS = 3;
/** Late milestones met in this window… */
export const SLIP_WINDOW_DAYS = 90;
/** …at least this many times make a pattern. */
export const REPEATED_SLIP_COUNT = 2;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const milestoneOverdue: Rule<MilestonesFacts> = {
  id: 'milestones.overdue',
  title: 'Milestone overdue',
  description: 'A milestone passed its due date without being met. Ask the vendor for a recovery plan and record the new expectation.',
  evaluate(f, today) {
    return f.milestones
      .filter((m) => isOverdue(m, today))
      .map((m) => {
        const late = daysBetween(m.dueDate, today);
        return {
          ruleId: this.id,
          subject: `milestone:${m.id}`,
          severity: late > DUE_SOON_DAYS ? 'critical' : 'warning',
          ownerTeam: 'buyer',
          title: `Milestone "${m.title}" is ${plural(late, 'day')} overdue`,
          evidence: { numbers: { daysLate: late, dueDate: m.dueDate } },
        } satisfies FindingSpec;
      });
  },
};

export const milestoneDueUndelivered: Rule<MilestonesFacts> = {
  id: 'milestones.due_soon_undelivered',
  title: 'Milestone due soon with deliverables not delivered',
  description: 'A milestone is due within 14 days and some of its deliverables have not been delivered. Check with the vendor now.',
  evaluate(f, today) {
    const out: FindingSpec[] = [];
    for (const m of f.milestones) {
      if (m.status === 'met') continue;
      const left = daysBetween(today, m.dueDate);
      if (left < 0 || left > DUE_SOON_DAYS) continue;
      const pending = f.deliverables.filter((d) => d.milestoneId === m.id && !d.deliveredDate);
      if (!pending.length) continue;
      out.push({
        ruleId: this.id,
        subject: `milestone:${m.id}`,
        severity: 'warning',
        ownerTeam: 'buyer',
        title: `Milestone "${m.title}" is due in ${plural(left, 'day')} with ${plural(pending.length, 'deliverable')} not delivered`,
        evidence: { numbers: { daysLeft: left, undelivered: pending.length }, text: pending.map((d) => d.title).join('; ') },
      });
    }
    return out;
  },
};

export const acceptanceDecisionDueRule: Rule<MilestonesFacts> = {
  id: 'milestones.acceptance_due',
  title: 'Acceptance decision due',
  description:
    'A delivered deliverable waits for the acceptance decision. Under us-far acceptance counts as made on the 7th day after delivery unless a dispute is recorded; decide, or record a dispute.',
  evaluate(f, today) {
    const out: FindingSpec[] = [];
    for (const d of f.deliverables) {
      if (!d.deliveredDate || d.decision !== 'pending' || d.disputed) continue;
      const due = acceptanceDecisionDue({
        rulePack: f.rulePack,
        deliveredDate: d.deliveredDate,
        acceptancePeriodDays: d.acceptancePeriodDays,
      });
      const left = daysBetween(today, due);
      if (left > ACCEPTANCE_WARNING_DAYS) continue;
      out.push({
        ruleId: this.id,
        subject: `deliverable:${d.id}`,
        severity: left < 0 ? 'critical' : 'warning',
        ownerTeam: 'buyer',
        title:
          left < 0
            ? `Acceptance period for "${d.title}" ended ${plural(-left, 'day')} ago with no decision`
            : `Acceptance decision on "${d.title}" due ${left === 0 ? 'today' : `in ${plural(left, 'day')}`}`,
        evidence: { numbers: { daysLeft: left, decisionDue: due, deliveredDate: d.deliveredDate } },
      });
    }
    return out;
  },
};

export const evaluationFailed: Rule<MilestonesFacts> = {
  id: 'milestones.evaluation_failed',
  title: 'Evaluation failed',
  description: 'The latest evaluation run of a deliverable did not meet its criteria. Do not accept it until a new run passes.',
  evaluate(f) {
    return f.deliverables
      .filter((d) => d.latestRunPassed === false && d.decision !== 'accepted' && d.decision !== 'accepted_with_conditions')
      .map((d) => ({
        ruleId: this.id,
        subject: `deliverable:${d.id}`,
        severity: 'warning' as const,
        ownerTeam: 'it_data' as const,
        title: `The latest evaluation of "${d.title}" failed`,
        evidence: { numbers: { runDate: d.latestRunDate ?? '' } },
      }));
  },
};

export const deliverableWithoutTestPlan: Rule<MilestonesFacts> = {
  id: 'milestones.no_test_plan',
  title: 'Deliverable without a test plan or responsible person',
  description: 'A deliverable is due within 30 days and nobody is named to test it, or it has no test plan. Name a tester and a method.',
  evaluate(f, today) {
    const out: FindingSpec[] = [];
    for (const d of f.deliverables) {
      if (d.deliveredDate || d.decision !== 'pending') continue;
      if (d.hasTestPlan && d.hasResponsible) continue;
      if (daysBetween(today, d.dueDate) > TEST_PLAN_HORIZON_DAYS) continue;
      out.push({
        ruleId: this.id,
        subject: `deliverable:${d.id}`,
        severity: compareDates(d.dueDate, today) <= 0 ? 'critical' : 'warning',
        ownerTeam: 'it_data',
        title: d.hasTestPlan ? `Nobody is responsible for testing "${d.title}"` : `"${d.title}" has no test plan`,
        evidence: { numbers: { dueDate: d.dueDate, daysLeft: daysBetween(today, d.dueDate) } },
      });
    }
    return out;
  },
};

export const repeatedSlips: Rule<MilestonesFacts> = {
  id: 'milestones.repeated_slips',
  title: 'Repeated milestone slips',
  description: 'Two or more milestones were met late in the last 90 days. Review the schedule and the vendor’s capacity.',
  evaluate(f, today) {
    const late = lateInWindow(f.milestones, today, SLIP_WINDOW_DAYS);
    if (late.length < REPEATED_SLIP_COUNT) return [];
    return [
      {
        ruleId: this.id,
        subject: '',
        severity: 'warning',
        ownerTeam: 'procurement',
        title: `${plural(late.length, 'milestone')} met late in the last ${SLIP_WINDOW_DAYS} days`,
        evidence: { numbers: { late: late.length, since: addDays(today, -SLIP_WINDOW_DAYS) } },
      },
    ];
  },
};

export const MILESTONE_RULES: Rule<MilestonesFacts>[] = [
  milestoneOverdue,
  milestoneDueUndelivered,
  acceptanceDecisionDueRule,
  evaluationFailed,
  deliverableWithoutTestPlan,
  repeatedSlips,
];
