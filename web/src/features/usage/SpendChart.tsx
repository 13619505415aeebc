import '@mantine/charts/styles.css';
import { type ChartReferenceLineProps, CompositeChart } from '@mantine/charts';
import { Button, Collapse, Group, Paper, Stack, Text } from '@mantine/core';
import { useDisclosure, useElementSize } from '@mantine/hooks';
import { memo, useId, useMemo } from 'react';
import type { Column } from '../../components/DataTable';
import { formatDate, formatMoney } from '../../lib/format';
import { ScrollTable } from '../../components/ScrollTable';
import { type ChartPoint, type MonthRow, buildSpendSeries, dayMs, monthLabel, monthlyRows, tickLabel, timeTicks } from './spendSeries';
import type { UsageSummary } from './usage.api';
import { formatMoneyShort } from './vocabulary';

const COLORS = {
  spent: 'steward.8',
  expected: 'indigo.7',
  band: 'indigo.3',
  ceiling: 'red.8',
  notice: 'orange.8',
  forecast: 'yellow.8',
  today: 'gray.6',
};

interface Line {
  key: string;
  label: string;
  amount: number;
  color: string;
  dash?: string;
}

/** The ceiling and the threshold levels, as amounts, strongest first. */
export function thresholdLines(s: UsageSummary, pricingModel: string): Line[] {
  if (!s.ceiling) return [];
  const c = Number(s.ceiling);
  const t = s.thresholds;
  const name = s.ceilingLabel === 'allotted funds' ? 'Allotted funds' : s.ceilingLabel === 'ceiling' ? 'Ceiling' : 'Contract value';
  const lines: Line[] = [{ key: 'ceiling', label: `${name} ${formatMoney(s.ceiling, s.currency)}`, amount: c, color: COLORS.ceiling }];
  if (t.ceilingPercent !== 100)
    lines.push({
      key: 'ceilingPercent',
      label: `${t.ceilingPercent}% of the ${s.ceilingLabel}`,
      amount: (c * t.ceilingPercent) / 100,
      color: COLORS.ceiling,
      dash: '2 3',
    });
  if (pricingModel === 'time_and_materials')
    lines.push({
      key: 'tmNotice',
      label: `${t.tmNoticePercent}%: time-and-materials notice`,
      amount: (c * t.tmNoticePercent) / 100,
      color: COLORS.notice,
      dash: '6 3',
    });
  lines.push({
    key: 'forecast',
    label: `${t.forecastPercent}%: forecast warning (spend plus ${t.forecastDays} days)`,
    amount: (c * t.forecastPercent) / 100,
    color: COLORS.forecast,
    dash: '3 3',
  });
  return lines;
}

/** The chart in one paragraph: where spend stands and where it is heading. */
export function spendSentence(s: UsageSummary): string {
  const money = (v: string) => formatMoney(v, s.currency);
  const last = s.daily.at(-1);
  const parts: string[] = [];
  parts.push(
    `${money(s.spentToDate)} spent${last ? ` by ${formatDate(last.day)}` : ''}${
      s.ceiling ? `, ${Number(s.percentOfCeiling ?? 0).toLocaleString('en-GB')}% of the ${s.ceilingLabel} of ${money(s.ceiling)}` : ''
    }.`,
  );
  if (Number(s.forecast.burnRatePerDay) > 0) {
    parts.push(
      `Over the last ${s.thresholds.forecastWindowDays} days spend ran at ${money(s.forecast.burnRatePerDay)} a day${
        s.ceiling
          ? s.forecast.ceilingDate
            ? `; at that pace with its trend the ${s.ceilingLabel} is reached around ${formatDate(s.forecast.ceilingDate)}`
            : `; at that pace the ${s.ceilingLabel} is not reached before the contract ends`
          : ''
      }.`,
    );
    parts.push(
      `Projected spend by the end of the contract (${formatDate(s.endDate)}): ${money(s.forecast.projectedAtEnd)} (95% range ${money(
        s.forecast.projectedAtEndLow,
      )} to ${money(s.forecast.projectedAtEndHigh)}).`,
    );
  }
  return parts.join(' ');
}

