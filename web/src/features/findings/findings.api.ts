/** The findings API: the portfolio list, a contract's findings and health, the rules, and handling a finding. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue, toQuery } from '../../api/client';
import type { Page, Ref } from '../../api/types';

export type Severity = 'info' | 'warning' | 'critical';
export type FindingState = 'open' | 'acknowledged' | 'snoozed' | 'resolved';
export type Team = 'procurement' | 'buyer' | 'it_data';
export type HealthBand = 'good' | 'fair' | 'poor';

/** Worst first. */
export const SEVERITIES: Severity[] = ['critical', 'warning', 'info'];
export const FINDING_STATES: FindingState[] = ['open', 'acknowledged', 'snoozed', 'resolved'];
export const TEAMS: Team[] = ['procurement', 'buyer', 'it_data'];

export const SEVERITY_LABELS: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };
export const STATE_LABELS: Record<FindingState, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  snoozed: 'Snoozed',
  resolved: 'Resolved',
};
export const TEAM_LABELS: Record<Team, string> = {
  procurement: 'Procurement team',
  buyer: 'Department buyer',
  it_data: 'IT and data',
};
export const BAND_LABELS: Record<HealthBand, string> = { good: 'Good', fair: 'Fair', poor: 'Poor' };

export interface Evidence {
  numbers?: Record<string, string | number>;
  links?: { label: string; href: string }[];
  text?: string;
}

export interface Finding {
  id: string;
  contract: { id: string; reference: string; title: string };
  department: Ref;
  ruleId: string;
  rule: { title: string; description: string };
  subject: string;
  severity: Severity;
  ownerTeam: Team;
  title: string;
  evidence: Evidence;
  state: FindingState;
  note: string | null;
  snoozedUntil: string | null;
  firstSeen: string;
  lastSeen: string;
  resolvedAt: string | null;
  stateChangedAt: string | null;
  stateChangedBy: Ref | null;
  version: number;
  permissions: { manage: boolean };
}

export type SeverityCounts = Record<Severity, number>;

export interface FindingPage extends Page<Finding> {
  counts: SeverityCounts;
}

export interface ContractFindings {
  items: Finding[];
  permissions: { manage: boolean; evaluate: boolean };
}

export interface HealthPoint {
  day: string;
  score: number;
  openCritical: number;
  openWarning: number;
  openInfo: number;
}

export interface ContractHealth {
  score: number;
  band: HealthBand;
  weights: SeverityCounts;
  maxPerRule: number;
  history: HealthPoint[];
}

export interface Rule {
  id: string;
  title: string;
  description: string;
}

const keys = {
  all: ['findings'] as const,
  list: (params: Record<string, QueryValue>) => ['findings', 'list', params] as const,
  contract: (id: string) => ['findings', 'contract', id] as const,
  health: (id: string) => ['findings', 'health', id] as const,
  rules: ['findings', 'rules'] as const,
};

export function useFindings(params: Record<string, QueryValue>) {
  return useQuery({
    queryKey: keys.list(params),
    queryFn: () => api<FindingPage>(`/api/findings${toQuery(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useContractFindings(contractId: string) {
  // Always fresh on mount: any change to the contract may have changed its findings.
  return useQuery({
    queryKey: keys.contract(contractId),
    queryFn: () => api<ContractFindings>(`/api/contracts/${contractId}/findings`),
    staleTime: 0,
  });
}

export function useContractHealth(contractId: string, enabled = true) {
  return useQuery({
    queryKey: keys.health(contractId),
    queryFn: () => api<ContractHealth>(`/api/contracts/${contractId}/health`),
    enabled,
    staleTime: 0,
  });
}

export function useRules() {
  return useQuery({ queryKey: keys.rules, queryFn: () => api<{ items: Rule[] }>('/api/rules'), staleTime: 5 * 60_000 });
}

export type FindingChange =
  | { action: 'acknowledge'; note: string }
  | { action: 'snooze'; until: string; reason: string }
  | { action: 'reopen' };

/** Acknowledge, snooze or reopen; refreshes the finding lists, the contract's health and the contract itself. */
export function useChangeFinding() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ finding, change }: { finding: Finding; change: FindingChange }) => {
      const { action, ...body } = change;
      return api<Finding>(`/api/findings/${finding.id}/${action}`, { method: 'POST', body: { ...body, version: finding.version } });
    },
    // Forms show the problem themselves (a stale version, a resolved finding).
    meta: { quiet: true },
    onSettled: (_data, _error, { finding }) => {
      void queryClient.invalidateQueries({ queryKey: keys.all });
      void queryClient.invalidateQueries({ queryKey: ['contracts', 'detail', finding.contract.id] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}

export function useEvaluateFindings(contractId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<{ opened: number; resolved: number; open: SeverityCounts; score: number; band: HealthBand }>(
        `/api/contracts/${contractId}/findings/evaluate`,
        { method: 'POST' },
      ),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: keys.all });
      void queryClient.invalidateQueries({ queryKey: ['contracts', 'detail', contractId] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}
