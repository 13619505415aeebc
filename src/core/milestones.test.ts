import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from './dates.js';
import {
  acceptanceDecisionDue,
  effectiveAcceptanceDate,
  isOverdue,
  lateInWindow,
  meetsThreshold,
  milestoneEvidence,
  slipDays,
} from './milestones.js';

const day = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('acceptance under us-far', () => {
  const delivered = '2026-03-02';
  it('counts as made on the 7th day after delivery', () => {
    expect(effectiveAcceptanceDate({ rulePack: 'us-far', deliveredDate: delivered }, '2026-03-08')).toBeNull();
    expect(effectiveAcceptanceDate({ rulePack: 'us-far', deliveredDate: delivered }, '2026-03-09')).toBe('2026-03-09');
    expect(acceptanceDecisionDue({ rulePack: 'us-far', deliveredDate: delivered })).toBe('2026-03-09');
  });
  it('takes an earlier actual acceptance', () => {
    expect(effectiveAcceptanceDate({ rulePack: 'us-far', deliveredDate: delivered, acceptedDate: '2026-03-04' }, '2026-03-20')).toBe(
      '2026-03-04',
    );
  });
  it('stops the clock when a dispute was recorded', () => {
    expect(effectiveAcceptanceDate({ rulePack: 'us-far', deliveredDate: delivered, disputed: true }, '2026-04-30')).toBeNull();
    expect(
      effectiveAcceptanceDate({ rulePack: 'us-far', deliveredDate: delivered, disputed: true, acceptedDate: '2026-04-01' }, '2026-04-30'),
    ).toBe('2026-04-01');
  });
  it('never deems acceptance later than the 7th day nor before delivery', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 400 }), (d, t) => {
        const today = addDays(d, t);
        const got = effectiveAcceptanceDate({ rulePack: 'us-far', deliveredDate: d }, today);
        if (t < 7) expect(got).toBeNull();
        else expect(got).toBe(addDays(d, 7));
      }),
    );
  });
});

describe('acceptance under other packs', () => {
  it('uses the contract period or 30 days, and only an actual acceptance counts', () => {
    expect(acceptanceDecisionDue({ rulePack: 'eu', deliveredDate: '2026-01-31', acceptancePeriodDays: 14 })).toBe('2026-02-14');
    expect(acceptanceDecisionDue({ rulePack: 'generic', deliveredDate: '2026-01-31' })).toBe('2026-03-02');
    expect(effectiveAcceptanceDate({ rulePack: 'uk-pa23', deliveredDate: '2026-01-01' }, '2027-01-01')).toBeNull();
    expect(effectiveAcceptanceDate({ rulePack: 'uk-pa23', deliveredDate: '2026-01-01', acceptedDate: '2026-01-05' }, '2027-01-01')).toBe(
      '2026-01-05',
    );
  });
});

describe('slips and evidence', () => {
  it('slipDays is never negative and equals the days late', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -100, max: 100 }), (due, delta) => {
        const met = addDays(due, delta);
        expect(slipDays(due, met)).toBe(Math.max(0, daysBetween(due, met)));
      }),
    );
  });
  it('a milestone is overdue the day after its due date until met', () => {
    expect(isOverdue({ dueDate: '2026-05-01', status: 'scheduled', metDate: null }, '2026-05-01')).toBe(false);
    expect(isOverdue({ dueDate: '2026-05-01', status: 'scheduled', metDate: null }, '2026-05-02')).toBe(true);
    expect(isOverdue({ dueDate: '2026-05-01', status: 'partiallyMet', metDate: null }, '2026-05-02')).toBe(true);
    expect(isOverdue({ dueDate: '2026-05-01', status: 'met', metDate: '2026-05-09' }, '2026-06-02')).toBe(false);
  });
  it('finds milestones met late in the last 90 days', () => {
    const ms = [
      { dueDate: '2026-01-01', status: 'met' as const, metDate: '2026-01-10' },
      { dueDate: '2026-03-01', status: 'met' as const, metDate: '2026-03-03' },
      { dueDate: '2026-03-10', status: 'met' as const, metDate: '2026-03-09' },
    ];
    expect(lateInWindow(ms, '2026-04-05')).toHaveLength(2);
    expect(lateInWindow(ms, '2026-05-01')).toHaveLength(1);
  });
  it('computes on-time rate, overdue count and average slip', () => {
    const e = milestoneEvidence(
      [
        { dueDate: '2026-01-01', status: 'met', metDate: '2026-01-05' },
        { dueDate: '2026-02-01', status: 'met', metDate: '2026-02-01' },
        { dueDate: '2026-03-01', status: 'scheduled', metDate: null },
        { dueDate: '2026-09-01', status: 'scheduled', metDate: null },
      ],
      '2026-04-01',
    );
    expect(e).toEqual({ onTimeRate: 0.5, overdue: 1, averageSlipDays: 4 });
    expect(milestoneEvidence([], '2026-01-01')).toEqual({ onTimeRate: null, overdue: 0, averageSlipDays: null });
  });
});

describe('meetsThreshold', () => {
  it('reads the direction', () => {
    expect(meetsThreshold(0.93, 0.9, 'at_least')).toBe(true);
    expect(meetsThreshold(0.12, 0.1, 'at_most')).toBe(false);
    expect(meetsThreshold(0.1, 0.1, 'at_most')).toBe(true);
    expect(meetsThreshold(Number.NaN, 0.1, 'at_most')).toBe(false);
  });
  it('is exactly one of pass or fail for the two directions unless equal', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 }), (v, t) => {
        if (v === t) expect(meetsThreshold(v, t, 'at_least') && meetsThreshold(v, t, 'at_most')).toBe(true);
        else expect(meetsThreshold(v, t, 'at_least')).toBe(!meetsThreshold(v, t, 'at_most'));
      }),
    );
  });
});
