import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api, type QueryValue, toQuery } from '../../api/client';
import type { AuditEntry, AuditVerifyResult, Page } from '../../api/types';

export function useAuditEntries(params: Record<string, QueryValue>) {
  return useQuery({
    queryKey: ['audit', params],
    queryFn: () => api<Page<AuditEntry>>(`/api/audit${toQuery(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useVerifyChain() {
  return useMutation({
    mutationFn: () => api<AuditVerifyResult>('/api/audit/verify'),
  });
}
