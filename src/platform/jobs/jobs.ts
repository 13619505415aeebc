/**
 * Background jobs on pg-boss: the daily rule run, reminders, the daily digest, mail and webhook
 * delivery. pg-boss keeps one row per schedule (registering it again from a second instance
 * updates the same row), creates each cron slot's job once (one instance wins the cron lock and
 * the job is a singleton per minute), and hands each job to one worker (SKIP LOCKED). Every job's
 * own writes are claimed atomically too, so several Steward instances on one database do each
 * piece of work exactly once — even when the same job is triggered twice.
 *
 * The caller imports the capabilities' frame registrations (src/features/frames.ts) first, so
 * the rule run knows every deadline source and rule set.
 */
import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import { todayUtc } from '../../core/dates.js';
import type { Db } from '../../db/database.js';
import { syncAllDeadlines } from '../changes.js';
import type { Config } from '../config.js';
import { sendDueReminders } from '../deadlines/reminders.js';
import { evaluateAll } from '../findings/engine.js';
import type { Logger } from '../logger.js';
import { queueDailyDigests } from '../notifications/digest.js';
import { type Fetcher, type MailTransport, deliverDueWebhooks, sendPendingMail, smtpTransport } from '../notifications/notify.js';
import { installNotificationSubscriptions } from '../notifications/subscriptions.js';

export interface JobContext {
  db: Db;
  config: Config;
  log: Logger;
  today: () => string;
  mail: MailTransport | null;
  fetcher?: Fetcher;
}

export interface JobDefinition {
  name: string;
  /** What it does, for `steward jobs list` and the logs. */
  description: string;
  /** Cron in UTC, or none for jobs that are only sent. */
  cron?: string;
  /** How long one run may take before pg-boss gives it up and retries (default 15 minutes). */
  expireInSeconds?: number;
  run(ctx: JobContext): Promise<unknown>;
}

export const JOBS: JobDefinition[] = [
  {
    name: 'rules-daily',
    description: 'Re-derive every live contract’s deadlines and run every rule (findings and health scores)',
    cron: '10 2 * * *',
    // Every contract, one at a time: give a large portfolio time.
    expireInSeconds: 4 * 3600,
    run: async (ctx) => {
      const deadlines = await syncAllDeadlines(ctx.db);
      const findings = await evaluateAll(ctx.db, ctx.today());
      return { deadlines, findings };
    },
  },
  {
    name: 'reminders',
    description: 'Send the deadline reminders due today (inbox, e-mail, webhooks), each once',
    cron: '5 * * * *',
    run: async (ctx) => ({ sent: await sendDueReminders(ctx.db, ctx.today()) }),
  },
  {
    name: 'digest-daily',
    description: 'Queue each user’s daily digest of new findings and coming deadlines',
    cron: '0 7 * * *',
    run: async (ctx) => ({ queued: await queueDailyDigests(ctx.db, ctx.today(), ctx.config.publicUrl) }),
  },
  {
    name: 'mail-send',
    description: 'Send queued mail over SMTP, or hold it in the outbox for admins when SMTP is not configured',
    cron: '* * * * *',
    run: (ctx) => sendPendingMail(ctx.db, ctx.config, ctx.mail),
  },
  {
    name: 'webhooks-deliver',
    description: 'Deliver due webhook events, retrying failures with backoff',
    cron: '* * * * *',
    run: (ctx) => deliverDueWebhooks(ctx.db, ctx.fetcher),
  },
];

/** Any constant: serialises job-queue setup between instances starting together. */
const JOBS_SETUP_LOCK = 7_735_101;

export const JOB_NAMES = JOBS.map((j) => j.name);

export function jobByName(name: string): JobDefinition | undefined {
  return JOBS.find((j) => j.name === name);
}

export function jobContext(opts: {
  db: Db;
  config: Config;
  log: Logger;
  today?: () => string;
  fetcher?: Fetcher;
  mail?: MailTransport | null;
}): JobContext {
  installNotificationSubscriptions(opts.config.publicUrl);
  return {
    db: opts.db,
    config: opts.config,
    log: opts.log,
    today: opts.today ?? (() => todayUtc()),
    mail: opts.mail !== undefined ? opts.mail : smtpTransport(opts.config),
    fetcher: opts.fetcher,
  };
}

/** Run one job now, in this process, outside the queue (`steward jobs run`, tests). */
export async function runJob(name: string, ctx: JobContext): Promise<unknown> {
  const job = jobByName(name);
  if (!job) throw new Error(`No job named "${name}". Jobs: ${JOB_NAMES.join(', ')}.`);
  return job.run(ctx);
}

export interface JobRunner {
  boss: PgBoss;
  /** Queue a job now (e.g. after an admin changes settings, or in tests). */
  trigger(name: string): Promise<string | null>;
  /** Jobs of these queues (default: all) not yet finished: created, retrying or active. */
  pending(names?: string[]): Promise<number>;
  stop(): Promise<void>;
}

export async function startJobs(opts: {
  databaseUrl: string;
  db: Db;
  config: Config;
  log: Logger;
  today?: () => string;
  /** Run the cron schedules on this instance (default true). */
  schedule?: boolean;
  pollingIntervalSeconds?: number;
  fetcher?: Fetcher;
  mail?: MailTransport | null;
}): Promise<JobRunner> {
  const boss = new PgBoss({
    connectionString: opts.databaseUrl,
    schema: 'pgboss',
    max: 4,
    application_name: 'steward-jobs',
    schedule: opts.schedule !== false,
  });
  boss.on('error', (err) => opts.log.error({ err }, 'job queue error'));
  // pg-boss creates a table partition per queue; two instances doing that at the same moment
  // deadlock. Starting instances take turns (a transaction-scoped advisory lock held meanwhile).
  await opts.db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${JOBS_SETUP_LOCK})`.execute(tx);
    await boss.start();
    for (const job of JOBS) {
      await boss.createQueue(job.name, {
        name: job.name,
        policy: 'singleton',
        retryLimit: 3,
        retryDelay: 30,
        retryBackoff: true,
        expireInSeconds: job.expireInSeconds ?? 900,
      });
      if (job.cron && opts.schedule !== false) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
    }
    if (opts.schedule !== false) {
      // A schedule of a job this version no longer has would fail every time: remove it.
      for (const s of await boss.getSchedules()) if (!jobByName(s.name)) await boss.unschedule(s.name);
    }
  });
  const ctx = jobContext(opts);
  for (const job of JOBS) {
    await boss.work(job.name, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 5, batchSize: 1 }, async () => {
      const started = Date.now();
      try {
        const result = await job.run(ctx);
        opts.log.info({ job: job.name, ms: Date.now() - started, result }, 'job done');
      } catch (err) {
        opts.log.error({ job: job.name, ms: Date.now() - started, err }, 'job failed; pg-boss retries it');
        throw err;
      }
    });
  }
  return {
    boss,
    trigger: (name) => boss.send(name, {}),
    async pending(names = JOB_NAMES) {
      let n = 0;
      for (const name of names) n += (await boss.getQueueSize(name, { before: 'completed' })) ?? 0;
      return n;
    },
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}
