import { Box, Button, Group, Paper, Select, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { isApiStatus } from '../../api/client';
import { useDepartments } from '../../api/lookups';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { EmptyState } from '../../components/EmptyState';
import { DownloadIcon } from '../../components/icons';
import { ButtonLink, TextLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { ForbiddenPage } from '../../components/StatusPage';
import { plural } from '../../lib/format';
import { useMe } from '../auth/session';
import { PrintIcon } from './questionIcons';
import {
  STANDINGS,
  STANDING_LABELS,
  type Standing,
  TEAMS,
  TEAM_IN_SENTENCE,
  TEAM_LABELS,
  type Team,
  type TeamRow,
  teamExportHref,
  teamQueryParams,
  useTeamQuestions,
} from './questions.api';
import { OverdueBadge, StandingBadge } from './StandingBadge';
import { type TeamSearch, effectiveDepartment } from './teamSearch';

/** Roles that look after every team's questions; others see their own team's page. */
export const SWITCHES_TEAMS = new Set(['procurement', 'auditor']);

function TeamSwitcher({ team, search }: { team: Team; search: TeamSearch }) {
  return (
    <Group component="nav" aria-label="Teams" gap="xs" mb="md" wrap="wrap">
      {TEAMS.map((t) => (
        <ButtonLink
          key={t}
          to="/questions/$team"
          params={{ team: t }}
          search={{ departmentId: search.departmentId }}
          variant={t === team ? 'filled' : 'default'}
          size="sm"
          aria-current={t === team ? 'page' : undefined}
        >
          {TEAM_LABELS[t]}
        </ButtonLink>
      ))}
    </Group>
  );
}

function Counts({
  counts,
  active,
  onPick,
}: {
  counts: Record<Standing, number>;
  active?: Standing;
  onPick: (s: Standing | undefined) => void;
}) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm" mb="md" component="section" aria-label="Questions by status">
      {STANDINGS.map((s) => (
        <UnstyledButton
          key={s}
          onClick={() => onPick(active === s ? undefined : s)}
          aria-pressed={active === s}
          aria-label={`${STANDING_LABELS[s]}: ${counts[s]}. ${active === s ? 'Show all statuses' : `Show only ${STANDING_LABELS[s].toLowerCase()}`}`}
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
        >
          <Paper p="sm" style={{ outline: active === s ? '2px solid var(--mantine-color-steward-8)' : undefined }}>
            <StandingBadge standing={s} size="sm" />
            <Text fz={26} fw={700} lh={1.3} mt={4} style={{ fontVariantNumeric: 'tabular-nums' }}>
              {counts[s].toLocaleString('en-GB')}
            </Text>
          </Paper>
        </UnstyledButton>
      ))}
    </SimpleGrid>
  );
}

const columns: Column<TeamRow>[] = [
  {
    key: 'status',
    header: 'Status',
    width: 150,
    render: (r) => (
      <Stack gap={4} align="flex-start">
        <StandingBadge standing={r.standing} size="sm" />
        {r.overdue && <OverdueBadge />}
      </Stack>
    ),
  },
  {
    key: 'question',
    header: 'Question',
    render: (r) => (
      <Text size="sm" fw={600} maw={420}>
        {r.question.text}
      </Text>
    ),
  },
  {
    key: 'contract',
    header: 'Contract',
    render: (r) => (
      <Box maw={260}>
        <TextLink to="/contracts/$id" params={{ id: r.contract.id }} search={{ tab: 'questions' }} size="sm" fw={600}>
          {r.contract.reference}
        </TextLink>
        <Text size="xs">{r.contract.title}</Text>
        <Text size="xs" c="dimmed">
          {r.contract.department.name}
        </Text>
      </Box>
    ),
  },
  {
    key: 'answer',
    header: 'Latest answer',
    render: (r) =>
      r.answer ? (
        <Box maw={380}>
          <Text size="sm" lineClamp={3}>
            {r.answer.text}
          </Text>
          <Text size="xs" c="dimmed">
            Owner: {r.answer.owner?.name ?? 'none'}
          </Text>
        </Box>
      ) : (
        <Text size="sm" c="dimmed">
          No answer for {plural(r.daysWithoutAnswer, 'day')}
        </Text>
      ),
  },
  {
    key: 'answered',
    header: 'Answered',
    render: (r) =>
      r.answer ? (
        <Box>
          <Text size="sm">
            <DateText value={r.answer.answeredAt} />
          </Text>
          <Text size="xs" c="dimmed">
            {r.answer.roundLabel}
            {r.answer.answeredBy ? ` · ${r.answer.answeredBy.name}` : ''}
          </Text>
        </Box>
      ) : (
        <Text size="sm" c="dimmed">
          —
        </Text>
      ),
  },
];

