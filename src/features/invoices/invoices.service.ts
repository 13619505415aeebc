/**
 * Invoices of a contract: submitted by the vendor (or entered by procurement), checked against the
 * rule pack's proper-invoice checklist, returned when defective and sent again, approved by the
 * buyer, scheduled and paid (in part or in full, with credit notes), with the payment clock and
 * late-payment interest worked out by the pure rules in core/payments.
 */
import Big from 'big.js';
import { sql } from 'kysely';
import { compareDates, daysBetween, todayUtc } from '../../core/dates.js';
import { AppError, type FieldErrors, invalid } from '../../core/errors.js';
import { formatMoney } from '../../core/money.js';
import {
  type ChecklistItem,
  type LateInterestInput,
  type LateInterestResult,
  type PaymentRulePack,
  checkProperInvoice,
  currencyDecimals,
  earlyPaymentCheck,
  lateInterest,
  validateInvoiceTotals,
} from '../../core/payments/index.js';
import { type Permission, decideContractAction, scopeFor } from '../../core/policy.js';
import type { Tx } from '../../db/database.js';
import type { InvoiceOtherRequirement } from '../../db/schema.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { afterContractChange } from '../../platform/changes.js';
import type { ServiceContext } from '../../platform/context.js';
import { emit } from '../../platform/events.js';
import { type Page, denial, inTransaction, requirePermission, requireVersion, staleVersion } from '../../platform/service.js';
import { authorizeContract } from '../contracts/contracts.service.js';
import type { ContractRow } from '../contracts/contracts.store.js';
import { insertDocument, prepareDocument } from '../documents/documents.service.js';
import {
  type PaymentTermsFacts,
  computeClock,
  linkedDeliverables,
  loadHolidays,
  loadRates,
  loadTerms,
  ensurePaymentData,
} from './invoices.clock.js';
import type {
  InvoiceApproveInput,
  InvoiceCreateInput,
  InvoiceDto,
  InvoiceListQueryInput,
  InvoiceResubmitInput,
  InvoiceReturnInput,
  InvoiceScheduleInput,
  InvoiceSummaryDto,
  InvoiceUpdateInput,
  PaymentCreateInput,
} from './invoices.schema.js';
import {
  OPEN_STATES,
  attachmentsOf,
  checksOf,
  clockStatus,
  eventsOf,
  filterCondition,
  invoicesVisibleTo,
  linesOf,
  outstandingOf,
  paymentsOf,
  plainDecimal,
  summaryQuery,
  toPayment,
  toSummary,
  userNames,
} from './invoices.store.js';

const actorId = (ctx: ServiceContext) => (ctx.actor.role === 'system' ? null : ctx.actor.userId);
const isVendor = (ctx: ServiceContext) => scopeFor(ctx.actor, 'invoice.read') === 'vendor';
const facts = (c: Pick<ContractRow, 'department_id' | 'vendor_id' | 'restricted'>) => ({
  departmentId: c.department_id,
  vendorId: c.vendor_id,
  restricted: c.restricted,
});

// ---------- access ----------

/** The contract, if the actor may act on its invoices; 404 when they may not know it, 403 otherwise. */
async function contractFor(ctx: ServiceContext, contractId: string, permission: Permission): Promise<ContractRow> {
  return authorizeContract(ctx, contractId, permission);
}

/** An invoice and its contract, if the actor may act on it; 404 ("Invoice not found.") when they may not know it. */
async function invoiceFor(ctx: ServiceContext, id: string, permission: Permission): Promise<{ contract: ContractRow; contractId: string }> {
  const inv = await ctx.db.selectFrom('invoices').select(['id', 'contract_id']).where('id', '=', id).executeTakeFirst();
  if (!inv) throw await denial(ctx, 'hidden', { permission, entityType: 'invoice', entityId: id, label: 'Invoice' });
  try {
    // Reading first: someone who may not see the invoice learns nothing from the action's answer.
    const contract = await contractFor(ctx, inv.contract_id, 'invoice.read');
    if (permission !== 'invoice.read') await contractFor(ctx, inv.contract_id, permission);
    return { contract, contractId: inv.contract_id };
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') throw new AppError('not_found', 'Invoice not found.');
    throw e;
  }
}

async function lockInvoice(tx: Tx, id: string) {
  return tx.selectFrom('invoices').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}

function wrongState(row: { state: string }, action: string): AppError {
  const now: Record<string, string> = {
    received: 'received and waiting to be approved or returned',
    returned_defective: 'returned to the vendor as defective',
    approved: 'approved',
    scheduled: 'scheduled for payment',
    paid: 'paid in full',
  };
  return new AppError('conflict', `This invoice is ${now[row.state] ?? row.state}, so it cannot be ${action}.`);
}

// ---------- validation ----------

interface NormalLine {
  lineItemNumber: string;
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  amount: string;
  milestoneId: string | null;
  deliverableId: string | null;
  usageStart: string | null;
  usageEnd: string | null;
}

interface NormalInvoice {
  vendorInvoiceNumber: string;
  invoiceDate: string;
  receivedDate: string;
  receiptStamped: boolean;
  periodStart: string | null;
  periodEnd: string | null;
  deliveredDate: string | null;
  currency: string;
  lines: NormalLine[];
  subtotal: string;
  tax: string;
  total: string;
  contractorName: string;
  contractorAddress: string;
  contractNumber: string;
  paymentTerms: string;
  remitTo: string;
  defectContact: string;
  notes: string;
}

/** Decimal places as written ("12.50" → 2), the way the totals check counts them. */
function decimalPlaces(v: string): number {
  return (v.split('.')[1] ?? '').length;
}

const decimalsWord = (n: number) => (n === 0 ? 'no decimal places' : n === 1 ? 'at most 1 decimal place' : `at most ${n} decimal places`);

async function vendorDefaults(ctx: ServiceContext, c: ContractRow): Promise<{ name: string; address: string }> {
  const v = await ctx.db.selectFrom('vendors').select(['legal_name', 'address']).where('id', '=', c.vendor_id).executeTakeFirst();
  const a = v?.address ?? {};
  const address = [a.streetAddress, a.locality, a.region, a.postalCode, a.countryName].filter((s) => s?.trim()).join(', ');
  return { name: v?.legal_name ?? '', address };
}

