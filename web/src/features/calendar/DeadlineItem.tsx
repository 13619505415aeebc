import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { TextLink } from '../../components/links';
import { type Deadline, teamLabel } from './calendar.api';
import { DeadlineActions, DeadlineStateBadge } from './DeadlineActions';

/** One deadline in a list: what is due, on which contract, who owns it, its state and what the user may do. */
export function DeadlineItem({ deadline: d, today, showDate }: { deadline: Deadline; today: string; showDate?: string }) {
  const settled = d.state !== 'open';
  return (
    <Paper component="li" p="sm" withBorder radius="md" style={{ listStyle: 'none' }} bg={settled ? 'gray.0' : undefined}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: '1 1 18rem' }}>
          <Group gap={8} wrap="wrap">
            <Text fw={650} size="sm" td={settled ? 'line-through' : undefined}>
              {d.title}
            </Text>
            <DeadlineStateBadge deadline={d} today={today} />
            <Badge color="steward" variant="outline">
              {d.kindLabel}
            </Badge>
          </Group>
          <Text size="sm">
            <TextLink to="/contracts/$id" params={{ id: d.contract.id }} search={{ tab: 'deadlines' }} fw={600} size="sm">
              {d.contract.reference}
            </TextLink>{' '}
            {d.contract.title}
          </Text>
          <Text size="xs" c="dimmed">
            {showDate ? `${showDate} · ` : ''}
            {teamLabel(d.ownerTeam)} team · {d.owner ? `owner ${d.owner.name}` : 'no named owner'} · {d.department.name}
          </Text>
          {d.stateReason && (
            <Text size="xs">
              {d.state === 'waived' ? 'Waived: ' : 'Note: '}
              {d.stateReason}
              {d.stateChangedBy ? ` (${d.stateChangedBy.name})` : ''}
            </Text>
          )}
        </Stack>
        <DeadlineActions deadline={d} />
      </Group>
    </Paper>
  );
}
