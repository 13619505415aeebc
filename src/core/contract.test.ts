import { describe, expect, it } from 'vitest';
import { CONTRACT_STATUSES, canTransition, contractTermProblems, ocdsContractStatus } from './contract.js';

const ok = { currency: 'EUR', value: '100.00', ceiling: '150.00', startDate: '2026-01-01', endDate: '2026-12-31', options: [] };

describe('contractTermProblems', () => {
  it('accepts consistent terms', () => expect(contractTermProblems(ok)).toEqual({}));
  it('refuses a ceiling below the value', () =>
    expect(contractTermProblems({ ...ok, ceiling: '99.99' }).ceiling).toMatch(/at least the contract value/));
  it('refuses an end before the start', () =>
    expect(contractTermProblems({ ...ok, endDate: '2025-12-31' }).endDate).toMatch(/not be before/));
  it('allows a one-day contract', () => expect(contractTermProblems({ ...ok, endDate: '2026-01-01' })).toEqual({}));
  it('refuses impossible dates and unknown currencies', () => {
    const e = contractTermProblems({ ...ok, startDate: '2026-02-30', currency: 'ABC' });
    expect(Object.keys(e).sort()).toEqual(['currency', 'startDate']);
  });
  it('refuses negative and over-precise money', () => {
    const e = contractTermProblems({ ...ok, value: '-1', ceiling: '1.005' });
    expect(e.value).toMatch(/negative/);
    expect(e.ceiling).toMatch(/2 decimal/);
  });
  it('checks option periods: after the base period, end after start', () => {
    const e = contractTermProblems({
      ...ok,
      options: [
        { description: 'overlaps', startDate: '2026-06-01', endDate: '2027-05-31' },
        { description: 'backwards', startDate: '2027-06-01', endDate: '2027-01-01' },
        { description: 'fine', startDate: '2027-01-01', endDate: '2027-12-31' },
      ],
    });
    expect(Object.keys(e).sort()).toEqual(['options.0.startDate', 'options.1.endDate']);
  });
});

describe('status', () => {
  it('maps every status to an OCDS contractStatus code', () => {
    const codes = new Set(['pending', 'active', 'cancelled', 'terminated']);
    for (const s of CONTRACT_STATUSES) expect(codes.has(ocdsContractStatus(s))).toBe(true);
    expect(ocdsContractStatus('draft')).toBe('pending');
    expect(ocdsContractStatus('closed')).toBe('terminated');
  });
  it('allows only the documented transitions; closed is final', () => {
    expect(canTransition('draft', 'active')).toBe(true);
    expect(canTransition('active', 'draft')).toBe(false);
    expect(canTransition('closed', 'active')).toBe(false);
    for (const s of CONTRACT_STATUSES) expect(canTransition(s, s)).toBe(true);
    for (const s of CONTRACT_STATUSES) if (s !== 'closed') expect(canTransition('closed', s)).toBe(false);
  });
});
