import { Badge, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { CalendarIcon } from '../../components/icons';
import type { Deadline } from './calendar.api';
import { longDay, relativeDay } from './calendarDates';
import { DeadlineItem } from './DeadlineItem';

interface AgendaViewProps {
  today: string;
  weeks: number;
  /** Open deadlines already past their date (shown first), when the filter includes open ones. */
  overdue: Deadline[] | undefined;
  upcoming: Deadline[] | undefined;
  error: unknown;
  onRetry: () => void;
  filtered: boolean;
  /** How many more deadlines the period has than were loaded. */
  truncated: number;
}

function group(list: Deadline[]): [string, Deadline[]][] {
  const map = new Map<string, Deadline[]>();
  for (const d of list) map.set(d.dueDate, [...(map.get(d.dueDate) ?? []), d]);
  return [...map.entries()];
}

function DayGroup({ title, hint, tone, children }: { title: string; hint?: ReactNode; tone?: 'red' | 'steward'; children: ReactNode }) {
  return (
    <Paper p="md" component="section" aria-label={title}>
      <Group gap="sm" mb="sm">
        <Title order={2} fz="md">
          {title}
        </Title>
        {hint && (
          <Badge color={tone ?? 'gray'} variant={tone === 'steward' ? 'filled' : 'light'}>
            {hint}
          </Badge>
        )}
      </Group>
      <Stack component="ul" gap="sm" p={0} m={0}>
        {children}
      </Stack>
    </Paper>
  );
}

/** The coming weeks as a list grouped by day, with anything overdue first. */
export function AgendaView({ today, weeks, overdue, upcoming, error, onRetry, filtered, truncated }: AgendaViewProps) {
  if (error && !upcoming) return <ErrorAlert error={error} title="Could not load the deadlines" onRetry={onRetry} />;
  if (!upcoming) {
    return (
      <Stack gap="md" aria-busy="true">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={96} radius="md" />
        ))}
      </Stack>
    );
  }
  const days = group(upcoming);
  const late = overdue ?? [];
  if (days.length === 0 && late.length === 0) {
    return (
      <Paper p="md">
        <EmptyState
          icon={<CalendarIcon size={26} />}
          title={`Nothing due in the next ${weeks} weeks`}
          description={
            filtered
              ? 'No deadline matches these filters in this period. Clear some filters or show more weeks.'
              : 'Show more weeks to look further ahead, or open the month view. Deadlines appear here as contracts record their end dates, options and other dates.'
          }
        />
      </Paper>
    );
  }
  return (
    <Stack gap="md">
      {late.length > 0 && (
        <DayGroup title="Overdue" hint={`${late.length} past the due date`} tone="red">
          {late.map((d) => (
            <DeadlineItem
              key={d.id}
              deadline={d}
              today={today}
              showDate={`Was due ${longDay(d.dueDate)} (${relativeDay(d.dueDate, today)})`}
            />
          ))}
        </DayGroup>
      )}
      {days.map(([day, items]) => (
        <DayGroup key={day} title={longDay(day)} hint={relativeDay(day, today)} tone={day === today ? 'steward' : undefined}>
          {items.map((d) => (
            <DeadlineItem key={d.id} deadline={d} today={today} />
          ))}
        </DayGroup>
      ))}
      {truncated > 0 && (
        <Text size="sm" c="dimmed">
          {truncated} more deadlines in this period are not shown. Narrow the filters or choose fewer weeks.
        </Text>
      )}
    </Stack>
  );
}