/** The invoice columns a submission sets, as written on create and on resubmission. */
function invoiceColumns(n: NormalInvoice) {
  return {
    vendor_invoice_number: n.vendorInvoiceNumber,
    invoice_date: n.invoiceDate,
    received_date: n.receivedDate,
    receipt_stamped: n.receiptStamped,
    period_start: n.periodStart,
    period_end: n.periodEnd,
    delivered_date: n.deliveredDate,
    subtotal: n.subtotal,
    tax: n.tax,
    total: n.total,
    contractor_name: n.contractorName,
    contractor_address: n.contractorAddress,
    contract_number: n.contractNumber,
    payment_terms: n.paymentTerms,
    remit_to: n.remitTo,
    defect_contact: n.defectContact,
    notes: n.notes,
  };
}

/** Check an invoice against its contract and the rules; returns it normalised, or throws field errors. */
async function normalise(
  ctx: ServiceContext,
  c: ContractRow,
  input: InvoiceCreateInput,
  today: string,
  previous?: { receivedDate: string },
): Promise<NormalInvoice> {
  const e: FieldErrors = {};
  const vendor = isVendor(ctx);
  if (vendor && input.receivedDate !== undefined) e.receivedDate = 'is stamped by Steward when the invoice arrives; leave it out';
  if (vendor && input.receiptStamped !== undefined) e.receiptStamped = 'is set by Steward; leave it out';
  if (input.currency !== c.currency) e.currency = `must be ${c.currency}, the currency of the contract`;
  const decimals = currencyDecimals(c.currency);

  if (compareDates(input.invoiceDate, today) > 0) e.invoiceDate = 'cannot be in the future';
  else if (compareDates(input.invoiceDate, c.end_date) > 0) e.invoiceDate = `is after the contract ended (${c.end_date})`;
  else if (compareDates(input.invoiceDate, c.start_date) < 0) e.invoiceDate = `is before the contract started (${c.start_date})`;

  const receivedDate = vendor || input.receivedDate === undefined ? today : input.receivedDate;
  if (!e.receivedDate) {
    if (compareDates(receivedDate, today) > 0) e.receivedDate = 'cannot be in the future';
    else if (compareDates(receivedDate, input.invoiceDate) < 0) e.receivedDate = 'cannot be before the invoice date';
    else if (previous && compareDates(receivedDate, previous.receivedDate) < 0)
      e.receivedDate = `cannot be before the earlier version was received (${previous.receivedDate})`;
  }

  const ps = input.billingPeriodStart;
  const pe = input.billingPeriodEnd;
  if (ps && pe && compareDates(pe, ps) < 0) e.billingPeriodEnd = 'cannot be before the start of the billing period';
  else {
    if (ps && compareDates(ps, c.end_date) > 0) e.billingPeriodStart = `is after the contract ended (${c.end_date})`;
    if (pe && compareDates(pe, c.start_date) < 0) e.billingPeriodEnd = `is before the contract started (${c.start_date})`;
  }
  if (input.deliveredDate && compareDates(input.deliveredDate, today) > 0) e.deliveredDate = 'cannot be in the future';

  const wantMilestones = input.lines.some((l) => l.milestoneId);
  const wantDeliverables = input.lines.some((l) => l.deliverableId);
  const [milestoneIds, deliverableIds] = await Promise.all([
    wantMilestones
      ? ctx.db
          .selectFrom('milestones')
          .select('id')
          .where('contract_id', '=', c.id)
          .execute()
          .then((r) => new Set(r.map((x) => x.id)))
      : new Set<string>(),
    wantDeliverables
      ? ctx.db
          .selectFrom('deliverables')
          .select('id')
          .where('contract_id', '=', c.id)
          .execute()
          .then((r) => new Set(r.map((x) => x.id)))
      : new Set<string>(),
  ]);
  input.lines.forEach((l, i) => {
    if (l.milestoneId && !milestoneIds.has(l.milestoneId)) e[`lines.${i}.milestoneId`] = 'is not a milestone of this contract';
    if (l.deliverableId && !deliverableIds.has(l.deliverableId)) e[`lines.${i}.deliverableId`] = 'is not a deliverable of this contract';
    if (l.usagePeriodStart && l.usagePeriodEnd && compareDates(l.usagePeriodEnd, l.usagePeriodStart) < 0)
      e[`lines.${i}.usagePeriodEnd`] = 'cannot be before the start of the usage period';
  });

  const totals = validateInvoiceTotals(
    input.lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unitPrice, amount: l.amount })),
    input.subtotal,
    decimals,
  );
  for (const [k, v] of Object.entries(totals.problems)) e[k === 'total' ? 'subtotal' : k] ??= v;
  const tax = input.tax ?? '0';
  if (decimalPlaces(tax) > decimals) e.tax ??= `must have ${decimalsWord(decimals)} in ${c.currency}`;
  if (decimalPlaces(input.total) > decimals) e.total ??= `must have ${decimalsWord(decimals)} in ${c.currency}`;
  else if (!e.subtotal && !e.tax && !new Big(input.subtotal).plus(tax).eq(input.total))
    e.total = `must be the subtotal plus tax (${new Big(input.subtotal).plus(tax).toFixed(decimals)})`;

  if (Object.keys(e).length) throw invalid(e, 'The invoice has problems; correct the fields named.');
  const defaults = await vendorDefaults(ctx, c);
  return {
    vendorInvoiceNumber: input.vendorInvoiceNumber,
    invoiceDate: input.invoiceDate,
    receivedDate,
    receiptStamped: vendor ? true : (input.receiptStamped ?? true),
    periodStart: ps,
    periodEnd: pe,
    deliveredDate: input.deliveredDate,
    currency: c.currency,
    lines: input.lines.map((l) => ({
      lineItemNumber: l.lineItemNumber,
      description: l.description,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: l.unitPrice,
      amount: formatMoney(l.amount),
      milestoneId: l.milestoneId,
      deliverableId: l.deliverableId,
      usageStart: l.usagePeriodStart,
      usageEnd: l.usagePeriodEnd,
    })),
    subtotal: formatMoney(input.subtotal),
    tax: formatMoney(input.tax ?? '0'),
    total: formatMoney(input.total),
    // Submitted through Steward, the invoice is bound to its vendor and contract: name them when the sender did not.
    contractorName: input.contractorName || defaults.name,
    contractorAddress: input.contractorAddress || defaults.address,
    contractNumber: input.contractNumber || c.reference,
    paymentTerms: input.paymentTerms,
    remitTo: input.remitTo,
    defectContact: input.defectContact,
    notes: input.notes,
  };
}

function duplicateNumber(e: unknown): never {
  if ((e as { code?: string }).code === '23505')
    throw new AppError('duplicate', 'This contract already has an invoice with this number.', {
      vendorInvoiceNumber: 'is already used by another invoice on this contract',
    });
  throw e;
}

// ---------- the clock and the checklist ----------

