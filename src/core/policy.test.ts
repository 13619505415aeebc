import { describe, expect, it } from 'vitest';
import {
  type Actor,
  PERMISSIONS,
  POLICY,
  ROLES,
  can,
  canCreateContractIn,
  canSeeContract,
  canSeeVendor,
  decideContractAction,
} from './policy.js';

const A = 'dept-a';
const B = 'dept-b';
const V1 = 'vendor-1';
const V2 = 'vendor-2';
const actor = (role: Actor['role'], extra: Partial<Actor> = {}): Actor => ({
  userId: 'u',
  email: 'e',
  role,
  departmentId: null,
  vendorId: null,
  ...extra,
});
const actors = {
  admin: actor('admin'),
  procurement: actor('procurement'),
  buyerA: actor('buyer', { departmentId: A }),
  buyerB: actor('buyer', { departmentId: B }),
  itA: actor('it_data', { departmentId: A }),
  auditor: actor('auditor'),
  vendor1: actor('vendor', { vendorId: V1 }),
  vendor2: actor('vendor', { vendorId: V2 }),
  system: actor('system'),
};
const open = { departmentId: A, vendorId: V1, restricted: false };
const restricted = { ...open, restricted: true };

describe('the permission table', () => {
  it('names only known roles and permissions', () => {
    expect(Object.keys(POLICY).sort()).toEqual([...ROLES].sort());
    for (const grants of Object.values(POLICY)) for (const p of Object.keys(grants)) expect(PERMISSIONS).toContain(p);
  });
  it('gives admins no contract data and auditors no writes', () => {
    expect(can(actors.admin, 'contract.read')).toBe(false);
    const writes = PERMISSIONS.filter((p) => !p.endsWith('.read') && p !== 'audit.export' && !p.endsWith('.own'));
    for (const p of writes) expect(can(actors.auditor, p)).toBe(false);
  });
  it('lets the system do everything', () => {
    for (const p of PERMISSIONS) expect(can(actors.system, p)).toBe(true);
  });
});

describe('who sees which contract', () => {
  it.each([
    ['procurement', true, true],
    ['auditor', true, true],
    ['buyerA', true, true],
    ['itA', true, true],
    ['buyerB', true, false],
    ['admin', false, false],
    ['vendor1', true, true],
    ['vendor2', false, false],
  ] as const)('%s: open %s, restricted %s', (who, seesOpen, seesRestricted) => {
    expect(canSeeContract(actors[who], open)).toBe(seesOpen);
    expect(canSeeContract(actors[who], restricted)).toBe(seesRestricted);
  });
});

describe('contract actions', () => {
  it.each([
    ['procurement', 'allow'],
    ['buyerA', 'allow'],
    ['buyerB', 'forbidden'],
    ['itA', 'forbidden'],
    ['auditor', 'forbidden'],
    ['vendor1', 'forbidden'],
    ['vendor2', 'hidden'],
    ['admin', 'hidden'],
  ] as const)('update by %s → %s', (who, decision) => {
    expect(decideContractAction(actors[who], 'contract.update', open)).toBe(decision);
  });
  it('hides a restricted contract from another department instead of refusing', () => {
    expect(decideContractAction(actors.buyerB, 'contract.update', restricted)).toBe('hidden');
  });
  it('lets IT & data upload documents to their own department only', () => {
    expect(decideContractAction(actors.itA, 'document.upload', open)).toBe('allow');
    expect(decideContractAction(actor('it_data', { departmentId: B }), 'document.upload', open)).toBe('forbidden');
  });
  it('lets buyers create contracts only in their department', () => {
    expect(canCreateContractIn(actors.buyerA, A)).toBe(true);
    expect(canCreateContractIn(actors.buyerA, B)).toBe(false);
    expect(canCreateContractIn(actors.procurement, B)).toBe(true);
    expect(canCreateContractIn(actors.itA, A)).toBe(false);
  });
});

