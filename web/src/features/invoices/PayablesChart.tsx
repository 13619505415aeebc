import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Box, Button, Collapse, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useId } from 'react';
import { type Column, DataTable } from '../../components/DataTable';
import { formatMoney, plural } from '../../lib/format';
import type { PayablesMonth, PayablesSummary } from './invoices.api';
import { monthLabel } from './vocabulary';

const ON_TIME = 'teal.7';
const LATE = 'red.7';

/** The chart in sentences: share paid on time, the months with late payments, days to pay, interest. */
export function payablesSentence(s: PayablesSummary): string {
  const { paidOnTime, paidLate, onTimeShare, averageDaysToPay } = s.totals;
  const n = paidOnTime + paidLate;
  if (!n) return `No invoice was paid between ${monthLabel(s.from.slice(0, 7))} and ${monthLabel(s.to.slice(0, 7))}.`;
  const parts = [
    `${plural(n, 'invoice')} paid from ${monthLabel(s.from.slice(0, 7))} to ${monthLabel(s.to.slice(0, 7))}: ${paidOnTime} on time and ${paidLate} late (${Math.round((onTimeShare ?? 0) * 100)}% on time).`,
  ];
  const lateMonths = s.months.filter((m) => m.paidLate > 0);
  if (lateMonths.length) parts.push(`Late payments in ${lateMonths.map((m) => `${monthLabel(m.month)} (${m.paidLate})`).join(', ')}.`);
  if (averageDaysToPay !== null) parts.push(`On average ${averageDaysToPay} days from receipt to payment.`);
  const interest = new Map<string, number>();
  for (const m of s.months) for (const i of m.interestPaid) interest.set(i.currency, (interest.get(i.currency) ?? 0) + Number(i.amount));
  if (interest.size)
    parts.push(`Late-payment interest paid: ${[...interest.entries()].map(([c, a]) => formatMoney(a.toFixed(2), c)).join(', ')}.`);
  return parts.join(' ');
}

function Key({ color, label }: { color: string; label: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Box aria-hidden="true" w={12} h={12} style={{ borderRadius: 2, background: `var(--mantine-color-${color.replace('.', '-')})` }} />
      <Text size="sm">{label}</Text>
    </Group>
  );
}

const money = (values: { currency: string; amount: string }[]) =>
  values.length ? values.map((v) => formatMoney(v.amount, v.currency)).join(', ') : '—';

/** Invoices paid on time against paid late, month by month, with the figures behind the bars on request. */
export function PayablesChart({ summary }: { summary: PayablesSummary }) {
  const [open, { toggle }] = useDisclosure(false);
  const tableId = useId();
  const data = summary.months.map((m) => ({ month: monthLabel(m.month), onTime: m.paidOnTime, late: m.paidLate }));
  const columns: Column<PayablesMonth>[] = [
    { key: 'month', header: 'Month', render: (m) => monthLabel(m.month) },
    { key: 'onTime', header: 'Paid on time', align: 'right', render: (m) => m.paidOnTime },
    { key: 'late', header: 'Paid late', align: 'right', render: (m) => m.paidLate },
    {
      key: 'valueOnTime',
      header: 'Value on time',
      align: 'right',
      render: (m) => money(m.values.filter((v) => Number(v.onTime) > 0).map((v) => ({ currency: v.currency, amount: v.onTime }))),
    },
    {
      key: 'valueLate',
      header: 'Value late',
      align: 'right',
      render: (m) => money(m.values.filter((v) => Number(v.late) > 0).map((v) => ({ currency: v.currency, amount: v.late }))),
    },
    { key: 'interest', header: 'Interest paid', align: 'right', render: (m) => money(m.interestPaid) },
  ];
  return (
    <Stack gap="sm">
      <figure style={{ margin: 0 }}>
        <div aria-hidden="true">
          <BarChart
            h={220}
            data={data}
            dataKey="month"
            type="stacked"
            series={[
              { name: 'onTime', label: 'Paid on time', color: ON_TIME },
              { name: 'late', label: 'Paid late', color: LATE },
            ]}
            yAxisProps={{ allowDecimals: false, width: 32 }}
            gridAxis="y"
            tickLine="none"
            accessibilityLayer={false}
          />
        </div>
        <Group gap="lg" mt="xs">
          <Key color={ON_TIME} label="Paid on time" />
          <Key color={LATE} label="Paid late" />
        </Group>
        <Text component="figcaption" size="sm" mt="xs">
          {payablesSentence(summary)}
        </Text>
      </figure>
      <Group>
        <Button variant="subtle" size="compact-sm" onClick={toggle} aria-expanded={open} aria-controls={tableId}>
          {open ? 'Hide the figures by month' : 'Show the figures by month'}
        </Button>
      </Group>
      <Collapse expanded={open} id={tableId}>
        {open && (
          <DataTable caption="Invoices paid by month" columns={columns} rows={summary.months} rowKey={(m) => m.month} minWidth={640} />
        )}
      </Collapse>
    </Stack>
  );
}
