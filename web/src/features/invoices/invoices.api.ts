/**
 * The invoices API: a contract's invoices and payment terms, one invoice with its clock, checklist,
 * payments and history, the actions on it, the interest working, the portfolio of payables, the
 * interest calculator, and the prompt-payment rate tables and payment holidays.
 */
import { keepPreviousData, type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { api, newIdempotencyKey, type QueryValue, toQuery } from '../../api/client';
import type { Page, Ref } from '../../api/types';

export const INVOICE_STATES = ['received', 'returned_defective', 'approved', 'scheduled', 'paid'] as const;
export type InvoiceState = (typeof INVOICE_STATES)[number];
export const CLOCK_STATUSES = ['not_due', 'due_soon', 'late', 'paid_on_time', 'paid_late', 'returned', 'no_due_date'] as const;
export type ClockStatus = (typeof CLOCK_STATUSES)[number];
export const PAYABLE_FILTERS = ['open', 'due_this_week', 'late', 'defective', 'paid', 'all'] as const;
export type PayableFilter = (typeof PAYABLE_FILTERS)[number];
export const RULE_PACKS = ['us-far', 'uk-pa23', 'eu', 'generic'] as const;
export type RulePack = (typeof RULE_PACKS)[number];
export type PaymentKind = 'payment' | 'credit_note';

export interface InvoiceSummary {
  id: string;
  contract: { id: string; reference: string; title: string };
  vendor: Ref;
  department: Ref;
  vendorInvoiceNumber: string;
  invoiceDate: string;
  receivedDate: string;
  currency: string;
  total: string;
  credited: string;
  paid: string;
  outstanding: string;
  state: InvoiceState;
  defective: boolean;
  rulePack: RulePack;
  dueDate: string | null;
  defectReturnDeadline: string | null;
  paidDate: string | null;
  daysLate: number;
  status: ClockStatus;
  interestPaid: string;
  version: number;
  updatedAt: string;
}

export interface InvoiceLine {
  id: string;
  position: number;
  lineItemNumber: string;
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  amount: string;
  milestoneId: string | null;
  deliverableId: string | null;
  usagePeriod: { start: string | null; end: string | null } | null;
}

export interface ChecklistItem {
  item: string;
  label: string;
  ok: boolean;
  message: string;
}

export interface InvoiceClock {
  invoiceDate: string;
  receivedDate: string;
  receiptStamped: boolean;
  deliveredDate: string | null;
  acceptedDate: string | null;
  acceptanceDate: string | null;
  dueDate: string | null;
  dueBasis: string | null;
  dueWorking: string[];
  defectReturnDeadline: string | null;
  returnedDate: string | null;
  scheduledDate: string | null;
  paidDate: string | null;
  daysLate: number;
  status: ClockStatus;
}

export interface Payment {
  id: string;
  kind: PaymentKind;
  date: string;
  amount: string;
  reference: string;
  daysLate: number;
  interestDue: string;
  interestPaid: string;
  early: boolean;
  recordedBy: Ref | null;
  createdAt: string;
}

export interface InvoiceEvent {
  at: string;
  action: string;
  fromState: string | null;
  toState: string;
  reasons: string[];
  note: string;
  actor: Ref | null;
}

export interface InvoiceAttachment {
  documentId: string;
  title: string;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  uploadedAt: string;
}

export interface InvoicePermissions {
  update: boolean;
  return: boolean;
  resubmit: boolean;
  approve: boolean;
  schedule: boolean;
  pay: boolean;
  credit: boolean;
  attach: boolean;
}

export interface Invoice extends InvoiceSummary {
  receiptStamped: boolean;
  billingPeriod: { start: string | null; end: string | null } | null;
  deliveredDate: string | null;
  subtotal: string;
  tax: string;
  contractorName: string;
  contractorAddress: string;
  contractNumber: string;
  paymentTerms: string;
  remitTo: string;
  defectContact: string;
  otherRequirements: { label: string; met: boolean }[];
  notes: string;
  lines: InvoiceLine[];
  checklist: ChecklistItem[];
  clock: InvoiceClock;
  payments: Payment[];
  events: InvoiceEvent[];
  attachments: InvoiceAttachment[];
  submittedBy: Ref | null;
  submittedByVendor: boolean;
  approvedBy: Ref | null;
  approvedAt: string | null;
  resubmissions: number;
  createdAt: string;
  permissions: InvoicePermissions;
  warnings: string[];
}

export interface ContractInvoices {
  items: InvoiceSummary[];
  totals: { currency: string; invoiced: string; credited: string; paid: string; outstanding: string };
  permissions: { submit: boolean; process: boolean };
}

export interface InvoiceLineInput {
  lineItemNumber: string;
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  amount: string;
  milestoneId: string | null;
  deliverableId: string | null;
  usagePeriodStart: string | null;
  usagePeriodEnd: string | null;
}

export interface InvoiceInput {
  vendorInvoiceNumber: string;
  invoiceDate: string;
  /** Procurement only (a paper invoice): the date stamped on receipt. */
  receivedDate?: string;
  receiptStamped?: boolean;
  billingPeriodStart: string | null;
  billingPeriodEnd: string | null;
  deliveredDate: string | null;
  currency: string;
  lines: InvoiceLineInput[];
  subtotal: string;
  tax?: string;
  total: string;
  contractorName: string;
  contractorAddress: string;
  contractNumber: string;
  paymentTerms: string;
  remitTo: string;
  defectContact: string;
  notes: string;
}

export interface InterestPeriod {
  from: string;
  to: string;
  days: number;
  principalAtStart: string;
  annualRatePercent: string;
  interest: string;
}

export interface InterestResult {
  interest: string;
  daysLate: number;
  interestDays: number;
  annualRatePercent: string;
  dayBasis: number;
  compounding: string;
  periods: InterestPeriod[];
  fixedCompensation: string;
  total: string;
  payable: boolean;
  working: string[];
}

export interface InvoiceInterest {
  invoiceId: string;
  rulePack: RulePack;
  currency: string;
  dueDate: string | null;
  dueWorking: string[];
  asOf: string;
  outstanding: string;
  accrued: InterestResult | null;
  payments: { paymentId: string; date: string; amount: string; interestPaid: string; interest: InterestResult | null }[];
  interestPaid: string;
  message: string | null;
}

export interface InterestCalculation {
  principal: string;
  currency?: string;
  dueDate: string;
  paymentDate: string;
  rulePack: RulePack;
  annualRatePercent?: string;
  euFixedCompensation?: string;
  dayBasis?: 360 | 365;
  compounding?: 'none' | '30-day';
}

export interface PayablesMonth {
  month: string;
  paidOnTime: number;
  paidLate: number;
  interestPaid: { currency: string; amount: string }[];
  values: { currency: string; onTime: string; late: string }[];
}

export interface PayablesSummary {
  from: string;
  to: string;
  months: PayablesMonth[];
  totals: { paidOnTime: number; paidLate: number; onTimeShare: number | null; averageDaysToPay: number | null };
  open: { dueThisWeek: number; late: number; defective: number };
}

export interface PaymentTerms {
  contractId: string;
  rulePack: RulePack;
  termsDays: number | null;
  annualRatePercent: string | null;
  dayBasis: 360 | 365;
  compounding: 'none' | '30-day';
  euFixedCompensation: string | null;
  defectReturnDays: number | null;
  acceptanceProcedure: boolean;
  acceleratedPayment: boolean;
  effective: { paymentDays: number; summary: string };
  version: number;
}

export type PaymentTermsInput = Omit<PaymentTerms, 'contractId' | 'rulePack' | 'effective'>;

export interface RatePeriod {
  effectiveFrom: string;
  effectiveTo: string | null;
  annualRatePercent: string;
  source: string;
}

export interface RateTables {
  rulePacks: { rulePack: RulePack; description: string; rates: RatePeriod[] }[];
}

export interface Holiday {
  date: string;
  name: string;
  actualDate: string | null;
}

export interface Holidays {
  calendar: string;
  holidays: Holiday[];
}

export interface PayablesQuery {
  filter: PayableFilter;
  departmentId?: string;
  vendorId?: string;
  state?: InvoiceState;
  q?: string;
  page: number;
  pageSize: number;
}

const keys = {
  contract: (contractId: string) => ['invoices', 'contract', contractId] as const,
  terms: (contractId: string) => ['invoices', 'terms', contractId] as const,
  one: (id: string) => ['invoices', 'one', id] as const,
  interest: (id: string, asOf?: string) => ['invoices', 'interest', id, asOf ?? 'today'] as const,
  list: (params: Record<string, QueryValue>) => ['invoices', 'list', params] as const,
  summary: (params: Record<string, QueryValue>) => ['invoices', 'payables', params] as const,
  rates: ['invoices', 'rates'] as const,
  holidays: (year?: number) => ['invoices', 'holidays', year ?? 'all'] as const,
};

export function useContractInvoices(contractId: string) {
  return useQuery({
    queryKey: keys.contract(contractId),
    queryFn: () => api<ContractInvoices>(`/api/contracts/${contractId}/invoices`),
    staleTime: 0,
  });
}

export function usePaymentTerms(contractId: string) {
  return useQuery({
    queryKey: keys.terms(contractId),
    queryFn: () => api<PaymentTerms>(`/api/contracts/${contractId}/payment-terms`),
  });
}

export function useInvoice(id: string) {
  return useQuery({ queryKey: keys.one(id), queryFn: () => api<Invoice>(`/api/invoices/${id}`), staleTime: 0 });
}

export function useInvoiceInterest(id: string, enabled = true, asOf?: string) {
  return useQuery({
    queryKey: keys.interest(id, asOf),
    queryFn: () => api<InvoiceInterest>(`/api/invoices/${id}/interest${toQuery({ asOf })}`),
    enabled,
    staleTime: 0,
  });
}

export function usePayables(params: PayablesQuery) {
  return useQuery({
    queryKey: keys.list({ ...params }),
    queryFn: () => api<Page<InvoiceSummary>>(`/api/invoices${toQuery({ ...params })}`),
    placeholderData: keepPreviousData,
  });
}

export function usePayablesSummary(params: { months: number; departmentId?: string }) {
  return useQuery({
    queryKey: keys.summary(params),
    queryFn: () => api<PayablesSummary>(`/api/payables/summary${toQuery(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useRateTables(enabled = true) {
  return useQuery({ queryKey: keys.rates, queryFn: () => api<RateTables>('/api/admin/payment-rates'), enabled });
}

export function useHolidays(year?: number) {
  return useQuery({
    queryKey: keys.holidays(year),
    queryFn: () => api<Holidays>(`/api/admin/payment-holidays${toQuery({ year })}`),
    placeholderData: keepPreviousData,
  });
}

export const invoicesCsvHref = (contractId: string) => `/api/contracts/${contractId}/invoices.csv`;
export const documentHref = (documentId: string) => `/api/documents/${documentId}/download`;

/** Everything an invoice change can move: its lists, deadlines, findings, evidence and the dashboard. */
function refreshAfter(queryClient: QueryClient, contractId?: string) {
  void queryClient.invalidateQueries({ queryKey: ['invoices'] });
  if (contractId) void queryClient.invalidateQueries({ queryKey: ['contracts', 'detail', contractId] });
  void queryClient.invalidateQueries({ queryKey: ['findings'] });
  void queryClient.invalidateQueries({ queryKey: ['questions'] });
  void queryClient.invalidateQueries({ queryKey: ['deadlines'] });
  void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
  void queryClient.invalidateQueries({ queryKey: ['audit'] });
}

/** A mutation on invoices; forms show their own errors. */
function useInvoiceMutation<I, O>(contractId: string | undefined, fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, meta: { quiet: true }, onSettled: () => refreshAfter(queryClient, contractId) });
}

/**
 * One idempotency key per form, renewed after each success: a double click or a retry after a
 * lost response creates the record once.
 */
function useIdempotencyKey() {
  const key = useRef(newIdempotencyKey());
  return { headers: () => ({ 'Idempotency-Key': key.current }), renew: () => (key.current = newIdempotencyKey()) };
}

/** Submit or enter an invoice on a contract, or send a returned one again, corrected and in full. */
export function useSaveInvoice(contractId: string, returned?: Invoice) {
  const idem = useIdempotencyKey();
  return useInvoiceMutation(contractId, async (input: InvoiceInput) => {
    const saved = returned
      ? await api<Invoice>(`/api/invoices/${returned.id}/resubmit`, { method: 'POST', body: { ...input, version: returned.version } })
      : await api<Invoice>(`/api/contracts/${contractId}/invoices`, { method: 'POST', body: input, headers: idem.headers() });
    idem.renew();
    return saved;
  });
}

export interface InvoiceCorrection {
  receivedDate?: string;
  receiptStamped?: boolean;
  reason?: string;
  deliveredDate?: string | null;
  notes?: string;
}

export function useUpdateInvoice(invoice: Invoice) {
  return useInvoiceMutation(invoice.contract.id, (input: InvoiceCorrection) =>
    api<Invoice>(`/api/invoices/${invoice.id}`, { method: 'PATCH', body: { ...input, version: invoice.version } }),
  );
}

export function useReturnInvoice(invoice: Invoice) {
  return useInvoiceMutation(invoice.contract.id, (input: { reasons: string[]; note: string }) =>
    api<Invoice>(`/api/invoices/${invoice.id}/return`, { method: 'POST', body: { ...input, version: invoice.version } }),
  );
}

export function useApproveInvoice(invoice: Invoice) {
  return useInvoiceMutation(invoice.contract.id, (input: { acceptedDate: string; note: string }) =>
    api<Invoice>(`/api/invoices/${invoice.id}/approve`, { method: 'POST', body: { ...input, version: invoice.version } }),
  );
}

export function useScheduleInvoice(invoice: Invoice) {
  return useInvoiceMutation(invoice.contract.id, (input: { scheduledDate: string; note: string }) =>
    api<Invoice>(`/api/invoices/${invoice.id}/schedule`, { method: 'POST', body: { ...input, version: invoice.version } }),
  );
}

export interface PaymentInput {
  kind: PaymentKind;
  date: string;
  amount: string;
  reference: string;
  interestPaid?: string;
}

export function useRecordPayment(invoice: Invoice) {
  const idem = useIdempotencyKey();
  return useInvoiceMutation(invoice.contract.id, async (input: PaymentInput) => {
    const saved = await api<Invoice>(`/api/invoices/${invoice.id}/payments`, { method: 'POST', body: input, headers: idem.headers() });
    idem.renew();
    return saved;
  });
}

export function useAttachFile(invoice: Invoice) {
  return useInvoiceMutation(invoice.contract.id, ({ file, title }: { file: File; title?: string }) => {
    const body = new FormData();
    body.set('file', file);
    if (title) body.set('title', title);
    return api<Invoice>(`/api/invoices/${invoice.id}/attachments`, { method: 'POST', body });
  });
}

export function useSavePaymentTerms(contractId: string) {
  return useInvoiceMutation(contractId, (input: PaymentTermsInput) =>
    api<PaymentTerms>(`/api/contracts/${contractId}/payment-terms`, { method: 'PUT', body: input }),
  );
}

export function useCalculateInterest() {
  return useMutation({
    mutationFn: (input: InterestCalculation) => api<InterestResult>('/api/prompt-payment/interest', { method: 'POST', body: input }),
    meta: { quiet: true },
  });
}

export function useSaveRateTable() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ rulePack, rates }: { rulePack: RulePack; rates: RatePeriod[] }) =>
      api<RateTables>(`/api/admin/payment-rates/${rulePack}`, { method: 'PUT', body: { rates } }),
    meta: { quiet: true },
    onSettled: () => refreshAfter(queryClient),
  });
}

export function useSaveHolidays() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { year: number; holidays: Holiday[] }) =>
      api<Holidays>('/api/admin/payment-holidays', { method: 'PUT', body: input }),
    meta: { quiet: true },
    onSettled: () => refreshAfter(queryClient),
  });
}
