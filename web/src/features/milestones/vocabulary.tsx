/** Words and badges of the milestones pages, and what the signed-in user may do on a contract's milestones. */
import { Badge, type BadgeProps, type MantineColor } from '@mantine/core';
import type { Contract } from '../../api/types';
import { formatDate, plural } from '../../lib/format';
import { useMe, useSession } from '../auth/session';
import type {
  Decision,
  Deliverable,
  Direction,
  EvaluationRun,
  Milestone,
  MilestoneStatus,
  MilestoneType,
  Team,
  TestMethod,
} from './milestones.api';

export const TYPE_LABELS: Record<MilestoneType, string> = {
  delivery: 'Delivery',
  reporting: 'Reporting',
  payment: 'Payment',
  approval: 'Approval',
  assessment: 'Assessment',
  engagement: 'Engagement',
  financing: 'Financing',
};

export const STATUS_LABELS: Record<MilestoneStatus, string> = {
  scheduled: 'Scheduled',
  met: 'Met',
  partiallyMet: 'Partly met',
  notMet: 'Not met',
};

export const TEAM_LABELS: Record<Team, string> = {
  procurement: 'Procurement team',
  buyer: 'Department buyer',
  it_data: 'IT and data',
};

export const METHOD_LABELS: Record<TestMethod, string> = {
  user_acceptance: 'User acceptance testing',
  accuracy_quality: 'Accuracy or quality evaluation',
  bias_fairness: 'Bias or fairness evaluation',
  security_review: 'Security review',
  accessibility_review: 'Accessibility review',
  performance_load: 'Performance or load test',
  other: 'Other',
};

export const DIRECTION_LABELS: Record<Direction, string> = { at_least: 'At least', at_most: 'At most' };

export const DECISION_LABELS: Record<Decision, string> = {
  pending: 'No decision yet',
  accepted: 'Accepted',
  rejected: 'Rejected',
  accepted_with_conditions: 'Accepted with conditions',
};

const DECISION_COLORS: Record<Decision, MantineColor> = {
  pending: 'gray',
  accepted: 'green',
  rejected: 'red',
  accepted_with_conditions: 'teal',
};

export { BAD_TEXT, GOOD_TEXT, WARN_TEXT, options } from '../../lib/tones';
export { addDays, daysBetween, todayIso } from '../../lib/dates';
import { daysBetween, todayIso } from '../../lib/dates';

export function isOverdue(m: Pick<Milestone, 'status' | 'dueDate'>, today = todayIso()): boolean {
  return m.status !== 'met' && m.dueDate < today;
}

/** "at most 0.12" */
export function thresholdText(c: { threshold: number | null; direction: Direction | null; metric?: string | null }): string {
  if (c.threshold === null || !c.direction) return 'pass or fail';
  return `${DIRECTION_LABELS[c.direction].toLowerCase()} ${c.threshold}`;
}

export function MilestoneStatusBadge({ milestone, ...rest }: { milestone: Milestone } & BadgeProps) {
  const today = todayIso();
  if (isOverdue(milestone, today))
    return (
      <Badge color="red" {...rest}>
        {milestone.status === 'scheduled' ? 'Overdue' : STATUS_LABELS[milestone.status]} ·{' '}
        {plural(daysBetween(milestone.dueDate, today), 'day')} late
      </Badge>
    );
  const color: MantineColor =
    milestone.status === 'met'
      ? milestone.slipDays
        ? 'orange'
        : 'green'
      : milestone.status === 'notMet'
        ? 'red'
        : milestone.status === 'partiallyMet'
          ? 'yellow'
          : 'blue';
  return (
    <Badge color={color} {...rest}>
      {STATUS_LABELS[milestone.status]}
      {milestone.status === 'met' && milestone.slipDays ? ` · ${plural(milestone.slipDays, 'day')} late` : ''}
    </Badge>
  );
}

export function DecisionBadge({ decision, ...rest }: { decision: Decision } & BadgeProps) {
  return (
    <Badge color={DECISION_COLORS[decision]} {...rest}>
      {DECISION_LABELS[decision]}
    </Badge>
  );
}

export function RunBadge({ run, ...rest }: { run: Pick<EvaluationRun, 'passed'> } & BadgeProps) {
  return (
    <Badge color={run.passed ? 'green' : 'red'} {...rest}>
      {run.passed ? 'Passed' : 'Failed'}
    </Badge>
  );
}

/** Where a deliverable stands, in a few words: due, delivered, decided. */
export function deliveryText(d: Deliverable): string {
  if (!d.deliveredDate) {
    const today = todayIso();
    return d.dueDate < today ? `Not delivered, due ${formatDate(d.dueDate)}` : `Not delivered yet`;
  }
  return `Delivered ${formatDate(d.deliveredDate)}${d.deliveredBy ? ` by ${d.deliveredBy.name}` : ''}`;
}

export interface MilestoneRights {
  /** Add, change and delete milestones and deliverables, decide acceptance. */
  edit: boolean;
  /** Set the test plan and record evaluation runs. */
  test: boolean;
  /** Mark delivered (the contract's vendor, or the contract's editors). */
  deliver: boolean;
  /** Upload evidence files (the vendor's delivery files, or staff who test). */
  upload: boolean;
  /** A vendor user of this contract. */
  vendor: boolean;
}

/**
 * What the signed-in user may do on this contract's milestones (the server checks again; this
 * only hides what would be refused). Testing is department-scoped like editing, but IT and data
 * staff may test without being able to edit.
 */
export function useMilestoneRights(contract: Contract): MilestoneRights {
  const { permissions } = useSession();
  const me = useMe();
  const vendor = me.vendorId !== null && me.vendorId === contract.vendor.id;
  const edit = contract.permissions.update && !vendor;
  const holdsTest = (permissions as string[]).includes('deliverable.test');
  const test = holdsTest && (edit || (me.departmentId !== null && me.departmentId === contract.department.id));
  return { edit, test, deliver: edit || vendor, upload: vendor || test, vendor };
}
