import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../cli/demo.js';
import { addDays, todayUtc } from '../../core/dates.js';
import type { Db } from '../../db/database.js';
import { createTestDb } from '../../test/harness.js';

let db: Db;
const today = todayUtc();

beforeAll(async () => {
  db = (await createTestDb()).db;
  await loadDemo(db, today);
}, 180_000);

const findingsOf = (reference: string) =>
  db
    .selectFrom('findings as f')
    .innerJoin('contracts as c', 'c.id', 'f.contract_id')
    .select(['f.rule_id', 'f.subject', 'f.severity', 'f.state', 'f.note', 'f.snoozed_until'])
    .where('c.reference', '=', reference)
    .execute();

describe('demo findings', () => {
  it('show a mix of severities and every state a person sets', async () => {
    const all = await db.selectFrom('findings').select(['severity', 'state']).execute();
    expect(new Set(all.map((f) => f.severity))).toEqual(expect.objectContaining(new Set(['critical', 'warning'])));
    expect(all.some((f) => f.severity === 'critical' && f.state === 'open')).toBe(true);
    expect(new Set(all.map((f) => f.state))).toEqual(expect.objectContaining(new Set(['open', 'acknowledged', 'snoozed'])));
  });

  it('acknowledge the chatbot’s "ends soon" finding with a note and snooze the transcription contract’s missing IT owner', async () => {
    const chatbot = await findingsOf('HV-2025-014');
    expect(chatbot.find((f) => f.rule_id === 'contract.ending_without_decision')).toMatchObject({
      state: 'acknowledged',
      note: expect.stringMatching(/Option year 1/),
    });
    const transcription = await findingsOf('HV-2025-022');
    expect(transcription.find((f) => f.subject === 'team:it_data')).toMatchObject({
      state: 'snoozed',
      snoozed_until: addDays(today, 21),
      note: expect.stringMatching(/IT & data lead/),
    });
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['finding.acknowledge', 'finding.snooze'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['finding.acknowledge', 'finding.snooze']);
  });

  it('leave the planning summariser with two open owner findings, for the end-to-end flow to acknowledge', async () => {
    const rows = await findingsOf('HV-2025-060');
    const owners = rows.filter((f) => f.rule_id === 'contract.team_without_owner');
    expect(owners.map((f) => [f.subject, f.state]).sort()).toEqual([
      ['team:buyer', 'open'],
      ['team:it_data', 'open'],
    ]);
  });

  it('give live contracts 30 days of history before today, ending at the stored score', async () => {
    const c = await db
      .selectFrom('contracts')
      .select(['id', 'health_score'])
      .where('reference', '=', 'HV-2024-017')
      .executeTakeFirstOrThrow();
    const rows = await db
      .selectFrom('health_history')
      .select(['day', 'score', 'open_critical'])
      .where('contract_id', '=', c.id)
      .orderBy('day')
      .execute();
    expect(rows).toHaveLength(31);
    expect(rows[0].day).toBe(addDays(today, -30));
    expect(rows.at(-1)).toMatchObject({ day: today, score: c.health_score, open_critical: 1 });
    // The pothole contract's end came within 30 days a few days ago: its score dropped then.
    expect(rows[0].open_critical).toBe(0);
    expect(new Set(rows.map((r) => r.score)).size).toBeGreaterThan(1);
    const closed = await db.selectFrom('contracts').select('id').where('status', '=', 'closed').execute();
    // Closed contracts get no invented past, only what the rules recorded when they were loaded.
    for (const x of closed)
      expect(
        await db.selectFrom('health_history').select('day').where('contract_id', '=', x.id).where('day', '<', today).execute(),
      ).toHaveLength(0);
  });
});
