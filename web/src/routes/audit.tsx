import { createRoute } from '@tanstack/react-router';
import { RequirePermission } from '../components/RequirePermission';
import { AuditPage } from '../features/audit/AuditPage';
import { parseAuditSearch } from '../features/audit/auditSearch';
import { appRoute } from './app';

export const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/audit',
  validateSearch: parseAuditSearch,
  component: function AuditRoute() {
    return (
      <RequirePermission permission="audit.read">
        <AuditPage search={auditRoute.useSearch()} />
      </RequirePermission>
    );
  },
});
