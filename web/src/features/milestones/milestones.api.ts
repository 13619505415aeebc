/**
 * The milestones API: a contract's milestones and deliverables, test plans, evaluation runs,
 * delivery and acceptance, evidence files, and the portfolio list of upcoming and late milestones.
 */
import { keepPreviousData, type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue, toQuery } from '../../api/client';
import type { Page, Ref } from '../../api/types';

export const MILESTONE_TYPES = ['delivery', 'reporting', 'payment', 'approval', 'assessment', 'engagement', 'financing'] as const;
export type MilestoneType = (typeof MILESTONE_TYPES)[number];
export const MILESTONE_STATUSES = ['scheduled', 'met', 'partiallyMet', 'notMet'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];
export const TEAMS = ['procurement', 'buyer', 'it_data'] as const;
export type Team = (typeof TEAMS)[number];
export const TEST_METHODS = [
  'user_acceptance',
  'accuracy_quality',
  'bias_fairness',
  'security_review',
  'accessibility_review',
  'performance_load',
  'other',
] as const;
export type TestMethod = (typeof TEST_METHODS)[number];
export type Direction = 'at_least' | 'at_most';
export type Decision = 'pending' | 'accepted' | 'rejected' | 'accepted_with_conditions';
export const WINDOWS = ['upcoming', 'late', 'open', 'all'] as const;
export type MilestoneWindow = (typeof WINDOWS)[number];

export interface Milestone {
  id: string;
  contractId: string;
  title: string;
  type: MilestoneType;
  description: string;
  dueDate: string;
  ownerTeam: Team | null;
  owner: Ref | null;
  status: MilestoneStatus;
  dateMet: string | null;
  paymentAmount: string | null;
  /** Days met after the due date; null while not met. */
  slipDays: number | null;
  deliverableIds: string[];
  version: number;
  updatedAt: string;
}

export interface PortfolioMilestone extends Milestone {
  contractReference: string;
  contractTitle: string;
  vendorName: string;
  departmentName: string;
  deliverablesTotal: number;
  deliverablesDelivered: number;
  daysLate: number | null;
  daysUntilDue: number | null;
}

export interface Criterion {
  name: string;
  metric: string | null;
  threshold: number | null;
  direction: Direction | null;
}

export interface RunResult {
  criterion: string;
  value: number | null;
  passed: boolean;
}

export interface EvaluationRun {
  id: string;
  runDate: string;
  scenario: string;
  results: RunResult[];
  passed: boolean;
  notes: string;
  createdAt: string;
}

export interface TestPlan {
  id: string;
  tester: Ref | null;
  testerTeam: Team | null;
  method: TestMethod;
  notes: string;
  criteria: Criterion[];
  runs: EvaluationRun[];
  version: number;
}

export interface DeliverableFile {
  /** The document's id: download at /api/documents/{id}/download. */
  id: string;
  filename: string;
  title: string;
  mediaType: string;
  sizeBytes: number;
  /** Vendor users see only the files shared with them (their own uploads always are). */
  sharedWithVendor: boolean;
  evaluationRunId: string | null;
  uploadedAt: string;
  uploadedBy: Ref | null;
}

export interface Deliverable {
  id: string;
  contractId: string;
  milestoneId: string | null;
  title: string;
  description: string;
  acceptanceCriteria: string[];
  dueDate: string;
  deliveredDate: string | null;
  deliveredBy: Ref | null;
  decision: Decision;
  decisionReasons: string;
  decidedBy: Ref | null;
  decidedAt: string | null;
  disputed: boolean;
  acceptancePeriodDays: number | null;
  acceptanceDecisionDue: string | null;
  effectiveAcceptanceDate: string | null;
  testPlan: TestPlan | null;
  /** Delivery and evaluation evidence (older servers may leave it out). */
  files?: DeliverableFile[];
  version: number;
  updatedAt: string;
}

export interface MilestoneInput {
  title: string;
  type: MilestoneType;
  description: string;
  dueDate: string;
  ownerTeam: Team | null;
  ownerUserId: string | null;
  status: MilestoneStatus;
  dateMet: string | null;
  paymentAmount: string | null;
}

