/**
 * The key-questions frame's evidence interface. A capability registers a provider that, for a
 * contract, returns evidence items for the questions it can inform. Questions nobody informs
 * yet say so in the app.
 *
 *   registerEvidenceProvider({ name: 'milestones', questionIds: ['procurement.milestones'], collect: async (db, id) => ({ … }) });
 */
import type { DbOrTx } from '../../db/database.js';

export interface EvidenceItem {
  label: string;
  value: string;
  /** How the number reads: good news, something to watch, a problem, or just a fact. */
  tone?: 'good' | 'warning' | 'bad' | 'neutral';
  href?: string;
}

export interface EvidenceProvider {
  name: string;
  questionIds: string[];
  collect(db: DbOrTx, contractId: string): Promise<Partial<Record<string, EvidenceItem[]>>>;
}

const providers: EvidenceProvider[] = [];

export function registerEvidenceProvider(p: EvidenceProvider): void {
  if (!providers.some((x) => x.name === p.name)) providers.push(p);
}

/** Evidence per question id for one contract, each item labelled with the capability it came from. */
export async function collectEvidence(db: DbOrTx, contractId: string): Promise<Record<string, (EvidenceItem & { source: string })[]>> {
  const out: Record<string, (EvidenceItem & { source: string })[]> = {};
  for (const p of providers) {
    const got = await p.collect(db, contractId);
    for (const [qid, items] of Object.entries(got)) {
      if (!items?.length) continue;
      const list = out[qid] ?? [];
      list.push(...items.map((i) => ({ ...i, source: p.name })));
      out[qid] = list;
    }
  }
  return out;
}

/** Question ids some capability can inform. */
export function informedQuestions(): Set<string> {
  return new Set(providers.flatMap((p) => p.questionIds));
}
