import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './dates.js';
import { OPTION_NOTICE_DAYS, contractDeadlines, normaliseLeadDays, reminderDue } from './deadlines.js';
import { CONTRACT_RULES, endingWithoutDecision, teamWithoutOwner } from './rules/contract.rules.js';
import { KEY_QUESTIONS, answerSeverity } from './questions.js';

describe('reminderDue', () => {
  const lead = [30, 7, 1, 0];
  it('sends each reminder on its day', () => {
    expect(reminderDue('2026-03-31', lead, '2026-03-01', [])).toBe(30);
    expect(reminderDue('2026-03-31', lead, '2026-03-24', [30])).toBe(7);
    expect(reminderDue('2026-03-31', lead, '2026-03-30', [30, 7])).toBe(1);
    expect(reminderDue('2026-03-31', lead, '2026-03-31', [30, 7, 1])).toBe(0);
  });
  it('sends nothing between reminders, after the due date, or twice', () => {
    expect(reminderDue('2026-03-31', lead, '2026-03-10', [30])).toBeNull();
    expect(reminderDue('2026-03-31', lead, '2026-04-01', [])).toBeNull();
    expect(reminderDue('2026-03-31', lead, '2026-03-01', [30])).toBeNull();
  });
  it('after missed days sends only the latest missed reminder', () => {
    expect(reminderDue('2026-03-31', lead, '2026-03-30', [])).toBe(1);
    expect(reminderDue('2026-03-31', lead, '2026-03-30', [1])).toBeNull();
  });
  it('over a whole run of days sends each lead time at most once, in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.uniqueArray(fc.integer({ min: 0, max: 45 }), { maxLength: 5 }), (start, days) => {
        const due = '2026-06-30';
        const sent: number[] = [];
        for (let t = start; t >= -2; t--) {
          const r = reminderDue(due, days, addDays(due, -t), sent);
          if (r !== null) sent.push(r);
        }
        expect(new Set(sent).size).toBe(sent.length);
        expect([...sent].sort((a, b) => b - a)).toEqual(sent);
      }),
    );
  });
  it('normalises lead days', () => expect(normaliseLeadDays([7, 30, 7, -1, 1.5, 0, 400])).toEqual([30, 7, 0]));
});

describe('contractDeadlines', () => {
  const base = {
    status: 'active',
    endDate: '2026-12-31',
    options: [{ description: 'Option year 1', startDate: '2027-01-01', endDate: '2027-12-31' }],
    renewalDecision: 'undecided',
  };
  it('registers the end date and a decision date before each option', () => {
    const d = contractDeadlines(base);
    expect(d.map((x) => x.kind)).toEqual(['option_window', 'contract_end']);
    expect(d[0].dueDate).toBe(addDays('2027-01-01', -OPTION_NOTICE_DAYS));
  });
  it('drops option decisions once a renewal decision is made, and everything for closed contracts', () => {
    expect(contractDeadlines({ ...base, renewalDecision: 'let_expire' }).map((x) => x.kind)).toEqual(['contract_end']);
    expect(contractDeadlines({ ...base, status: 'closed' })).toEqual([]);
  });
});

describe('contract rules', () => {
  const facts = {
    id: 'c',
    status: 'active',
    endDate: '2026-03-31',
    renewalDecision: 'undecided',
    owners: { procurement: 'u1', buyer: 'u2', it_data: 'u3' },
    hasOptions: false,
  };
  it('flags a contract ending within 90 days without a renewal decision, critical within 30', () => {
    expect(endingWithoutDecision.evaluate(facts, '2025-12-30')).toEqual([]);
    expect(endingWithoutDecision.evaluate(facts, '2025-12-31')[0].title).toMatch(/90 days/);
    expect(endingWithoutDecision.evaluate(facts, '2026-01-01')[0].severity).toBe('warning');
    expect(endingWithoutDecision.evaluate(facts, '2026-03-01')[0].severity).toBe('critical');
    expect(endingWithoutDecision.evaluate({ ...facts, renewalDecision: 'retender' }, '2026-03-01')).toEqual([]);
    expect(endingWithoutDecision.evaluate(facts, '2026-04-01')).toEqual([]);
  });
  it('flags each team without an owner as its own subject', () => {
    const r = teamWithoutOwner.evaluate({ ...facts, owners: { procurement: 'u1' } }, '2026-01-01');
    expect(r.map((f) => f.subject)).toEqual(['team:buyer', 'team:it_data']);
  });
  it('stays quiet for closed contracts', () => {
    for (const rule of CONTRACT_RULES) expect(rule.evaluate({ ...facts, status: 'closed', owners: {} }, '2026-03-01')).toEqual([]);
  });
});

describe('key questions', () => {
  it('has every question of the seed table, with unique ids, for each team', () => {
    expect(KEY_QUESTIONS).toHaveLength(18);
    expect(new Set(KEY_QUESTIONS.map((q) => q.id)).size).toBe(18);
    expect(KEY_QUESTIONS.filter((q) => q.team === 'procurement')).toHaveLength(7);
    expect(KEY_QUESTIONS.filter((q) => q.team === 'buyer')).toHaveLength(8);
    expect(KEY_QUESTIONS.filter((q) => q.team === 'it_data')).toHaveLength(3);
  });
  it('orders answers worst first', () => {
    expect(answerSeverity('off_track')).toBeGreaterThan(answerSeverity('at_risk'));
    expect(answerSeverity('at_risk')).toBeGreaterThan(answerSeverity(null));
    expect(answerSeverity(null)).toBeGreaterThan(answerSeverity('on_track'));
  });
});
