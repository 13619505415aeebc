/** Exact sums of decimal strings, fast enough for millions of rows (BigInt, no floats). */

const POW10: bigint[] = [1n];
const pow10 = (k: number): bigint => {
  while (POW10.length <= k) POW10.push(POW10[POW10.length - 1] * 10n);
  return POW10[k];
};

/** Parse a plain decimal string ("-12.50", "3", "0.0001") into digits and scale. */
function split(d: string): { units: bigint; scale: number } {
  const neg = d.charCodeAt(0) === 45;
  const dot = d.indexOf('.');
  const intPart = dot === -1 ? d.slice(neg ? 1 : 0) : d.slice(neg ? 1 : 0, dot);
  const frac = dot === -1 ? '' : d.slice(dot + 1);
  if (!/^\d+$/.test(intPart + frac)) throw new Error(`Not a plain decimal: ${d}`);
  const u = BigInt(intPart + frac);
  return { units: neg ? -u : u, scale: frac.length };
}

/**
 * A running exact total of decimal strings as written by `parseDecimal` (plain notation, optional
 * minus, no exponent). The result keeps the largest number of decimal places seen, so money
 * written with two decimals sums to a string with two decimals.
 */
export class DecimalSum {
  private units = 0n;
  private scale = 0;

  constructor(initial?: string) {
    if (initial !== undefined) this.add(initial);
  }

  /** Add a decimal string. */
  add(d: string): this {
    const { units, scale } = split(d);
    this.addUnits(units, scale);
    return this;
  }

  /** Add another running total. */
  addSum(other: DecimalSum): this {
    this.addUnits(other.units, other.scale);
    return this;
  }

  /** Whether the total is exactly zero. */
  isZero(): boolean {
    return this.units === 0n;
  }

  private addUnits(units: bigint, scale: number): void {
    if (scale > this.scale) {
      this.units *= pow10(scale - this.scale);
      this.scale = scale;
      this.units += units;
    } else this.units += scale < this.scale ? units * pow10(this.scale - scale) : units;
  }

  /** The total as a plain decimal string with at least `minScale` decimal places. */
  toString(minScale = 0): string {
    let units = this.units;
    let scale = this.scale;
    if (scale < minScale) {
      units *= pow10(minScale - scale);
      scale = minScale;
    }
    const neg = units < 0n;
    const digits = (neg ? -units : units).toString().padStart(scale + 1, '0');
    const body = scale ? `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}` : digits;
    return neg ? `-${body}` : body;
  }
}

/** The exact sum of decimal strings. */
export function sumDecimals(values: Iterable<string>, minScale = 0): string {
  const s = new DecimalSum();
  for (const v of values) s.add(v);
  return s.toString(minScale);
}

/** Add `value` to the running total under `key`, starting it (from `initial`, e.g. "0.00" for cents) when new. */
export function addToSum<K>(sums: Map<K, DecimalSum>, key: K, value: string, initial?: string): void {
  let s = sums.get(key);
  if (!s) {
    s = new DecimalSum(initial);
    sums.set(key, s);
  }
  s.add(value);
}
