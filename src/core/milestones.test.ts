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
  type ScoredCriterion,
  scoreRun,
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

describe('scoreRun', () => {
  const wer: ScoredCriterion = { name: 'WER', threshold: 0.12, direction: 'at_most' };
  const works: ScoredCriterion = { name: 'Works offline', threshold: null, direction: null };

  it('scores numeric criteria by their threshold and others by the tester’s verdict', () => {
    expect(
      scoreRun(
        [wer, works],
        [
          { criterion: 'WER', value: 0.15, passed: true },
          { criterion: 'Works offline', value: null, passed: true },
        ],
      ),
    ).toEqual({
      ok: true,
      results: [
        { criterion: 'WER', value: 0.15, passed: false },
        { criterion: 'Works offline', value: null, passed: true },
      ],
      passed: false,
    });
    expect(scoreRun([wer], [{ criterion: 'WER', value: 0.12, passed: null }])).toMatchObject({ passed: true });
  });

  it('names what is missing or unknown, keyed like the request', () => {
    expect(scoreRun([wer, works], [{ criterion: 'WER', value: null, passed: true }])).toEqual({
      ok: false,
      errors: {
        'results.0.value': 'is required: this criterion has a numeric threshold',
        results: 'give a result for every criterion (missing: Works offline)',
      },
    });
    expect(
      scoreRun(
        [works],
        [
          { criterion: 'Works offline', value: 1, passed: null },
          { criterion: 'Speed', value: 1, passed: true },
        ],
      ),
    ).toEqual({
      ok: false,
      errors: {
        'results.1.criterion': 'is not a criterion of the test plan',
        'results.0.passed': 'is required: say whether this criterion passed',
      },
    });
  });

  const criterion = fc.record({
    name: fc.string({ minLength: 1, maxLength: 6 }),
    threshold: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1000, max: 1000 }), { nil: null }),
    direction: fc.constantFrom('at_least' as const, 'at_most' as const),
  });
  const plan = fc
    .uniqueArray(criterion, { minLength: 1, maxLength: 6, selector: (k) => k.name })
    .map((ks) => ks.map((k) => (k.threshold === null ? { ...k, direction: null } : k)));
  const complete = plan.chain((ks) =>
    fc
      .tuple(
        ...ks.map(() =>
          fc.record({ value: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1000, max: 1000 }), passed: fc.boolean() }),
        ),
      )
      .map((rs) => ({ ks, rs: rs.map((r, i) => ({ criterion: ks[i].name, value: r.value, passed: r.passed })) })),
  );

  it('a complete run passes exactly when every criterion passes, in any order of results', () => {
    fc.assert(
      fc.property(complete, fc.boolean(), ({ ks, rs }, reverse) => {
        const scored = scoreRun(ks, reverse ? [...rs].reverse() : rs);
        if (!scored.ok) throw new Error(`unexpected errors ${JSON.stringify(scored.errors)}`);
        expect(scored.results.map((r) => r.criterion)).toEqual(ks.map((k) => k.name));
        scored.results.forEach((r, i) => {
          const k = ks[i];
          const given = rs.find((x) => x.criterion === k.name)!;
          expect(r.passed).toBe(k.threshold !== null && k.direction ? meetsThreshold(given.value, k.threshold, k.direction) : given.passed);
        });
        expect(scored.passed).toBe(scored.results.every((r) => r.passed));
      }),
    );
  });

  it('moving a measured value toward the threshold’s good side never turns a pass into a fail', () => {
    fc.assert(
      fc.property(
        criterion,
        fc.double({ noNaN: true, noDefaultInfinity: true, min: -1000, max: 1000 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (k, v, step) => {
          if (k.threshold === null) return;
          const better = k.direction === 'at_least' ? v + step : v - step;
          const one = (value: number) => scoreRun([k], [{ criterion: k.name, value, passed: null }]) as { passed: boolean };
          if (one(v).passed) expect(one(better).passed).toBe(true);
        },
      ),
    );
  });

  it('leaving out any one criterion is always an error, never a pass', () => {
    fc.assert(
      fc.property(complete, fc.nat(), ({ ks, rs }, n) => {
        const drop = n % rs.length;
        const scored = scoreRun(
          ks,
          rs.filter((_, i) => i !== drop),
        );
        expect(scored.ok).toBe(false);
      }),
    );
  });
});
