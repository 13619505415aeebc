import type { QueryClient } from '@tanstack/react-query';
import { Box } from '@mantine/core';
import { createRootRouteWithContext, Outlet } from '@tanstack/react-router';
import { NotFoundPage } from '../components/StatusPage';

export interface RouterContext {
  queryClient: QueryClient;
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  // Outside the signed-in frame, so the page brings its own main landmark.
  notFoundComponent: () => (
    <Box component="main" px="md">
      <NotFoundPage />
    </Box>
  ),
});
