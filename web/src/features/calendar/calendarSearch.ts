import { optionalString } from '../../lib/search';
import { isDay, isMonth } from './calendarDates';

export const AGENDA_WEEKS = [2, 4, 8, 13, 26] as const;
export const STATE_FILTERS = ['open', 'done', 'waived', 'all'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

/** The calendar's state, all of it in the URL so any view can be linked to or bookmarked. */
export interface CalendarSearch {
  view?: 'month' | 'agenda';
  /** The month shown, YYYY-MM (default: this month). */
  month?: string;
  /** The selected day in the month view. */
  day?: string;
  /** How many weeks the agenda covers (default 8). */
  weeks?: number;
  team?: string;
  departmentId?: string;
  contractId?: string;
  kind?: string;
  state?: StateFilter;
}

export const CALENDAR_FILTER_KEYS = ['team', 'departmentId', 'contractId', 'kind', 'state'] as const;

export function parseCalendarSearch(search: Record<string, unknown>): CalendarSearch {
  const view = optionalString(search.view);
  const month = optionalString(search.month);
  const day = optionalString(search.day);
  const weeks = Number(search.weeks);
  const state = optionalString(search.state);
  const team = optionalString(search.team);
  return {
    view: view === 'agenda' || view === 'month' ? view : undefined,
    month: isMonth(month) ? month : undefined,
    day: isDay(day) ? day : undefined,
    weeks: (AGENDA_WEEKS as readonly number[]).includes(weeks) ? weeks : undefined,
    team: team === 'procurement' || team === 'buyer' || team === 'it_data' ? team : undefined,
    departmentId: optionalString(search.departmentId),
    contractId: optionalString(search.contractId),
    kind: optionalString(search.kind),
    state: (STATE_FILTERS as readonly string[]).includes(state ?? '') ? (state as StateFilter) : undefined,
  };
}
