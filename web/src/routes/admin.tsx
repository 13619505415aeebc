import { createRoute } from '@tanstack/react-router';
import { RequirePermission } from '../components/RequirePermission';
import { DepartmentsPage } from '../features/admin/DepartmentsPage';
import { UsersPage } from '../features/admin/UsersPage';
import { optionalString, type PageSearch, pageSearch } from '../lib/search';
import { appRoute } from './app';

export interface UserSearch extends PageSearch {
  q?: string;
  role?: string;
}

export const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/users',
  validateSearch: (search: Record<string, unknown>): UserSearch => ({
    q: optionalString(search.q),
    role: optionalString(search.role),
    ...pageSearch(search),
  }),
  component: function UsersRoute() {
    return (
      <RequirePermission permission="user.manage">
        <UsersPage search={usersRoute.useSearch()} />
      </RequirePermission>
    );
  },
});

export const departmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/departments',
  component: function DepartmentsRoute() {
    return (
      <RequirePermission permission="department.manage">
        <DepartmentsPage />
      </RequirePermission>
    );
  },
});
