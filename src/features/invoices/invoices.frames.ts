/** What invoices and payments contribute to the shared frames: deadlines, rules, evidence, OCDS transactions. */
import Big from 'big.js';
import { todayUtc } from '../../core/dates.js';
import { buyerPartyId, ocdsAmount, supplierPartyId } from '../../core/ocds.js';
import {
  EU_DEFAULT_FIXED_COMPENSATION,
  type PaymentRulePack,
  type PlannedSpend,
  addMonths,
  spendEvidence,
  timelyPaymentEvidence,
} from '../../core/payments/index.js';
import { type InvoiceRuleFacts, type InvoiceRuleState, PAYMENT_RULES, type PaymentsFacts } from '../../core/rules/payments.rules.js';
import type { DbOrTx } from '../../db/database.js';
import { type DerivedDeadline, registerDeadlineSource } from '../../platform/deadlines/registry.js';
import { registerRuleSet } from '../../platform/findings/engine.js';
import { registerOcdsContributor } from '../../platform/ocds.js';
import { type EvidenceItem, registerEvidenceProvider } from '../../platform/questions/evidence.js';
import { milestoneDtos } from '../milestones/milestones.service.js';
import { loadHolidays, loadRates, loadTerms } from './invoices.clock.js';

const STATE_FOR_RULES: Record<string, InvoiceRuleState> = {
  received: 'received',
  returned_defective: 'returned',
  approved: 'approved',
  scheduled: 'scheduled',
  paid: 'paid',
};

async function loadContract(db: DbOrTx, contractId: string) {
  return db
    .selectFrom('contracts')
    .select(['id', 'rule_pack', 'currency', 'ceiling', 'value', 'pricing_model', 'start_date', 'end_date', 'department_id', 'vendor_id'])
    .where('id', '=', contractId)
    .executeTakeFirst();
}

async function loadInvoices(db: DbOrTx, contractId: string) {
  return db.selectFrom('invoices').selectAll().where('contract_id', '=', contractId).orderBy('received_date').orderBy('id').execute();
}

/** Everything the payment rules read about one contract's invoices. */
export async function loadPaymentFacts(db: DbOrTx, contractId: string): Promise<PaymentsFacts | null> {
  const c = await loadContract(db, contractId);
  if (!c) return null;
  const invoices = await loadInvoices(db, contractId);
  if (!invoices.length) return null;
  const ids = invoices.map((i) => i.id);
  const [terms, holidays, rates, lines, milestones] = await Promise.all([
    loadTerms(db, contractId),
    loadHolidays(db),
    loadRates(db, c.rule_pack),
    db.selectFrom('invoice_lines').select(['invoice_id', 'milestone_id', 'amount']).where('invoice_id', 'in', ids).execute(),
    milestoneDtos(db, contractId),
  ]);
  const pack = c.rule_pack as PaymentRulePack;
  const interest: PaymentsFacts['interest'] =
    pack === 'generic'
      ? terms.annualRatePercent
        ? { annualRatePercent: terms.annualRatePercent, dayBasis: terms.dayBasis, compounding: terms.compounding }
        : { rates: [] }
      : { rates, ...(pack === 'eu' ? { euFixedCompensation: terms.euFixedCompensation ?? EU_DEFAULT_FIXED_COMPENSATION } : {}) };
  const byMilestone = new Map(milestones.map((m) => [m.id, m]));
  const facts: InvoiceRuleFacts[] = invoices.map((i) => {
    const billed = new Map<string, Big>();
    for (const l of lines)
      if (l.invoice_id === i.id && l.milestone_id) billed.set(l.milestone_id, (billed.get(l.milestone_id) ?? new Big(0)).plus(l.amount));
    return {
      id: i.id,
      number: i.vendor_invoice_number,
      state: STATE_FOR_RULES[i.state] ?? 'received',
      amount: new Big(i.total).minus(i.credited).toFixed(2),
      invoiceDate: i.invoice_date,
      receivedDate: i.receipt_stamped ? i.received_date : null,
      dueDate: i.due_date,
      defective: i.defective,
      returnedDate: i.returned_date,
      paidAmount: i.paid,
      paidDate: i.paid_date,
      milestoneLinks: [...billed.entries()].map(([milestoneId, amount]) => ({
        milestoneId,
        title: byMilestone.get(milestoneId)?.title ?? 'Milestone',
        paymentAmount: byMilestone.get(milestoneId)?.paymentAmount ?? null,
        invoicedAmount: amount.toFixed(2),
      })),
    };
  });
  return {
    contractId,
    rulePack: pack,
    currency: c.currency,
    ceiling: c.ceiling,
    paidToDate: invoices.reduce((a, i) => a.plus(i.paid), new Big(0)).toFixed(2),
    holidays,
    interest,
    acceleratedPaymentAllowed: terms.acceleratedPayment,
    invoices: facts,
  };
}

