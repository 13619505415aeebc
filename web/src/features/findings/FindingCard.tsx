import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import { DateText } from '../../components/DateText';
import { formatDate } from '../../lib/format';
import { FindingActions } from './FindingActions';
import { FindingStateBadge, SeverityBadge } from './FindingBadges';
import { type Evidence, type Finding, TEAM_LABELS } from './findings.api';
import './findings.css';

/** "daysLeft" → "Days left". */
function humanKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function humanValue(value: string | number): string {
  if (typeof value === 'number') return value.toLocaleString('en-GB');
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : value;
}

/** A link inside the app goes through the router; anything else is a plain link. */
function EvidenceLink({ label, href }: { label: string; href: string }) {
  const router = useRouter();
  const internal = href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/api/');
  return (
    <Anchor
      href={href}
      size="sm"
      fw={600}
      td="underline"
      onClick={(event) => {
        if (!internal || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        router.history.push(href);
      }}
    >
      {label}
    </Anchor>
  );
}

/** What the check saw: a sentence, the numbers as a small definition list, and links to the records behind it. */
export function EvidenceView({ evidence }: { evidence: Evidence }) {
  const numbers = Object.entries(evidence.numbers ?? {});
  const links = evidence.links ?? [];
  if (!evidence.text && numbers.length === 0 && links.length === 0) return null;
  return (
    <Stack gap={6}>
      {evidence.text && <Text size="sm">{evidence.text}</Text>}
      {numbers.length > 0 && (
        <dl className="finding-evidence">
          {numbers.map(([key, value]) => (
            <div key={key}>
              <dt>{humanKey(key)}</dt>
              <dd>{humanValue(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      {links.length > 0 && (
        <Group gap="md">
          {links.map((l) => (
            <EvidenceLink key={l.href + l.label} label={l.label} href={l.href} />
          ))}
        </Group>
      )}
    </Stack>
  );
}

function StateLine({ finding }: { finding: Finding }) {
  const who = finding.stateChangedBy?.name ?? 'Steward';
  const when = finding.stateChangedAt ? <DateText value={finding.stateChangedAt} /> : null;
  if (finding.state === 'acknowledged')
    return (
      <Text size="sm">
        <strong>Acknowledged</strong> by {who}
        {when && <> on {when}</>}: “{finding.note}”
      </Text>
    );
  if (finding.state === 'snoozed')
    return (
      <Text size="sm">
        <strong>Snoozed until {formatDate(finding.snoozedUntil)}</strong> by {who}
        {when && <> on {when}</>}: “{finding.note}”
      </Text>
    );
  if (finding.state === 'resolved')
    return (
      <Text size="sm">
        <strong>Resolved</strong> on <DateText value={finding.resolvedAt} />: the check no longer reports it.
        {finding.note ? ` Last note: “${finding.note}”` : ''}
      </Text>
    );
  return null;
}

/**
 * One finding: severity and state in words, what the check saw, since when, and what the user may
 * do. Compact (for history): the title, the check, and how it ended.
 */
export function FindingCard({ finding, headingOrder = 3, compact = false }: { finding: Finding; headingOrder?: 3 | 4; compact?: boolean }) {
  return (
    <Paper p={compact ? 'sm' : 'md'} component="article" aria-label={finding.title}>
      <Stack gap={compact ? 4 : 'sm'}>
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Stack gap={4} style={{ flex: '1 1 22rem', minWidth: 0 }}>
            <Group gap={6}>
              <SeverityBadge severity={finding.severity} />
              <FindingStateBadge state={finding.state} />
            </Group>
            <Title order={headingOrder} fz="md">
              {finding.title}
            </Title>
            <Text size="xs" c="dimmed">
              Check: {finding.rule.title} · Owner: {TEAM_LABELS[finding.ownerTeam]}
            </Text>
          </Stack>
          <FindingActions finding={finding} />
        </Group>
        {!compact && <EvidenceView evidence={finding.evidence} />}
        {!compact && finding.rule.description && (
          <Text size="sm" c="dimmed">
            <strong>What to do:</strong> {finding.rule.description}
          </Text>
        )}
        <StateLine finding={finding} />
        <Group gap="lg">
          <Text size="xs" c="dimmed">
            First seen <DateText value={finding.firstSeen} />
          </Text>
          <Text size="xs" c="dimmed">
            Last seen <DateText value={finding.lastSeen} />
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}
