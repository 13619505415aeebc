import { Badge, type MantineColor } from '@mantine/core';
import { type FindingState, type HealthBand, SEVERITY_LABELS, STATE_LABELS, type Severity, BAND_LABELS } from './findings.api';

const SEVERITY_COLORS: Record<Severity, MantineColor> = { critical: 'red', warning: 'orange', info: 'blue' };
/** A mark per severity, so the badge reads without colour (the word says it too). */
const SEVERITY_MARKS: Record<Severity, string> = { critical: '!!', warning: '!', info: 'i' };

/** A finding's severity: a mark and the word, never colour alone. */
export function SeverityBadge({ severity, size = 'md' }: { severity: Severity; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge
      color={SEVERITY_COLORS[severity]}
      size={size}
      variant={severity === 'critical' ? 'filled' : 'light'}
      leftSection={<span aria-hidden="true">{SEVERITY_MARKS[severity]}</span>}
    >
      {SEVERITY_LABELS[severity]}
    </Badge>
  );
}

const STATE_COLORS: Record<FindingState, MantineColor> = { open: 'red', acknowledged: 'blue', snoozed: 'grape', resolved: 'green' };

/** A finding's state, in words. */
export function FindingStateBadge({ state, size = 'md' }: { state: FindingState; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge color={STATE_COLORS[state]} size={size} variant="outline">
      {STATE_LABELS[state]}
    </Badge>
  );
}

export const BAND_COLORS: Record<HealthBand, MantineColor> = { good: 'green', fair: 'yellow', poor: 'red' };

/** A health score with its band in words: "82 · Good". */
export function HealthScoreBadge({ score, band, size = 'md' }: { score: number; band: HealthBand; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge color={BAND_COLORS[band]} size={size} variant="light" style={{ fontVariantNumeric: 'tabular-nums' }}>
      {score} · {BAND_LABELS[band]}
    </Badge>
  );
}
