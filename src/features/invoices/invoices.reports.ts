/** Reading invoices as figures: the interest working, the interest calculator, payables by month, CSV. */
import Big from 'big.js';
import { csvLine } from '../../core/csv.js';
import { compareDates, daysBetween, todayUtc } from '../../core/dates.js';
import { AppError, invalid } from '../../core/errors.js';
import { formatMoney } from '../../core/money.js';
import { type LateInterestResult, type PaymentRulePack, lateInterest } from '../../core/payments/index.js';
import { can } from '../../core/policy.js';
import type { ServiceContext } from '../../platform/context.js';
import { denial, requirePermission } from '../../platform/service.js';
import { DEFAULT_TERMS, ensurePaymentData, loadRates, loadTerms } from './invoices.clock.js';
import type { InterestCalculationInput, InvoiceDto, InvoiceInterestDto, PayablesSummaryDto } from './invoices.schema.js';
import { contractFor, getInvoice, interestInput, interestOrMessage, invoiceFor, listContractInvoices } from './invoices.service.js';
import { OPEN_STATES, clockStatus, filterCondition, invoicesVisibleTo, outstandingOf, paymentsOf, summaryQuery } from './invoices.store.js';

/** The interest working of an invoice: accrued so far on what is unpaid, and what each late payment carried. */
export async function invoiceInterest(ctx: ServiceContext, id: string, asOf?: string): Promise<InvoiceInterestDto> {
  await requirePermission(ctx, 'invoice.read', 'invoice');
  await ensurePaymentData(ctx.db);
  const { contract } = await invoiceFor(ctx, id, 'invoice.read');
  const day = asOf ?? todayUtc();
  const row = await summaryQuery(ctx.db).where('i.id', '=', id).executeTakeFirstOrThrow();
  const [payments, terms, rates] = await Promise.all([
    paymentsOf(ctx.db, id),
    loadTerms(ctx.db, contract.id),
    loadRates(ctx.db, row.rule_pack),
  ]);
  const outstanding = outstandingOf(row);
  let accrued: LateInterestResult | null = null;
  let message: string | null = null;
  const open = (OPEN_STATES as readonly string[]).includes(row.state);
  if (!row.due_date) message = 'There is no due date yet, so no interest runs.';
  else if (open && new Big(outstanding).gt(0) && compareDates(day, row.due_date) > 0) {
    const lateAlready = payments.some((p) => p.kind === 'payment' && p.days_late > 0);
    const r = interestOrMessage(
      interestInput(
        row.rule_pack as PaymentRulePack,
        { principal: outstanding, currency: row.currency, dueDate: row.due_date, paymentDate: day },
        rates,
        terms,
        !lateAlready,
      ),
    );
    accrued = r.result;
    message = r.message;
  } else if (open && compareDates(day, row.due_date) <= 0) message = `Not late on ${day}: the invoice is due on ${row.due_date}.`;
  const interestPaid = payments.reduce((a, p) => a.plus(p.interest_paid), new Big(0));
  return {
    invoiceId: id,
    rulePack: row.rule_pack as InvoiceInterestDto['rulePack'],
    currency: row.currency,
    dueDate: row.due_date,
    dueWorking: row.due_working,
    asOf: day,
    outstanding,
    accrued,
    payments: payments
      .filter((p) => p.kind === 'payment')
      .map((p) => ({
        paymentId: p.id,
        date: p.payment_date,
        amount: p.amount,
        interestPaid: p.interest_paid,
        interest: (p.interest_working as unknown as LateInterestResult | null) ?? null,
      })),
    interestPaid: interestPaid.toFixed(2),
    message,
  };
}

/** The interest calculator: finance staff check a figure for any principal, dates and rule pack. */
export async function calculateInterest(ctx: ServiceContext, input: InterestCalculationInput): Promise<LateInterestResult> {
  if (!can(ctx.actor, 'invoice.read') && !can(ctx.actor, 'payment_rates.manage'))
    throw await denial(ctx, 'forbidden', { permission: 'invoice.read', entityType: 'prompt_payment' });
  await ensurePaymentData(ctx.db);
  if (input.rulePack === 'generic' && !input.annualRatePercent)
    throw invalid({ annualRatePercent: 'is required for the generic rule pack: it has no rate table (each contract sets its own)' });
  const rates = input.annualRatePercent ? undefined : await loadRates(ctx.db, input.rulePack);
  try {
    return lateInterest({
      pack: input.rulePack,
      principal: formatMoney(input.principal),
      currency: input.currency,
      dueDate: input.dueDate,
      paymentDate: input.paymentDate,
      ...(rates ? { rates } : { annualRatePercent: input.annualRatePercent }),
      ...(input.euFixedCompensation !== undefined ? { euFixedCompensation: input.euFixedCompensation } : {}),
      ...(input.rulePack === 'generic'
        ? { dayBasis: input.dayBasis ?? DEFAULT_TERMS.dayBasis, compounding: input.compounding ?? DEFAULT_TERMS.compounding }
        : {}),
    });
  } catch (e) {
    throw new AppError('unprocessable', (e as Error).message || 'No interest rate applies to these dates.');
  }
}

const monthOf = (d: string) => d.slice(0, 7);
/** The first day of the month `back` months before the month of `date` (0: its own month). */
function monthStart(date: string, back: number): string {
  const [y, m] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 - back, 1)).toISOString().slice(0, 10);
}

