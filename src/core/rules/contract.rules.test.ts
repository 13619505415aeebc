import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.js';
import { type ContractFacts, RENEWAL_HORIZON_DAYS, endingWithoutDecision, teamWithoutOwner } from './contract.rules.js';

const today = '2026-06-01';
const facts = (over: Partial<ContractFacts> = {}): ContractFacts => ({
  id: 'c1',
  status: 'active',
  endDate: addDays(today, 60),
  renewalDecision: 'undecided',
  owners: { procurement: 'u1', buyer: 'u2', it_data: 'u3' },
  hasOptions: false,
  ...over,
});

describe('contract.ending_without_decision', () => {
  it('fires within 90 days of the end without a decision: a warning, critical in the last 30 days', () => {
    expect(endingWithoutDecision.evaluate(facts({ endDate: addDays(today, 91) }), today)).toEqual([]);
    expect(endingWithoutDecision.evaluate(facts({ endDate: addDays(today, 90) }), today)[0]).toMatchObject({
      severity: 'warning',
      subject: '',
    });
    expect(endingWithoutDecision.evaluate(facts({ endDate: addDays(today, 31) }), today)[0].severity).toBe('warning');
    expect(endingWithoutDecision.evaluate(facts({ endDate: addDays(today, 30) }), today)[0]).toMatchObject({
      severity: 'critical',
      title: 'Contract ends in 30 days with no renewal decision',
      evidence: { numbers: { daysLeft: 30, endDate: addDays(today, 30) } },
    });
    expect(endingWithoutDecision.evaluate(facts({ endDate: addDays(today, 1) }), today)[0].title).toBe(
      'Contract ends in 1 day with no renewal decision',
    );
  });
  it('is quiet once a decision is recorded, and for contracts that are not live', () => {
    expect(endingWithoutDecision.evaluate(facts({ renewalDecision: 'renew' }), today)).toEqual([]);
    for (const status of ['draft', 'closed', 'terminated']) expect(endingWithoutDecision.evaluate(facts({ status }), today)).toEqual([]);
    expect(endingWithoutDecision.evaluate(facts({ status: 'suspended' }), today)).toHaveLength(1);
  });
  it('fires at most once, and only inside the horizon', () => {
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), (days) => {
        const fired = endingWithoutDecision.evaluate(facts({ endDate: addDays(today, days) }), today);
        expect(fired.length).toBe(days >= 0 && days <= RENEWAL_HORIZON_DAYS ? 1 : 0);
      }),
    );
  });
});

describe('contract.team_without_owner', () => {
  it('fires one warning per team without an owner, one subject per team', () => {
    const fired = teamWithoutOwner.evaluate(facts({ owners: { procurement: 'u1' } }), today);
    expect(fired.map((f) => f.subject)).toEqual(['team:buyer', 'team:it_data']);
    expect(fired.every((f) => f.severity === 'warning' && f.ownerTeam === 'procurement')).toBe(true);
    expect(fired[0].evidence.links).toEqual([{ label: 'Name the owners', href: '/contracts/c1/edit' }]);
  });
  it('names the team in plain English, acronyms kept', () => {
    const titles = teamWithoutOwner.evaluate(facts({ owners: {} }), today).map((f) => f.title);
    expect(titles).toEqual([
      'No owner for the procurement team',
      'No owner for the agency or department buyer',
      'No owner for the IT and data team',
    ]);
  });
  it('is quiet when every team has an owner, and for contracts that are not live', () => {
    expect(teamWithoutOwner.evaluate(facts(), today)).toEqual([]);
    expect(teamWithoutOwner.evaluate(facts({ owners: {}, status: 'draft' }), today)).toEqual([]);
  });
});
