import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue, toQuery } from '../../api/client';
import type { Page } from '../../api/types';

export type MailStatus = 'pending' | 'sent' | 'held' | 'failed';

export interface OutboxSummary {
  id: string;
  to: string;
  subject: string;
  kind: string;
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
}
export interface OutboxMessage extends OutboxSummary {
  bodyText: string;
}
export interface OutboxPage extends Page<OutboxSummary> {
  counts: Record<MailStatus, number>;
  smtpConfigured: boolean;
}

export function useOutbox(params: Record<string, QueryValue>) {
  return useQuery({
    queryKey: ['outbox', 'list', params],
    queryFn: () => api<OutboxPage>(`/api/admin/outbox${toQuery(params)}`),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}

export function useOutboxMessage(id: string | undefined) {
  return useQuery({
    queryKey: ['outbox', 'message', id],
    queryFn: () => api<OutboxMessage>(`/api/admin/outbox/${id}`),
    enabled: !!id,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export const WEBHOOK_EVENTS = [
  { value: 'finding.opened', label: 'A finding is opened', description: 'Rule, severity, contract and title of each new finding.' },
  {
    value: 'deadline.reminder',
    label: 'A deadline reminder goes out',
    description: 'The deadline, its due date and how many days are left.',
  },
  { value: 'contract.changed', label: 'A contract is created or changed', description: 'The contract, its status and its new version.' },
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]['value'];
export type DeliveryStatus = 'pending' | 'delivering' | 'succeeded' | 'failed';

export interface Webhook {
  id: string;
  name: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  deliveries: { pending: number; failed: number; lastAt: string | null; lastStatus: DeliveryStatus | null };
}
export interface WebhookWithSecret extends Webhook {
  secret: string;
}
export interface WebhookInput {
  name: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
}
export interface Delivery {
  id: string;
  event: string;
  eventId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  payload: Record<string, unknown>;
}

export function useWebhooks() {
  return useQuery({
    queryKey: ['webhooks', 'list'],
    queryFn: () => api<{ items: Webhook[] }>('/api/admin/webhooks'),
    refetchInterval: (q) => (q.state.data?.items.some((h) => h.deliveries.pending > 0) ? 5_000 : 60_000),
  });
}

export function useDeliveries(id: string | undefined, params: Record<string, QueryValue>) {
  return useQuery({
    queryKey: ['webhooks', 'deliveries', id, params],
    queryFn: () => api<Page<Delivery>>(`/api/admin/webhooks/${id}/deliveries${toQuery(params)}`),
    enabled: !!id,
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((d) => d.status === 'pending' || d.status === 'delivering') ? 5_000 : false),
  });
}

function useWebhookMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    meta: { quiet: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['webhooks'] }),
  });
}

export const useCreateWebhook = () =>
  useWebhookMutation((body: WebhookInput) => api<WebhookWithSecret>('/api/admin/webhooks', { method: 'POST', body }));
export const useUpdateWebhook = () =>
  useWebhookMutation((input: { id: string; body: Partial<WebhookInput> & { version: number } }) =>
    api<Webhook>(`/api/admin/webhooks/${input.id}`, { method: 'PATCH', body: input.body }),
  );
export const useDeleteWebhook = () => useWebhookMutation((id: string) => api<void>(`/api/admin/webhooks/${id}`, { method: 'DELETE' }));
export const useTestWebhook = () =>
  useWebhookMutation((id: string) => api<{ deliveryId: string; message: string }>(`/api/admin/webhooks/${id}/test`, { method: 'POST' }));
export const useRotateSecret = () =>
  useWebhookMutation((id: string) => api<WebhookWithSecret>(`/api/admin/webhooks/${id}/rotate-secret`, { method: 'POST' }));
