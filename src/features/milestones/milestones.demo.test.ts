import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../cli/demo.js';
import { todayUtc } from '../../core/dates.js';
import type { Db } from '../../db/database.js';
import { collectEvidence } from '../../platform/questions/evidence.js';
import { createTestDb } from '../../test/harness.js';

let db: Db;
let contractId: string;

beforeAll(async () => {
  db = (await createTestDb()).db;
  await loadDemo(db, todayUtc());
  contractId = (await db.selectFrom('contracts').select('id').where('reference', '=', 'HV-2024-031').executeTakeFirstOrThrow()).id;
}, 120_000);

describe('demo milestones (HV-2024-031)', () => {
  it('has met, late, overdue and upcoming milestones and a tested, accepted deliverable', async () => {
    const ms = await db.selectFrom('milestones').select(['status', 'due_date', 'date_met']).where('contract_id', '=', contractId).execute();
    expect(ms).toHaveLength(6);
    const runs = await db
      .selectFrom('evaluation_runs')
      .innerJoin('test_plans', 'test_plans.id', 'evaluation_runs.test_plan_id')
      .innerJoin('deliverables', 'deliverables.id', 'test_plans.deliverable_id')
      .select(['evaluation_runs.passed', 'deliverables.decision'])
      .where('deliverables.contract_id', '=', contractId)
      .orderBy('evaluation_runs.run_date')
      .execute();
    expect(runs.map((r) => r.passed)).toEqual([false, true]);
    expect(runs[0].decision).toBe('accepted_with_conditions');
  });

  it('raises the findings and shows the evidence', async () => {
    const rules = await db
      .selectFrom('findings')
      .select('rule_id')
      .where('contract_id', '=', contractId)
      .where('state', '=', 'open')
      .execute();
    const ids = rules.map((r) => r.rule_id);
    for (const id of ['milestones.overdue', 'milestones.due_soon_undelivered', 'milestones.no_test_plan', 'milestones.repeated_slips'])
      expect(ids).toContain(id);
    const ev = await collectEvidence(db, contractId);
    expect(ev['procurement.milestones']?.find((e) => e.label === 'On-time rate')?.value).toBe('33%');
    expect(ev['procurement.milestones']?.find((e) => e.label === 'Overdue milestones')?.value).toBe('1');
    expect(ev['buyer.testing']?.find((e) => e.label === 'Evaluation pass rate')?.value).toBe('50% of 2 runs');
  });
});
