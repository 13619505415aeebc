import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue, toQuery } from '../../api/client';
import type { Contract, ContractDocument, ContractSummary, OptionPeriod, OwnerTeam, Page } from '../../api/types';

export type ContractListParams = Record<string, QueryValue>;

export function useContracts(params: ContractListParams, enabled = true) {
  return useQuery({
    queryKey: ['contracts', 'list', params],
    queryFn: () => api<Page<ContractSummary>>(`/api/contracts${toQuery(params)}`),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export const contractQuery = (id: string) =>
  queryOptions({ queryKey: ['contracts', 'detail', id], queryFn: () => api<Contract>(`/api/contracts/${id}`) });

export function useContract(id: string) {
  return useQuery(contractQuery(id));
}

/** What the create/edit form sends. */
export interface ContractInput {
  reference: string;
  title: string;
  description: string;
  vendorId: string;
  departmentId: string;
  type: string;
  pricingModel: string;
  currency: string;
  value: string;
  ceiling: string;
  startDate: string;
  endDate: string;
  options: OptionPeriod[];
  riskTier: string;
  publicFacing: boolean;
  highImpact: boolean;
  restricted: boolean;
  rulePack: string;
  status: string;
  owners: Record<OwnerTeam, string | null>;
  tags: string[];
  renewalDecision: string;
  renewalNote: string;
}

export function useSaveContract(id?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<ContractInput> & { version?: number }) =>
      id
        ? api<Contract>(`/api/contracts/${id}`, { method: 'PATCH', body: input })
        : api<Contract>('/api/contracts', { method: 'POST', body: input }),
    meta: { quiet: true },
    onSuccess: (contract) => {
      queryClient.setQueryData(contractQuery(contract.id).queryKey, contract);
      void queryClient.invalidateQueries({ queryKey: ['contracts', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}

export function useContractDocuments(contractId: string) {
  return useQuery({
    queryKey: ['contracts', 'documents', contractId],
    queryFn: () => api<{ items: ContractDocument[] }>(`/api/contracts/${contractId}/documents`),
  });
}

export function useUploadDocument(contractId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { file: File; title: string; sharedWithVendor: boolean }) => {
      const body = new FormData();
      body.set('file', input.file);
      body.set('title', input.title);
      body.set('sharedWithVendor', String(input.sharedWithVendor));
      return api<ContractDocument>(`/api/contracts/${contractId}/documents`, { method: 'POST', body });
    },
    meta: { quiet: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['contracts', 'documents', contractId] }),
  });
}

export function useDeleteDocument(contractId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (documentId: string) => api<void>(`/api/documents/${documentId}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['contracts', 'documents', contractId] }),
  });
}
