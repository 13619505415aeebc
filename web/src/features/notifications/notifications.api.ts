import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, toQuery } from '../../api/client';

export type NotificationKind = 'finding' | 'deadline' | 'system';

export interface InboxItem {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  contract: { id: string; reference: string; title: string } | null;
  createdAt: string;
  readAt: string | null;
}

export interface InboxPage {
  items: InboxItem[];
  total: number;
  page: number;
  pageSize: number;
  unreadCount: number;
}

export interface Preferences {
  inboxFindings: boolean;
  inboxDeadlines: boolean;
  emailDigest: boolean;
  emailCritical: boolean;
  emailReminders: boolean;
  updatedAt: string | null;
}
export type PreferenceChoice = Omit<Preferences, 'updatedAt'>;

/** How often the bell asks for the unread count. */
export const UNREAD_POLL_MS = 60_000;

/** The unread count for the header bell: a one-item page, refreshed every minute and on focus. */
export function useUnreadCount() {
  return useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api<InboxPage>('/api/notifications?unread=true&pageSize=1'),
    select: (p) => p.unreadCount,
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 30_000,
  });
}

export function useInbox(params: { page: number; pageSize: number; unread?: boolean }) {
  return useQuery({
    queryKey: ['notifications', 'list', params],
    queryFn: () => api<InboxPage>(`/api/notifications${toQuery({ ...params, unread: params.unread ? 'true' : undefined })}`),
    placeholderData: keepPreviousData,
    refetchInterval: UNREAD_POLL_MS,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<InboxItem>(`/api/notifications/${id}/read`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ updated: number; unreadCount: number }>('/api/notifications/read-all', { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export function usePreferences() {
  return useQuery({ queryKey: ['notification-preferences'], queryFn: () => api<Preferences>('/api/notifications/preferences') });
}

export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (choice: PreferenceChoice) => api<Preferences>('/api/notifications/preferences', { method: 'PUT', body: choice }),
    meta: { quiet: true },
    onSuccess: (saved) => queryClient.setQueryData(['notification-preferences'], saved),
  });
}
