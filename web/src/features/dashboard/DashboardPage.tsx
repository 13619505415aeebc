import '@mantine/charts/styles.css';
import { Group, List, Progress, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { labelOf, useMeta } from '../../api/meta';
import type { Dashboard } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ButtonLink, TextLink } from '../../components/links';
import { Money } from '../../components/Money';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { Section } from '../../components/Section';
import { StatCard } from '../../components/StatCard';
import { useCan, useMe } from '../auth/session';
import { ContractsTable } from '../contracts/ContractsTable';
import { HealthScoreBadge, SeverityBadge } from '../findings/FindingBadges';
import type { Severity } from '../findings/findings.api';
import { DateText } from '../../components/DateText';
import { formatDateTime } from '../../lib/format';
import { ActivityChart, FindingsBySeverity, HealthBands } from './DashboardCharts';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const inDays = (n: number) => isoDay(new Date(Date.now() + n * 86_400_000));

const ROLE_INTRO: Record<string, string> = {
  admin: 'Manage who can use Steward and the departments they belong to.',
  procurement: 'An overview of every AI contract across the organisation.',
  buyer: 'The AI contracts of your department and what needs attention.',
  it_data: 'The AI contracts your department runs, and their technical records.',
  auditor: 'A read-only view of all contracts and the audit trail.',
  vendor: 'The contracts your organisation holds with us, and the documents shared with you.',
};

function StatusBreakdown({ byStatus }: { byStatus: Record<string, number> }) {
  const meta = useMeta();
  const order = meta?.statuses.map((s) => s.value) ?? Object.keys(byStatus);
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return (
    <Stack gap="sm">
      {order.map((status) => {
        const count = byStatus[status] ?? 0;
        return (
          <div key={status}>
            <Group justify="space-between" mb={4}>
              <TextLink to="/contracts" search={{ status }} size="sm" fw={600}>
                {labelOf(meta?.statuses, status)}
              </TextLink>
              <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {count}
              </Text>
            </Group>
            <Progress value={total ? (count / total) * 100 : 0} size="sm" aria-hidden="true" />
          </div>
        );
      })}
    </Stack>
  );
}

