import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareMoney, formatMoney, isCurrency, moneyProblem } from './money.js';

describe('moneyProblem', () => {
  it.each(['0', '0.5', '12', '12.3', '12.34', '9999999999999999.99'])('accepts %s', (v) => expect(moneyProblem(v)).toBeNull());
  it.each([
    ['-1', 'must not be negative'],
    ['1.005', 'must have at most 2 decimal places'],
    ['1e5', 'must be a decimal string such as "1250.00"'],
    ['12,00', 'must be a decimal string such as "1250.00"'],
    ['', 'must be a decimal string such as "1250.00"'],
    [' 1', 'must be a decimal string such as "1250.00"'],
    ['00012', 'must not start with extra zeros'],
    ['99999999999999999', 'is too large'],
  ])('refuses %s', (v, msg) => expect(moneyProblem(v)).toBe(msg));

  it('accepts every non-negative amount with at most two decimals below the maximum', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 999999999999999999n }), (cents) => {
        const s = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
        expect(moneyProblem(s)).toBeNull();
        expect(formatMoney(s)).toBe(s);
      }),
    );
  });
});

describe('formatMoney and compareMoney', () => {
  it('normalises to two decimals without float error', () => {
    expect(formatMoney('12')).toBe('12.00');
    expect(formatMoney('0.1')).toBe('0.10');
    expect(formatMoney('1234567890123456.78')).toBe('1234567890123456.78');
  });
  it('compares decimal strings exactly', () => {
    expect(compareMoney('0.30', '0.3')).toBe(0);
    expect(compareMoney('9999999999999999.99', '9999999999999999.98')).toBe(1);
    expect(compareMoney('1.00', '2')).toBe(-1);
  });
});

describe('isCurrency', () => {
  it('knows ISO 4217 codes and refuses others', () => {
    expect(isCurrency('EUR')).toBe(true);
    expect(isCurrency('USD')).toBe(true);
    expect(isCurrency('usd')).toBe(false);
    expect(isCurrency('XYZ')).toBe(false);
  });
});
