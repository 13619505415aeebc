import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isCalendarDate } from './dates.js';
import { type Actor, POLICY, can, scopeFor } from './policy.js';
import {
  ANSWER_STATUSES,
  KEY_QUESTIONS,
  OBJECTIVES,
  QUESTION_STANDINGS,
  answerSeverity,
  canOwnAnswer,
  canViewTeamPage,
  compareRounds,
  daysWithoutAnswer,
  decideAnswer,
  isOverdue,
  isRound,
  previousRound,
  questionOrder,
  roundBounds,
  roundLabel,
  roundOf,
  roundProblem,
  standingOf,
} from './questions.js';
import { TEAMS } from './teams.js';

const dateArb = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2190-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('the catalogue', () => {
  it('refers only to known objectives, and every objective is served by some question', () => {
    const ids = new Set<string>(OBJECTIVES.map((o) => o.id));
    for (const q of KEY_QUESTIONS) {
      expect(q.objectives.length).toBeGreaterThan(0);
      for (const o of q.objectives) expect(ids.has(o)).toBe(true);
    }
    for (const o of OBJECTIVES) expect(KEY_QUESTIONS.some((q) => (q.objectives as string[]).includes(o.id))).toBe(true);
  });
  it('prefixes each id with its team, so ids say whose question it is', () => {
    for (const q of KEY_QUESTIONS) expect(q.id.startsWith(`${q.team}.`)).toBe(true);
  });
  it('orders standings worst first, consistently with answerSeverity', () => {
    const sev = QUESTION_STANDINGS.map((s) => answerSeverity(s === 'unanswered' ? null : s));
    expect([...sev].sort((a, b) => b - a)).toEqual(sev);
    expect(new Set(sev).size).toBe(QUESTION_STANDINGS.length);
    expect(standingOf(null)).toBe('unanswered');
    for (const s of ANSWER_STATUSES) expect(standingOf(s)).toBe(s);
  });
  it('gives each question its catalogue position', () => {
    expect(questionOrder(KEY_QUESTIONS[0].id)).toBe(0);
    expect(questionOrder('nope')).toBe(KEY_QUESTIONS.length);
  });
});

describe('review rounds', () => {
  it('are calendar quarters', () => {
    expect(roundOf('2026-01-01')).toBe('2026-Q1');
    expect(roundOf('2026-03-31')).toBe('2026-Q1');
    expect(roundOf('2026-04-01')).toBe('2026-Q2');
    expect(roundOf('2026-09-30')).toBe('2026-Q3');
    expect(roundOf('2026-10-01')).toBe('2026-Q4');
    expect(roundOf('2026-12-31')).toBe('2026-Q4');
    expect(roundBounds('2024-Q1')).toEqual({ start: '2024-01-01', end: '2024-03-31' });
    expect(roundBounds('2026-Q4')).toEqual({ start: '2026-10-01', end: '2026-12-31' });
    expect(roundLabel('2026-Q4')).toBe('Q4 2026');
  });
  it('recognise only well-formed names', () => {
    for (const ok of ['2026-Q1', '2026-Q4', '1999-Q2']) expect(isRound(ok)).toBe(true);
    for (const bad of ['2026-Q0', '2026-Q5', '2026Q1', '26-Q1', '2026-q1', '', '2026-Q1 ', '0000-Q1']) expect(isRound(bad)).toBe(false);
  });
  it('contain every day from their start to their end, and the day after starts the next round', () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        const r = roundOf(d);
        expect(isRound(r)).toBe(true);
        const { start, end } = roundBounds(r);
        expect(isCalendarDate(start) && isCalendarDate(end)).toBe(true);
        expect(start <= d && d <= end).toBe(true);
        expect(roundOf(start)).toBe(r);
        expect(roundOf(end)).toBe(r);
        expect(previousRound(roundOf(addDays(end, 1)))).toBe(r);
        expect(roundOf(addDays(start, -1))).toBe(previousRound(r));
      }),
    );
  });
  it('sort in time order by name', () => {
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        if (a <= b) expect(compareRounds(roundOf(a), roundOf(b))).toBeLessThanOrEqual(0);
        else expect(compareRounds(roundOf(a), roundOf(b))).toBeGreaterThanOrEqual(0);
      }),
    );
  });
  it('take answers for the current and earlier rounds of the contract, not future ones', () => {
    expect(roundProblem('2026-Q4', '2026-11-25', '2026-01-15')).toBeNull();
    expect(roundProblem('2026-Q1', '2026-11-25', '2026-01-15')).toBeNull();
    expect(roundProblem('2027-Q1', '2026-11-25', '2026-01-15')).toMatch(/future/);
    expect(roundProblem('2025-Q4', '2026-11-25', '2026-01-15')).toMatch(/before the contract/);
    expect(roundProblem('2026-Q9', '2026-11-25', '2026-01-15')).toMatch(/review round/);
  });
});

