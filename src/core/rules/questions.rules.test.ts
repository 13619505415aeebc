import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.js';
import { KEY_QUESTIONS } from '../questions.js';
import { type QuestionFacts, QUESTION_RULES, unansweredQuestion } from './questions.rules.js';

const facts = (over: Partial<QuestionFacts> = {}): QuestionFacts => ({
  contractId: 'c1',
  status: 'active',
  startDate: '2026-01-01',
  reviewPeriodDays: { procurement: 90, buyer: 90, it_data: 90 },
  lastAnswered: {},
  ...over,
});
const allAnswered = (day: string) => Object.fromEntries(KEY_QUESTIONS.map((q) => [q.id, day]));
const run = (f: QuestionFacts, today: string) => unansweredQuestion.evaluate(f, today);

describe('questions.unanswered', () => {
  it('is the one question rule', () => expect(QUESTION_RULES.map((r) => r.id)).toEqual(['questions.unanswered']));

  it('fires nothing within the review period of the contract start', () => {
    expect(run(facts(), '2026-03-31')).toEqual([]); // day 89
    expect(run(facts(), '2026-04-01')).toEqual([]); // day 90
  });

  it('fires one warning per question once the period has passed, owned by the question’s team', () => {
    const fired = run(facts(), '2026-04-02');
    expect(fired).toHaveLength(KEY_QUESTIONS.length);
    expect(new Set(fired.map((f) => f.subject)).size).toBe(KEY_QUESTIONS.length);
    for (const q of KEY_QUESTIONS) {
      const f = fired.find((x) => x.subject === `question:${q.id}`);
      expect(f).toMatchObject({ ruleId: 'questions.unanswered', severity: 'warning', ownerTeam: q.team });
      expect(f?.title).toContain(q.text);
      expect(f?.evidence.numbers).toMatchObject({ daysWithoutAnswer: 91, reviewPeriodDays: 90, lastAnswered: 'never' });
      expect(f?.evidence.links?.[0].href).toBe('/contracts/c1?tab=questions');
    }
  });

  it('counts from the last answer in any round, so an answer stops it (not_applicable counts)', () => {
    const f = facts({ lastAnswered: { 'buyer.training': '2026-03-15' } });
    const fired = run(f, '2026-04-10');
    expect(fired.map((x) => x.subject)).not.toContain('question:buyer.training');
    expect(fired).toHaveLength(KEY_QUESTIONS.length - 1);
    // …until the period passes again after that answer
    expect(run(f, addDays('2026-03-15', 91)).map((x) => x.subject)).toContain('question:buyer.training');
  });

  it('uses each team’s own review period', () => {
    const f = facts({ reviewPeriodDays: { procurement: 30, buyer: 180, it_data: 90 } });
    const fired = run(f, '2026-02-15'); // day 45
    expect(new Set(fired.map((x) => x.ownerTeam))).toEqual(new Set(['procurement']));
    expect(fired).toHaveLength(KEY_QUESTIONS.filter((q) => q.team === 'procurement').length);
  });

  it('is quiet for draft, closed and terminated contracts, and for contracts not started yet', () => {
    for (const status of ['draft', 'closed', 'terminated']) expect(run(facts({ status }), '2027-01-01')).toEqual([]);
    expect(run(facts({ status: 'suspended' }), '2027-01-01')).toHaveLength(KEY_QUESTIONS.length);
    expect(run(facts({ startDate: '2027-06-01' }), '2027-01-01')).toEqual([]);
  });

  it('never fires for a question answered within its period, whatever the dates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 7, max: 730 }),
        (startAgo, answeredAgo, period) => {
          const today = '2026-11-25';
          const f = facts({
            startDate: addDays(today, -startAgo),
            lastAnswered: allAnswered(addDays(today, -answeredAgo)),
            reviewPeriodDays: { procurement: period, buyer: period, it_data: period },
          });
          const fired = run(f, today);
          const expected = Math.min(startAgo, answeredAgo) > period ? KEY_QUESTIONS.length : 0;
          expect(fired).toHaveLength(expected);
        },
      ),
    );
  });
});
