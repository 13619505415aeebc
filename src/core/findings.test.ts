import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FindingSpec, type StoredFinding, healthBand, healthScore, reconcileFindings } from './findings.js';

const spec = (ruleId: string, subject = '', severity: FindingSpec['severity'] = 'warning'): FindingSpec => ({
  ruleId,
  subject,
  severity,
  ownerTeam: 'procurement',
  title: ruleId,
  evidence: {},
});
const stored = (
  id: string,
  ruleId: string,
  state: StoredFinding['state'],
  subject = '',
  snoozedUntil: string | null = null,
): StoredFinding => ({
  id,
  ruleId,
  subject,
  state,
  snoozedUntil,
});

describe('reconcileFindings', () => {
  it('creates a finding the first time a rule fires', () => {
    expect(reconcileFindings([], [spec('r1')], '2026-01-01').create).toHaveLength(1);
  });
  it('never duplicates: the same rule and subject refreshes the stored finding', () => {
    const r = reconcileFindings([stored('f1', 'r1', 'open')], [spec('r1'), spec('r1')], '2026-01-01');
    expect(r.create).toEqual([]);
    expect(r.refresh).toEqual([{ id: 'f1', spec: spec('r1'), nextState: 'open' }]);
  });
  it('keeps different subjects of one rule apart', () => {
    const r = reconcileFindings(
      [stored('f1', 'r1', 'open', 'team:buyer')],
      [spec('r1', 'team:buyer'), spec('r1', 'team:it_data')],
      '2026-01-01',
    );
    expect(r.create.map((s) => s.subject)).toEqual(['team:it_data']);
  });
  it('resolves findings whose rule stopped firing, and reopens the same one if it fires again', () => {
    expect(reconcileFindings([stored('f1', 'r1', 'acknowledged')], [], '2026-01-01').resolve).toEqual(['f1']);
    const again = reconcileFindings([stored('f1', 'r1', 'resolved')], [spec('r1')], '2026-01-02');
    expect(again.create).toEqual([]);
    expect(again.refresh[0].nextState).toBe('open');
  });
  it('keeps acknowledged findings acknowledged while they fire', () => {
    expect(reconcileFindings([stored('f1', 'r1', 'acknowledged')], [spec('r1')], '2026-01-01').refresh[0].nextState).toBe('acknowledged');
  });
  it('wakes snoozed findings on the day the snooze ends', () => {
    const s = [stored('f1', 'r1', 'snoozed', '', '2026-01-10')];
    expect(reconcileFindings(s, [spec('r1')], '2026-01-09').refresh[0].nextState).toBe('snoozed');
    expect(reconcileFindings(s, [spec('r1')], '2026-01-10').refresh[0].nextState).toBe('open');
  });
  it('is stable: running twice with the same facts changes nothing the second time', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 4 }), (rules) => {
        const first = reconcileFindings(
          [],
          rules.map((r) => spec(r)),
          '2026-01-01',
        );
        const afterFirst = first.create.map((s, i) => stored(`f${i}`, s.ruleId, 'open'));
        const second = reconcileFindings(
          afterFirst,
          rules.map((r) => spec(r)),
          '2026-01-01',
        );
        expect(second.create).toEqual([]);
        expect(second.resolve).toEqual([]);
        expect(second.refresh.every((x) => x.nextState === 'open')).toBe(true);
      }),
    );
  });
});

describe('healthScore', () => {
  it('is 100 with nothing open', () => expect(healthScore([])).toBe(100));
  it('takes 25 per open critical, 10 per warning, 2 per info, half when acknowledged, nothing when snoozed or resolved', () => {
    expect(
      healthScore([
        { severity: 'critical', state: 'open' },
        { severity: 'warning', state: 'open' },
        { severity: 'info', state: 'open' },
        { severity: 'warning', state: 'acknowledged' },
        { severity: 'critical', state: 'snoozed' },
        { severity: 'critical', state: 'resolved' },
      ]),
    ).toBe(100 - 25 - 10 - 2 - 5);
  });
  it('never goes below 0 and never rises when a finding opens', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('info', 'warning', 'critical') as fc.Arbitrary<'info' | 'warning' | 'critical'>), (sevs) => {
        const fs = sevs.map((severity) => ({ severity, state: 'open' as const }));
        const s = healthScore(fs);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(healthScore([...fs, { severity: 'info', state: 'open' }])).toBeLessThanOrEqual(s);
      }),
    );
  });
  it('takes at most 30 points per rule, however many subjects it fires for', () => {
    const many = Array.from({ length: 20 }, () => ({
      severity: 'warning' as const,
      state: 'open' as const,
      ruleId: 'questions.unanswered',
    }));
    expect(healthScore(many)).toBe(70);
    expect(healthScore([...many, { severity: 'critical', state: 'open', ruleId: 'contract.ending' }])).toBe(45);
    // Under the cap, the weights add up as usual; acknowledged ones count half within the cap.
    expect(healthScore(many.slice(0, 2))).toBe(80);
    expect(healthScore(many.slice(0, 4).map((f, i) => ({ ...f, state: i < 2 ? ('acknowledged' as const) : ('open' as const) })))).toBe(70);
  });
  it('never rises when a finding opens, and never falls when one is acknowledged, snoozed or resolved, with rules grouped', () => {
    const finding = fc.record({
      severity: fc.constantFrom('info', 'warning', 'critical') as fc.Arbitrary<'info' | 'warning' | 'critical'>,
      state: fc.constantFrom('open', 'acknowledged', 'snoozed', 'resolved') as fc.Arbitrary<
        'open' | 'acknowledged' | 'snoozed' | 'resolved'
      >,
      ruleId: fc.constantFrom('a', 'b', 'c'),
    });
    fc.assert(
      fc.property(
        fc.array(finding, { maxLength: 30 }),
        finding,
        fc.constantFrom('acknowledged', 'snoozed', 'resolved') as fc.Arbitrary<'acknowledged' | 'snoozed' | 'resolved'>,
        (fs, extra, calmer) => {
          const s = healthScore(fs);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(100);
          expect(healthScore([...fs, { ...extra, state: 'open' }])).toBeLessThanOrEqual(s);
          expect(healthScore([...fs, { ...extra, state: calmer }])).toBeGreaterThanOrEqual(
            healthScore([...fs, { ...extra, state: 'open' }]),
          );
        },
      ),
    );
  });
  it('bands scores', () => {
    expect(healthBand(80)).toBe('good');
    expect(healthBand(79)).toBe('fair');
    expect(healthBand(49)).toBe('poor');
  });
});