registerDeadlineSource({
  source: 'invoices',
  kinds: { payment_due: 'Payment due', defect_return: 'Defective invoice return' },
  async derive(db, contractId) {
    const out: DerivedDeadline[] = [];
    for (const i of await loadInvoices(db, contractId)) {
      const link = `/invoices/${i.id}`;
      if ((i.state === 'received' || i.state === 'approved' || i.state === 'scheduled') && i.due_date)
        out.push({
          key: `payment:${i.id}`,
          kind: 'payment_due',
          title: `Payment due: invoice ${i.vendor_invoice_number}`,
          dueDate: i.due_date,
          ownerTeam: 'procurement',
          link,
        });
      if (i.state === 'received' && i.defective && i.defect_return_deadline)
        out.push({
          key: `defect:${i.id}`,
          kind: 'defect_return',
          title: `Return defective invoice ${i.vendor_invoice_number} to the vendor`,
          dueDate: i.defect_return_deadline,
          ownerTeam: 'procurement',
          link,
        });
    }
    return out;
  },
});

registerRuleSet<PaymentsFacts>({
  name: 'payments',
  load: (db, contractId) => loadPaymentFacts(db, contractId),
  rules: PAYMENT_RULES,
});

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
const toneOf = (x: number | null): EvidenceItem['tone'] => (x === null ? 'neutral' : x >= 0.95 ? 'good' : x >= 0.8 ? 'warning' : 'bad');

/** Planned spend from the pricing model: milestone payments, instalments, a ceiling or a straight-line forecast. */
export function plannedSpend(
  c: { pricing_model: string; value: string; ceiling: string; start_date: string; end_date: string },
  milestones: { title: string; dueDate: string; paymentAmount: string | null }[],
): PlannedSpend[] {
  const paymentMilestones: PlannedSpend[] = milestones
    .filter((m) => m.paymentAmount)
    .map((m) => ({ label: m.title, kind: 'milestone', date: m.dueDate, amount: m.paymentAmount as string }));
  const monthly = (total: string, kind: PlannedSpend['kind'], label: string): PlannedSpend[] => {
    const dates: string[] = [];
    for (let k = 0, d = c.start_date; d <= c.end_date && k < 240; k++, d = addMonths(c.start_date, k)) dates.push(d);
    if (!dates.length || new Big(total).lte(0)) return [];
    const each = new Big(total).div(dates.length).round(2, 0);
    return dates.map((date, k) => ({
      label: `${label} ${k + 1} of ${dates.length}`,
      kind,
      date,
      amount: (k === dates.length - 1 ? new Big(total).minus(each.times(dates.length - 1)) : each).toFixed(2),
    }));
  };
  const milestoneTotal = paymentMilestones.reduce((a, m) => a.plus(m.amount), new Big(0));
  const rest = new Big(c.value).minus(milestoneTotal);
  switch (c.pricing_model) {
    case 'subscription':
      return [...paymentMilestones, ...monthly(rest.gt(0) ? rest.toFixed(2) : '0', 'subscription', 'Instalment')];
    case 'time_and_materials':
      return [...paymentMilestones, ...monthly(c.ceiling, 'time_and_materials_ceiling', 'Ceiling, spread evenly: month')];
    case 'usage_based':
      return [...paymentMilestones, ...monthly(rest.gt(0) ? rest.toFixed(2) : '0', 'usage_forecast', 'Usage forecast: month')];
    case 'fixed':
      return paymentMilestones.length
        ? paymentMilestones
        : [{ label: 'Fixed price, due at the end of the contract', kind: 'other', date: c.end_date, amount: c.value }];
    default:
      return [...paymentMilestones, ...monthly(rest.gt(0) ? rest.toFixed(2) : '0', 'other', 'Straight-line plan: month')];
  }
}

