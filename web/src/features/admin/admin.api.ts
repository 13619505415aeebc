import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue, toQuery } from '../../api/client';
import type { Department, Page, Role, User } from '../../api/types';

export function useUsers(params: Record<string, QueryValue>) {
  return useQuery({
    queryKey: ['users', 'list', params],
    queryFn: () => api<Page<User>>(`/api/users${toQuery(params)}`),
    placeholderData: keepPreviousData,
  });
}

export interface UserInput {
  email: string;
  name: string;
  role: Role;
  departmentId: string | null;
  vendorId: string | null;
  password: string;
}

export type UserPatch = Partial<Omit<UserInput, 'password' | 'email'>> & { version: number; disabled?: boolean };

export function useSaveUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id?: string; body: Partial<UserInput> | UserPatch }) =>
      input.id
        ? api<User>(`/api/users/${input.id}`, { method: 'PATCH', body: input.body })
        : api<User>('/api/users', { method: 'POST', body: input.body }),
    meta: { quiet: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useSaveDepartment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id?: string; body: Partial<Pick<Department, 'name' | 'code'>> & { version?: number } }) =>
      input.id
        ? api<Department>(`/api/departments/${input.id}`, { method: 'PATCH', body: input.body })
        : api<Department>('/api/departments', { method: 'POST', body: input.body }),
    meta: { quiet: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['departments'] }),
  });
}
