/** Payment due dates, defect-return deadlines and early-payment checks, per rule pack. */
import { plusDays as addDays, daysFromTo as daysBetween } from './calendar.js';
import { effectiveAcceptanceDate, US_FAR_CONSTRUCTIVE_ACCEPTANCE_DAYS } from '../milestones.js';
import { day, plural } from './text.js';
import { DEFAULT_US_FEDERAL_HOLIDAYS, type Holidays, holidayName, isWeekend, nextWorkingDay } from './workingDays.js';

export type PaymentRulePack = 'us-far' | 'uk-pa23' | 'eu' | 'generic';

/** Days after receipt (or acceptance) within which an invoice is to be paid, per pack (generic: the contract's terms). */
export const PAYMENT_DAYS = 30;
/** us-far: a defective invoice must be returned within this many days of receipt. */
export const DEFECT_RETURN_DAYS = 7;
/** us-far: payment earlier than this many days before the due date is flagged. */
export const EARLY_PAYMENT_DAYS = 7;
/** eu: an acceptance or verification procedure may last at most this many days after delivery (Directive 2011/7/EU art. 4(4)). */
export const EU_MAX_ACCEPTANCE_DAYS = 30;

export type DueDateBasis =
  /** 30 days (or the terms) after the invoice was received. */
  | 'receipt'
  /** Receipt date not stamped: counted from the invoice date (us-far, and the fallback of the other packs). */
  | 'invoice_date'
  /** 30 days after acceptance (actual or constructive), being later than the receipt basis. */
  | 'acceptance'
  /** generic: the contract's terms in days after receipt. */
  | 'terms'
  /** No due date while the invoice is disputed (uk-pa23) or acceptance is disputed (us-far). */
  | 'disputed';

export interface DueDateInput {
  pack: PaymentRulePack;
  /** The vendor's invoice date. */
  invoiceDate: string;
  /**
   * The date the designated office received the (proper) invoice, as stamped; null when not
   * stamped. For an invoice returned as defective and sent again, the date the corrected one came.
   */
  receivedDate: string | null;
  /** Delivery or performance date of what is invoiced (us-far constructive acceptance; eu acceptance procedure). */
  deliveredDate?: string | null;
  /** The buyer's actual acceptance date. */
  acceptedDate?: string | null;
  /** A disagreement over quantity, quality or compliance was recorded before acceptance (stops constructive acceptance). */
  acceptanceDisputed?: boolean;
  /** eu: the contract has an acceptance or verification procedure (due date counts from acceptance if later). */
  acceptanceProcedure?: boolean;
  /** The invoice itself is disputed — no due date while it is (all packs). */
  disputed?: boolean;
  /** uk-pa23: the payment date the invoice itself states; the 30 days begin with it when it is later than receipt. */
  statedDueDate?: string | null;
  /** generic: the contract's payment terms in days (30 when not set). Ignored by the statutory packs. */
  termsDays?: number | null;
  /**
   * us-far: an earlier, defective version of this invoice and when it was returned. When it was
   * returned more than 7 days after receipt, the days beyond 7 come off the time to pay the corrected one.
   */
  previousDefective?: { receivedDate: string; returnedDate: string } | null;
  /** Holidays for the working-day roll (us-far). Default: US federal holidays 2020–2035. */
  holidays?: Holidays;
}

export interface DueDateResult {
  /** Null while disputed. */
  dueDate: string | null;
  basis: DueDateBasis;
  /** The steps in plain English, for a finance clerk to follow. */
  working: string[];
}

/** The day the receipt clock starts: the stamped receipt date, or the invoice date when none was stamped. */
function receiptDay(input: DueDateInput, working: string[], unstampedNote: string): { date: string; stamped: boolean } {
  if (input.receivedDate) {
    working.push(`The invoice was received on ${day(input.receivedDate)}.`);
    return { date: input.receivedDate, stamped: true };
  }
  working.push(`The receipt date was not stamped, so ${unstampedNote} the invoice date, ${day(input.invoiceDate)}.`);
  return { date: input.invoiceDate, stamped: false };
}