export interface DeliverableInput {
  milestoneId: string | null;
  title: string;
  description: string;
  acceptanceCriteria: string[];
  dueDate: string;
  acceptancePeriodDays: number | null;
}

export interface TestPlanInput {
  version?: number;
  testerUserId: string | null;
  testerTeam: Team | null;
  method: TestMethod;
  notes: string;
  criteria: Criterion[];
}

export interface RunInput {
  runDate: string;
  scenario: string;
  results: { criterion: string; value: number | null; passed: boolean | null }[];
  notes: string;
}

const keys = {
  milestones: (contractId: string) => ['milestones', 'contract', contractId] as const,
  deliverables: (contractId: string) => ['deliverables', 'contract', contractId] as const,
  deliverable: (id: string) => ['deliverables', 'one', id] as const,
  portfolio: (params: Record<string, QueryValue>) => ['milestones', 'portfolio', params] as const,
};

export function useMilestones(contractId: string) {
  return useQuery({
    queryKey: keys.milestones(contractId),
    queryFn: () => api<Milestone[]>(`/api/contracts/${contractId}/milestones`),
    staleTime: 0,
  });
}

export function useDeliverables(contractId: string) {
  return useQuery({
    queryKey: keys.deliverables(contractId),
    queryFn: () => api<Deliverable[]>(`/api/contracts/${contractId}/deliverables`),
    staleTime: 0,
  });
}

export function useDeliverable(id: string) {
  return useQuery({
    queryKey: keys.deliverable(id),
    queryFn: () => api<Deliverable>(`/api/deliverables/${id}`),
    staleTime: 0,
  });
}

export function usePortfolioMilestones(params: { window: MilestoneWindow; departmentId?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: keys.portfolio(params),
    queryFn: () => api<Page<PortfolioMilestone>>(`/api/milestones${toQuery(params)}`),
    placeholderData: keepPreviousData,
  });
}

export const milestonesCsvHref = (contractId: string) => `/api/contracts/${contractId}/milestones.csv`;
export const documentHref = (documentId: string) => `/api/documents/${documentId}/download`;

/** Everything a change to milestones or deliverables can move: findings, deadlines, evidence, health. */
function refreshAfter(queryClient: QueryClient, contractId: string) {
  void queryClient.invalidateQueries({ queryKey: keys.milestones(contractId) });
  void queryClient.invalidateQueries({ queryKey: ['deliverables'] });
  void queryClient.invalidateQueries({ queryKey: ['milestones', 'portfolio'] });
  void queryClient.invalidateQueries({ queryKey: ['contracts', 'detail', contractId] });
  void queryClient.invalidateQueries({ queryKey: ['findings'] });
  void queryClient.invalidateQueries({ queryKey: ['questions'] });
  void queryClient.invalidateQueries({ queryKey: ['deadlines'] });
  void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
  void queryClient.invalidateQueries({ queryKey: ['audit'] });
}

/** A mutation on this contract's milestones or deliverables; forms show their own errors. */
function useContractMutation<I, O>(contractId: string, fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, meta: { quiet: true }, onSettled: () => refreshAfter(queryClient, contractId) });
}

export function useSaveMilestone(contractId: string, milestone?: Milestone) {
  return useContractMutation(contractId, (input: MilestoneInput) =>
    milestone
      ? api<Milestone>(`/api/milestones/${milestone.id}`, { method: 'PATCH', body: { ...input, version: milestone.version } })
      : api<Milestone>(`/api/contracts/${contractId}/milestones`, { method: 'POST', body: input }),
  );
}

export function useDeleteMilestone(contractId: string) {
  return useContractMutation(contractId, (milestone: Milestone) => api<void>(`/api/milestones/${milestone.id}`, { method: 'DELETE' }));
}

export function useSaveDeliverable(contractId: string, deliverable?: Deliverable) {
  return useContractMutation(contractId, (input: DeliverableInput) =>
    deliverable
      ? api<Deliverable>(`/api/deliverables/${deliverable.id}`, { method: 'PATCH', body: { ...input, version: deliverable.version } })
      : api<Deliverable>(`/api/contracts/${contractId}/deliverables`, { method: 'POST', body: input }),
  );
}

