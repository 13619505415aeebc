import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPdf } from '../../cli/demo.js';
import {
  type Client,
  TEST_PASSWORD,
  type TestResponse,
  type World,
  auditRows,
  contractInput,
  createWorld,
  expectError,
} from '../../test/harness.js';
import { appendAudit, verifyAuditChain } from './audit.js';

let w: World;
let auditor: Client;
let procurement: Client;
let admin: Client;
let su: pg.Client;

beforeAll(async () => {
  w = await createWorld();
  [auditor, procurement, admin] = await Promise.all([w.as('auditor'), w.as('procurement'), w.as('admin')]);
  su = await w.tdb.superClient();
});
afterAll(async () => {
  await su.end();
});

/** Run a tampering statement with the append-only triggers off, as a superuser could. */
async function tamper(statement: string, params: unknown[] = []) {
  await su.query('BEGIN');
  try {
    await su.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await su.query(statement, params);
    await su.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    await su.query('COMMIT');
  } catch (e) {
    await su.query('ROLLBACK');
    throw e;
  }
}

async function verifyViaApi() {
  const r = await auditor.get('/api/audit/verify');
  expect(r.status).toBe(200);
  return r.body as { ok: boolean; checked: number; problem: { seq: string; kind: string; message: string } | null };
}

describe('the chain under load', () => {
  it('stays unbroken after 50 concurrent writes', async () => {
    const before = (await auditRows(w.db)).length;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => procurement.post('/api/vendors', { legalName: `Concurrent Vendor ${i}` })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const rows = await auditRows(w.db);
    expect(rows.length).toBe(before + 50);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    expect(await verifyAuditChain(w.db)).toEqual({ ok: true, checked: rows.length, problem: null });
    // in small pages too: the link between pages is checked
    expect(await verifyAuditChain(w.db, 7)).toEqual({ ok: true, checked: rows.length, problem: null });
    expect((await verifyViaApi()).ok).toBe(true);
  });

  it('a write that is rolled back leaves no entry and no break in the chain', async () => {
    const before = await auditRows(w.db);
    await expect(
      w.db.transaction().execute(async (tx) => {
        await appendAudit(tx, { actor: null, requestId: 'rolled-back' }, { action: 'test.rollback', entityType: 'test' });
        throw new Error('the change failed after the audit entry was written');
      }),
    ).rejects.toThrow('the change failed');
    expect(await auditRows(w.db, { action: 'test.rollback' })).toHaveLength(0);
    expect((await auditRows(w.db)).length).toBe(before.length);
    await w.db
      .transaction()
      .execute((tx) => appendAudit(tx, { actor: null, requestId: 'after-rollback' }, { action: 'test.after', entityType: 'test' }));
    expect((await verifyAuditChain(w.db)).ok).toBe(true);
  });
});

describe('the database keeps the log append-only', () => {
  it.each([
    ['UPDATE', "UPDATE audit_log SET action = 'forged' WHERE seq = (SELECT min(seq) FROM audit_log)"],
    ['DELETE', 'DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)'],
    ['TRUNCATE', 'TRUNCATE audit_log'],
  ])('rejects %s, even from a superuser', async (_op, statement) => {
    const count = (await auditRows(w.db)).length;
    await expect(su.query(statement)).rejects.toThrow(/append-only/);
    expect((await auditRows(w.db)).length).toBe(count);
    expect((await verifyAuditChain(w.db)).ok).toBe(true);
  });

  it('rejects UPDATE through the application connection too', async () => {
    await expect(w.db.updateTable('audit_log').set({ action: 'forged' }).where('action', '=', 'vendor.create').execute()).rejects.toThrow(
      /append-only/,
    );
  });
});