/** A team's key questions across the contracts the user may see, worst first. */
export function TeamQuestionsPage({ team, search }: { team: Team; search: TeamSearch }) {
  const me = useMe();
  const navigate = useNavigate();
  const departments = useDepartments();
  const page = search.page ?? 1;
  const pageSize = search.pageSize ?? 50;
  const departmentId = effectiveDepartment(search, me.departmentId);
  const filters = { departmentId, status: search.status };
  const query = useTeamQuestions(team, { ...teamQueryParams(filters), page, pageSize });
  const go = (next: TeamSearch) => navigate({ to: '/questions/$team', params: { team }, search: next });
  const data = query.data;
  const filtered = !!search.status || departmentId !== (me.departmentId ?? undefined);
  if (isApiStatus(query.error, 403)) return <ForbiddenPage />;

  return (
    <>
      <PageHeader
        eyebrow="Key questions"
        title={TEAM_LABELS[team]}
        documentTitle={`Key questions: ${TEAM_LABELS[team]}`}
        description={
          data
            ? `${data.currentRound.label} review round. The team’s questions on ${plural(data.contracts, 'active or suspended contract')} you can see, worst first. Questions not answered within ${data.team.reviewPeriodDays} days are marked overdue.`
            : 'The team’s questions across its active and suspended contracts, worst first.'
        }
        actions={
          <>
            <ButtonLink
              to="/questions/$team/report"
              params={{ team }}
              search={{ departmentId: search.departmentId, status: search.status }}
              variant="default"
              leftSection={<PrintIcon size={16} />}
            >
              Printable report
            </ButtonLink>
            <Button component="a" href={teamExportHref(team, filters)} variant="default" leftSection={<DownloadIcon size={16} />}>
              Export CSV
            </Button>
          </>
        }
      />
      {SWITCHES_TEAMS.has(me.role) && <TeamSwitcher team={team} search={search} />}
      {data && <Counts counts={data.counts} active={search.status} onPick={(s) => go({ ...search, status: s, page: undefined })} />}
      <Paper p="md" mb="md" component="section" aria-label="Filter questions">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label="Department"
            data={[
              { value: 'all', label: 'All departments you can see' },
              ...(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name })),
            ]}
            value={departmentId ?? 'all'}
            onChange={(v) => go({ ...search, departmentId: v ?? 'all', page: undefined })}
            allowDeselect={false}
            w={280}
          />
          <Select
            label="Status"
            data={[{ value: 'any', label: 'All statuses' }, ...STANDINGS.map((s) => ({ value: s, label: STANDING_LABELS[s] }))]}
            value={search.status ?? 'any'}
            onChange={(v) => go({ ...search, status: v && v !== 'any' ? (v as Standing) : undefined, page: undefined })}
            allowDeselect={false}
            w={200}
          />
          {filtered && (
            <Button variant="subtle" onClick={() => go({})}>
              Clear filters
            </Button>
          )}
        </Group>
      </Paper>
      <DataTable
        caption={`Key questions of ${TEAM_IN_SENTENCE[team]}, worst first`}
        columns={columns}
        rows={data?.items}
        rowKey={(r) => `${r.contract.id}-${r.question.id}`}
        loading={query.isFetching}
        error={query.error}
        onRetry={() => query.refetch()}
        minWidth={960}
        empty={
          <EmptyState
            title={filtered ? 'No questions match these filters' : 'No contracts to review yet'}
            description={
              filtered
                ? 'Choose another status or “All departments you can see”.'
                : 'Questions appear here for every active or suspended contract. Activate a contract to start reviewing it.'
            }
          />
        }
        pagination={
          data && {
            page,
            pageSize,
            total: data.total,
            onPageChange: (p) => go({ ...search, page: p }),
            onPageSizeChange: (s) => go({ ...search, pageSize: s, page: undefined }),
          }
        }
      />
    </>
  );
}
