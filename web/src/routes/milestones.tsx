import { createRoute } from '@tanstack/react-router';
import { RequirePermission } from '../components/RequirePermission';
import { DeliverablePage } from '../features/milestones/DeliverablePage';
import { MilestonesPage, parseMilestoneSearch } from '../features/milestones/MilestonesPage';
import { appRoute } from './app';

export const milestonesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/milestones',
  validateSearch: parseMilestoneSearch,
  component: function MilestonesRoute() {
    return (
      <RequirePermission permission="contract.read">
        <MilestonesPage search={milestonesRoute.useSearch()} />
      </RequirePermission>
    );
  },
});

export const deliverableRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contracts/$id/deliverables/$deliverableId',
  component: function DeliverableRoute() {
    const { id, deliverableId } = deliverableRoute.useParams();
    return (
      <RequirePermission permission="contract.read">
        <DeliverablePage contractId={id} deliverableId={deliverableId} />
      </RequirePermission>
    );
  },
});
