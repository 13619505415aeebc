import { Paper, Progress, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDate, formatMoney } from '../../lib/format';
import type { UsageSummary } from './usage.api';
import { BAD_TEXT, burnColor, formatMoneyWhole, percentText, shareOf, WARN_TEXT } from './vocabulary';

function Figure({ label, value, tone, children }: { label: string; value: string; tone?: 'bad' | 'warn'; children?: ReactNode }) {
  return (
    <Paper p="md">
      <Text size="sm" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text
        fz={{ base: 22, sm: 24 }}
        fw={700}
        lh={1.25}
        c={tone === 'bad' ? BAD_TEXT : tone === 'warn' ? WARN_TEXT : 'steward.9'}
        style={{ fontVariantNumeric: 'tabular-nums', overflowWrap: 'anywhere' }}
      >
        {value}
      </Text>
      {children}
    </Paper>
  );
}

/** "Rising about $28 a day each day", from the trend of the daily burn. */
function trendText(trendPerDay: string, currency: string): string {
  const t = Number(trendPerDay);
  if (!Number.isFinite(t) || Math.abs(t) < 0.005) return 'Steady over the window';
  const amount = formatMoney(Math.abs(t).toFixed(2), currency);
  return `${t > 0 ? 'Rising' : 'Falling'} by about ${amount} a day, each day`;
}

/** The four numbers that answer "will the money last?": spent, burn rate, projection, and when the ceiling is reached. */
export function UsageFigures({ summary: s }: { summary: UsageSummary }) {
  const money = (v: string) => formatMoney(v, s.currency);
  const whole = (v: string) => formatMoneyWhole(v, s.currency);
  const pct = s.percentOfCeiling === null ? null : Number(s.percentOfCeiling);
  const projectedPct = shareOf(s.forecast.projectedAtEnd, s.ceiling);
  const over = projectedPct !== null && projectedPct > s.thresholds.ceilingPercent;
  const ceilingSoon = s.forecast.ceilingDate !== null && s.forecast.ceilingDate <= s.endDate;
  const color = burnColor(pct, s.thresholds);
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="md" component="section" aria-label="Spend in figures">
      <Figure
        label="Spent to date"
        value={whole(s.spentToDate)}
        tone={
          pct !== null && pct >= s.thresholds.ceilingPercent
            ? 'bad'
            : pct !== null && pct >= s.thresholds.forecastPercent
              ? 'warn'
              : undefined
        }
      >
        {s.ceiling ? (
          <>
            <Progress value={Math.min(100, pct ?? 0)} color={color} size="md" mt={6} aria-hidden="true" />
            <Text size="sm" mt={4}>
              {percentText(s.percentOfCeiling)} of the {s.ceilingLabel} ({whole(s.ceiling)})
            </Text>
          </>
        ) : (
          <Text size="sm">The contract has no ceiling or value to measure against.</Text>
        )}
      </Figure>
      <Figure label="Burn rate" value={`${whole(s.forecast.burnRatePerDay)} a day`}>
        <Text size="sm">
          {money(s.forecast.burnRatePerDay)} on average over the last {s.thresholds.forecastWindowDays} days.
        </Text>
        <Text size="sm" c="dimmed">
          {trendText(s.forecast.trendPerDay, s.currency)}
        </Text>
      </Figure>
      <Figure label={`Projected by ${formatDate(s.endDate)}`} value={whole(s.forecast.projectedAtEnd)} tone={over ? 'bad' : undefined}>
        <Text size="sm">
          95% range {whole(s.forecast.projectedAtEndLow)} to {whole(s.forecast.projectedAtEndHigh)}
        </Text>
        {projectedPct !== null && (
          <Text size="sm" c={over ? BAD_TEXT : 'dimmed'} fw={over ? 600 : undefined}>
            {percentText(projectedPct.toFixed(1))} of the {s.ceilingLabel}
          </Text>
        )}
      </Figure>
      <Figure
        label={s.ceilingLabel === 'allotted funds' ? 'Date the allotted funds run out' : `Date the ${s.ceilingLabel} is reached`}
        value={!s.ceiling ? '—' : s.forecast.ceilingDate ? formatDate(s.forecast.ceilingDate) : 'Not before the end'}
        tone={ceilingSoon ? 'bad' : undefined}
      >
        <Text size="sm">
          {!s.ceiling
            ? 'Set allotted funds in the settings below to track them.'
            : s.forecast.ceilingDate
              ? ceilingSoon
                ? `Before the contract ends on ${formatDate(s.endDate)}, at the current pace and trend.`
                : 'After the contract ends, at the current pace and trend.'
              : `Not before the contract ends on ${formatDate(s.endDate)}, at the current pace and trend.`}
        </Text>
      </Figure>
    </SimpleGrid>
  );
}
