/**
 * The cost and usage API: a contract's spend summary, service catalog, unapproved usage, imports
 * (a file sent as the raw request body, with upload progress), settings, and the portfolio of
 * contracts by burn.
 */
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, type FieldErrors, toQuery } from '../../api/client';
import type { Ref } from '../../api/types';

export const ENVIRONMENTS = ['production', 'pilot', 'sandbox'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
export type ServiceStatus = 'requested' | 'approved' | 'rejected';
export const TEAMS = ['procurement', 'buyer', 'it_data'] as const;
export type Team = (typeof TEAMS)[number];

export interface Thresholds {
  forecastPercent: number;
  forecastDays: number;
  forecastWindowDays: number;
  tmNoticePercent: number;
  ceilingPercent: number;
  serviceBudgetPercent: number;
  spikeSigma: number;
  spikeWindowDays: number;
  spikeMinAmount: string;
  spikeLookbackDays: number;
  reconcileTolerancePercent: number;
  reconcileToleranceAmount: string;
}
export type ThresholdKey = keyof Thresholds;

export interface ServiceSpend {
  serviceId: string | null;
  name: string;
  environment: string | null;
  budget: string | null;
  cost: string;
  rows: number;
  quantities: { unit: string; quantity: string }[];
}

export interface UsageSummary {
  currency: string;
  today: string;
  startDate: string;
  endDate: string;
  /** What spend is measured against: allotted funds when set, else the ceiling (or the value). */
  ceiling: string | null;
  ceilingLabel: 'ceiling' | 'allotted funds' | 'contract value';
  thresholds: Thresholds;
  spentToDate: string;
  percentOfCeiling: string | null;
  forecast: {
    burnRatePerDay: string;
    trendPerDay: string;
    spendWithinHorizon: string;
    horizonDays: number;
    projectedAtEnd: string;
    projectedAtEndLow: string;
    projectedAtEndHigh: string;
    ceilingDate: string | null;
  };
  daily: { day: string; cost: string; cumulative: string }[];
  projection: { day: string; expected: string; low: string; high: string }[];
  byService: ServiceSpend[];
  byDepartment: { department: string; cost: string }[];
  unmatched: { open: number; cost: string };
  imports: { count: number; lastAt: string | null };
}

export interface Identifiers {
  billingAccountId: string | null;
  subAccountId: string | null;
  serviceName: string | null;
  skuId: string | null;
  resourceType: string | null;
  tags: Record<string, string>;
}

export interface Rate {
  label: string;
  unit: string;
  per: number;
  price: string;
}

export interface ProvisionerRule {
  subAccountIds: string[];
  billingAccountIds: string[];
  tag: { key: string; values: string[] } | null;
}

export interface UsageService {
  id: string;
  contractId: string;
  name: string;
  environment: Environment;
  purpose: string;
  budget: string | null;
  identifiers: Identifiers;
  rates: Rate[];
  provisionerTeams: Team[];
  provisioners: Ref[];
  provisionerRule: ProvisionerRule | null;
  status: ServiceStatus;
  requestedBy: Ref | null;
  requestedAt: string;
  decidedBy: Ref | null;
  decidedAt: string | null;
  decisionNote: string;
  version: number;
}

export interface UsageServiceInput {
  name: string;
  environment: Environment;
  purpose: string;
  budget: string | null;
  identifiers: Identifiers;
  rates: Rate[];
  provisionerTeams: Team[];
  provisionerUserIds: string[];
  provisionerRule: ProvisionerRule | null;
}

export interface UsageException {
  id: string;
  kind: 'unmatched' | 'not_allowed';
  service: Ref | null;
  billingAccountId: string | null;
  subAccountId: string | null;
  serviceName: string | null;
  skuId: string | null;
  resourceId: string | null;
  firstSeen: string;
  lastSeen: string;
  billedCost: Record<string, string>;
  rows: number;
  status: 'open' | 'raised' | 'resolved';
  note: string;
}

export interface Rejection {
  row: number;
  line: number;
  column: string | null;
  reason: string;
}

export interface ImportResult {
  importId: string;
  source: 'focus' | 'csv' | 'api';
  focusVersion: string | null;
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  rowsUnmatched: number;
  rejections: Rejection[];
  billedCost: Record<string, string>;
  periodStart: string | null;
  periodEnd: string | null;
}

export interface UsageImport extends Omit<ImportResult, 'importId'> {
  id: string;
  contractId: string;
  filename: string;
  createdBy: Ref | null;
  createdAt: string;
}

export interface UsageSettings {
  allottedFunds: string | null;
  departmentTag: string;
  thresholds: Thresholds;
  overrides: Partial<Record<ThresholdKey, number | string>>;
  version: number;
}

export interface UsageSettingsInput {
  version?: number;
  allottedFunds?: string | null;
  departmentTag?: string;
  thresholds?: Partial<Record<ThresholdKey, number | string | null>>;
}

export interface SavedMapping {
  id: string;
  name: string;
  mapping: { columns: Record<string, string>; dateFormat: string };
  createdAt: string;
}

export interface UsagePortfolioRow {
  contractId: string;
  reference: string;
  title: string;
  departmentName: string;
  vendorName: string;
  currency: string;
  ceiling: string | null;
  spentToDate: string;
  percentOfCeiling: string | null;
  last30Days: string;
  unmatchedOpen: number;
  endDate: string;
}

const keys = {
  all: ['usage'] as const,
  contract: (contractId: string) => ['usage', 'contract', contractId] as const,
  summary: (contractId: string) => ['usage', 'contract', contractId, 'summary'] as const,
  services: (contractId: string) => ['usage', 'contract', contractId, 'services'] as const,
  exceptions: (contractId: string, all: boolean) => ['usage', 'contract', contractId, 'exceptions', all] as const,
  imports: (contractId: string) => ['usage', 'contract', contractId, 'imports'] as const,
  settings: (contractId: string) => ['usage', 'contract', contractId, 'settings'] as const,
  mappings: (contractId: string) => ['usage', 'contract', contractId, 'mappings'] as const,
  portfolio: ['usage', 'portfolio'] as const,
};

export function useUsageSummary(contractId: string, enabled = true) {
  return useQuery({
    queryKey: keys.summary(contractId),
    queryFn: () => api<UsageSummary>(`/api/contracts/${contractId}/usage`),
    enabled,
    staleTime: 0,
  });
}

export function useUsageServices(contractId: string, enabled = true) {
  return useQuery({
    queryKey: keys.services(contractId),
    queryFn: () => api<{ items: UsageService[] }>(`/api/contracts/${contractId}/usage/services`),
    select: (r) => r.items,
    enabled,
    staleTime: 0,
  });
}

export function useUsageExceptions(contractId: string, all = false, enabled = true) {
  return useQuery({
    queryKey: keys.exceptions(contractId, all),
    queryFn: () => api<{ items: UsageException[] }>(`/api/contracts/${contractId}/usage/exceptions${toQuery({ all: all || undefined })}`),
    select: (r) => r.items,
    enabled,
    staleTime: 0,
  });
}

export function useUsageImports(contractId: string, enabled = true) {
  return useQuery({
    queryKey: keys.imports(contractId),
    queryFn: () => api<{ items: UsageImport[] }>(`/api/contracts/${contractId}/usage/imports`),
    select: (r) => r.items,
    enabled,
    staleTime: 0,
  });
}

export function useUsageSettings(contractId: string, enabled = true) {
  return useQuery({
    queryKey: keys.settings(contractId),
    queryFn: () => api<UsageSettings>(`/api/contracts/${contractId}/usage/settings`),
    enabled,
    staleTime: 0,
  });
}

export function useUsageMappings(contractId: string, enabled = true) {
  return useQuery({
    queryKey: keys.mappings(contractId),
    queryFn: () => api<{ items: SavedMapping[] }>(`/api/contracts/${contractId}/usage/mappings`),
    select: (r) => r.items,
    enabled,
  });
}

export function useUsagePortfolio() {
  return useQuery({
    queryKey: keys.portfolio,
    queryFn: () => api<{ items: UsagePortfolioRow[] }>('/api/usage/portfolio'),
    select: (r) => r.items,
    staleTime: 0,
  });
}

/** Everything a usage change can move: the contract's usage, its findings, health and evidence. */
export function refreshAfterUsage(queryClient: QueryClient, contractId: string): void {
  void queryClient.invalidateQueries({ queryKey: keys.contract(contractId) });
  void queryClient.invalidateQueries({ queryKey: keys.portfolio });
  void queryClient.invalidateQueries({ queryKey: ['contracts', 'detail', contractId] });
  void queryClient.invalidateQueries({ queryKey: ['findings'] });
  void queryClient.invalidateQueries({ queryKey: ['questions'] });
  void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
  void queryClient.invalidateQueries({ queryKey: ['notifications'] });
  void queryClient.invalidateQueries({ queryKey: ['audit'] });
}

/** A mutation on this contract's usage; forms show their own errors. */
function useUsageMutation<I, O>(contractId: string, fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, meta: { quiet: true }, onSettled: () => refreshAfterUsage(queryClient, contractId) });
}