describe('vendors', () => {
  it('vendor users see only their own vendor', () => {
    expect(canSeeVendor(actors.vendor1, V1)).toBe(true);
    expect(canSeeVendor(actors.vendor1, V2)).toBe(false);
    expect(canSeeVendor(actors.buyerB, V2)).toBe(true);
  });
});

describe('findings', () => {
  it('are read by procurement, buyers, IT & data and auditors, never by vendors or admins', () => {
    for (const who of ['procurement', 'buyerA', 'itA', 'auditor'] as const) expect(can(actors[who], 'finding.read')).toBe(true);
    for (const who of ['vendor1', 'admin'] as const) expect(can(actors[who], 'finding.read')).toBe(false);
  });
  it.each([
    ['procurement', 'allow', 'allow'],
    ['buyerA', 'allow', 'allow'],
    ['itA', 'allow', 'allow'],
    ['buyerB', 'forbidden', 'hidden'],
    ['auditor', 'forbidden', 'forbidden'],
    ['vendor1', 'forbidden', 'forbidden'],
    ['vendor2', 'hidden', 'hidden'],
    ['admin', 'hidden', 'hidden'],
  ] as const)('manage by %s → open contract %s, restricted %s', (who, onOpen, onRestricted) => {
    expect(decideContractAction(actors[who], 'finding.manage', open)).toBe(onOpen);
    expect(decideContractAction(actors[who], 'finding.manage', restricted)).toBe(onRestricted);
  });
});

describe('testing deliverables', () => {
  it.each([
    ['procurement', 'allow', 'allow'],
    ['buyerA', 'allow', 'allow'],
    ['itA', 'allow', 'allow'],
    ['buyerB', 'forbidden', 'hidden'],
    ['auditor', 'forbidden', 'forbidden'],
    ['vendor1', 'forbidden', 'forbidden'],
    ['vendor2', 'hidden', 'hidden'],
    ['admin', 'hidden', 'hidden'],
  ] as const)('test plans and evaluation runs by %s → open contract %s, restricted %s', (who, onOpen, onRestricted) => {
    expect(decideContractAction(actors[who], 'deliverable.test', open)).toBe(onOpen);
    expect(decideContractAction(actors[who], 'deliverable.test', restricted)).toBe(onRestricted);
  });
});

describe('invoices', () => {
  it.each([
    // who, read open, read restricted, submit, process, approve (on the open contract)
    ['procurement', 'allow', 'allow', 'allow', 'allow', 'forbidden'],
    ['buyerA', 'allow', 'allow', 'forbidden', 'forbidden', 'allow'],
    ['buyerB', 'forbidden', 'hidden', 'forbidden', 'forbidden', 'forbidden'],
    ['itA', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
    ['auditor', 'allow', 'allow', 'forbidden', 'forbidden', 'forbidden'],
    ['vendor1', 'allow', 'allow', 'allow', 'forbidden', 'forbidden'],
    ['vendor2', 'hidden', 'hidden', 'hidden', 'hidden', 'hidden'],
    ['admin', 'hidden', 'hidden', 'hidden', 'hidden', 'hidden'],
  ] as const)('%s: read %s / restricted %s, submit %s, process %s, approve %s', (who, read, readR, submit, process, approve) => {
    expect(decideContractAction(actors[who], 'invoice.read', open)).toBe(read);
    expect(decideContractAction(actors[who], 'invoice.read', restricted)).toBe(readR);
    expect(decideContractAction(actors[who], 'invoice.submit', open)).toBe(submit);
    expect(decideContractAction(actors[who], 'invoice.process', open)).toBe(process);
    expect(decideContractAction(actors[who], 'invoice.approve', open)).toBe(approve);
  });
  it('leaves the rates and holidays to administrators', () => {
    expect(can(actors.admin, 'payment_rates.manage')).toBe(true);
    for (const who of ['procurement', 'buyerA', 'auditor', 'vendor1'] as const)
      expect(can(actors[who], 'payment_rates.manage')).toBe(false);
    expect(can(actors.admin, 'invoice.read')).toBe(false);
  });
});
