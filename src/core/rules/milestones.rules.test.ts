import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.js';
import {
  type DeliverableRuleFacts,
  type MilestoneRuleFacts,
  type MilestonesFacts,
  acceptanceDecisionDueRule,
  deliverableWithoutTestPlan,
  evaluationFailed,
  milestoneDueUndelivered,
  milestoneOverdue,
  repeatedSlips,
} from './milestones.rules.js';

const today = '2026-06-01';
const ms = (over: Partial<MilestoneRuleFacts> = {}): MilestoneRuleFacts => ({
  id: 'm1',
  title: 'Pilot',
  dueDate: addDays(today, 20),
  status: 'scheduled',
  metDate: null,
  ...over,
});
const dl = (over: Partial<DeliverableRuleFacts> = {}): DeliverableRuleFacts => ({
  id: 'd1',
  title: 'Model',
  milestoneId: 'm1',
  dueDate: addDays(today, 60),
  deliveredDate: null,
  decision: 'pending',
  disputed: false,
  acceptancePeriodDays: null,
  hasTestPlan: true,
  hasResponsible: true,
  latestRunPassed: null,
  latestRunDate: null,
  ...over,
});
const facts = (milestones: MilestoneRuleFacts[], deliverables: DeliverableRuleFacts[] = [], rulePack = 'us-far'): MilestonesFacts => ({
  contractId: 'c1',
  rulePack,
  milestones,
  deliverables,
});

describe('milestones.overdue', () => {
  it('fires for an unmet milestone past its due date, critical after 14 days', () => {
    expect(milestoneOverdue.evaluate(facts([ms({ dueDate: today })]), today)).toEqual([]);
    expect(milestoneOverdue.evaluate(facts([ms({ dueDate: addDays(today, -1) })]), today)[0]).toMatchObject({
      subject: 'milestone:m1',
      severity: 'warning',
      title: 'Milestone "Pilot" is 1 day overdue',
    });
    expect(milestoneOverdue.evaluate(facts([ms({ dueDate: addDays(today, -15) })]), today)[0].severity).toBe('critical');
    expect(milestoneOverdue.evaluate(facts([ms({ dueDate: addDays(today, -5), status: 'met', metDate: today })]), today)).toEqual([]);
  });
  it('never fires for a met milestone or one not yet due', () => {
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), fc.boolean(), (offset, met) => {
        const m = ms({ dueDate: addDays(today, offset), status: met ? 'met' : 'scheduled', metDate: met ? today : null });
        const n = milestoneOverdue.evaluate(facts([m]), today).length;
        expect(n).toBe(!met && offset < 0 ? 1 : 0);
      }),
    );
  });
});

describe('milestones.due_soon_undelivered', () => {
  it('fires within 14 days when a linked deliverable is not delivered', () => {
    const m = ms({ dueDate: addDays(today, 14) });
    expect(milestoneDueUndelivered.evaluate(facts([m], [dl()]), today)[0]).toMatchObject({
      title: 'Milestone "Pilot" is due in 14 days with 1 deliverable not delivered',
    });
    expect(milestoneDueUndelivered.evaluate(facts([ms({ dueDate: addDays(today, 15) })], [dl()]), today)).toEqual([]);
    expect(milestoneDueUndelivered.evaluate(facts([m], [dl({ deliveredDate: today })]), today)).toEqual([]);
    expect(milestoneDueUndelivered.evaluate(facts([m], [dl({ milestoneId: null })]), today)).toEqual([]);
  });
});

describe('milestones.acceptance_due', () => {
  it('us-far: warns in the last days of the 7-day period, critical after it', () => {
    expect(acceptanceDecisionDueRule.evaluate(facts([], [dl({ deliveredDate: today })]), today)).toEqual([]);
    expect(acceptanceDecisionDueRule.evaluate(facts([], [dl({ deliveredDate: addDays(today, -4) })]), today)[0]).toMatchObject({
      severity: 'warning',
      title: 'Acceptance decision on "Model" due in 3 days',
    });
    expect(acceptanceDecisionDueRule.evaluate(facts([], [dl({ deliveredDate: addDays(today, -8) })]), today)[0].severity).toBe('critical');
  });
  it('other packs use the deliverable’s period (30 days by default); a decision or a dispute silences it', () => {
    const d = dl({ deliveredDate: addDays(today, -8) });
    expect(acceptanceDecisionDueRule.evaluate(facts([], [d], 'generic'), today)).toEqual([]);
    expect(acceptanceDecisionDueRule.evaluate(facts([], [{ ...d, acceptancePeriodDays: 10 }], 'generic'), today)).toHaveLength(1);
    expect(acceptanceDecisionDueRule.evaluate(facts([], [{ ...d, disputed: true }]), today)).toEqual([]);
    expect(acceptanceDecisionDueRule.evaluate(facts([], [{ ...d, decision: 'accepted' }]), today)).toEqual([]);
  });
});

describe('milestones.evaluation_failed', () => {
  it('fires while the latest run failed and the deliverable is not accepted', () => {
    expect(evaluationFailed.evaluate(facts([], [dl({ latestRunPassed: false, latestRunDate: today })]), today)).toHaveLength(1);
    expect(evaluationFailed.evaluate(facts([], [dl({ latestRunPassed: true })]), today)).toEqual([]);
    expect(evaluationFailed.evaluate(facts([], [dl({ latestRunPassed: null })]), today)).toEqual([]);
    expect(evaluationFailed.evaluate(facts([], [dl({ latestRunPassed: false, decision: 'accepted' })]), today)).toEqual([]);
  });
});

describe('milestones.no_test_plan', () => {
  it('fires within 30 days of the due date without a plan or a tester', () => {
    const d = dl({ dueDate: addDays(today, 30), hasTestPlan: false, hasResponsible: false });
    expect(deliverableWithoutTestPlan.evaluate(facts([], [d]), today)[0]).toMatchObject({
      title: '"Model" has no test plan',
      severity: 'warning',
    });
    expect(deliverableWithoutTestPlan.evaluate(facts([], [{ ...d, hasTestPlan: true }]), today)[0].title).toBe(
      'Nobody is responsible for testing "Model"',
    );
    expect(deliverableWithoutTestPlan.evaluate(facts([], [{ ...d, dueDate: addDays(today, 31) }]), today)).toEqual([]);
    expect(deliverableWithoutTestPlan.evaluate(facts([], [{ ...d, deliveredDate: today }]), today)).toEqual([]);
    expect(deliverableWithoutTestPlan.evaluate(facts([], [dl({ dueDate: today })]), today)).toEqual([]);
  });
});

describe('milestones.repeated_slips', () => {
  it('fires once for two or more milestones met late in the last 90 days', () => {
    const late = (id: string, met: string) => ms({ id, dueDate: addDays(met, -3), status: 'met', metDate: met });
    expect(repeatedSlips.evaluate(facts([late('a', addDays(today, -10))]), today)).toEqual([]);
    expect(repeatedSlips.evaluate(facts([late('a', addDays(today, -10)), late('b', addDays(today, -91))]), today)).toEqual([]);
    expect(repeatedSlips.evaluate(facts([late('a', addDays(today, -10)), late('b', addDays(today, -90))]), today)[0]).toMatchObject({
      subject: '',
      title: '2 milestones met late in the last 90 days',
    });
  });
});
