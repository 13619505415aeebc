/**
 * The notification frame's delivery, against the real database: mail through a fake transport,
 * held without SMTP, retried then failed; webhooks to a real local HTTP server (127.0.0.1) with
 * signatures, retries with backoff, give-up and leases; the daily digest's content per user;
 * and the event subscriptions that turn findings, reminders and changes into all of these.
 */
import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../core/dates.js';
import { MAIL_MAX_ATTEMPTS, WEBHOOK_MAX_ATTEMPTS, verifyWebhookSignature, webhookBackoffMinutes } from '../../core/notifications.js';
import { createUser } from '../../features/users/users.service.js';
import { emit } from '../../platform/events.js';
import { evaluateContract } from '../../platform/findings/engine.js';
import { buildDigests, queueDailyDigests } from '../../platform/notifications/digest.js';
import {
  type MailTransport,
  deliverDueWebhooks,
  enqueueWebhookEvent,
  queueMail,
  queuePing,
  recipientsFor,
  sendPendingMail,
} from '../../platform/notifications/notify.js';
import { type Client, TEST_PASSWORD, type World, createWorld, systemCtx } from '../../test/harness.js';
import type { ContractDto } from '../contracts/contracts.schema.js';

let w: World;
let admin: Client;
const today = todayUtc();
const recent = addDays(today, -5);

// --- a local webhook receiver ---

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
/** What the receiver answers, by path. */
const answers = new Map<string, number>();
let server: ReturnType<typeof createServer>;
let base: string;

