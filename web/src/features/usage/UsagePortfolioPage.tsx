import { Badge, Paper, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { EmptyState } from '../../components/EmptyState';
import { TextLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { formatMoney, plural } from '../../lib/format';
import { type UsagePortfolioRow, useUsagePortfolio } from './usage.api';
import { BAD_TEXT, burnColor, formatMoneyWhole, percentText, WARN_TEXT } from './vocabulary';

/** The default thresholds (a contract may set its own; its Usage tab shows them). */
const LEVELS = { forecastPercent: 75, ceilingPercent: 100 };

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <Paper p="md">
      <Text size="sm" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text
        fz={{ base: 22, sm: 26 }}
        fw={700}
        lh={1.25}
        c="steward.9"
        style={{ fontVariantNumeric: 'tabular-nums', overflowWrap: 'anywhere' }}
      >
        {value}
      </Text>
      {note && <Text size="sm">{note}</Text>}
    </Paper>
  );
}

/** Sums per currency, as "$1,200.00 + €300.00". */
function sumsByCurrency(rows: UsagePortfolioRow[], pick: (r: UsagePortfolioRow) => string): string {
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(r.currency, (sums.get(r.currency) ?? 0) + Number(pick(r)));
  if (!sums.size) return '—';
  return [...sums.entries()].map(([c, v]) => formatMoneyWhole(v, c)).join(' + ');
}

const columns: Column<UsagePortfolioRow>[] = [
  {
    key: 'contract',
    header: 'Contract',
    width: '28%',
    render: (r) => (
      <Stack gap={0}>
        <TextLink to="/contracts/$id" params={{ id: r.contractId }} search={{ tab: 'usage' }} size="sm" fw={650}>
          {r.reference}
        </TextLink>
        <Text size="sm">{r.title}</Text>
        <Text size="xs" c="dimmed">
          {r.vendorName} · {r.departmentName}
        </Text>
      </Stack>
    ),
  },
  {
    key: 'burn',
    header: 'Of ceiling',
    width: '18%',
    render: (r) => {
      const p = r.percentOfCeiling === null ? null : Number(r.percentOfCeiling);
      if (p === null)
        return (
          <Text size="sm" c="dimmed">
            No ceiling
          </Text>
        );
      const color = burnColor(p, LEVELS);
      return (
        <Stack gap={4} miw={120}>
          <Text size="sm" fw={650} c={color === 'red' ? BAD_TEXT : color === 'orange' ? WARN_TEXT : undefined}>
            {percentText(r.percentOfCeiling)}
            {p >= LEVELS.ceilingPercent ? ' · over' : p >= LEVELS.forecastPercent ? ' · near' : ''}
          </Text>
          <Progress value={Math.min(100, p)} color={color} size="md" aria-hidden="true" />
        </Stack>
      );
    },
  },
  {
    key: 'spent',
    header: 'Spent to date',
    align: 'right',
    render: (r) => (
      <Stack gap={0} align="flex-end">
        <Text size="sm">{formatMoney(r.spentToDate, r.currency)}</Text>
        {r.ceiling && (
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            of {formatMoney(r.ceiling, r.currency)}
          </Text>
        )}
      </Stack>
    ),
  },
  { key: 'last30', header: 'Last 30 days', align: 'right', render: (r) => formatMoney(r.last30Days, r.currency) },
  {
    key: 'unmatched',
    header: 'Unmatched usage',
    render: (r) =>
      r.unmatchedOpen > 0 ? (
        <TextLink
          to="/contracts/$id"
          params={{ id: r.contractId }}
          search={{ tab: 'usage' }}
          hash="unmatched"
          size="sm"
          fw={600}
          aria-label={`${plural(r.unmatchedOpen, 'open item')} of unmatched usage on ${r.reference}`}
        >
          <Badge color="red" size="sm" style={{ cursor: 'pointer' }}>
            {plural(r.unmatchedOpen, 'open item')}
          </Badge>
        </TextLink>
      ) : (
        <Text size="sm" c="dimmed">
          None
        </Text>
      ),
  },
  { key: 'end', header: 'Ends', render: (r) => <DateText value={r.endDate} /> },
];

/** Contracts with usage, by how much of their ceiling (or allotted funds) they have spent. */
export function UsagePortfolioPage() {
  const query = useUsagePortfolio();
  const rows = query.data;
  const near = rows?.filter((r) => r.percentOfCeiling !== null && Number(r.percentOfCeiling) >= LEVELS.forecastPercent).length ?? 0;
  const unmatched = rows?.reduce((n, r) => n + r.unmatchedOpen, 0) ?? 0;
  return (
    <>
      <PageHeader
        title="Usage and spend"
        description="Contracts priced by consumption, by the share of their ceiling (or allotted funds) already spent. Open one to see the forecast, what is used and by whom, and usage nobody approved."
      />
      <Stack gap="lg">
        {rows && rows.length > 0 && (
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md" component="section" aria-label="Usage in figures">
            <Figure label="Contracts with usage" value={rows.length.toLocaleString('en-GB')} />
            <Figure label="Spent in the last 30 days" value={sumsByCurrency(rows, (r) => r.last30Days)} />
            <Figure label={`At ${LEVELS.forecastPercent}% of the ceiling or more`} value={near.toLocaleString('en-GB')} />
            <Figure
              label="Open unmatched usage"
              value={unmatched.toLocaleString('en-GB')}
              note={unmatched ? 'Items of usage no catalog entry covers' : undefined}
            />
          </SimpleGrid>
        )}
        <DataTable
          caption="Contracts by share of the ceiling spent"
          columns={columns}
          rows={rows}
          rowKey={(r) => r.contractId}
          error={query.error}
          onRetry={() => query.refetch()}
          minWidth={900}
          empty={
            <EmptyState
              title="No contract has usage yet"
              description="Spend appears here once cost and usage files are imported on a contract’s Usage tab, or a gateway pushes usage records through the API."
            />
          }
        />
        <Text size="xs" c="dimmed">
          Colours use the default levels: orange from {LEVELS.forecastPercent}% of the ceiling, red from {LEVELS.ceilingPercent}%. A
          contract can set its own thresholds on its Usage tab.
        </Text>
      </Stack>
    </>
  );
}
