import type { FindingSpec } from '../findings.js';

/** A rule: a pure function over a contract's facts (gathered by its capability) and today's date. */
export interface Rule<F> {
  id: string;
  title: string;
  /** Shown with the finding: why this matters and what to do. */
  description: string;
  /**
   * How people hear of a new finding: an inbox item at once (the default), or only in the daily
   * digest — for rules that fire many findings together, such as unanswered questions.
   */
  notify?: 'immediate' | 'digest';
  evaluate(facts: F, today: string): FindingSpec[];
}