beforeAll(async () => {
  w = await createWorld();
  admin = await w.as('admin');
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      const status = answers.get(req.url ?? '') ?? 200;
      if (status >= 300 && status < 400) res.setHeader('location', 'http://127.0.0.1:1/elsewhere');
      res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

async function newHook(path: string, events: string[] = ['deadline.reminder'], active = true) {
  const r = await admin.post('/api/admin/webhooks', { name: `Hook ${path}`, url: `${base}${path}`, events, active });
  expect(r.status, r.text).toBe(201);
  return r.body as { id: string; secret: string };
}

const deliveriesOf = (hookId: string) =>
  w.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', hookId).orderBy('created_at').execute();

/** A transport that records what it sends (and can be told to fail or to be slow). */
function fakeTransport(behaviour: { fail?: boolean; delayMs?: number } = {}) {
  const sent: { from: string; to: string; subject: string; text: string }[] = [];
  const t: MailTransport & { sent: typeof sent; calls: number } = {
    sent,
    calls: 0,
    async sendMail(m) {
      t.calls++;
      if (behaviour.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs));
      if (behaviour.fail) throw new Error('421 mail.example: service not available');
      sent.push(m);
      return { messageId: 'x' };
    },
  };
  return t;
}

async function clearOutbox() {
  await w.db.deleteFrom('mail_outbox').execute();
}

describe('mail', () => {
  it('sends pending mail through the transport, from the configured sender, once', async () => {
    await clearOutbox();
    await queueMail(w.db, { to: 'a@test.example', subject: 'Hello', text: 'Body A', kind: 'reminder' });
    await queueMail(w.db, { to: 'b@test.example', subject: 'Hello', text: 'Body B', kind: 'reminder', dedupeKey: 'k1' });
    expect(await queueMail(w.db, { to: 'b@test.example', subject: 'Hello', text: 'Body B', kind: 'reminder', dedupeKey: 'k1' })).toBe(
      false,
    );
    const t = fakeTransport();
    expect(await sendPendingMail(w.db, w.config, t)).toEqual({ sent: 2, held: 0, failed: 0, retrying: 0 });
    expect(t.sent.map((m) => m.to).sort()).toEqual(['a@test.example', 'b@test.example']);
    expect(t.sent[0].from).toBe(w.config.mailFrom);
    const rows = await w.db.selectFrom('mail_outbox').selectAll().execute();
    for (const r of rows) expect(r).toMatchObject({ status: 'sent', attempts: 1, last_error: null, sent_at: expect.any(Date) });
    expect(await sendPendingMail(w.db, w.config, t)).toEqual({ sent: 0, held: 0, failed: 0, retrying: 0 });
    expect(t.calls).toBe(2);
  });

  it('without SMTP, holds mail in the outbox, where an admin reads it in the app', async () => {
    await clearOutbox();
    await queueMail(w.db, {
      to: 'c@test.example',
      subject: '[Steward] Critical: X-1',
      text: 'The full text of the message',
      kind: 'critical_finding',
    });
    expect(await sendPendingMail(w.db, w.config, null)).toEqual({ sent: 0, held: 1, failed: 0, retrying: 0 });
    const list = await admin.get('/api/admin/outbox?status=held');
    expect(list.body.items).toHaveLength(1);
    const msg = await admin.get(`/api/admin/outbox/${list.body.items[0].id}`);
    expect(msg.body).toMatchObject({ status: 'held', to: 'c@test.example', bodyText: 'The full text of the message' });
    // Held mail stays held: a later run (even with SMTP) does not send it by surprise.
    expect(await sendPendingMail(w.db, w.config, fakeTransport())).toMatchObject({ sent: 0 });
  });

  it('retries a failing transport with growing waits, then marks the message failed', async () => {
    await clearOutbox();
    await queueMail(w.db, { to: 'd@test.example', subject: 'Retry me', text: 'x', kind: 'reminder' });
    const t = fakeTransport({ fail: true });
    let now = new Date(Date.now() + 1000);
    for (let attempt = 1; attempt <= MAIL_MAX_ATTEMPTS; attempt++) {
      const r = await sendPendingMail(w.db, w.config, t, { now });
      const row = await w.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow();
      expect(row.attempts).toBe(attempt);
      expect(row.last_error).toMatch(/service not available/);
      if (attempt < MAIL_MAX_ATTEMPTS) {
        expect(r).toMatchObject({ retrying: 1, failed: 0 });
        expect(row.status).toBe('pending');
        const waitMinutes = (row.next_attempt_at.getTime() - now.getTime()) / 60_000;
        expect(waitMinutes).toBe(2 ** attempt);
        // Not due yet: nothing happens.
        expect(await sendPendingMail(w.db, w.config, t, { now })).toMatchObject({ retrying: 0, failed: 0 });
        now = new Date(row.next_attempt_at.getTime() + 1000);
      } else {
        expect(r).toMatchObject({ retrying: 0, failed: 1 });
        expect(row.status).toBe('failed');
      }
    }
    expect(t.calls).toBe(MAIL_MAX_ATTEMPTS);
    expect(await sendPendingMail(w.db, w.config, t, { now: new Date(Date.now() + 86_400_000) })).toMatchObject({ sent: 0, failed: 0 });
    const outbox = await admin.get('/api/admin/outbox?status=failed');
    expect(outbox.body.items[0]).toMatchObject({
      to: 'd@test.example',
      status: 'failed',
      attempts: MAIL_MAX_ATTEMPTS,
      lastError: expect.stringMatching(/service not available/),
    });
  });

  it('two senders at once send each message once', async () => {
    await clearOutbox();
    for (let i = 0; i < 12; i++) await queueMail(w.db, { to: `p${i}@test.example`, subject: 'Parallel', text: 'x', kind: 'reminder' });
    const t1 = fakeTransport({ delayMs: 20 });
    const t2 = fakeTransport({ delayMs: 20 });
    await Promise.all([
      sendPendingMail(w.db, w.config, t1, { limit: 5 }),
      sendPendingMail(w.db, w.config, t2, { limit: 5 }),
      sendPendingMail(w.db, w.config, t1, { limit: 5 }),
    ]);
    await sendPendingMail(w.db, w.config, t2);
    const all = [...t1.sent, ...t2.sent].map((m) => m.to).sort();
    expect(all).toHaveLength(12);
    expect(new Set(all).size).toBe(12);
  });
});

describe('webhook delivery', () => {
  it('POSTs the event as JSON with a signature the receiver verifies with the secret; 2xx marks it succeeded', async () => {
    const h = await newHook('/ok');
    await enqueueWebhookEvent(w.db, 'deadline.reminder', 'deadline.reminder:d1:7', { deadlineId: 'd1', leadDays: 7 });
    received.length = 0;
    expect(await deliverDueWebhooks(w.db)).toMatchObject({ succeeded: 1, retried: 0, failed: 0 });
    const got = received.filter((r) => r.path === '/ok');
    expect(got).toHaveLength(1);
    const req = got[0];
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-steward-event']).toBe('deadline.reminder');
    const sig = req.headers['x-steward-signature'] as string;
    expect(sig).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(h.secret, sig, req.body, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyWebhookSignature('whsec_wrong', sig, req.body, Math.floor(Date.now() / 1000))).toBe(false);
    expect(JSON.parse(req.body)).toMatchObject({
      id: 'deadline.reminder:d1:7',
      event: 'deadline.reminder',
      data: { deadlineId: 'd1', leadDays: 7 },
    });
    const [d] = await deliveriesOf(h.id);
    expect(req.headers['x-steward-delivery']).toBe(d.id);
    expect(d).toMatchObject({ status: 'succeeded', attempts: 1, last_status_code: 200, last_error: null, delivered_at: expect.any(Date) });
    expect(await deliverDueWebhooks(w.db)).toMatchObject({ succeeded: 0 });
    await w.db.updateTable('webhooks').set({ active: false }).where('id', '=', h.id).execute();
  });

  it('retries a 500 with backoff, moving next_attempt_at, then gives up as failed and tells the admins', async () => {
    answers.set('/broken', 500);
    const h = await newHook('/broken');
    await enqueueWebhookEvent(w.db, 'deadline.reminder', 'deadline.reminder:d2:1', { deadlineId: 'd2' });
    received.length = 0;
    let now = new Date(Date.now() + 1000);
    for (let attempt = 1; attempt <= WEBHOOK_MAX_ATTEMPTS; attempt++) {
      const r = await deliverDueWebhooks(w.db, undefined, { now });
      const [d] = await deliveriesOf(h.id);
      expect(d.attempts).toBe(attempt);
      expect(d.last_status_code).toBe(500);
      expect(d.last_error).toBe('HTTP 500');
      if (attempt < WEBHOOK_MAX_ATTEMPTS) {
        expect(r).toMatchObject({ retried: 1, failed: 0 });
        expect(d.status).toBe('pending');
        expect((d.next_attempt_at.getTime() - now.getTime()) / 60_000).toBe(webhookBackoffMinutes(attempt));
        expect(await deliverDueWebhooks(w.db, undefined, { now })).toMatchObject({ retried: 0 });
        now = new Date(d.next_attempt_at.getTime() + 1000);
      } else {
        expect(r).toMatchObject({ retried: 0, failed: 1 });
        expect(d.status).toBe('failed');
      }
    }
    expect(received.filter((r) => r.path === '/broken')).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
    const inbox = await admin.get('/api/notifications');
    expect(inbox.body.items.some((n: { kind: string; title: string }) => n.kind === 'system' && n.title.includes('Hook /broken'))).toBe(
      true,
    );
    const log = await admin.get(`/api/admin/webhooks/${h.id}/deliveries`);
    expect(log.body.items[0]).toMatchObject({
      status: 'failed',
      attempts: WEBHOOK_MAX_ATTEMPTS,
      lastStatusCode: 500,
      lastError: 'HTTP 500',
      nextAttemptAt: null,
    });
    await w.db.updateTable('webhooks').set({ active: false }).where('id', '=', h.id).execute();
  });

  it('records a refused connection and a redirect (not followed) as failed attempts, in plain words', async () => {
    // A port nobody listens on: open one, note it, close it.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const refused = await admin.post('/api/admin/webhooks', {
      name: 'Nobody home',
      url: `http://127.0.0.1:${closedPort}/in`,
      events: ['contract.changed'],
    });
    answers.set('/moved', 302);
    const moved = await newHook('/moved', ['contract.changed']);
    await enqueueWebhookEvent(w.db, 'contract.changed', 'contract.changed:c:1', { contractId: 'c' });
    expect(await deliverDueWebhooks(w.db)).toMatchObject({ retried: 2 });
    const [r] = await deliveriesOf(refused.body.id);
    expect(r).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null });
    expect(r.last_error).toMatch(/ECONNREFUSED/);
    const [m] = await deliveriesOf(moved.id);
    expect(m).toMatchObject({ status: 'pending', last_status_code: 302, last_error: 'HTTP 302 (redirects are not followed)' });
    expect(received.some((x) => x.path === '/elsewhere')).toBe(false);
    for (const id of [refused.body.id, moved.id]) await w.db.updateTable('webhooks').set({ active: false }).where('id', '=', id).execute();
  });

  it('holds deliveries of an inactive webhook until it is active again, but sends a test ping at once', async () => {
    const h = await newHook('/paused', ['deadline.reminder']);
    await enqueueWebhookEvent(w.db, 'deadline.reminder', 'deadline.reminder:d3:0', { deadlineId: 'd3' });
    await w.db.updateTable('webhooks').set({ active: false }).where('id', '=', h.id).execute();
    await queuePing(w.db, h.id, 'admin@test.example');
    received.length = 0;
    expect(await deliverDueWebhooks(w.db)).toMatchObject({ succeeded: 1 });
    expect(received.map((r) => r.headers['x-steward-event'])).toEqual(['ping']);
    const rows = await deliveriesOf(h.id);
    expect(rows.map((d) => [d.event, d.status]).sort()).toEqual([
      ['deadline.reminder', 'pending'],
      ['ping', 'succeeded'],
    ]);
    await w.db.updateTable('webhooks').set({ active: true }).where('id', '=', h.id).execute();
    expect(await deliverDueWebhooks(w.db)).toMatchObject({ succeeded: 1 });
    await w.db.updateTable('webhooks').set({ active: false }).where('id', '=', h.id).execute();
  });

  it('a test ping that fails is not retried: the admin sees the outcome at once', async () => {
    answers.set('/ping-fails', 503);
    const h = await newHook('/ping-fails');
    await queuePing(w.db, h.id, 'admin@test.example');
    expect(await deliverDueWebhooks(w.db)).toMatchObject({ failed: 1 });
    const [d] = await deliveriesOf(h.id);
    expect(d).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 503 });
    await w.db.updateTable('webhooks').set({ active: false }).where('id', '=', h.id).execute();
  });

  it('takes up a delivery whose instance died mid-delivery once its lease ends', async () => {
    const h = await newHook('/lease');
    await enqueueWebhookEvent(w.db, 'deadline.reminder', 'deadline.reminder:d4:30', { deadlineId: 'd4' });
    // Another instance claimed it and died: "delivering", leased until a minute ago.
    await w.db
      .updateTable('webhook_deliveries')
      .set({ status: 'delivering', attempts: 1, next_attempt_at: new Date(Date.now() - 60_000) })
      .where('webhook_id', '=', h.id)
      .execute();
    expect(await deliverDueWebhooks(w.db)).toMatchObject({ succeeded: 1 });
    const [d] = await deliveriesOf(h.id);
    expect(d).toMatchObject({ status: 'succeeded', attempts: 2 });
    // A live lease is respected.
    await enqueueWebhookEvent(w.db, 'deadline.reminder', 'deadline.reminder:d5:30', { deadlineId: 'd5' });
    await w.db
      .updateTable('webhook_deliveries')
      .set({ status: 'delivering', attempts: 1, next_attempt_at: new Date(Date.now() + 5 * 60_000) })
      .where('event_id', '=', 'deadline.reminder:d5:30')
      .execute();
    expect(await deliverDueWebhooks(w.db)).toMatchObject({ succeeded: 0 });
    await w.db.updateTable('webhooks').set({ active: false }).where('id', '=', h.id).execute();
  });

  it('two delivery runs at once send each event once', async () => {
    const h = await newHook('/parallel');
    for (let i = 0; i < 10; i++) await enqueueWebhookEvent(w.db, 'deadline.reminder', `deadline.reminder:par${i}:7`, { i });
    received.length = 0;
    await Promise.all([
      deliverDueWebhooks(w.db, undefined, { limit: 4 }),
      deliverDueWebhooks(w.db, undefined, { limit: 4 }),
      deliverDueWebhooks(w.db, undefined, { limit: 4 }),
    ]);
    await deliverDueWebhooks(w.db);
    const ids = received.filter((r) => r.path === '/parallel').map((r) => JSON.parse(r.body).id);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
    await w.db.updateTable('webhooks').set({ active: false }).where('id', '=', h.id).execute();
  });
});