export function useSaveService(contractId: string, service?: UsageService) {
  return useUsageMutation(contractId, (input: UsageServiceInput & { fromExceptionId?: string | null }) => {
    if (service) {
      const { fromExceptionId: _ignored, ...changes } = input;
      return api<UsageService>(`/api/usage/services/${service.id}`, { method: 'PATCH', body: { ...changes, version: service.version } });
    }
    return api<UsageService>(`/api/contracts/${contractId}/usage/services`, { method: 'POST', body: input });
  });
}

export function useDecideService(contractId: string) {
  return useUsageMutation(contractId, (input: { service: UsageService; decision: 'approved' | 'rejected'; note: string }) =>
    api<UsageService>(`/api/usage/services/${input.service.id}/decision`, {
      method: 'POST',
      body: { version: input.service.version, decision: input.decision, note: input.note },
    }),
  );
}

export function useRaiseException(contractId: string) {
  return useUsageMutation(contractId, (input: { exception: UsageException; note: string }) =>
    api<UsageException>(`/api/usage/exceptions/${input.exception.id}/raise`, { method: 'POST', body: { note: input.note } }),
  );
}

export function useSaveSettings(contractId: string) {
  return useUsageMutation(contractId, (input: UsageSettingsInput) =>
    api<UsageSettings>(`/api/contracts/${contractId}/usage/settings`, { method: 'PUT', body: input }),
  );
}