function Swatch({ color, dash, area }: { color: string; dash?: string; area?: boolean }) {
  const css = `var(--mantine-color-${color.replace('.', '-')})`;
  return (
    <svg width="26" height="12" aria-hidden="true" focusable="false" style={{ flex: 'none' }}>
      {area ? (
        <rect x="0" y="1" width="26" height="10" fill={css} fillOpacity={0.45} />
      ) : (
        <line x1="0" y1="6" x2="26" y2="6" stroke={css} strokeWidth="3" strokeDasharray={dash} />
      )}
    </svg>
  );
}

function Tooltip({ point, currency }: { point?: ChartPoint; currency: string }) {
  if (!point) return null;
  const money = (v: number) => formatMoney(v.toFixed(2), currency);
  return (
    <Paper p="xs" shadow="md" withBorder style={{ fontSize: 13 }}>
      <Text size="sm" fw={650}>
        {formatDate(point.day)}
      </Text>
      {point.spent !== undefined && <Text size="sm">Spent to date: {money(point.spent)}</Text>}
      {point.expected !== undefined && point.spent === undefined && (
        <>
          <Text size="sm">Projected: {money(point.expected)}</Text>
          {point.band && (
            <Text size="xs" c="dimmed">
              95% range {money(point.band[0])} to {money(point.band[1])}
            </Text>
          )}
        </>
      )}
    </Paper>
  );
}

const monthColumns = (currency: string): Column<MonthRow>[] => {
  const m = (v: number | null) => (v === null ? '—' : formatMoney(v.toFixed(2), currency));
  return [
    { key: 'month', header: 'Month', render: (r) => monthLabel(r.month) },
    { key: 'spent', header: 'Spent in the month', align: 'right', render: (r) => m(r.spent) },
    { key: 'cumulative', header: 'Spent to date', align: 'right', render: (r) => m(r.cumulative) },
    { key: 'expected', header: 'Projected to date', align: 'right', render: (r) => m(r.expected) },
    {
      key: 'range',
      header: '95% range',
      align: 'right',
      render: (r) => (r.low === null || r.high === null ? '—' : `${m(r.low)} – ${m(r.high)}`),
    },
  ];
};

/**
 * Cumulative spend over time with the projection to the contract end (expected line and 95%
 * band), the ceiling and the threshold levels. Past spend is folded into weeks or months when
 * there are too many days to draw quickly; the data is computed once per summary. The picture is
 * hidden from assistive technology: the sentence, the legend and the monthly table say the same.
 */
