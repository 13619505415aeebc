/**
 * Reminders end to end through the API: a contract ending in 7 days gets its 7-day reminder
 * claimed exactly once, however often (and however concurrently) the reminder run happens.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../core/dates.js';
import { sendDueReminders } from '../../platform/deadlines/reminders.js';
import { onEvent } from '../../platform/events.js';
import { type Client, type World, createWorld } from '../../test/harness.js';

const today = todayUtc();
let w: World;
let procurement: Client;
const reminded: { deadlineId: string; leadDays: number }[] = [];

beforeAll(async () => {
  w = await createWorld();
  procurement = await w.as('procurement');
  onEvent((e) => {
    if (e.type === 'deadline.reminder') reminded.push({ deadlineId: e.deadlineId, leadDays: e.leadDays });
  });
});

async function createContract(endDate: string, title: string) {
  const r = await procurement.post('/api/contracts', {
    reference: `R-${Math.random().toString(36).slice(2, 10)}`,
    title,
    vendorId: w.vendor.one,
    departmentId: w.dept.a,
    type: 'service_access',
    pricingModel: 'subscription',
    currency: 'EUR',
    value: '1000.00',
    ceiling: '1000.00',
    startDate: addDays(today, -300),
    endDate,
    riskTier: 'low',
    rulePack: 'generic',
    status: 'active',
    owners: { procurement: w.users.procurement.id },
  });
  expect(r.status, r.text).toBe(201);
  const deadlines = (await procurement.get(`/api/contracts/${r.body.id}/deadlines`)).body.items;
  return { contract: r.body, end: deadlines.find((d: { kind: string }) => d.kind === 'contract_end') as { id: string; version: number } };
}

const sentOf = async (id: string) =>
  (await w.db.selectFrom('deadlines').select('reminders_sent').where('id', '=', id).executeTakeFirstOrThrow()).reminders_sent;

describe('reminders', () => {
  it('claims the 7-day reminder of a contract ending in 7 days once, however often the run happens', async () => {
    const { end } = await createContract(addDays(today, 7), 'Ends in a week');
    const first = await sendDueReminders(w.db, today);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(await sentOf(end.id)).toEqual([7]);
    expect(reminded.filter((r) => r.deadlineId === end.id)).toEqual([{ deadlineId: end.id, leadDays: 7 }]);
    const second = await sendDueReminders(w.db, today);
    expect(second).toBe(0);
    expect(await sentOf(end.id)).toEqual([7]);
    expect(reminded.filter((r) => r.deadlineId === end.id)).toHaveLength(1);
    // The owner finds it in the inbox, once.
    const inbox = await w.db
      .selectFrom('notifications')
      .select(['title', 'link'])
      .where('user_id', '=', w.users.procurement.id)
      .where('kind', '=', 'deadline')
      .execute();
    expect(inbox.filter((n) => n.title.includes('Contract ends in 7 days'))).toHaveLength(1);
  });

  it('sends each reminder once when several runs race (as two Steward instances would)', async () => {
    const { end } = await createContract(addDays(today, 1), 'Ends tomorrow');
    const counts = await Promise.all(Array.from({ length: 6 }, () => sendDueReminders(w.db, today)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await sentOf(end.id)).toEqual([1]);
    expect(reminded.filter((r) => r.deadlineId === end.id)).toHaveLength(1);
  });

  it('goes on to the next lead time on its day, and stops once the deadline is done', async () => {
    const { end } = await createContract(addDays(today, 30), 'Ends in a month');
    expect(await sendDueReminders(w.db, today)).toBe(1);
    expect(await sendDueReminders(w.db, addDays(today, 23))).toBe(1);
    expect(await sentOf(end.id)).toEqual([30, 7]);
    const d = (
      await procurement.get(
        `/api/contracts/${(await w.db.selectFrom('deadlines').select('contract_id').where('id', '=', end.id).executeTakeFirstOrThrow()).contract_id}/deadlines`,
      )
    ).body.items[0];
    expect((await procurement.patch(`/api/deadlines/${end.id}`, { version: d.version, state: 'done' })).status).toBe(200);
    expect(await sendDueReminders(w.db, addDays(today, 29))).toBe(0);
    expect(await sentOf(end.id)).toEqual([30, 7]);
  });

  it('uses the owner team’s saved lead times', async () => {
    const admin = await w.as('admin');
    expect((await admin.patch('/api/settings/teams/procurement', { version: 0, reminderLeadDays: [10] })).status).toBe(200);
    const { end } = await createContract(addDays(today, 7), 'Ends in a week, team reminds at 10 days');
    // 10 days before has passed: the latest missed reminder (10) goes out once, then nothing.
    expect(await sendDueReminders(w.db, today)).toBe(1);
    expect(await sentOf(end.id)).toEqual([10]);
    expect(await sendDueReminders(w.db, addDays(today, 7))).toBe(0);
  });

  it('does not go back to a longer lead time once a shorter one went out', async () => {
    const { end } = await createContract(addDays(today, 5), 'Ends in five days');
    await w.db
      .updateTable('deadlines')
      .set({ reminders_sent: [1] })
      .where('id', '=', end.id)
      .execute();
    // Five days before, the 10-day reminder counts as missed; but the 1-day one already went out.
    expect(await sendDueReminders(w.db, today)).toBe(0);
    expect(await sentOf(end.id)).toEqual([1]);
  });

  it('claims against the row as it is at the claim, not as the run read it (a stale read cannot send a longer lead time after a shorter one)', async () => {
    const { end } = await createContract(addDays(today, 7), 'Ends in a week, raced');
    // Hold the row locked, let a run read it (7-day reminder due) and block on its claim, then
    // commit a 1-day reminder underneath it: the claim must see that and send nothing.
    const locker = await w.tdb.superClient();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM deadlines WHERE id = $1 FOR UPDATE', [end.id]);
      const run = sendDueReminders(w.db, today);
      for (let i = 0; i < 100; i++) {
        const { rows } = await locker.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE 'update \"deadlines\"%'",
        );
        if (rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await locker.query("UPDATE deadlines SET reminders_sent = '{1}' WHERE id = $1", [end.id]);
      await locker.query('COMMIT');
      expect(await run).toBe(0);
    } finally {
      await locker.end();
    }
    expect(await sentOf(end.id)).toEqual([1]);
    expect(reminded.filter((r) => r.deadlineId === end.id)).toHaveLength(0);
  });
});
