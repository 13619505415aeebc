/**
 * Background jobs on pg-boss: the daily rule run, reminders, the daily digest, mail and webhook
 * delivery. pg-boss creates each cron slot's job once and hands each job to one worker (SKIP
 * LOCKED), and every job's own writes are claimed atomically, so several Steward instances on one
 * database do each piece of work exactly once.
 */
import PgBoss from 'pg-boss';
import { todayUtc } from '../../core/dates.js';
import type { Db } from '../../db/database.js';
import type { Config } from '../config.js';
import { syncAllDeadlines } from '../changes.js';
import { sendDueReminders } from '../deadlines/reminders.js';
import { evaluateAll } from '../findings/engine.js';
import type { Logger } from '../logger.js';
import { queueDailyDigests } from '../notifications/digest.js';
import { type Fetcher, type MailTransport, deliverDueWebhooks, sendPendingMail, smtpTransport } from '../notifications/notify.js';

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
  /** Cron in UTC, or none for jobs that are only sent. */
  cron?: string;
  run(ctx: JobContext): Promise<unknown>;
}

export const JOBS: JobDefinition[] = [
  {
    name: 'rules-daily',
    cron: '10 2 * * *',
    run: async (ctx) => {
      const deadlines = await syncAllDeadlines(ctx.db);
      const findings = await evaluateAll(ctx.db, ctx.today());
      return { deadlines, findings };
    },
  },
  { name: 'reminders', cron: '5 * * * *', run: async (ctx) => ({ sent: await sendDueReminders(ctx.db, ctx.today()) }) },
  { name: 'digest-daily', cron: '0 7 * * *', run: async (ctx) => ({ queued: await queueDailyDigests(ctx.db, ctx.today(), ctx.config.publicUrl) }) },
  { name: 'mail-send', cron: '* * * * *', run: (ctx) => sendPendingMail(ctx.db, ctx.config, ctx.mail) },
  { name: 'webhooks-deliver', cron: '* * * * *', run: (ctx) => deliverDueWebhooks(ctx.db, ctx.fetcher) },
];

export interface JobRunner {
  boss: PgBoss;
  /** Queue a job now (e.g. after an admin changes settings, or in tests). */
  trigger(name: string, singletonKey?: string): Promise<string | null>;
  stop(): Promise<void>;
}

export async function startJobs(opts: {
  databaseUrl: string;
  db: Db;
  config: Config;
  log: Logger;
  today?: () => string;
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
  await boss.start();
  const ctx: JobContext = {
    db: opts.db,
    config: opts.config,
    log: opts.log,
    today: opts.today ?? (() => todayUtc()),
    mail: opts.mail !== undefined ? opts.mail : smtpTransport(opts.config),
    fetcher: opts.fetcher,
  };
  for (const job of JOBS) {
    await boss.createQueue(job.name, { name: job.name, policy: 'singleton', retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 900 });
    if (job.cron && opts.schedule !== false) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
    await boss.work(job.name, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 5, batchSize: 1 }, async () => {
      const started = Date.now();
      const result = await job.run(ctx);
      opts.log.info({ job: job.name, ms: Date.now() - started, result }, 'job done');
    });
  }
  return {
    boss,
    trigger: (name, singletonKey) => boss.send(name, {}, singletonKey ? { singletonKey } : {}),
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}
