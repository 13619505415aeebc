import { createRoute } from '@tanstack/react-router';
import { RequirePermission } from '../components/RequirePermission';
import { UsagePortfolioPage } from '../features/usage/UsagePortfolioPage';
import { USAGE_READ } from '../features/usage/vocabulary';
import { appRoute } from './app';

export const usageRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/usage',
  component: function UsageRoute() {
    return (
      <RequirePermission permission={USAGE_READ}>
        <UsagePortfolioPage />
      </RequirePermission>
    );
  },
});
