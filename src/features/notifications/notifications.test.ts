/**
 * The inbox and preferences API: each user sees only their own items (404 for anyone else's),
 * items about contracts the user may not see stay hidden, newest first with the unread count,
 * marking read, and choices that change what arrives.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../core/dates.js';
import { notifyInbox } from '../../platform/notifications/notify.js';
import { type Client, type World, auditRows, createWorld, expectError } from '../../test/harness.js';
import type { ContractDto } from '../contracts/contracts.schema.js';

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['admin', 'procurement', 'buyerA', 'buyerB', 'itA', 'itB', 'auditor', 'vendorOne', 'vendorTwo'];

let w: World;
const as = {} as Record<UserKey, Client>;
let cA: ContractDto;
let cBr: ContractDto;

async function put(c: Client, path: string, json: unknown) {
  return c.request('PUT', path, { json });
}

async function give(
  user: UserKey,
  n: number,
  over: { kind?: 'finding' | 'deadline' | 'system'; contractId?: string | null; prefix?: string } = {},
) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const title = `${over.prefix ?? 'Item'} ${i + 1}`;
    await notifyInbox(w.db, [w.users[user].id], {
      kind: over.kind ?? 'system',
      title,
      body: 'Body',
      link: '/somewhere',
      contractId: over.contractId ?? null,
    });
    const row = await w.db
      .selectFrom('notifications')
      .select('id')
      .where('user_id', '=', w.users[user].id)
      .where('title', '=', title)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  return ids;
}

beforeAll(async () => {
  w = await createWorld();
  const clients = await Promise.all(USERS.map((u) => w.as(u)));
  USERS.forEach((u, i) => {
    as[u] = clients[i];
  });
  // Started recently and ending far off: only the "no owner" findings fire, and they are procurement's.
  const startDate = addDays(todayUtc(), -5);
  cA = await w.contract({ departmentId: w.dept.a, title: 'Permit chatbot', startDate, endDate: '2099-12-31' });
  cBr = await w.contract({
    departmentId: w.dept.b,
    vendorId: w.vendor.two,
    restricted: true,
    title: 'Fraud detection',
    startDate,
    endDate: '2099-12-31',
  });
});

describe('the inbox', () => {
  it('fills from the normal flow: a new contract’s findings reach the procurement team', async () => {
    const r = await as.procurement.get('/api/notifications');
    expect(r.status, r.text).toBe(200);
    // Both contracts have no owners: the "no owner for a team" findings go to procurement.
    const titles = r.body.items.map((n: { title: string }) => n.title);
    expect(titles.some((t: string) => t.startsWith(`${cA.reference}: No owner`))).toBe(true);
    expect(titles.some((t: string) => t.startsWith(`${cBr.reference}: No owner`))).toBe(true);
    const item = r.body.items.find((n: { contract: { id: string } | null }) => n.contract?.id === cA.id);
    expect(item).toMatchObject({
      kind: 'finding',
      link: `/contracts/${cA.id}?tab=findings`,
      readAt: null,
      contract: { id: cA.id, reference: cA.reference },
    });
    expect(r.body.unreadCount).toBe(r.body.total);
    // Other roles heard nothing about findings owned by procurement.
    for (const u of ['buyerA', 'itA', 'auditor', 'vendorOne', 'admin'] as const)
      expect((await as[u].get('/api/notifications')).body.total, u).toBe(0);
  });

  it('lists newest first, paginates, filters unread, and always reports the unread count', async () => {
    const ids = await give('itB', 5, { prefix: 'Paged' });
    const p1 = await as.itB.get('/api/notifications?pageSize=2');
    expect(p1.body).toMatchObject({ total: 5, page: 1, pageSize: 2, unreadCount: 5 });
    expect(p1.body.items.map((n: { id: string }) => n.id)).toEqual([ids[4], ids[3]]);
    const p3 = await as.itB.get('/api/notifications?pageSize=2&page=3');
    expect(p3.body.items.map((n: { id: string }) => n.id)).toEqual([ids[0]]);
    await as.itB.post(`/api/notifications/${ids[4]}/read`);
    const unread = await as.itB.get('/api/notifications?unread=true');
    expect(unread.body.total).toBe(4);
    expect(unread.body.unreadCount).toBe(4);
    expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(ids[4]);
    const all = await as.itB.get('/api/notifications?unread=false');
    expect(all.body).toMatchObject({ total: 5, unreadCount: 4 });
  });

  it('marks one read (once: a second call keeps the first time) and audits it', async () => {
    const [id] = await give('vendorOne', 1);
    const r = await as.vendorOne.post(`/api/notifications/${id}/read`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.readAt).not.toBeNull();
    const again = await as.vendorOne.post(`/api/notifications/${id}/read`);
    expect(again.body.readAt).toBe(r.body.readAt);
    expect((await as.vendorOne.get('/api/notifications')).body.unreadCount).toBe(0);
    expect(await auditRows(w.db, { action: 'notification.read', entityId: id })).toHaveLength(1);
  });

  it('marks read once under concurrent requests (two tabs): one time, one audit entry', async () => {
    const [id] = await give('vendorTwo', 1);
    const rs = await Promise.all(Array.from({ length: 6 }, () => as.vendorTwo.post(`/api/notifications/${id}/read`)));
    for (const r of rs) expect(r.status, r.text).toBe(200);
    expect(new Set(rs.map((r) => r.body.readAt)).size).toBe(1);
    expect(await auditRows(w.db, { action: 'notification.read', entityId: id })).toHaveLength(1);
  });

  it('marks all read, and only the caller’s', async () => {
    await give('auditor', 3);
    const [other] = await give('admin', 1);
    const r = await as.auditor.post('/api/notifications/read-all');
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ updated: 3, unreadCount: 0 });
    expect((await as.auditor.get('/api/notifications')).body.unreadCount).toBe(0);
    expect((await as.auditor.post('/api/notifications/read-all')).body).toEqual({ updated: 0, unreadCount: 0 });
    const adminInbox = await as.admin.get('/api/notifications');
    expect(adminInbox.body.items.find((n: { id: string }) => n.id === other).readAt).toBeNull();
    expect(await auditRows(w.db, { action: 'notification.read_all', entityId: w.users.auditor.id })).toHaveLength(1);
  });

  it("never shows or marks another user's item: 404, and the denial is logged", async () => {
    const [mine] = await give('buyerA', 1, { prefix: 'Private' });
    for (const u of USERS.filter((x) => x !== 'buyerA')) {
      const list = await as[u].get('/api/notifications');
      expect(
        list.body.items.map((n: { id: string }) => n.id),
        u,
      ).not.toContain(mine);
      const r = await as[u].post(`/api/notifications/${mine}/read`);
      expectError(r, 404, 'not_found');
      const denied = await auditRows(w.db, { action: 'permission.denied', requestId: r.headers.get('x-request-id') as string });
      expect(denied, u).toHaveLength(1);
      expect(denied[0].actor_id).toBe(w.users[u].id);
    }
    const row = await w.db.selectFrom('notifications').select('read_at').where('id', '=', mine).executeTakeFirstOrThrow();
    expect(row.read_at).toBeNull();
    expectError(await as.buyerA.post('/api/notifications/00000000-0000-4000-8000-000000000000/read'), 404, 'not_found');
  });

  it('hides items about a contract the user may not (or no longer) see', async () => {
    // buyerA once heard about department B's restricted contract (e.g. before a move): it stays hidden.
    const [hidden] = await give('buyerA', 1, { kind: 'finding', contractId: cBr.id, prefix: 'Restricted B' });
    const [visible] = await give('buyerA', 1, { kind: 'finding', contractId: cA.id, prefix: 'Open A' });
    const list = await as.buyerA.get('/api/notifications?pageSize=100');
    const ids = list.body.items.map((n: { id: string }) => n.id);
    expect(ids).toContain(visible);
    expect(ids).not.toContain(hidden);
    expect(list.body.unreadCount).toBe(list.body.items.filter((n: { readAt: string | null }) => !n.readAt).length);
    expectError(await as.buyerA.post(`/api/notifications/${hidden}/read`), 404, 'not_found');
    // buyerB, in department B, sees the same kind of item about its own restricted contract.
    const [own] = await give('buyerB', 1, { kind: 'finding', contractId: cBr.id, prefix: 'Restricted own' });
    const b = await as.buyerB.get('/api/notifications');
    expect(b.body.items.find((n: { id: string }) => n.id === own)).toMatchObject({ contract: { id: cBr.id, reference: cBr.reference } });
  });

  it('is for signed-in users only, and validates its input', async () => {
    expectError(await w.anonymous().get('/api/notifications'), 401, 'unauthenticated');
    expectError(await as.buyerA.get('/api/notifications?page=0'), 400, 'validation_failed');
    expectError(await as.buyerA.get('/api/notifications?pageSize=101'), 400, 'validation_failed');
    expectError(await as.buyerA.get('/api/notifications?unread=yes'), 400, 'validation_failed');
    expectError(await as.buyerA.post('/api/notifications/not-an-id/read'), 400, 'validation_failed');
    expectError(await as.buyerA.request('POST', '/api/notifications/read-all', { noCsrf: true }), 403, 'csrf_failed');
  });
});

describe('preferences', () => {
  const ALL_ON = { inboxFindings: true, inboxDeadlines: true, emailDigest: true, emailCritical: true, emailReminders: true };

  it('start with everything on, for every role', async () => {
    for (const u of USERS) {
      const r = await as[u].get('/api/notifications/preferences');
      expect(r.status, u).toBe(200);
      expect(r.body).toEqual({ ...ALL_ON, updatedAt: null });
    }
  });

  it('are replaced as a whole by PUT, audited with what changed, and kept per user', async () => {
    const choice = { ...ALL_ON, inboxFindings: false, emailDigest: false };
    const r = await put(as.buyerA, '/api/notifications/preferences', choice);
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject(choice);
    expect(r.body.updatedAt).not.toBeNull();
    expect((await as.buyerA.get('/api/notifications/preferences')).body).toMatchObject(choice);
    expect((await as.buyerB.get('/api/notifications/preferences')).body).toMatchObject(ALL_ON);
    const [entry] = await auditRows(w.db, { action: 'notification.preferences', entityId: w.users.buyerA.id });
    expect(entry.before).toEqual({ inboxFindings: true, emailDigest: true });
    expect(entry.after).toEqual({ inboxFindings: false, emailDigest: false });
    // Saving the same choice again is fine (idempotent).
    expect((await put(as.buyerA, '/api/notifications/preferences', choice)).status).toBe(200);
  });

  it('change what arrives: no finding items when switched off, deadline items still come', async () => {
    await put(as.itA, '/api/notifications/preferences', { ...ALL_ON, inboxFindings: false });
    const got = await notifyInbox(w.db, [w.users.itA.id, w.users.itB.id], { kind: 'finding', title: 'A finding' });
    expect(got).toEqual([w.users.itB.id]);
    expect(await notifyInbox(w.db, [w.users.itA.id], { kind: 'deadline', title: 'A deadline' })).toEqual([w.users.itA.id]);
    expect(await notifyInbox(w.db, [w.users.itA.id], { kind: 'system', title: 'System news' })).toEqual([w.users.itA.id]);
  });

  it('refuse incomplete, unknown or mistyped choices', async () => {
    const { emailReminders: _, ...missing } = ALL_ON;
    const e1 = expectError(await put(as.buyerB, '/api/notifications/preferences', missing), 400, 'validation_failed');
    expect(e1.fields).toHaveProperty('emailReminders');
    const e2 = expectError(
      await put(as.buyerB, '/api/notifications/preferences', { ...ALL_ON, smsAlerts: true }),
      400,
      'validation_failed',
    );
    expect(JSON.stringify(e2.fields)).toMatch(/smsAlerts/);
    expectError(await put(as.buyerB, '/api/notifications/preferences', { ...ALL_ON, emailDigest: 'no' }), 400, 'validation_failed');
    expectError(await w.anonymous().get('/api/notifications/preferences'), 401, 'unauthenticated');
    expect((await as.buyerB.get('/api/notifications/preferences')).body.updatedAt).toBeNull();
  });
});
