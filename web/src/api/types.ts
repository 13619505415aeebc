/** Shapes of the API's JSON, as documented in the API contract. */

export type Role = 'admin' | 'procurement' | 'buyer' | 'it_data' | 'auditor' | 'vendor';

export type Permission =
  | 'contract.read'
  | 'contract.create'
  | 'contract.update'
  | 'document.read'
  | 'document.upload'
  | 'document.delete'
  | 'vendor.read'
  | 'vendor.create'
  | 'vendor.update'
  | 'department.read'
  | 'department.manage'
  | 'user.read'
  | 'user.manage'
  | 'audit.read'
  | 'audit.export'
  | 'token.own'
  | 'notification.own'
  | 'outbox.read'
  | 'webhook.manage'
  | 'deadline.read'
  | 'deadline.update'
  | 'settings.manage'
  | 'question.read'
  | 'question.answer'
  | 'finding.read'
  | 'finding.manage'
  | 'deliverable.test'
  | 'invoice.read'
  | 'invoice.submit'
  | 'invoice.process'
  | 'invoice.approve'
  | 'payment_rates.manage'
  | 'usage.read'
  | 'usage.import'
  | 'usage.push'
  | 'usage.manage'
  | 'usage.approve';

export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
  departmentId: string | null;
  departmentName: string | null;
  vendorId: string | null;
  vendorName: string | null;
}

export interface Session {
  user: Me;
  csrfToken: string;
  permissions: Permission[];
}

export interface Option {
  value: string;
  label: string;
}

export interface Meta {
  roles: Option[];
  contractTypes: Option[];
  pricingModels: Option[];
  statuses: Option[];
  riskTiers: Option[];
  rulePacks: Option[];
  renewalDecisions: Option[];
  currencies: string[];
  contactRoles: Option[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Ref {
  id: string;
  name: string;
}

export interface ContractSummary {
  id: string;
  reference: string;
  title: string;
  vendor: { id: string; legalName: string };
  department: { id: string; name: string };
  type: string;
  pricingModel: string;
  currency: string;
  value: string;
  ceiling: string;
  startDate: string;
  endDate: string;
  status: string;
  riskTier: string;
  restricted: boolean;
  updatedAt: string;
}

export interface OptionPeriod {
  description: string;
  startDate: string;
  endDate: string;
}

export type OwnerTeam = 'procurement' | 'buyer' | 'it_data';

export interface Contract extends ContractSummary {
  description: string | null;
  options: OptionPeriod[];
  publicFacing: boolean;
  highImpact: boolean;
  rulePack: string;
  ocdsStatus: string;
  owners: Record<OwnerTeam, Ref | null>;
  tags: string[];
  renewalDecision: string;
  renewalNote: string;
  healthScore: number;
  version: number;
  createdAt: string;
  permissions: { update: boolean; uploadDocument: boolean };
}

export interface ContractDocument {
  id: string;
  title: string;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  sharedWithVendor: boolean;
  uploadedBy: Ref | null;
  uploadedAt: string;
}

export interface VendorIdentifier {
  scheme: string;
  id: string;
}

export interface Address {
  streetAddress?: string;
  locality?: string;
  region?: string;
  postalCode?: string;
  countryName?: string;
}

export type ContactRole = 'commercial' | 'technical' | 'security';

export interface Contact {
  role: ContactRole;
  name: string;
  email?: string;
  telephone?: string;
}

export interface Vendor {
  id: string;
  legalName: string;
  identifiers: VendorIdentifier[];
  address: Address;
  contacts: Contact[];
  website: string | null;
  notes: string | null;
  contractCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Department {
  id: string;
  name: string;
  code: string;
  version: number;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  departmentId: string | null;
  departmentName: string | null;
  vendorId: string | null;
  vendorName: string | null;
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  version: number;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  departmentId: string | null;
  requestId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  hash: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  problem?: { seq: number; kind: string; message: string };
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedToken {
  id: string;
  name: string;
  prefix: string;
  token: string;
  createdAt: string;
}

export interface Dashboard {
  /** department: the numbers cover the user's own department. */
  scope: 'portfolio' | 'department';
  contractsByStatus: Record<string, number>;
  totalValueByCurrency: { currency: string; value: string; ceiling: string }[];
  endingSoon: ContractSummary[];
  recent: ContractSummary[];
  health: { good: number; fair: number; poor: number };
  lowestHealth: (ContractSummary & { healthScore: number })[];
  findingsBySeverity: { critical: number; warning: number; info: number };
  topFindings: {
    id: string;
    contractId: string;
    reference: string;
    title: string;
    severity: string;
    ownerTeam: string;
    firstSeen: string;
  }[];
  deadlines: { overdue: number; thisWeek: number; thisMonth: number };
  upcomingDeadlines: {
    id: string;
    contractId: string;
    reference: string;
    title: string;
    kind: string;
    dueDate: string;
    ownerTeam: string;
  }[];
  activity: null | {
    byDay: { day: string; count: number }[];
    recent: { seq: string; at: string; actorEmail: string | null; action: string; entityType: string; entityId: string | null }[];
  };
  counts: { contracts?: number; endingSoon?: number; vendors?: number; users?: number; departments?: number };
}
