/** Rules over a contract's key-question answers. */
import type { FindingSpec } from '../findings.js';
import { KEY_QUESTIONS, daysWithoutAnswer, roundLabel, roundOf } from '../questions.js';
import { TEAM_IN_SENTENCE, type Team } from '../teams.js';
import type { Rule } from './rule.js';

export interface QuestionFacts {
  contractId: string;
  status: string;
  startDate: string;
  /** Each team's review period in days (a team without a setting uses the default). */
  reviewPeriodDays: Record<Team, number>;
  /** Day (YYYY-MM-DD, UTC) of each question's last answer in any round; absent = never answered. */
  lastAnswered: Partial<Record<string, string>>;
}

/** Contracts whose questions are still reviewed: not drafts, not closed or terminated. */
const reviewed = (f: QuestionFacts) => f.status === 'active' || f.status === 'suspended';

export const unansweredQuestion: Rule<QuestionFacts> = {
  id: 'questions.unanswered',
  notify: 'digest',
  title: 'A key question has gone unanswered for longer than its review period',
  description:
    'Each team reviews its key questions every review period. Answer the question (on track, at risk, off track or not applicable) so the contract stays managed, not just signed.',
  evaluate(f, today) {
    if (!reviewed(f)) return [];
    const out: FindingSpec[] = [];
    for (const q of KEY_QUESTIONS) {
      const period = f.reviewPeriodDays[q.team];
      const last = f.lastAnswered[q.id] ?? null;
      const days = daysWithoutAnswer(f.startDate, last, today);
      if (days <= period) continue;
      out.push({
        ruleId: this.id,
        subject: `question:${q.id}`,
        severity: 'warning',
        ownerTeam: q.team,
        title: `No answer for ${days} days: ${q.text}`,
        evidence: {
          numbers: { daysWithoutAnswer: days, reviewPeriodDays: period, lastAnswered: last ?? 'never' },
          links: [{ label: 'Answer the key question', href: `/contracts/${f.contractId}?tab=questions` }],
          text: `${last ? `Last answered on ${last}` : 'Never answered'}; ${TEAM_IN_SENTENCE[q.team]} reviews its questions every ${period} days. Answer it for ${roundLabel(roundOf(today))}.`,
        },
      });
    }
    return out;
  },
};

export const QUESTION_RULES: Rule<QuestionFacts>[] = [unansweredQuestion];
