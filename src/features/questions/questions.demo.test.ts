import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../cli/demo.js';
import { todayUtc } from '../../core/dates.js';
import { previousRound, roundOf } from '../../core/questions.js';
import type { Db } from '../../db/database.js';
import { createTestDb } from '../../test/harness.js';

let db: Db;
const today = todayUtc();

beforeAll(async () => {
  db = (await createTestDb()).db;
  await loadDemo(db, today);
}, 120_000);

describe('demo key-question answers', () => {
  it('cover several contracts, every team, last quarter and this quarter, with a mix of statuses', async () => {
    const rows = await db
      .selectFrom('question_answers as qa')
      .innerJoin('contracts as c', 'c.id', 'qa.contract_id')
      .select(['c.reference', 'qa.question_id', 'qa.round', 'qa.status', 'qa.answered_by', 'qa.answered_at'])
      .execute();
    expect(new Set(rows.map((r) => r.reference)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(rows.map((r) => r.question_id.split('.')[0]))).toEqual(new Set(['procurement', 'buyer', 'it_data']));
    expect(new Set(rows.map((r) => r.round))).toEqual(new Set([roundOf(today), previousRound(roundOf(today))]));
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['on_track', 'at_risk', 'off_track', 'not_applicable']));
    // Answered by real people, on a day inside the round they answer.
    for (const r of rows) {
      expect(r.answered_by).not.toBeNull();
      expect(roundOf(r.answered_at.toISOString().slice(0, 10))).toBe(r.round);
    }
  });

  it('leave some questions unanswered long enough to raise the finding', async () => {
    const open = await db
      .selectFrom('findings')
      .select(['subject'])
      .where('rule_id', '=', 'questions.unanswered')
      .where('state', '=', 'open')
      .execute();
    expect(open.length).toBeGreaterThan(0);
    expect(open.map((f) => f.subject)).toContain('question:buyer.community');
  });
});
