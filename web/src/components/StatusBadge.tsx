import { Badge, type MantineColor } from '@mantine/core';
import { labelOf, useMeta } from '../api/meta';

const STATUS_COLORS: Record<string, MantineColor> = {
  draft: 'gray',
  active: 'green',
  suspended: 'orange',
  terminated: 'red',
  closed: 'blue',
};

const RISK_COLORS: Record<string, MantineColor> = {
  low: 'teal',
  medium: 'yellow',
  high: 'red',
};

/** A contract's status as a coloured badge (colour is never the only cue: the label is there). */
export function StatusBadge({ status }: { status: string }) {
  const meta = useMeta();
  return <Badge color={STATUS_COLORS[status] ?? 'gray'}>{labelOf(meta?.statuses, status)}</Badge>;
}

/** A contract's risk tier. */
export function RiskBadge({ tier, short = false }: { tier: string /** Omit the word "risk" (under a Risk column). */; short?: boolean }) {
  const meta = useMeta();
  return (
    <Badge color={RISK_COLORS[tier] ?? 'gray'} variant="outline">
      {labelOf(meta?.riskTiers, tier)}
      {short ? '' : ' risk'}
    </Badge>
  );
}
