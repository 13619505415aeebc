import type { QueryClient } from '@tanstack/react-query';
import { createRouter } from '@tanstack/react-router';
import { ErrorAlert } from './components/ErrorAlert';
import { PageLoader } from './components/PageLoader';
import { NotFoundPage } from './components/StatusPage';
import { departmentsRoute, usersRoute } from './routes/admin';
import { appRoute } from './routes/app';
import { auditRoute } from './routes/audit';
import { calendarRoute, teamSettingsRoute } from './routes/calendar';
import { contractEditRoute, contractNewRoute, contractRoute, contractsRoute } from './routes/contracts';
import { findingRulesRoute, findingsRoute } from './routes/findings';
import { homeRoute } from './routes/home';
import { interestCalculatorRoute, invoiceRoute, payablesRoute, paymentHolidaysRoute, paymentRatesRoute } from './routes/invoices';
import { loginRoute } from './routes/login';
import { deliverableRoute, milestonesRoute } from './routes/milestones';
import { notificationsRoute, outboxRoute, webhooksRoute } from './routes/notifications';
import { questionsReportRoute, questionsRoute, questionsTeamRoute } from './routes/questions';
import { rootRoute } from './routes/root';
import { tokensRoute } from './routes/tokens';
import { usageRoute } from './routes/usage';
import { vendorEditRoute, vendorNewRoute, vendorRoute, vendorsRoute } from './routes/vendors';

const routeTree = rootRoute.addChildren([
  loginRoute,
  questionsReportRoute,
  appRoute.addChildren([
    homeRoute,
    contractsRoute,
    contractNewRoute,
    contractRoute,
    contractEditRoute,
    deliverableRoute,
    milestonesRoute,
    invoiceRoute,
    payablesRoute,
    interestCalculatorRoute,
    usageRoute,
    vendorsRoute,
    vendorNewRoute,
    vendorRoute,
    vendorEditRoute,
    usersRoute,
    departmentsRoute,
    paymentRatesRoute,
    paymentHolidaysRoute,
    auditRoute,
    tokensRoute,
    calendarRoute,
    teamSettingsRoute,
    questionsRoute,
    questionsTeamRoute,
    findingsRoute,
    findingRulesRoute,
    notificationsRoute,
    outboxRoute,
    webhooksRoute,
  ]),
]);

export function buildRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
    defaultPendingComponent: () => <PageLoader />,
    defaultErrorComponent: ({ error }) => <ErrorAlert error={error} />,
    defaultNotFoundComponent: NotFoundPage,
  });
}

export type AppRouter = ReturnType<typeof buildRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
