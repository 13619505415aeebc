/** Rules over a contract's invoices and payments (prompt payment). */
import Big from 'big.js';
import { addDays, daysBetween } from '../dates.js';
import type { FindingSpec } from '../findings.js';
import { DEFECT_RETURN_DAYS, type PaymentRulePack, defectReturnDeadline, earlyPaymentCheck } from '../payments/dueDates.js';
import { type Compounding, type DayBasis, currencyDecimals, lateInterest } from '../payments/interest.js';
import type { RatePeriod } from '../payments/rates.js';
import { amount } from '../payments/text.js';
import { type Holidays, workingDaysBetween } from '../payments/workingDays.js';
import type { Rule } from './rule.js';

/** Invoice states as the rules read them. */
export type InvoiceRuleState = 'received' | 'returned' | 'approved' | 'scheduled' | 'paid' | 'cancelled';

export interface InvoiceRuleFacts {
  id: string;
  /** The vendor's invoice number. */
  number: string;
  state: InvoiceRuleState;
  amount: string;
  invoiceDate: string;
  /** Date stamped on receipt of the current version; null when not stamped. */
  receivedDate: string | null;
  /** The computed payment due date; null while none applies (disputed, returned). */
  dueDate: string | null;
  /** Found defective (a checklist item failed or a reason was recorded) — whether or not returned yet. */
  defective: boolean;
  /** When the defective invoice was returned to the vendor; null while not returned. */
  returnedDate: string | null;
  /** Sum of payments so far, net of credit notes ("0.00" when none). */
  paidAmount: string;
  /** Date of the payment that settled it in full; null while not fully paid. */
  paidDate: string | null;
  /** Milestones the invoice's lines bill, with the milestone's payment amount and what the lines bill against it. */
  milestoneLinks: { milestoneId: string; title: string; paymentAmount: string | null; invoicedAmount: string }[];
}

export interface PaymentsFacts {
  contractId: string;
  rulePack: PaymentRulePack;
  currency: string;
  ceiling: string;
  /** Payments made on the contract so far, net of credit notes. */
  paidToDate: string;
  holidays: Holidays;
  /** How late-payment interest is worked out for this contract (see lateInterest). */
  interest: {
    rates?: readonly RatePeriod[];
    annualRatePercent?: string;
    dayBasis?: DayBasis;
    compounding?: Compounding;
    euFixedCompensation?: string | null;
  };
  /** The contract allows accelerated payment (us-far early payments are then not flagged). */
  acceleratedPaymentAllowed?: boolean;
  invoices: InvoiceRuleFacts[];
}

/** Working days before the due date from which an invoice not yet approved is a finding. */
export const DUE_SOON_WORKING_DAYS = 5;
/** Early payments made in this many days before today are reported (older ones are history). */
export const EARLY_PAYMENT_LOOKBACK_DAYS = 90;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const CLOSED: readonly InvoiceRuleState[] = ['returned', 'cancelled'];
const outstanding = (i: InvoiceRuleFacts) => new Big(i.amount).minus(i.paidAmount);
const isOpen = (i: InvoiceRuleFacts) => !CLOSED.includes(i.state) && outstanding(i).gt(0);
const money = (f: PaymentsFacts, v: Big | string) => amount(v, currencyDecimals(f.currency), f.currency);

export const invoiceDueSoonUnapproved: Rule<PaymentsFacts> = {
  id: 'payments.due_soon_unapproved',
  title: 'Invoice due soon and not approved',
  description:
    'An invoice falls due within 5 working days and nobody has yet confirmed that the goods or services were received and accepted. Approve it (or return it as defective) so it can be paid on time.',
  evaluate(f, today) {
    const out: FindingSpec[] = [];
    for (const i of f.invoices) {
      if (i.state !== 'received' || i.defective || !i.dueDate || i.dueDate < today) continue;
      const left = workingDaysBetween(today, i.dueDate, f.holidays);
      if (left > DUE_SOON_WORKING_DAYS) continue;
      out.push({
        ruleId: this.id,
        subject: `invoice:${i.id}`,
        severity: 'warning',
        ownerTeam: 'buyer',
        title: `Invoice ${i.number} is due ${left === 0 ? 'today' : `in ${plural(left, 'working day')}`} and is not approved`,
        evidence: { numbers: { dueDate: i.dueDate, workingDaysLeft: left, amount: i.amount } },
      });
    }
    return out;
  },
};

