import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue, toQuery } from '../../api/client';
import type { Address, Contact, Page, Vendor, VendorIdentifier } from '../../api/types';

export function useVendors(params: Record<string, QueryValue>) {
  return useQuery({
    queryKey: ['vendors', 'list', params],
    queryFn: () => api<Page<Vendor>>(`/api/vendors${toQuery(params)}`),
    placeholderData: keepPreviousData,
  });
}

export const vendorQuery = (id: string) =>
  queryOptions({ queryKey: ['vendors', 'detail', id], queryFn: () => api<Vendor>(`/api/vendors/${id}`) });

export function useVendor(id: string) {
  return useQuery(vendorQuery(id));
}

export interface VendorInput {
  legalName: string;
  identifiers: VendorIdentifier[];
  address: Address;
  contacts: Contact[];
  website: string;
  notes: string;
}

export function useSaveVendor(id?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<VendorInput> & { version?: number }) =>
      id
        ? api<Vendor>(`/api/vendors/${id}`, { method: 'PATCH', body: input })
        : api<Vendor>('/api/vendors', { method: 'POST', body: input }),
    meta: { quiet: true },
    onSuccess: (vendor) => {
      queryClient.setQueryData(vendorQuery(vendor.id).queryKey, vendor);
      void queryClient.invalidateQueries({ queryKey: ['vendors', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['vendors', 'options'] });
    },
  });
}
