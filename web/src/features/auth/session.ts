import { queryOptions, useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../api/client';
import type { Me, Permission, Session } from '../../api/types';

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: async () => {
    const session = await api<Session>('/api/auth/me', { allowUnauthorized: true });
    setCsrfToken(session.csrfToken);
    return session;
  },
  staleTime: 5 * 60_000,
  retry: false,
});

/** The signed-in user's session; only used under the signed-in layout, which loads it first. */
export function useSession(): Session {
  return useSuspenseQuery(sessionQuery).data;
}

export function useMe(): Me {
  return useSession().user;
}

/** Whether the signed-in user holds a permission (the server checks again; this only shapes the UI). */
export function useCan(): (permission: Permission) => boolean {
  const { permissions } = useSession();
  return (permission) => permissions.includes(permission);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) =>
      api<{ user: Me; csrfToken: string }>('/api/auth/login', { method: 'POST', body: input, allowUnauthorized: true }),
    meta: { quiet: true },
    onSuccess: async (result) => {
      setCsrfToken(result.csrfToken);
      queryClient.clear();
      await queryClient.fetchQuery(sessionQuery);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/api/auth/logout', { method: 'POST', allowUnauthorized: true }),
    meta: { quiet: true },
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
    },
  });
}