interface HeaderForChecklist {
  subtotal: string;
  contractor_name: string;
  contractor_address: string;
  vendor_invoice_number: string;
  invoice_date: string;
  contract_number: string;
  total: string;
  payment_terms: string;
  remit_to: string;
  defect_contact: string;
  other_requirements: InvoiceOtherRequirement[];
  currency: string;
  rule_pack: string;
}

function runChecklist(h: HeaderForChecklist, lines: readonly NormalLine[]): ChecklistItem[] {
  const dp = currencyDecimals(h.currency);
  // Stored amounts carry two decimals; the checklist reads them as the currency writes them.
  const asWritten = (v: string) => new Big(v).toFixed(dp);
  return checkProperInvoice(h.rule_pack as PaymentRulePack, {
    vendorName: h.contractor_name,
    vendorAddress: h.contractor_address,
    invoiceNumber: h.vendor_invoice_number,
    invoiceDate: h.invoice_date,
    contractNumber: h.contract_number,
    lines: lines.map((l) => ({
      lineItemNumber: l.lineItemNumber,
      description: l.description,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: l.unitPrice,
      amount: asWritten(l.amount),
    })),
    // The lines add up to the subtotal; tax comes on top.
    total: asWritten(h.subtotal),
    paymentTerms: h.payment_terms,
    remitTo: h.remit_to,
    defectContact: h.defect_contact,
    otherRequirements: h.other_requirements,
    currencyDecimals: dp,
  });
}

const lineOfRow = (l: Awaited<ReturnType<typeof linesOf>>[number]): NormalLine => ({
  lineItemNumber: l.line_item_number,
  description: l.description,
  quantity: plainDecimal(l.quantity),
  unit: l.unit,
  unitPrice: plainDecimal(l.unit_price),
  amount: l.amount,
  milestoneId: l.milestone_id,
  deliverableId: l.deliverable_id,
  usageStart: l.usage_start,
  usageEnd: l.usage_end,
});

/**
 * Re-run the checklist and re-derive the clock of one invoice from what is stored (in the caller's
 * transaction, on the locked row), and store both.
 */
export async function refreshInvoice(tx: Tx, id: string, today: string, opts: { checklist?: boolean } = {}): Promise<void> {
  const inv = await tx.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const contract = await tx.selectFrom('contracts').select(['id', 'rule_pack']).where('id', '=', inv.contract_id).executeTakeFirstOrThrow();
  const lines = await linesOf(tx, id);
  let defective = inv.defective;
  if (opts.checklist !== false) {
    const items = runChecklist(inv, lines.map(lineOfRow));
    await tx.deleteFrom('invoice_checks').where('invoice_id', '=', id).execute();
    if (items.length)
      await tx
        .insertInto('invoice_checks')
        .values(items.map((c, i) => ({ invoice_id: id, position: i, item: c.item, label: c.label, ok: c.ok, message: c.message })))
        .execute();
    defective = items.some((c) => !c.ok);
  }
  const [terms, holidays, linked] = await Promise.all([
    loadTerms(tx, inv.contract_id),
    loadHolidays(tx),
    // The invoice keeps the rule pack it was received under; deliverable acceptance follows it too.
    linkedDeliverables(tx, { id: contract.id, rule_pack: inv.rule_pack }, lines),
  ]);
  const clock = computeClock(
    {
      rulePack: inv.rule_pack,
      state: inv.state,
      invoiceDate: inv.invoice_date,
      receivedDate: inv.received_date,
      receiptStamped: inv.receipt_stamped,
      deliveredDate: inv.delivered_date,
      periodEnd: inv.period_end,
      acceptedDate: inv.accepted_date,
      previousReceivedDate: inv.previous_received_date,
      previousReturnedDate: inv.previous_returned_date,
    },
    terms,
    holidays,
    linked,
    today,
  );
  await tx
    .updateTable('invoices')
    .set({
      defective,
      due_date: clock.dueDate,
      due_basis: clock.dueBasis,
      due_working: JSON.stringify(clock.dueWorking),
      defect_return_deadline: clock.defectReturnDeadline,
      delivery_date: clock.deliveredDate,
      acceptance_date: clock.acceptanceDate,
    })
    .where('id', '=', id)
    .execute();
}

async function addEvent(
  tx: Tx,
  ctx: ServiceContext,
  e: {
    invoiceId: string;
    action: string;
    from: string | null;
    to: string;
    reasons?: string[];
    note?: string;
    snapshot?: Record<string, unknown> | null;
  },
) {
  await tx
    .insertInto('invoice_events')
    .values({
      invoice_id: e.invoiceId,
      action: e.action,
      from_state: e.from,
      to_state: e.to,
      reasons: JSON.stringify(e.reasons ?? []),
      note: e.note ?? '',
      snapshot: e.snapshot ? JSON.stringify(e.snapshot) : null,
      actor_id: actorId(ctx),
    })
    .execute();
}

async function insertLines(tx: Tx, invoiceId: string, lines: NormalLine[]) {
  await tx
    .insertInto('invoice_lines')
    .values(
      lines.map((l, i) => ({
        invoice_id: invoiceId,
        position: i,
        line_item_number: l.lineItemNumber,
        description: l.description,
        quantity: l.quantity,
        unit: l.unit,
        unit_price: l.unitPrice,
        amount: l.amount,
        milestone_id: l.milestoneId,
        deliverable_id: l.deliverableId,
        usage_start: l.usageStart,
        usage_end: l.usageEnd,
      })),
    )
    .execute();
}

/** What the audit log and the resubmission history keep of an invoice's content. */
function contentView(n: NormalInvoice | (HeaderForChecklist & Record<string, unknown>), lines: NormalLine[]) {
  if ('vendorInvoiceNumber' in n) {
    const { lines: _l, ...rest } = n;
    return { ...rest, lines };
  }
  return {
    vendorInvoiceNumber: n.vendor_invoice_number,
    invoiceDate: n.invoice_date,
    receivedDate: n.received_date,
    subtotal: n.subtotal,
    tax: n.tax,
    total: n.total,
    currency: n.currency,
    contractorName: n.contractor_name,
    contractorAddress: n.contractor_address,
    contractNumber: n.contract_number,
    paymentTerms: n.payment_terms,
    remitTo: n.remit_to,
    defectContact: n.defect_contact,
    lines,
  };
}

// ---------- after a change ----------

async function afterChange(ctx: ServiceContext, contractId: string, invoiceId: string, action: string): Promise<void> {
  try {
    await afterContractChange(ctx.db, contractId);
  } catch (err) {
    // The change is saved; the daily run will catch up with deadlines and findings.
    ctx.log.error({ err, contractId, requestId: ctx.requestId }, 'could not refresh deadlines and findings');
  }
  const state = await ctx.db.selectFrom('invoices').select('state').where('id', '=', invoiceId).executeTakeFirst();
  await emit(ctx.db, { type: 'invoice.changed', contractId, invoiceId, action, state: state?.state ?? 'unknown' });
}

