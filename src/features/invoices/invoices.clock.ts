/**
 * The payment clock of an invoice: which dates feed the pure rules (receipt, delivery, acceptance,
 * an earlier defective version), and the data they need from the database (the contract's payment
 * terms, the payment holidays, the rate tables).
 */
import { addDays, compareDates } from '../../core/dates.js';
import { effectiveAcceptanceDate } from '../../core/milestones.js';
import {
  DEFAULT_PROMPT_PAYMENT_RATES,
  PAYMENT_DAYS,
  type PaymentRulePack,
  type Holidays,
  type RatePeriod,
  defectReturnDeadline,
  paymentDueDate,
  usFederalHolidaysBetween,
} from '../../core/payments/index.js';
import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../db/database.js';
import { deliverableDtos } from '../milestones/milestones.service.js';

export const US_FEDERAL = 'us-federal';

const seeded = new WeakSet<object>();

/**
 * Put the default rate table and holidays in place the first time a database needs them (not in
 * the migration: a migrated database stays empty, so a backup restores into it). Each default is
 * seeded once; what an administrator later changes or removes stays so.
 */
export async function ensurePaymentData(db: Db): Promise<void> {
  if (seeded.has(db)) return;
  await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('steward:payment-data'))`.execute(tx);
    const done = new Set((await tx.selectFrom('payment_data_seeds').select('name').execute()).map((r) => r.name));
    if (!done.has('us-far-rates')) {
      if (DEFAULT_PROMPT_PAYMENT_RATES.length)
        await tx
          .insertInto('prompt_payment_rates')
          .values(
            DEFAULT_PROMPT_PAYMENT_RATES.map((r) => ({
              rule_pack: 'us-far',
              effective_from: r.effectiveFrom,
              effective_to: r.effectiveTo,
              annual_rate_percent: r.annualRatePercent,
              source: r.source ?? '',
            })),
          )
          .onConflict((oc) => oc.doNothing())
          .execute();
      await tx.insertInto('payment_data_seeds').values({ name: 'us-far-rates' }).execute();
    }
    if (!done.has('us-federal-holidays')) {
      await tx
        .insertInto('payment_holidays')
        .values(
          usFederalHolidaysBetween(2020, 2035).map((h) => ({
            calendar: US_FEDERAL,
            date: h.date,
            name: h.name,
            actual_date: h.actualDate === h.date ? null : h.actualDate,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
      await tx.insertInto('payment_data_seeds').values({ name: 'us-federal-holidays' }).execute();
    }
  });
  seeded.add(db);
}

export interface PaymentTermsFacts {
  termsDays: number | null;
  annualRatePercent: string | null;
  dayBasis: 360 | 365;
  compounding: 'none' | '30-day';
  euFixedCompensation: string | null;
  defectReturnDays: number | null;
  acceptanceProcedure: boolean;
  acceleratedPayment: boolean;
  version: number;
}

export const DEFAULT_TERMS: PaymentTermsFacts = {
  termsDays: null,
  annualRatePercent: null,
  dayBasis: 365,
  compounding: 'none',
  euFixedCompensation: null,
  defectReturnDays: null,
  acceptanceProcedure: false,
  acceleratedPayment: false,
  version: 0,
};

/** The contract's payment terms, or the defaults when none were set. */
export async function loadTerms(db: DbOrTx, contractId: string): Promise<PaymentTermsFacts> {
  const t = await db.selectFrom('contract_payment_terms').selectAll().where('contract_id', '=', contractId).executeTakeFirst();
  if (!t) return { ...DEFAULT_TERMS };
  return {
    termsDays: t.terms_days,
    annualRatePercent: t.annual_rate_percent,
    dayBasis: t.day_basis === 360 ? 360 : 365,
    compounding: t.compounding === '30-day' ? '30-day' : 'none',
    euFixedCompensation: t.eu_fixed_compensation,
    defectReturnDays: t.defect_return_days,
    acceptanceProcedure: t.acceptance_procedure,
    acceleratedPayment: t.accelerated_payment,
    version: t.version,
  };
}

/** The payment holidays (observed dates, with their names for the working) the working-day roll uses. */
export async function loadHolidays(db: DbOrTx, calendar = US_FEDERAL): Promise<{ date: string; name: string }[]> {
  return db.selectFrom('payment_holidays').select(['date', 'name']).where('calendar', '=', calendar).orderBy('date').execute();
}

/** A rule pack's rate table, oldest period first. */
export async function loadRates(db: DbOrTx, pack: string): Promise<RatePeriod[]> {
  const rows = await db.selectFrom('prompt_payment_rates').selectAll().where('rule_pack', '=', pack).orderBy('effective_from').execute();
  return rows.map((r) => ({
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    annualRatePercent: trimRate(r.annual_rate_percent),
    ...(r.source ? { source: r.source } : {}),
  }));
}

/** "4.6250" → "4.625": the stored numeric(8,4) without trailing zeros. */
export function trimRate(v: string): string {
  return v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v;
}

/** What the clock reads of a linked deliverable. */
export interface LinkedDeliverable {
  deliveredDate: string | null;
  effectiveAcceptanceDate: string | null;
  disputed: boolean;
}

/** The deliverables an invoice's lines bill: linked directly, or through their milestone. */
export async function linkedDeliverables(
  db: DbOrTx,
  contract: { id: string; rule_pack: string },
  lines: readonly { milestone_id: string | null; deliverable_id: string | null }[],
): Promise<LinkedDeliverable[]> {
  const ds = new Set(lines.map((l) => l.deliverable_id).filter(Boolean));
  const ms = new Set(lines.map((l) => l.milestone_id).filter(Boolean));
  if (!ds.size && !ms.size) return [];
  const all = await deliverableDtos(db, contract);
  return all
    .filter((d) => ds.has(d.id) || (d.milestoneId !== null && ms.has(d.milestoneId)))
    .map((d) => ({ deliveredDate: d.deliveredDate, effectiveAcceptanceDate: d.effectiveAcceptanceDate, disputed: d.disputed }));
}

export interface ClockInvoice {
  rulePack: string;
  state: string;
  invoiceDate: string;
  receivedDate: string;
  receiptStamped: boolean;
  deliveredDate: string | null;
  periodEnd: string | null;
  /** The buyer's actual acceptance (recorded on approval). */
  acceptedDate: string | null;
  previousReceivedDate: string | null;
  previousReturnedDate: string | null;
}

export interface Clock {
  dueDate: string | null;
  dueBasis: string | null;
  dueWorking: string[];
  defectReturnDeadline: string | null;
  /** The acceptance date the due date uses (actual or constructive), or null while there is none. */
  acceptanceDate: string | null;
  deliveredDate: string | null;
}

const latest = (dates: (string | null | undefined)[]): string | null =>
  dates.filter((d): d is string => !!d).reduce<string | null>((a, b) => (a === null || compareDates(b, a) > 0 ? b : a), null);

/** The due date, defect-return deadline and acceptance date of an invoice, from its facts. */
export function computeClock(
  inv: ClockInvoice,
  terms: PaymentTermsFacts,
  holidays: Holidays,
  linked: readonly LinkedDeliverable[],
  today: string,
): Clock {
  const pack = inv.rulePack as PaymentRulePack;
  // Delivery: as stated on the invoice, else when the billed deliverables were delivered, else the
  // end of the billing period (services are performed through it).
  const deliveredDate = inv.deliveredDate ?? latest(linked.map((d) => d.deliveredDate)) ?? inv.periodEnd ?? null;
  const linkedAcceptance =
    linked.length && linked.every((d) => d.effectiveAcceptanceDate) ? latest(linked.map((d) => d.effectiveAcceptanceDate)) : null;
  const acceptedDate = inv.acceptedDate ?? linkedAcceptance;
  const disputed = linked.some((d) => d.disputed);
  const defect = defectReturnDeadline({ pack, receivedDate: inv.receivedDate, days: terms.defectReturnDays });
  let acceptanceDate: string | null = acceptedDate;
  if (pack === 'us-far' && deliveredDate && compareDates(deliveredDate, addDays(today, 1)) < 0)
    acceptanceDate = effectiveAcceptanceDate({ rulePack: pack, deliveredDate, acceptedDate, disputed }, today);
  if (inv.state === 'returned_defective')
    return {
      dueDate: null,
      dueBasis: null,
      dueWorking: ['Returned to the vendor as defective: nothing is due until a corrected invoice arrives, which starts a new clock.'],
      defectReturnDeadline: defect.deadline,
      acceptanceDate,
      deliveredDate,
    };
  const due = paymentDueDate({
    pack,
    invoiceDate: inv.invoiceDate,
    receivedDate: inv.receiptStamped ? inv.receivedDate : null,
    deliveredDate,
    acceptedDate,
    acceptanceDisputed: disputed,
    acceptanceProcedure: terms.acceptanceProcedure,
    termsDays: pack === 'generic' ? (terms.termsDays ?? PAYMENT_DAYS) : terms.termsDays,
    previousDefective:
      inv.previousReceivedDate && inv.previousReturnedDate
        ? { receivedDate: inv.previousReceivedDate, returnedDate: inv.previousReturnedDate }
        : null,
    holidays,
  });
  return {
    dueDate: due.dueDate,
    dueBasis: due.basis,
    dueWorking: due.working,
    defectReturnDeadline: defect.deadline,
    acceptanceDate,
    deliveredDate,
  };
}
