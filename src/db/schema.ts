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

export interface Database {
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