// ---------- reading ----------

function permissionsFor(ctx: ServiceContext, c: ContractRow, row: { state: string }): InvoiceDto['permissions'] {
  const may = (p: Permission) => decideContractAction(ctx.actor, p, facts(c)) === 'allow';
  const process = may('invoice.process');
  const submit = may('invoice.submit');
  const open = (OPEN_STATES as readonly string[]).includes(row.state);
  return {
    update: process && row.state !== 'paid',
    return: process && row.state === 'received',
    resubmit: submit && row.state === 'returned_defective',
    approve: may('invoice.approve') && row.state === 'received',
    schedule: process && (row.state === 'approved' || row.state === 'scheduled'),
    pay: process && (row.state === 'approved' || row.state === 'scheduled'),
    credit: process && open,
    attach: (submit && (row.state === 'received' || row.state === 'returned_defective')) || (process && row.state !== 'paid'),
  };
}

function warningsFor(row: {
  state: string;
  defective: boolean;
  defect_return_deadline: string | null;
  due_date: string | null;
  scheduled_date: string | null;
  rule_pack: string;
}): string[] {
  const out: string[] = [];
  if (row.state === 'received' && row.defective)
    out.push(
      `This invoice failed the proper-invoice checklist: return it to the vendor with the reasons${row.defect_return_deadline ? ` by ${row.defect_return_deadline}` : ''}.`,
    );
  if (row.state === 'scheduled' && row.scheduled_date && row.due_date) {
    if (compareDates(row.scheduled_date, row.due_date) > 0)
      out.push(`Scheduled for ${row.scheduled_date}, after the due date ${row.due_date}: late-payment interest will be owed.`);
    else {
      const early = earlyPaymentCheck({ pack: row.rule_pack as PaymentRulePack, dueDate: row.due_date, paymentDate: row.scheduled_date });
      if (early.flagged)
        out.push(`Scheduled ${early.daysEarly} days before the due date ${row.due_date}: that is earlier than the rule pack allows.`);
    }
  }
  return out;
}

async function invoiceDto(ctx: ServiceContext, id: string, contract: ContractRow, today = todayUtc()): Promise<InvoiceDto> {
  const row = await summaryQuery(ctx.db).where('i.id', '=', id).executeTakeFirstOrThrow();
  const [lines, checks, payments, events, files] = await Promise.all([
    linesOf(ctx.db, id),
    checksOf(ctx.db, id),
    paymentsOf(ctx.db, id),
    eventsOf(ctx.db, id),
    attachmentsOf(ctx.db, id, isVendor(ctx)),
  ]);
  const names = await userNames(ctx.db, [
    row.submitted_by,
    row.approved_by,
    ...payments.map((p) => p.created_by),
    ...events.map((e) => e.actor_id),
  ]);
  const ref = (uid: string | null) => (uid ? { id: uid, name: names.get(uid) ?? 'Unknown user' } : null);
  const summary = toSummary(row, today);
  const status = clockStatus(row, today);
  return {
    ...summary,
    receiptStamped: row.receipt_stamped,
    billingPeriod: row.period_start || row.period_end ? { start: row.period_start, end: row.period_end } : null,
    deliveredDate: row.delivered_date,
    subtotal: row.subtotal,
    tax: row.tax,
    contractorName: row.contractor_name,
    contractorAddress: row.contractor_address,
    contractNumber: row.contract_number,
    paymentTerms: row.payment_terms,
    remitTo: row.remit_to,
    defectContact: row.defect_contact,
    otherRequirements: row.other_requirements,
    notes: row.notes,
    lines: lines.map((l) => ({
      id: l.id,
      position: l.position,
      lineItemNumber: l.line_item_number,
      description: l.description,
      quantity: plainDecimal(l.quantity),
      unit: l.unit,
      unitPrice: plainDecimal(l.unit_price),
      amount: l.amount,
      milestoneId: l.milestone_id,
      deliverableId: l.deliverable_id,
      usagePeriod: l.usage_start || l.usage_end ? { start: l.usage_start, end: l.usage_end } : null,
    })),
    checklist: checks.map((c) => ({ item: c.item, label: c.label, ok: c.ok, message: c.message })),
    clock: {
      invoiceDate: row.invoice_date,
      receivedDate: row.received_date,
      receiptStamped: row.receipt_stamped,
      deliveredDate: row.delivery_date,
      acceptedDate: row.accepted_date,
      acceptanceDate: row.acceptance_date,
      dueDate: row.due_date,
      dueBasis: row.due_basis,
      dueWorking: row.due_working,
      defectReturnDeadline: row.defect_return_deadline,
      returnedDate: row.returned_date,
      scheduledDate: row.scheduled_date,
      paidDate: row.paid_date,
      daysLate: status.daysLate,
      status: status.status,
    },
    payments: payments.map((p) => toPayment(p, names)),
    events: events.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      fromState: e.from_state,
      toState: e.to_state,
      reasons: e.reasons,
      note: e.note,
      actor: ref(e.actor_id),
    })),
    attachments: files.map((f) => ({
      documentId: f.id,
      title: f.title,
      filename: f.filename,
      mediaType: f.media_type,
      sizeBytes: f.size_bytes,
      uploadedAt: f.uploaded_at.toISOString(),
    })),
    submittedBy: ref(row.submitted_by),
    submittedByVendor: row.submitted_by_vendor,
    approvedBy: ref(row.approved_by),
    approvedAt: row.approved_at ? row.approved_at.toISOString() : null,
    resubmissions: row.resubmissions,
    createdAt: row.created_at.toISOString(),
    permissions: permissionsFor(ctx, contract, row),
    warnings: warningsFor(row),
  };
}

export async function getInvoice(ctx: ServiceContext, id: string): Promise<InvoiceDto> {
  await requirePermission(ctx, 'invoice.read', 'invoice');
  const { contract } = await invoiceFor(ctx, id, 'invoice.read');
  return invoiceDto(ctx, id, contract);
}

