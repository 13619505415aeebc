/** SQL for invoices and their lines, checks, events, payments and files; visibility applied as SQL. */
import Big from 'big.js';
import { type ExpressionBuilder, sql } from 'kysely';
import { addDays, daysBetween } from '../../core/dates.js';
import { type Actor, scopeFor } from '../../core/policy.js';
import type { DbOrTx } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { InvoiceState, InvoiceSummaryDto, PaymentDto } from './invoices.schema.js';

const NO_ID = '00000000-0000-0000-0000-000000000000';
export const OPEN_STATES = ['received', 'approved', 'scheduled'] as const;
/** Days ahead in which an unpaid invoice counts as "due this week" (today and the six days after). */
export const DUE_SOON_DAYS = 7;

type Scope = ExpressionBuilder<Database & { c: Database['contracts'] }, 'c'>;

/**
 * The SQL form of decideContractAction(actor, 'invoice.read', contract) === 'allow': procurement and
 * auditors every invoice, buyers their own department's (restricted or not), vendor users their
 * own vendor's. Anyone else nothing.
 */
export function invoicesVisibleTo(actor: Actor) {
  return (eb: Scope) => {
    const scope = scopeFor(actor, 'invoice.read');
    if (scope === 'all') return eb.val(true);
    if (scope === 'department') return eb('c.department_id', '=', actor.departmentId ?? NO_ID);
    if (scope === 'vendor') return eb('c.vendor_id', '=', actor.vendorId ?? NO_ID);
    return eb.val(false);
  };
}

export function summaryQuery(db: DbOrTx) {
  return db
    .selectFrom('invoices as i')
    .innerJoin('contracts as c', 'c.id', 'i.contract_id')
    .innerJoin('vendors as v', 'v.id', 'c.vendor_id')
    .innerJoin('departments as d', 'd.id', 'c.department_id')
    .selectAll('i')
    .select([
      'c.reference as contract_reference',
      'c.title as contract_title',
      'c.vendor_id',
      'c.department_id',
      'v.legal_name as vendor_name',
      'd.name as department_name',
      sql<string>`(SELECT coalesce(sum(p.interest_paid), 0)::text FROM payments p WHERE p.invoice_id = i.id)`.as('interest_paid_sum'),
    ]);
}
export type InvoiceRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

export type ClockStatus = InvoiceSummaryDto['status'];

/** Where an invoice stands against its due date today, and how many days late it is (or was). */
export function clockStatus(
  r: Pick<InvoiceRow, 'state' | 'due_date' | 'paid_date'>,
  today: string,
): { status: ClockStatus; daysLate: number } {
  if (r.state === 'returned_defective') return { status: 'returned', daysLate: 0 };
  if (r.state === 'paid') {
    const late = r.due_date && r.paid_date ? Math.max(0, daysBetween(r.due_date, r.paid_date)) : 0;
    return { status: late > 0 ? 'paid_late' : 'paid_on_time', daysLate: late };
  }
  if (!r.due_date) return { status: 'no_due_date', daysLate: 0 };
  const left = daysBetween(today, r.due_date);
  if (left < 0) return { status: 'late', daysLate: -left };
  return { status: left < DUE_SOON_DAYS ? 'due_soon' : 'not_due', daysLate: 0 };
}

export function outstandingOf(r: Pick<InvoiceRow, 'total' | 'credited' | 'paid'>): string {
  return new Big(r.total).minus(r.credited).minus(r.paid).toFixed(2);
}