export const invoicePastDue: Rule<PaymentsFacts> = {
  id: 'payments.past_due',
  title: 'Invoice past due',
  description:
    'An invoice was not paid by its due date, and late-payment interest is accruing. Pay it with the interest shown, or record why it is disputed.',
  evaluate(f, today) {
    const out: FindingSpec[] = [];
    for (const i of f.invoices) {
      if (!isOpen(i) || !i.dueDate || i.dueDate >= today) continue;
      const late = daysBetween(i.dueDate, today);
      const left = outstanding(i).toFixed(currencyDecimals(f.currency));
      let interest: string | null = null;
      let text: string;
      try {
        const r = lateInterest({
          pack: f.rulePack,
          principal: left,
          currency: f.currency,
          dueDate: i.dueDate,
          paymentDate: today,
          ...f.interest,
        });
        interest = r.interest;
        text = r.working.join('\n');
      } catch (e) {
        text = (e as Error).message;
      }
      out.push({
        ruleId: this.id,
        subject: `invoice:${i.id}`,
        severity: 'critical',
        ownerTeam: 'procurement',
        title:
          `Invoice ${i.number} is ${plural(late, 'day')} past due` +
          (interest !== null ? `; interest so far ${money(f, interest)}` : '; no interest rate is set to work out the interest'),
        evidence: {
          numbers: { dueDate: i.dueDate, daysLate: late, outstanding: left, ...(interest !== null ? { interest } : {}) },
          text,
        },
      });
    }
    return out;
  },
};

export const defectiveNotReturned: Rule<PaymentsFacts> = {
  id: 'payments.defect_not_returned',
  title: 'Defective invoice not returned within 7 days',
  description:
    'An invoice was found defective but has not been returned to the vendor with the reasons within 7 days of receipt. Under us-far every day beyond 7 comes off the time to pay the corrected invoice; return it now.',
  evaluate(f, today) {
    const out: FindingSpec[] = [];
    for (const i of f.invoices) {
      if (!i.defective || i.returnedDate || i.state === 'cancelled' || i.state === 'paid') continue;
      const received = i.receivedDate ?? i.invoiceDate;
      const { deadline } = defectReturnDeadline({ pack: f.rulePack, receivedDate: received, days: DEFECT_RETURN_DAYS });
      if (!deadline || today <= deadline) continue;
      out.push({
        ruleId: this.id,
        subject: `invoice:${i.id}`,
        severity: 'warning',
        ownerTeam: 'procurement',
        title: `Defective invoice ${i.number} is ${plural(daysBetween(deadline, today), 'day')} past the 7 days to return it`,
        evidence: { numbers: { receivedDate: received, returnBy: deadline, daysSinceReceipt: daysBetween(received, today) } },
      });
    }
    return out;
  },
};

