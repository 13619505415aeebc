/**
 * `steward usage import FILE --contract REF`: import a cost and usage file (FOCUS, or CSV with a
 * saved mapping; plain or gzip) with a progress bar on a terminal, or a JSON summary with --json.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { contractIdByReference } from './export.js';
import { say, systemCtx, withDb } from './helpers.js';
import { UserError } from './runtime.js';

interface ImportOpts {
  contract: string;
  mapping?: string;
  skipBadRows?: boolean;
  json?: boolean;
}

export function registerUsageCommands(program: Command) {
  const usage = program.command('usage').description('Cost and usage monitoring');
  usage
    .command('import <file>')
    .description('Import a FOCUS 1.0–1.2 cost and usage file (or CSV with a saved mapping), plain or gzip, into a contract')
    .requiredOption('--contract <ref>', 'the contract reference, e.g. HV-2025-014')
    .option('--mapping <name>', 'a saved column mapping, for CSV files that are not FOCUS')
    .option('--skip-bad-rows', 'import the good rows and list the bad ones (default: a file with a bad row is refused whole)')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, o: ImportOpts) => {
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) throw new UserError(`Cannot read ${file}: no such file.`);
      const { loadConfig } = await import('../platform/config.js');
      const limit = loadConfig().usageImportLimitBytes;
      const { importFile } = await import('../features/usage/usage.import.js');
      const { formatBytes } = await import('../core/usage/guards.js');
      if (info.size > limit) throw new UserError(`${file} is ${formatBytes(info.size)}, over the import limit of ${formatBytes(limit)}.`);
      const showBar = !o.json && process.stderr.isTTY;
      let bar: { start(total: number, at: number): void; update(n: number): void; stop(): void } | null = null;
      if (showBar) {
        const { SingleBar, Presets } = (await import('cli-progress')).default;
        bar = new SingleBar(
          { format: 'Importing [{bar}] {percentage}% | {value}/{total} bytes', stream: process.stderr },
          Presets.shades_classic,
        );
        bar.start(info.size, 0);
      }
      await withDb(async (db) => {
        const ctx = await systemCtx(db);
        const contractId = await contractIdByReference(db, o.contract);
        try {
          const s = await importFile(ctx, contractId, createReadStream(file, { highWaterMark: 1 << 20 }), {
            filename: path.basename(file),
            mappingName: o.mapping ?? null,
            skipBadRows: !!o.skipBadRows,
            maxBytes: limit,
            onProgress: (n) => bar?.update(Math.min(n, info.size)),
          });
          bar?.update(info.size);
          bar?.stop();
          if (o.json) {
            process.stdout.write(`${JSON.stringify({ contract: o.contract, file: path.basename(file), ...s }, null, 2)}\n`);
            return;
          }
          const cost = Object.entries(s.billedCost)
            .map(([c, a]) => `${a} ${c}`)
            .join(', ');
          process.stdout.write(
            `Imported ${s.rowsImported} of ${s.rowsRead} rows from ${path.basename(file)} into ${o.contract}: ${cost || 'no cost'}.\n` +
              (s.rowsUnmatched ? `${s.rowsUnmatched} rows match no service in the catalog; they are kept as unmatched usage.\n` : '') +
              (s.rowsRejected
                ? `${s.rowsRejected} rows were not imported:\n${s.rejections.map((r) => `  row ${r.row}${r.column ? `, ${r.column}` : ''}: ${r.reason}`).join('\n')}\n`
                : ''),
          );
        } catch (e) {
          bar?.stop();
          const details = (e as { details?: { rejections?: { row: number; column: string | null; reason: string }[] } }).details;
          if (details?.rejections?.length)
            say(details.rejections.map((r) => `  row ${r.row}${r.column ? `, ${r.column}` : ''}: ${r.reason}`).join('\n'));
          throw e;
        }
      });
    });
  return usage;
}
