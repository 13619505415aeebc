/**
 * Admin API for the mail outbox and outgoing webhooks: admins only (403 for every other role,
 * logged), validation, versions, the secret shown once, the delivery log, and the audit trail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { enqueueWebhookEvent, queueMail, sendPendingMail } from '../../platform/notifications/notify.js';
import { type Client, type TestResponse, type World, auditRows, createWorld, expectError } from '../../test/harness.js';

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['admin', 'procurement', 'buyerA', 'buyerB', 'itA', 'itB', 'auditor', 'vendorOne', 'vendorTwo'];
const NON_ADMINS = USERS.filter((u) => u !== 'admin');

let w: World;
const as = {} as Record<UserKey, Client>;

beforeAll(async () => {
  w = await createWorld();
  const clients = await Promise.all(USERS.map((u) => w.as(u)));
  USERS.forEach((u, i) => {
    as[u] = clients[i];
  });
});

async function expectForbiddenLogged(r: TestResponse, user: UserKey) {
  expectError(r, 403, 'forbidden');
  const rows = await auditRows(w.db, { action: 'permission.denied', requestId: r.headers.get('x-request-id') as string });
  expect(rows, `denial for ${user} not logged`).toHaveLength(1);
}

const hook = (over: Record<string, unknown> = {}) => ({
  name: 'Ops channel',
  url: 'https://hooks.example/steward',
  events: ['finding.opened'],
  ...over,
});

describe('the mail outbox', () => {
  beforeAll(async () => {
    await queueMail(w.db, {
      to: 'held.person@test.example',
      subject: '[Steward] Your digest for today',
      text: 'Good morning,\n\nNew findings (1):\n  - HV-1: something',
      kind: 'digest',
    });
    await queueMail(w.db, { to: 'second@test.example', subject: '[Steward] Reminder', text: 'Due tomorrow', kind: 'reminder' });
    // No SMTP in tests: the mail job holds both for admins to read.
    expect(await sendPendingMail(w.db, w.config, null)).toMatchObject({ held: 2 });
    await queueMail(w.db, { to: 'waiting@test.example', subject: 'Queued later', text: 'Not yet processed', kind: 'reminder' });
  });

  it('lists messages newest first with counts per status, and says SMTP is not configured', async () => {
    const r = await as.admin.get('/api/admin/outbox');
    expect(r.status, r.text).toBe(200);
    expect(r.body.smtpConfigured).toBe(false);
    expect(r.body.counts).toEqual({ pending: 1, sent: 0, held: 2, failed: 0 });
    expect(r.body.total).toBe(3);
    expect(r.body.items[0]).toMatchObject({
      to: 'waiting@test.example',
      status: 'pending',
      attempts: 0,
      sentAt: null,
      nextAttemptAt: expect.any(String),
    });
    expect(r.body.items[0]).not.toHaveProperty('bodyText');
  });

  it('filters by status and searches recipient and subject', async () => {
    const held = await as.admin.get('/api/admin/outbox?status=held');
    expect(held.body.total).toBe(2);
    expect(held.body.items.every((m: { status: string }) => m.status === 'held')).toBe(true);
    expect(held.body.counts.pending).toBe(1);
    const q = await as.admin.get('/api/admin/outbox?q=DIGEST');
    expect(q.body.items.map((m: { to: string }) => m.to)).toEqual(['held.person@test.example']);
    const p = await as.admin.get('/api/admin/outbox?pageSize=1&page=2');
    expect(p.body).toMatchObject({ total: 3, page: 2, pageSize: 1 });
    expect(p.body.items).toHaveLength(1);
    expectError(await as.admin.get('/api/admin/outbox?status=lost'), 400, 'validation_failed');
  });

  it('opens a held message with its full text, and records the reading in the audit log', async () => {
    const list = await as.admin.get('/api/admin/outbox?q=held.person');
    const id = list.body.items[0].id;
    const r = await as.admin.get(`/api/admin/outbox/${id}`);
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({
      id,
      status: 'held',
      to: 'held.person@test.example',
      bodyText: expect.stringContaining('New findings (1):'),
    });
    const [entry] = await auditRows(w.db, { action: 'mail.view', entityId: id });
    expect(entry.actor_id).toBe(w.users.admin.id);
    expectError(await as.admin.get('/api/admin/outbox/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
  });

  it('is closed to every other role (403, logged)', async () => {
    const id = (await as.admin.get('/api/admin/outbox')).body.items[0].id;
    for (const u of NON_ADMINS) {
      await expectForbiddenLogged(await as[u].get('/api/admin/outbox'), u);
      await expectForbiddenLogged(await as[u].get(`/api/admin/outbox/${id}`), u);
    }
    expectError(await w.anonymous().get('/api/admin/outbox'), 401, 'unauthenticated');
  });
});

describe('webhooks', () => {
  it('creates a webhook and shows its secret only in that answer; the audit log never holds it', async () => {
    const r = await as.admin.post('/api/admin/webhooks', hook({ events: ['deadline.reminder', 'finding.opened', 'deadline.reminder'] }));
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({
      name: 'Ops channel',
      url: 'https://hooks.example/steward',
      active: true,
      version: 1,
      deliveries: { pending: 0, failed: 0, lastAt: null, lastStatus: null },
    });
    expect(r.body.events.sort()).toEqual(['deadline.reminder', 'finding.opened']);
    expect(r.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    const list = await as.admin.get('/api/admin/webhooks');
    const listed = list.body.items.find((h: { id: string }) => h.id === r.body.id);
    expect(listed).toBeDefined();
    expect(listed).not.toHaveProperty('secret');
    expect(list.text).not.toContain(r.body.secret);
    const stored = await w.db.selectFrom('webhooks').select('secret').where('id', '=', r.body.id).executeTakeFirstOrThrow();
    expect(stored.secret).toBe(r.body.secret);
    const [entry] = await auditRows(w.db, { action: 'webhook.create', entityId: r.body.id });
    expect(entry.actor_id).toBe(w.users.admin.id);
    expect(entry.after).toMatchObject({ name: 'Ops channel', url: 'https://hooks.example/steward', active: true });
    expect(JSON.stringify(entry)).not.toContain(r.body.secret);
  });

  it('refuses URLs other than http(s), unknown or no events, and unknown fields', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [hook({ url: 'ftp://hooks.example/x' }), 'url'],
      [hook({ url: 'file:///etc/passwd' }), 'url'],
      [hook({ url: 'not a url' }), 'url'],
      [hook({ url: 'https://user:pw@hooks.example/x' }), 'url'],
      [hook({ events: [] }), 'events'],
      [hook({ events: ['contract.deleted'] }), 'events'],
      [hook({ name: '  ' }), 'name'],
      [hook({ secret: 'mine' }), ''],
    ];
    for (const [body, field] of cases) {
      const e = expectError(await as.admin.post('/api/admin/webhooks', body), 400, 'validation_failed');
      if (field)
        expect(
          Object.keys(e.fields ?? {}).some((k) => k.startsWith(field)),
          `${JSON.stringify(body)} → ${JSON.stringify(e.fields)}`,
        ).toBe(true);
    }
  });

  it('changes name, URL, events and active with the current version; a stale version gets 412', async () => {
    const { body: created } = await as.admin.post('/api/admin/webhooks', hook({ name: 'To edit' }));
    const r = await as.admin.patch(`/api/admin/webhooks/${created.id}`, {
      version: 1,
      name: 'Edited',
      url: 'http://127.0.0.1:9/in',
      events: ['contract.changed'],
      active: false,
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ name: 'Edited', url: 'http://127.0.0.1:9/in', events: ['contract.changed'], active: false, version: 2 });
    expect(r.body).not.toHaveProperty('secret');
    expect(r.headers.get('etag')).toBe('"2"');
    expectError(await as.admin.patch(`/api/admin/webhooks/${created.id}`, { version: 1, name: 'Late' }), 412, 'version_conflict');
    expectError(await as.admin.patch(`/api/admin/webhooks/${created.id}`, { name: 'No version' }), 428, 'precondition_required');
    const viaHeader = await as.admin.patch(`/api/admin/webhooks/${created.id}`, { active: true }, { 'if-match': '"2"' });
    expect(viaHeader.body).toMatchObject({ active: true, version: 3 });
    expectError(await as.admin.patch(`/api/admin/webhooks/${created.id}`, { version: 3, url: 'gopher://x' }), 400, 'validation_failed');
    expectError(
      await as.admin.patch('/api/admin/webhooks/00000000-0000-4000-8000-000000000000', { version: 1, name: 'x' }),
      404,
      'not_found',
    );
    const [entry] = await auditRows(w.db, { action: 'webhook.update', entityId: created.id });
    expect(entry.before).toMatchObject({ name: 'To edit', active: true });
    expect(entry.after).toMatchObject({ name: 'Edited', active: false });
  });

  it('lets exactly one of two concurrent edits of the same version win', async () => {
    const { body: created } = await as.admin.post('/api/admin/webhooks', hook({ name: 'Race' }));
    const [a, b] = await Promise.all([
      as.admin.patch(`/api/admin/webhooks/${created.id}`, { version: 1, name: 'Race A' }),
      as.admin.patch(`/api/admin/webhooks/${created.id}`, { version: 1, name: 'Race B' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
  });

  it('rotates the secret: the new one is shown once and replaces the old', async () => {
    const { body: created } = await as.admin.post('/api/admin/webhooks', hook({ name: 'Rotate me' }));
    const r = await as.admin.post(`/api/admin/webhooks/${created.id}/rotate-secret`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.secret).toMatch(/^whsec_/);
    expect(r.body.secret).not.toBe(created.secret);
    expect(r.body.version).toBe(2);
    const stored = await w.db.selectFrom('webhooks').select('secret').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.secret).toBe(r.body.secret);
    const [entry] = await auditRows(w.db, { action: 'webhook.rotate_secret', entityId: created.id });
    expect(JSON.stringify(entry)).not.toContain(r.body.secret);
  });

  it('queues a test ping and shows it, with the events, in the delivery log', async () => {
    const { body: created } = await as.admin.post('/api/admin/webhooks', hook({ name: 'Logged', events: ['deadline.reminder'] }));
    const t = await as.admin.post(`/api/admin/webhooks/${created.id}/test`);
    expect(t.status, t.text).toBe(202);
    expect(t.body.message).toMatch(/within a minute/);
    await enqueueWebhookEvent(w.db, 'deadline.reminder', 'deadline.reminder:x:7', { deadlineId: 'x', leadDays: 7 });
    await enqueueWebhookEvent(w.db, 'finding.opened', 'finding.opened:y:today', { findingId: 'y' }); // not subscribed
    const log = await as.admin.get(`/api/admin/webhooks/${created.id}/deliveries`);
    expect(log.status, log.text).toBe(200);
    expect(log.body.total).toBe(2);
    expect(log.body.items.map((d: { event: string }) => d.event).sort()).toEqual(['deadline.reminder', 'ping']);
    const ping = log.body.items.find((d: { event: string }) => d.event === 'ping');
    expect(ping).toMatchObject({
      id: t.body.deliveryId,
      status: 'pending',
      attempts: 0,
      lastStatusCode: null,
      lastError: null,
      deliveredAt: null,
      nextAttemptAt: expect.any(String),
    });
    expect(ping.payload).toMatchObject({ event: 'ping', data: { webhookId: created.id } });
    const filtered = await as.admin.get(`/api/admin/webhooks/${created.id}/deliveries?status=failed`);
    expect(filtered.body.total).toBe(0);
    const listed = (await as.admin.get('/api/admin/webhooks')).body.items.find((h: { id: string }) => h.id === created.id);
    expect(listed.deliveries).toMatchObject({ pending: 2, failed: 0, lastStatus: 'pending' });
    expect(await auditRows(w.db, { action: 'webhook.test', entityId: created.id })).toHaveLength(1);
    expectError(await as.admin.get('/api/admin/webhooks/00000000-0000-4000-8000-000000000000/deliveries'), 404, 'not_found');
    expectError(await as.admin.post('/api/admin/webhooks/00000000-0000-4000-8000-000000000000/test'), 404, 'not_found');
  });

  it('only active webhooks receive events', async () => {
    const { body: off } = await as.admin.post('/api/admin/webhooks', hook({ name: 'Off', events: ['contract.changed'], active: false }));
    await enqueueWebhookEvent(w.db, 'contract.changed', 'contract.changed:z:1', { contractId: 'z' });
    expect((await as.admin.get(`/api/admin/webhooks/${off.id}/deliveries`)).body.total).toBe(0);
  });

  it('deletes a webhook with its log; the audit log keeps what it was', async () => {
    const { body: created } = await as.admin.post('/api/admin/webhooks', hook({ name: 'Doomed' }));
    await as.admin.post(`/api/admin/webhooks/${created.id}/test`);
    const r = await as.admin.delete(`/api/admin/webhooks/${created.id}`);
    expect(r.status, r.text).toBe(204);
    expectError(await as.admin.delete(`/api/admin/webhooks/${created.id}`), 404, 'not_found');
    expect(await w.db.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', created.id).execute()).toEqual([]);
    const [entry] = await auditRows(w.db, { action: 'webhook.delete', entityId: created.id });
    expect(entry.before).toMatchObject({ name: 'Doomed' });
  });

  it('is closed to every other role (403, logged), on every route', async () => {
    const { body: created } = await as.admin.post('/api/admin/webhooks', hook({ name: 'Guarded' }));
    for (const u of NON_ADMINS) {
      const c = as[u];
      await expectForbiddenLogged(await c.get('/api/admin/webhooks'), u);
      await expectForbiddenLogged(await c.post('/api/admin/webhooks', hook()), u);
      await expectForbiddenLogged(await c.patch(`/api/admin/webhooks/${created.id}`, { version: 1, active: false }), u);
      await expectForbiddenLogged(await c.delete(`/api/admin/webhooks/${created.id}`), u);
      await expectForbiddenLogged(await c.post(`/api/admin/webhooks/${created.id}/test`), u);
      await expectForbiddenLogged(await c.post(`/api/admin/webhooks/${created.id}/rotate-secret`), u);
      await expectForbiddenLogged(await c.get(`/api/admin/webhooks/${created.id}/deliveries`), u);
    }
    const still = await w.db.selectFrom('webhooks').select(['version', 'active']).where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(still).toEqual({ version: 1, active: true });
  });
});
