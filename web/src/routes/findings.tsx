import { createRoute } from '@tanstack/react-router';
import { RequirePermission } from '../components/RequirePermission';
import { FindingsPage } from '../features/findings/FindingsPage';
import { parseFindingSearch } from '../features/findings/findingSearch';
import { RulesPage } from '../features/findings/RulesPage';
import { appRoute } from './app';

export const findingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/findings',
  validateSearch: parseFindingSearch,
  component: function FindingsRoute() {
    return (
      <RequirePermission permission="finding.read">
        <FindingsPage search={findingsRoute.useSearch()} />
      </RequirePermission>
    );
  },
});

export const findingRulesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/findings/rules',
  component: function FindingRulesRoute() {
    return (
      <RequirePermission permission="finding.read">
        <RulesPage />
      </RequirePermission>
    );
  },
});
