import './calendar.css';
import { Button, Group, Select, SegmentedControl, Stack, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ChevronIcon } from '../../components/icons';
import { plural } from '../../lib/format';
import { useDeadlines } from './calendar.api';
import { addDays, addMonths, localToday, monthGrid, monthOf, monthTitle } from './calendarDates';
import { AGENDA_WEEKS, CALENDAR_FILTER_KEYS, type CalendarSearch } from './calendarSearch';
import { AgendaView } from './AgendaView';
import { CalendarFilters } from './CalendarFilters';
import { MonthView } from './MonthView';
import { SubscribePanel } from './SubscribePanel';

/** Up to this many deadlines per view; the API allows 500 a page. */
const PAGE = 500;

export function CalendarPage({ search }: { search: CalendarSearch }) {
  const navigate = useNavigate();
  const today = localToday();
  const view = search.view ?? 'month';
  const month = search.month ?? monthOf(search.day ?? today);
  const weeks = monthGrid(month);
  // The selected day must be in the month shown, so one day of the grid can take keyboard focus.
  const day = search.day && monthOf(search.day) === month ? search.day : monthOf(today) === month ? today : `${month}-01`;
  const agendaWeeks = search.weeks ?? 8;

  const update = (patch: Partial<CalendarSearch>, replace = false) =>
    navigate({ to: '/calendar', search: { ...search, ...patch }, replace });

  const filters = {
    team: search.team,
    departmentId: search.departmentId,
    contractId: search.contractId,
    kind: search.kind,
    state: search.state ?? 'open',
  };
  const filtered = CALENDAR_FILTER_KEYS.some((key) => search[key] && !(key === 'state' && search.state === 'open'));
  const gridFrom = weeks[0]?.[0] as string;
  const gridTo = weeks[weeks.length - 1]?.[6] as string;
  const monthQuery = useDeadlines({ ...filters, from: gridFrom, to: gridTo, pageSize: PAGE }, view === 'month');
  const agendaQuery = useDeadlines({ ...filters, from: today, to: addDays(today, agendaWeeks * 7 - 1), pageSize: PAGE }, view === 'agenda');
  const showOverdue = filters.state === 'open' || filters.state === 'all';
  const overdueQuery = useDeadlines(
    { ...filters, state: 'open', to: addDays(today, -1), pageSize: PAGE },
    view === 'agenda' && showOverdue,
  );

  const monthCount = monthQuery.data?.items.filter((d) => monthOf(d.dueDate) === month).length;

  return (
    <>
      <PageHeader
        title="Calendar"
        description="Every deadline on the contracts you can see: contract ends, option decisions and the dates each capability records. Filter by team, department, contract or kind; mark deadlines done as you handle them."
      />
      <CalendarFilters search={search} onChange={(patch) => update(patch)} />
      <Group justify="space-between" align="flex-end" mb="md" wrap="wrap" gap="sm">
        <Stack gap={4}>
          <Text size="sm" fw={600} id="calendar-view-label">
            View
          </Text>
          <SegmentedControl
            aria-labelledby="calendar-view-label"
            value={view}
            onChange={(value) => update({ view: value === 'month' ? undefined : (value as 'agenda') })}
            data={[
              { value: 'month', label: 'Month' },
              { value: 'agenda', label: 'Agenda' },
            ]}
          />
        </Stack>
        {view === 'month' ? (
          <Group gap="xs" wrap="wrap" role="group" aria-label="Change month">
            <Button
              variant="default"
              leftSection={
                <span style={{ display: 'inline-flex', transform: 'rotate(180deg)' }}>
                  <ChevronIcon size={16} />
                </span>
              }
              onClick={() => update({ month: monthOf(addMonths(`${month}-01`, -1)), day: undefined }, true)}
              aria-label={`Previous month, ${monthTitle(monthOf(addMonths(`${month}-01`, -1)))}`}
            >
              Previous
            </Button>
            <Button
              variant="default"
              onClick={() => update({ month: undefined, day: undefined }, true)}
              aria-label={`Today, ${monthTitle(monthOf(today))}`}
            >
              Today
            </Button>
            <Button
              variant="default"
              rightSection={<ChevronIcon size={16} />}
              onClick={() => update({ month: monthOf(addMonths(`${month}-01`, 1)), day: undefined }, true)}
              aria-label={`Next month, ${monthTitle(monthOf(addMonths(`${month}-01`, 1)))}`}
            >
              Next
            </Button>
            <Text size="sm" c="dimmed" aria-live="polite" ml="xs">
              {monthCount === undefined ? '' : `${plural(monthCount, 'deadline')} in ${monthTitle(month)}`}
            </Text>
          </Group>
        ) : (
          <Select
            label="Show the next"
            data={AGENDA_WEEKS.map((n) => ({ value: String(n), label: `${n} weeks` }))}
            value={String(agendaWeeks)}
            onChange={(value) => update({ weeks: value && Number(value) !== 8 ? Number(value) : undefined })}
            allowDeselect={false}
            w={160}
          />
        )}
      </Group>
      {view === 'month' ? (
        monthQuery.error && !monthQuery.data ? (
          <ErrorAlert error={monthQuery.error} title="Could not load the deadlines" onRetry={() => monthQuery.refetch()} />
        ) : (
          <MonthView
            month={month}
            day={day}
            today={today}
            deadlines={monthQuery.data?.items}
            loading={monthQuery.isFetching}
            onSelect={(next) => update({ day: next, month: monthOf(next) }, true)}
          />
        )
      ) : (
        <AgendaView
          today={today}
          weeks={agendaWeeks}
          overdue={showOverdue ? overdueQuery.data?.items : []}
          upcoming={agendaQuery.data?.items}
          error={agendaQuery.error}
          onRetry={() => agendaQuery.refetch()}
          filtered={filtered}
          truncated={Math.max(0, (agendaQuery.data?.total ?? 0) - (agendaQuery.data?.items.length ?? 0))}
        />
      )}
      <Stack mt="xl">
        <SubscribePanel />
      </Stack>
    </>
  );
}
