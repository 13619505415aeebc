import { spawn } from 'node:child_process';
import path from 'node:path';
import Big from 'big.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../cli/demo.js';
import { todayUtc } from '../../core/dates.js';
import { collectEvidence } from '../../platform/questions/evidence.js';
import { type TestDb, createTestDb } from '../../test/harness.js';

let tdb: TestDb;
const ref = async (reference: string) =>
  (await tdb.db.selectFrom('contracts').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  tdb = await createTestDb();
  await loadDemo(tdb.db, todayUtc());
}, 180_000);

describe('demo invoices', () => {
  it('cover every state: one paid late with interest, one defective waiting to be returned, one returned', async () => {
    const rows = await tdb.db
      .selectFrom('invoices as i')
      .innerJoin('contracts as c', 'c.id', 'i.contract_id')
      .select(['c.reference', 'i.vendor_invoice_number', 'i.state', 'i.defective', 'i.due_date', 'i.paid_date', 'i.submitted_by_vendor'])
      .orderBy('i.vendor_invoice_number')
      .execute();
    expect(rows.length).toBe(9);
    expect(new Set(rows.map((r) => r.state))).toEqual(new Set(['received', 'returned_defective', 'approved', 'scheduled', 'paid']));
    const late = rows.find((r) => r.vendor_invoice_number === 'CAI-2025-0412');
    expect(late?.state).toBe('paid');
    expect((late?.paid_date as string) > (late?.due_date as string)).toBe(true);
    const interest = await tdb.db
      .selectFrom('payments as p')
      .innerJoin('invoices as i', 'i.id', 'p.invoice_id')
      .select(['p.interest_paid', 'p.days_late'])
      .where('i.vendor_invoice_number', '=', 'CAI-2025-0412')
      .executeTakeFirstOrThrow();
    expect(interest.days_late).toBeGreaterThan(30);
    expect(new Big(interest.interest_paid).gt(1)).toBe(true);
    expect(rows.find((r) => r.vendor_invoice_number === 'CAI-2025-0530')).toMatchObject({
      state: 'received',
      defective: true,
      submitted_by_vendor: true,
    });
    expect(rows.find((r) => r.vendor_invoice_number === 'NW-88240')).toMatchObject({ state: 'returned_defective' });
  });

  it('raises the payment findings and informs the key questions', async () => {
    const llm = await ref('HV-2025-009');
    const open = await tdb.db.selectFrom('findings').select('rule_id').where('contract_id', '=', llm).where('state', '=', 'open').execute();
    expect(open.map((f) => f.rule_id)).toContain('payments.past_due');
    const chatbot = await ref('HV-2025-014');
    const ev = await collectEvidence(tdb.db, chatbot);
    expect(ev['procurement.timely_payment']?.find((e) => e.label === 'Paid on time, last 6 months')?.value).toMatch(/^1 of 2 invoices/);
    expect(ev['buyer.payment_model']?.filter((e) => e.source === 'invoices').length).toBe(4);
    const deadlines = await tdb.db
      .selectFrom('deadlines')
      .select('kind')
      .where('contract_id', '=', chatbot)
      .where('source', '=', 'invoices')
      .execute();
    expect(deadlines.map((d) => d.kind).sort()).toEqual(['defect_return', 'payment_due', 'payment_due']);
  });
});

describe('steward export invoices', () => {
  const ROOT = path.resolve(import.meta.dirname, '../../..');
  const steward = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: tdb.url, STEWARD_HOME: '/nonexistent', LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  it('prints a contract’s invoices as CSV or JSON, audited; an unknown contract is refused in a sentence', async () => {
    const csv = await steward(['export', 'invoices', '--contract', 'hv-2025-014']);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^contract_reference,vendor_invoice_number,/);
    expect(lines).toHaveLength(5);
    const json = await steward(['export', 'invoices', '--contract', 'HV-2025-014', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.invoices).toHaveLength(4);
    expect(parsed.invoices[0]).toMatchObject({
      vendorInvoiceNumber: 'CAI-2025-0412',
      state: 'paid',
      lines: expect.any(Array),
      payments: expect.any(Array),
    });
    const audited = await tdb.db.selectFrom('audit_log').select('action').where('action', '=', 'export.invoices').execute();
    expect(audited).toHaveLength(2);
    const bad = await steward(['export', 'invoices', '--contract', 'NOPE-9']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^steward: No contract has the reference "NOPE-9"/);
  }, 120_000);
});
