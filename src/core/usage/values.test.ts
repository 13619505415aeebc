import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecimalSum, sumDecimals } from './decimal.js';
import {
  Problem,
  TimestampReader,
  parseBillingCurrency,
  parseDecimal,
  parsePricingCurrency,
  parseTags,
  parseTimestamp,
  parseUnit,
  sameUnit,
  unitKey,
} from './values.js';

const ok = (v: string | Problem) => {
  if (v instanceof Problem) throw new Error(v.message);
  return v;
};
const problem = (v: unknown) => (v instanceof Problem ? v.message : null);

describe('parseDecimal', () => {
  it.each([
    ['12.50', '12.50'],
    ['0', '0'],
    ['-3', '-3'],
    ['0.000001', '0.000001'],
    ['007.5', '7.5'],
    ['-0.00', '0.00'],
    [' 12.5 ', '12.5'],
    ['+4', '4'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['10,000.00', '10000.00'],
    ['(12.00)', '-12.00'],
    ['1.2E-05', '0.000012'],
    ['-2.5e3', '-2500'],
  ])('reads %j as %j', (raw, want) => expect(parseDecimal(raw)).toBe(want));

  it('accepts a currency symbol only when allowed and fitting the currency', () => {
    expect(parseDecimal('$10,000.00 ', { allowSymbol: true, currency: 'USD' })).toBe('10000.00');
    expect(parseDecimal('-$5', { allowSymbol: true, currency: 'CAD' })).toBe('-5');
    expect(parseDecimal('€3.10', { allowSymbol: true, currency: 'EUR' })).toBe('3.10');
    expect(problem(parseDecimal('€3.10', { allowSymbol: true, currency: 'USD' }))).toBe(
      '"€3.10" has a currency symbol that does not fit the currency USD.',
    );
    expect(problem(parseDecimal('$3'))).toBe('"$3" is not a plain number (it has a currency symbol).');
  });

  it.each([
    ['abc', '"abc" is not a number.'],
    ['1,2345', '"1,2345" is not a number.'],
    ['1 1/2', '"1 1/2" is not a number.'],
    ['12 GB', '"12 GB" is not a number.'],
    ['.', '"." is not a number.'],
    ['-', '"-" is not a number.'],
    ['1234567890123456789', '"1234567890123456789" has more than 18 digits before the decimal point.'],
    ['0.000000000000000000001', '"0.000000000000000000001" has more than 20 decimal places.'],
  ])('refuses %j', (raw, msg) => expect(problem(parseDecimal(raw))).toBe(msg));

  it('keeps any plain decimal exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), fc.integer({ min: 0, max: 8 }), (units, scale) => {
        const neg = units < 0n;
        const digits = (neg ? -units : units).toString().padStart(scale + 1, '0');
        const s = `${neg ? '-' : ''}${scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits}`;
        const got = parseDecimal(s);
        if (digits.length - scale > 18) return;
        expect(new Big(ok(got)).eq(new Big(s))).toBe(true);
      }),
    );
  });
});

