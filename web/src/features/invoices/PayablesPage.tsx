import { Group, Paper, SegmentedControl, Select, SimpleGrid, Skeleton, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useDepartments, useVendorOptions } from '../../api/lookups';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ButtonLink, TextLink } from '../../components/links';
import { Money } from '../../components/Money';
import { PageHeader } from '../../components/PageHeader';
import { SearchInput } from '../../components/SearchInput';
import { optionalPositiveInt, optionalString, type PageSearch, pageSearch } from '../../lib/search';
import { useCan, useMe } from '../auth/session';
import { CalculatorIcon } from './invoiceIcons';
import { DueCell } from './InvoicesTab';
import {
  INVOICE_STATES,
  type InvoiceState,
  type InvoiceSummary,
  PAYABLE_FILTERS,
  type PayableFilter,
  usePayables,
  usePayablesSummary,
} from './invoices.api';
import { PayablesChart } from './PayablesChart';
import { BAD_TEXT, FILTER_LABELS, InvoiceStateBadge, STATE_LABELS, WARN_TEXT, options } from './vocabulary';

export interface PayablesSearch extends PageSearch {
  /** open (the default), due_this_week, late, defective, paid or all. */
  filter?: PayableFilter;
  departmentId?: string;
  vendorId?: string;
  state?: InvoiceState;
  q?: string;
  /** Months in the chart: 6, 12 (the default) or 24. */
  months?: number;
}

const MONTHS = [6, 12, 24];

export function parsePayablesSearch(search: Record<string, unknown>): PayablesSearch {
  const f = optionalString(search.filter);
  const s = optionalString(search.state);
  const m = optionalPositiveInt(search.months);
  return {
    filter: PAYABLE_FILTERS.includes(f as PayableFilter) ? (f as PayableFilter) : undefined,
    departmentId: optionalString(search.departmentId),
    vendorId: optionalString(search.vendorId),
    state: INVOICE_STATES.includes(s as InvoiceState) ? (s as InvoiceState) : undefined,
    q: optionalString(search.q),
    months: m && MONTHS.includes(m) ? m : undefined,
    ...pageSearch(search),
  };
}

const EMPTY: Record<PayableFilter, { title: string; description: string }> = {
  open: { title: 'Every invoice is paid', description: 'No invoice on the contracts you can see is waiting to be paid.' },
  due_this_week: {
    title: 'Nothing falls due this week',
    description: 'No unpaid invoice is due in the next 7 days. Choose “Not paid” to see everything still open.',
  },
  late: { title: 'Nothing is late', description: 'No unpaid invoice is past its due date.' },
  defective: {
    title: 'No defective invoices',
    description: 'No invoice fails the proper-invoice checklist or waits, returned, for the vendor to correct it.',
  },
  paid: { title: 'Nothing paid yet', description: 'Paid invoices appear here once procurement records their payments.' },
  all: {
    title: 'No invoices yet',
    description: 'Invoices appear here when vendors submit them or procurement enters them on a contract’s Invoices tab.',
  },
};

function Count({
  label,
  value,
  filter,
  active,
  search,
  tone,
}: {
  label: string;
  value?: number;
  filter: PayableFilter;
  active: boolean;
  search: PayablesSearch;
  tone?: 'bad' | 'warn';
}) {
  return (
    <Paper
      p={{ base: 'sm', sm: 'lg' }}
      style={{ position: 'relative', outline: active ? '2px solid var(--mantine-color-steward-7)' : undefined }}
    >
      <Text size="sm" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text
        fz={{ base: 26, sm: 34 }}
        fw={700}
        lh={1.2}
        my={4}
        c={value && tone === 'bad' ? BAD_TEXT : value && tone === 'warn' ? WARN_TEXT : 'steward.9'}
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        {value === undefined ? '–' : value.toLocaleString('en-GB')}
      </Text>
      <TextLink
        to="/payables"
        search={{ ...search, filter, page: undefined }}
        size="sm"
        fw={600}
        aria-current={active ? 'true' : undefined}
      >
        {active ? 'Showing these' : 'Show these'}
        <VisuallyHidden component="span"> invoices: {label.toLowerCase()}</VisuallyHidden>
        <span style={{ position: 'absolute', inset: 0 }} aria-hidden="true" />
      </TextLink>
    </Paper>
  );
}

