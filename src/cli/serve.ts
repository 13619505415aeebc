/** `steward serve`: migrate, optionally load the demo, build the web app when needed, listen. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../app.js';
import { loadConfig } from '../platform/config.js';
import { webDistDir } from '../platform/http/static.js';
import { type JobRunner, startJobs } from '../platform/jobs/jobs.js';
import { createLogger } from '../platform/logger.js';
import { installNotificationSubscriptions } from '../platform/notifications/subscriptions.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isEmpty, loadDemo } from './demo.js';
import { UserError, openRuntime } from './runtime.js';
import { listenForSessionChanges } from '../platform/auth/session-listener.js';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Build the web app when it was never built or its sources are newer than the build. */
export function ensureWebBuilt(say: (m: string) => void): void {
  const dist = webDistDir();
  const root = path.resolve(dist, '..');
  const index = path.join(dist, 'index.html');
  const src = path.join(root, 'src');
  if (!existsSync(src)) return;
  const stale =
    !existsSync(index) ||
    newestMtime(src) > statSync(index).mtimeMs ||
    statSync(path.join(root, 'index.html')).mtimeMs > statSync(index).mtimeMs;
  if (!stale) return;
  say('Building the web app (first start or sources changed)…');
  const vite = path.resolve(root, '..', 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--config', path.join(root, 'vite.config.ts'), '--logLevel', 'warn'], {
    stdio: 'inherit',
    cwd: path.resolve(root, '..'),
  });
}

export async function serveCommand(opts: { demo?: boolean; port?: string; host?: string; build?: boolean }): Promise<void> {
  const config = loadConfig();
  if (opts.port) config.port = Number(opts.port);
  if (opts.host) config.host = opts.host;
  const log = createLogger(config.logLevel);
  const say = (m: string) => process.stderr.write(`${m}\n`);
  if (opts.build !== false) ensureWebBuilt(say);
  const rt = await openRuntime(config, { server: true, log: say });
  const siteUrl = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  let demoLoaded = false;
  try {
    if (opts.demo && (await isEmpty(rt.db))) {
      // Findings and reminders the demo raises reach the inboxes (and mail links point here), as they would later.
      installNotificationSubscriptions(siteUrl);
      say('Loading the demo data set (City of Harbourview)…');
      await loadDemo(rt.db);
      demoLoaded = true;
    }
  } catch (e) {
    await rt.close();
    throw e;
  }
  const sessions = await listenForSessionChanges(rt.url, log);
  const app = createApp({ db: rt.db, config, log });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', async (err: NodeJS.ErrnoException) => {
      await sessions.stop();
      await rt.close();
      reject(err.code === 'EADDRINUSE' ? new Error(`Port ${config.port} is in use. Set PORT to another port.`) : err);
    });
  });
  const url = siteUrl;
  await rt.claimServer(url);
  // The job runner starts once the server listens, on the same database (its own small pool).
  let jobs: JobRunner | null = null;
  if (config.jobs) {
    try {
      // Mail links point at this server when no STEWARD_PUBLIC_URL says otherwise.
      installNotificationSubscriptions(url);
      jobs = await startJobs({ databaseUrl: rt.url, db: rt.db, config: { ...config, publicUrl: url }, log });
    } catch (e) {
      server.close();
      await sessions.stop();
      await rt.close();
      throw new UserError(
        `The background jobs could not start: ${(e as Error).message}. Fix the cause, or set STEWARD_JOBS=off to run this instance without them.`,
      );
    }
  }
  say(`\nSteward is running at ${url}\n  API docs: ${url}/api/docs`);
  say(
    jobs
      ? `  Background jobs: on (reminders, digests, ${config.smtpUrl ? 'mail over SMTP' : 'mail held in the outbox: no SMTP_URL'}, webhooks, the daily rule run)`
      : '  Background jobs: off (STEWARD_JOBS=off)',
  );
  if (opts.demo) {
    say(`\nDemo accounts${demoLoaded ? '' : ' (already loaded earlier)'} — password for all: ${DEMO_PASSWORD}`);
    for (const a of DEMO_ACCOUNTS) say(`  ${a.role.padEnd(12)} ${a.email}`);
  }
  say('\nPress Ctrl+C to stop.');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`\nStopping (${signal})…`);
    const forced = setTimeout(() => process.exit(1), 15_000);
    forced.unref();
    server.close();
    // Let running jobs finish (or hand them back to the queue) before the database goes away.
    await jobs?.stop().catch((err) => log.error({ err }, 'stopping the background jobs failed'));
    await sessions.stop();
    await rt.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
