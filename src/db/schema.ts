/** Kysely table types. One interface per table; features use only their own tables. */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = Date;
type DateCol = ColumnType<string, string, string>;
type Numeric = ColumnType<string, string, string>;

export interface DepartmentsTable {
  id: Generated<string>;
  name: string;
  code: string;
  review_period_days: Generated<number>;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface VendorIdentifier {
  scheme: string;
  id: string;
}
export interface VendorAddress {
  streetAddress?: string;
  locality?: string;
  region?: string;
  postalCode?: string;
  countryName?: string;
}
export interface VendorContact {
  role: 'commercial' | 'technical' | 'security';
  name: string;
  email?: string;
  telephone?: string;
}

export interface VendorsTable {
  id: Generated<string>;
  legal_name: string;
  identifiers: JSONColumnType<VendorIdentifier[]>;
  address: JSONColumnType<VendorAddress>;
  contacts: JSONColumnType<VendorContact[]>;
  website: string | null;
  notes: string;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: string;
  department_id: string | null;
  vendor_id: string | null;
  password_hash: string | null;
  disabled_at: Timestamp | null;
  last_login_at: Timestamp | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Generated<Timestamp>;
  last_seen_at: Generated<Timestamp>;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Generated<Timestamp>;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginAttemptsTable {
  id: Generated<string>;
  email: string;
  ip: string;
  success: boolean;
  at: Generated<Timestamp>;
}

export interface ContractOwners {
  procurement?: string | null;
  buyer?: string | null;
  it_data?: string | null;
}

export interface OptionPeriodRow {
  description: string;
  startDate: string;
  endDate: string;
}

export interface ContractsTable {
  id: Generated<string>;
  reference: string;
  title: string;
  description: string;
  vendor_id: string;
  department_id: string;
  type: string;
  pricing_model: string;
  currency: string;
  value: Numeric;
  ceiling: Numeric;
  start_date: DateCol;
  end_date: DateCol;
  options: JSONColumnType<OptionPeriodRow[]>;
  risk_tier: string;
  public_facing: boolean;
  high_impact: boolean;
  rule_pack: string;
  status: string;
  owners: JSONColumnType<ContractOwners>;
  restricted: boolean;
  tags: ColumnType<string[], string[], string[]>;
  renewal_decision: Generated<string>;
  renewal_note: Generated<string>;
  health_score: Generated<number>;
  search: Generated<string>;
  created_by: string | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface DocumentsTable {
  id: Generated<string>;
  contract_id: string;
  title: string;
  filename: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  shared_with_vendor: boolean;
  uploaded_by: string | null;
  uploaded_at: Generated<Timestamp>;
}

export interface AuditLogTable {
  seq: Generated<string>;
  at: Timestamp;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  department_id: string | null;
  request_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

export interface IdempotencyKeysTable {
  key: string;
  user_id: string;
  route: string;
  request_hash: string;
  status: number;
  response: unknown;
  created_at: Generated<Timestamp>;
}

export interface TeamSettingsTable {
  team: string;
  reminder_lead_days: number[];
  review_period_days: number;
  version: Generated<number>;
  updated_at: Generated<Timestamp>;
}

export interface DeadlinesTable {
  id: Generated<string>;
  contract_id: string;
  source: string;
  source_key: string;
  kind: string;
  title: string;
  due_date: DateCol;
  time_zone: Generated<string>;
  owner_team: string;
  owner_user_id: string | null;
  link: string | null;
  state: Generated<string>;
  state_reason: string | null;
  state_changed_by: string | null;
  state_changed_at: Timestamp | null;
  reminders_sent: Generated<number[]>;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface CalendarFeedsTable {
  user_id: string;
  token_hash: string;
  created_at: Generated<Timestamp>;
  last_used_at: Timestamp | null;
}

export interface FindingsTable {
  id: Generated<string>;
  contract_id: string;
  rule_id: string;
  subject: string;
  severity: string;
  owner_team: string;
  title: string;
  evidence: JSONColumnType<Record<string, unknown>>;
  state: Generated<string>;
  note: string | null;
  snoozed_until: DateCol | null;
  state_changed_by: string | null;
  state_changed_at: Timestamp | null;
  first_seen: Generated<Timestamp>;
  last_seen: Generated<Timestamp>;
  resolved_at: Timestamp | null;
  version: Generated<number>;
}

export interface HealthHistoryTable {
  contract_id: string;
  day: DateCol;
  score: number;
  open_critical: number;
  open_warning: number;
  open_info: number;
}

export interface QuestionAnswersTable {
  id: Generated<string>;
  contract_id: string;
  question_id: string;
  round: string;
  status: string;
  text: string;
  owner_user_id: string | null;
  answered_by: string | null;
  answered_at: Generated<Timestamp>;
  version: Generated<number>;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  contract_id: string | null;
  dedupe_key: string | null;
  created_at: Generated<Timestamp>;
  read_at: Timestamp | null;
}

export interface NotificationPreferencesTable {
  user_id: string;
  inbox_findings: Generated<boolean>;
  inbox_deadlines: Generated<boolean>;
  email_digest: Generated<boolean>;
  email_critical: Generated<boolean>;
  email_reminders: Generated<boolean>;
  updated_at: Generated<Timestamp>;
}

export interface MailOutboxTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  body_text: string;
  kind: string;
  dedupe_key: string | null;
  status: Generated<string>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Timestamp>;
  sent_at: Timestamp | null;
  next_attempt_at: Generated<Timestamp>;
}

export interface WebhooksTable {
  id: Generated<string>;
  name: string;
  url: string;
  secret: string;
  events: string[];
  active: Generated<boolean>;
  created_by: string | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  webhook_id: string;
  event: string;
  event_id: string;
  payload: JSONColumnType<Record<string, unknown>>;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Timestamp>;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Generated<Timestamp>;
  delivered_at: Timestamp | null;
}

export interface MilestonesTable {
  id: Generated<string>;
  contract_id: string;
  title: string;
  type: string;
  description: Generated<string>;
  due_date: DateCol;
  owner_team: string | null;
  owner_user_id: string | null;
  status: Generated<string>;
  date_met: DateCol | null;
  payment_amount: Numeric | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface DeliverablesTable {
  id: Generated<string>;
  contract_id: string;
  milestone_id: string | null;
  title: string;
  description: Generated<string>;
  acceptance_criteria: JSONColumnType<string[], string, string>;
  due_date: DateCol;
  delivered_date: DateCol | null;
  delivered_by: string | null;
  decision: Generated<string>;
  decision_reasons: Generated<string>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  disputed: Generated<boolean>;
  acceptance_period_days: number | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface TestPlansTable {
  id: Generated<string>;
  deliverable_id: string;
  tester_user_id: string | null;
  tester_team: string | null;
  method: string;
  notes: Generated<string>;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface EvaluationCriteriaTable {
  id: Generated<string>;
  test_plan_id: string;
  position: number;
  name: string;
  metric: string | null;
  threshold: Numeric | null;
  direction: string | null;
}

export interface EvaluationResult {
  criterion: string;
  value: number | null;
  passed: boolean;
}

export interface EvaluationRunsTable {
  id: Generated<string>;
  test_plan_id: string;
  run_date: DateCol;
  scenario: Generated<string>;
  results: JSONColumnType<EvaluationResult[], string, string>;
  passed: boolean;
  notes: Generated<string>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
}

export interface DeliverableFilesTable {
  document_id: string;
  deliverable_id: string;
  evaluation_run_id: string | null;
}

export interface ContractPaymentTermsTable {
  contract_id: string;
  terms_days: number | null;
  annual_rate_percent: Numeric | null;
  day_basis: Generated<number>;
  compounding: Generated<string>;
  eu_fixed_compensation: Numeric | null;
  defect_return_days: number | null;
  acceptance_procedure: Generated<boolean>;
  accelerated_payment: Generated<boolean>;
  version: Generated<number>;
  updated_at: Generated<Timestamp>;
}

export interface InvoiceOtherRequirement {
  label: string;
  met: boolean;
}

export interface InvoicesTable {
  id: Generated<string>;
  contract_id: string;
  vendor_invoice_number: string;
  invoice_date: DateCol;
  received_date: DateCol;
  receipt_stamped: Generated<boolean>;
  period_start: DateCol | null;
  period_end: DateCol | null;
  delivered_date: DateCol | null;
  currency: string;
  subtotal: Numeric;
  tax: ColumnType<string, string | undefined, string>;
  total: Numeric;
  credited: ColumnType<string, string | undefined, string>;
  paid: ColumnType<string, string | undefined, string>;
  state: Generated<string>;
  defective: Generated<boolean>;
  rule_pack: string;
  contractor_name: Generated<string>;
  contractor_address: Generated<string>;
  contract_number: Generated<string>;
  payment_terms: Generated<string>;
  remit_to: Generated<string>;
  defect_contact: Generated<string>;
  other_requirements: JSONColumnType<InvoiceOtherRequirement[], string | undefined, string>;
  notes: Generated<string>;
  due_date: DateCol | null;
  due_basis: string | null;
  due_working: JSONColumnType<string[], string | undefined, string>;
  defect_return_deadline: DateCol | null;
  delivery_date: DateCol | null;
  acceptance_date: DateCol | null;
  accepted_date: DateCol | null;
  approved_by: string | null;
  approved_at: Timestamp | null;
  scheduled_date: DateCol | null;
  returned_date: DateCol | null;
  previous_received_date: DateCol | null;
  previous_returned_date: DateCol | null;
  paid_date: DateCol | null;
  submitted_by: string | null;
  submitted_by_vendor: Generated<boolean>;
  resubmissions: Generated<number>;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface InvoiceLinesTable {
  id: Generated<string>;
  invoice_id: string;
  position: number;
  line_item_number: Generated<string>;
  description: string;
  quantity: Numeric;
  unit: string;
  unit_price: Numeric;
  amount: Numeric;
  milestone_id: string | null;
  deliverable_id: string | null;
  usage_start: DateCol | null;
  usage_end: DateCol | null;
}

export interface InvoiceEventsTable {
  seq: Generated<string>;
  invoice_id: string;
  at: Generated<Timestamp>;
  action: string;
  from_state: string | null;
  to_state: string;
  reasons: JSONColumnType<string[], string | undefined, string>;
  note: Generated<string>;
  snapshot: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  actor_id: string | null;
}

export interface InvoiceChecksTable {
  invoice_id: string;
  position: number;
  item: string;
  label: string;
  ok: boolean;
  message: string;
}

export interface PaymentsTable {
  id: Generated<string>;
  invoice_id: string;
  kind: string;
  payment_date: DateCol;
  amount: Numeric;
  reference: Generated<string>;
  days_late: Generated<number>;
  interest_due: ColumnType<string, string | undefined, string>;
  interest_paid: ColumnType<string, string | undefined, string>;
  interest_working: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  early: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
}

export interface InvoiceFilesTable {
  document_id: string;
  invoice_id: string;
}

export interface PromptPaymentRatesTable {
  id: Generated<string>;
  rule_pack: string;
  effective_from: DateCol;
  effective_to: DateCol | null;
  annual_rate_percent: Numeric;
  source: Generated<string>;
}

export interface PaymentDataSeedsTable {
  name: string;
  seeded_at: Generated<Timestamp>;
}

export interface PaymentHolidaysTable {
  calendar: Generated<string>;
  date: DateCol;
  name: string;
  actual_date: DateCol | null;
}

export interface UsageIdentifiersRow {
  billingAccountId: string | null;
  subAccountId: string | null;
  serviceName: string | null;
  skuId: string | null;
  resourceType: string | null;
  tags: Record<string, string>;
}
export interface UsageRateRow {
  label: string;
  unit: string;
  per: number;
  price: string;
}
export interface ProvisionerRuleRow {
  subAccountIds: string[];
  billingAccountIds: string[];
  tag: { key: string; values: string[] } | null;
}

export interface UsageServicesTable {
  id: Generated<string>;
  contract_id: string;
  name: string;
  environment: string;
  purpose: Generated<string>;
  budget: Numeric | null;
  identifiers: JSONColumnType<UsageIdentifiersRow>;
  rates: JSONColumnType<UsageRateRow[]>;
  provisioner_teams: Generated<string[]>;
  provisioner_user_ids: Generated<string[]>;
  provisioner_rule: JSONColumnType<ProvisionerRuleRow | null, string | null, string | null>;
  status: string;
  requested_by: string | null;
  requested_at: Generated<Timestamp>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: Generated<string>;
  version: Generated<number>;
  updated_at: Generated<Timestamp>;
}

export interface UsageSettingsTable {
  contract_id: string;
  allotted_funds: Numeric | null;
  department_tag: Generated<string>;
  thresholds: JSONColumnType<Record<string, number | string>>;
  version: Generated<number>;
  updated_at: Generated<Timestamp>;
}

export interface UsageMappingsTable {
  id: Generated<string>;
  contract_id: string;
  name: string;
  mapping: JSONColumnType<Record<string, unknown>>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
}

export interface UsageImportsTable {
  id: string;
  contract_id: string;
  source: string;
  filename: string;
  sha256: string | null;
  focus_version: string | null;
  rows_read: number;
  rows_imported: number;
  rows_rejected: number;
  rows_unmatched: number;
  rejections: JSONColumnType<{ row: number; line: number; column: string | null; reason: string }[]>;
  totals: JSONColumnType<Record<string, string>>;
  period_start: Timestamp | null;
  period_end: Timestamp | null;
  created_by: string | null;
  created_at: Generated<Timestamp>;
}

export interface UsageRecordsTable {
  import_id: string;
  contract_id: string;
  service_id: string | null;
  day: DateCol;
  charge_period_start: Timestamp;
  charge_period_end: Timestamp;
  billing_account_id: string | null;
  sub_account_id: string | null;
  service_name: string | null;
  sku_id: string | null;
  resource_id: string | null;
  resource_type: string | null;
  region: string | null;
  charge_category: string | null;
  department: string;
  allowed: boolean;
  billed_cost: Numeric;
  effective_cost: Numeric | null;
  currency: string;
  pricing_currency: string | null;
  consumed_quantity: Numeric | null;
  consumed_unit: string | null;
  pricing_quantity: Numeric | null;
  pricing_unit: string | null;
  tags: JSONColumnType<Record<string, unknown>>;
}

export interface UsageDailyTable {
  contract_id: string;
  day: DateCol;
  service_id: string | null;
  department: string;
  rows: number;
  contract_cost: Numeric;
  billed_cost: JSONColumnType<Record<string, string>>;
  usage_cost: JSONColumnType<Record<string, string>>;
  effective_cost: JSONColumnType<Record<string, string>>;
  pricing_quantity: JSONColumnType<Record<string, string>>;
  consumed_quantity: JSONColumnType<Record<string, string>>;
}

export interface UsageContractDaysTable {
  contract_id: string;
  day: DateCol;
  rows: number;
  contract_cost: Numeric;
}

export interface UsageContractTotalsTable {
  contract_id: string;
  service_id: string | null;
  department: string;
  rows: number;
  contract_cost: Numeric;
  pricing_quantity: JSONColumnType<Record<string, string>>;
  consumed_quantity: JSONColumnType<Record<string, string>>;
}

export interface UsageExceptionsTable {
  id: Generated<string>;
  contract_id: string;
  kind: string;
  key: string;
  service_id: string | null;
  billing_account_id: string | null;
  sub_account_id: string | null;
  service_name: string | null;
  sku_id: string | null;
  resource_id: string | null;
  first_seen: DateCol;
  last_seen: DateCol;
  rows: number;
  billed_cost: JSONColumnType<Record<string, string>>;
  status: Generated<string>;
  note: Generated<string>;
  updated_at: Generated<Timestamp>;
}

export interface Database {
  milestones: MilestonesTable;
  deliverables: DeliverablesTable;
  test_plans: TestPlansTable;
  evaluation_criteria: EvaluationCriteriaTable;
  evaluation_runs: EvaluationRunsTable;
  deliverable_files: DeliverableFilesTable;
  usage_services: UsageServicesTable;
  usage_settings: UsageSettingsTable;
  usage_mappings: UsageMappingsTable;
  usage_imports: UsageImportsTable;
  usage_records: UsageRecordsTable;
  usage_daily: UsageDailyTable;
  usage_contract_days: UsageContractDaysTable;
  usage_contract_totals: UsageContractTotalsTable;
  usage_exceptions: UsageExceptionsTable;
  contract_payment_terms: ContractPaymentTermsTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  invoice_events: InvoiceEventsTable;
  invoice_checks: InvoiceChecksTable;
  payments: PaymentsTable;
  invoice_files: InvoiceFilesTable;
  prompt_payment_rates: PromptPaymentRatesTable;
  payment_holidays: PaymentHolidaysTable;
  payment_data_seeds: PaymentDataSeedsTable;
  team_settings: TeamSettingsTable;
  deadlines: DeadlinesTable;
  calendar_feeds: CalendarFeedsTable;
  findings: FindingsTable;
  health_history: HealthHistoryTable;
  question_answers: QuestionAnswersTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  mail_outbox: MailOutboxTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  departments: DepartmentsTable;
  vendors: VendorsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
  contracts: ContractsTable;
  documents: DocumentsTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
}
