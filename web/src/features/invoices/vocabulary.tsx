/** Words, badges and arithmetic of the invoice pages: states, the payment clock, rule packs, amounts. */
import { Badge, type BadgeProps, type MantineColor } from '@mantine/core';
import Big from 'big.js';
import { formatDate, plural } from '../../lib/format';
import { useMe } from '../auth/session';
import type { ClockStatus, InvoiceState, InvoiceSummary, PayableFilter, RulePack } from './invoices.api';

export const STATE_LABELS: Record<InvoiceState, string> = {
  received: 'Received',
  returned_defective: 'Returned as defective',
  approved: 'Approved',
  scheduled: 'Scheduled for payment',
  paid: 'Paid',
};

const STATE_COLORS: Record<InvoiceState, MantineColor> = {
  received: 'blue',
  returned_defective: 'red',
  approved: 'teal',
  scheduled: 'indigo',
  paid: 'green',
};

export const STATUS_LABELS: Record<ClockStatus, string> = {
  not_due: 'Not due yet',
  due_soon: 'Due this week',
  late: 'Late',
  paid_on_time: 'Paid on time',
  paid_late: 'Paid late',
  returned: 'Clock stopped (returned)',
  no_due_date: 'No due date yet',
};

export const RULE_PACK_LABELS: Record<RulePack, string> = {
  'us-far': 'US Prompt Payment Act (FAR 32.9)',
  'uk-pa23': 'UK Procurement Act 2023',
  eu: 'EU Late Payment Directive',
  generic: 'Contract terms (generic)',
};

export const FILTER_LABELS: Record<PayableFilter, string> = {
  open: 'Not paid',
  due_this_week: 'Due this week',
  late: 'Late',
  defective: 'Defective',
  paid: 'Paid',
  all: 'All invoices',
};

export const EVENT_LABELS: Record<string, string> = {
  submitted: 'Received',
  returned: 'Returned as defective',
  resubmitted: 'Sent again, corrected',
  approved: 'Approved by the buyer',
  scheduled: 'Scheduled for payment',
  rescheduled: 'Payment rescheduled',
  payment: 'Payment recorded',
  credit_note: 'Credit note recorded',
  received_date_changed: 'Received date corrected',
};

export { BAD_TEXT, GOOD_TEXT, WARN_TEXT, options } from '../../lib/tones';
export { addDays, daysBetween, todayIso } from '../../lib/dates';
import { daysBetween, todayIso } from '../../lib/dates';

export function InvoiceStateBadge({ invoice, ...rest }: { invoice: Pick<InvoiceSummary, 'state' | 'defective'> } & BadgeProps) {
  if (invoice.state === 'received' && invoice.defective)
    return (
      <Badge color="orange" {...rest}>
        Received · fails checklist
      </Badge>
    );
  return (
    <Badge color={STATE_COLORS[invoice.state]} {...rest}>
      {STATE_LABELS[invoice.state]}
    </Badge>
  );
}

/** Where the invoice stands against its due date, in words: "Due in 4 days", "12 days late", "Paid 3 days late". */
export function clockText(i: Pick<InvoiceSummary, 'status' | 'dueDate' | 'daysLate'>, today = todayIso()): string {
  switch (i.status) {
    case 'late':
      return `${plural(i.daysLate, 'day')} late`;
    case 'paid_late':
      return `Paid ${plural(i.daysLate, 'day')} late`;
    case 'paid_on_time':
      return 'Paid on time';
    case 'returned':
      return 'Returned: nothing due';
    case 'no_due_date':
      return 'No due date yet';
    default: {
      if (!i.dueDate) return STATUS_LABELS[i.status];
      const left = daysBetween(today, i.dueDate);
      return left === 0 ? 'Due today' : `Due in ${plural(left, 'day')}`;
    }
  }
}

const STATUS_COLORS: Record<ClockStatus, MantineColor> = {
  not_due: 'gray',
  due_soon: 'orange',
  late: 'red',
  paid_on_time: 'green',
  paid_late: 'orange',
  returned: 'gray',
  no_due_date: 'gray',
};

export function ClockBadge({ invoice, ...rest }: { invoice: Pick<InvoiceSummary, 'status' | 'dueDate' | 'daysLate'> } & BadgeProps) {
  return (
    <Badge color={STATUS_COLORS[invoice.status]} {...rest}>
      {clockText(invoice)}
    </Badge>
  );
}

/** "Invoice CAI-2025-0412" */
export const invoiceName = (i: Pick<InvoiceSummary, 'vendorInvoiceNumber'>) => `Invoice ${i.vendorInvoiceNumber}`;

export function monthLabel(month: string): string {
  return formatDate(`${month}-01`).replace(/^1 /, '');
}

// ---------- amounts ----------

const ZERO_DECIMALS = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'ISK',
  'JPY',
  'KMF',
  'KRW',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
const THREE_DECIMALS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

/** The decimal places a currency writes amounts with (the API refuses more). */
export function currencyDecimals(currency: string): number {
  return ZERO_DECIMALS.has(currency) ? 0 : THREE_DECIMALS.has(currency) ? 3 : 2;
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** "1,200.50 " → "1200.50"; null when it is not a non-negative decimal number. */
export function cleanDecimal(value: string): string | null {
  const v = value.trim().replace(/,/g, '');
  return DECIMAL.test(v) ? v : null;
}

/** Quantity × unit price, rounded half up to the currency's places, as the API checks it; '' when either is not a number. */
export function lineAmount(quantity: string, unitPrice: string, currency: string): string {
  const q = cleanDecimal(quantity);
  const p = cleanDecimal(unitPrice);
  if (q === null || p === null) return '';
  const dp = currencyDecimals(currency);
  return new Big(q).times(p).round(dp, Big.roundHalfUp).toFixed(dp);
}

/** The sum of amounts written as decimal strings (blanks count as nothing). */
export function sumAmounts(amounts: string[], currency: string): string {
  const dp = currencyDecimals(currency);
  return amounts.reduce((a, x) => (cleanDecimal(x) === null ? a : a.plus(cleanDecimal(x) as string)), new Big(0)).toFixed(dp);
}

// ---------- who does what ----------

/** Whether the signed-in user is one of this contract's (or invoice's) vendor's users. */
export function useIsContractVendor(contract: { vendor: { id: string } }): boolean {
  const me = useMe();
  return me.vendorId !== null && me.vendorId === contract.vendor.id;
}