describe('the daily digest', () => {
  let cA: ContractDto;
  let cAr: ContractDto;
  let cB: ContractDto;
  let cBr: ContractDto;
  let cOwned: ContractDto;
  let buyerA2: string;
  const now = new Date();

  async function finding(contractId: string, team: string, title: string, over: { firstSeen?: Date; state?: string } = {}) {
    await w.db
      .insertInto('findings')
      .values({
        contract_id: contractId,
        rule_id: 'test.rule',
        subject: title,
        severity: 'warning',
        owner_team: team,
        title,
        evidence: '{}',
        state: over.state ?? 'open',
        first_seen: over.firstSeen ?? new Date(now.getTime() - 3600_000),
      })
      .execute();
  }
  async function deadline(contractId: string, team: string, title: string, dueIn: number, ownerUserId: string | null = null) {
    await w.db
      .insertInto('deadlines')
      .values({
        contract_id: contractId,
        source: 'test',
        source_key: title,
        kind: 'test',
        title,
        due_date: addDays(today, dueIn),
        owner_team: team,
        owner_user_id: ownerUserId,
      })
      .execute();
  }
  const texts = (d: { findings: { text: string }[]; deadlines: { text: string }[] } | undefined) =>
    [...(d?.findings ?? []), ...(d?.deadlines ?? [])].map((x) => x.text.replace(/^(\[\w+\]|\d{4}-\d{2}-\d{2}) /, ''));

  beforeAll(async () => {
    const u = await createUser(systemCtx(w.db), {
      email: 'buyera2@test.example',
      name: 'Second buyer A',
      role: 'buyer',
      departmentId: w.dept.a,
      vendorId: null,
      password: TEST_PASSWORD,
    });
    buyerA2 = u.id;
    const far = { startDate: recent, endDate: '2099-12-31' };
    const owners = { procurement: w.users.procurement.id, buyer: null, it_data: null };
    cA = await w.contract({ ...far, departmentId: w.dept.a, reference: 'DIG-A', owners });
    cAr = await w.contract({ ...far, departmentId: w.dept.a, reference: 'DIG-AR', restricted: true, owners });
    cB = await w.contract({ ...far, departmentId: w.dept.b, vendorId: w.vendor.two, reference: 'DIG-B', owners });
    cBr = await w.contract({ ...far, departmentId: w.dept.b, vendorId: w.vendor.two, reference: 'DIG-BR', restricted: true, owners });
    cOwned = await w.contract({ ...far, departmentId: w.dept.a, reference: 'DIG-OWN', owners: { ...owners, buyer: buyerA2 } });
    // The contracts' own "no owner" findings are older than the digest window.
    await w.db
      .updateTable('findings')
      .set({ first_seen: new Date(now.getTime() - 3 * 86_400_000) })
      .execute();
    for (const c of [cA, cAr, cB, cBr, cOwned]) {
      await finding(c.id, 'buyer', `buyer finding`);
      await finding(c.id, 'it_data', `it finding`);
      await deadline(c.id, 'buyer', `buyer deadline`, 3);
    }
    await finding(cA.id, 'buyer', 'old finding', { firstSeen: new Date(now.getTime() - 2 * 86_400_000) });
    await finding(cA.id, 'buyer', 'resolved finding', { state: 'resolved' });
    await deadline(cA.id, 'buyer', 'far deadline', 30);
    await deadline(cA.id, 'buyer', 'past deadline', -1);
    await deadline(cB.id, 'procurement', 'procurement deadline', 10);
  });

  it('gives each user their team’s items on contracts they may see, in their department', async () => {
    const d = await buildDigests(w.db, today, now);
    expect(texts(d.get(w.users.buyerA.id)).sort()).toEqual([
      'DIG-A: buyer deadline',
      'DIG-A: buyer finding',
      'DIG-AR: buyer deadline',
      'DIG-AR: buyer finding',
    ]);
    expect(texts(d.get(w.users.buyerB.id)).sort()).toEqual([
      'DIG-B: buyer deadline',
      'DIG-B: buyer finding',
      'DIG-BR: buyer deadline',
      'DIG-BR: buyer finding',
    ]);
    expect(texts(d.get(w.users.itA.id)).sort()).toEqual(['DIG-A: it finding', 'DIG-AR: it finding', 'DIG-OWN: it finding']);
    expect(texts(d.get(w.users.itB.id)).sort()).toEqual(['DIG-B: it finding', 'DIG-BR: it finding']);
    // DIG-OWN has a named buyer owner: only that person hears about it, the rest of the team does not.
    expect(texts(d.get(buyerA2)).sort()).toEqual([
      'DIG-A: buyer deadline',
      'DIG-A: buyer finding',
      'DIG-AR: buyer deadline',
      'DIG-AR: buyer finding',
      'DIG-OWN: buyer deadline',
      'DIG-OWN: buyer finding',
    ]);
    expect(texts(d.get(w.users.procurement.id))).toEqual(['DIG-B: procurement deadline']);
    for (const u of ['admin', 'auditor', 'vendorOne', 'vendorTwo'] as const) expect(d.has(w.users[u].id), u).toBe(false);
  });

  it('queues one readable message per user and day, honours the choice to receive none, and picks up only what is new', async () => {
    await w.db.deleteFrom('mail_outbox').execute();
    const put = await (await w.as('itB')).request('PUT', '/api/notifications/preferences', {
      json: { inboxFindings: true, inboxDeadlines: true, emailDigest: false, emailCritical: true, emailReminders: true },
    });
    expect(put.status).toBe(200);
    const queued = await queueDailyDigests(w.db, today, 'https://steward.city.example', now);
    expect(queued).toBe(5); // buyerA, buyerB, buyerA2, itA, procurement — not itB
    const mail = await w.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', w.users.buyerA.email).executeTakeFirstOrThrow();
    expect(mail.subject).toBe(`[Steward] Your digest for ${today}`);
    expect(mail.kind).toBe('digest');
    expect(mail.body_text).toContain('New findings (2):');
    expect(mail.body_text).toContain('[warning] DIG-A: buyer finding');
    expect(mail.body_text).toContain(`https://steward.city.example/contracts/${cA.id}?tab=findings`);
    expect(mail.body_text).toContain('Deadlines in the next 14 days (2):');
    expect(mail.body_text).toContain(`${addDays(today, 3)} DIG-AR: buyer deadline`);
    expect(mail.body_text).not.toMatch(/DIG-B/);
    expect(mail.body_text).toContain('Change what you receive under Notifications');
    expect(await w.db.selectFrom('mail_outbox').select('id').where('to_address', '=', w.users.itB.email).execute()).toEqual([]);
    // The same day again (a second instance, a retried job): nothing more.
    expect(await queueDailyDigests(w.db, today, null, now)).toBe(0);
    // The next day: only findings opened since the last digest.
    const later = new Date(now.getTime() + 86_400_000);
    await finding(cA.id, 'buyer', 'fresh finding', { firstSeen: new Date(now.getTime() + 3600_000) });
    const next = await buildDigests(w.db, addDays(today, 1), later);
    const a = next.get(w.users.buyerA.id);
    expect(a?.findings.map((f) => f.text)).toEqual(['[warning] DIG-A: fresh finding']);
  });
});

