import { formatMoney } from '../lib/format';

/** A decimal-string amount in its currency. */
export function Money({ amount, currency }: { amount: string | null | undefined; currency: string }) {
  return <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatMoney(amount, currency)}</span>;
}