describe('tampering is detected', () => {
  async function pick(offsetFromEnd: number) {
    const rows = await auditRows(w.db);
    return { rows, target: rows[rows.length - 1 - offsetFromEnd] };
  }

  it('an edited entry is reported as edited, at its seq', async () => {
    const { target } = await pick(10);
    const original = JSON.stringify(target.after);
    await tamper(`UPDATE audit_log SET after = jsonb_set(after, '{legalName}', '"Forged Vendor"') WHERE seq = $1`, [target.seq]);
    try {
      const api = await verifyViaApi();
      expect(api.ok).toBe(false);
      expect(api.problem).toMatchObject({ kind: 'edited', seq: target.seq });
      const direct = await verifyAuditChain(w.db, 5);
      expect(direct.problem).toMatchObject({ kind: 'edited', seq: target.seq });
    } finally {
      await tamper('UPDATE audit_log SET after = $2::jsonb WHERE seq = $1', [target.seq, original]);
    }
    expect((await verifyAuditChain(w.db)).ok).toBe(true);
  });

  it('an edited actor or time is reported too', async () => {
    const { target } = await pick(12);
    await tamper("UPDATE audit_log SET at = at + interval '1 second' WHERE seq = $1", [target.seq]);
    try {
      expect((await verifyAuditChain(w.db)).problem).toMatchObject({ kind: 'edited', seq: target.seq });
    } finally {
      await tamper("UPDATE audit_log SET at = at - interval '1 second' WHERE seq = $1", [target.seq]);
    }
    expect((await verifyAuditChain(w.db)).ok).toBe(true);
  });

  it('a deleted entry makes the next one a broken link', async () => {
    const { rows, target } = await pick(20);
    const next = rows[rows.indexOf(target) + 1];
    await tamper('CREATE TEMP TABLE saved AS SELECT * FROM audit_log WHERE seq = $1', [target.seq]);
    await tamper('DELETE FROM audit_log WHERE seq = $1', [target.seq]);
    try {
      const api = await verifyViaApi();
      expect(api.ok).toBe(false);
      expect(api.problem).toMatchObject({ kind: 'broken_link', seq: next.seq });
      expect(api.problem?.message).toMatch(/removed|reordered/);
    } finally {
      await tamper('INSERT INTO audit_log SELECT * FROM saved');
      await su.query('DROP TABLE saved');
    }
    expect((await verifyAuditChain(w.db)).ok).toBe(true);
  });

  it('two entries with their seq swapped are reported', async () => {
    const { rows, target } = await pick(30);
    const next = rows[rows.indexOf(target) + 1];
    // seq is the primary key: move one out of the way first
    const swap = async () => {
      await tamper('UPDATE audit_log SET seq = -1 WHERE seq = $1', [target.seq]);
      await tamper('UPDATE audit_log SET seq = $1 WHERE seq = $2', [target.seq, next.seq]);
      await tamper('UPDATE audit_log SET seq = $1 WHERE seq = -1', [next.seq]);
    };
    await swap();
    try {
      const r = await verifyAuditChain(w.db);
      expect(r.ok).toBe(false);
      expect(r.problem?.seq).toBe(target.seq);
      expect(['edited', 'broken_link']).toContain(r.problem?.kind);
      expect((await verifyViaApi()).problem?.seq).toBe(target.seq);
    } finally {
      await swap();
    }
    expect((await verifyAuditChain(w.db)).ok).toBe(true);
  });

  it('an entry inserted in the middle of the chain is reported', async () => {
    const { rows, target } = await pick(5);
    const prev = rows[rows.indexOf(target) - 1];
    // a gap in seq left by a rolled-back write is a natural place for a forger to insert
    await tamper('UPDATE audit_log SET seq = seq + 1000000 WHERE seq >= $1', [target.seq]);
    await tamper(
      `INSERT INTO audit_log (seq, at, action, entity_type, prev_hash, hash)
       VALUES ($1, now(), 'forged.entry', 'test', $2, repeat('f', 64))`,
      [target.seq, prev.hash],
    );
    try {
      const r = await verifyAuditChain(w.db);
      expect(r.ok).toBe(false);
      expect(r.problem?.seq).toBe(target.seq);
    } finally {
      await tamper('DELETE FROM audit_log WHERE seq = $1', [target.seq]);
      await tamper('UPDATE audit_log SET seq = seq - 1000000 WHERE seq >= 1000000');
    }
    expect((await verifyAuditChain(w.db)).ok).toBe(true);
  });
});

