import type { FindingSpec } from '../findings.js';

/** A rule: a pure function over a contract's facts (gathered by its capability) and today's date. */
export interface Rule<F> {
  id: string;
  title: string;
  /** Shown with the finding: why this matters and what to do. */
  description: string;
  evaluate(facts: F, today: string): FindingSpec[];
}
