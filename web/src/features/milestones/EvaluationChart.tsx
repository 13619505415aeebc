import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { formatDate } from '../../lib/format';
import type { Criterion, EvaluationRun } from './milestones.api';
import { thresholdText } from './vocabulary';

const SERIES_COLORS = ['steward.8', 'grape.7', 'indigo.7', 'cyan.8', 'pink.7', 'lime.8'];

/** One sentence per metric: its values run by run, against its threshold. */
export function metricSummary(c: Criterion, runs: EvaluationRun[]): string {
  const points = runs.flatMap((r, i) => {
    const hit = r.results.find((x) => x.criterion === c.name);
    return hit && hit.value !== null ? [`run ${i + 1} (${formatDate(r.runDate)}) ${hit.value}, ${hit.passed ? 'passes' : 'fails'}`] : [];
  });
  const metric = c.metric && c.metric.toLowerCase() !== c.name.toLowerCase() ? ` (${c.metric})` : '';
  const head = `${c.name}${metric}, ${thresholdText(c)}`;
  return points.length ? `${head}: ${points.join('; ')}.` : `${head}: no value recorded yet.`;
}

/**
 * A small chart per numeric criterion: the measured value over the runs, with the threshold as
 * a reference line (each metric on its own scale: accuracy and latency do not share an axis).
 */
export function EvaluationChart({ criteria, runs }: { criteria: Criterion[]; runs: EvaluationRun[] }) {
  const numeric = criteria.filter((c) => c.threshold !== null && c.direction);
  if (!numeric.length || !runs.length) return null;
  return (
    <SimpleGrid cols={{ base: 1, md: numeric.length > 1 ? 2 : 1 }} spacing="md">
      {numeric.map((c, k) => {
        const data = runs.map((r, i) => {
          const hit = r.results.find((x) => x.criterion === c.name);
          return { run: `Run ${i + 1}`, date: r.runDate, value: hit?.value ?? null };
        });
        const named = c.metric && c.metric.toLowerCase() !== c.name.toLowerCase() ? ` · ${c.metric}` : '';
        return (
          <Paper key={c.name} p="md" withBorder component="figure" m={0}>
            <Title order={3} fz="sm" mb={4}>
              {c.name}
              {named} ({thresholdText(c)})
            </Title>
            <div aria-hidden="true">
              <LineChart
                h={170}
                data={data}
                dataKey="run"
                series={[{ name: 'value', label: c.metric ?? c.name, color: SERIES_COLORS[k % SERIES_COLORS.length] }]}
                referenceLines={[
                  {
                    y: c.threshold as number,
                    color: 'red.9',
                    label: `Threshold ${c.threshold}`,
                    labelPosition: 'insideTopRight',
                    strokeDasharray: '5 4',
                    // Keep the threshold on the chart even when every value is far from it.
                    ifOverflow: 'extendDomain',
                  },
                ]}
                yAxisProps={{ domain: ['auto', 'auto'], width: 52 }}
                withDots
                dotProps={{ r: 5 }}
                strokeWidth={2.5}
                connectNulls
                gridAxis="y"
                tickLine="none"
                tooltipProps={{ labelFormatter: (label, payload) => `${label}, ${formatDate(payload?.[0]?.payload?.date)}` }}
                accessibilityLayer={false}
              />
            </div>
            <Text component="figcaption" size="xs" mt={6}>
              {metricSummary(c, runs)}
            </Text>
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}
