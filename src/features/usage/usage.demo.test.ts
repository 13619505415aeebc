import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../cli/demo.js';
import { todayUtc } from '../../core/dates.js';
import type { Db } from '../../db/database.js';
import { systemActor } from '../../platform/context.js';
import { createLogger } from '../../platform/logger.js';
import { collectEvidence } from '../../platform/questions/evidence.js';
import { createTestDb } from '../../test/harness.js';
import { usageSummary } from './usage.dashboard.js';

let db: Db;
const id = async (ref: string) => (await db.selectFrom('contracts').select('id').where('reference', '=', ref).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  db = (await createTestDb()).db;
  await loadDemo(db, todayUtc());
}, 120_000);

describe('demo usage', () => {
  it('the shared language-model contract has six months of usage, a forecast past its threshold and an uncatalogued fine-tuning job', async () => {
    const contractId = await id('HV-2025-009');
    const s = await usageSummary({ db, actor: systemActor(), requestId: 't', log: createLogger('silent') }, contractId);
    expect(s.daily.length).toBe(180);
    expect(s.byService.map((x) => x.name)).toEqual(
      expect.arrayContaining(['Large model, input tokens', 'Large model, output tokens', 'Embeddings', 'Not in the catalog']),
    );
    expect(s.byDepartment.map((d) => d.department).sort()).toEqual(['Finance', 'Libraries', 'Planning']);
    expect(s.unmatched.open).toBe(1);
    const open = await db
      .selectFrom('findings')
      .select('rule_id')
      .where('contract_id', '=', contractId)
      .where('state', '=', 'open')
      .execute();
    const rules = open.map((f) => f.rule_id);
    expect(rules).toContain('usage.unmatched');
    expect(rules).toContain('usage.forecast_threshold');
    const ev = await collectEvidence(db, contractId);
    expect(ev['buyer.payment_model']?.find((e) => e.label === 'Usage spend to date')?.value).toMatch(/USD of 350,000.00 USD/);
  });

  it('the chatbot contract has eight months of conversations in its catalog entry', async () => {
    const contractId = await id('HV-2025-014');
    const s = await usageSummary({ db, actor: systemActor(), requestId: 't', log: createLogger('silent') }, contractId);
    expect(s.daily.length).toBe(240);
    expect(s.byService).toHaveLength(1);
    expect(s.byService[0]).toMatchObject({ name: 'Chatbot conversations', quantities: [{ unit: 'Requests' }] });
  });
});
