/** Configuration from the environment, read once and validated. */
import path from 'node:path';

export interface Config {
  databaseUrl: string | null;
  home: string;
  host: string;
  port: number;
  publicUrl: string | null;
  logLevel: string;
  trustedProxies: string[];
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  sessionCacheSeconds: number;
  loginMaxFailures: number;
  loginWindowMinutes: number;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  /** Largest usage file an import reads (compressed or not), `STEWARD_USAGE_IMPORT_LIMIT_BYTES`; 1 GiB unless set. */
  usageImportLimitBytes: number;
  smtpUrl: string | null;
  mailFrom: string;
  /** Run the background jobs in this process (`STEWARD_JOBS=off` for a web-only instance). */
  jobs: boolean;
  /** OCDS exports: the ocid prefix (`STEWARD_OCID_PREFIX`) and the publisher's name (`STEWARD_PUBLISHER_NAME`). */
  ocidPrefix: string;
  publisherName: string;
}

function onOff(name: string, fallback: boolean, env: NodeJS.ProcessEnv): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['on', 'true', '1', 'yes'].includes(raw)) return true;
  if (['off', 'false', '0', 'no'].includes(raw)) return false;
  throw new Error(`${name} must be on or off (got "${env[name]}").`);
}

function int(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number (got "${raw}").`);
  return n;
}

function ocidPrefix(env: NodeJS.ProcessEnv): string {
  const raw = env.STEWARD_OCID_PREFIX?.trim();
  if (!raw) return 'ocds-steward';
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(raw)) throw new Error(`STEWARD_OCID_PREFIX may use letters, digits and dashes (got "${raw}").`);
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const publicUrl = env.STEWARD_PUBLIC_URL?.replace(/\/+$/, '') || null;
  if (publicUrl && !/^https?:\/\//.test(publicUrl)) throw new Error('STEWARD_PUBLIC_URL must start with http:// or https://');
  return {
    databaseUrl: env.DATABASE_URL || null,
    home: path.resolve(env.STEWARD_HOME || '.steward'),
    host: env.HOST || env.STEWARD_HOST || '127.0.0.1',
    port: int('PORT', 3000, env),
    publicUrl,
    logLevel: env.LOG_LEVEL || 'info',
    trustedProxies: (env.STEWARD_TRUSTED_PROXIES || '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    sessionIdleMinutes: int('STEWARD_SESSION_IDLE_MINUTES', 60, env),
    sessionAbsoluteHours: int('STEWARD_SESSION_ABSOLUTE_HOURS', 12, env),
    sessionCacheSeconds: int('STEWARD_SESSION_CACHE_SECONDS', 30, env),
    loginMaxFailures: int('STEWARD_LOGIN_MAX_FAILURES', 10, env),
    loginWindowMinutes: int('STEWARD_LOGIN_WINDOW_MINUTES', 15, env),
    bodyLimitBytes: int('STEWARD_BODY_LIMIT_BYTES', 1024 * 1024, env),
    uploadLimitBytes: int('STEWARD_UPLOAD_LIMIT_BYTES', 25 * 1024 * 1024, env),
    usageImportLimitBytes: int('STEWARD_USAGE_IMPORT_LIMIT_BYTES', 1024 * 1024 * 1024, env),
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM || 'Steward <steward@localhost>',
    jobs: onOff('STEWARD_JOBS', true, env),
    ocidPrefix: ocidPrefix(env),
    publisherName: env.STEWARD_PUBLISHER_NAME?.trim() || 'Steward',
  };
}
