import { Badge, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useDepartments } from '../../api/lookups';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { EmptyState } from '../../components/EmptyState';
import { TextLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { optionalString, type PageSearch, pageSearch } from '../../lib/search';
import { type MilestoneWindow, type PortfolioMilestone, WINDOWS, usePortfolioMilestones } from './milestones.api';
import { useCan, useMe } from '../auth/session';
import { STATUS_LABELS, TEAM_LABELS, TYPE_LABELS, BAD_TEXT, GOOD_TEXT } from './vocabulary';

export interface MilestoneSearch extends PageSearch {
  /** upcoming (the default), late, open (not met) or all. */
  window?: MilestoneWindow;
  departmentId?: string;
}

export function parseMilestoneSearch(search: Record<string, unknown>): MilestoneSearch {
  const w = optionalString(search.window);
  return {
    window: WINDOWS.includes(w as MilestoneWindow) ? (w as MilestoneWindow) : undefined,
    departmentId: optionalString(search.departmentId),
    ...pageSearch(search),
  };
}

const WINDOW_LABELS: Record<MilestoneWindow, string> = {
  upcoming: 'Due in the next 30 days',
  late: 'Late',
  open: 'Not met yet',
  all: 'All milestones',
};

/** What each view says when it is empty, and what to do. */
const EMPTY: Record<MilestoneWindow, { title: string; description: string }> = {
  upcoming: {
    title: 'Nothing due in the next 30 days',
    description: 'Choose “All milestones” to see the rest, or add milestones on a contract’s Milestones tab.',
  },
  late: {
    title: 'Nothing is late',
    description: 'No milestone on the contracts you can see is past its due date without being met.',
  },
  open: { title: 'Every milestone is met', description: 'No milestone on the contracts you can see is waiting to be met.' },
  all: { title: 'No milestones yet', description: 'Milestones appear here once they are added on a contract’s Milestones tab.' },
};

function Count({
  label,
  value,
  active,
  to,
  search,
  tone,
}: {
  label: string;
  value?: number;
  active: boolean;
  to: MilestoneWindow;
  search: MilestoneSearch;
  tone?: 'bad';
}) {
  return (
    <Paper p="lg" style={{ position: 'relative', outline: active ? '2px solid var(--mantine-color-steward-7)' : undefined }}>
      <Text size="sm" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text
        fz={34}
        fw={700}
        lh={1.2}
        my={4}
        c={tone === 'bad' && value ? BAD_TEXT : 'steward.9'}
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        {value === undefined ? '–' : value.toLocaleString('en-GB')}
      </Text>
      <TextLink
        to="/milestones"
        search={{ ...search, window: to === 'upcoming' ? undefined : to, page: undefined }}
        size="sm"
        fw={600}
        aria-current={active ? 'true' : undefined}
      >
        {active ? 'Showing these' : 'Show these'}
        <span style={{ position: 'absolute', inset: 0 }} aria-hidden="true" />
      </TextLink>
    </Paper>
  );
}

function When({ m }: { m: PortfolioMilestone }) {
  if (m.daysLate !== null && m.daysLate > 0)
    return (
      <Badge color="red" size="md">
        {m.daysLate} {m.daysLate === 1 ? 'day' : 'days'} late
      </Badge>
    );
  if (m.status === 'met')
    return (
      <Badge color={m.slipDays ? 'orange' : 'green'} size="sm">
        Met{m.slipDays ? `, ${m.slipDays} days late` : ''}
      </Badge>
    );
  if (m.daysUntilDue !== null)
    return (
      <Badge color={m.daysUntilDue <= 7 ? 'orange' : 'gray'} size="sm">
        {m.daysUntilDue === 0 ? 'Due today' : `In ${m.daysUntilDue} ${m.daysUntilDue === 1 ? 'day' : 'days'}`}
      </Badge>
    );
  return <Badge size="sm">{STATUS_LABELS[m.status]}</Badge>;
}

/** Upcoming and late milestones across the contracts the user can see. */
export function MilestonesPage({ search }: { search: MilestoneSearch }) {
  const navigate = useNavigate();
  const me = useMe();
  const shown = search.window ?? 'upcoming';
  const page = search.page ?? 1;
  const pageSize = search.pageSize ?? 25;
  const departmentId = search.departmentId;
  const query = usePortfolioMilestones({ window: shown, departmentId, page, pageSize });
  const late = usePortfolioMilestones({ window: 'late', departmentId, page: 1, pageSize: 1 });
  const upcoming = usePortfolioMilestones({ window: 'upcoming', departmentId, page: 1, pageSize: 1 });
  const can = useCan();
  const departments = useDepartments(can('department.read') && !me.vendorId);
  const update = (patch: Partial<MilestoneSearch>) => navigate({ to: '/milestones', search: { ...search, page: undefined, ...patch } });

  const columns: Column<PortfolioMilestone>[] = [
    { key: 'when', header: 'When', render: (m) => <When m={m} /> },
    {
      key: 'milestone',
      header: 'Milestone',
      width: '26%',
      render: (m) => (
        <div>
          <Text size="sm" fw={600}>
            {m.title}
          </Text>
          <Text size="xs" c="dimmed">
            {TYPE_LABELS[m.type]}
            {m.status !== 'scheduled' ? ` · ${STATUS_LABELS[m.status]}` : ''}
          </Text>
        </div>
      ),
    },
    { key: 'due', header: 'Due', render: (m) => <DateText value={m.dueDate} /> },
    {
      key: 'contract',
      header: 'Contract',
      render: (m) => (
        <div>
          <TextLink to="/contracts/$id" params={{ id: m.contractId }} search={{ tab: 'milestones' }} size="sm" fw={600}>
            {m.contractReference}
          </TextLink>
          <Text size="xs" c="dimmed" lineClamp={2} maw={220}>
            {m.contractTitle}
          </Text>
        </div>
      ),
    },
    {
      key: 'vendor',
      header: 'Vendor and department',
      render: (m) => (
        <div>
          <Text size="sm">{m.vendorName}</Text>
          <Text size="xs" c="dimmed">
            {m.departmentName}
          </Text>
        </div>
      ),
    },
    {
      key: 'deliverables',
      header: 'Deliverables delivered',
      render: (m) =>
        m.deliverablesTotal ? (
          <Text size="sm" c={m.deliverablesDelivered < m.deliverablesTotal ? undefined : GOOD_TEXT}>
            {m.deliverablesDelivered} of {m.deliverablesTotal}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            None linked
          </Text>
        ),
    },
    {
      key: 'owner',
      header: 'Owner',
      render: (m) =>
        m.owner?.name ??
        (m.ownerTeam ? (
          TEAM_LABELS[m.ownerTeam]
        ) : (
          <Text size="sm" c="dimmed">
            Not assigned
          </Text>
        )),
    },
  ];

  return (
    <>
      <PageHeader
        title="Milestones"
        description={
          me.vendorId
            ? 'Your milestones with the city: what is due in the next 30 days and what is late. Open a contract to see its deliverables and mark them delivered.'
            : 'Is each vendor meeting our milestones? What is due in the next 30 days and what is late, across the contracts you can see. Open a contract to see its milestones and deliverables.'
        }
      />
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md" component="section" aria-label="Milestones in figures">
          <Count label="Late, not met" value={late.data?.total} active={shown === 'late'} to="late" search={search} tone="bad" />
          <Count label="Due in the next 30 days" value={upcoming.data?.total} active={shown === 'upcoming'} to="upcoming" search={search} />
        </SimpleGrid>
        <Paper p="md" component="section" aria-label="Filter milestones">
          <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
            <Stack gap={4}>
              <Text size="sm" fw={600} id="window-label">
                Show
              </Text>
              <SegmentedControl
                aria-labelledby="window-label"
                value={shown}
                onChange={(v) => update({ window: v === 'upcoming' ? undefined : (v as MilestoneWindow) })}
                data={WINDOWS.map((w) => ({ value: w, label: WINDOW_LABELS[w] }))}
                style={{ flexWrap: 'wrap' }}
              />
            </Stack>
            {departments.data && (
              <Select
                label="Department"
                placeholder="Any"
                data={departments.data.items.map((d) => ({ value: d.id, label: d.name }))}
                value={departmentId ?? null}
                onChange={(v) => update({ departmentId: v ?? undefined })}
                clearable
                searchable
                nothingFoundMessage="No match"
                w={260}
              />
            )}
          </Group>
        </Paper>
        {query.data && query.data.total === 0 ? (
          <Paper>
            <EmptyState {...EMPTY[shown]} />
          </Paper>
        ) : (
          <DataTable
            caption={`Milestones: ${WINDOW_LABELS[shown].toLowerCase()}`}
            columns={columns}
            rows={query.data?.items}
            rowKey={(m) => m.id}
            loading={query.isFetching}
            error={query.error}
            onRetry={() => query.refetch()}
            minWidth={980}
            pagination={
              query.data && {
                page,
                pageSize,
                total: query.data.total,
                onPageChange: (p) => navigate({ to: '/milestones', search: { ...search, page: p } }),
                onPageSizeChange: (s) => update({ pageSize: s }),
              }
            }
          />
        )}
      </Stack>
    </>
  );
}
