/** What the contract record itself contributes to the shared frames: deadlines, rules, evidence. */
import { RENEWAL_DECISION_LABELS, type RenewalDecision } from '../../core/contract.js';
import { daysBetween, todayUtc } from '../../core/dates.js';
import { contractDeadlines } from '../../core/deadlines.js';
import { CONTRACT_RULES, type ContractFacts } from '../../core/rules/contract.rules.js';
import type { DbOrTx } from '../../db/database.js';
import { registerDeadlineSource } from '../../platform/deadlines/registry.js';
import { registerRuleSet } from '../../platform/findings/engine.js';
import { registerEvidenceProvider } from '../../platform/questions/evidence.js';

async function load(db: DbOrTx, id: string) {
  return db
    .selectFrom('contracts')
    .select(['id', 'status', 'end_date', 'options', 'renewal_decision', 'owners'])
    .where('id', '=', id)
    .executeTakeFirst();
}

registerDeadlineSource({
  source: 'contract',
  async derive(db, contractId) {
    const c = await load(db, contractId);
    if (!c) return [];
    return contractDeadlines({ status: c.status, endDate: c.end_date, options: c.options, renewalDecision: c.renewal_decision });
  },
});

registerRuleSet<ContractFacts>({
  name: 'contract',
  async load(db, contractId) {
    const c = await load(db, contractId);
    if (!c) return null;
    return {
      id: c.id,
      status: c.status,
      endDate: c.end_date,
      renewalDecision: c.renewal_decision,
      owners: c.owners,
      hasOptions: c.options.length > 0,
    };
  },
  rules: CONTRACT_RULES,
});

registerEvidenceProvider({
  name: 'contract',
  questionIds: ['procurement.flexibility'],
  async collect(db, contractId) {
    const c = await load(db, contractId);
    if (!c) return {};
    const left = daysBetween(todayUtc(), c.end_date);
    return {
      'procurement.flexibility': [
        { label: 'Option periods', value: String(c.options.length), tone: c.options.length ? 'good' : 'warning' },
        {
          label: 'Renewal decision',
          value: RENEWAL_DECISION_LABELS[c.renewal_decision as RenewalDecision] ?? c.renewal_decision,
          tone: c.renewal_decision === 'undecided' && left <= 90 ? 'warning' : 'neutral',
        },
        { label: 'Days to the end of the contract', value: String(left), tone: left < 0 ? 'neutral' : left <= 90 ? 'warning' : 'neutral' },
      ],
    };
  },
});