export async function listContractInvoices(ctx: ServiceContext, contractId: string) {
  await requirePermission(ctx, 'invoice.read', 'invoice');
  const c = await contractFor(ctx, contractId, 'invoice.read');
  const today = todayUtc();
  const rows = await summaryQuery(ctx.db)
    .where('i.contract_id', '=', contractId)
    .orderBy('i.invoice_date', 'desc')
    .orderBy('i.created_at', 'desc')
    .execute();
  const items = rows.map((r) => toSummary(r, today));
  const sum = (pick: (i: InvoiceSummaryDto) => string, only: (i: InvoiceSummaryDto) => boolean = () => true) =>
    formatMoney(items.filter(only).reduce((a, i) => a.plus(pick(i)), new Big(0)));
  const counted = (i: InvoiceSummaryDto) => i.state !== 'returned_defective';
  const may = (p: Permission) => decideContractAction(ctx.actor, p, facts(c)) === 'allow';
  return {
    items,
    totals: {
      currency: c.currency,
      invoiced: sum((i) => i.total, counted),
      credited: sum((i) => i.credited, counted),
      paid: sum((i) => i.paid),
      outstanding: sum((i) => i.outstanding, counted),
    },
    permissions: { submit: may('invoice.submit'), process: may('invoice.process') },
  };
}

