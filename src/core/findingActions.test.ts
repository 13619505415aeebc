import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, compareDates, daysBetween } from './dates.js';
import {
  FINDING_ACTIONS,
  type HealthPoint,
  MAX_SNOOZE_DAYS,
  fillHealthHistory,
  findingActionProblem,
  snoozeProblem,
} from './findingActions.js';
import { FINDING_STATES } from './findings.js';

describe('findingActionProblem', () => {
  it('allows acknowledging and snoozing anything not resolved (again: replaces the note or date)', () => {
    for (const state of ['open', 'acknowledged', 'snoozed'] as const) {
      expect(findingActionProblem(state, 'acknowledge')).toBeNull();
      expect(findingActionProblem(state, 'snooze')).toBeNull();
    }
  });
  it('reopens only what was acknowledged or snoozed', () => {
    expect(findingActionProblem('acknowledged', 'reopen')).toBeNull();
    expect(findingActionProblem('snoozed', 'reopen')).toBeNull();
    expect(findingActionProblem('open', 'reopen')).toMatch(/already open/);
  });
  it('leaves resolved findings to the rules, saying why in a plain sentence', () => {
    for (const action of FINDING_ACTIONS) expect(findingActionProblem('resolved', action)).toMatch(/^This finding is resolved/);
  });
  it('answers every state and action', () => {
    for (const state of FINDING_STATES)
      for (const action of FINDING_ACTIONS) expect(() => findingActionProblem(state, action)).not.toThrow();
  });
});

describe('snoozeProblem', () => {
  const today = '2026-03-10';
  it('needs a date after today', () => {
    expect(snoozeProblem('2026-03-10', today)).toMatch(/after today/);
    expect(snoozeProblem('2026-03-09', today)).toMatch(/after today/);
    expect(snoozeProblem('2026-03-11', today)).toBeNull();
  });
  it('allows at most a year ahead', () => {
    expect(snoozeProblem(addDays(today, MAX_SNOOZE_DAYS), today)).toBeNull();
    expect(snoozeProblem(addDays(today, MAX_SNOOZE_DAYS + 1), today)).toMatch(/within 366 days/);
  });
});

const point = (day: string, score: number): HealthPoint => ({ day, score, openCritical: 0, openWarning: (100 - score) / 10, openInfo: 0 });

describe('fillHealthHistory', () => {
  it('carries the last recorded score forward over days without a record', () => {
    const out = fillHealthHistory([point('2026-01-02', 90), point('2026-01-05', 80)], '2026-01-01', '2026-01-06');
    expect(out.map((p) => [p.day, p.score])).toEqual([
      ['2026-01-02', 90],
      ['2026-01-03', 90],
      ['2026-01-04', 90],
      ['2026-01-05', 80],
      ['2026-01-06', 80],
    ]);
    expect(out[2].openWarning).toBe(1);
  });
  it('seeds the carry from a record before the window', () => {
    const out = fillHealthHistory([point('2025-12-01', 70)], '2026-01-01', '2026-01-02');
    expect(out.map((p) => [p.day, p.score])).toEqual([
      ['2026-01-01', 70],
      ['2026-01-02', 70],
    ]);
  });
  it('is empty without records, and ignores records after the window', () => {
    expect(fillHealthHistory([], '2026-01-01', '2026-12-31')).toEqual([]);
    expect(fillHealthHistory([point('2027-01-01', 50)], '2026-01-01', '2026-01-03')).toEqual([]);
  });
  const day = fc.integer({ min: 0, max: 60 }).map((n) => addDays('2026-01-01', n));
  it('gives consecutive days ending on the last day, keeping every record inside the window', () => {
    fc.assert(
      fc.property(fc.uniqueArray(day, { maxLength: 12 }), fc.integer({ min: 0, max: 100 }), (days, base) => {
        const recorded = days.map((d, i) => point(d, (base + i * 7) % 101));
        const from = '2026-01-15';
        const to = '2026-02-20';
        const out = fillHealthHistory(recorded, from, to);
        for (let i = 1; i < out.length; i++) expect(daysBetween(out[i - 1].day, out[i].day)).toBe(1);
        if (out.length) expect(out[out.length - 1].day).toBe(to);
        for (const r of recorded) {
          if (compareDates(r.day, from) < 0 || compareDates(r.day, to) > 0) continue;
          expect(out.find((p) => p.day === r.day)?.score).toBe(r.score);
        }
        const anyUpToEnd = recorded.some((r) => compareDates(r.day, to) <= 0);
        expect(out.length > 0).toBe(anyUpToEnd);
      }),
    );
  });
});
