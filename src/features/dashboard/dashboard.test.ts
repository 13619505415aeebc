import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../core/dates.js';
import { type Client, type World, createWorld, expectError } from '../../test/harness.js';
import type { ContractDto } from '../contracts/contracts.schema.js';

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['admin', 'procurement', 'buyerA', 'buyerB', 'itA', 'itB', 'auditor', 'vendorOne', 'vendorTwo'];

let w: World;
const as = {} as Record<UserKey, Client>;
let c: Record<'openA' | 'restrictedA' | 'openB' | 'draftB' | 'soonA', ContractDto>;

beforeAll(async () => {
  w = await createWorld();
  const clients = await Promise.all(USERS.map((u) => w.as(u)));
  USERS.forEach((u, i) => {
    as[u] = clients[i];
  });
  const today = todayUtc();
  const far = { startDate: addDays(today, -10), endDate: addDays(today, 400) };
  c = {
    openA: await w.contract({
      departmentId: w.dept.a,
      vendorId: w.vendor.one,
      currency: 'EUR',
      value: '100.00',
      ceiling: '150.00',
      ...far,
    }),
    // The only CHF contract: if it leaks, the CHF total shows it.
    restrictedA: await w.contract({
      departmentId: w.dept.a,
      vendorId: w.vendor.one,
      restricted: true,
      currency: 'CHF',
      value: '7000.00',
      ceiling: '8000.00',
      startDate: addDays(today, -100),
      endDate: addDays(today, 20),
    }),
    openB: await w.contract({
      departmentId: w.dept.b,
      vendorId: w.vendor.two,
      currency: 'EUR',
      value: '200.00',
      ceiling: '250.00',
      ...far,
    }),
    draftB: await w.contract({
      departmentId: w.dept.b,
      vendorId: w.vendor.two,
      status: 'draft',
      currency: 'EUR',
      value: '999.00',
      ceiling: '999.00',
      ...far,
    }),
    soonA: await w.contract({
      departmentId: w.dept.a,
      vendorId: w.vendor.one,
      currency: 'EUR',
      value: '50.00',
      ceiling: '50.00',
      startDate: addDays(today, -100),
      endDate: addDays(today, 30),
    }),
  };
});

type Key = keyof typeof c;
const ALL: Key[] = ['openA', 'restrictedA', 'openB', 'draftB', 'soonA'];

describe('dashboard numbers cover only what the user may see', () => {
  it.each<[UserKey, Key[] | null]>([
    ['admin', null],
    ['procurement', ALL],
    // Department users' home pages cover their own department.
    ['buyerA', ['openA', 'restrictedA', 'soonA']],
    ['buyerB', ['openB', 'draftB']],
    ['itA', ['openA', 'restrictedA', 'soonA']],
    ['itB', ['openB', 'draftB']],
    ['auditor', ALL],
    ['vendorOne', ['openA', 'restrictedA', 'soonA']],
    ['vendorTwo', ['openB', 'draftB']],
  ])('%s', async (user, visible) => {
    const r = await as[user].get('/api/dashboard');
    expect(r.status).toBe(200);
    if (visible === null) {
      expect(r.body.contractsByStatus).toEqual({});
      expect(r.body.totalValueByCurrency).toEqual([]);
      expect(r.body.recent).toEqual([]);
      expect(r.body.counts).not.toHaveProperty('contracts');
      expect(r.body.counts).toMatchObject({ users: 9, departments: 2, vendors: 2 });
      return;
    }
    const mine = visible.map((k) => c[k]);
    expect(r.body.counts.contracts).toBe(mine.length);
    const byStatus: Record<string, number> = {};
    for (const x of mine) byStatus[x.status] = (byStatus[x.status] ?? 0) + 1;
    expect(r.body.contractsByStatus).toEqual(byStatus);
    const totals: Record<string, { value: number; ceiling: number }> = {};
    for (const x of mine.filter((m) => m.status === 'active' || m.status === 'suspended')) {
      totals[x.currency] ??= { value: 0, ceiling: 0 };
      totals[x.currency].value += Number(x.value);
      totals[x.currency].ceiling += Number(x.ceiling);
    }
    expect(
      Object.fromEntries(
        r.body.totalValueByCurrency.map((t: { currency: string; value: string; ceiling: string }) => [
          t.currency,
          { value: Number(t.value), ceiling: Number(t.ceiling) },
        ]),
      ),
    ).toEqual(totals);
    const soon = r.body.endingSoon.map((x: { id: string }) => x.id);
    expect(soon).toEqual(mine.filter((m) => m === c.restrictedA || m === c.soonA).map((m) => m.id));
    const recent = new Set(r.body.recent.map((x: { id: string }) => x.id));
    for (const k of ALL) expect(recent.has(c[k].id), `${user} recent ${k}`).toBe(visible.includes(k));
    expect(r.body.counts.vendors).toBe(user.startsWith('vendor') ? 1 : 2);
    expect(r.body.counts).not.toHaveProperty('users');
  });

  it('counts open findings and deadlines within the same scope, technical findings only for IT & data', async () => {
    const count = async (user: UserKey) => (await as[user].get('/api/dashboard')).body;
    const openFindings = async (contractIds: string[], team?: string) => {
      let q = w.db
        .selectFrom('findings')
        .select(['severity'])
        .where('contract_id', 'in', contractIds)
        .where('state', 'in', ['open', 'acknowledged']);
      if (team) q = q.where('owner_team', '=', team);
      const rows = await q.execute();
      return {
        critical: rows.filter((r) => r.severity === 'critical').length,
        warning: rows.filter((r) => r.severity === 'warning').length,
        info: rows.filter((r) => r.severity === 'info').length,
      };
    };
    const deptA = [c.openA.id, c.restrictedA.id, c.soonA.id];
    const p = await count('procurement');
    expect(p.findingsBySeverity).toEqual(await openFindings(ALL.map((k) => c[k].id)));
    expect(p.findingsBySeverity.critical + p.findingsBySeverity.warning).toBeGreaterThan(0);
    expect((await count('buyerA')).findingsBySeverity).toEqual(await openFindings(deptA));
    expect((await count('itA')).findingsBySeverity).toEqual(await openFindings(deptA, 'it_data'));
    const v = await count('vendorOne');
    expect(v.findingsBySeverity).toEqual({ critical: 0, warning: 0, info: 0 });
    expect(v.topFindings).toEqual([]);
    expect(v.upcomingDeadlines).toEqual([]);
    // The restricted contract's end date (in 20 days) is a deadline this month for A, never for B.
    expect(p.upcomingDeadlines.some((d: { contractId: string }) => d.contractId === c.restrictedA.id)).toBe(true);
    expect((await count('buyerA')).deadlines.thisMonth).toBeGreaterThanOrEqual(1);
    expect((await count('buyerB')).upcomingDeadlines.some((d: { contractId: string }) => d.contractId === c.restrictedA.id)).toBe(false);
  });

  it('shows activity to auditors only', async () => {
    const a = (await as.auditor.get('/api/dashboard')).body;
    expect(a.activity.byDay).toHaveLength(14);
    expect(a.activity.byDay.at(-1).count).toBeGreaterThan(0);
    expect(a.activity.recent.length).toBeGreaterThan(0);
    expect((await as.procurement.get('/api/dashboard')).body.activity).toBeNull();
  });

  it('needs a signed-in user', async () => {
    expectError(await w.anonymous().get('/api/dashboard'), 401, 'unauthenticated');
  });
});
