import { Badge, Group, List, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { Column } from '../../components/DataTable';
import { DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, formatMoney, plural } from '../../lib/format';
import { type InterestPeriod, type InterestResult, type Invoice, useInvoiceInterest } from './invoices.api';
import { WARN_TEXT } from './vocabulary';

/** The periods interest ran over: principal at the start, rate, days and interest. */
export function PeriodsTable({ result, currency, caption }: { result: InterestResult; currency: string; caption: string }) {
  if (!result.periods.length) return null;
  const columns: Column<InterestPeriod & { n: number }>[] = [
    {
      key: 'days',
      header: 'Days',
      render: (p) => (
        <div>
          <Text size="sm">
            <DateText value={p.from} /> to <DateText value={p.to} />
          </Text>
          <Text size="xs" c="dimmed">
            {plural(p.days, 'day')}
          </Text>
        </div>
      ),
    },
    { key: 'principal', header: 'Principal at the start', align: 'right', render: (p) => formatMoney(p.principalAtStart, currency) },
    { key: 'rate', header: 'Annual rate', align: 'right', render: (p) => `${p.annualRatePercent}%` },
    { key: 'interest', header: 'Interest', align: 'right', render: (p) => formatMoney(p.interest, currency) },
  ];
  return (
    <DataTable
      caption={caption}
      columns={columns}
      rows={result.periods.map((p, n) => ({ ...p, n }))}
      rowKey={(p) => String(p.n)}
      minWidth={520}
    />
  );
}

/** An interest figure with the steps that led to it. */
export function InterestResultView({
  result,
  currency,
  caption,
  headline,
}: {
  result: InterestResult;
  currency: string;
  caption: string;
  headline?: string;
}) {
  return (
    <Stack gap="sm">
      <Group gap="lg" wrap="wrap" align="flex-end">
        {headline && (
          <Text size="sm" fw={600}>
            {headline}
          </Text>
        )}
        <div>
          <Text size="xs" c="dimmed" fw={600}>
            Interest
          </Text>
          <Text fz={22} fw={700} c={Number(result.total) > 0 ? WARN_TEXT : 'steward.9'} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {formatMoney(result.total, currency)}
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed" fw={600}>
            Days late
          </Text>
          <Text fz={22} fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {result.daysLate}
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed" fw={600}>
            Annual rate
          </Text>
          <Text fz={22} fw={700}>
            {result.annualRatePercent}%
          </Text>
        </div>
        {Number(result.fixedCompensation) > 0 && (
          <div>
            <Text size="xs" c="dimmed" fw={600}>
              Fixed compensation
            </Text>
            <Text fz={22} fw={700}>
              {formatMoney(result.fixedCompensation, currency)}
            </Text>
          </div>
        )}
        {!result.payable && Number(result.total) > 0 && (
          <Badge color="gray" size="lg">
            Under the minimum: need not be paid
          </Badge>
        )}
      </Group>
      <PeriodsTable result={result} currency={currency} caption={caption} />
      <div>
        <Title order={4} fz="sm" mb={4}>
          The working
        </Title>
        <List type="ordered" size="sm" spacing={4}>
          {result.working.map((w) => (
            <List.Item key={w}>{w}</List.Item>
          ))}
        </List>
      </div>
    </Stack>
  );
}

/**
 * The invoice's late-payment interest with the working: what is accruing on the unpaid amount,
 * and what each late payment carried.
 */
export function InterestWorking({ invoice }: { invoice: Invoice }) {
  const query = useInvoiceInterest(invoice.id);
  if (query.error) return <ErrorAlert error={query.error} title="Could not load the interest working" onRetry={() => query.refetch()} />;
  if (!query.data) return <Skeleton height={80} aria-busy="true" />;
  const d = query.data;
  const latePayments = d.payments.filter((p) => p.interest && p.interest.daysLate > 0);
  return (
    <Stack gap="lg">
      {d.accrued && d.accrued.daysLate > 0 && (
        <InterestResultView
          result={d.accrued}
          currency={d.currency}
          caption="Interest accrued so far, by period"
          headline={`Accrued on the ${formatMoney(d.outstanding, d.currency)} still owed, if it were paid today (${formatDate(d.asOf)})`}
        />
      )}
      {latePayments.map((p, i) => (
        <Paper key={p.paymentId} p="md" bg="gray.0">
          <Title order={3} fz="sm" mb="sm">
            Payment of {formatMoney(p.amount, d.currency)} on {formatDate(p.date)}: {formatMoney(p.interestPaid, d.currency)} interest paid
            with it
          </Title>
          {p.interest && (
            <InterestResultView result={p.interest} currency={d.currency} caption={`Interest on late payment ${i + 1}, by period`} />
          )}
        </Paper>
      ))}
      {!latePayments.length && !(d.accrued && d.accrued.daysLate > 0) && (
        <Text size="sm">{d.message ?? 'No late-payment interest: nothing was paid late.'}</Text>
      )}
      {latePayments.length > 0 && d.message && !d.accrued && (
        <Text size="sm" c="dimmed">
          {d.message}
        </Text>
      )}
      {Number(d.interestPaid) > 0 && (
        <Text size="sm" fw={600}>
          Interest paid on this invoice so far: {formatMoney(d.interestPaid, d.currency)}.
        </Text>
      )}
    </Stack>
  );
}