export function useDeleteDeliverable(contractId: string) {
  return useContractMutation(contractId, (deliverable: Deliverable) =>
    api<void>(`/api/deliverables/${deliverable.id}`, { method: 'DELETE' }),
  );
}

export function useSetDispute(contractId: string) {
  return useContractMutation(contractId, ({ deliverable, disputed }: { deliverable: Deliverable; disputed: boolean }) =>
    api<Deliverable>(`/api/deliverables/${deliverable.id}`, { method: 'PATCH', body: { version: deliverable.version, disputed } }),
  );
}

export interface FileOptions {
  /** Evidence of this evaluation run (staff only). */
  evaluationRunId?: string | null;
  /** Let the vendor's users see it (their own uploads always are). */
  sharedWithVendor?: boolean;
}

/** Upload one evidence file to a deliverable (optionally as evidence of an evaluation run). */
function uploadFile(deliverableId: string, file: File, opts: FileOptions) {
  const body = new FormData();
  body.set('file', file);
  if (opts.evaluationRunId) body.set('evaluationRunId', opts.evaluationRunId);
  if (opts.sharedWithVendor) body.set('sharedWithVendor', 'true');
  return api<DeliverableFile>(`/api/deliverables/${deliverableId}/files`, { method: 'POST', body });
}

/** Upload files one by one; the names of those that failed, with the reason, come back. */
async function uploadAll(deliverableId: string, files: File[], opts: FileOptions = {}) {
  const failed: { name: string; message: string }[] = [];
  for (const file of files) {
    try {
      await uploadFile(deliverableId, file, opts);
    } catch (error) {
      const fields = (error as { fields?: Record<string, string> }).fields;
      failed.push({ name: file.name, message: fields?.file ?? (error instanceof Error ? error.message : 'Upload failed') });
    }
  }
  return failed;
}

export type UploadFailures = { name: string; message: string }[];

export function useUploadFiles(contractId: string) {
  return useContractMutation(
    contractId,
    async ({ deliverable, files, ...opts }: { deliverable: Deliverable; files: File[] } & FileOptions) =>
      uploadAll(deliverable.id, files, opts),
  );
}

/** Mark delivered, then upload the delivery's files. */
export function useMarkDelivered(contractId: string) {
  return useContractMutation(
    contractId,
    async ({ deliverable, deliveredDate, files }: { deliverable: Deliverable; deliveredDate: string; files: File[] }) => {
      const saved = await api<Deliverable>(`/api/deliverables/${deliverable.id}/delivery`, {
        method: 'POST',
        body: { version: deliverable.version, deliveredDate },
      });
      return { deliverable: saved, failed: await uploadAll(deliverable.id, files) };
    },
  );
}

export function useDecide(contractId: string) {
  return useContractMutation(
    contractId,
    ({ deliverable, decision, reasons }: { deliverable: Deliverable; decision: Exclude<Decision, 'pending'>; reasons: string }) =>
      api<Deliverable>(`/api/deliverables/${deliverable.id}/decision`, {
        method: 'POST',
        body: { version: deliverable.version, decision, reasons },
      }),
  );
}

export function useSetTestPlan(contractId: string) {
  return useContractMutation(contractId, ({ deliverable, plan }: { deliverable: Deliverable; plan: TestPlanInput }) =>
    api<Deliverable>(`/api/deliverables/${deliverable.id}/test-plan`, { method: 'PUT', body: plan }),
  );
}

/** Record a run, then upload its evidence files against the new run. */
export function useRecordRun(contractId: string) {
  return useContractMutation(
    contractId,
    async ({
      deliverable,
      run,
      files,
      sharedWithVendor,
    }: {
      deliverable: Deliverable;
      run: RunInput;
      files: File[];
      sharedWithVendor: boolean;
    }) => {
      const before = new Set(deliverable.testPlan?.runs.map((r) => r.id) ?? []);
      const saved = await api<Deliverable>(`/api/deliverables/${deliverable.id}/evaluation-runs`, { method: 'POST', body: run });
      const created = saved.testPlan?.runs.find((r) => !before.has(r.id)) ?? null;
      const failed = files.length ? await uploadAll(deliverable.id, files, { evaluationRunId: created?.id, sharedWithVendor }) : [];
      return { deliverable: saved, run: created, failed };
    },
  );
}
