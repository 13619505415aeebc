import { BarChart } from '@mantine/charts';
import { Group, Stack, Text } from '@mantine/core';
import type { Dashboard } from '../../api/types';
import { TextLink } from '../../components/links';
import { formatDate } from '../../lib/format';

/**
 * A small bar chart with its figures as links beside it: the picture reads fast, the links are
 * what keyboard and screen-reader users (and everyone who wants the list behind a bar) use.
 */
function BarsWithFigures({
  label,
  rows,
}: {
  label: string;
  rows: { key: string; label: string; value: number; color: string; link?: { to: string; search?: Record<string, string> } }[];
}) {
  const total = rows.reduce((a, r) => a + r.value, 0);
  return (
    <Stack gap="sm">
      <div aria-hidden="true">
        <BarChart
          h={140}
          data={[Object.fromEntries([['name', label], ...rows.map((r) => [r.key, r.value])])]}
          dataKey="name"
          orientation="vertical"
          type="stacked"
          withXAxis={false}
          withYAxis={false}
          gridAxis="none"
          withTooltip={false}
          accessibilityLayer={false}
          series={rows.map((r) => ({ name: r.key, label: r.label, color: r.color }))}
        />
      </div>
      <Group gap="lg" wrap="wrap">
        {rows.map((r) => (
          <Group key={r.key} gap={6} wrap="nowrap">
            <span
              aria-hidden="true"
              style={{ width: 10, height: 10, borderRadius: 2, background: `var(--mantine-color-${r.color.replace('.', '-')})` }}
            />
            {r.link ? (
              <TextLink to={r.link.to as never} search={r.link.search as never} size="sm" fw={600}>
                {r.label}: {r.value}
              </TextLink>
            ) : (
              <Text size="sm" fw={600}>
                {r.label}: {r.value}
              </Text>
            )}
          </Group>
        ))}
        <Text size="sm" c="dimmed">
          Total {total}
        </Text>
      </Group>
    </Stack>
  );
}

export function HealthBands({ health }: { health: Dashboard['health'] }) {
  if (health.good + health.fair + health.poor === 0) return <Text c="dimmed">No active contracts to score.</Text>;
  return (
    <BarsWithFigures
      label="Contracts by health"
      rows={[
        { key: 'good', label: 'Good (80–100)', value: health.good, color: 'green.6' },
        { key: 'fair', label: 'Fair (50–79)', value: health.fair, color: 'yellow.5' },
        { key: 'poor', label: 'Poor (under 50)', value: health.poor, color: 'red.7' },
      ]}
    />
  );
}

export function FindingsBySeverity({ counts }: { counts: Dashboard['findingsBySeverity'] }) {
  if (counts.critical + counts.warning + counts.info === 0)
    return <Text c="dimmed">No open findings. Steward runs its checks after every change and each night.</Text>;
  return (
    <BarsWithFigures
      label="Open findings"
      rows={[
        {
          key: 'critical',
          label: 'Critical',
          value: counts.critical,
          color: 'red.7',
          link: { to: '/findings', search: { severity: 'critical' } },
        },
        {
          key: 'warning',
          label: 'Warning',
          value: counts.warning,
          color: 'yellow.5',
          link: { to: '/findings', search: { severity: 'warning' } },
        },
        { key: 'info', label: 'Info', value: counts.info, color: 'blue.6', link: { to: '/findings', search: { severity: 'info' } } },
      ]}
    />
  );
}

/** Fourteen days of audit entries as bars, with the busiest day and today's count in words. */
export function ActivityChart({ byDay }: { byDay: NonNullable<Dashboard['activity']>['byDay'] }) {
  const busiest = byDay.reduce((m, d) => (d.count > m.count ? d : m), byDay[0]);
  const today = byDay[byDay.length - 1];
  const total = byDay.reduce((a, d) => a + d.count, 0);
  return (
    <Stack gap="xs">
      <div aria-hidden="true">
        <BarChart
          h={160}
          data={byDay.map((d) => ({ day: d.day.slice(5), entries: d.count }))}
          dataKey="day"
          series={[{ name: 'entries', label: 'Audit entries', color: 'steward.7' }]}
          withTooltip
          gridAxis="y"
          accessibilityLayer={false}
        />
      </div>
      <Text size="sm">
        {total} audit entries in the last 14 days; {today.count} today
        {busiest && busiest.count > 0 ? `; the busiest day was ${formatDate(busiest.day)} with ${busiest.count}.` : '.'}
      </Text>
    </Stack>
  );
}
