import { Box, Grid, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { type KeyboardEvent, useEffect, useId, useMemo, useRef } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { CalendarIcon } from '../../components/icons';
import type { Deadline } from './calendar.api';
import { addDays, addMonths, daysFrom, longDay, monthGrid, monthOf, monthTitle, WEEKDAYS, weekdayIndex } from './calendarDates';
import { DeadlineItem } from './DeadlineItem';

interface MonthViewProps {
  month: string;
  /** The selected (and keyboard-focusable) day. */
  day: string;
  today: string;
  deadlines: Deadline[] | undefined;
  loading: boolean;
  onSelect: (day: string) => void;
}

const MAX_CHIPS = 2;

function chipClass(d: Deadline, today: string): string {
  if (d.state === 'done') return 'cal-chip cal-chip-done';
  if (d.state === 'waived') return 'cal-chip cal-chip-waived';
  return daysFrom(today, d.dueDate) < 0 ? 'cal-chip cal-chip-overdue' : 'cal-chip';
}

function countText(n: number): string {
  return n === 0 ? 'nothing due' : n === 1 ? '1 deadline' : `${n} deadlines`;
}

/** The day a navigation key moves to from `day`, or null for other keys. */
function keyTarget(key: string, day: string): string | null {
  switch (key) {
    case 'ArrowLeft':
      return addDays(day, -1);
    case 'ArrowRight':
      return addDays(day, 1);
    case 'ArrowUp':
      return addDays(day, -7);
    case 'ArrowDown':
      return addDays(day, 7);
    case 'Home':
      return addDays(day, -weekdayIndex(day));
    case 'End':
      return addDays(day, 6 - weekdayIndex(day));
    case 'PageUp':
      return addMonths(day, -1);
    case 'PageDown':
      return addMonths(day, 1);
    default:
      return null;
  }
}

/**
 * A month as a grid of weeks. Keyboard: arrow keys move by day and week, Home/End to the start
 * or end of the week, Page Up/Page Down by month; the selected day's deadlines are listed beside
 * the grid with their links and actions.
 */
export function MonthView({ month, day, today, deadlines, loading, onSelect }: MonthViewProps) {
  const titleId = useId();
  const panelId = useId();
  const weeks = useMemo(() => monthGrid(month), [month]);
  const cells = useRef(new Map<string, HTMLTableCellElement>());
  const wantFocus = useRef(false);

  const byDay = useMemo(() => {
    const map = new Map<string, Deadline[]>();
    for (const d of deadlines ?? []) map.set(d.dueDate, [...(map.get(d.dueDate) ?? []), d]);
    return map;
  }, [deadlines]);

  // After a keyboard move (which may have changed the month), put focus on the new day.
  useEffect(() => {
    if (!wantFocus.current) return;
    const cell = cells.current.get(day);
    if (cell) {
      cell.focus();
      wantFocus.current = false;
    }
  });

  const move = (next: string) => {
    wantFocus.current = true;
    onSelect(next);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableCellElement>, current: string) => {
    const next = keyTarget(event.key, current);
    if (next) {
      event.preventDefault();
      move(next);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      document.getElementById(panelId)?.focus();
    }
  };

  const selected = byDay.get(day) ?? [];

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, xl: 8 }}>
        <Paper p={{ base: 'xs', sm: 'md' }}>
          <Title order={2} fz="lg" id={titleId} mb="xs">
            {monthTitle(month)}
          </Title>
          <Text size="xs" c="dimmed" mb="sm" id={`${titleId}-help`}>
            Use the arrow keys to move between days, Page Up and Page Down to change month, and Enter to go to the day’s deadlines.
          </Text>
          <Box style={{ overflowX: 'auto' }}>
            <table
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the APG data-grid pattern, a table whose day cells take focus and move with the arrow keys
              role="grid"
              className="cal-grid"
              aria-labelledby={titleId}
              aria-describedby={`${titleId}-help`}
              aria-busy={loading || undefined}
            >
              <thead>
                <tr>
                  {WEEKDAYS.map((w) => (
                    <th key={w} scope="col" abbr={w}>
                      <span aria-hidden="true">{w.slice(0, 3)}</span>
                      <VisuallyHidden>{w}</VisuallyHidden>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {weeks.map((week) => (
                  <tr key={week[0]}>
                    {week.map((d) => {
                      const items = byDay.get(d) ?? [];
                      const inMonth = monthOf(d) === month;
                      const isToday = d === today;
                      const classes = [
                        'cal-day',
                        inMonth ? '' : 'cal-day-outside',
                        isToday ? 'cal-day-today' : '',
                        d === day ? 'cal-day-selected' : '',
                      ]
                        .filter(Boolean)
                        .join(' ');
                      return (
                        <td
                          key={d}
                          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a focusable day cell of the data grid (APG pattern)
                          role="gridcell"
                          className={classes}
                          tabIndex={d === day ? 0 : -1}
                          aria-selected={d === day}
                          aria-label={`${longDay(d)}${isToday ? ', today' : ''}: ${countText(items.length)}`}
                          ref={(el) => {
                            if (el) cells.current.set(d, el);
                            else cells.current.delete(d);
                          }}
                          onClick={() => onSelect(d)}
                          onKeyDown={(event) => onKeyDown(event, d)}
                        >
                          <div className="cal-daynum" aria-hidden="true">
                            {Number(d.slice(8))}
                          </div>
                          <div aria-hidden="true" className="cal-chips">
                            {items.slice(0, MAX_CHIPS).map((item) => (
                              <div key={item.id} className={chipClass(item, today)} title={`${item.contract.reference}: ${item.title}`}>
                                {item.state === 'done' ? '✓ ' : ''}
                                {item.contract.reference} · {item.title}
                              </div>
                            ))}
                            {items.length > MAX_CHIPS && <div className="cal-more">+{items.length - MAX_CHIPS} more</div>}
                          </div>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </Box>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, xl: 4 }}>
        <Paper p="md" component="section" aria-labelledby={`${panelId}-title`} id={panelId} tabIndex={-1}>
          <Title order={2} fz="md" id={`${panelId}-title`} mb="sm">
            {longDay(day)}
            {day === today ? ' (today)' : ''}
          </Title>
          {selected.length === 0 ? (
            <EmptyState
              icon={<CalendarIcon size={24} />}
              title="Nothing due on this day"
              description="Choose another day in the month, or switch to the agenda to see what is coming up."
            />
          ) : (
            <Stack component="ul" gap="sm" p={0} m={0}>
              {selected.map((d) => (
                <DeadlineItem key={d.id} deadline={d} today={today} />
              ))}
            </Stack>
          )}
        </Paper>
      </Grid.Col>
    </Grid>
  );
}
