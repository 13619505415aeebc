/** Demo data for the deadlines frame: a few deadlines already handled, so the calendar shows every state. */
import type { Db } from '../../db/database.js';
import type { ServiceContext } from '../../platform/context.js';
import { systemActor } from '../../platform/context.js';
import { createLogger } from '../../platform/logger.js';
import { updateDeadline } from './deadlines.service.js';

const HANDLED: { reference: string; kind: string; state: 'done' | 'waived'; reason: string }[] = [
  {
    reference: 'HV-2025-051',
    kind: 'contract_end',
    state: 'done',
    reason: 'Handover to the in-house forecasting team agreed at the steering group; no renewal needed.',
  },
  {
    reference: 'HV-2025-040',
    kind: 'contract_end',
    state: 'waived',
    reason: 'The pilot will be folded into the permanent translation service before this date.',
  },
];

export async function loadDeadlinesDemo(db: Db): Promise<void> {
  const ctx: ServiceContext = { db, actor: systemActor(), requestId: 'demo-loader', log: createLogger('silent') };
  for (const h of HANDLED) {
    const d = await db
      .selectFrom('deadlines as dl')
      .innerJoin('contracts as c', 'c.id', 'dl.contract_id')
      .select(['dl.id', 'dl.version'])
      .where('c.reference', '=', h.reference)
      .where('dl.kind', '=', h.kind)
      .executeTakeFirst();
    if (d) await updateDeadline(ctx, d.id, { state: h.state, reason: h.reason, version: d.version });
  }
}
