/** Rules over the contract record itself. */
import { daysBetween } from '../dates.js';
import type { FindingSpec } from '../findings.js';
import { TEAMS } from '../teams.js';
import type { Rule } from './rule.js';

export interface ContractFacts {
  id: string;
  status: string;
  endDate: string;
  renewalDecision: string;
  owners: Partial<Record<(typeof TEAMS)[number], string | null>>;
  hasOptions: boolean;
}

const live = (c: ContractFacts) => c.status === 'active' || c.status === 'suspended';

/** Days before the end at which a missing renewal decision becomes a finding. */
export const RENEWAL_HORIZON_DAYS = 90;

export const endingWithoutDecision: Rule<ContractFacts> = {
  id: 'contract.ending_without_decision',
  title: 'Contract ends soon with no renewal decision',
  description:
    'Decide whether to exercise an option, renew, re-tender or let the contract end, early enough to re-procure or to plan decommissioning.',
  evaluate(c, today) {
    if (!live(c) || c.renewalDecision !== 'undecided') return [];
    const left = daysBetween(today, c.endDate);
    if (left < 0 || left > RENEWAL_HORIZON_DAYS) return [];
    return [
      {
        ruleId: this.id,
        subject: '',
        severity: left <= 30 ? 'critical' : 'warning',
        ownerTeam: 'procurement',
        title: `Contract ends in ${left} day${left === 1 ? '' : 's'} with no renewal decision`,
        evidence: {
          numbers: { daysLeft: left, endDate: c.endDate },
          text: c.hasOptions ? 'The contract has option periods.' : 'The contract has no option periods.',
        },
      },
    ];
  },
};

/** How a sentence names each team ("no owner for the IT and data team"), acronyms kept. */
const TEAM_IN_SENTENCE: Record<(typeof TEAMS)[number], string> = {
  procurement: 'procurement team',
  buyer: 'agency or department buyer',
  it_data: 'IT and data team',
};

export const teamWithoutOwner: Rule<ContractFacts> = {
  id: 'contract.team_without_owner',
  title: 'A team has no owner for this contract',
  description: 'Every team that manages the contract needs a named owner, so findings, deadlines and questions reach a person.',
  evaluate(c) {
    if (!live(c)) return [];
    const out: FindingSpec[] = [];
    for (const team of TEAMS) {
      if (c.owners[team]) continue;
      out.push({
        ruleId: this.id,
        subject: `team:${team}`,
        severity: 'warning',
        ownerTeam: 'procurement',
        title: `No owner for the ${TEAM_IN_SENTENCE[team]}`,
        evidence: {
          text: `Name an owner for the ${TEAM_IN_SENTENCE[team]} on the contract.`,
          links: [{ label: 'Name the owners', href: `/contracts/${c.id}/edit` }],
        },
      });
    }
    return out;
  },
};

export const CONTRACT_RULES: Rule<ContractFacts>[] = [endingWithoutDecision, teamWithoutOwner];