// ---------- file import with upload progress ----------

/** A refused import: the API's error, with the rows it could not read when it says which. */
export class UsageImportError extends ApiError {
  readonly rejections: Rejection[];
  readonly rowsRead: number | null;
  readonly rowsRejected: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { fields?: FieldErrors; requestId?: string; rejections?: Rejection[]; rowsRead?: number; rowsRejected?: number } = {},
  ) {
    super(status, code, message, extra.fields, extra.requestId);
    this.name = 'UsageImportError';
    this.rejections = extra.rejections ?? [];
    this.rowsRead = extra.rowsRead ?? null;
    this.rowsRejected = extra.rowsRejected ?? null;
  }
}

function readCookie(name: string): string | null {
  const hit = document.cookie.split('; ').find((part) => part.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null;
}

/** The content type the server expects for a usage file: gzip by its name or type, else CSV. */
export function usageFileType(file: File): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.gz') || name.endsWith('.gzip') || file.type === 'application/gzip' || file.type === 'application/x-gzip')
    return 'application/gzip';
  return 'text/csv';
}

function errorFrom(xhr: XMLHttpRequest): UsageImportError {
  let payload: unknown = null;
  try {
    payload = JSON.parse(xhr.responseText);
  } catch {
    // not JSON: a generic message below
  }
  const error = (
    payload as {
      error?: {
        code?: string;
        message?: string;
        fields?: FieldErrors;
        requestId?: string;
        details?: { rejections?: Rejection[]; rowsRead?: number; rowsRejected?: number };
      };
    } | null
  )?.error;
  const status = xhr.status;
  const fallback =
    status === 413
      ? 'The file is larger than the server accepts.'
      : status === 429
        ? 'Too many attempts. Please wait a moment and try again.'
        : status >= 500
          ? 'The server had a problem. Please try again.'
          : `The import failed (${status}).`;
  return new UsageImportError(status, error?.code ?? `http_${status}`, error?.message ?? fallback, {
    fields: error?.fields,
    requestId: error?.requestId,
    rejections: Array.isArray(error?.details?.rejections) ? error.details.rejections : undefined,
    rowsRead: error?.details?.rowsRead,
    rowsRejected: error?.details?.rowsRejected,
  });
}

export interface UploadOptions {
  csrfToken: string | null;
  mapping?: string | null;
  skipBadRows: boolean;
  /** Called with the share of the file sent so far, 0 to 1. */
  onProgress: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * Send a usage file as the raw request body (fetch cannot report upload progress; XMLHttpRequest
 * can). Resolves to the import's summary; rejects with a UsageImportError carrying the rejected
 * rows when the API lists them.
 */
export function uploadUsageFile(contractId: string, file: File, opts: UploadOptions): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = toQuery({ filename: file.name, mapping: opts.mapping || undefined, skipBadRows: opts.skipBadRows ? 'true' : undefined });
    xhr.open('POST', `/api/contracts/${contractId}/usage/imports${query}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', usageFileType(file));
    xhr.setRequestHeader('Accept', 'application/json');
    const token = opts.csrfToken ?? readCookie('steward_csrf');
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) opts.onProgress(Math.min(1, e.loaded / e.total));
    };
    xhr.upload.onload = () => opts.onProgress(1);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as ImportResult);
        } catch {
          reject(new UsageImportError(xhr.status, 'bad_response', 'The server answered in a way Steward did not understand.'));
        }
        return;
      }
      reject(errorFrom(xhr));
    };
    xhr.onerror = () =>
      reject(new UsageImportError(0, 'network', 'Could not reach the server, or the connection broke during the upload. Try again.'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    if (opts.signal) {
      if (opts.signal.aborted) {
        xhr.abort();
        return;
      }
      opts.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(file);
  });
}

export function useUploadUsage(contractId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { file: File } & UploadOptions) => uploadUsageFile(contractId, input.file, input),
    meta: { quiet: true },
    onSettled: () => refreshAfterUsage(queryClient, contractId),
  });
}
