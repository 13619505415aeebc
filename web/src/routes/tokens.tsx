import { createRoute } from '@tanstack/react-router';
import { RequirePermission } from '../components/RequirePermission';
import { TokensPage } from '../features/tokens/TokensPage';
import { appRoute } from './app';

export const tokensRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/tokens',
  component: function TokensRoute() {
    return (
      <RequirePermission permission="token.own">
        <TokensPage />
      </RequirePermission>
    );
  },
});
