import { createRoute } from '@tanstack/react-router';
import { RequirePermission } from '../components/RequirePermission';
import { VendorDetailPage } from '../features/vendors/VendorDetailPage';
import { VendorEditPage, VendorNewPage } from '../features/vendors/VendorFormPage';
import { VendorListPage } from '../features/vendors/VendorListPage';
import { optionalString, type PageSearch, pageSearch } from '../lib/search';
import { appRoute } from './app';

export interface VendorSearch extends PageSearch {
  q?: string;
}

export const vendorsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/vendors',
  validateSearch: (search: Record<string, unknown>): VendorSearch => ({
    q: optionalString(search.q),
    ...pageSearch(search),
  }),
  component: function VendorsRoute() {
    return (
      <RequirePermission permission="vendor.read">
        <VendorListPage search={vendorsRoute.useSearch()} />
      </RequirePermission>
    );
  },
});

export const vendorNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/vendors/new',
  component: function VendorNewRoute() {
    return (
      <RequirePermission permission="vendor.create">
        <VendorNewPage />
      </RequirePermission>
    );
  },
});

export const vendorRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/vendors/$id',
  component: function VendorRoute() {
    return <VendorDetailPage id={vendorRoute.useParams().id} />;
  },
});

export const vendorEditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/vendors/$id/edit',
  component: function VendorEditRoute() {
    return (
      <RequirePermission permission="vendor.update">
        <VendorEditPage id={vendorEditRoute.useParams().id} />
      </RequirePermission>
    );
  },
});
