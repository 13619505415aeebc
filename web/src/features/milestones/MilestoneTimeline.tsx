import '@mantine/charts/styles.css';
import { type ChartReferenceAreaProps, ScatterChart } from '@mantine/charts';
import { Box, Group, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { formatDate, plural } from '../../lib/format';
import type { Milestone } from './milestones.api';
import { daysBetween, isOverdue, todayIso } from './vocabulary';

const DAY = 86_400_000;
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY);
const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const monthTick = (day: number) => {
  const d = new Date(day * DAY);
  return `${SHORT_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};

/** Axis ticks: first days of months (every 1, 2, 3, 6 or 12 months), or Mondays for spans under ten weeks. */
function axisTicks(from: number, to: number, most: number): { ticks: number[]; label: (day: number) => string } {
  if (to - from < 70) {
    const step = Math.max(1, Math.ceil((to - from) / 7 / most)) * 7;
    // 1 Jan 1970 was a Thursday: day numbers ≡ 4 (mod 7) are Mondays.
    const first = from + ((4 - (from % 7) + 7) % 7);
    const ticks: number[] = [];
    for (let d = first; d <= to; d += step) ticks.push(d);
    return { ticks, label: (day) => formatDate(dateOf(day)).replace(/ \d{4}$/, '') };
  }
  const start = new Date(from * DAY);
  const end = new Date(to * DAY);
  const months = (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth();
  const step = [1, 2, 3, 6, 12, 24].find((s) => months / s <= most) ?? 24;
  const ticks: number[] = [];
  for (let m = 1; m <= months; m += 1) {
    const d = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + m, 1) / DAY;
    if (d > to) break;
    if (new Date(d * DAY).getUTCMonth() % step === 0 || step === 1) ticks.push(d);
  }
  return { ticks, label: monthTick };
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A sentence that says what the chart shows: for everyone, and instead of the chart for screen readers. */
export function timelineSummary(milestones: Milestone[], today = todayIso()): string {
  if (!milestones.length) return 'No milestones yet.';
  const met = milestones.filter((m) => m.status === 'met');
  const late = met.filter((m) => (m.slipDays ?? 0) > 0);
  const overdue = milestones.filter((m) => isOverdue(m, today));
  const upcoming = milestones.filter((m) => m.status !== 'met' && m.dueDate >= today);
  const parts = [`${plural(milestones.length, 'milestone')}.`];
  if (met.length) {
    const avg = late.length ? late.reduce((s, m) => s + (m.slipDays ?? 0), 0) / late.length : 0;
    parts.push(
      `${met.length} met: ${met.length - late.length} on time${late.length ? `, ${late.length} late (on average ${Math.round(avg * 10) / 10} days late)` : ''}.`,
    );
  } else parts.push('None met yet.');
  if (overdue.length) {
    const worst = Math.max(...overdue.map((m) => daysBetween(m.dueDate, today)));
    parts.push(
      `${overdue.length} overdue and not met${overdue.length > 1 ? `, the longest by ${plural(worst, 'day')}` : ` by ${plural(worst, 'day')}`}.`,
    );
  }
  if (upcoming.length) parts.push(`${upcoming.length} still to come, the next due on ${formatDate(upcoming[0].dueDate)}.`);
  return parts.join(' ');
}

function Key({ color, label, band = false }: { color: string; label: string; band?: boolean }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Box
        aria-hidden="true"
        w={band ? 22 : 10}
        h={10}
        style={{
          borderRadius: band ? 2 : 10,
          background: band ? `color-mix(in srgb, var(--mantine-color-${color}) 25%, transparent)` : `var(--mantine-color-${color})`,
          border: band ? `1px solid var(--mantine-color-${color})` : undefined,
        }}
      />
      <Text size="xs">{label}</Text>
    </Group>
  );
}

/**
 * Planned due dates against the dates milestones were met, one row per milestone: the band
 * between the two dots is the slip (orange when late, green when early); an overdue milestone
 * gets a red band up to today. The figures are in the milestones table below the chart.
 */
export function MilestoneTimeline({ milestones }: { milestones: Milestone[] }) {
  const narrow = useMediaQuery('(max-width: 40em)');
  const today = todayIso();
  const t = dayNumber(today);
  const rows = milestones;
  const planned = rows.map((m, i) => ({ x: dayNumber(m.dueDate), y: i }));
  const actual = rows.flatMap((m, i) => (m.dateMet ? [{ x: dayNumber(m.dateMet), y: i }] : []));
  const xs = [...planned, ...actual].map((p) => p.x).concat(rows.some((m) => isOverdue(m, today)) ? [t] : []);
  const span = Math.max(...xs) - Math.min(...xs);
  const pad = Math.max(7, Math.round(span * 0.04));
  const from = Math.min(...xs, t) - pad;
  const to = Math.max(...xs, t) + pad;
  const areas: ChartReferenceAreaProps[] = rows.flatMap((m, i) => {
    const due = dayNumber(m.dueDate);
    const band = (x2: number, color: string) => ({ x1: Math.min(due, x2), x2: Math.max(due, x2), y1: i - 0.3, y2: i + 0.3, color });
    if (m.dateMet && m.dateMet !== m.dueDate) {
      const met = dayNumber(m.dateMet);
      return [band(met, met > due ? 'orange.6' : 'green.6')];
    }
    if (isOverdue(m, today)) return [band(t, 'red.6')];
    return [];
  });
  const titleAt = (i: number) => truncate(rows[Math.round(i)]?.title ?? '', narrow ? 14 : 26);
  const axis = axisTicks(from, to, narrow ? 4 : 8);
  const present = {
    late: rows.some((m) => m.dateMet && m.dateMet > m.dueDate),
    early: rows.some((m) => m.dateMet && m.dateMet < m.dueDate),
    overdue: rows.some((m) => isOverdue(m, today)),
    met: actual.length > 0,
  };

  return (
    <figure style={{ margin: 0 }}>
      {/* A picture of the summary and of the milestones table; assistive technology reads those. */}
      <div aria-hidden="true">
        <ScatterChart
          h={70 + rows.length * 36}
          data={[
            { name: 'Planned due date', color: 'steward.8', data: planned },
            { name: 'Date met', color: 'grape.7', data: actual },
          ]}
          dataKey={{ x: 'x', y: 'y' }}
          labels={{ x: 'Date', y: 'Milestone' }}
          valueFormatter={{ x: (v) => formatDate(dateOf(v)), y: (v) => rows[Math.round(v)]?.title ?? '' }}
          xAxisProps={{ domain: [from, to], ticks: axis.ticks, tickFormatter: axis.label, interval: 0 }}
          yAxisProps={{
            domain: [-0.6, rows.length - 0.4],
            ticks: rows.map((_, i) => i),
            reversed: true,
            width: narrow ? 96 : 180,
            interval: 0,
            tickFormatter: titleAt,
          }}
          referenceAreas={areas}
          referenceLines={[{ x: t, color: 'gray.7', label: 'Today', labelPosition: 'insideTopRight', strokeDasharray: '4 3' }]}
          gridAxis="xy"
          tickLine="none"
          accessibilityLayer={false}
        />
      </div>
      <Stack gap={6} mt="xs">
        <Group gap="md" wrap="wrap">
          <Key color="steward-8" label="Planned due date" />
          {present.met && <Key color="grape-7" label="Date met" />}
          {present.late && <Key color="orange-6" label="Met late (slip)" band />}
          {present.early && <Key color="green-6" label="Met early" band />}
          {present.overdue && <Key color="red-6" label="Overdue, not met" band />}
        </Group>
        <figcaption>
          <Text size="sm">{timelineSummary(rows, today)}</Text>
        </figcaption>
      </Stack>
    </figure>
  );
}
