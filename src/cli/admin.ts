/**
 * Operator commands: migrate, demo, user, token, audit, backup, restore. Each loads what it
 * needs when it runs, so help and argument errors answer without loading the app.
 */
import type { Command } from 'commander';
import { ROLES, type Role } from '../core/policy.js';
import type { ServiceContext } from '../platform/context.js';
import { auditSystem, report, systemCtx, withDb } from './helpers.js';
import { UserError } from './runtime.js';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new UserError('--password-stdin expects the password on standard input (for example: echo "$PW" | steward user add …).');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerAdminCommands(program: Command) {
  program
    .command('migrate')
    .description('Apply pending database migrations')
    .option('--json', 'print the result as JSON')
    .action(async (o) => {
      const { migrateToLatest, schemaVersion } = await import('../db/database.js');
      await withDb(
        async (db) => {
          const applied = await migrateToLatest(db);
          const version = await schemaVersion(db);
          report(
            o.json,
            { applied, schemaVersion: version },
            applied.length ? `Applied: ${applied.join(', ')}. Schema is at ${version}.` : `Nothing to apply. Schema is at ${version}.`,
          );
        },
        { migrate: false },
      );
    });

  program
    .command('demo')
    .description('Load the demo data set (City of Harbourview) into an empty database')
    .option('--json', 'print the result as JSON')
    .action(async (o) => {
      const { DEMO_ACCOUNTS, DEMO_PASSWORD, isEmpty, loadDemo } = await import('./demo.js');
      await withDb(async (db) => {
        if (!(await isEmpty(db))) throw new UserError('The database already has users; the demo loads only into an empty database.');
        const r = await loadDemo(db);
        report(
          o.json,
          { contracts: r.contracts, accounts: r.accounts.map((a) => ({ email: a.email, role: a.role })), password: DEMO_PASSWORD },
          `Loaded ${r.contracts} contracts. Demo accounts (password ${DEMO_PASSWORD}):\n${DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(12)} ${a.email}`).join('\n')}`,
        );
      });
    });

  const user = program.command('user').description('Manage user accounts');
  user
    .command('add')
    .description('Create a user')
    .requiredOption('--email <email>', 'e-mail address (the login)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <name>', 'display name (default: the part of the e-mail before @)')
    .option('--department <name>', 'department name or code (buyer and it_data roles)')
    .option('--vendor <name>', 'vendor legal name (vendor role)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'print the result as JSON')
    .action(async (o) => {
      if (!ROLES.includes(o.role)) throw new UserError(`--role must be one of ${ROLES.join(', ')}.`);
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(o.email)) || String(o.email).length > 254)
        throw new UserError(`--email must be an e-mail address (got "${o.email}").`);
      if (!o.passwordStdin)
        throw new UserError('Give the password on standard input with --password-stdin (it never goes on the command line).');
      const password = await readStdin();
      const { findDepartmentId } = await import('../features/departments/departments.service.js');
      const { createUser } = await import('../features/users/users.service.js');
      await withDb(async (db) => {
        const ctx = await systemCtx(db);
        let departmentId: string | null = null;
        if (o.department) {
          departmentId = await findDepartmentId(ctx, o.department);
          if (!departmentId) throw new UserError(`No department called "${o.department}".`);
        }
        let vendorId: string | null = null;
        if (o.vendor) {
          const v = await db
            .selectFrom('vendors')
            .select('id')
            .where((eb) => eb(eb.fn('lower', ['legal_name']), '=', String(o.vendor).toLowerCase()))
            .executeTakeFirst();
          if (!v) throw new UserError(`No vendor called "${o.vendor}".`);
          vendorId = v.id;
        }
        const u = await createUser(ctx, {
          email: String(o.email).toLowerCase(),
          name: o.name ?? String(o.email).split('@')[0],
          role: o.role as Role,
          departmentId,
          vendorId,
          password,
        });
        report(o.json, u, `Created ${u.role} ${u.email} (${u.id}).`);
      });
    });
  user
    .command('disable')
    .description('Disable a user: ends their sessions and revokes their API tokens')
    .requiredOption('--email <email>', 'the user to disable')
    .option('--json', 'print the result as JSON')
    .action(async (o) => {
      const { findUserByEmail, updateUser } = await import('../features/users/users.service.js');
      await withDb(async (db) => {
        const u = await findUserByEmail(db, o.email);
        if (!u) throw new UserError(`No user with e-mail ${o.email}.`);
        const after = await updateUser(await systemCtx(db), u.id, { version: u.version, disabled: true });
        report(o.json, after, `Disabled ${after.email}; their sessions and API tokens no longer work.`);
      });
    });

  program
    .command('token')
    .description('Manage API tokens')
    .command('create')
    .description("Create an API token for a user (printed once; it carries that user's rights)")
    .requiredOption('--email <email>', 'the user the token acts as')
    .option('--name <name>', 'what the token is for', 'CLI token')
    .option('--json', 'print the result as JSON')
    .action(async (o) => {
      const { findUserByEmail } = await import('../features/users/users.service.js');
      const { createToken } = await import('../features/tokens/tokens.routes.js');
      await withDb(async (db) => {
        const u = await findUserByEmail(db, o.email);
        if (!u) throw new UserError(`No user with e-mail ${o.email}.`);
        if (u.disabled) throw new UserError(`${u.email} is disabled.`);
        const ctx: ServiceContext = {
          ...(await systemCtx(db)),
          actor: { userId: u.id, email: u.email, role: u.role, departmentId: u.departmentId, vendorId: u.vendorId },
        };
        const t = await createToken(ctx, o.name);
        report(o.json, t, `${t.token}\n(Store it now: it is not shown again. Revoke it in the web app under API tokens.)`);
      });
    });

  program
    .command('audit')
    .description('Audit log tools')
    .command('verify')
    .description('Check the hash chain; report the first edited, removed or reordered entry')
    .option('--json', 'print the result as JSON')
    .action(async (o) => {
      const { verifyAuditChain } = await import('../platform/audit/audit.js');
      await withDb(async (db) => {
        const r = await verifyAuditChain(db);
        report(
          o.json,
          r,
          r.ok
            ? `Audit log intact: ${r.checked} entries checked.`
            : `Audit log BROKEN at entry ${r.problem?.seq}: ${r.problem?.message} (${r.checked} entries before it are intact.)`,
        );
        if (!r.ok) process.exitCode = 2;
      });
    });

  program
    .command('backup <file>')
    .description('Write a consistent snapshot of every table (with documents) to FILE')
    .option('--json', 'print the manifest as JSON')
    .action(async (file: string, o) => {
      const { backupDatabase } = await import('./backup.js');
      await withDb(async (db) => {
        const m = await backupDatabase(db, file);
        // Recorded after the snapshot, so a backup never contains its own entry.
        await auditSystem(db, 'backup.create', { tables: Object.keys(m.tables).length, schemaVersion: m.schemaVersion });
        const rows = Object.values(m.tables).reduce((a, t) => a + t.rows, 0);
        report(o.json, m, `Backed up ${Object.keys(m.tables).length} tables, ${rows} rows, schema ${m.schemaVersion}, to ${file}.`);
      });
    });

  program
    .command('restore <file>')
    .description('Load a backup into an empty database and verify it')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o) => {
      const { restoreDatabase } = await import('./backup.js');
      await withDb(async (db) => {
        const r = await restoreDatabase(db, file);
        // The restored chain continues with a record of the restore itself.
        await auditSystem(db, 'backup.restore', r);
        report(o.json, r, `Restored ${r.tables} tables, ${r.rows} rows, schema ${r.schemaVersion}; checksums and audit chain verified.`);
      });
    });
}
