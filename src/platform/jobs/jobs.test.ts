/**
 * Two Steward instances on one database, as in production behind a load balancer: two job
 * runners (two pg-boss instances) start together, both register the cron schedules, and both
 * are told to send the reminders (and the reminder code also runs on both at once). Each
 * reminder must reach each recipient's inbox once, go out by mail once per recipient, and reach
 * the webhook receiver (a real HTTP server on 127.0.0.1) once.
 */
import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, todayUtc } from '../../core/dates.js';
import { verifyWebhookSignature } from '../../core/notifications.js';
import { createUser } from '../../features/users/users.service.js';
import { TEST_PASSWORD, type World, createWorld, systemCtx } from '../../test/harness.js';
import { sendDueReminders } from '../deadlines/reminders.js';
import { createLogger } from '../logger.js';
import type { MailTransport } from '../notifications/notify.js';
import { JOBS, JOB_NAMES, type JobRunner, jobContext, runJob, startJobs } from './jobs.js';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const today = todayUtc();
let w: World;
let secret: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let server: ReturnType<typeof createServer>;
let runners: JobRunner[] = [];
const sent: { instance: string; to: string; subject: string }[] = [];
const procurementIds: string[] = [];
const contractIds: string[] = [];

function transport(instance: string): MailTransport {
  return {
    async sendMail(m) {
      await new Promise((r) => setTimeout(r, 5));
      sent.push({ instance, to: m.to, subject: m.subject });
    },
  };
}

