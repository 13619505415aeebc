/**
 * Demo findings: after the demo contracts (and their key-question answers) are loaded and the
 * rules have run, one finding is acknowledged with a note and one snoozed with a reason, through
 * the service (validated and audited), so every state shows; and the last 30 days of health
 * history are filled in, so the contract pages have a chart to draw.
 *
 * The history is the demo's only invention: for each past day it records the score the rules
 * would have given with the contracts' current facts on that day (an "ends in N days" finding
 * appears once the end is within 90 days, a question goes unanswered once its review period has
 * passed). Real installations build their history from the daily run.
 */
import { addDays } from '../../core/dates.js';
import { healthScore } from '../../core/findings.js';
import type { Db } from '../../db/database.js';
import { type ServiceContext, systemActor } from '../../platform/context.js';
import { evaluateAll, previewFindings } from '../../platform/findings/engine.js';
import { createLogger } from '../../platform/logger.js';
import { changeFinding } from './findings.service.js';

const HISTORY_DAYS = 30;

async function findingOf(db: Db, reference: string, ruleId: string, subject = '') {
  return db
    .selectFrom('findings as f')
    .innerJoin('contracts as c', 'c.id', 'f.contract_id')
    .select(['f.id', 'f.version', 'f.state'])
    .where('c.reference', '=', reference)
    .where('f.rule_id', '=', ruleId)
    .where('f.subject', '=', subject)
    .executeTakeFirst();
}

export async function loadFindingsDemo(db: Db, today: string): Promise<void> {
  const ctx: ServiceContext = { db, actor: systemActor(), requestId: 'demo-loader', log: createLogger('silent') };
  await evaluateAll(db, today);

  // The resident chatbot ends within 90 days: procurement has seen it and says what happens next.
  const ending = await findingOf(db, 'HV-2025-014', 'contract.ending_without_decision');
  if (ending?.state === 'open')
    await changeFinding(
      ctx,
      ending.id,
      {
        action: 'acknowledge',
        note: 'Option year 1 goes to the digital board on the 12th with the usage figures; the buyer prepares the case.',
        version: ending.version,
      },
      today,
    );
  // The transcription subscription has no IT & data owner until the new lead starts.
  const owner = await findingOf(db, 'HV-2025-022', 'contract.team_without_owner', 'team:it_data');
  if (owner?.state === 'open')
    await changeFinding(
      ctx,
      owner.id,
      {
        action: 'snooze',
        until: addDays(today, 21),
        reason: 'The new IT & data lead for Customer Services starts in three weeks and takes this contract.',
        version: owner.version,
      },
      today,
    );

  const contracts = await db.selectFrom('contracts').select(['id', 'start_date']).where('status', '<>', 'closed').execute();
  for (const c of contracts) {
    const rows = [];
    for (let back = HISTORY_DAYS; back >= 1; back--) {
      const day = addDays(today, -back);
      if (day < c.start_date) continue;
      const fired = await previewFindings(db, c.id, day);
      const open = (severity: string) => fired.filter((f) => f.severity === severity).length;
      rows.push({
        contract_id: c.id,
        day,
        score: healthScore(fired.map((f) => ({ ruleId: f.ruleId, severity: f.severity, state: 'open' as const }))),
        open_critical: open('critical'),
        open_warning: open('warning'),
        open_info: open('info'),
      });
    }
    if (rows.length)
      await db
        .insertInto('health_history')
        .values(rows)
        .onConflict((oc) => oc.columns(['contract_id', 'day']).doNothing())
        .execute();
  }
}