export function toSummary(r: InvoiceRow, today: string): InvoiceSummaryDto {
  const clock = clockStatus(r, today);
  return {
    id: r.id,
    contract: { id: r.contract_id, reference: r.contract_reference, title: r.contract_title },
    vendor: { id: r.vendor_id, name: r.vendor_name },
    department: { id: r.department_id, name: r.department_name },
    vendorInvoiceNumber: r.vendor_invoice_number,
    invoiceDate: r.invoice_date,
    receivedDate: r.received_date,
    currency: r.currency,
    total: r.total,
    credited: r.credited,
    paid: r.paid,
    outstanding: outstandingOf(r),
    state: r.state as InvoiceState,
    defective: r.defective,
    rulePack: r.rule_pack as InvoiceSummaryDto['rulePack'],
    dueDate: r.due_date,
    defectReturnDeadline: r.defect_return_deadline,
    paidDate: r.paid_date,
    daysLate: clock.daysLate,
    status: clock.status,
    interestPaid: new Big(r.interest_paid_sum).toFixed(2),
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The portfolio filters as SQL conditions on `i`. */
export function filterCondition(filter: string, today: string) {
  return (eb: ExpressionBuilder<Database & { i: Database['invoices'] }, 'i'>) => {
    switch (filter) {
      case 'due_this_week':
        return eb.and([
          eb('i.state', 'in', OPEN_STATES),
          eb('i.due_date', '>=', today),
          eb('i.due_date', '<=', addDays(today, DUE_SOON_DAYS - 1)),
        ]);
      case 'late':
        return eb.and([eb('i.state', 'in', OPEN_STATES), eb('i.due_date', '<', today)]);
      case 'defective':
        return eb.or([eb('i.state', '=', 'returned_defective'), eb.and([eb('i.state', '=', 'received'), eb('i.defective', '=', true)])]);
      case 'open':
        return eb('i.state', '<>', 'paid');
      case 'paid':
        return eb('i.state', '=', 'paid');
      default:
        return eb.val(true);
    }
  };
}

export async function userNames(db: DbOrTx, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const want = [...new Set(ids.filter((v): v is string => !!v))];
  if (!want.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', want).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function linesOf(db: DbOrTx, invoiceId: string) {
  return db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', invoiceId).orderBy('position').execute();
}
export type LineRow = Awaited<ReturnType<typeof linesOf>>[number];

export async function checksOf(db: DbOrTx, invoiceId: string) {
  return db.selectFrom('invoice_checks').selectAll().where('invoice_id', '=', invoiceId).orderBy('position').execute();
}

export async function paymentsOf(db: DbOrTx, invoiceId: string) {
  return db.selectFrom('payments').selectAll().where('invoice_id', '=', invoiceId).orderBy('payment_date').orderBy('created_at').execute();
}
export type PaymentRow = Awaited<ReturnType<typeof paymentsOf>>[number];

export function toPayment(p: PaymentRow, names: Map<string, string>): PaymentDto {
  return {
    id: p.id,
    kind: p.kind as PaymentDto['kind'],
    date: p.payment_date,
    amount: p.amount,
    reference: p.reference,
    daysLate: p.days_late,
    interestDue: p.interest_due,
    interestPaid: p.interest_paid,
    early: p.early,
    recordedBy: p.created_by ? { id: p.created_by, name: names.get(p.created_by) ?? 'Unknown user' } : null,
    createdAt: p.created_at.toISOString(),
  };
}

export async function eventsOf(db: DbOrTx, invoiceId: string) {
  return db.selectFrom('invoice_events').selectAll().where('invoice_id', '=', invoiceId).orderBy('seq').execute();
}

export async function attachmentsOf(db: DbOrTx, invoiceId: string, onlyShared: boolean) {
  let q = db
    .selectFrom('invoice_files as f')
    .innerJoin('documents as doc', 'doc.id', 'f.document_id')
    .select(['doc.id', 'doc.title', 'doc.filename', 'doc.media_type', 'doc.size_bytes', 'doc.uploaded_at', 'doc.shared_with_vendor'])
    .where('f.invoice_id', '=', invoiceId);
  if (onlyShared) q = q.where('doc.shared_with_vendor', '=', true);
  return q.orderBy('doc.uploaded_at').orderBy('doc.id').execute();
}

/** A decimal without the trailing zeros numeric(24,6) adds ("7.500000" → "7.5"). */
export function plainDecimal(v: string): string {
  return new Big(v).toFixed();
}
