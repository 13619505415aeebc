import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Button, Collapse, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useId } from 'react';
import { formatDate } from '../../lib/format';
import type { HealthPoint } from './findings.api';

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const shortDay = (day: string) => `${Number(day.slice(8, 10))} ${SHORT_MONTHS[Number(day.slice(5, 7)) - 1]}`;

/** The days the score changed (and the first day), newest first: the chart's figures as a table. */
function changes(history: HealthPoint[]): HealthPoint[] {
  const out: HealthPoint[] = [];
  history.forEach((p, i) => {
    const prev = history[i - 1];
    if (
      !prev ||
      prev.score !== p.score ||
      prev.openCritical !== p.openCritical ||
      prev.openWarning !== p.openWarning ||
      prev.openInfo !== p.openInfo
    )
      out.push(p);
  });
  return out.reverse();
}

/** A sentence that says what the chart shows, for everyone (and instead of the chart for screen readers). */
export function healthSummary(history: HealthPoint[]): string {
  if (history.length === 0) return 'No health score has been recorded yet.';
  const first = history[0];
  const last = history[history.length - 1];
  if (history.length === 1)
    return `The score was first recorded on ${formatDate(first.day)}: ${first.score}. Its history builds up day by day.`;
  const low = history.reduce((m, p) => (p.score < m.score ? p : m), first);
  const high = history.reduce((m, p) => (p.score > m.score ? p : m), first);
  const span = `From ${formatDate(first.day)} to ${formatDate(last.day)}`;
  if (low.score === high.score) return `${span} the score stayed at ${last.score}.`;
  return `${span} the score went from ${first.score} to ${last.score}; lowest ${low.score} (${formatDate(low.day)}), highest ${high.score}.`;
}

/** A year of a contract's health score as a step line, with a text summary and the figures as a table. */
export function HealthChart({ history }: { history: HealthPoint[] }) {
  const [open, { toggle }] = useDisclosure(false);
  const tableId = useId();
  // A single day is not a line: say it in words.
  if (history.length < 2) return <Text size="sm">{healthSummary(history)}</Text>;
  const rows = changes(history);
  return (
    <Stack gap="xs">
      <figure style={{ margin: 0 }}>
        {/* The chart is a picture of the summary and table below; assistive technology reads those instead. */}
        <div aria-hidden="true">
          <LineChart
            h={180}
            data={history}
            dataKey="day"
            series={[{ name: 'score', label: 'Health score', color: 'steward.7' }]}
            curveType="stepAfter"
            withDots={false}
            strokeWidth={2.5}
            yAxisProps={{ domain: [0, 100], ticks: [0, 50, 80, 100], width: 36 }}
            xAxisProps={{ tickFormatter: shortDay, minTickGap: 24 }}
            referenceLines={[
              { y: 80, color: 'green.7', label: 'Good', labelPosition: 'insideTopLeft' },
              { y: 50, color: 'orange.7', label: 'Fair', labelPosition: 'insideTopLeft' },
            ]}
            tooltipProps={{ labelFormatter: (d) => formatDate(String(d)) }}
            gridAxis="y"
            accessibilityLayer={false}
            tickLine="none"
          />
        </div>
        <figcaption>
          <Text size="sm" mt="xs">
            {healthSummary(history)}
          </Text>
        </figcaption>
      </figure>
      <div>
        <Button variant="subtle" size="compact-sm" onClick={toggle} aria-expanded={open} aria-controls={tableId}>
          {open ? 'Hide the changes as a table' : 'Show the changes as a table'}
        </Button>
        <Collapse expanded={open} id={tableId}>
          <Table mt="xs" maw={560} aria-label="Health score changes, newest first">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>From</Table.Th>
                <Table.Th ta="right">Score</Table.Th>
                <Table.Th ta="right">Critical</Table.Th>
                <Table.Th ta="right">Warnings</Table.Th>
                <Table.Th ta="right">Info</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((p) => (
                <Table.Tr key={p.day}>
                  <Table.Td>{formatDate(p.day)}</Table.Td>
                  <Table.Td ta="right">{p.score}</Table.Td>
                  <Table.Td ta="right">{p.openCritical}</Table.Td>
                  <Table.Td ta="right">{p.openWarning}</Table.Td>
                  <Table.Td ta="right">{p.openInfo}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Collapse>
      </div>
    </Stack>
  );
}