function disputedResult(working: string[], why: string): DueDateResult {
  working.push(why);
  return { dueDate: null, basis: 'disputed', working };
}

function usFarDueDate(input: DueDateInput): DueDateResult {
  const working: string[] = [];
  if (input.disputed)
    return disputedResult(
      working,
      'The invoice is disputed, so no payment is due until the disagreement is settled and a proper invoice is in hand.',
    );
  const receipt = receiptDay(input, working, 'the due date counts from');
  let days = PAYMENT_DAYS;
  const prev = input.previousDefective;
  if (prev) {
    const took = daysBetween(prev.receivedDate, prev.returnedDate);
    const excess = took - DEFECT_RETURN_DAYS;
    if (excess > 0) {
      days = Math.max(0, PAYMENT_DAYS - excess);
      working.push(
        `The earlier, defective invoice was returned ${plural(took, 'day')} after it was received, ${plural(excess, 'day')} later than the 7 days allowed, so the ${PAYMENT_DAYS} days to pay this one are cut by ${plural(excess, 'day')} to ${days}.`,
      );
    }
  }
  const fromReceipt = addDays(receipt.date, days);
  working.push(`${days} days after ${receipt.stamped ? 'receipt' : 'the invoice date'}: ${day(fromReceipt)}.`);

  let raw = fromReceipt;
  let basis: DueDateBasis = receipt.stamped ? 'receipt' : 'invoice_date';
  if (input.deliveredDate || input.acceptedDate) {
    let acceptance: string | null;
    if (input.deliveredDate) {
      const constructive = addDays(input.deliveredDate, US_FAR_CONSTRUCTIVE_ACCEPTANCE_DAYS);
      // "today" far ahead: the constructive date is the projected acceptance even before it arrives.
      acceptance = effectiveAcceptanceDate(
        {
          rulePack: 'us-far',
          deliveredDate: input.deliveredDate,
          acceptedDate: input.acceptedDate ?? null,
          disputed: input.acceptanceDisputed ?? false,
        },
        '9999-12-31',
      );
      if (acceptance === null)
        return disputedResult(
          working,
          `Delivery was on ${day(input.deliveredDate)}, but a disagreement was recorded before acceptance, so acceptance is not deemed made on the 7th day and no due date applies until the goods or services are accepted.`,
        );
      if (acceptance === constructive && input.acceptedDate !== constructive)
        working.push(
          `Delivery was on ${day(input.deliveredDate)}; ${input.acceptedDate ? `the actual acceptance came later (${day(input.acceptedDate)}), so ` : ''}acceptance is deemed made on the 7th day after delivery, ${day(constructive)}.`,
        );
      else working.push(`Delivery was on ${day(input.deliveredDate)} and the buyer accepted on ${day(acceptance)}.`);
    } else {
      acceptance = input.acceptedDate as string;
      working.push(`The buyer accepted on ${day(acceptance)}.`);
    }
    const fromAcceptance = addDays(acceptance, PAYMENT_DAYS);
    working.push(`30 days after acceptance: ${day(fromAcceptance)}.`);
    if (fromAcceptance > fromReceipt) {
      raw = fromAcceptance;
      basis = 'acceptance';
    }
    working.push(`The later of the two is ${day(raw)}.`);
  } else {
    working.push('No delivery or acceptance date is recorded, so the due date counts from receipt alone.');
  }

  const holidays = input.holidays ?? DEFAULT_US_FEDERAL_HOLIDAYS;
  const due = nextWorkingDay(raw, holidays);
  if (due !== raw) {
    const name = holidayName(raw, holidays);
    const why = isWeekend(raw) ? 'falls on a weekend' : `is a federal holiday${name ? ` (${name})` : ''}`;
    working.push(`${day(raw)} ${why}, so payment is due on the next working day, ${day(due)}.`);
  }
  working.push(`Payment due date: ${day(due)}. Interest runs from the day after if payment is later.`);
  return { dueDate: due, basis, working };
}

