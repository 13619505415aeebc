/**
 * `steward jobs list` and `steward jobs run <name>`: the background jobs an operator can look at
 * and run once in the foreground (after fixing SMTP, to send the reminders now, in tests). The
 * jobs are written to be safe to run at any time, also while servers run them on schedule.
 */
import type { Command } from 'commander';
import { UserError, openRuntime } from './runtime.js';

const say = (m: string) => process.stderr.write(`${m}\n`);

export function registerJobCommands(program: Command) {
  const jobs = program.command('jobs').description('Background jobs: reminders, digests, mail, webhooks, the daily rule run');

  jobs
    .command('list')
    .description('List the jobs and their schedules (cron, UTC)')
    .option('--json', 'print the list as JSON')
    .action(async (o) => {
      const { JOBS } = await import('../platform/jobs/jobs.js');
      const list = JOBS.map((j) => ({ name: j.name, cron: j.cron ?? null, description: j.description }));
      if (o.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      else
        process.stdout.write(
          `${list.map((j) => `${j.name.padEnd(18)} ${(j.cron ?? '(on demand)').padEnd(12)} ${j.description}`).join('\n')}\n`,
        );
    });

  jobs
    .command('run <name>')
    .description('Run one job once, now, in this process, and print what it did')
    .option('--json', 'print the result as JSON')
    .action(async (name: string, o) => {
      const { JOB_NAMES, jobContext, runJob } = await import('../platform/jobs/jobs.js');
      if (!JOB_NAMES.includes(name)) throw new UserError(`There is no job named "${name}". Jobs: ${JOB_NAMES.join(', ')}.`);
      // The rule run needs every capability's deadline sources and rules.
      await import('../features/frames.js');
      const { loadConfig } = await import('../platform/config.js');
      const { createLogger } = await import('../platform/logger.js');
      const config = loadConfig();
      const rt = await openRuntime(config, { server: false, log: say });
      try {
        const started = Date.now();
        const ctx = jobContext({ db: rt.db, config, log: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel) });
        const result = await runJob(name, ctx);
        const ms = Date.now() - started;
        if (o.json) process.stdout.write(`${JSON.stringify({ job: name, ms, result }, null, 2)}\n`);
        else process.stdout.write(`${name} done in ${ms} ms: ${JSON.stringify(result)}\n`);
      } finally {
        await rt.close();
      }
    });
}
