import { Group, Progress, SimpleGrid, Stack, Table, Text } from '@mantine/core';
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

/** The API lists at most this many contracts ending soon. */
const ENDING_SOON_CAP = 10;

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

export function DashboardPage() {
  const me = useMe();
  const can = useCan();
  const query = useQuery({ queryKey: ['dashboard'], queryFn: () => api<Dashboard>('/api/dashboard') });
  const firstName = me.name.split(' ')[0] ?? me.name;
  const data = query.data;
  const seesContracts = can('contract.read');
  const isVendor = me.role === 'vendor';

  return (
    <>
      <PageHeader
        title={`Welcome, ${firstName}`}
        documentTitle="Home"
        description={ROLE_INTRO[me.role]}
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
                label={isVendor ? 'Your contracts' : 'Contracts'}
                value={data.counts.contracts}
                link={{ to: '/contracts', label: 'View all contracts' }}
              />
            )}
            {seesContracts && (
              <StatCard
                label="Active contracts"
                value={data.contractsByStatus.active ?? 0}
                link={{ to: '/contracts', search: { status: 'active' }, label: 'View active contracts' }}
              />
            )}
            {seesContracts && (
              <StatCard
                label="Ending within 90 days"
                value={data.endingSoon.length}
                suffix={data.endingSoon.length >= ENDING_SOON_CAP ? '+' : undefined}
                link={{ to: '/contracts', search: { sort: 'endDate', order: 'asc', status: 'active' }, label: 'View by end date' }}
              />
            )}
            {!isVendor && <StatCard label="Vendors" value={data.counts.vendors} link={{ to: '/vendors', label: 'View vendors' }} />}
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

          {seesContracts && (
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
            <Section title="Ending within 90 days">
              <ContractsTable
                caption="Contracts ending within 90 days"
                rows={data.endingSoon}
                columns={['reference', 'title', isVendor ? 'department' : 'vendor', 'endDate', 'status']}
                empty={
                  <EmptyState
                    title="Nothing ends in the next 90 days"
                    description="Contracts whose end date falls within 90 days will show here, in time to plan renewal or exit."
                  />
                }
              />
            </Section>
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
