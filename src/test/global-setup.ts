/**
 * Starts one PostgreSQL server for the API test run and prepares a migrated template database;
 * each test file then gets its own database cloned from it (fast, and files never share rows).
 *
 * TEST_DATABASE_URL: use that server (a superuser URL) instead of starting the embedded one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
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

export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stop = async () => {};
  let home: string | null = null;
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = withDatabase(process.env.TEST_DATABASE_URL, 'postgres');
  } else {
    home = mkdtempSync(path.join(os.tmpdir(), 'steward-test-'));
    const handle = await startEmbedded({ home });
    adminUrl = withDatabase(handle.url, 'postgres');
    stop = handle.stop;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  const db = createDb(withDatabase(adminUrl, TEMPLATE_DB), 2);
  await migrateToLatest(db);
  await db.destroy();
  const version = await admin.query('SHOW server_version');
  process.stderr.write(`API tests on PostgreSQL ${version.rows[0].server_version}\n`);
  await admin.end();
  project.provide('pgAdminUrl', adminUrl);
  return async () => {
    await stop();
    if (home) rmSync(home, { recursive: true, force: true });
  };
}
