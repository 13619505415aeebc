import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Badge, Group, Progress, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { Column } from '../../components/DataTable';
import { formatMoney } from '../../lib/format';
import { ScrollTable } from '../../components/ScrollTable';
import type { ServiceSpend, UsageSummary } from './usage.api';
import { BAD_TEXT, costPerUnit, EnvironmentBadge, formatMoneyShort, formatQuantity, percentText, shareOf, WARN_TEXT } from './vocabulary';

/** Spend by catalog service: against each service's budget, with the units used and what a unit cost. */
export function ServiceSpendTable({ summary, reference }: { summary: UsageSummary; reference: string }) {
  const currency = summary.currency;
  const limit = summary.thresholds.serviceBudgetPercent;
  const total = summary.byService.reduce((sum, s) => sum + Number(s.cost), 0);
  const columns: Column<ServiceSpend>[] = [
    {
      key: 'name',
      header: 'Service',
      width: '26%',
      render: (s) => (
        <Stack gap={2}>
          <Text size="sm" fw={600} c={s.serviceId === null ? BAD_TEXT : undefined}>
            {s.name}
          </Text>
          <Group gap={4}>
            {s.serviceId === null ? (
              <Badge color="red" size="xs">
                Unmatched
              </Badge>
            ) : (
              <EnvironmentBadge environment={s.environment} size="xs" />
            )}
          </Group>
        </Stack>
      ),
    },
    { key: 'cost', header: 'Spent', align: 'right', render: (s) => formatMoney(s.cost, currency) },
    { key: 'budget', header: 'Budget', align: 'right', render: (s) => (s.budget ? formatMoney(s.budget, currency) : '—') },
    {
      key: 'share',
      header: 'Of budget',
      render: (s) => {
        const p = shareOf(s.cost, s.budget);
        if (p === null)
          return (
            <Text size="sm" c="dimmed">
              No budget
            </Text>
          );
        const tone = p >= limit ? 'red' : p >= limit * 0.75 ? 'orange' : 'steward';
        return (
          <Stack gap={4} miw={110}>
            <Text size="sm" fw={p >= limit ? 650 : undefined} c={p >= limit ? BAD_TEXT : p >= limit * 0.75 ? WARN_TEXT : undefined}>
              {percentText(p.toFixed(1))}
            </Text>
            <Progress value={Math.min(100, p)} color={tone} size="sm" aria-hidden="true" />
          </Stack>
        );
      },
    },
    {
      key: 'quantity',
      header: 'Used',
      render: (s) =>
        s.quantities.length ? (
          <Stack gap={0}>
            {s.quantities.map((q) => (
              <Text size="sm" key={q.unit} style={{ whiteSpace: 'nowrap' }}>
                {formatQuantity(q.quantity)} {q.unit}
              </Text>
            ))}
          </Stack>
        ) : (
          '—'
        ),
    },
    {
      key: 'unit',
      header: 'Cost per unit',
      render: (s) =>
        // Cost per unit is only meaningful when the service is priced in one unit.
        s.quantities.length === 1 ? (
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {costPerUnit(s.cost, s.quantities[0].quantity, s.quantities[0].unit, currency) ?? '—'}
          </Text>
        ) : s.quantities.length > 1 ? (
          <Text size="sm" c="dimmed">
            Several units
          </Text>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <ScrollTable
      caption={`Spend by service on ${reference}`}
      columns={columns}
      rows={summary.byService}
      rowKey={(s) => s.serviceId ?? 'unmatched'}
      minWidth={820}
      footer={['Total', formatMoney(total.toFixed(2), currency), '', '', '', '']}
    />
  );
}

/** Spend by department (from the department tag on usage rows): bars for the eye, a table for the figures. */
export function DepartmentSpend({ summary, reference }: { summary: UsageSummary; reference: string }) {
  const currency = summary.currency;
  const rows = useMemo(
    () => [...summary.byDepartment].sort((a, b) => Number(b.cost) - Number(a.cost)).map((d) => ({ ...d, value: Number(d.cost) })),
    [summary.byDepartment],
  );
  const total = rows.reduce((sum, d) => sum + d.value, 0);
  const columns: Column<(typeof rows)[number]>[] = [
    { key: 'department', header: 'Department', render: (d) => d.department },
    { key: 'cost', header: 'Spent', align: 'right', render: (d) => formatMoney(d.cost, currency) },
    { key: 'share', header: 'Share', align: 'right', render: (d) => (total > 0 ? percentText(((d.value / total) * 100).toFixed(1)) : '—') },
  ];
  return (
    <Stack gap="md">
      {rows.length > 1 && (
        <div aria-hidden="true">
          <BarChart
            h={Math.max(120, rows.length * 40 + 40)}
            data={rows}
            dataKey="department"
            orientation="vertical"
            series={[{ name: 'value', label: 'Spent', color: 'steward.7' }]}
            gridAxis="x"
            tickLine="none"
            xAxisProps={{ tickFormatter: (v: number) => formatMoneyShort(v, currency) }}
            yAxisProps={{ width: 130 }}
            valueFormatter={(v) => formatMoney(v.toFixed(2), currency)}
            accessibilityLayer={false}
          />
        </div>
      )}
      <ScrollTable
        caption={`Spend by department on ${reference}`}
        columns={columns}
        rows={rows}
        rowKey={(d) => d.department}
        minWidth={360}
        footer={['Total', formatMoney(total.toFixed(2), currency), '']}
      />
    </Stack>
  );
}