async function until(what: string, check: () => Promise<boolean>, ms = 45_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

const idle = async (names: string[]) => {
  for (const r of runners) if ((await r.pending(names)) > 0) return false;
  return true;
};

beforeAll(async () => {
  w = await createWorld();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/steward`;
  const admin = await w.as('admin');
  const hook = await admin.post('/api/admin/webhooks', { name: 'Reminder receiver', url, events: ['deadline.reminder'] });
  expect(hook.status, hook.text).toBe(201);
  secret = hook.body.secret;
  // Two procurement officers: a reminder of a contract without a named owner goes to both.
  const second = await createUser(systemCtx(w.db), {
    email: 'procurement2@test.example',
    name: 'Second officer',
    role: 'procurement',
    departmentId: null,
    vendorId: null,
    password: TEST_PASSWORD,
  });
  procurementIds.push(w.users.procurement.id, second.id);
  // Contracts ending in 7, 1 and 0 days: each "Contract ends" deadline has a reminder due today.
  for (const days of [7, 1, 0]) {
    const c = await w.contract({ startDate: addDays(today, -5), endDate: addDays(today, days), reference: `JOB-${days}` });
    contractIds.push(c.id);
  }
});

afterAll(async () => {
  await Promise.all(runners.map((r) => r.stop()));
  await new Promise((r) => server.close(r));
});

describe('two instances on one database', () => {
  it('start together and register each cron schedule and queue once', async () => {
    const log = createLogger('silent');
    runners = await Promise.all(
      ['A', 'B'].map((instance) =>
        startJobs({ databaseUrl: w.tdb.url, db: w.db, config: w.config, log, pollingIntervalSeconds: 0.5, mail: transport(instance) }),
      ),
    );
    const c = await w.tdb.superClient();
    try {
      const schedules = await c.query('SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name');
      const expected = JOBS.filter((j) => j.cron)
        .map((j) => ({ name: j.name, cron: j.cron, timezone: 'UTC' }))
        .sort((a, b) => a.name.localeCompare(b.name));
      expect(schedules.rows).toEqual(expected);
      const queues = await c.query(`SELECT name FROM pgboss.queue WHERE name NOT LIKE '__pgboss%' ORDER BY name`);
      expect(queues.rows.map((r) => r.name)).toEqual([...JOB_NAMES].sort());
      // A third start (a restart of one instance) still leaves one row per schedule.
      const third = await startJobs({ databaseUrl: w.tdb.url, db: w.db, config: w.config, log, mail: null });
      await third.stop();
      expect((await c.query('SELECT count(*)::int AS n FROM pgboss.schedule')).rows[0].n).toBe(expected.length);
    } finally {
      await c.end();
    }
  });

  it('send each reminder once: one inbox item and one mail per recipient, one webhook call per event', async () => {
    // Both instances are told to send the reminders, twice each, and the reminder code also runs
    // on two connections at once outside the queue.
    await Promise.all([...runners, ...runners].map((r) => r.trigger('reminders')));
    const direct = await Promise.all([sendDueReminders(w.db, today), sendDueReminders(w.db, today)]);
    await until('the reminder jobs to finish', () => idle(['reminders']));
    // Then both deliver mail and webhooks, also at the same time.
    await Promise.all(runners.flatMap((r) => [r.trigger('mail-send'), r.trigger('webhooks-deliver')]));
    await until('mail and webhooks to be delivered', async () => {
      if (!(await idle(['mail-send', 'webhooks-deliver']))) return false;
      const open = await w.db.selectFrom('webhook_deliveries').select('id').where('status', '<>', 'succeeded').execute();
      const unsent = await w.db
        .selectFrom('mail_outbox')
        .select('id')
        .where('kind', '=', 'reminder')
        .where('status', '<>', 'sent')
        .execute();
      return open.length === 0 && unsent.length === 0;
    });

    const deadlines = await w.db
      .selectFrom('deadlines')
      .select(['id', 'contract_id', 'reminders_sent'])
      .where('contract_id', 'in', contractIds)
      .where('kind', '=', 'contract_end')
      .execute();
    expect(deadlines).toHaveLength(3);
    for (const d of deadlines) expect(d.reminders_sent).toHaveLength(1);
    // However the work was split, three reminders went out in all.
    expect(direct[0] + direct[1]).toBeLessThanOrEqual(3);

    // Inbox: one item per reminder and recipient.
    const items = await w.db
      .selectFrom('notifications')
      .select(['user_id', 'contract_id', 'title'])
      .where('kind', '=', 'deadline')
      .where('contract_id', 'in', contractIds)
      .execute();
    expect(items).toHaveLength(3 * procurementIds.length);
    for (const cid of contractIds)
      expect(
        items
          .filter((i) => i.contract_id === cid)
          .map((i) => i.user_id)
          .sort(),
      ).toEqual([...procurementIds].sort());

    // Mail: one message per reminder and recipient, each sent once by one of the instances.
    const emails = [w.users.procurement.email, 'procurement2@test.example'];
    // Reminder subjects read "[Steward] JOB-7: Contract ends in 7 days (…)"; critical findings' mail is another kind.
    const reminderMail = sent.filter((m) => m.subject.startsWith('[Steward] JOB-'));
    expect(reminderMail).toHaveLength(3 * emails.length);
    expect(new Set(reminderMail.map((m) => `${m.to}|${m.subject}`)).size).toBe(reminderMail.length);
    for (const to of emails) expect(reminderMail.filter((m) => m.to === to)).toHaveLength(3);
    const outbox = await w.db
      .selectFrom('mail_outbox')
      .select(['to_address', 'status', 'attempts'])
      .where('kind', '=', 'reminder')
      .execute();
    expect(outbox).toHaveLength(6);
    for (const m of outbox) expect(m).toMatchObject({ status: 'sent', attempts: 1 });

    // Webhook: the receiver got each reminder event exactly once, signed with the secret.
    const events = received.map((r) => JSON.parse(r.body) as { id: string; event: string; data: { deadlineId: string } });
    expect(events.filter((e) => e.event === 'deadline.reminder')).toHaveLength(3);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.map((e) => e.data.deadlineId).sort()).toEqual(deadlines.map((d) => d.id).sort());
    for (const r of received)
      expect(verifyWebhookSignature(secret, r.headers['x-steward-signature'] as string, r.body, Math.floor(Date.now() / 1000))).toBe(true);

    // Running everything again changes nothing.
    await Promise.all(runners.map((r) => r.trigger('reminders')));
    await until('the second round', () => idle(['reminders']));
    expect(
      await w.db.selectFrom('notifications').select('id').where('kind', '=', 'deadline').where('contract_id', 'in', contractIds).execute(),
    ).toHaveLength(6);
  });

  it('run one job in the foreground (what `steward jobs run` does)', async () => {
    const ctx = jobContext({ db: w.db, config: w.config, log: createLogger('silent'), mail: null });
    expect(await runJob('reminders', ctx)).toEqual({ sent: 0 });
    expect(await runJob('mail-send', ctx)).toMatchObject({ sent: 0 });
    await expect(runJob('nope', ctx)).rejects.toThrow(/No job named "nope"/);
  });

  it('stop gracefully', async () => {
    await Promise.all(runners.map((r) => r.stop()));
    runners = [];
  });
});
