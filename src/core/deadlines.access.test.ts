import { describe, expect, it } from 'vitest';
import { deadlineKindLabel, deadlineTransitionProblem, decideDeadlineUpdate } from './deadlines.js';
import { type Actor, can, scopeFor } from './policy.js';

const A = 'dept-a';
const B = 'dept-b';
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
  itB: actor('it_data', { departmentId: B }),
  auditor: actor('auditor'),
  vendor1: actor('vendor', { vendorId: 'v1' }),
  vendor2: actor('vendor', { vendorId: 'v2' }),
  system: actor('system'),
};
const open = { departmentId: A, vendorId: 'v1', restricted: false };
const restricted = { ...open, restricted: true };

describe('deadline permissions in the table', () => {
  it('lets staff who see contracts read deadlines, but not vendors or admins', () => {
    for (const who of ['procurement', 'buyerA', 'itA', 'auditor'] as const) expect(can(actors[who], 'deadline.read')).toBe(true);
    for (const who of ['admin', 'vendor1'] as const) expect(can(actors[who], 'deadline.read')).toBe(false);
  });
  it('lets admins and procurement change team settings, nobody else', () => {
    for (const who of ['admin', 'procurement', 'system'] as const) expect(can(actors[who], 'settings.manage')).toBe(true);
    for (const who of ['buyerA', 'itA', 'auditor', 'vendor1'] as const) expect(can(actors[who], 'settings.manage')).toBe(false);
  });
  it('gives IT & data deadline.update at department scope only', () => expect(scopeFor(actors.itA, 'deadline.update')).toBe('department'));
});

describe('who may mark a deadline done or waive it', () => {
  // actor, procurement-owned deadline, it_data-owned deadline (both on an open contract of department A)
  it.each([
    ['procurement', 'allow', 'allow'],
    ['buyerA', 'allow', 'allow'],
    ['buyerB', 'forbidden', 'forbidden'],
    ['itA', 'forbidden', 'allow'],
    ['itB', 'forbidden', 'forbidden'],
    ['auditor', 'forbidden', 'forbidden'],
    ['vendor1', 'forbidden', 'forbidden'],
    ['vendor2', 'hidden', 'hidden'],
    ['admin', 'hidden', 'hidden'],
    ['system', 'allow', 'allow'],
  ] as const)('%s: procurement-owned %s, IT-owned %s', (who, proc, it) => {
    expect(decideDeadlineUpdate(actors[who], open, 'procurement')).toBe(proc);
    expect(decideDeadlineUpdate(actors[who], open, 'it_data')).toBe(it);
  });
  it('hides restricted contracts of another department', () => {
    expect(decideDeadlineUpdate(actors.buyerB, restricted, 'buyer')).toBe('hidden');
    expect(decideDeadlineUpdate(actors.itB, restricted, 'it_data')).toBe('hidden');
    expect(decideDeadlineUpdate(actors.itA, restricted, 'it_data')).toBe('allow');
  });
});

describe('deadline state changes', () => {
  it('allows open → done, open → waived with a reason, and reopening', () => {
    expect(deadlineTransitionProblem('open', 'done', null)).toBeNull();
    expect(deadlineTransitionProblem('open', 'waived', 'Superseded by the new contract')).toBeNull();
    expect(deadlineTransitionProblem('done', 'open', null)).toBeNull();
    expect(deadlineTransitionProblem('waived', 'open', null)).toBeNull();
  });
  it('refuses a waiver without a reason, a change to the same state, and done ↔ waived directly', () => {
    expect(deadlineTransitionProblem('open', 'waived', '  ')).toMatch(/why/);
    expect(deadlineTransitionProblem('done', 'done', null)).toMatch(/already/);
    expect(deadlineTransitionProblem('done', 'waived', 'x')).toMatch(/Reopen/);
  });
});

describe('deadlineKindLabel', () => {
  it('names known kinds and writes others as words', () => {
    expect(deadlineKindLabel('contract_end')).toBe('Contract end');
    expect(deadlineKindLabel('security_review')).toBe('Security review');
    expect(deadlineKindLabel('x', { x: 'Ex' })).toBe('Ex');
  });
});