export const invoiceOverCeiling: Rule<PaymentsFacts> = {
  id: 'payments.over_ceiling',
  title: 'Invoice would take payments past the ceiling',
  description:
    'Paying this invoice, after what is already paid and the invoices received before it, would take payments past the contract ceiling. Do not pay beyond the ceiling: modify the contract or dispute the invoice.',
  evaluate(f, _today) {
    const out: FindingSpec[] = [];
    const ceiling = new Big(f.ceiling);
    let running = new Big(f.paidToDate);
    const open = f.invoices.filter(isOpen).sort((a, b) => {
      const ka = a.receivedDate ?? a.invoiceDate;
      const kb = b.receivedDate ?? b.invoiceDate;
      return ka < kb ? -1 : ka > kb ? 1 : a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
    });
    for (const i of open) {
      running = running.plus(outstanding(i));
      if (running.lte(ceiling)) continue;
      out.push({
        ruleId: this.id,
        subject: `invoice:${i.id}`,
        severity: 'critical',
        ownerTeam: 'procurement',
        title: `Paying invoice ${i.number} would take payments to ${money(f, running)}, past the ceiling of ${money(f, ceiling)}`,
        evidence: {
          numbers: {
            ceiling: ceiling.toFixed(2),
            paidToDate: new Big(f.paidToDate).toFixed(2),
            totalIfPaid: running.toFixed(2),
            over: running.minus(ceiling).toFixed(2),
          },
        },
      });
    }
    return out;
  },
};

export const earlyPayment: Rule<PaymentsFacts> = {
  id: 'payments.early_payment',
  title: 'Payment made more than 7 days early',
  description:
    'Under us-far an invoice should not be paid earlier than 7 days before its due date unless accelerated payment is allowed (FAR 32.906). Check the payment schedule.',
  evaluate(f, today) {
    if (f.rulePack !== 'us-far' || f.acceleratedPaymentAllowed) return [];
    const since = addDays(today, -EARLY_PAYMENT_LOOKBACK_DAYS);
    const out: FindingSpec[] = [];
    for (const i of f.invoices) {
      if (!i.paidDate || !i.dueDate || i.paidDate < since || i.paidDate > today) continue;
      const r = earlyPaymentCheck({ pack: f.rulePack, dueDate: i.dueDate, paymentDate: i.paidDate });
      if (!r.flagged) continue;
      out.push({
        ruleId: this.id,
        subject: `invoice:${i.id}`,
        severity: 'warning',
        ownerTeam: 'procurement',
        title: `Invoice ${i.number} was paid ${plural(r.daysEarly, 'day')} before its due date`,
        evidence: { numbers: { paidDate: i.paidDate, dueDate: i.dueDate, daysEarly: r.daysEarly } },
      });
    }
    return out;
  },
};

export const milestoneAmountMismatch: Rule<PaymentsFacts> = {
  id: 'payments.milestone_mismatch',
  title: "Invoice amount differs from the milestone's payment",
  description:
    'An invoice bills a milestone for an amount other than the payment the contract sets for that milestone. Check the invoice lines against the payment schedule before approving it.',
  evaluate(f, _today) {
    const out: FindingSpec[] = [];
    for (const i of f.invoices) {
      if (CLOSED.includes(i.state)) continue;
      const bad = i.milestoneLinks.filter((l) => l.paymentAmount !== null && !new Big(l.invoicedAmount).eq(l.paymentAmount));
      if (!bad.length) continue;
      const b = bad[0];
      out.push({
        ruleId: this.id,
        subject: `invoice:${i.id}`,
        severity: 'warning',
        ownerTeam: 'procurement',
        title:
          bad.length === 1
            ? `Invoice ${i.number} bills ${money(f, b.invoicedAmount)} for milestone "${b.title}", which pays ${money(f, b.paymentAmount as string)}`
            : `Invoice ${i.number} bills ${bad.length} milestones for amounts other than their payments`,
        evidence: {
          numbers: { milestones: bad.length, invoiced: b.invoicedAmount, milestonePayment: b.paymentAmount as string },
          text: bad
            .map((l) => `"${l.title}": invoiced ${money(f, l.invoicedAmount)}, milestone payment ${money(f, l.paymentAmount as string)}`)
            .join('; '),
        },
      });
    }
    return out;
  },
};

export const PAYMENT_RULES: Rule<PaymentsFacts>[] = [
  invoiceDueSoonUnapproved,
  invoicePastDue,
  defectiveNotReturned,
  invoiceOverCeiling,
  earlyPayment,
  milestoneAmountMismatch,
];
