import { createRoute, redirect } from '@tanstack/react-router';
import { isApiStatus } from '../api/client';
import { metaQuery } from '../api/meta';
import { AppLayout } from '../components/AppLayout';
import { NotFoundPage } from '../components/StatusPage';
import { sessionQuery } from '../features/auth/session';
import { rootRoute } from './root';

/** Every page behind sign-in hangs under this pathless route. */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: async ({ context, location }) => {
    try {
      await context.queryClient.ensureQueryData(sessionQuery);
    } catch (error) {
      if (isApiStatus(error, 401)) throw redirect({ to: '/login', search: { redirect: location.href } });
      throw error;
    }
    void context.queryClient.prefetchQuery(metaQuery);
  },
  component: AppLayout,
  notFoundComponent: NotFoundPage,
});
