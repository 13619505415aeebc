/**
 * What happens after a contract or anything hanging off it changes: its deadlines are
 * re-derived and its rules re-run, so the calendar, findings and health score follow at once.
 */
import { todayUtc } from '../core/dates.js';
import type { Db } from '../db/database.js';
import { syncContractDeadlines } from './deadlines/registry.js';
import { emit } from './events.js';
import { evaluateContract } from './findings/engine.js';

export async function afterContractChange(db: Db, contractId: string, today = todayUtc()): Promise<void> {
  await db.transaction().execute((tx) => syncContractDeadlines(tx, contractId));
  await evaluateContract(db, contractId, today);
  await emit(db, { type: 'contract.changed', contractId });
}

/** Re-derive every live contract's deadlines (the daily run, and after a rule or setting changes). */
export async function syncAllDeadlines(db: Db): Promise<{ contracts: number }> {
  const ids = await db.selectFrom('contracts').select('id').where('status', '<>', 'closed').execute();
  for (const { id } of ids) await db.transaction().execute((tx) => syncContractDeadlines(tx, id));
  return { contracts: ids.length };
}
