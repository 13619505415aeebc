import { Badge, type MantineColor } from '@mantine/core';
import { STANDING_LABELS, type Standing } from './questions.api';

const COLORS: Record<Standing, MantineColor> = {
  off_track: 'red',
  at_risk: 'orange',
  unanswered: 'gray',
  on_track: 'green',
  not_applicable: 'blue',
};

/** A glyph per status, so the badge reads without colour (and the label says it in words). */
const MARKS: Record<Standing, string> = {
  off_track: '✕',
  at_risk: '!',
  unanswered: '?',
  on_track: '✓',
  not_applicable: '–',
};

/** A question's status as a badge: a mark and the status in words, never colour alone. */
export function StandingBadge({ standing, size = 'md' }: { standing: Standing; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge
      color={COLORS[standing]}
      size={size}
      variant={standing === 'off_track' ? 'filled' : 'light'}
      leftSection={<span aria-hidden="true">{MARKS[standing]}</span>}
    >
      {STANDING_LABELS[standing]}
    </Badge>
  );
}

/** Shown next to a question its team has not reviewed within its review period. */
export function OverdueBadge() {
  return (
    <Badge color="orange" variant="outline" size="sm">
      Review overdue
    </Badge>
  );
}
