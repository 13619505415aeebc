/** Reference lists used by several features (select options for departments, vendors, users). */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, toQuery } from './client';
import type { Department, Page, User, Vendor } from './types';

export const departmentsQuery = queryOptions({
  queryKey: ['departments'],
  queryFn: () => api<{ items: Department[] }>('/api/departments'),
});

export function useDepartments(enabled = true) {
  return useQuery({ ...departmentsQuery, enabled });
}

/** Up to 100 vendors for pickers (the select is searchable). */
export function useVendorOptions(enabled = true) {
  return useQuery({
    queryKey: ['vendors', 'options'],
    queryFn: () => api<Page<Vendor>>(`/api/vendors${toQuery({ pageSize: 100 })}`),
    enabled,
    select: (page) => page.items.map((v) => ({ value: v.id, label: v.legalName })),
  });
}

/** Active users of a role, for owner pickers. */
export function useUserOptions(role: string, enabled = true) {
  return useQuery({
    queryKey: ['users', 'options', role],
    queryFn: () => api<Page<User>>(`/api/users${toQuery({ role, pageSize: 100 })}`),
    enabled,
    select: (page) =>
      page.items
        .filter((u) => !u.disabled)
        .map((u) => ({ value: u.id, label: u.departmentName ? `${u.name} (${u.departmentName})` : u.name })),
  });
}
