/** What makes an invoice proper (us-far, FAR 52.232-25(a)(3)) or valid (other packs), and whether its totals add up. */
import Big from 'big.js';
import type { FieldErrors } from '../errors.js';
import type { PaymentRulePack } from './dueDates.js';

export interface ProperInvoiceLine {
  /** The contract line item number (CLIN) the line bills. */
  lineItemNumber?: string | null;
  description?: string | null;
  /** Decimal string. */
  quantity?: string | null;
  /** Unit of measure, e.g. "hour", "each", "month". */
  unit?: string | null;
  unitPrice?: string | null;
  /** Extended price: quantity × unit price. */
  amount?: string | null;
}

export interface ProperInvoiceFacts {
  vendorName?: string | null;
  vendorAddress?: string | null;
  invoiceNumber?: string | null;
  invoiceDate?: string | null;
  /** The contract number (and order number, if any) the invoice quotes. */
  contractNumber?: string | null;
  lines: readonly ProperInvoiceLine[];
  /** Invoice total. */
  total?: string | null;
  /** Payment terms, including any prompt-payment discount offered. */
  paymentTerms?: string | null;
  /** Name and address of whom payment is sent to (or bank details). */
  remitTo?: string | null;
  /** Name, title, phone and address of the person to notify of a defective invoice. */
  defectContact?: string | null;
  /** Other documents the contract requires with an invoice (e.g. timesheets, evidence of shipment) and whether each came. */
  otherRequirements?: readonly { label: string; met: boolean }[];
  /** Minor-unit digits of the invoice's currency (default 2). */
  currencyDecimals?: number;
}

export interface ChecklistItem {
  /** Stable key, e.g. "contractor_name_address". */
  item: string;
  label: string;
  ok: boolean;
  /** What is missing or wrong, or "Present." */
  message: string;
}

const US_FAR_ITEMS = [
  { item: 'contractor_name_address', label: 'Contractor name and address' },
  { item: 'invoice_date_number', label: 'Invoice date and invoice number' },
  { item: 'contract_number', label: 'Contract number (and order number, if any)' },
  { item: 'line_item_numbers', label: 'Contract line item number on every line' },
  { item: 'description', label: 'Description of the supplies or services' },
  { item: 'quantity', label: 'Quantity' },
  { item: 'unit_of_measure', label: 'Unit of measure' },
  { item: 'unit_and_extended_price', label: 'Unit price and extended price' },
  { item: 'payment_terms', label: 'Payment terms, including any prompt-payment discount' },
  { item: 'remit_to', label: 'Name and address of the official to whom payment is to be sent' },
  { item: 'defect_contact', label: 'Name, title, phone number and address of the person to notify of a defective invoice' },
  { item: 'other_requirements', label: 'Other information or documents the contract requires' },
] as const;

/** The checklist items of each pack, in order (key and label). us-far: FAR 52.232-25(a)(3); the others a lighter list of what makes an invoice valid. */
export const PROPER_INVOICE_ITEMS: Record<PaymentRulePack, readonly { item: string; label: string }[]> = {
  'us-far': US_FAR_ITEMS,
  'uk-pa23': [
    { item: 'supplier_name_address', label: 'Supplier name and address' },
    { item: 'invoice_date_number', label: 'Invoice date and invoice number' },
    { item: 'contract_reference', label: 'Contract or purchase order reference' },
    { item: 'description', label: 'Description of the goods or services' },
    { item: 'quantity_price', label: 'Quantity, unit price and line amount on every line' },
    { item: 'total', label: 'Invoice total that adds up' },
    { item: 'remit_to', label: 'Payment details' },
  ],
  eu: [
    { item: 'seller_name_address', label: 'Seller name and address' },
    { item: 'invoice_date_number', label: 'Invoice date and invoice number' },
    { item: 'contract_reference', label: 'Buyer reference, contract or order reference' },
    { item: 'description', label: 'Description of the goods or services' },
    { item: 'quantity_price', label: 'Quantity, unit price and line amount on every line' },
    { item: 'total', label: 'Invoice total that adds up' },
    { item: 'remit_to', label: 'Payment instructions' },
  ],
  generic: [
    { item: 'vendor_name', label: 'Vendor name' },
    { item: 'invoice_date_number', label: 'Invoice date and invoice number' },
    { item: 'description', label: 'Description of the goods or services' },
    { item: 'quantity_price', label: 'Quantity, unit price and line amount on every line' },
    { item: 'total', label: 'Invoice total that adds up' },
  ],
};

