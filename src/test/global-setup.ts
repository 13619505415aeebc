/**
 * Starts one PostgreSQL server for the API test run and prepares a migrated template database;
 * each test file then gets its own database cloned from it (fast, and files never share rows).
 *
 * TEST_DATABASE_URL: use that server (a superuser URL) instead of starting one.
 * TEST_PG=debian15:  start a throwaway Debian PostgreSQL 15 server (from the postgresql-15
 *                    package) instead of the embedded PostgreSQL 17, so the same API tests
 *                    prove the oldest supported major version. TEST_PG15_BIN overrides the
 *                    binaries' directory (default /usr/lib/postgresql/15/bin).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb, migrateToLatest } from '../db/database.js';
import { startEmbedded } from '../db/embedded.js';

export const TEMPLATE_DB = 'steward_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

interface Server {
  adminUrl: string;
  stop(): Promise<void>;
}

export const DEBIAN_PG15_MISSING =
  "TEST_PG=debian15 needs Debian's PostgreSQL 15 server binaries in /usr/lib/postgresql/15/bin (initdb, pg_ctl, postgres). " +
  'Install them with:  apt-get install -y --no-install-recommends postgresql-15   (or set TEST_PG15_BIN to their directory).';

/**
 * A throwaway PostgreSQL 15 cluster in a temporary directory, listening only on 127.0.0.1 at a
 * free port with password (scram) authentication; its socket lives in the same directory. As
 * root the server runs as the `postgres` system user, which owns the directory.
 */
export async function startDebianPg15(): Promise<Server> {
  const bin = process.env.TEST_PG15_BIN || '/usr/lib/postgresql/15/bin';
  for (const tool of ['initdb', 'pg_ctl', 'postgres']) {
    if (!existsSync(path.join(bin, tool))) throw new Error(`${DEBIAN_PG15_MISSING}\n(missing: ${path.join(bin, tool)})`);
  }
  const isRoot = os.userInfo().uid === 0;
  let uid = -1;
  let gid = -1;
  if (isRoot) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const idg = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0)
      throw new Error(`Running as root, but there is no "postgres" system user to run PostgreSQL 15 as. ${DEBIAN_PG15_MISSING}`);
    uid = Number(id.stdout.trim());
    gid = Number(idg.stdout.trim());
  }
  const run = (cmd: string, args: string[], timeoutMs = 120_000) => {
    const full = path.join(bin, cmd);
    const r = isRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', full, ...args], { encoding: 'utf8', timeout: timeoutMs })
      : spawnSync(full, args, { encoding: 'utf8', timeout: timeoutMs });
    return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
  };

  // The directory must be enterable by postgres: /tmp is, and mkdtemp makes it 0700 for us.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'steward-pg15-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const pwFile = path.join(dir, 'pw');
  const password = randomBytes(18).toString('base64url');
  writeFileSync(pwFile, password, { mode: 0o600 });
  mkdirSync(data, { mode: 0o700 });
  writeFileSync(logFile, '');
  if (isRoot) for (const p of [dir, data, pwFile, logFile]) chownSync(p, uid, gid);
  const cleanup = () => rmSync(dir, { recursive: true, force: true });

  const init = run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    `--pwfile=${pwFile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--no-locale',
    '--no-instructions',
    '--no-sync',
  ]);
  if (!init.ok) {
    cleanup();
    throw new Error(`initdb (PostgreSQL 15) failed:\n${init.out}`);
  }
  rmSync(pwFile, { force: true });

  let port = 0;
  let started = false;
  let lastOut = '';
  // A free port can be taken between asking and binding: try a few.
  for (let attempt = 0; attempt < 4 && !started; attempt++) {
    port = await freePort();
    const conf = [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${dir}'`,
      'max_connections = 200',
      // A throwaway test cluster: durability buys nothing here, speed does.
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      '',
    ].join('\n');
    appendFileSync(path.join(data, 'postgresql.conf'), `\n# steward test run (attempt ${attempt + 1})\n${conf}`);
    const start = run('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', 'start']);
    started = start.ok;
    lastOut = `${start.out}\n${existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : ''}`;
  }
  if (!started) {
    cleanup();
    throw new Error(`PostgreSQL 15 did not start:\n${lastOut}`);
  }

  let stopped = false;
  const stopSync = (mode: 'fast' | 'immediate') => {
    if (stopped) return;
    stopped = true;
    const r = run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop'], 70_000);
    if (!r.ok) process.stderr.write(`Stopping the PostgreSQL 15 test server failed:\n${r.out}\n`);
    cleanup();
  };
  // If the run dies without calling the teardown, do not leave a postmaster behind.
  const onExit = () => stopSync('immediate');
  process.once('exit', onExit);
  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    async stop() {
      process.off('exit', onExit);
      stopSync('fast');
    },
  };
}

export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stop = async () => {};
  let home: string | null = null;
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = withDatabase(process.env.TEST_DATABASE_URL, 'postgres');
  } else if (process.env.TEST_PG === 'debian15') {
    const server = await startDebianPg15();
    adminUrl = server.adminUrl;
    stop = server.stop;
  } else if (process.env.TEST_PG && process.env.TEST_PG !== 'embedded') {
    throw new Error(`Unknown TEST_PG="${process.env.TEST_PG}" (use "embedded" or "debian15").`);
  } else {
    home = mkdtempSync(path.join(os.tmpdir(), 'steward-test-'));
    const handle = await startEmbedded({ home });
    adminUrl = withDatabase(handle.url, 'postgres');
    stop = handle.stop;
  }
  try {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
      await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
      const db = createDb(withDatabase(adminUrl, TEMPLATE_DB), 2);
      await migrateToLatest(db);
      await db.destroy();
      const version = await admin.query('SHOW server_version');
      process.stderr.write(`API tests on PostgreSQL ${version.rows[0].server_version}\n`);
    } finally {
      await admin.end();
    }
  } catch (e) {
    await stop();
    if (home) rmSync(home, { recursive: true, force: true });
    throw e;
  }
  project.provide('pgAdminUrl', adminUrl);
  return async () => {
    await stop();
    if (home) rmSync(home, { recursive: true, force: true });
  };
}