describe('unanswered too long', () => {
  it('counts from the later of the contract start and the last answer', () => {
    expect(daysWithoutAnswer('2026-01-01', null, '2026-04-01')).toBe(90);
    expect(daysWithoutAnswer('2026-01-01', '2026-03-01', '2026-04-01')).toBe(31);
    // An answer given before the contract started (a kick-off review) does not reach back further.
    expect(daysWithoutAnswer('2026-01-01', '2025-12-01', '2026-04-01')).toBe(90);
    expect(daysWithoutAnswer('2026-06-01', null, '2026-04-01')).toBeLessThan(0);
  });
  it('is overdue only after the whole review period has passed', () => {
    expect(isOverdue('2026-01-01', null, addDays('2026-01-01', 90), 90)).toBe(false);
    expect(isOverdue('2026-01-01', null, addDays('2026-01-01', 91), 90)).toBe(true);
    expect(isOverdue('2026-01-01', '2026-03-01', addDays('2026-03-01', 30), 30)).toBe(false);
    expect(isOverdue('2026-01-01', '2026-03-01', addDays('2026-03-01', 31), 30)).toBe(true);
  });
  it('an answer never makes a question more overdue, and a later answer never less fresh', () => {
    fc.assert(
      fc.property(dateArb, dateArb, dateArb, fc.integer({ min: 7, max: 730 }), (start, answered, today, period) => {
        const without = daysWithoutAnswer(start, null, today);
        const withAnswer = daysWithoutAnswer(start, answered, today);
        expect(withAnswer).toBeLessThanOrEqual(without);
        if (isOverdue(start, answered, today, period)) expect(isOverdue(start, null, today, period)).toBe(true);
      }),
    );
  });
});

const actor = (role: Actor['role'], extra: Partial<Actor> = {}): Actor => ({
  userId: 'u',
  email: 'e',
  role,
  departmentId: null,
  vendorId: null,
  ...extra,
});
const A = 'dept-a';
const B = 'dept-b';
const open = { departmentId: A, vendorId: 'v1', restricted: false };
const restricted = { ...open, restricted: true };

describe('question permissions in the policy table', () => {
  it('lets procurement, buyers, IT & data and auditors read key questions; not admins or vendors', () => {
    expect(scopeFor(actor('procurement'), 'question.read')).toBe('all');
    expect(scopeFor(actor('auditor'), 'question.read')).toBe('all');
    expect(scopeFor(actor('buyer'), 'question.read')).toBe('department');
    expect(scopeFor(actor('it_data'), 'question.read')).toBe('department');
    expect(can(actor('admin'), 'question.read')).toBe(false);
    expect(can(actor('vendor'), 'question.read')).toBe(false);
  });
  it('lets procurement answer everywhere, buyers and IT & data in their department, and nobody else', () => {
    expect(POLICY.procurement['question.answer']).toBe('all');
    expect(POLICY.buyer['question.answer']).toBe('department');
    expect(POLICY.it_data['question.answer']).toBe('department');
    for (const r of ['admin', 'auditor', 'vendor'] as const) expect(POLICY[r]['question.answer']).toBeUndefined();
  });
});

