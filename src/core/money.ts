import Big from 'big.js';

/** Largest amount Steward stores: numeric(18,2) leaves 16 digits before the point. */
export const MONEY_MAX = '9999999999999999.99';
const MONEY_RE = /^(0|[1-9]\d{0,15})(\.\d{1,2})?$/;

/** Why a decimal string is not a valid non-negative amount with at most 2 decimals, or null. */
export function moneyProblem(value: string): string | null {
  if (typeof value !== 'string') return 'must be a decimal string such as "1250.00"';
  if (value.startsWith('-')) return 'must not be negative';
  if (!/^\d+(\.\d+)?$/.test(value)) return 'must be a decimal string such as "1250.00"';
  const [, frac = ''] = value.split('.');
  if (frac.length > 2) return 'must have at most 2 decimal places';
  if (/^0\d/.test(value)) return 'must not start with extra zeros';
  if (!MONEY_RE.test(value)) return 'is too large';
  return null;
}

/** Normalise an amount to two decimals ("12" → "12.00"). */
export function formatMoney(value: string | number | Big): string {
  return new Big(value).toFixed(2);
}

/** Compare two decimal strings: -1, 0 or 1. */
export function compareMoney(a: string, b: string): -1 | 0 | 1 {
  return new Big(a).cmp(new Big(b)) as -1 | 0 | 1;
}

/** ISO 4217 codes Steward accepts (active currencies). */
export const CURRENCIES = [
  'AED','AFN','ALL','AMD','ANG','AOA','ARS','AUD','AWG','AZN','BAM','BBD','BDT','BGN','BHD','BIF','BMD','BND','BOB','BRL','BSD','BTN','BWP','BYN','BZD','CAD','CDF','CHF','CLP','CNY','COP','CRC','CUP','CVE','CZK','DJF','DKK','DOP','DZD','EGP','ERN','ETB','EUR','FJD','FKP','GBP','GEL','GHS','GIP','GMD','GNF','GTQ','GYD','HKD','HNL','HTG','HUF','IDR','ILS','INR','IQD','IRR','ISK','JMD','JOD','JPY','KES','KGS','KHR','KMF','KPW','KRW','KWD','KYD','KZT','LAK','LBP','LKR','LRD','LSL','LYD','MAD','MDL','MGA','MKD','MMK','MNT','MOP','MRU','MUR','MVR','MWK','MXN','MYR','MZN','NAD','NGN','NIO','NOK','NPR','NZD','OMR','PAB','PEN','PGK','PHP','PKR','PLN','PYG','QAR','RON','RSD','RUB','RWF','SAR','SBD','SCR','SDG','SEK','SGD','SHP','SLE','SOS','SRD','SSP','STN','SVC','SYP','SZL','THB','TJS','TMT','TND','TOP','TRY','TTD','TWD','TZS','UAH','UGX','USD','UYU','UZS','VES','VND','VUV','WST','XAF','XCD','XOF','XPF','YER','ZAR','ZMW','ZWL',
] as const;
const CURRENCY_SET = new Set<string>(CURRENCIES);

/** Whether a code is an ISO 4217 currency Steward knows. */
export function isCurrency(code: string): boolean {
  return CURRENCY_SET.has(code);
}