function ukDueDate(input: DueDateInput): DueDateResult {
  const working: string[] = [];
  if (input.disputed)
    return disputedResult(
      working,
      'The invoice is disputed (or found not valid), so the 30-day term does not apply while it is. Tell the supplier without undue delay (Procurement Act 2023, section 68).',
    );
  const receipt = receiptDay(input, working, 'the 30 days count from');
  let start = receipt.date;
  let basis: DueDateBasis = receipt.stamped ? 'receipt' : 'invoice_date';
  if (input.statedDueDate && input.statedDueDate > start) {
    start = input.statedDueDate;
    basis = 'terms';
    working.push(`The invoice asks for payment by ${day(start)}, which is later, so the 30 days begin with that day.`);
  }
  const due = addDays(start, PAYMENT_DAYS - 1);
  working.push(
    `The 30-day period begins with ${day(start)} itself (Procurement Act 2023, section 68(2)), so its last day is ${day(due)}. No weekend or holiday adjustment applies.`,
  );
  working.push(`Pay by ${day(due)}.`);
  return { dueDate: due, basis, working };
}

function euDueDate(input: DueDateInput): DueDateResult {
  const working: string[] = [];
  if (input.disputed) return disputedResult(working, 'The invoice is disputed, so no payment is due while it is.');
  let start: string;
  let basis: DueDateBasis;
  if (input.receivedDate) {
    start = input.receivedDate;
    basis = 'receipt';
    working.push(`The invoice was received on ${day(start)}.`);
  } else if (input.deliveredDate) {
    start = input.deliveredDate;
    basis = 'receipt';
    working.push(
      `The date of receipt of the invoice is not known, so the 30 days count from receipt of the goods or services, ${day(start)} (Directive 2011/7/EU, article 4(3)(a)(ii)).`,
    );
  } else {
    start = input.invoiceDate;
    basis = 'invoice_date';
    working.push(`The date of receipt is not known, so the 30 days count from the invoice date, ${day(start)}.`);
  }
  let due = addDays(start, PAYMENT_DAYS);
  working.push(`30 calendar days later: ${day(due)}.`);
  if (input.acceptanceProcedure) {
    let acceptance: string | null = input.acceptedDate ?? null;
    if (acceptance) working.push(`The contract has an acceptance procedure; acceptance was on ${day(acceptance)}.`);
    else if (input.deliveredDate) {
      acceptance = addDays(input.deliveredDate, EU_MAX_ACCEPTANCE_DAYS);
      working.push(
        `The contract has an acceptance procedure and acceptance is not recorded yet; it may last at most 30 days from delivery (${day(input.deliveredDate)}), so until it is recorded the latest acceptance date, ${day(acceptance)}, is used.`,
      );
    } else
      working.push(
        'The contract has an acceptance procedure, but neither delivery nor acceptance is recorded, so receipt alone counts for now.',
      );
    if (acceptance) {
      const fromAcceptance = addDays(acceptance, PAYMENT_DAYS);
      working.push(`30 calendar days after acceptance: ${day(fromAcceptance)}.`);
      if (fromAcceptance > due) {
        due = fromAcceptance;
        basis = 'acceptance';
        working.push('The invoice came before acceptance ended, so the later date applies.');
      }
    }
  }
  working.push(`Payment due date: ${day(due)}.`);
  return { dueDate: due, basis, working };
}

function genericDueDate(input: DueDateInput): DueDateResult {
  const working: string[] = [];
  if (input.disputed) return disputedResult(working, 'The invoice is disputed, so no payment is due while it is.');
  const receipt = receiptDay(input, working, 'the terms count from');
  const set = input.termsDays;
  const days = set !== null && set !== undefined && Number.isInteger(set) && set >= 0 ? set : PAYMENT_DAYS;
  if (days === set) working.push(`The contract's payment terms are ${plural(days, 'day')}.`);
  else working.push(`The contract sets no payment terms, so ${PAYMENT_DAYS} days are used.`);
  const due = addDays(receipt.date, days);
  working.push(`Payment due date: ${day(due)}.`);
  return { dueDate: due, basis: 'terms', working };
}

