import { inject, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { createDb } from '../../db/database.js';
import { Client, expectError, testConfig } from '../../test/harness.js';
import { createLogger } from '../logger.js';

describe('error responses', () => {
  it('answers an unknown API route with 404 in the error shape', async () => {
    const app = createApp({ db: null as never, config: testConfig(), log: createLogger('silent'), serveWeb: false });
    const c = new Client(app, '10.91.0.1');
    expectError(await c.get('/api/no-such-thing'), 404, 'not_found');
    expectError(await c.request('DELETE', '/api/contracts'), 404, 'not_found');
  });

  it('turns a database failure into a plain 500 that names no table, query or server message', async () => {
    const url = new URL(inject('pgAdminUrl'));
    url.pathname = '/no_such_database_for_steward';
    const db = createDb(url.toString(), 1);
    try {
      const app = createApp({ db, config: testConfig(), log: createLogger('silent'), serveWeb: false });
      const c = new Client(app, '10.91.0.2');
      const r = await c.post('/api/auth/login', { email: 'someone@test.example', password: 'whatever-password' });
      const e = expectError(r, 500, 'internal');
      expect(e.message).toBe('Something went wrong on our side. The request id helps us find it.');
      expect(r.text).not.toMatch(/no_such_database|does not exist|postgres/i);
      const health = await c.get('/api/health');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ status: 'unavailable', version: expect.any(String) });
    } finally {
      await db.destroy();
    }
  });
});
