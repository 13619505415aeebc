/** Wording helpers for the plain-English working (internal to the payments rules). */
import Big from 'big.js';
import { dayOfWeek } from './workingDays.js';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-07-06 (Monday)". */
export const day = (date: string) => `${date} (${WEEKDAYS[dayOfWeek(date)]})`;

/** "1 April 2026". */
export const longDate = (date: string) => `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;

/** "1 day" / "3 days". */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "10,000.00" (or "USD 10,000.00" with a currency), for reading, not for storing. */
export function amount(value: Big | string, decimals = 2, currency?: string): string {
  const fixed = new Big(value).toFixed(decimals);
  const neg = fixed.startsWith('-');
  const [int, frac] = (neg ? fixed.slice(1) : fixed).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const s = `${neg ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
  return currency ? `${currency} ${s}` : s;
}