export const SpendChart = memo(function SpendChart({
  summary,
  pricingModel,
  reference,
}: {
  summary: UsageSummary;
  pricingModel: string;
  reference: string;
}) {
  const series = useMemo(() => buildSpendSeries(summary), [summary]);
  const lines = useMemo(() => thresholdLines(summary, pricingModel), [summary, pricingModel]);
  const months = useMemo(() => monthlyRows(summary), [summary]);
  // As many date labels as fit: about one per 80 pixels of plot.
  const { ref: sizeRef, width } = useElementSize();
  const maxTicks = width ? Math.max(2, Math.min(8, Math.floor((width - 72) / 80))) : 6;
  const ticks = useMemo(() => timeTicks(series.domain[0], series.domain[1], maxTicks), [series, maxTicks]);
  const [tableOpen, table] = useDisclosure(false);
  const tableId = useId();
  const currency = summary.currency;
  const today = dayMs(summary.today);
  const hasProjection = summary.projection.length > 1;

  const referenceLines: ChartReferenceLineProps[] = [
    ...lines.map(
      (l, i): ChartReferenceLineProps => ({
        y: l.amount,
        color: l.color,
        strokeDasharray: l.dash,
        strokeWidth: l.key === 'ceiling' ? 2 : 1.5,
        label: l.key === 'ceiling' ? l.label : l.label.split(':')[0],
        // Recharts' "insideBottom" sits above a horizontal line: the ceiling's label above it, the others below theirs.
        labelPosition: i === 0 ? 'insideBottomLeft' : 'insideTopLeft',
        ifOverflow: 'extendDomain',
      }),
    ),
    ...(today >= series.domain[0] && today <= series.domain[1]
      ? [{ x: today, color: COLORS.today, strokeDasharray: '2 4', label: 'Today', labelPosition: 'insideTopRight' as const }]
      : []),
  ];

  const folded =
    series.granularity === 'day'
      ? null
      : `${series.days.toLocaleString('en-GB')} days of spend are drawn ${series.granularity === 'week' ? 'week by week' : 'month by month'}.`;

  return (
    <Stack gap="sm">
      <figure style={{ margin: 0 }}>
        <div aria-hidden="true" ref={sizeRef}>
          <CompositeChart
            h={320}
            data={series.points}
            dataKey="t"
            series={[
              ...(hasProjection
                ? [
                    { name: 'band', label: '95% range', color: COLORS.band, type: 'area' as const },
                    { name: 'expected', label: 'Projected', color: COLORS.expected, type: 'line' as const, strokeDasharray: '6 4' },
                  ]
                : []),
              { name: 'spent', label: 'Spent to date', color: COLORS.spent, type: 'line' as const },
            ]}
            curveType="linear"
            connectNulls
            withDots={false}
            strokeWidth={2.5}
            gridAxis="x"
            tickLine="none"
            referenceLines={referenceLines}
            xAxisProps={{
              type: 'number',
              scale: 'time',
              domain: series.domain,
              ticks,
              tickFormatter: (t: number) => tickLabel(t, series.domain),
              interval: 0,
            }}
            yAxisProps={{
              width: 72,
              // Headroom above the highest line or level, so its label stays inside the chart.
              domain: [0, (max: number) => Math.ceil(max * 1.08)],
              tickFormatter: (v: number) => formatMoneyShort(v, currency),
            }}
            areaProps={{ fillOpacity: 0.35, strokeOpacity: 0, activeDot: false }}
            tooltipProps={{
              content: ({ payload }) => <Tooltip point={payload?.[0]?.payload as ChartPoint | undefined} currency={currency} />,
            }}
            accessibilityLayer={false}
          />
        </div>
        <Text component="figcaption" size="sm" mt="sm">
          {spendSentence(summary)}
          {folded ? ` ${folded}` : ''}
        </Text>
      </figure>
      <Group gap="md" wrap="wrap" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Chart legend">
        <Group component="li" gap={6} wrap="nowrap">
          <Swatch color={COLORS.spent} />
          <Text size="xs">Spent to date</Text>
        </Group>
        {hasProjection && (
          <>
            <Group component="li" gap={6} wrap="nowrap">
              <Swatch color={COLORS.expected} dash="6 4" />
              <Text size="xs">Projected</Text>
            </Group>
            <Group component="li" gap={6} wrap="nowrap">
              <Swatch color={COLORS.band} area />
              <Text size="xs">95% range of the projection</Text>
            </Group>
          </>
        )}
        {lines.map((l) => (
          <Group component="li" key={l.key} gap={6} wrap="nowrap">
            <Swatch color={l.color} dash={l.dash} />
            <Text size="xs">
              {l.label}
              {l.key !== 'ceiling' && ` (${formatMoney(l.amount.toFixed(2), currency)})`}
            </Text>
          </Group>
        ))}
      </Group>
      <Group>
        <Button variant="subtle" size="compact-sm" onClick={table.toggle} aria-expanded={tableOpen} aria-controls={tableId}>
          {tableOpen ? 'Hide the figures' : 'Show the figures as a table'}
        </Button>
      </Group>
      <Collapse expanded={tableOpen} id={tableId}>
        {tableOpen && (
          <ScrollTable
            caption={`Spend by month on ${reference}`}
            columns={monthColumns(currency)}
            rows={months}
            rowKey={(r) => r.month}
            minWidth={640}
          />
        )}
      </Collapse>
    </Stack>
  );
});
