/**
 * Access policy: one role × permission table, and the department / vendor scoping rules
 * that decide which contracts an actor may see or change. Pure: services call it.
 */
export const ROLES = ['admin', 'procurement', 'buyer', 'it_data', 'auditor', 'vendor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  procurement: 'Procurement officer',
  buyer: 'Department buyer',
  it_data: 'IT & data',
  auditor: 'Auditor',
  vendor: 'Vendor',
};

export const PERMISSIONS = [
  'contract.read',
  'contract.create',
  'contract.update',
  'document.read',
  'document.upload',
  'document.delete',
  'vendor.read',
  'vendor.create',
  'vendor.update',
  'department.read',
  'department.manage',
  'user.read',
  'user.manage',
  'audit.read',
  'audit.export',
  'token.own',
  'notification.own',
  'outbox.read',
  'webhook.manage',
  'question.read',
  'question.answer',
  'deadline.read',
  'deadline.update',
  'settings.manage',
  'finding.read',
  'finding.manage',
  /** Set a deliverable's test and evaluation plan and record evaluation runs. */
  'deliverable.test',
  /** See invoices, their payments and the prompt-payment figures. */
  'invoice.read',
  /** Submit an invoice (vendor users on their own vendor's contracts) or enter one received on paper. */
  'invoice.submit',
  /** Process invoices: check them, return defective ones, schedule and record payments. */
  'invoice.process',
  /** Confirm that what an invoice bills was received and accepted. */
  'invoice.approve',
  /** Edit the prompt-payment interest rates and the payment holidays. */
  'payment_rates.manage',
  /** See a contract's cost and usage: dashboards, catalog, imports, unmatched usage. */
  'usage.read',
  /** Import cost and usage files into a contract. */
  'usage.import',
  /** Push usage records through the API (a gateway, or the vendor for its own contracts). */
  'usage.push',
  /** Ask for a service to be added to a contract's catalog, raise unmatched usage with a team, set thresholds. */
  'usage.manage',
  /** Approve or reject catalog requests (adding to the catalog widens what the contract pays for). */
  'usage.approve',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Scope of a grant: `all` = every record; `department` = records of the actor's department
 * (non-restricted contracts of other departments stay readable where noted); `vendor` = records
 * of the vendor the actor belongs to.
 */
export type Scope = 'all' | 'department' | 'vendor';

const P = (scope: Scope) => scope;
/** The table. A missing entry means the role does not have the permission. */
export const POLICY: Record<Role, Partial<Record<Permission, Scope>>> = {
  admin: {
    'vendor.read': P('all'),
    'department.read': P('all'),
    'department.manage': P('all'),
    'user.read': P('all'),
    'user.manage': P('all'),
    'token.own': P('all'),
    'notification.own': P('all'),
    'outbox.read': P('all'),
    'webhook.manage': P('all'),
    'settings.manage': P('all'),
    'payment_rates.manage': P('all'),
  },
  procurement: {
    'contract.read': P('all'),
    'contract.create': P('all'),
    'contract.update': P('all'),
    'document.read': P('all'),
    'document.upload': P('all'),
    'document.delete': P('all'),
    'vendor.read': P('all'),
    'vendor.create': P('all'),
    'vendor.update': P('all'),
    'department.read': P('all'),
    'user.read': P('all'),
    'token.own': P('all'),
    'notification.own': P('all'),
    'question.read': P('all'),
    'question.answer': P('all'),
    'deadline.read': P('all'),
    'deadline.update': P('all'),
    'settings.manage': P('all'),
    'finding.read': P('all'),
    'finding.manage': P('all'),
    'deliverable.test': P('all'),
    'invoice.read': P('all'),
    'invoice.submit': P('all'),
    'invoice.process': P('all'),
    'usage.read': P('all'),
    'usage.import': P('all'),
    'usage.push': P('all'),
    'usage.manage': P('all'),
    'usage.approve': P('all'),
  },
  buyer: {
    'contract.read': P('department'),
    'contract.create': P('department'),
    'contract.update': P('department'),
    'document.read': P('department'),
    'document.upload': P('department'),
    'document.delete': P('department'),
    'vendor.read': P('all'),
    'department.read': P('all'),
    'user.read': P('all'),
    'token.own': P('all'),
    'notification.own': P('all'),
    'question.read': P('department'),
    'question.answer': P('department'),
    'deadline.read': P('department'),
    'deadline.update': P('department'),
    'finding.read': P('department'),
    'finding.manage': P('department'),
    'deliverable.test': P('department'),
    'invoice.read': P('department'),
    'invoice.approve': P('department'),
    'usage.read': P('department'),
    'usage.import': P('department'),
    'usage.manage': P('department'),
  },
  it_data: {
    'contract.read': P('department'),
    'document.read': P('department'),
    'document.upload': P('department'),
    'vendor.read': P('all'),
    'department.read': P('all'),
    'user.read': P('all'),
    'token.own': P('all'),
    'notification.own': P('all'),
    'question.read': P('department'),
    'question.answer': P('department'),
    'deadline.read': P('department'),
    'deadline.update': P('department'),
    'finding.read': P('department'),
    'finding.manage': P('department'),
    'deliverable.test': P('department'),
    'usage.read': P('department'),
    'usage.import': P('department'),
    'usage.push': P('department'),
    'usage.manage': P('department'),
  },
  auditor: {
    'contract.read': P('all'),
    'document.read': P('all'),
    'vendor.read': P('all'),
    'department.read': P('all'),
    'user.read': P('all'),
    'audit.read': P('all'),
    'audit.export': P('all'),
    'token.own': P('all'),
    'notification.own': P('all'),
    'question.read': P('all'),
    'deadline.read': P('all'),
    'finding.read': P('all'),
    'invoice.read': P('all'),
    'usage.read': P('all'),
  },
  vendor: {
    'contract.read': P('vendor'),
    'document.read': P('vendor'),
    'vendor.read': P('vendor'),
    'invoice.read': P('vendor'),
    'invoice.submit': P('vendor'),
    'token.own': P('all'),
    'notification.own': P('all'),
    'usage.push': P('vendor'),
  },
};

/** Steward itself (CLI, demo loader, jobs) acts as `system`, which holds every permission. */
export type ActorRole = Role | 'system';

export interface Actor {
  userId: string;
  email: string;
  role: ActorRole;
  departmentId: string | null;
  vendorId: string | null;
}

/** The scope an actor holds for a permission, or null. */
export function scopeFor(actor: Pick<Actor, 'role'>, permission: Permission): Scope | null {
  if (actor.role === 'system') return 'all';
  return POLICY[actor.role]?.[permission] ?? null;
}

/** Whether the role holds the permission at any scope. */
export function can(actor: Pick<Actor, 'role'>, permission: Permission): boolean {
  return scopeFor(actor, permission) !== null;
}

export interface ContractScopeFacts {
  departmentId: string;
  vendorId: string;
  restricted: boolean;
}

/** Outcome of an access check: allowed, hidden (answer 404) or forbidden (answer 403). */
export type Decision = 'allow' | 'hidden' | 'forbidden';

/**
 * Whether an actor may see a contract. Department-scoped roles see every contract of their own
 * department and the non-restricted contracts of other departments (so teams can learn from
 * each other); restricted contracts are visible only to their department, procurement and
 * auditors. Vendor users see only their own vendor's contracts (they are a party to them).
 */
export function canSeeContract(actor: Actor, c: ContractScopeFacts): boolean {
  const scope = scopeFor(actor, 'contract.read');
  if (scope === 'all') return true;
  if (scope === 'vendor') return actor.vendorId !== null && actor.vendorId === c.vendorId;
  if (scope === 'department') return c.departmentId === actor.departmentId || !c.restricted;
  return false;
}

/** Decide a contract-scoped action (update, upload…) for a contract the actor may or may not see. */
export function decideContractAction(actor: Actor, permission: Permission, c: ContractScopeFacts): Decision {
  if (!canSeeContract(actor, c)) return 'hidden';
  // Reading is exactly seeing: a non-restricted contract of another department is readable.
  if (permission === 'contract.read') return 'allow';
  const scope = scopeFor(actor, permission);
  if (scope === 'all') return 'allow';
  if (scope === 'department') return c.departmentId === actor.departmentId ? 'allow' : 'forbidden';
  if (scope === 'vendor') return actor.vendorId === c.vendorId ? 'allow' : 'forbidden';
  return 'forbidden';
}

/** Whether an actor may create a contract in a department. */
export function canCreateContractIn(actor: Actor, departmentId: string): boolean {
  const scope = scopeFor(actor, 'contract.create');
  if (scope === 'all') return true;
  if (scope === 'department') return actor.departmentId === departmentId;
  return false;
}

/** Whether an actor may see a vendor record. */
export function canSeeVendor(actor: Actor, vendorId: string): boolean {
  const scope = scopeFor(actor, 'vendor.read');
  if (scope === 'all') return true;
  if (scope === 'vendor') return actor.vendorId === vendorId;
  return false;
}

/** Whether a role must belong to a department / a vendor. */
export function roleNeeds(role: Role): { department: boolean; vendor: boolean } {
  return { department: role === 'buyer' || role === 'it_data', vendor: role === 'vendor' };
}
