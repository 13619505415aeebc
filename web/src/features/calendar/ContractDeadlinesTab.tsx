import { Badge, Group, Stack, Text } from '@mantine/core';
import type { Contract } from '../../api/types';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { EmptyState } from '../../components/EmptyState';
import { CalendarIcon } from '../../components/icons';
import { TextLink } from '../../components/links';
import { type Deadline, teamLabel, useContractDeadlines } from './calendar.api';
import { localToday, relativeDay } from './calendarDates';
import { DeadlineActions, DeadlineStateBadge } from './DeadlineActions';

/** The contract page's Deadlines tab: every deadline of the contract, whatever its state. */
export function ContractDeadlinesTab({ contract }: { contract: Contract }) {
  const query = useContractDeadlines(contract.id);
  const today = localToday();

  const columns: Column<Deadline>[] = [
    {
      key: 'due',
      header: 'Due',
      render: (d) => (
        <div>
          <Text size="sm" fw={600}>
            <DateText value={d.dueDate} />
          </Text>
          {d.state === 'open' && (
            <Text size="xs" c="dimmed">
              {relativeDay(d.dueDate, today)}
            </Text>
          )}
        </div>
      ),
    },
    {
      key: 'what',
      header: 'Deadline',
      render: (d) => (
        <div>
          <Text size="sm" fw={600}>
            {d.title}
          </Text>
          <Badge color="steward" variant="outline" mt={4}>
            {d.kindLabel}
          </Badge>
        </div>
      ),
    },
    {
      key: 'owner',
      header: 'Owner',
      render: (d) => (
        <div>
          <Text size="sm">{teamLabel(d.ownerTeam)} team</Text>
          <Text size="xs" c="dimmed">
            {d.owner?.name ?? 'No named owner'}
          </Text>
        </div>
      ),
    },
    {
      key: 'state',
      header: 'State',
      render: (d) => (
        <Stack gap={2} align="flex-start">
          <DeadlineStateBadge deadline={d} today={today} />
          {d.stateReason && (
            <Text size="xs" maw={260}>
              {d.stateReason}
            </Text>
          )}
          {d.stateChangedBy && d.state !== 'open' && (
            <Text size="xs" c="dimmed">
              {d.stateChangedBy.name}, <DateText value={d.stateChangedAt} />
            </Text>
          )}
        </Stack>
      ),
    },
    { key: 'actions', header: 'Actions', render: (d) => <DeadlineActions deadline={d} /> },
  ];

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" maw={640}>
          Deadlines come from the contract’s dates (its end, decisions on option periods) and from each capability that records dates.
          Reminders go to the owner team at its lead times.
        </Text>
        <TextLink to="/calendar" search={{ contractId: contract.id, view: 'agenda', state: 'all' }} size="sm" fw={600}>
          Open in the calendar
        </TextLink>
      </Group>
      <DataTable
        caption={`Deadlines of ${contract.reference}`}
        columns={columns}
        rows={query.data?.items}
        rowKey={(d) => d.id}
        error={query.error}
        onRetry={() => query.refetch()}
        minWidth={760}
        empty={
          <EmptyState
            icon={<CalendarIcon size={26} />}
            title="No deadlines for this contract"
            description="Deadlines appear once the contract is a draft, active or suspended with an end date, and as capabilities record their dates. Closed contracts keep only the deadlines that were done or waived."
          />
        }
      />
    </Stack>
  );
}
