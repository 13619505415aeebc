/** The key-questions API: the catalogue, a contract's questions, answering, and team pages. */
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue, toQuery } from '../../api/client';
import type { Ref } from '../../api/types';

export type Team = 'procurement' | 'buyer' | 'it_data';
export const TEAMS: Team[] = ['procurement', 'buyer', 'it_data'];
export type Theme = 'operational' | 'innovation';
export type AnswerStatus = 'on_track' | 'at_risk' | 'off_track' | 'not_applicable';
export type Standing = AnswerStatus | 'unanswered';
export const STANDINGS: Standing[] = ['off_track', 'at_risk', 'unanswered', 'on_track', 'not_applicable'];

export const TEAM_LABELS: Record<Team, string> = {
  procurement: 'Procurement team',
  buyer: 'Agency or department buyer',
  it_data: 'IT and data',
};

/** How a sentence names a team: "the IT and data team answers this question". */
export const TEAM_IN_SENTENCE: Record<Team, string> = {
  procurement: 'the procurement team',
  buyer: 'the agency or department buyer',
  it_data: 'the IT and data team',
};

export const STANDING_LABELS: Record<Standing, string> = {
  off_track: 'Off track',
  at_risk: 'At risk',
  unanswered: 'Unanswered',
  on_track: 'On track',
  not_applicable: 'Not applicable',
};

export function isTeam(value: unknown): value is Team {
  return value === 'procurement' || value === 'buyer' || value === 'it_data';
}

export interface Round {
  id: string;
  label: string;
  start: string;
  end: string;
}

export interface Catalogue {
  objectives: { id: string; group: 'procurement' | 'organizational'; groupLabel: string; text: string }[];
  teams: { id: Team; label: string; reviewPeriodDays: number }[];
  themes: { id: Theme; label: string }[];
  statuses: { id: Standing; label: string }[];
  questions: { id: string; team: Team; theme: Theme; text: string; objectives: string[] }[];
  currentRound: Round;
}

export interface Answer {
  id: string;
  status: AnswerStatus;
  text: string;
  owner: Ref | null;
  answeredBy: Ref | null;
  answeredAt: string;
  round: string;
  roundLabel: string;
  version: number;
}

export interface EvidenceItem {
  label: string;
  value: string;
  tone?: 'good' | 'warning' | 'bad' | 'neutral';
  href?: string;
  source: string;
}

export interface ContractQuestion {
  id: string;
  team: Team;
  theme: Theme;
  text: string;
  objectives: string[];
  evidenceAvailable: boolean;
  evidence: EvidenceItem[];
  evidenceNote: string | null;
  answer: Answer | null;
  answeredThisRound: boolean;
  history: Answer[];
  standing: Standing;
  overdue: boolean;
  canAnswer: boolean;
}

export interface ContractQuestions {
  contract: { id: string; reference: string; title: string; status: string; department: Ref };
  currentRound: Round;
  reviewPeriodDays: Record<Team, number>;
  questions: ContractQuestion[];
  ownerOptions: Record<Team, Ref[]>;
}

export interface TeamRow {
  contract: { id: string; reference: string; title: string; status: string; department: Ref };
  question: { id: string; theme: Theme; text: string };
  standing: Standing;
  answer: Answer | null;
  overdue: boolean;
  daysWithoutAnswer: number;
}

export interface TeamQuestions {
  team: { id: Team; label: string; reviewPeriodDays: number };
  currentRound: Round;
  counts: Record<Standing, number>;
  contracts: number;
  items: TeamRow[];
  total: number;
  page: number;
  pageSize: number;
}

export const catalogueQuery = queryOptions({
  queryKey: ['questions', 'catalogue'],
  queryFn: () => api<Catalogue>('/api/questions'),
  staleTime: 5 * 60_000,
});

export function useCatalogue() {
  return useQuery(catalogueQuery);
}

export function useContractQuestions(contractId: string) {
  return useQuery({
    queryKey: ['questions', 'contract', contractId],
    queryFn: () => api<ContractQuestions>(`/api/contracts/${contractId}/questions`),
  });
}

export interface AnswerInput {
  status: AnswerStatus;
  text: string;
  ownerUserId?: string | null;
  round?: string;
  version?: number;
}

export function useAnswerQuestion(contractId: string, questionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AnswerInput) =>
      api<ContractQuestion>(`/api/contracts/${contractId}/questions/${encodeURIComponent(questionId)}/answer`, {
        method: 'PUT',
        body: input,
      }),
    meta: { quiet: true },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['questions'] });
      // The answer may resolve a finding and change the health score.
      void queryClient.invalidateQueries({ queryKey: ['contracts', 'detail', contractId] });
      void queryClient.invalidateQueries({ queryKey: ['findings'] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}

export function teamQueryParams(filters: { departmentId?: string; status?: string }): Record<string, QueryValue> {
  return { departmentId: filters.departmentId, status: filters.status };
}

export function useTeamQuestions(team: Team, params: Record<string, QueryValue>) {
  return useQuery({
    queryKey: ['questions', 'team', team, params],
    queryFn: () => api<TeamQuestions>(`/api/questions/teams/${team}${toQuery(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function teamExportHref(team: Team, filters: { departmentId?: string; status?: string }): string {
  return `/api/questions/teams/${team}/export.csv${toQuery(teamQueryParams(filters))}`;
}
