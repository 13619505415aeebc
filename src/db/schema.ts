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

export interface Database {
  milestones: MilestonesTable;
  deliverables: DeliverablesTable;
  test_plans: TestPlansTable;
  evaluation_criteria: EvaluationCriteriaTable;
  evaluation_runs: EvaluationRunsTable;
  deliverable_files: DeliverableFilesTable;
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
