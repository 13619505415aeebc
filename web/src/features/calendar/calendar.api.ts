/** The calendar's server calls: deadlines, their kinds, state changes, the feed address, team settings. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue, toQuery } from '../../api/client';
import type { OwnerTeam, Page, Ref } from '../../api/types';

export type DeadlineState = 'open' | 'done' | 'waived';

export interface Deadline {
  id: string;
  contract: { id: string; reference: string; title: string };
  department: Ref;
  source: string;
  kind: string;
  kindLabel: string;
  title: string;
  dueDate: string;
  timeZone: string;
  ownerTeam: OwnerTeam;
  owner: Ref | null;
  link: string | null;
  state: DeadlineState;
  stateReason: string | null;
  stateChangedAt: string | null;
  stateChangedBy: Ref | null;
  version: number;
  permissions: { update: boolean };
}

export interface DeadlineKind {
  value: string;
  label: string;
}

export interface FeedStatus {
  active: boolean;
  createdAt: string | null;
  lastUsedAt: string | null;
}

export interface FeedCreated {
  url: string;
  createdAt: string;
  rotated: boolean;
}

export interface TeamSettings {
  team: OwnerTeam;
  label: string;
  reminderLeadDays: number[];
  reviewPeriodDays: number;
  isDefault: boolean;
  version: number;
  updatedAt: string | null;
}

export const TEAM_OPTIONS: { value: OwnerTeam; label: string }[] = [
  { value: 'procurement', label: 'Procurement' },
  { value: 'buyer', label: 'Department buyer' },
  { value: 'it_data', label: 'IT & data' },
];

export function teamLabel(team: string): string {
  return TEAM_OPTIONS.find((t) => t.value === team)?.label ?? team;
}

export function useDeadlines(params: Record<string, QueryValue>, enabled = true) {
  return useQuery({
    queryKey: ['deadlines', 'list', params],
    queryFn: () => api<Page<Deadline>>(`/api/deadlines${toQuery(params)}`),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useContractDeadlines(contractId: string) {
  return useQuery({
    queryKey: ['deadlines', 'contract', contractId],
    queryFn: () => api<{ items: Deadline[] }>(`/api/contracts/${contractId}/deadlines`),
  });
}

export function useDeadlineKinds() {
  return useQuery({
    queryKey: ['deadlines', 'kinds'],
    queryFn: () => api<{ items: DeadlineKind[] }>('/api/deadlines/kinds'),
    staleTime: 5 * 60_000,
  });
}

export interface DeadlineChange {
  deadline: Deadline;
  state: DeadlineState;
  reason?: string;
}

export function useUpdateDeadline() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ deadline, state, reason }: DeadlineChange) =>
      api<Deadline>(`/api/deadlines/${deadline.id}`, {
        method: 'PATCH',
        body: { version: deadline.version, state, ...(reason ? { reason } : {}) },
      }),
    meta: { quiet: true },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['deadlines'] }),
  });
}

export function useFeedStatus() {
  return useQuery({ queryKey: ['calendar-feed'], queryFn: () => api<FeedStatus>('/api/calendar/feed') });
}

export function useCreateFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<FeedCreated>('/api/calendar/feed', { method: 'POST' }),
    meta: { quiet: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['calendar-feed'] }),
  });
}

export function useRevokeFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/api/calendar/feed', { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['calendar-feed'] }),
  });
}

export function useTeamSettings() {
  return useQuery({ queryKey: ['team-settings'], queryFn: () => api<{ items: TeamSettings[] }>('/api/settings/teams') });
}

export function useSaveTeamSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { team: OwnerTeam; version: number; reminderLeadDays: number[]; reviewPeriodDays: number }) =>
      api<TeamSettings>(`/api/settings/teams/${input.team}`, {
        method: 'PATCH',
        body: { version: input.version, reminderLeadDays: input.reminderLeadDays, reviewPeriodDays: input.reviewPeriodDays },
      }),
    meta: { quiet: true },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['team-settings'] }),
  });
}