const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === '';
const NUMBER_RE = /^\d+(\.\d+)?$/;
const ROUND_HALF_UP = 1 as Big.RoundingMode;

/** "line 2" / "lines 1, 3 and 4". */
function lineList(idx: number[]): string {
  const n = idx.map((i) => String(i + 1));
  if (n.length === 1) return `line ${n[0]}`;
  return `lines ${n.slice(0, -1).join(', ')} and ${n[n.length - 1]}`;
}

/** Check an invoice against its pack's checklist; a failed item makes the invoice defective. */
export function checkProperInvoice(pack: PaymentRulePack, facts: ProperInvoiceFacts): ChecklistItem[] {
  const lines = facts.lines;
  const dp = facts.currencyDecimals ?? 2;
  const noLines = lines.length === 0;
  const present = (ok: boolean, missing: string) => ({ ok, message: ok ? 'Present.' : missing });
  const perLine = (bad: (l: ProperInvoiceLine) => boolean, what: string) => {
    if (noLines) return { ok: false, message: 'The invoice has no lines.' };
    const idx = lines.flatMap((l, i) => (bad(l) ? [i] : []));
    return idx.length ? { ok: false, message: `${what} missing on ${lineList(idx)}.` } : { ok: true, message: 'Present on every line.' };
  };
  const priceCheck = () => {
    if (noLines) return { ok: false, message: 'The invoice has no lines.' };
    const problems: string[] = [];
    lines.forEach((l, i) => {
      if (blank(l.unitPrice) || blank(l.amount))
        problems.push(`line ${i + 1} lacks ${blank(l.unitPrice) ? 'a unit price' : 'an extended price'}`);
      else if (
        !blank(l.quantity) &&
        NUMBER_RE.test(l.quantity as string) &&
        NUMBER_RE.test(l.unitPrice as string) &&
        NUMBER_RE.test(l.amount as string)
      ) {
        const expected = new Big(l.quantity as string).times(l.unitPrice as string).round(dp, ROUND_HALF_UP);
        if (!expected.eq(l.amount as string))
          problems.push(`on line ${i + 1}, quantity × unit price is ${expected.toFixed(dp)}, not ${l.amount}`);
      } else problems.push(`line ${i + 1} has figures that are not numbers`);
    });
    return problems.length
      ? { ok: false, message: `${problems.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()) }
      : { ok: true, message: 'Present and correct on every line.' };
  };
  const totalCheck = () => {
    if (blank(facts.total)) return { ok: false, message: 'The invoice total is missing.' };
    const c = validateInvoiceTotals(
      lines.map((l) => ({ quantity: l.quantity ?? '', unitPrice: l.unitPrice ?? '', amount: l.amount ?? '' })),
      facts.total as string,
      dp,
    );
    return c.ok ? { ok: true, message: 'The lines add up to the total.' } : { ok: false, message: Object.values(c.problems).join(' ') };
  };
  const nameAddress = () => {
    const missing = [blank(facts.vendorName) ? 'name' : '', blank(facts.vendorAddress) ? 'address' : ''].filter(Boolean);
    return present(missing.length === 0, `The ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing.`);
  };
  const dateNumber = () => {
    const missing = [blank(facts.invoiceDate) ? 'invoice date' : '', blank(facts.invoiceNumber) ? 'invoice number' : ''].filter(Boolean);
    return present(missing.length === 0, `The ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing.`);
  };
  const reference = () => present(!blank(facts.contractNumber), 'The contract number is missing.');
  const description = () => perLine((l) => blank(l.description), 'A description is');
  const quantityPrice = () => {
    const q = perLine((l) => blank(l.quantity) || blank(l.unitPrice) || blank(l.amount), 'Quantity, unit price or amount is');
    return q.ok ? priceCheck() : q;
  };
  const checks: Record<string, () => { ok: boolean; message: string }> = {
    contractor_name_address: nameAddress,
    supplier_name_address: nameAddress,
    seller_name_address: nameAddress,
    vendor_name: () => present(!blank(facts.vendorName), 'The vendor name is missing.'),
    invoice_date_number: dateNumber,
    contract_number: reference,
    contract_reference: () => present(!blank(facts.contractNumber), 'The contract or order reference is missing.'),
    line_item_numbers: () => perLine((l) => blank(l.lineItemNumber), 'The line item number is'),
    description,
    quantity: () => perLine((l) => blank(l.quantity), 'The quantity is'),
    unit_of_measure: () => perLine((l) => blank(l.unit), 'The unit of measure is'),
    unit_and_extended_price: priceCheck,
    quantity_price: quantityPrice,
    total: totalCheck,
    payment_terms: () => present(!blank(facts.paymentTerms), 'The payment terms are missing.'),
    remit_to: () => present(!blank(facts.remitTo), 'Where to send payment is missing.'),
    defect_contact: () => present(!blank(facts.defectContact), 'Nobody is named to notify of a defective invoice.'),
    other_requirements: () => {
      const missing = (facts.otherRequirements ?? []).filter((r) => !r.met).map((r) => r.label);
      if (!facts.otherRequirements?.length) return { ok: true, message: 'The contract requires nothing more.' };
      return missing.length
        ? { ok: false, message: `Missing: ${missing.join(', ')}.` }
        : { ok: true, message: 'Everything the contract requires came with it.' };
    },
  };
  return PROPER_INVOICE_ITEMS[pack].map(({ item, label }) => ({ item, label, ...checks[item]() }));
}

/** Whether every item passed. */
export function isProperInvoice(items: readonly ChecklistItem[]): boolean {
  return items.every((i) => i.ok);
}

export interface TotalsLine {
  quantity: string;
  unitPrice: string;
  amount: string;
}

export interface TotalsCheck {
  ok: boolean;
  /** Field errors keyed like the request body: "lines.0.amount", "total". */
  problems: FieldErrors;
  /** quantity × unit price of each line, rounded half up to the currency's decimals ("" when the line's figures are unreadable). */
  expectedLineAmounts: string[];
  /** Sum of the stated line amounts. */
  expectedTotal: string;
}

/**
 * Whether an invoice's lines and total add up: each line amount = quantity × unit price rounded half
 * up to `currencyDecimals`, total = sum of the line amounts; nothing may be negative, and amounts
 * may not carry more decimals than the currency has. Unit prices may have up to 8 decimals (prices
 * per token or per call) and quantities up to 6.
 */
export function validateInvoiceTotals(lines: readonly TotalsLine[], total: string, currencyDecimals: number): TotalsCheck {
  const dp = currencyDecimals;
  const problems: FieldErrors = {};
  const decimalsOf = (v: string) => (v.includes('.') ? v.split('.')[1].length : 0);
  const places = dp === 0 ? 'no decimal places' : `at most ${dp} decimal place${dp === 1 ? '' : 's'}`;
  /** A problem with an amount string, or null. */
  const amountProblem = (v: string, what: string, maxDecimals: number, maxPlaces: string): string | null => {
    if (typeof v !== 'string' || v.trim() === '') return `${what} is missing.`;
    if (v.startsWith('-')) return `${what} must not be negative.`;
    if (!NUMBER_RE.test(v)) return `${what} must be a number such as "12.50".`;
    if (decimalsOf(v) > maxDecimals) return `${what} must have ${maxPlaces}.`;
    if (v.split('.')[0].length > 16) return `${what} is too large.`;
    return null;
  };
  const expectedLineAmounts: string[] = [];
  let sum = new Big(0);
  lines.forEach((l, i) => {
    const q = amountProblem(l.quantity, 'The quantity', 6, 'at most 6 decimal places');
    const p = amountProblem(l.unitPrice, 'The unit price', 8, 'at most 8 decimal places');
    const a = amountProblem(l.amount, 'The amount', dp, places);
    if (q) problems[`lines.${i}.quantity`] = q;
    if (p) problems[`lines.${i}.unitPrice`] = p;
    if (a) problems[`lines.${i}.amount`] = a;
    if (!a) sum = sum.plus(l.amount);
    if (q || p) {
      expectedLineAmounts.push('');
      return;
    }
    const expected = new Big(l.quantity).times(l.unitPrice).round(dp, ROUND_HALF_UP);
    expectedLineAmounts.push(expected.toFixed(dp));
    if (!a && !expected.eq(l.amount)) problems[`lines.${i}.amount`] = `Quantity × unit price is ${expected.toFixed(dp)}, not ${l.amount}.`;
  });
  const expectedTotal = sum.toFixed(dp);
  const t = amountProblem(total, 'The total', dp, places);
  if (t) problems.total = t;
  else if (!lines.length) problems.total = 'The invoice has no lines.';
  else if (!new Big(total).eq(sum)) problems.total = `The lines add up to ${expectedTotal}, not ${total}.`;
  return { ok: Object.keys(problems).length === 0, problems, expectedLineAmounts, expectedTotal };
}
