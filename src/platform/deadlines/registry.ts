/**
 * The deadlines frame. A capability registers a source that derives its deadlines for a
 * contract from its own records; the frame stores them, keeps them in step when the records
 * change, and everything else (calendar, feeds, reminders) reads the one table.
 *
 *   registerDeadlineSource({ source: 'milestones', derive: async (db, contractId) => [...] });
 */
import { DEADLINE_KIND_LABELS, type DeadlineSpec } from '../../core/deadlines.js';
import type { Team } from '../../core/teams.js';
import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../../db/database.js';

export interface DerivedDeadline extends DeadlineSpec {
  /** A person to own it; defaults to the contract's owner for the team. */
  ownerUserId?: string | null;
  /** Where the source record is in the web app, e.g. `/contracts/<id>`. */
  link?: string | null;
  timeZone?: string;
}

export interface DeadlineSource {
  /** Unique name, stored with each deadline. */
  source: string;
  /** Labels of the kinds this source produces, for filters and feeds, e.g. `{ milestone: 'Milestone' }`. */
  kinds?: Record<string, string>;
  derive(db: DbOrTx, contractId: string): Promise<DerivedDeadline[]>;
}

const sources = new Map<string, DeadlineSource>();

export function registerDeadlineSource(s: DeadlineSource): void {
  sources.set(s.source, s);
}

export function deadlineSources(): DeadlineSource[] {
  return [...sources.values()];
}

/** Every known deadline kind and its label: the core ones and those sources registered. */
export function deadlineKindLabels(): Record<string, string> {
  const out: Record<string, string> = { ...DEADLINE_KIND_LABELS };
  for (const s of sources.values()) Object.assign(out, s.kinds ?? {});
  return out;
}

/**
 * Bring a contract's stored deadlines in line with what every source derives now: new ones are
 * added, changed ones updated (a new due date re-arms its reminders), and open ones no source
 * produces any more are removed. Deadlines marked done or waived are kept as history.
 */
export async function syncContractDeadlines(tx: Tx, contractId: string): Promise<{ added: number; updated: number; removed: number }> {
  const contract = await tx.selectFrom('contracts').select(['owners']).where('id', '=', contractId).executeTakeFirst();
  if (!contract) return { added: 0, updated: 0, removed: 0 };
  const owners = contract.owners as Partial<Record<Team, string | null>>;
  let added = 0;
  let updated = 0;
  let removed = 0;
  for (const src of sources.values()) {
    const wanted = await src.derive(tx, contractId);
    const stored = await tx
      .selectFrom('deadlines')
      .selectAll()
      .where('contract_id', '=', contractId)
      .where('source', '=', src.source)
      .execute();
    const byKey = new Map(stored.map((d) => [d.source_key, d]));
    const keep = new Set<string>();
    for (const w of wanted) {
      keep.add(w.key);
      const owner = w.ownerUserId !== undefined ? w.ownerUserId : (owners[w.ownerTeam] ?? null);
      const values = {
        kind: w.kind,
        title: w.title,
        due_date: w.dueDate,
        time_zone: w.timeZone ?? 'UTC',
        owner_team: w.ownerTeam,
        owner_user_id: owner,
        link: w.link ?? `/contracts/${contractId}`,
      };
      const s = byKey.get(w.key);
      if (!s) {
        const inserted = await tx
          .insertInto('deadlines')
          .values({ contract_id: contractId, source: src.source, source_key: w.key, ...values })
          .onConflict((oc) => oc.columns(['contract_id', 'source', 'source_key']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (inserted) added++;
        continue;
      }
      const changed =
        s.kind !== values.kind ||
        s.title !== values.title ||
        s.due_date !== values.due_date ||
        s.time_zone !== values.time_zone ||
        s.owner_team !== values.owner_team ||
        s.owner_user_id !== values.owner_user_id ||
        s.link !== values.link;
      if (!changed) continue;
      const moved = s.due_date !== values.due_date;
      await tx
        .updateTable('deadlines')
        .set({
          ...values,
          // A new due date re-arms the reminders, and is a new obligation: one marked done or
          // waived for the old date opens again (the old state stays in the audit log).
          ...(moved ? { reminders_sent: [] } : {}),
          ...(moved && s.state !== 'open'
            ? { state: 'open', state_reason: null, state_changed_by: null, state_changed_at: new Date() }
            : {}),
          version: sql<number>`version + 1`,
          updated_at: new Date(),
        })
        .where('id', '=', s.id)
        .execute();
      updated++;
    }
    const gone = stored.filter((s) => !keep.has(s.source_key) && s.state === 'open').map((s) => s.id);
    if (gone.length) {
      await tx.deleteFrom('deadlines').where('id', 'in', gone).execute();
      removed += gone.length;
    }
  }
  return { added, updated, removed };
}