describe('subscriptions: events become inbox items, mail and webhooks', () => {
  it('a critical finding reaches its team in the inbox and by mail; the webhook payload of a restricted contract leaves out its name', async () => {
    const h = await newHook('/findings', ['finding.opened']);
    await w.db.deleteFrom('mail_outbox').execute();
    const c = await w.contract({
      departmentId: w.dept.a,
      restricted: true,
      startDate: recent,
      endDate: addDays(today, 20),
      reference: 'CRIT-1',
      owners: { procurement: w.users.procurement.id },
    });
    const inbox = await (await w.as('procurement')).get('/api/notifications?pageSize=100');
    const item = inbox.body.items.find((n: { title: string }) => n.title.startsWith('CRIT-1: Contract ends in 20 days'));
    expect(item).toMatchObject({ kind: 'finding', contract: { id: c.id } });
    const mail = await w.db.selectFrom('mail_outbox').selectAll().where('kind', '=', 'critical_finding').execute();
    expect(mail.map((m) => m.to_address)).toEqual([w.users.procurement.email]);
    expect(mail[0].subject).toContain('Critical: CRIT-1');
    const deliveries = await deliveriesOf(h.id);
    const critical = deliveries.find((d) => (d.payload as { data: { severity: string } }).data.severity === 'critical');
    expect(critical?.payload).toMatchObject({
      event: 'finding.opened',
      data: { contractId: c.id, restricted: true, title: null, ruleId: 'contract.ending_without_decision' },
    });
    expect(JSON.stringify(critical?.payload)).not.toContain('CRIT-1');
    // Running the rules again opens nothing new: no second item, mail or event.
    expect((await evaluateContract(w.db, c.id, today)).opened).toEqual([]);
    expect((await w.db.selectFrom('mail_outbox').select('id').where('kind', '=', 'critical_finding').execute()).length).toBe(1);
    await w.db.updateTable('webhooks').set({ active: false }).where('id', '=', h.id).execute();
  });

  it('a reminder reaches the deadline owner (inbox, mail) and the subscribed webhook, once even if handled twice', async () => {
    const h = await newHook('/reminders', ['deadline.reminder']);
    await w.db.deleteFrom('mail_outbox').execute();
    const c = await w.contract({
      departmentId: w.dept.b,
      vendorId: w.vendor.two,
      startDate: recent,
      endDate: '2099-12-31',
      reference: 'REM-1',
    });
    const e = {
      type: 'deadline.reminder' as const,
      contractId: c.id,
      deadlineId: '11111111-1111-4111-8111-111111111111',
      title: 'Submit the usage report',
      dueDate: addDays(today, 7),
      leadDays: 7,
      ownerTeam: 'buyer',
      ownerUserId: null,
    };
    await emit(w.db, e);
    await emit(w.db, e);
    const items = await w.db
      .selectFrom('notifications')
      .select(['user_id', 'title'])
      .where('contract_id', '=', c.id)
      .where('kind', '=', 'deadline')
      .execute();
    expect(items).toEqual([{ user_id: w.users.buyerB.id, title: `REM-1: Submit the usage report in 7 days (${addDays(today, 7)})` }]);
    const mail = await w.db.selectFrom('mail_outbox').selectAll().where('kind', '=', 'reminder').execute();
    expect(mail.map((m) => m.to_address)).toEqual([w.users.buyerB.email]);
    const deliveries = await deliveriesOf(h.id);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].payload).toMatchObject({
      event: 'deadline.reminder',
      data: { reference: 'REM-1', title: 'Submit the usage report', leadDays: 7, restricted: false },
    });
    await w.db.updateTable('webhooks').set({ active: false }).where('id', '=', h.id).execute();
  });

  it('a contract change becomes a contract.changed event, once per version', async () => {
    const h = await newHook('/changes', ['contract.changed']);
    const c = await w.contract({ departmentId: w.dept.a, startDate: recent, endDate: '2099-12-31', reference: 'CHG-1' });
    const proc = await w.as('procurement');
    const r = await proc.patch(`/api/contracts/${c.id}`, { version: c.version, title: 'Renamed' });
    expect(r.status, r.text).toBe(200);
    const events = (await deliveriesOf(h.id)).map((d) => d.event_id).sort();
    expect(events).toEqual([`contract.changed:${c.id}:1`, `contract.changed:${c.id}:2`]);
    await w.db.updateTable('webhooks').set({ active: false }).where('id', '=', h.id).execute();
  });

  it('never notifies a named owner who may not see the contract; the team hears instead', async () => {
    // buyerB named as buyer owner of department A's restricted contract: buyerB may not see it.
    const c = await w.contract({
      departmentId: w.dept.a,
      restricted: true,
      startDate: recent,
      endDate: '2099-12-31',
      owners: { buyer: w.users.buyerB.id },
    });
    const teamA = (await w.db.selectFrom('users').select('id').where('role', '=', 'buyer').where('department_id', '=', w.dept.a).execute())
      .map((u) => u.id)
      .sort();
    expect(teamA).toHaveLength(2);
    expect((await recipientsFor(w.db, c.id, 'buyer')).sort()).toEqual(teamA);
    expect((await recipientsFor(w.db, c.id, 'buyer', w.users.buyerB.id)).sort()).toEqual(teamA);
    const open = await w.contract({
      departmentId: w.dept.a,
      startDate: recent,
      endDate: '2099-12-31',
      owners: { buyer: w.users.buyerB.id },
    });
    expect(await recipientsFor(w.db, open.id, 'buyer')).toEqual([w.users.buyerB.id]);
    // Disabled owners are skipped too.
    const cB = await w.contract({
      departmentId: w.dept.b,
      vendorId: w.vendor.two,
      startDate: recent,
      endDate: '2099-12-31',
      owners: { it_data: w.users.itB.id },
    });
    expect(await recipientsFor(w.db, cB.id, 'it_data')).toEqual([w.users.itB.id]);
    await w.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', w.users.itB.id).execute();
    expect(await recipientsFor(w.db, cB.id, 'it_data')).toEqual([]);
    await w.db.updateTable('users').set({ disabled_at: null }).where('id', '=', w.users.itB.id).execute();
  });
});
