import { createRoute } from '@tanstack/react-router';
import { RequirePermission } from '../components/RequirePermission';
import { CalendarPage } from '../features/calendar/CalendarPage';
import { parseCalendarSearch } from '../features/calendar/calendarSearch';
import { TeamSettingsPage } from '../features/calendar/TeamSettingsPage';
import { appRoute } from './app';

export const calendarRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/calendar',
  validateSearch: parseCalendarSearch,
  component: function CalendarRoute() {
    return (
      <RequirePermission permission="deadline.read">
        <CalendarPage search={calendarRoute.useSearch()} />
      </RequirePermission>
    );
  },
});

export const teamSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/settings',
  component: function TeamSettingsRoute() {
    return (
      <RequirePermission permission="settings.manage">
        <TeamSettingsPage />
      </RequirePermission>
    );
  },
});
