#!/usr/bin/env node
/** The steward command line. */
import { Command } from 'commander';
import { AppError } from '../core/errors.js';
import { registerAdminCommands } from './admin.js';
import { registerExportCommands } from './export.js';
import { registerUsageCommands } from './usage.js';
import { registerJobCommands } from './jobs.js';
import { UserError } from './runtime.js';

const program = new Command();
program.name('steward').description('Steward: contract management for AI technology').showHelpAfterError();

program
  .command('serve')
  .description('Run the web app and API (starts the embedded database unless DATABASE_URL is set)')
  .option('--demo', 'load the demo data set when the database is empty, and print the demo accounts')
  .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)')
  .option('--host <host>', 'address to bind (default: HOST or 127.0.0.1)')
  .option('--no-build', 'do not build the web app even if it is missing or out of date')
  .action(async (opts) => (await import('./serve.js')).serveCommand(opts));

registerAdminCommands(program);
registerJobCommands(program);
registerExportCommands(program);
registerUsageCommands(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof UserError || e instanceof AppError) {
    const fields =
      e instanceof AppError && e.fields
        ? `\n${Object.entries(e.fields)
            .map(([k, v]) => `  ${k}: ${v}`)
            .join('\n')}`
        : '';
    process.stderr.write(`steward: ${e.message}${fields}\n`);
  } else {
    process.stderr.write(`steward: ${(e as Error).message ?? e}\n`);
  }
  process.exit(1);
});