/** Paid on time against paid late by month (for charts), with the open work, over invoices the caller may see. */
export async function payablesSummary(ctx: ServiceContext, q: { months: number; departmentId?: string }): Promise<PayablesSummaryDto> {
  await requirePermission(ctx, 'invoice.read', 'invoice');
  const today = todayUtc();
  const from = monthStart(today, q.months - 1);
  let paidQ = summaryQuery(ctx.db)
    .where(invoicesVisibleTo(ctx.actor) as never)
    .where('i.state', '=', 'paid')
    .where('i.paid_date', '>=', from)
    .where('i.paid_date', '<=', today);
  if (q.departmentId) paidQ = paidQ.where('c.department_id', '=', q.departmentId);
  const paid = await paidQ.execute();
  const months = new Map<string, PayablesSummaryDto['months'][number]>();
  for (let i = q.months - 1; i >= 0; i--) {
    const month = monthOf(monthStart(today, i));
    months.set(month, { month, paidOnTime: 0, paidLate: 0, interestPaid: [], values: [] });
  }
  let onTime = 0;
  let late = 0;
  let daysToPay = 0;
  for (const r of paid) {
    const m = months.get(monthOf(r.paid_date as string));
    if (!m) continue;
    const isLate = clockStatus(r, today).status === 'paid_late';
    if (isLate) {
      m.paidLate++;
      late++;
    } else {
      m.paidOnTime++;
      onTime++;
    }
    daysToPay += Math.max(0, daysBetween(r.received_date, r.paid_date as string));
    let v = m.values.find((x) => x.currency === r.currency);
    if (!v) {
      v = { currency: r.currency, onTime: '0.00', late: '0.00' };
      m.values.push(v);
    }
    if (isLate) v.late = formatMoney(new Big(v.late).plus(r.paid));
    else v.onTime = formatMoney(new Big(v.onTime).plus(r.paid));
    if (new Big(r.interest_paid_sum).gt(0)) {
      let ip = m.interestPaid.find((x) => x.currency === r.currency);
      if (!ip) {
        ip = { currency: r.currency, amount: '0.00' };
        m.interestPaid.push(ip);
      }
      ip.amount = formatMoney(new Big(ip.amount).plus(r.interest_paid_sum));
    }
  }
  const count = async (filter: string) => {
    let cq = ctx.db
      .selectFrom('invoices as i')
      .innerJoin('contracts as c', 'c.id', 'i.contract_id')
      .where(invoicesVisibleTo(ctx.actor) as never)
      .where(filterCondition(filter, today) as never);
    if (q.departmentId) cq = cq.where('c.department_id', '=', q.departmentId);
    return Number((await cq.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  };
  const [dueThisWeek, lateOpen, defective] = await Promise.all([count('due_this_week'), count('late'), count('defective')]);
  const n = onTime + late;
  return {
    from,
    to: today,
    months: [...months.values()],
    totals: {
      paidOnTime: onTime,
      paidLate: late,
      onTimeShare: n ? onTime / n : null,
      averageDaysToPay: n ? Math.round((daysToPay / n) * 10) / 10 : null,
    },
    open: { dueThisWeek, late: lateOpen, defective },
  };
}

export const INVOICE_CSV_COLUMNS = [
  'contract_reference',
  'vendor_invoice_number',
  'invoice_date',
  'received_date',
  'state',
  'defective',
  'currency',
  'subtotal',
  'tax',
  'total',
  'credited',
  'paid',
  'outstanding',
  'acceptance_date',
  'due_date',
  'defect_return_deadline',
  'paid_date',
  'days_late',
  'interest_paid',
  'rule_pack',
] as const;

/** A contract's invoices as CSV (header line first; lines end with CRLF), for those who may read them. */
export async function invoicesCsv(ctx: ServiceContext, contractId: string): Promise<{ reference: string; csv: string; rows: number }> {
  await requirePermission(ctx, 'invoice.read', 'invoice');
  const c = await contractFor(ctx, contractId, 'invoice.read');
  const today = todayUtc();
  const rows = await summaryQuery(ctx.db)
    .where('i.contract_id', '=', contractId)
    .orderBy('i.invoice_date')
    .orderBy('i.created_at')
    .execute();
  const lines = [csvLine(INVOICE_CSV_COLUMNS)];
  for (const r of rows)
    lines.push(
      csvLine([
        c.reference,
        r.vendor_invoice_number,
        r.invoice_date,
        r.received_date,
        r.state,
        r.defective ? 'yes' : 'no',
        r.currency,
        r.subtotal,
        r.tax,
        r.total,
        r.credited,
        r.paid,
        outstandingOf(r),
        r.acceptance_date,
        r.due_date,
        r.defect_return_deadline,
        r.paid_date,
        clockStatus(r, today).daysLate,
        formatMoney(r.interest_paid_sum),
        r.rule_pack,
      ]),
    );
  return { reference: c.reference, csv: `${lines.join('\r\n')}\r\n`, rows: rows.length };
}

/** A contract's invoices in full (lines, checklist, clock, payments, history), for the JSON export. */
export async function invoicesJson(ctx: ServiceContext, contractId: string): Promise<InvoiceDto[]> {
  const list = await listContractInvoices(ctx, contractId);
  const out: InvoiceDto[] = [];
  for (const i of [...list.items].reverse()) out.push(await getInvoice(ctx, i.id));
  return out;
}