describe('who answers which question', () => {
  const cases: [string, Actor, Record<(typeof TEAMS)[number], string>, Record<(typeof TEAMS)[number], string>][] = [
    // who, actor, decision per team on an open dept-A contract, decision per team on a restricted dept-A contract
    [
      'procurement',
      actor('procurement'),
      { procurement: 'allow', buyer: 'allow', it_data: 'allow' },
      { procurement: 'allow', buyer: 'allow', it_data: 'allow' },
    ],
    [
      'buyer A',
      actor('buyer', { departmentId: A }),
      { procurement: 'forbidden', buyer: 'allow', it_data: 'forbidden' },
      { procurement: 'forbidden', buyer: 'allow', it_data: 'forbidden' },
    ],
    [
      'buyer B',
      actor('buyer', { departmentId: B }),
      { procurement: 'forbidden', buyer: 'forbidden', it_data: 'forbidden' },
      { procurement: 'hidden', buyer: 'hidden', it_data: 'hidden' },
    ],
    [
      'IT A',
      actor('it_data', { departmentId: A }),
      { procurement: 'forbidden', buyer: 'forbidden', it_data: 'allow' },
      { procurement: 'forbidden', buyer: 'forbidden', it_data: 'allow' },
    ],
    [
      'IT B',
      actor('it_data', { departmentId: B }),
      { procurement: 'forbidden', buyer: 'forbidden', it_data: 'forbidden' },
      { procurement: 'hidden', buyer: 'hidden', it_data: 'hidden' },
    ],
    [
      'auditor',
      actor('auditor'),
      { procurement: 'forbidden', buyer: 'forbidden', it_data: 'forbidden' },
      { procurement: 'forbidden', buyer: 'forbidden', it_data: 'forbidden' },
    ],
    [
      'vendor of the contract',
      actor('vendor', { vendorId: 'v1' }),
      { procurement: 'forbidden', buyer: 'forbidden', it_data: 'forbidden' },
      { procurement: 'forbidden', buyer: 'forbidden', it_data: 'forbidden' },
    ],
    [
      'other vendor',
      actor('vendor', { vendorId: 'v2' }),
      { procurement: 'hidden', buyer: 'hidden', it_data: 'hidden' },
      { procurement: 'hidden', buyer: 'hidden', it_data: 'hidden' },
    ],
    [
      'admin',
      actor('admin'),
      { procurement: 'hidden', buyer: 'hidden', it_data: 'hidden' },
      { procurement: 'hidden', buyer: 'hidden', it_data: 'hidden' },
    ],
    [
      'system',
      actor('system'),
      { procurement: 'allow', buyer: 'allow', it_data: 'allow' },
      { procurement: 'allow', buyer: 'allow', it_data: 'allow' },
    ],
  ];
  it.each(cases)('%s', (_who, a, onOpen, onRestricted) => {
    for (const team of TEAMS) {
      expect(decideAnswer(a, team, open), `${team} on open`).toBe(onOpen[team]);
      expect(decideAnswer(a, team, restricted), `${team} on restricted`).toBe(onRestricted[team]);
    }
  });

  it('names as owner only active users who could answer that team’s question on the contract', () => {
    const u = (role: string, departmentId: string | null = null, active = true) => ({ role, departmentId, active });
    expect(canOwnAnswer(u('procurement'), 'it_data', A)).toBe(true);
    expect(canOwnAnswer(u('procurement', null, false), 'procurement', A)).toBe(false);
    expect(canOwnAnswer(u('buyer', A), 'buyer', A)).toBe(true);
    expect(canOwnAnswer(u('buyer', B), 'buyer', A)).toBe(false);
    expect(canOwnAnswer(u('buyer', A), 'it_data', A)).toBe(false);
    expect(canOwnAnswer(u('it_data', A), 'it_data', A)).toBe(true);
    for (const r of ['auditor', 'admin', 'vendor']) expect(canOwnAnswer(u(r, A), 'buyer', A)).toBe(false);
  });

  it('opens every team page to procurement and auditors, a department role only its own team', () => {
    for (const t of TEAMS) {
      expect(canViewTeamPage(actor('procurement'), t)).toBe(true);
      expect(canViewTeamPage(actor('auditor'), t)).toBe(true);
      expect(canViewTeamPage(actor('vendor', { vendorId: 'v1' }), t)).toBe(false);
      expect(canViewTeamPage(actor('admin'), t)).toBe(false);
    }
    expect(canViewTeamPage(actor('buyer', { departmentId: A }), 'buyer')).toBe(true);
    expect(canViewTeamPage(actor('buyer', { departmentId: A }), 'procurement')).toBe(false);
    expect(canViewTeamPage(actor('it_data', { departmentId: A }), 'it_data')).toBe(true);
    expect(canViewTeamPage(actor('it_data', { departmentId: A }), 'buyer')).toBe(false);
  });
});