registerEvidenceProvider({
  name: 'invoices',
  questionIds: ['procurement.timely_payment', 'buyer.payment_model'],
  async collect(db, contractId) {
    const c = await loadContract(db, contractId);
    if (!c) return {};
    const invoices = await loadInvoices(db, contractId);
    if (!invoices.length) return {};
    const today = todayUtc();
    const ids = invoices.map((i) => i.id);
    const [payments, milestones] = await Promise.all([
      db
        .selectFrom('payments')
        .select(['invoice_id', 'kind', 'payment_date', 'amount', 'interest_paid'])
        .where('invoice_id', 'in', ids)
        .execute(),
      milestoneDtos(db, contractId),
    ]);
    const interestOf = (id: string) =>
      payments
        .filter((p) => p.invoice_id === id)
        .reduce((a, p) => a.plus(p.interest_paid), new Big(0))
        .toFixed(2);
    const live = invoices.filter((i) => i.state !== 'returned_defective');
    const t = timelyPaymentEvidence(
      live.map((i) => ({
        id: i.id,
        amount: new Big(i.total).minus(i.credited).toFixed(2),
        receivedDate: i.received_date,
        dueDate: i.due_date,
        paidDate: i.paid_date,
        interestPaid: interestOf(i.id),
      })),
      today,
    );
    const cur = c.currency;
    const share = (s: typeof t.last6Months) =>
      s.paidCount
        ? `${s.onTimeCount} of ${s.paidCount} invoices (${pct(s.countShare)}); ${s.onTimeValue} of ${s.paidValue} ${cur} (${pct(s.valueShare)})`
        : 'No invoice paid in this period';
    const s = spendEvidence({
      planned: plannedSpend(c, milestones),
      invoiced: live.map((i) => ({ date: i.received_date, amount: new Big(i.total).minus(i.credited).toFixed(2) })),
      paid: payments.filter((p) => p.kind === 'payment').map((p) => ({ date: p.payment_date, amount: p.amount })),
      today,
    });
    const variance = new Big(s.varianceInvoiced);
    return {
      'procurement.timely_payment': [
        {
          label: 'Paid on time, last 6 months',
          value: share(t.last6Months),
          tone: toneOf(t.last6Months.countShare),
          href: `/contracts/${contractId}?tab=invoices`,
        },
        { label: 'Paid on time, last 12 months', value: share(t.last12Months), tone: toneOf(t.last12Months.countShare) },
        {
          label: 'Average days from receipt to payment',
          value: t.averageDaysToPay === null ? 'No invoice paid in the last 12 months' : String(Math.round(t.averageDaysToPay * 10) / 10),
          tone: t.averageDaysToPay === null ? 'neutral' : t.averageDaysToPay <= 30 ? 'good' : 'warning',
        },
        {
          label: 'Late-payment interest paid, last 12 months',
          value: `${t.interestPaid} ${cur}`,
          tone: new Big(t.interestPaid).gt(0) ? 'bad' : 'good',
        },
        {
          label: 'Unpaid invoices past their due date',
          value: t.overdueCount ? `${t.overdueCount} (${t.overdueValue} ${cur})` : 'None',
          tone: t.overdueCount ? 'bad' : 'good',
        },
      ],
      'buyer.payment_model': [
        { label: 'Planned spend to date', value: `${s.plannedToDate} of ${s.plannedTotal} ${cur}`, tone: 'neutral' },
        { label: 'Invoiced to date', value: `${s.invoiced} ${cur}`, tone: 'neutral' },
        { label: 'Paid to date', value: `${s.paid} ${cur}`, tone: 'neutral' },
        {
          label: 'Invoiced against plan',
          value: `${variance.gte(0) ? '+' : ''}${s.varianceInvoiced} ${cur}${s.varianceShare === null ? '' : ` (${variance.gte(0) ? '+' : ''}${Math.round(s.varianceShare * 100)}%)`}`,
          tone:
            s.varianceShare === null
              ? 'neutral'
              : Math.abs(s.varianceShare) <= 0.1
                ? 'good'
                : Math.abs(s.varianceShare) <= 0.25
                  ? 'warning'
                  : 'bad',
        },
      ],
    };
  },
});

registerOcdsContributor(async (release, ctx) => {
  const c = await loadContract(ctx.db, ctx.contractId);
  if (!c) return;
  const rows = await ctx.db
    .selectFrom('payments as p')
    .innerJoin('invoices as i', 'i.id', 'p.invoice_id')
    .select(['p.id', 'p.payment_date', 'p.amount', 'p.interest_paid', 'i.currency', 'i.vendor_invoice_number'])
    .where('i.contract_id', '=', ctx.contractId)
    .where('p.kind', '=', 'payment')
    .orderBy('p.payment_date')
    .orderBy('p.id')
    .execute();
  if (!rows.length) return;
  const buyer = release.buyer;
  const supplier = release.parties.find((p) => p.id === supplierPartyId(c.vendor_id));
  const impl = release.contracts[0].implementation;
  impl.transactions = [
    ...(impl.transactions ?? []),
    ...rows.map((p) => ({
      id: p.id,
      date: `${p.payment_date}T00:00:00Z`,
      // What left the buyer: the amount paid on the invoice and any late-payment interest with it.
      value: { amount: ocdsAmount(new Big(p.amount).plus(p.interest_paid).toFixed(2)), currency: p.currency },
      payer: { id: buyer?.id ?? buyerPartyId(c.department_id), name: buyer?.name ?? '' },
      payee: { id: supplierPartyId(c.vendor_id), name: supplier?.name ?? '' },
    })),
  ];
});
