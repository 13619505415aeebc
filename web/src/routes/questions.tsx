import { createRoute, redirect } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { isApiStatus } from '../api/client';
import { ForbiddenPage, NotFoundPage } from '../components/StatusPage';
import { sessionQuery, useCan, useMe } from '../features/auth/session';
import { isTeam, type Team } from '../features/questions/questions.api';
import { TeamQuestionsPage } from '../features/questions/TeamQuestionsPage';
import { TeamReportPage } from '../features/questions/TeamReportPage';
import { parseTeamSearch, type TeamSearch } from '../features/questions/teamSearch';
import { appRoute } from './app';
import { rootRoute } from './root';

/** The team whose page "Key questions" opens: the user's own; auditors start with procurement. */
function ownTeam(role: string): Team {
  return isTeam(role) ? role : 'procurement';
}

export const questionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/questions',
  beforeLoad: async ({ context }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (session.permissions.includes('question.read'))
      throw redirect({ to: '/questions/$team', params: { team: ownTeam(session.user.role) }, replace: true });
  },
  component: function QuestionsRoute() {
    return <QuestionsGate>{null}</QuestionsGate>;
  },
});

export const questionsTeamRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/questions/$team',
  validateSearch: parseTeamSearch,
  component: function QuestionsTeamRoute() {
    const { team } = questionsTeamRoute.useParams();
    const search = questionsTeamRoute.useSearch();
    if (!isTeam(team)) return <NotFoundPage />;
    return (
      <QuestionsGate>
        <TeamQuestionsPage team={team} search={search} />
      </QuestionsGate>
    );
  },
});

/** The printable report sits outside the signed-in frame: no navigation, just the report. */
export const questionsReportRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/questions/$team/report',
  validateSearch: parseTeamSearch,
  beforeLoad: async ({ context, location }) => {
    try {
      await context.queryClient.ensureQueryData(sessionQuery);
    } catch (error) {
      if (isApiStatus(error, 401)) throw redirect({ to: '/login', search: { redirect: location.href } });
      throw error;
    }
  },
  component: function QuestionsReportRoute() {
    const { team } = questionsReportRoute.useParams();
    const search = questionsReportRoute.useSearch();
    if (!isTeam(team))
      return (
        <main>
          <NotFoundPage />
        </main>
      );
    return <ReportGate team={team} search={search} />;
  },
});

function ReportGate({ team, search }: { team: Team; search: TeamSearch }) {
  return (
    <QuestionsGate standalone>
      <TeamReportPage team={team} search={search} />
    </QuestionsGate>
  );
}

/** Key questions are internal: vendor users are told the page does not exist (as the API does), others without access are refused. */
function QuestionsGate({ children, standalone = false }: { children: ReactNode; standalone?: boolean }) {
  const can = useCan();
  const me = useMe();
  if (can('question.read')) return children;
  const page = me.role === 'vendor' ? <NotFoundPage /> : <ForbiddenPage />;
  return standalone ? <main>{page}</main> : page;
}