function ValueByCurrency({ rows }: { rows: Dashboard['totalValueByCurrency'] }) {
  if (rows.length === 0) return <Text c="dimmed">No contract values recorded yet.</Text>;
  return (
    <Table aria-label="Total value by currency">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Currency</Table.Th>
          <Table.Th ta="right">Total value</Table.Th>
          <Table.Th ta="right">Total ceiling</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.currency}>
            <Table.Td fw={600}>{row.currency}</Table.Td>
            <Table.Td ta="right">
              <Money amount={row.value} currency={row.currency} />
            </Table.Td>
            <Table.Td ta="right">
              <Money amount={row.ceiling} currency={row.currency} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function healthBandOf(score: number): 'good' | 'fair' | 'poor' {
  return score >= 80 ? 'good' : score >= 50 ? 'fair' : 'poor';
}

function NeedsAttention({ data }: { data: Dashboard }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Section title="Lowest health">
        {data.lowestHealth.length === 0 ? (
          <Text c="dimmed">Every active contract scores 100: nothing needs attention.</Text>
        ) : (
          <Table aria-label="Contracts with the lowest health score">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Contract</Table.Th>
                <Table.Th ta="right">Health</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.lowestHealth.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <TextLink to="/contracts/$id" params={{ id: c.id }} search={{ tab: 'findings' } as never} fw={600}>
                      {c.reference}
                    </TextLink>{' '}
                    <Text span size="sm">
                      {c.title}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <HealthScoreBadge score={c.healthScore} band={healthBandOf(c.healthScore)} size="sm" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
      <Section
        title="Worst open findings"
        action={
          <TextLink to="/findings" search={{}} size="sm" fw={600}>
            All findings
          </TextLink>
        }
      >
        {data.topFindings.length === 0 ? (
          <Text c="dimmed">No open findings.</Text>
        ) : (
          <List spacing="sm" listStyleType="none" aria-label="Worst open findings">
            {data.topFindings.map((f) => (
              <List.Item key={f.id}>
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <SeverityBadge severity={f.severity as Severity} size="sm" />
                  <div>
                    <TextLink to="/contracts/$id" params={{ id: f.contractId }} search={{ tab: 'findings' } as never} size="sm" fw={600}>
                      {f.reference}
                    </TextLink>
                    <Text size="sm">{f.title}</Text>
                  </div>
                </Group>
              </List.Item>
            ))}
          </List>
        )}
      </Section>
    </SimpleGrid>
  );
}

function Deadlines({ data }: { data: Dashboard }) {
  const { overdue, thisWeek, thisMonth } = data.deadlines;
  return (
    <Section
      title="Deadlines"
      action={
        <TextLink to="/calendar" search={{ view: 'agenda' } as never} size="sm" fw={600}>
          Open the calendar
        </TextLink>
      }
    >
      <Text size="sm" mb="sm">
        {overdue > 0 ? (
          <Text span fw={700} c="red.8">
            {overdue} overdue.{' '}
          </Text>
        ) : null}
        {thisWeek} due in the next 7 days, {thisMonth} in the next 30.
      </Text>
      {data.upcomingDeadlines.length === 0 ? (
        <Text c="dimmed">Nothing is due. Contract end dates, option decisions and other dates appear here as they come up.</Text>
      ) : (
        <Table aria-label="Upcoming deadlines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Due</Table.Th>
              <Table.Th>Contract</Table.Th>
              <Table.Th>Deadline</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.upcomingDeadlines.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <DateText value={d.dueDate} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <TextLink to="/contracts/$id" params={{ id: d.contractId }} search={{ tab: 'deadlines' } as never} fw={600}>
                    {d.reference}
                  </TextLink>
                </Table.Td>
                <Table.Td>{d.title}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

function Activity({ activity }: { activity: NonNullable<Dashboard['activity']> }) {
  return (
    <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="lg">
      <Section title="Activity, last 14 days">
        <ActivityChart byDay={activity.byDay} />
      </Section>
      <Section
        title="Latest audit entries"
        action={
          <TextLink to="/audit" search={{}} size="sm" fw={600}>
            Open the audit log
          </TextLink>
        }
      >
        <Table aria-label="Latest audit entries">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>What</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {activity.recent.map((e) => (
              <Table.Tr key={e.seq}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>{e.actorEmail ?? 'Steward'}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-word' }}>
                  <code>{e.action}</code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
    </SimpleGrid>
  );
}

function VendorAsks() {
  return (
    <Section title="What is asked of you">
      <Text size="sm">
        Nothing is asked of you right now. When the buyer asks you for a deliverable, an invoice correction or an update, it will appear
        here with its due date.
      </Text>
    </Section>
  );
}

export function DashboardPage() {
  const me = useMe();
  const can = useCan();
  const query = useQuery({ queryKey: ['dashboard'], queryFn: () => api<Dashboard>('/api/dashboard') });
  const firstName = me.name.split(' ')[0] ?? me.name;
  const data = query.data;
  const seesContracts = can('contract.read');
  const isVendor = me.role === 'vendor';
  const internal = seesContracts && !isVendor;
  const findingsOpen = data ? data.findingsBySeverity.critical + data.findingsBySeverity.warning + data.findingsBySeverity.info : 0;
  const description =
    data?.scope === 'department' && me.departmentName
      ? `${ROLE_INTRO[me.role]} The numbers below cover ${me.departmentName}.`
      : ROLE_INTRO[me.role];

  return (
    <>
      <PageHeader
        title={`Welcome, ${firstName}`}
        documentTitle="Home"
        description={description}
        actions={
          can('contract.create') && (
            <ButtonLink to="/contracts/new" search={{}}>
              New contract
            </ButtonLink>
          )
        }
      />
      {query.isPending && <PageLoader label="Loading your overview" />}
      {query.error && <ErrorAlert error={query.error} title="Could not load your overview" onRetry={() => query.refetch()} />}
      {data && (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="md">
            {seesContracts && (
              <StatCard
                label={isVendor ? 'Your contracts' : 'Active contracts'}
                value={isVendor ? (data.counts.contracts ?? 0) : (data.contractsByStatus.active ?? 0)}
                link={{
                  to: '/contracts',
                  search: isVendor ? {} : { status: 'active' },
                  label: isVendor ? 'View your contracts' : 'View active contracts',
                }}
              />
            )}
            {seesContracts && (
              <StatCard
                label="Ending within 90 days"
                value={data.counts.endingSoon ?? 0}
                link={{
                  to: '/contracts',
                  search: { status: 'active,suspended', endingBefore: inDays(90), sort: 'endDate', order: 'asc' },
                  label: 'View by end date',
                }}
              />
            )}
            {internal && (
              <StatCard label="Open findings" value={findingsOpen} link={{ to: '/findings', search: {}, label: 'View findings' }} />
            )}
            {internal && (
              <StatCard
                label="Deadlines in the next 7 days"
                value={data.deadlines.thisWeek}
                link={{ to: '/calendar', search: { view: 'agenda' }, label: 'Open the calendar' }}
              />
            )}
            {!seesContracts && data.counts.vendors !== undefined && (
              <StatCard label="Vendors" value={data.counts.vendors} link={{ to: '/vendors', label: 'View vendors' }} />
            )}
            {data.counts.users !== undefined && can('user.manage') && (
              <StatCard label="Users" value={data.counts.users} link={{ to: '/admin/users', label: 'Manage users' }} />
            )}
            {data.counts.departments !== undefined && can('department.manage') && (
              <StatCard
                label="Departments"
                value={data.counts.departments}
                link={{ to: '/admin/departments', label: 'Manage departments' }}
              />
            )}
          </SimpleGrid>

          {isVendor && <VendorAsks />}

          {internal && (
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
              <Section title="Contract health">
                <HealthBands health={data.health} />
              </Section>
              <Section title={me.role === 'it_data' ? 'Open technical findings' : 'Open findings'}>
                <FindingsBySeverity counts={data.findingsBySeverity} />
              </Section>
            </SimpleGrid>
          )}

          {internal && <NeedsAttention data={data} />}

          {internal && (
            <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="lg">
              <Deadlines data={data} />
              <Section title="Ending within 90 days">
                <ContractsTable
                  caption="Contracts ending within 90 days"
                  rows={data.endingSoon}
                  columns={['reference', 'title', 'endDate']}
                  empty={
                    <EmptyState
                      title="Nothing ends in the next 90 days"
                      description="Contracts whose end date falls within 90 days show here, in time to plan renewal or exit."
                    />
                  }
                />
              </Section>
            </SimpleGrid>
          )}

          {data.activity && <Activity activity={data.activity} />}

          {seesContracts && !isVendor && (
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
              <Section title="Contracts by status">
                <StatusBreakdown byStatus={data.contractsByStatus} />
              </Section>
              <Section title="Total value by currency">
                <Text size="sm" c="dimmed" mt={-8} mb="sm">
                  Active and suspended contracts.
                </Text>
                <ValueByCurrency rows={data.totalValueByCurrency} />
              </Section>
            </SimpleGrid>
          )}

          {seesContracts && (
            <Section
              title={isVendor ? 'Your contracts' : 'Recently updated'}
              action={
                <TextLink to="/contracts" search={{ sort: 'updatedAt', order: 'desc' }} size="sm" fw={600}>
                  See all contracts
                </TextLink>
              }
            >
              <ContractsTable
                caption={isVendor ? 'Your contracts' : 'Recently updated contracts'}
                rows={data.recent}
                columns={['reference', 'title', isVendor ? 'department' : 'vendor', 'value', 'status']}
                empty={
                  <EmptyState
                    title="No contracts yet"
                    description={
                      can('contract.create')
                        ? 'Use “New contract” to record your first AI contract.'
                        : 'Contracts will appear here once they are recorded.'
                    }
                  />
                }
              />
            </Section>
          )}

          {!seesContracts && can('user.manage') && (
            <Section title="Administration">
              <Text size="sm" mb="md">
                Administrators manage accounts and departments; contract data stays with procurement, departments and auditors.
              </Text>
              <Group>
                <ButtonLink to="/admin/users" search={{}}>
                  Manage users
                </ButtonLink>
                <ButtonLink to="/admin/departments" variant="default">
                  Manage departments
                </ButtonLink>
              </Group>
            </Section>
          )}
        </Stack>
      )}
    </>
  );
}