/** When an invoice is due under its contract's rule pack. */
export function paymentDueDate(input: DueDateInput): DueDateResult {
  switch (input.pack) {
    case 'us-far':
      return usFarDueDate(input);
    case 'uk-pa23':
      return ukDueDate(input);
    case 'eu':
      return euDueDate(input);
    case 'generic':
      return genericDueDate(input);
    default:
      throw new Error(`Unknown rule pack "${String(input.pack)}".`);
  }
}

export interface DefectReturnResult {
  /** Last day to return a defective invoice; null when the pack sets no deadline and none is given. */
  deadline: string | null;
  working: string[];
}

/**
 * The last day to return a defective invoice to the vendor: us-far, 7 days after receipt; other
 * packs only when the contract (or the caller) sets `days`.
 */
export function defectReturnDeadline(input: { pack: PaymentRulePack; receivedDate: string; days?: number | null }): DefectReturnResult {
  if (input.pack === 'us-far') {
    const deadline = addDays(input.receivedDate, DEFECT_RETURN_DAYS);
    return {
      deadline,
      working: [
        `The invoice was received on ${day(input.receivedDate)}.`,
        `A defective invoice must be returned with the reasons within 7 days of receipt: by ${day(deadline)}. Returning it later shortens the time to pay the corrected invoice by the days of delay.`,
      ],
    };
  }
  if (input.days !== null && input.days !== undefined) {
    const deadline = addDays(input.receivedDate, input.days);
    return {
      deadline,
      working: [
        `The invoice was received on ${day(input.receivedDate)}.`,
        `Return a defective invoice within ${plural(input.days, 'day')}: by ${day(deadline)}.`,
      ],
    };
  }
  return { deadline: null, working: ['No deadline is set for returning a defective invoice; tell the supplier without undue delay.'] };
}

export interface EarlyPaymentResult {
  /** Whole days the payment came before the due date (0 when on or after it). */
  daysEarly: number;
  /** us-far: paid earlier than 7 days before the due date (and no accelerated payment was allowed). */
  flagged: boolean;
  working: string[];
}

/** Whether a payment came too early (us-far: earlier than 7 days before the due date, FAR 32.906(a)). */
export function earlyPaymentCheck(input: {
  pack: PaymentRulePack;
  dueDate: string;
  paymentDate: string;
  /** The contract allows accelerated payment (e.g. to a small business): never flagged. */
  acceleratedPaymentAllowed?: boolean;
}): EarlyPaymentResult {
  const daysEarly = Math.max(0, daysBetween(input.paymentDate, input.dueDate));
  const working = [`Paid on ${day(input.paymentDate)}; due on ${day(input.dueDate)}: ${plural(daysEarly, 'day')} early.`];
  if (input.pack !== 'us-far') {
    working.push('This rule pack does not restrict early payment.');
    return { daysEarly, flagged: false, working };
  }
  if (input.acceleratedPaymentAllowed) {
    working.push('The contract allows accelerated payment, so early payment is not flagged.');
    return { daysEarly, flagged: false, working };
  }
  const flagged = daysEarly > EARLY_PAYMENT_DAYS;
  working.push(
    flagged
      ? `Payments should not be made earlier than 7 days before the due date (FAR 32.906(a)); this one was ${plural(daysEarly - EARLY_PAYMENT_DAYS, 'day')} earlier than that.`
      : 'Within the 7 days before the due date that payment is allowed.',
  );
  return { daysEarly, flagged, working };
}

/** The holiday set to use for a pack's working-day rules (us-far defaults to US federal holidays). */
export function defaultHolidaysFor(pack: PaymentRulePack): Holidays {
  return pack === 'us-far' ? DEFAULT_US_FEDERAL_HOLIDAYS : NO_HOLIDAYS;
}
const NO_HOLIDAYS: ReadonlySet<string> = new Set<string>();