describe('DecimalSum', () => {
  it('sums exactly, keeping the widest scale', () => {
    expect(sumDecimals(['60', '48', '120', '972'])).toBe('1200');
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['10.00', '-12.005'])).toBe('-2.005');
    expect(sumDecimals([], 2)).toBe('0.00');
    expect(new DecimalSum('1.5').addSum(new DecimalSum('-1.5')).isZero()).toBe(true);
  });
  it('agrees with big.js on any list', () => {
    const dec = fc
      .tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 9 }))
      .map(([u, s]) => new Big(u.toString()).div(10 ** s).toFixed());
    fc.assert(
      fc.property(fc.array(dec, { maxLength: 30 }), (xs) => {
        const want = xs.reduce((a, x) => a.plus(x), new Big(0));
        expect(new Big(sumDecimals(xs)).eq(want)).toBe(true);
      }),
    );
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['2024-09-01 00:00:00', '2024-09-01T00:00:00Z'],
    ['2024-09-01T13:45:00Z', '2024-09-01T13:45:00Z'],
    ['2024-09-01T13:45Z', '2024-09-01T13:45:00Z'],
    ['2024-09-01T02:00:00+02:00', '2024-09-01T00:00:00Z'],
    ['2024-09-01T00:00:00-0530', '2024-09-01T05:30:00Z'],
    ['2024-09-01T00:00:00.250Z', '2024-09-01T00:00:00.250Z'],
    ['2024-09-01 10:00:00 UTC', '2024-09-01T10:00:00Z'],
    ['2024-09-01', '2024-09-01T00:00:00Z'],
    ['5/1/25', '2025-05-01T00:00:00Z'],
    ['5/1/2025', '2025-05-01T00:00:00Z'],
    ['12/31/2025 11:30 PM', '2025-12-31T23:30:00Z'],
    ['1/2/2025 12:05:09 AM', '2025-01-02T00:05:09Z'],
  ])('reads %j', (raw, want) => expect(parseTimestamp(raw)).toBe(want));

  it('reads slashes day first when told', () => {
    expect(parseTimestamp('1/5/2025', 'dmy')).toBe('2025-05-01T00:00:00Z');
    expect(parseTimestamp('31/5/2025', 'dmy')).toBe('2025-05-31T00:00:00Z');
    expect(problem(parseTimestamp('31/5/2025'))).toBe('"31/5/2025" is not a real date (read as month/day/year).');
    expect(problem(parseTimestamp('5/1/25', 'iso'))).toMatch(/is not a date and time Steward can read/);
  });

  it.each(['2025-02-30T00:00:00Z', '2025-13-01', '2025-01-01T24:00:00Z', '2025-01-01T00:00:00+15:00', '2/29/25', 'yesterday', '20250101'])(
    'refuses %j',
    (raw) => expect(parseTimestamp(raw)).toBeInstanceOf(Problem),
  );

  it('agrees with Date for any instant written in ISO-8601 with Z', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2150-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString();
        expect(Date.parse(ok(parseTimestamp(iso)))).toBe(d.getTime());
        expect(Date.parse(ok(parseTimestamp(`${iso.slice(0, 10)} ${iso.slice(11, 19)}`)))).toBe(Math.floor(d.getTime() / 1000) * 1000);
      }),
    );
  });

  it('remembers answers in TimestampReader', () => {
    const r = new TimestampReader('dmy');
    expect(r.read('1/5/2025')).toBe('2025-05-01T00:00:00Z');
    expect(r.read('1/5/2025')).toBe('2025-05-01T00:00:00Z');
  });
});

describe('parseTags', () => {
  it('reads a JSON object of simple values, {} when empty', () => {
    expect(parseTags('{"team":"data","cost-center":42,"prod":true,"x":null}')).toEqual({
      team: 'data',
      'cost-center': 42,
      prod: true,
      x: null,
    });
    expect(parseTags('')).toEqual({});
    expect(parseTags('{}')).toEqual({});
    expect(parseTags('{"nested":{"a":1}}')).toEqual({ nested: '{"a":1}' });
  });
  it('refuses anything but an object', () => {
    for (const raw of ['not json', '[1,2]', '"text"', '42', 'null'])
      expect(problem(parseTags(raw))).toBe(`"${raw}" is not a JSON object such as {"team":"data"}.`);
  });
});

describe('units', () => {
  it('splits a unit quantity from the base unit', () => {
    expect(parseUnit('1000 Tokens')).toEqual({ multiplier: '1000', base: 'Tokens' });
    expect(parseUnit('1M Tokens')).toEqual({ multiplier: '1000000', base: 'Tokens' });
    expect(parseUnit('1K Requests')).toEqual({ multiplier: '1000', base: 'Requests' });
    expect(parseUnit('Tokens')).toEqual({ multiplier: '1', base: 'Tokens' });
    expect(parseUnit('GB-Hours')).toEqual({ multiplier: '1', base: 'GB-Hours' });
    expect(parseUnit('Server Hours')).toEqual({ multiplier: '1', base: 'Server Hours' });
  });
  it('compares base units ignoring case, spacing and a plural s', () => {
    expect(sameUnit('Token', 'tokens')).toBe(true);
    expect(sameUnit('Server  Hours', 'server hour')).toBe(true);
    expect(sameUnit('GB', 'GBs')).toBe(false);
    expect(unitKey('Pages')).toBe('page');
  });
});

describe('currencies', () => {
  it('takes ISO 4217 billing currencies only', () => {
    expect(parseBillingCurrency('USD')).toBe('USD');
    expect(parseBillingCurrency(' eur ')).toBe('EUR');
    expect(problem(parseBillingCurrency('XYZ'))).toBe('"XYZ" is not an ISO 4217 currency code Steward knows (such as USD or EUR).');
    expect(parseBillingCurrency('Credits')).toBeInstanceOf(Problem);
  });
  it('takes national or virtual pricing currencies, but not a code-like typo', () => {
    expect(parsePricingCurrency('USD')).toBe('USD');
    expect(parsePricingCurrency('Credits')).toBe('Credits');
    expect(parsePricingCurrency('DBU-Credits')).toBe('DBU-Credits');
    expect(parsePricingCurrency('USX')).toBeInstanceOf(Problem);
  });
});
