import type { SortOrder } from '../../components/DataTable';
import { optionalOrder, optionalString, type PageSearch, pageSearch } from '../../lib/search';

export const CONTRACT_SORTS = ['reference', 'title', 'vendor', 'department', 'value', 'endDate', 'status', 'updatedAt'] as const;
export type ContractSort = (typeof CONTRACT_SORTS)[number];

/** The contract list's state, all of it in the URL so any view can be linked to. */
export interface ContractSearch extends PageSearch {
  q?: string;
  status?: string;
  departmentId?: string;
  vendorId?: string;
  type?: string;
  pricingModel?: string;
  riskTier?: string;
  /** Contracts ending on or before this date (YYYY-MM-DD), e.g. from the home page. */
  endingBefore?: string;
  sort?: ContractSort;
  order?: SortOrder;
}

export const CONTRACT_FILTER_KEYS = ['status', 'departmentId', 'vendorId', 'type', 'pricingModel', 'riskTier'] as const;
export type ContractFilterKey = (typeof CONTRACT_FILTER_KEYS)[number];

export function parseContractSearch(search: Record<string, unknown>): ContractSearch {
  const sort = optionalString(search.sort);
  return {
    q: optionalString(search.q),
    status: optionalString(search.status),
    departmentId: optionalString(search.departmentId),
    vendorId: optionalString(search.vendorId),
    type: optionalString(search.type),
    pricingModel: optionalString(search.pricingModel),
    riskTier: optionalString(search.riskTier),
    endingBefore: /^\d{4}-\d{2}-\d{2}$/.test(String(search.endingBefore ?? '')) ? String(search.endingBefore) : undefined,
    sort: CONTRACT_SORTS.includes(sort as ContractSort) ? (sort as ContractSort) : undefined,
    order: optionalOrder(search.order),
    ...pageSearch(search),
  };
}