describe('a change and its audit entry commit together', () => {
  /** Make every audit insert fail, as a full disk or a lost connection would, while `fn` runs. */
  async function withAuditFailing<T>(fn: () => Promise<T>): Promise<T> {
    await su.query(
      `CREATE FUNCTION test_fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated audit failure'; END $$`,
    );
    await su.query('CREATE TRIGGER test_fail_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_fail_audit()');
    try {
      return await fn();
    } finally {
      await su.query('DROP TRIGGER test_fail_audit ON audit_log');
      await su.query('DROP FUNCTION test_fail_audit()');
    }
  }

  const count = async (table: 'vendors' | 'contracts' | 'departments' | 'users' | 'api_tokens' | 'documents') =>
    Number(
      (
        await w.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it.each<[string, () => Promise<{ run: () => Promise<TestResponse>; unchanged: () => Promise<unknown> }>]>([
    [
      'creating a vendor',
      async () => ({ run: () => procurement.post('/api/vendors', { legalName: 'Never Stored Ltd' }), unchanged: () => count('vendors') }),
    ],
    [
      'creating a contract',
      async () => ({ run: () => procurement.post('/api/contracts', contractInput(w)), unchanged: () => count('contracts') }),
    ],
    [
      'updating a contract',
      async () => {
        const c = await w.contract();
        return {
          run: () => procurement.patch(`/api/contracts/${c.id}`, { version: c.version, title: 'Never saved' }),
          unchanged: async () =>
            await w.db.selectFrom('contracts').select(['title', 'version']).where('id', '=', c.id).executeTakeFirstOrThrow(),
        };
      },
    ],
    [
      'creating a department',
      async () => ({
        run: () => admin.post('/api/departments', { name: 'Never Dept', code: 'NVR' }),
        unchanged: () => count('departments'),
      }),
    ],
    [
      'creating a user',
      async () => ({
        run: () =>
          admin.post('/api/users', { email: 'never@test.example', name: 'Never', role: 'auditor', password: 'A-good-long-password-7' }),
        unchanged: () => count('users'),
      }),
    ],
    [
      'creating an API token',
      async () => ({ run: () => procurement.post('/api/tokens', { name: 'never' }), unchanged: () => count('api_tokens') }),
    ],
    [
      'uploading a document',
      async () => {
        const c = await w.contract();
        return {
          run: () => procurement.upload(`/api/contracts/${c.id}/documents`, { name: 'x.pdf', bytes: demoPdf('x') }),
          unchanged: () => count('documents'),
        };
      },
    ],
    [
      "changing one's password",
      async () => {
        const c = await w.as('itA');
        return {
          run: () => c.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Never-applied-pass-1' }),
          unchanged: async () => ({
            sessions: Number(
              (
                await w.db
                  .selectFrom('sessions')
                  .select((eb) => eb.fn.countAll<string>().as('n'))
                  .where('user_id', '=', w.users.itA.id)
                  .executeTakeFirstOrThrow()
              ).n,
            ),
            hash: (await w.db.selectFrom('users').select('password_hash').where('id', '=', w.users.itA.id).executeTakeFirstOrThrow())
              .password_hash,
          }),
        };
      },
    ],
  ])('%s: if the audit entry cannot be written, nothing changes (500, no detail)', async (_what, setup) => {
    const { run, unchanged } = await setup();
    const before = await unchanged();
    const entries = (await auditRows(w.db)).length;
    const r = await withAuditFailing(run);
    const e = expectError(r, 500, 'internal');
    expect(r.text).not.toContain('simulated audit failure');
    expect(e.message).not.toMatch(/audit/i);
    expect(await unchanged()).toEqual(before);
    expect((await auditRows(w.db)).length).toBe(entries);
    expect((await verifyAuditChain(w.db)).ok).toBe(true);
  });
});
