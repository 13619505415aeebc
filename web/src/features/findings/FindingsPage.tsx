import { Button, Group, Paper, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useDepartments } from '../../api/lookups';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { EmptyState } from '../../components/EmptyState';
import { ButtonLink, TextLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../auth/session';
import { FindingStateBadge, SeverityBadge } from './FindingBadges';
import {
  type Finding,
  SEVERITIES,
  SEVERITY_LABELS,
  type Severity,
  STATE_LABELS,
  TEAM_LABELS,
  TEAMS,
  useFindings,
  useRules,
} from './findings.api';
import type { FindingSearch } from './findingSearch';

const STATE_OPTIONS = [
  { value: 'open', label: STATE_LABELS.open },
  { value: 'acknowledged', label: STATE_LABELS.acknowledged },
  { value: 'snoozed', label: STATE_LABELS.snoozed },
  { value: 'resolved', label: STATE_LABELS.resolved },
  { value: 'all', label: 'Every state' },
];

const SEVERITY_WORDS: Record<Severity, string> = { critical: 'critical findings', warning: 'warnings', info: 'info findings' };

function SeverityCount({
  severity,
  count,
  search,
  active,
}: {
  severity: Severity;
  count: number | undefined;
  search: FindingSearch;
  active: boolean;
}) {
  return (
    <Paper p="lg" style={{ position: 'relative', outline: active ? '2px solid var(--mantine-color-steward-7)' : undefined }}>
      <SeverityBadge severity={severity} />
      <Text fz={34} fw={700} lh={1.2} my={4} c="steward.9" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {count === undefined ? '–' : count.toLocaleString('en-GB')}
      </Text>
      <TextLink
        to="/findings"
        search={{ ...search, severity, page: undefined }}
        size="sm"
        fw={600}
        aria-current={active ? 'true' : undefined}
      >
        {active ? `Showing ${SEVERITY_WORDS[severity]}` : `Show ${SEVERITY_WORDS[severity]}`}
        <span style={{ position: 'absolute', inset: 0 }} aria-hidden="true" />
      </TextLink>
    </Paper>
  );
}

export function FindingsPage({ search }: { search: FindingSearch }) {
  const can = useCan();
  const navigate = useNavigate();
  const page = search.page ?? 1;
  const pageSize = search.pageSize ?? 25;
  const query = useFindings({ ...search, page, pageSize });
  const departments = useDepartments(can('department.read'));
  const rules = useRules();

  const update = (patch: Partial<FindingSearch>, keepPage = false) =>
    navigate({ to: '/findings', search: { ...search, ...patch, ...(keepPage ? {} : { page: undefined }) } });

  const filtered = Boolean(search.severity || search.team || search.state || search.departmentId || search.contractId || search.ruleId);
  const ruleTitle = search.ruleId ? (rules.data?.items.find((r) => r.id === search.ruleId)?.title ?? search.ruleId) : null;
  const contractRef = search.contractId ? query.data?.items.find((f) => f.contract.id === search.contractId)?.contract.reference : null;

  const columns: Column<Finding>[] = [
    { key: 'severity', header: 'Severity', render: (f) => <SeverityBadge severity={f.severity} size="sm" /> },
    {
      key: 'finding',
      header: 'Finding',
      width: '34%',
      render: (f) => (
        <div>
          <TextLink to="/contracts/$id" params={{ id: f.contract.id }} search={{ tab: 'findings' }} size="sm" fw={600}>
            {f.title}
          </TextLink>
          <Text size="xs" c="dimmed">
            {f.rule.title}
          </Text>
        </div>
      ),
    },
    {
      key: 'contract',
      header: 'Contract',
      render: (f) => (
        <div>
          <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
            {f.contract.reference}
          </Text>
          <Text size="xs" c="dimmed" lineClamp={2} maw={200}>
            {f.contract.title}
          </Text>
        </div>
      ),
    },
    { key: 'department', header: 'Department', render: (f) => f.department.name },
    { key: 'team', header: 'Owner team', render: (f) => TEAM_LABELS[f.ownerTeam] },
    { key: 'state', header: 'State', render: (f) => <FindingStateBadge state={f.state} size="sm" /> },
    { key: 'first', header: 'First seen', render: (f) => <DateText value={f.firstSeen} /> },
    { key: 'last', header: 'Last seen', render: (f) => <DateText value={f.lastSeen} /> },
  ];

  return (
    <>
      <PageHeader
        title="Findings"
        description="What Steward’s checks found on the contracts you can see, worst first. Open a finding’s contract to acknowledge or snooze it."
        actions={
          <ButtonLink to="/findings/rules" variant="default">
            About the checks
          </ButtonLink>
        }
      />
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md" component="section" aria-label="Findings by severity">
          {SEVERITIES.map((s) => (
            <SeverityCount key={s} severity={s} count={query.data?.counts[s]} search={search} active={search.severity === s} />
          ))}
        </SimpleGrid>

        <Paper p="md" component="section" aria-label="Filter findings">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
            <Select
              label="Severity"
              placeholder="Any"
              data={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
              value={search.severity ?? null}
              onChange={(v) => update({ severity: v ?? undefined })}
              clearable
            />
            <Select
              label="Owner team"
              placeholder="Any"
              data={TEAMS.map((t) => ({ value: t, label: TEAM_LABELS[t] }))}
              value={search.team ?? null}
              onChange={(v) => update({ team: v ?? undefined })}
              clearable
            />
            <Select
              label="State"
              placeholder="Not resolved"
              data={STATE_OPTIONS}
              value={search.state ?? null}
              onChange={(v) => update({ state: v ?? undefined })}
              clearable
            />
            {can('department.read') && (
              <Select
                label="Department"
                placeholder="Any"
                data={departments.data?.items.map((d) => ({ value: d.id, label: d.name })) ?? []}
                value={search.departmentId ?? null}
                onChange={(v) => update({ departmentId: v ?? undefined })}
                clearable
                searchable
                nothingFoundMessage="No match"
              />
            )}
          </SimpleGrid>
          {(filtered || ruleTitle || contractRef) && (
            <Group mt="sm" gap="sm">
              {ruleTitle && <Text size="sm">Only the check “{ruleTitle}”.</Text>}
              {search.contractId && <Text size="sm">Only contract {contractRef ?? 'chosen'}.</Text>}
              <Button variant="subtle" size="compact-sm" onClick={() => navigate({ to: '/findings', search: {} })}>
                Clear filters
              </Button>
            </Group>
          )}
        </Paper>

        <DataTable
          caption="Findings"
          columns={columns}
          rows={query.data?.items}
          rowKey={(f) => f.id}
          loading={query.isFetching}
          error={query.error}
          onRetry={() => query.refetch()}
          minWidth={960}
          pagination={
            query.data && {
              page,
              pageSize,
              total: query.data.total,
              onPageChange: (p) => update({ page: p }, true),
              onPageSizeChange: (s) => update({ pageSize: s }),
            }
          }
          empty={
            filtered ? (
              <EmptyState
                title="No findings match"
                description="Clear some filters, or choose “Every state” to include resolved findings."
              />
            ) : (
              <EmptyState
                title="Nothing needs attention"
                description="No check reports anything on the contracts you can see. Findings appear here as soon as one does."
              />
            )
          }
        />
      </Stack>
    </>
  );
}