/** Payables across the contracts the user can see: what falls due, what is late or defective, and how payment went by month. */
export function PayablesPage({ search }: { search: PayablesSearch }) {
  const navigate = useNavigate();
  const me = useMe();
  const can = useCan();
  const vendorUser = me.vendorId !== null;
  const filter = search.filter ?? 'open';
  const page = search.page ?? 1;
  const pageSize = search.pageSize ?? 25;
  const months = search.months ?? 12;
  const query = usePayables({
    filter,
    departmentId: search.departmentId,
    vendorId: search.vendorId,
    state: search.state,
    q: search.q,
    page,
    pageSize,
  });
  const summary = usePayablesSummary({ months, departmentId: search.departmentId });
  const departments = useDepartments(can('department.read') && !vendorUser);
  const vendors = useVendorOptions(can('vendor.read') && !vendorUser);
  const update = (patch: Partial<PayablesSearch>) => navigate({ to: '/payables', search: { ...search, page: undefined, ...patch } });

  const columns: Column<InvoiceSummary>[] = [
    {
      key: 'invoice',
      header: 'Invoice',
      render: (i) => (
        <div>
          <TextLink to="/invoices/$invoiceId" params={{ invoiceId: i.id }} size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
            {i.vendorInvoiceNumber}
          </TextLink>
          <Text size="xs" c="dimmed">
            Received <DateText value={i.receivedDate} />
          </Text>
        </div>
      ),
    },
    { key: 'due', header: 'Due', render: (i) => <DueCell invoice={i} /> },
    { key: 'state', header: 'State', render: (i) => <InvoiceStateBadge invoice={i} size="sm" /> },
    {
      key: 'amount',
      header: 'Outstanding',
      align: 'right',
      render: (i) => (
        <div>
          {i.state === 'returned_defective' ? '—' : <Money amount={i.outstanding} currency={i.currency} />}
          <Text size="xs" c="dimmed">
            of <Money amount={i.total} currency={i.currency} />
          </Text>
        </div>
      ),
    },
    {
      key: 'contract',
      header: 'Contract',
      render: (i) => (
        <div>
          <TextLink to="/contracts/$id" params={{ id: i.contract.id }} search={{ tab: 'invoices' }} size="sm" fw={600}>
            {i.contract.reference}
          </TextLink>
          <Text size="xs" c="dimmed" lineClamp={2} maw={240}>
            {i.contract.title}
          </Text>
        </div>
      ),
    },
  ];
  if (!vendorUser)
    columns.push({
      key: 'vendor',
      header: 'Vendor and department',
      render: (i) => (
        <div>
          <Text size="sm">{i.vendor.name}</Text>
          <Text size="xs" c="dimmed">
            {i.department.name}
          </Text>
        </div>
      ),
    });

  const open = summary.data?.open;
  return (
    <>
      <PageHeader
        title={vendorUser ? 'Your invoices' : 'Payables'}
        description={
          vendorUser
            ? 'Your invoices to the city and where each stands: due dates, payments, and any returned to you for correction.'
            : 'Are we paying vendors in a timely manner? What falls due this week, what is late or defective, and how payment went month by month, across the contracts you can see.'
        }
        actions={
          !vendorUser && (
            <ButtonLink to="/prompt-payment/interest" variant="default" leftSection={<CalculatorIcon size={16} />}>
              Interest calculator
            </ButtonLink>
          )
        }
      />
      <Stack gap="md">
        <SimpleGrid cols={3} spacing={{ base: 'xs', sm: 'md' }} component="section" aria-label="Payables in figures">
          <Count
            label="Due this week"
            value={open?.dueThisWeek}
            filter="due_this_week"
            active={filter === 'due_this_week'}
            search={search}
            tone="warn"
          />
          <Count label="Late, not paid" value={open?.late} filter="late" active={filter === 'late'} search={search} tone="bad" />
          <Count label="Defective" value={open?.defective} filter="defective" active={filter === 'defective'} search={search} tone="warn" />
        </SimpleGrid>

        <Paper p="lg" component="section" aria-labelledby="chart-heading">
          <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap">
            <Title order={2} fz="lg" id="chart-heading">
              Paid on time and late, by month
            </Title>
            <Select
              label="Period"
              data={MONTHS.map((m) => ({ value: String(m), label: `Last ${m} months` }))}
              value={String(months)}
              onChange={(v) => navigate({ to: '/payables', search: { ...search, months: v && v !== '12' ? Number(v) : undefined } })}
              allowDeselect={false}
              w={180}
            />
          </Group>
          {summary.error ? (
            <ErrorAlert error={summary.error} title="Could not load the figures" onRetry={() => summary.refetch()} />
          ) : summary.data ? (
            <PayablesChart summary={summary.data} />
          ) : (
            <Skeleton height={220} aria-busy="true" />
          )}
        </Paper>

        <Paper p="md" component="section" aria-label="Filter invoices">
          <Stack gap="sm">
            <div>
              <Text size="sm" fw={600} id="filter-label" mb={4}>
                Show
              </Text>
              <SegmentedControl
                aria-labelledby="filter-label"
                value={filter}
                onChange={(v) => update({ filter: v === 'open' ? undefined : (v as PayableFilter) })}
                data={PAYABLE_FILTERS.map((f) => ({ value: f, label: FILTER_LABELS[f] }))}
                style={{ flexWrap: 'wrap' }}
              />
            </div>
            <Group align="flex-end" gap="sm" wrap="wrap">
              <SearchInput
                label="Invoice number or contract reference"
                placeholder="e.g. CAI-2025 or HV-2025-014"
                value={search.q}
                onSearch={(q) => update({ q })}
              />
              <Select
                label="State"
                placeholder="Any"
                data={options(STATE_LABELS)}
                value={search.state ?? null}
                onChange={(v) => update({ state: (v as InvoiceState | null) ?? undefined })}
                clearable
                w={220}
              />
              {departments.data && (
                <Select
                  label="Department"
                  placeholder="Any"
                  data={departments.data.items.map((d) => ({ value: d.id, label: d.name }))}
                  value={search.departmentId ?? null}
                  onChange={(v) => update({ departmentId: v ?? undefined })}
                  clearable
                  searchable
                  nothingFoundMessage="No match"
                  w={240}
                />
              )}
              {vendors.data && (
                <Select
                  label="Vendor"
                  placeholder="Any"
                  data={vendors.data}
                  value={search.vendorId ?? null}
                  onChange={(v) => update({ vendorId: v ?? undefined })}
                  clearable
                  searchable
                  nothingFoundMessage="No match"
                  w={260}
                />
              )}
            </Group>
          </Stack>
        </Paper>

        {query.data && query.data.total === 0 ? (
          <Paper>
            <EmptyState
              {...(search.q || search.state || search.departmentId || search.vendorId
                ? { title: 'No invoice matches', description: 'Clear a filter or the search to see more.' }
                : EMPTY[filter])}
            />
          </Paper>
        ) : (
          <DataTable
            caption={`Invoices: ${FILTER_LABELS[filter].toLowerCase()}`}
            columns={columns}
            rows={query.data?.items}
            rowKey={(i) => i.id}
            loading={query.isFetching}
            error={query.error}
            onRetry={() => query.refetch()}
            minWidth={vendorUser ? 780 : 960}
            pagination={
              query.data && {
                page,
                pageSize,
                total: query.data.total,
                onPageChange: (p) => navigate({ to: '/payables', search: { ...search, page: p } }),
                onPageSizeChange: (s) => update({ pageSize: s }),
              }
            }
          />
        )}
      </Stack>
    </>
  );
}
