import { createRoute } from '@tanstack/react-router';
import { ContractDetailPage } from '../features/contracts/ContractDetailPage';
import { ContractEditPage, ContractNewPage } from '../features/contracts/ContractFormPage';
import { ContractListPage } from '../features/contracts/ContractListPage';
import { parseContractSearch } from '../features/contracts/contractSearch';
import { RequirePermission } from '../components/RequirePermission';
import { optionalString } from '../lib/search';
import { appRoute } from './app';

export const contractsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contracts',
  validateSearch: parseContractSearch,
  component: function ContractsRoute() {
    return (
      <RequirePermission permission="contract.read">
        <ContractListPage search={contractsRoute.useSearch()} />
      </RequirePermission>
    );
  },
});

export const contractNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contracts/new',
  validateSearch: (search: Record<string, unknown>): { vendorId?: string } => ({
    vendorId: optionalString(search.vendorId),
  }),
  component: function ContractNewRoute() {
    return (
      <RequirePermission permission="contract.create">
        <ContractNewPage vendorId={contractNewRoute.useSearch().vendorId} />
      </RequirePermission>
    );
  },
});

export const contractRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contracts/$id',
  validateSearch: (search: Record<string, unknown>): { tab?: string } => ({ tab: optionalString(search.tab) }),
  component: function ContractRoute() {
    const { id } = contractRoute.useParams();
    const { tab } = contractRoute.useSearch();
    return <ContractDetailPage id={id} tab={tab} />;
  },
});

export const contractEditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contracts/$id/edit',
  component: function ContractEditRoute() {
    return <ContractEditPage id={contractEditRoute.useParams().id} />;
  },
});
