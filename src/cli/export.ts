/**
 * `steward export <what> --contract REF`: a contract's records as CSV or JSON on standard output
 * (or into a file). Each capability adds its subcommand here; every export is audited.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Db } from '../db/database.js';
import { auditSystem, say, systemCtx, withDb } from './helpers.js';
import { UserError } from './runtime.js';

export interface ExportOptions {
  contract: string;
  format: string;
  output?: string;
}

/** The id of the contract with this reference (case-insensitive), or a clear error. */
export async function contractIdByReference(db: Db, reference: string): Promise<string> {
  const row = await db
    .selectFrom('contracts')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['reference']), '=', reference.toLowerCase()))
    .executeTakeFirst();
  if (!row) throw new UserError(`No contract has the reference "${reference}".`);
  return row.id;
}

/** Write an export to the file or standard output, and record it in the audit log. */
export async function deliver(db: Db, what: string, o: ExportOptions, text: string, rows: number): Promise<void> {
  if (o.output) {
    await writeFile(o.output, text);
    say(`Wrote ${rows} ${what} to ${o.output}.`);
  } else process.stdout.write(text);
  await auditSystem(db, `export.${what}`, { contract: o.contract, format: o.format, rows, file: o.output ?? null });
}

function exportCommand(parent: Command, name: string, description: string, run: (db: Db, o: ExportOptions) => Promise<void>) {
  parent
    .command(name)
    .description(description)
    .requiredOption('--contract <ref>', 'the contract reference, e.g. HV-2026-004')
    .option('--format <format>', 'csv or json', 'csv')
    .option('-o, --output <file>', 'write to FILE instead of standard output')
    .action(async (o: ExportOptions) => {
      if (!['csv', 'json'].includes(o.format)) throw new UserError(`--format must be csv or json, not "${o.format}".`);
      await withDb((db) => run(db, o));
    });
}

export function registerExportCommands(program: Command) {
  const group = program.command('export').description("Export a contract's records as CSV or JSON");

  exportCommand(group, 'milestones', "A contract's milestones (with counts of their deliverables)", async (db, o) => {
    const ctx = await systemCtx(db);
    const id = await contractIdByReference(db, o.contract);
    if (o.format === 'csv') {
      const { milestonesCsv } = await import('../features/milestones/milestones.portfolio.js');
      const { csv } = await milestonesCsv(ctx, id);
      await deliver(db, 'milestones', o, csv, csv.trimEnd().split('\r\n').length - 1);
    } else {
      const { listDeliverables, listMilestones } = await import('../features/milestones/milestones.service.js');
      const [milestones, deliverables] = await Promise.all([listMilestones(ctx, id), listDeliverables(ctx, id)]);
      await deliver(
        db,
        'milestones',
        o,
        `${JSON.stringify({ contract: o.contract, milestones, deliverables }, null, 2)}\n`,
        milestones.length,
      );
    }
  });

  exportCommand(group, 'invoices', "A contract's invoices (CSV: one line each; JSON: with lines, payments and history)", async (db, o) => {
    const ctx = await systemCtx(db);
    const id = await contractIdByReference(db, o.contract);
    if (o.format === 'csv') {
      const { invoicesCsv } = await import('../features/invoices/invoices.reports.js');
      const { csv, rows } = await invoicesCsv(ctx, id);
      await deliver(db, 'invoices', o, csv, rows);
    } else {
      const { invoicesJson } = await import('../features/invoices/invoices.reports.js');
      const invoices = await invoicesJson(ctx, id);
      await deliver(db, 'invoices', o, `${JSON.stringify({ contract: o.contract, invoices }, null, 2)}\n`, invoices.length);
    }
  });

  return group;
}
