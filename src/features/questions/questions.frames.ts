/** What key questions contribute to the shared frames: the "unanswered too long" rule. */
import { QUESTION_RULES, type QuestionFacts } from '../../core/rules/questions.rules.js';
import { registerRuleSet } from '../../platform/findings/engine.js';
import { lastAnsweredDays, reviewPeriods } from './questions.store.js';

registerRuleSet<QuestionFacts>({
  name: 'questions',
  async load(db, contractId) {
    const c = await db.selectFrom('contracts').select(['id', 'status', 'start_date']).where('id', '=', contractId).executeTakeFirst();
    if (!c) return null;
    const [reviewPeriodDays, last] = await Promise.all([reviewPeriods(db), lastAnsweredDays(db, [contractId])]);
    return { contractId: c.id, status: c.status, startDate: c.start_date, reviewPeriodDays, lastAnswered: last.get(contractId) ?? {} };
  },
  rules: QUESTION_RULES,
});
