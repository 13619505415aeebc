/**
 * `npm run test:e2e`: the end-to-end suite against the real thing.
 *
 * Builds the web app when it is missing or stale, starts `steward serve --demo` on a fresh
 * STEWARD_HOME (its own embedded PostgreSQL, the demo data set) at a free port, waits for
 * /api/health, runs the specs in e2e/ with vitest (e2e/vitest.config.ts) in headless Debian
 * chromium, and always stops the server and removes its home at the end.
 *
 *   tsx scripts/e2e.ts [--json <file>] [vitest args…]     e.g. `npm run test:e2e -- roles`
 *
 * STEWARD_E2E_URL=<url> skips starting a server and runs the specs against that one.
 * Screenshots and the server's log go to test-results/e2e/.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWebBuilt } from '../src/cli/serve.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'test-results', 'e2e');
const serverLog = path.join(outDir, 'server.log');
const say = (m: string) => process.stderr.write(`[e2e] ${m}\n`);

function freePort(): Promise<number> {
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

function tail(file: string, lines = 40): string {
  if (!existsSync(file)) return '(no server log)';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

interface Server {
  url: string;
  stop(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'steward-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = createWriteStream(serverLog);
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'src', 'cli', 'main.ts'), 'serve', '--demo', '--no-build'],
    {
      cwd: root,
      env: {
        ...process.env,
        STEWARD_HOME: home,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        DATABASE_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let exited: string | null = null;
  child.on('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `exit code ${code}`;
  });

  const stop = async () => {
    if (exited === null && child.pid) {
      child.kill('SIGTERM');
      if (!(await waitFor(() => exited !== null, 20_000))) {
        say('The server did not stop within 20 s; killing it.');
        child.kill('SIGKILL');
        await waitFor(() => exited !== null, 5_000);
      }
    }
    // A killed server leaves its embedded postmaster running: stop it through postmaster.pid.
    const pidFile = path.join(home, 'pg', 'postmaster.pid');
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        say(`Stopping the database server left behind (pid ${pid}).`);
        try {
          process.kill(pid, 'SIGINT');
        } catch {
          /* gone */
        }
        if (!(await waitFor(() => !alive(pid), 15_000))) {
          try {
            process.kill(pid, 'SIGQUIT');
          } catch {
            /* gone */
          }
          await waitFor(() => !alive(pid), 5_000);
        }
      }
    }
    log.end();
    rmSync(home, { recursive: true, force: true });
  };

  say(`Starting the server at ${url} (STEWARD_HOME=${home}; log: ${path.relative(root, serverLog)})…`);
  const started = Date.now();
  const deadline = started + 180_000;
  while (true) {
    if (exited !== null) {
      await stop();
      throw new Error(`The server exited (${exited}) before it was ready. Its log:\n${tail(serverLog)}`);
    }
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server was not healthy within 180 s. Its log:\n${tail(serverLog)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  say(`Server ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return { url, stop };
}

function runVitest(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitest, 'run', '--config', path.join(root, 'e2e', 'vitest.config.ts'), ...args], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const vitestArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') {
      const file = argv[++i];
      vitestArgs.push('--reporter=default', '--reporter=json', `--outputFile.json=${file}`);
    } else vitestArgs.push(argv[i]);
  }
  mkdirSync(outDir, { recursive: true });

  if (process.env.STEWARD_E2E_URL) {
    say(`Using the running server at ${process.env.STEWARD_E2E_URL}.`);
    return runVitest(vitestArgs, {});
  }

  const t = Date.now();
  ensureWebBuilt(say);
  say(`Web app ready (${((Date.now() - t) / 1000).toFixed(1)} s).`);

  const server = await startServer();
  let stopping: Promise<void> | null = null;
  const stopOnce = () => (stopping ??= server.stop());
  const onSignal = (sig: NodeJS.Signals) => {
    say(`${sig}: stopping the server.`);
    void stopOnce().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await runVitest(vitestArgs, { STEWARD_E2E_URL: server.url });
  } finally {
    await stopOnce();
    say(`Server stopped. Screenshots and the server's log: ${path.relative(root, outDir)}/`);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    say(`${(e as Error).message ?? e}`);
    process.exitCode = 1;
  },
);
