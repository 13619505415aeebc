import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../core/dates.js';
import { type World, createWorld } from '../../test/harness.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});

describe('rules that report through the digest only', () => {
  it('put unanswered-question findings in no inbox at once, while other new findings arrive', async () => {
    const c = await w.contract({ startDate: addDays(todayUtc(), -400), endDate: addDays(todayUtc(), 400), owners: {} });
    const findings = await w.db
      .selectFrom('findings')
      .select(['rule_id'])
      .where('contract_id', '=', c.id)
      .where('state', '=', 'open')
      .execute();
    expect(findings.some((f) => f.rule_id === 'questions.unanswered')).toBe(true);
    expect(findings.some((f) => f.rule_id === 'contract.team_without_owner')).toBe(true);
    const items = await w.db.selectFrom('notifications').select(['title']).where('contract_id', '=', c.id).execute();
    expect(items.length).toBeGreaterThan(0);
    expect(items.some((i) => /No owner/i.test(i.title))).toBe(true);
    expect(items.some((i) => /No answer/i.test(i.title))).toBe(false);
  });
});
