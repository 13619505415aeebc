/**
 * In-process events after a change has committed. Frames subscribe (notifications turn
 * `finding.opened` into inbox items, mail and webhooks); capabilities emit.
 */
export type StewardEvent =
  | { type: 'finding.opened'; contractId: string; findingId: string; severity: string; title: string; ownerTeam: string; ruleId: string }
  | {
      type: 'deadline.reminder';
      contractId: string;
      deadlineId: string;
      title: string;
      dueDate: string;
      leadDays: number;
      ownerTeam: string;
      ownerUserId: string | null;
    }
  | { type: 'contract.changed'; contractId: string }
  | {
      type: 'invoice.changed';
      contractId: string;
      invoiceId: string;
      /** What happened: submitted, resubmitted, returned, approved, scheduled, payment_recorded, credit_note_recorded, paid. */
      action: string;
      state: string;
    };

import type { Db } from '../db/database.js';

type Listener = (e: StewardEvent, db: Db) => Promise<void> | void;
const listeners: Listener[] = [];

export function onEvent(l: Listener): () => void {
  listeners.push(l);
  return () => {
    const i = listeners.indexOf(l);
    if (i >= 0) listeners.splice(i, 1);
  };
}

/** Deliver an event to every listener; a failing listener is logged by the caller's logger, never breaks the change. */
export async function emit(db: Db, e: StewardEvent): Promise<void> {
  for (const l of listeners) {
    try {
      await l(e, db);
    } catch (err) {
      process.emitWarning(`event listener failed for ${e.type}: ${(err as Error).message}`);
    }
  }
}
