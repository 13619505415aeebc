import { beforeAll, describe, expect, it } from 'vitest';
import { leadDaysByTeam } from '../../platform/deadlines/reminders.js';
import { type Client, type World, auditRows, createWorld, expectError } from '../../test/harness.js';

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['admin', 'procurement', 'buyerA', 'itA', 'auditor', 'vendorOne'];

let w: World;
const as = {} as Record<UserKey, Client>;

beforeAll(async () => {
  w = await createWorld();
  const clients = await Promise.all(USERS.map((u) => w.as(u)));
  USERS.forEach((u, i) => {
    as[u] = clients[i];
  });
});

const current = async (team: string) =>
  ((await as.admin.get('/api/settings/teams')).body.items as { team: string; version: number }[]).find((t) => t.team === team) as {
    team: string;
    version: number;
  };

describe('GET /api/settings/teams', () => {
  it('shows every team on the defaults until someone saves', async () => {
    const r = await as.procurement.get('/api/settings/teams');
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([
      {
        team: 'procurement',
        label: 'Procurement team',
        reminderLeadDays: [30, 7, 1, 0],
        reviewPeriodDays: 90,
        isDefault: true,
        version: 0,
        updatedAt: null,
      },
      {
        team: 'buyer',
        label: 'Agency or department buyer',
        reminderLeadDays: [30, 7, 1, 0],
        reviewPeriodDays: 90,
        isDefault: true,
        version: 0,
        updatedAt: null,
      },
      {
        team: 'it_data',
        label: 'IT and data',
        reminderLeadDays: [30, 7, 1, 0],
        reviewPeriodDays: 90,
        isDefault: true,
        version: 0,
        updatedAt: null,
      },
    ]);
  });

  it.each<[UserKey, number]>([
    ['admin', 200],
    ['procurement', 200],
    ['buyerA', 200],
    ['itA', 200],
    ['auditor', 200],
    ['vendorOne', 403],
  ])('as %s → %i', async (user, status) => {
    const r = await as[user].get('/api/settings/teams');
    expect(r.status, r.text).toBe(status);
    if (status === 403) expectError(r, 403);
  });
});

describe('PATCH /api/settings/teams/{team}', () => {
  it('lets an admin save a team’s lead times (tidied: unique, largest first) and review period, audited', async () => {
    const r = await as.admin.patch('/api/settings/teams/it_data', { version: 0, reminderLeadDays: [3, 14, 0, 14], reviewPeriodDays: 30 });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ team: 'it_data', reminderLeadDays: [14, 3, 0], reviewPeriodDays: 30, isDefault: false, version: 1 });
    expect(r.headers.get('etag')).toBe('"1"');
    // The reminders frame reads the saved lead times; other teams keep the defaults.
    const lead = await leadDaysByTeam(w.db);
    expect(lead.get('it_data')).toEqual([14, 3, 0]);
    expect(lead.get('buyer')).toEqual([30, 7, 1, 0]);
    const [entry] = await auditRows(w.db, { action: 'team_settings.update', entityId: 'it_data' });
    expect(entry.actor_id).toBe(w.users.admin.id);
    expect(entry.before).toMatchObject({ reminderLeadDays: [30, 7, 1, 0], reviewPeriodDays: 90, version: 0 });
    expect(entry.after).toMatchObject({ reminderLeadDays: [14, 3, 0], reviewPeriodDays: 30, version: 1 });
  });

  it('lets procurement change one field, keeping the other; an empty list turns reminders off', async () => {
    const v = (await current('it_data')).version;
    const r = await as.procurement.patch('/api/settings/teams/it_data', { version: v, reviewPeriodDays: 60 });
    expect(r.body).toMatchObject({ reminderLeadDays: [14, 3, 0], reviewPeriodDays: 60, version: v + 1 });
    const off = await as.procurement.request('PATCH', '/api/settings/teams/it_data', {
      json: { reminderLeadDays: [] },
      headers: { 'if-match': `"${v + 1}"` },
    });
    expect(off.status, off.text).toBe(200);
    expect(off.body.reminderLeadDays).toEqual([]);
  });

  it.each<[UserKey, number]>([
    ['buyerA', 403],
    ['itA', 403],
    ['auditor', 403],
    ['vendorOne', 403],
  ])('refuses %s (%i) and logs the denial', async (user, status) => {
    const r = await as[user].patch('/api/settings/teams/buyer', { version: 0, reviewPeriodDays: 30 });
    expectError(r, status);
    expect(await auditRows(w.db, { action: 'permission.denied', requestId: r.headers.get('x-request-id') as string })).toHaveLength(1);
    expect((await current('buyer')).version).toBe(0);
  });

  it('validates lead days (whole days 0–365, at most 10), the review period (7–730) and the team', async () => {
    const bad = async (body: Record<string, unknown>, field: string) => {
      const e = expectError(await as.admin.patch('/api/settings/teams/buyer', { version: 0, ...body }), 400, 'validation_failed');
      expect(
        Object.keys(e.fields ?? {}).some((k) => k.startsWith(field)),
        JSON.stringify(e.fields),
      ).toBe(true);
    };
    await bad({ reminderLeadDays: [366] }, 'reminderLeadDays');
    await bad({ reminderLeadDays: [-1] }, 'reminderLeadDays');
    await bad({ reminderLeadDays: [1.5] }, 'reminderLeadDays');
    await bad({ reminderLeadDays: '7' }, 'reminderLeadDays');
    await bad({ reminderLeadDays: Array.from({ length: 11 }, (_, i) => i) }, 'reminderLeadDays');
    await bad({ reviewPeriodDays: 6 }, 'reviewPeriodDays');
    await bad({ reviewPeriodDays: 731 }, 'reviewPeriodDays');
    expectError(await as.admin.patch('/api/settings/teams/buyer', { version: 0, colour: 'red' }), 400);
    expectError(await as.admin.patch('/api/settings/teams/legal', { version: 0, reviewPeriodDays: 30 }), 400);
  });

  it('needs the version: 428 without, 412 when stale, one winner when two first saves race', async () => {
    expectError(await as.admin.patch('/api/settings/teams/buyer', { reviewPeriodDays: 30 }), 428);
    expectError(await as.admin.patch('/api/settings/teams/buyer', { version: 3, reviewPeriodDays: 30 }), 412, 'version_conflict');
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        as[i % 2 ? 'admin' : 'procurement'].patch('/api/settings/teams/buyer', { version: 0, reviewPeriodDays: 30 + i }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(5);
    expect((await current('buyer')).version).toBe(1);
  });
});