export async function listInvoices(ctx: ServiceContext, q: InvoiceListQueryInput): Promise<Page<InvoiceSummaryDto>> {
  await requirePermission(ctx, 'invoice.read', 'invoice');
  const today = todayUtc();
  let query = ctx.db
    .selectFrom('invoices as i')
    .innerJoin('contracts as c', 'c.id', 'i.contract_id')
    .where(invoicesVisibleTo(ctx.actor) as never)
    .where(filterCondition(q.filter, today) as never);
  if (q.departmentId) query = query.where('c.department_id', '=', q.departmentId);
  if (q.vendorId) query = query.where('c.vendor_id', '=', q.vendorId);
  if (q.contractId) query = query.where('i.contract_id', '=', q.contractId);
  if (q.state) query = query.where('i.state', '=', q.state);
  if (q.q) {
    const p = `%${q.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    query = query.where((eb) => eb.or([eb(sql`lower(i.vendor_invoice_number)`, 'like', p), eb(sql`lower(c.reference)`, 'like', p)]));
  }
  const ids = await query
    .select(['i.id', sql<string>`count(*) OVER ()`.as('total')])
    .orderBy(sql`i.due_date ASC NULLS LAST`)
    .orderBy('i.received_date', 'desc')
    .orderBy('i.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  let total = ids.length ? Number(ids[0].total) : 0;
  if (!ids.length && q.page > 1) total = Number((await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = ids.length
    ? await summaryQuery(ctx.db)
        .where(
          'i.id',
          'in',
          ids.map((r) => r.id),
        )
        .execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    items: ids.map((r) => toSummary(byId.get(r.id) as (typeof rows)[number], today)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ---------- writes ----------

export async function createInvoice(ctx: ServiceContext, contractId: string, input: InvoiceCreateInput): Promise<InvoiceDto> {
  await requirePermission(ctx, 'invoice.submit', 'invoice');
  await ensurePaymentData(ctx.db);
  const c = await contractFor(ctx, contractId, 'invoice.submit');
  if (c.status === 'draft') throw new AppError('conflict', 'This contract is still a draft: invoices can be received once it is active.');
  const today = todayUtc();
  const n = await normalise(ctx, c, input, today);
  const vendor = isVendor(ctx);
  const id = await inTransaction(ctx, async (tx) => {
    const { id } = await tx
      .insertInto('invoices')
      .values({
        contract_id: contractId,
        ...invoiceColumns(n),
        currency: n.currency,
        rule_pack: c.rule_pack,
        submitted_by: actorId(ctx),
        submitted_by_vendor: vendor,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch(duplicateNumber);
    await insertLines(tx, id, n.lines);
    await refreshInvoice(tx, id, today);
    await addEvent(tx, ctx, { invoiceId: id, action: 'submitted', from: null, to: 'received' });
    const stored = await tx.selectFrom('invoices').select(['defective', 'due_date']).where('id', '=', id).executeTakeFirstOrThrow();
    await appendAudit(tx, ctx, {
      action: 'invoice.submit',
      entityType: 'invoice',
      entityId: id,
      after: { contractId, ...contentView(n, n.lines), rulePack: c.rule_pack, defective: stored.defective, dueDate: stored.due_date },
    });
    return id;
  });
  await afterChange(ctx, contractId, id, 'submitted');
  return invoiceDto(ctx, id, c, today);
}

export async function updateInvoice(ctx: ServiceContext, id: string, raw: InvoiceUpdateInput, ifMatch?: number): Promise<InvoiceDto> {
  await requirePermission(ctx, 'invoice.process', 'invoice');
  await ensurePaymentData(ctx.db);
  const { contract } = await invoiceFor(ctx, id, 'invoice.process');
  const { version: bodyVersion, reason, ...changes } = raw;
  const version = requireVersion(bodyVersion, ifMatch);
  const today = todayUtc();
  await inTransaction(ctx, async (tx) => {
    const row = await lockInvoice(tx, id);
    if (row.version !== version) throw staleVersion('invoice');
    if (row.state === 'paid') throw wrongState(row, 'changed');
    const e: FieldErrors = {};
    const receiptChange =
      (changes.receivedDate !== undefined && changes.receivedDate !== row.received_date) ||
      (changes.receiptStamped !== undefined && changes.receiptStamped !== row.receipt_stamped);
    if (receiptChange && !reason?.trim())
      e.reason = 'say why the received date changes (it is kept in the audit log and the invoice history)';
    if (changes.receivedDate !== undefined) {
      if (compareDates(changes.receivedDate, today) > 0) e.receivedDate = 'cannot be in the future';
      else if (compareDates(changes.receivedDate, row.invoice_date) < 0) e.receivedDate = 'cannot be before the invoice date';
    }
    if (changes.deliveredDate && compareDates(changes.deliveredDate, today) > 0) e.deliveredDate = 'cannot be in the future';
    const content = [
      'contractorName',
      'contractorAddress',
      'contractNumber',
      'paymentTerms',
      'remitTo',
      'defectContact',
      'otherRequirements',
    ] as const;
    if (row.state !== 'received')
      for (const k of content)
        if (changes[k] !== undefined) e[k] = 'can only be changed while the invoice waits to be approved or returned';
    if (Object.keys(e).length) throw invalid(e);
    const set = {
      received_date: changes.receivedDate ?? row.received_date,
      receipt_stamped: changes.receiptStamped ?? row.receipt_stamped,
      delivered_date: changes.deliveredDate === undefined ? row.delivered_date : changes.deliveredDate,
      contractor_name: changes.contractorName ?? row.contractor_name,
      contractor_address: changes.contractorAddress ?? row.contractor_address,
      contract_number: changes.contractNumber ?? row.contract_number,
      payment_terms: changes.paymentTerms ?? row.payment_terms,
      remit_to: changes.remitTo ?? row.remit_to,
      defect_contact: changes.defectContact ?? row.defect_contact,
      other_requirements: changes.otherRequirements ?? row.other_requirements,
      notes: changes.notes ?? row.notes,
    };
    await tx
      .updateTable('invoices')
      .set({ ...set, other_requirements: JSON.stringify(set.other_requirements), version: row.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await refreshInvoice(tx, id, today, { checklist: row.state === 'received' });
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const old: Record<string, unknown> = {
      received_date: row.received_date,
      receipt_stamped: row.receipt_stamped,
      delivered_date: row.delivered_date,
      contractor_name: row.contractor_name,
      contractor_address: row.contractor_address,
      contract_number: row.contract_number,
      payment_terms: row.payment_terms,
      remit_to: row.remit_to,
      defect_contact: row.defect_contact,
      other_requirements: row.other_requirements,
      notes: row.notes,
    };
    for (const [k, v] of Object.entries(set))
      if (JSON.stringify(v) !== JSON.stringify(old[k])) {
        before[k] = old[k];
        after[k] = v;
      }
    const fresh = await tx.selectFrom('invoices').select(['due_date', 'defective']).where('id', '=', id).executeTakeFirstOrThrow();
    await appendAudit(tx, ctx, {
      action: receiptChange ? 'invoice.received_date_change' : 'invoice.update',
      entityType: 'invoice',
      entityId: id,
      before: { ...before, dueDate: row.due_date, version: row.version },
      after: { ...after, dueDate: fresh.due_date, defective: fresh.defective, version: row.version + 1, ...(reason ? { reason } : {}) },
    });
    if (receiptChange)
      await addEvent(tx, ctx, {
        invoiceId: id,
        action: 'received_date_changed',
        from: row.state,
        to: row.state,
        reasons: [reason?.trim() ?? ''],
        note: `Received date ${row.received_date}${row.receipt_stamped ? '' : ' (not stamped)'} → ${set.received_date}${set.receipt_stamped ? '' : ' (not stamped)'}.`,
      });
  });
  await afterChange(ctx, contract.id, id, 'updated');
  return invoiceDto(ctx, id, contract, today);
}

export async function returnInvoice(ctx: ServiceContext, id: string, input: InvoiceReturnInput, ifMatch?: number): Promise<InvoiceDto> {
  await requirePermission(ctx, 'invoice.process', 'invoice');
  await ensurePaymentData(ctx.db);
  const { contract } = await invoiceFor(ctx, id, 'invoice.process');
  const version = requireVersion(input.version, ifMatch);
  const today = todayUtc();
  await inTransaction(ctx, async (tx) => {
    const row = await lockInvoice(tx, id);
    if (row.version !== version) throw staleVersion('invoice');
    if (row.state !== 'received') throw wrongState(row, 'returned');
    const failed = (await checksOf(tx, id)).filter((c) => !c.ok).map((c) => `${c.label}: ${c.message}`);
    const reasons = input.reasons.length ? input.reasons : failed;
    if (!reasons.length)
      throw invalid({ reasons: 'say what is wrong with the invoice (the proper-invoice checklist found nothing missing)' });
    await tx
      .updateTable('invoices')
      .set({ state: 'returned_defective', defective: true, returned_date: today, version: row.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await refreshInvoice(tx, id, today, { checklist: false });
    await addEvent(tx, ctx, { invoiceId: id, action: 'returned', from: 'received', to: 'returned_defective', reasons, note: input.note });
    await appendAudit(tx, ctx, {
      action: 'invoice.return',
      entityType: 'invoice',
      entityId: id,
      before: { state: row.state, dueDate: row.due_date, version: row.version },
      after: {
        state: 'returned_defective',
        returnedDate: today,
        reasons,
        note: input.note,
        withinDeadline: row.defect_return_deadline ? compareDates(today, row.defect_return_deadline) <= 0 : null,
        version: row.version + 1,
      },
    });
  });
  await afterChange(ctx, contract.id, id, 'returned');
  return invoiceDto(ctx, id, contract, today);
}

export async function resubmitInvoice(ctx: ServiceContext, id: string, raw: InvoiceResubmitInput, ifMatch?: number): Promise<InvoiceDto> {
  await requirePermission(ctx, 'invoice.submit', 'invoice');
  await ensurePaymentData(ctx.db);
  const { contract } = await invoiceFor(ctx, id, 'invoice.submit');
  const { version: bodyVersion, ...input } = raw;
  const version = requireVersion(bodyVersion, ifMatch);
  const today = todayUtc();
  const current = await ctx.db.selectFrom('invoices').select(['received_date', 'state']).where('id', '=', id).executeTakeFirstOrThrow();
  if (current.state !== 'returned_defective') throw wrongState(current, 'sent again (only a returned invoice is)');
  const n = await normalise(ctx, contract, input, today, { receivedDate: current.received_date });
  await inTransaction(ctx, async (tx) => {
    const row = await lockInvoice(tx, id);
    if (row.version !== version) throw staleVersion('invoice');
    if (row.state !== 'returned_defective') throw wrongState(row, 'sent again (only a returned invoice is)');
    const oldLines = (await linesOf(tx, id)).map(lineOfRow);
    const oldChecks = await checksOf(tx, id);
    const snapshot = {
      ...contentView(row, oldLines),
      returnedDate: row.returned_date,
      checklist: oldChecks.map((c) => ({ item: c.item, ok: c.ok, message: c.message })),
    };
    await tx
      .updateTable('invoices')
      .set({
        ...invoiceColumns(n),
        state: 'received',
        previous_received_date: row.received_date,
        previous_returned_date: row.returned_date,
        returned_date: null,
        accepted_date: null,
        resubmissions: row.resubmissions + 1,
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute()
      .catch(duplicateNumber);
    await tx.deleteFrom('invoice_lines').where('invoice_id', '=', id).execute();
    await insertLines(tx, id, n.lines);
    await refreshInvoice(tx, id, today);
    await addEvent(tx, ctx, { invoiceId: id, action: 'resubmitted', from: 'returned_defective', to: 'received', snapshot });
    const stored = await tx.selectFrom('invoices').select(['defective', 'due_date']).where('id', '=', id).executeTakeFirstOrThrow();
    await appendAudit(tx, ctx, {
      action: 'invoice.resubmit',
      entityType: 'invoice',
      entityId: id,
      before: { ...snapshot, state: row.state, version: row.version },
      after: {
        ...contentView(n, n.lines),
        state: 'received',
        defective: stored.defective,
        dueDate: stored.due_date,
        version: row.version + 1,
      },
    });
  });
  await afterChange(ctx, contract.id, id, 'resubmitted');
  return invoiceDto(ctx, id, contract, today);
}

export async function approveInvoice(ctx: ServiceContext, id: string, input: InvoiceApproveInput, ifMatch?: number): Promise<InvoiceDto> {
  await requirePermission(ctx, 'invoice.approve', 'invoice');
  await ensurePaymentData(ctx.db);
  const { contract } = await invoiceFor(ctx, id, 'invoice.approve');
  const version = requireVersion(input.version, ifMatch);
  const today = todayUtc();
  const acceptedDate = input.acceptedDate ?? today;
  if (compareDates(acceptedDate, today) > 0) throw invalid({ acceptedDate: 'cannot be in the future' });
  await inTransaction(ctx, async (tx) => {
    const row = await lockInvoice(tx, id);
    if (row.version !== version) throw staleVersion('invoice');
    if (row.state !== 'received') throw wrongState(row, 'approved');
    if (row.defective)
      throw new AppError(
        'conflict',
        'This invoice failed the proper-invoice checklist, so it cannot be approved: procurement returns it to the vendor to correct.',
      );
    if (compareDates(acceptedDate, contract.start_date) < 0)
      throw invalid({ acceptedDate: `cannot be before the contract started (${contract.start_date})` });
    await tx
      .updateTable('invoices')
      .set({
        state: 'approved',
        accepted_date: acceptedDate,
        approved_by: actorId(ctx),
        approved_at: new Date(),
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await refreshInvoice(tx, id, today, { checklist: false });
    await addEvent(tx, ctx, { invoiceId: id, action: 'approved', from: 'received', to: 'approved', note: input.note });
    const fresh = await tx.selectFrom('invoices').select(['due_date', 'acceptance_date']).where('id', '=', id).executeTakeFirstOrThrow();
    await appendAudit(tx, ctx, {
      action: 'invoice.approve',
      entityType: 'invoice',
      entityId: id,
      before: { state: row.state, dueDate: row.due_date, version: row.version },
      after: {
        state: 'approved',
        acceptedDate,
        acceptanceDate: fresh.acceptance_date,
        dueDate: fresh.due_date,
        note: input.note,
        version: row.version + 1,
      },
    });
  });
  await afterChange(ctx, contract.id, id, 'approved');
  return invoiceDto(ctx, id, contract, today);
}

export async function scheduleInvoice(ctx: ServiceContext, id: string, input: InvoiceScheduleInput, ifMatch?: number): Promise<InvoiceDto> {
  await requirePermission(ctx, 'invoice.process', 'invoice');
  const { contract } = await invoiceFor(ctx, id, 'invoice.process');
  const version = requireVersion(input.version, ifMatch);
  const today = todayUtc();
  if (compareDates(input.scheduledDate, today) < 0) throw invalid({ scheduledDate: 'cannot be in the past' });
  await inTransaction(ctx, async (tx) => {
    const row = await lockInvoice(tx, id);
    if (row.version !== version) throw staleVersion('invoice');
    if (row.state !== 'approved' && row.state !== 'scheduled') throw wrongState(row, 'scheduled');
    await tx
      .updateTable('invoices')
      .set({ state: 'scheduled', scheduled_date: input.scheduledDate, version: row.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await addEvent(tx, ctx, {
      invoiceId: id,
      action: row.state === 'scheduled' ? 'rescheduled' : 'scheduled',
      from: row.state,
      to: 'scheduled',
      note: input.note || `Payment scheduled for ${input.scheduledDate}.`,
    });
    await appendAudit(tx, ctx, {
      action: 'invoice.schedule',
      entityType: 'invoice',
      entityId: id,
      before: { state: row.state, scheduledDate: row.scheduled_date, version: row.version },
      after: { state: 'scheduled', scheduledDate: input.scheduledDate, dueDate: row.due_date, version: row.version + 1 },
    });
  });
  await afterChange(ctx, contract.id, id, 'scheduled');
  return invoiceDto(ctx, id, contract, today);
}

/** The late-payment interest input for a contract's rule pack and terms, or null when none applies (generic without a rate). */
export function interestInput(
  pack: PaymentRulePack,
  base: Pick<LateInterestInput, 'principal' | 'currency' | 'dueDate' | 'paymentDate'>,
  rates: LateInterestInput['rates'],
  terms: PaymentTermsFacts,
  withFixedCompensation = true,
): LateInterestInput | null {
  if (pack === 'generic') {
    if (!terms.annualRatePercent) return null;
    return { pack, ...base, annualRatePercent: terms.annualRatePercent, dayBasis: terms.dayBasis, compounding: terms.compounding };
  }
  return {
    pack,
    ...base,
    rates,
    ...(pack === 'eu' ? { euFixedCompensation: withFixedCompensation ? terms.euFixedCompensation : '0' } : {}),
  };
}

/** Interest for a late amount, or a sentence saying why there is none. */
export function interestOrMessage(input: LateInterestInput | null): { result: LateInterestResult | null; message: string | null } {
  if (!input) return { result: null, message: 'This contract sets no late-payment interest rate (set one under its payment terms).' };
  try {
    return { result: lateInterest(input), message: null };
  } catch (e) {
    return { result: null, message: (e as Error).message || 'No interest rate applies to these dates.' };
  }
}

export async function recordPayment(ctx: ServiceContext, id: string, input: PaymentCreateInput): Promise<InvoiceDto> {
  await requirePermission(ctx, 'invoice.process', 'invoice');
  await ensurePaymentData(ctx.db);
  const { contract } = await invoiceFor(ctx, id, 'invoice.process');
  const today = todayUtc();
  const e: FieldErrors = {};
  if (compareDates(input.date, today) > 0) e.date = 'cannot be in the future';
  if (new Big(input.amount).lte(0)) e.amount = 'must be more than zero';
  if (input.kind === 'payment' && !input.reference) e.reference = 'is required: give the remittance or transfer reference';
  if (input.kind === 'credit_note' && input.interestPaid !== undefined) e.interestPaid = 'only a payment carries interest';
  const decimals = currencyDecimals(contract.currency);
  if (decimalPlaces(input.amount) > decimals) e.amount ??= `must have ${decimalsWord(decimals)} in ${contract.currency}`;
  if (Object.keys(e).length) throw invalid(e);
  const [terms, rates] = await Promise.all([loadTerms(ctx.db, contract.id), loadRates(ctx.db, contract.rule_pack)]);
  let action = input.kind === 'payment' ? 'payment_recorded' : 'credit_note_recorded';
  await inTransaction(ctx, async (tx) => {
    // One writer at a time per invoice: concurrent payments queue here and see each other's result.
    const row = await lockInvoice(tx, id);
    const allowed = input.kind === 'payment' ? ['approved', 'scheduled'] : ['received', 'approved', 'scheduled'];
    if (row.state === 'paid') throw new AppError('conflict', 'This invoice is already paid in full; nothing more can be paid on it.');
    if (!allowed.includes(row.state))
      throw wrongState(row, input.kind === 'payment' ? 'paid before the buyer approves it' : 'credited while it is returned');
    if (compareDates(input.date, row.invoice_date) < 0) throw invalid({ date: `cannot be before the invoice date (${row.invoice_date})` });
    const outstanding = new Big(outstandingOf(row));
    const amount = new Big(input.amount);
    if (amount.gt(outstanding))
      throw new AppError(
        'conflict',
        `This ${input.kind === 'payment' ? 'payment' : 'credit note'} of ${formatMoney(amount)} ${row.currency} is more than the ${outstanding.toFixed(2)} ${row.currency} still owed on the invoice.`,
        { amount: `must be at most ${outstanding.toFixed(2)}` },
      );
    let interestDue = '0.00';
    let interestPaid = '0.00';
    let working: LateInterestResult | null = null;
    let daysLate = 0;
    let early = false;
    if (input.kind === 'payment' && row.due_date) {
      daysLate = Math.max(0, daysBetween(row.due_date, input.date));
      if (daysLate > 0) {
        const earlierLate = await tx
          .selectFrom('payments')
          .select('id')
          .where('invoice_id', '=', id)
          .where('kind', '=', 'payment')
          .where('days_late', '>', 0)
          .executeTakeFirst();
        const { result, message } = interestOrMessage(
          interestInput(
            row.rule_pack as PaymentRulePack,
            { principal: formatMoney(amount), currency: row.currency, dueDate: row.due_date, paymentDate: input.date },
            rates,
            terms,
            !earlierLate,
          ),
        );
        working = result;
        if (result) {
          interestDue = result.total;
          interestPaid = result.payable ? result.total : '0.00';
        } else if (message) ctx.log.warn({ invoiceId: id, requestId: ctx.requestId }, message);
      } else {
        early = earlyPaymentCheck({
          pack: row.rule_pack as PaymentRulePack,
          dueDate: row.due_date,
          paymentDate: input.date,
          acceleratedPaymentAllowed: terms.acceleratedPayment,
        }).flagged;
      }
    }
    if (input.interestPaid !== undefined) interestPaid = formatMoney(input.interestPaid);
    const { id: paymentId } = await tx
      .insertInto('payments')
      .values({
        invoice_id: id,
        kind: input.kind,
        payment_date: input.date,
        amount: formatMoney(amount),
        reference: input.reference,
        days_late: daysLate,
        interest_due: interestDue,
        interest_paid: interestPaid,
        interest_working: working ? JSON.stringify(working) : null,
        early,
        created_by: actorId(ctx),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((err) => {
        if ((err as { code?: string }).code === '23505')
          throw new AppError(
            'conflict',
            `A ${input.kind === 'payment' ? 'payment' : 'credit note'} with this reference is already recorded on this invoice.`,
            {
              reference: 'is already recorded on this invoice',
            },
          );
        throw err;
      });
    const paid = input.kind === 'payment' ? new Big(row.paid).plus(amount) : new Big(row.paid);
    const credited = input.kind === 'credit_note' ? new Big(row.credited).plus(amount) : new Big(row.credited);
    const settled = paid.plus(credited).eq(row.total);
    await tx
      .updateTable('invoices')
      .set({
        paid: paid.toFixed(2),
        credited: credited.toFixed(2),
        ...(settled ? { state: 'paid', paid_date: input.date } : {}),
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const label = input.kind === 'payment' ? 'Payment' : 'Credit note';
    await addEvent(tx, ctx, {
      invoiceId: id,
      action: input.kind === 'payment' ? 'payment' : 'credit_note',
      from: row.state,
      to: settled ? 'paid' : row.state,
      note: `${label} of ${formatMoney(amount)} ${row.currency} on ${input.date}${input.reference ? ` (${input.reference})` : ''}${
        new Big(interestPaid).gt(0) ? `, with ${interestPaid} ${row.currency} late-payment interest` : ''
      }.`,
    });
    if (settled) action = 'paid';
    await appendAudit(tx, ctx, {
      action: input.kind === 'payment' ? 'invoice.pay' : 'invoice.credit',
      entityType: 'invoice',
      entityId: id,
      before: { state: row.state, paid: row.paid, credited: row.credited, version: row.version },
      after: {
        paymentId,
        kind: input.kind,
        date: input.date,
        amount: formatMoney(amount),
        reference: input.reference,
        daysLate,
        interestDue,
        interestPaid,
        early,
        state: settled ? 'paid' : row.state,
        paid: paid.toFixed(2),
        credited: credited.toFixed(2),
        version: row.version + 1,
      },
    });
  });
  await afterChange(ctx, contract.id, id, action);
  return invoiceDto(ctx, id, contract, today);
}

/** Attach a file to an invoice: stored as a contract document shared with the vendor, linked to the invoice. */
export async function attachFile(
  ctx: ServiceContext,
  id: string,
  upload: { filename: string; bytes: Buffer; title?: string },
): Promise<InvoiceDto> {
  await requirePermission(ctx, 'invoice.read', 'invoice');
  const { contract } = await invoiceFor(ctx, id, 'invoice.read');
  const row = await ctx.db.selectFrom('invoices').select(['state']).where('id', '=', id).executeTakeFirstOrThrow();
  const perms = permissionsFor(ctx, contract, row);
  if (!perms.attach) {
    const may = (p: Permission) => decideContractAction(ctx.actor, p, facts(contract)) === 'allow';
    if (may('invoice.submit') || may('invoice.process')) throw wrongState(row, 'given more files');
    throw await denial(ctx, 'forbidden', { permission: 'invoice.submit', entityType: 'invoice', entityId: id, label: 'Invoice' });
  }
  const doc = await prepareDocument(upload);
  await inTransaction(ctx, async (tx) => {
    await lockInvoice(tx, id);
    const stored = await insertDocument(tx, ctx, contract.id, doc, true, { invoiceId: id });
    await tx.insertInto('invoice_files').values({ document_id: stored.id, invoice_id: id }).execute();
    await appendAudit(tx, ctx, {
      action: 'invoice.attach',
      entityType: 'invoice',
      entityId: id,
      after: { documentId: stored.id, filename: stored.filename, sha256: stored.sha256 },
    });
  });
  return invoiceDto(ctx, id, contract);
}

export { contractFor, invoiceFor };
