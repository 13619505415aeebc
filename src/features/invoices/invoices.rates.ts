/**
 * Data the payment rules read: the prompt-payment rate tables and payment holidays (administrators
 * keep them), and each contract's payment terms (procurement sets them). A change re-derives the
 * clocks of the invoices still open, so due dates and deadlines follow at once.
 */
import { compareDates, todayUtc } from '../../core/dates.js';
import { invalid } from '../../core/errors.js';
import { formatMoney } from '../../core/money.js';
import { PAYMENT_DAYS, type PaymentRulePack, rateTableProblems } from '../../core/payments/index.js';
import { can } from '../../core/policy.js';
import type { Tx } from '../../db/database.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { afterContractChange } from '../../platform/changes.js';
import type { ServiceContext } from '../../platform/context.js';
import { denial, inTransaction, requirePermission, requireVersion, staleVersion } from '../../platform/service.js';
import { US_FEDERAL, ensurePaymentData, loadRates, loadTerms, trimRate } from './invoices.clock.js';
import type { PaymentTermsDto, PaymentTermsPutInput } from './invoices.schema.js';
import { contractFor, refreshInvoice } from './invoices.service.js';
import { OPEN_STATES } from './invoices.store.js';

const PACKS: PaymentRulePack[] = ['us-far', 'uk-pa23', 'eu', 'generic'];
const DESCRIPTIONS: Record<PaymentRulePack, string> = {
  'us-far':
    'The Prompt Payment interest rate (annual %), set by the US Treasury every six months; the rate in effect on the day after the due date applies.',
  'uk-pa23': 'The statutory late-payment interest rate (annual %): the Bank of England base rate plus 8 points.',
  eu: 'The reference rate (annual %) of each half-year; statutory interest is this rate plus 8 points.',
  generic: 'No table: each contract on the generic rule pack sets its own rate under its payment terms.',
};

async function mayReadRates(ctx: ServiceContext): Promise<void> {
  if (!can(ctx.actor, 'payment_rates.manage') && !can(ctx.actor, 'invoice.read'))
    throw await denial(ctx, 'forbidden', { permission: 'invoice.read', entityType: 'payment_rates' });
}

export async function getRateTables(ctx: ServiceContext) {
  await mayReadRates(ctx);
  await ensurePaymentData(ctx.db);
  return {
    rulePacks: await Promise.all(
      PACKS.map(async (p) => ({
        rulePack: p,
        description: DESCRIPTIONS[p],
        rates: (await loadRates(ctx.db, p)).map((r) => ({ ...r, source: r.source ?? '' })),
      })),
    ),
  };
}

/** Re-derive the clocks of open invoices (all, or one contract's); returns their contracts, to refresh after commit. */
async function recomputeOpen(tx: Tx, where: { contractId?: string; rulePack?: string }): Promise<string[]> {
  let q = tx
    .selectFrom('invoices')
    .select(['id', 'contract_id'])
    .where('state', 'in', [...OPEN_STATES, 'returned_defective']);
  if (where.contractId) q = q.where('contract_id', '=', where.contractId);
  if (where.rulePack) q = q.where('rule_pack', '=', where.rulePack);
  const rows = await q.forUpdate().execute();
  const today = todayUtc();
  for (const r of rows) await refreshInvoice(tx, r.id, today, { checklist: false });
  return [...new Set(rows.map((r) => r.contract_id))];
}

async function refreshContracts(ctx: ServiceContext, ids: string[]): Promise<void> {
  for (const id of ids)
    await afterContractChange(ctx.db, id).catch((err) =>
      ctx.log.error({ err, contractId: id, requestId: ctx.requestId }, 'could not refresh deadlines and findings'),
    );
}

export async function putRateTable(
  ctx: ServiceContext,
  pack: PaymentRulePack,
  rates: { effectiveFrom: string; effectiveTo: string | null; annualRatePercent: string; source: string }[],
) {
  await requirePermission(ctx, 'payment_rates.manage', 'payment_rates');
  await ensurePaymentData(ctx.db);
  if (pack === 'generic') throw invalid({ rulePack: 'has no rate table: each contract on it sets its own rate' });
  const sorted = [...rates].sort((a, b) => compareDates(a.effectiveFrom, b.effectiveFrom));
  const problems = rateTableProblems(sorted.map((r) => ({ ...r, annualRatePercent: trimRate(r.annualRatePercent) })));
  if (problems.length) throw invalid({ rates: problems.join(' ') }, 'The rate table has problems.');
  for (const [i, r] of sorted.entries())
    if (Number(r.annualRatePercent) > 100) throw invalid({ [`rates.${i}.annualRatePercent`]: 'must be at most 100 (percent)' });
  const before = await loadRates(ctx.db, pack);
  await inTransaction(ctx, async (tx) => {
    await tx.deleteFrom('prompt_payment_rates').where('rule_pack', '=', pack).execute();
    if (sorted.length)
      await tx
        .insertInto('prompt_payment_rates')
        .values(
          sorted.map((r) => ({
            rule_pack: pack,
            effective_from: r.effectiveFrom,
            effective_to: r.effectiveTo,
            annual_rate_percent: r.annualRatePercent,
            source: r.source,
          })),
        )
        .execute();
    await appendAudit(tx, ctx, {
      action: 'payment_rates.replace',
      entityType: 'payment_rates',
      entityId: null,
      before: { rulePack: pack, rates: before },
      after: { rulePack: pack, rates: sorted },
    });
  });
  return getRateTables(ctx);
}

export async function getHolidays(ctx: ServiceContext, year?: number) {
  await mayReadRates(ctx);
  await ensurePaymentData(ctx.db);
  let q = ctx.db.selectFrom('payment_holidays').selectAll().where('calendar', '=', US_FEDERAL);
  if (year) q = q.where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`);
  const rows = await q.orderBy('date').execute();
  return { calendar: US_FEDERAL, holidays: rows.map((r) => ({ date: r.date, name: r.name, actualDate: r.actual_date })) };
}

export async function putHolidays(
  ctx: ServiceContext,
  input: { year?: number; holidays: { date: string; name: string; actualDate: string | null }[] },
) {
  await requirePermission(ctx, 'payment_rates.manage', 'payment_rates');
  await ensurePaymentData(ctx.db);
  const e: Record<string, string> = {};
  const seen = new Set<string>();
  input.holidays.forEach((h, i) => {
    if (seen.has(h.date)) e[`holidays.${i}.date`] = 'is listed twice';
    seen.add(h.date);
    if (input.year && !h.date.startsWith(`${input.year}-`)) e[`holidays.${i}.date`] = `is not in ${input.year}`;
  });
  if (Object.keys(e).length) throw invalid(e);
  const affected = await inTransaction(ctx, async (tx) => {
    let del = tx.deleteFrom('payment_holidays').where('calendar', '=', US_FEDERAL);
    if (input.year) del = del.where('date', '>=', `${input.year}-01-01`).where('date', '<=', `${input.year}-12-31`);
    const removed = await del.returning(['date', 'name']).execute();
    if (input.holidays.length)
      await tx
        .insertInto('payment_holidays')
        .values(input.holidays.map((h) => ({ calendar: US_FEDERAL, date: h.date, name: h.name, actual_date: h.actualDate })))
        .execute();
    await appendAudit(tx, ctx, {
      action: 'payment_holidays.replace',
      entityType: 'payment_holidays',
      entityId: null,
      before: { year: input.year ?? null, holidays: removed },
      after: { year: input.year ?? null, holidays: input.holidays },
    });
    return recomputeOpen(tx, { rulePack: 'us-far' });
  });
  await refreshContracts(ctx, affected);
  return getHolidays(ctx, input.year);
}

function termsSummary(pack: PaymentRulePack, t: Awaited<ReturnType<typeof loadTerms>>): { paymentDays: number; summary: string } {
  const days = pack === 'generic' ? (t.termsDays ?? PAYMENT_DAYS) : PAYMENT_DAYS;
  switch (pack) {
    case 'us-far':
      return {
        paymentDays: days,
        summary:
          'Pay 30 days after a proper invoice is received or after acceptance, whichever is later; interest at the Prompt Payment rate runs after that.',
      };
    case 'uk-pa23':
      return { paymentDays: days, summary: 'Pay within 30 days of receiving a valid, undisputed invoice.' };
    case 'eu':
      return {
        paymentDays: days,
        summary: `Pay within 30 days; late payment carries interest at the reference rate plus 8 points and ${formatMoney(t.euFixedCompensation ?? '40')} fixed compensation per late invoice.`,
      };
    default:
      return {
        paymentDays: days,
        summary: `Pay within ${days} days of receipt${t.annualRatePercent ? `; late payment carries ${trimRate(t.annualRatePercent)}% a year` : '; no late-payment interest is set'}.`,
      };
  }
}

function termsDto(contractId: string, pack: PaymentRulePack, t: Awaited<ReturnType<typeof loadTerms>>): PaymentTermsDto {
  return {
    contractId,
    rulePack: pack,
    termsDays: t.termsDays,
    annualRatePercent: t.annualRatePercent === null ? null : trimRate(t.annualRatePercent),
    dayBasis: t.dayBasis,
    compounding: t.compounding,
    euFixedCompensation: t.euFixedCompensation,
    defectReturnDays: t.defectReturnDays,
    acceptanceProcedure: t.acceptanceProcedure,
    acceleratedPayment: t.acceleratedPayment,
    effective: termsSummary(pack, t),
    version: t.version,
  };
}

export async function getPaymentTerms(ctx: ServiceContext, contractId: string): Promise<PaymentTermsDto> {
  await requirePermission(ctx, 'invoice.read', 'invoice');
  const c = await contractFor(ctx, contractId, 'invoice.read');
  return termsDto(contractId, c.rule_pack as PaymentRulePack, await loadTerms(ctx.db, contractId));
}

export async function putPaymentTerms(
  ctx: ServiceContext,
  contractId: string,
  raw: PaymentTermsPutInput,
  ifMatch?: number,
): Promise<PaymentTermsDto> {
  await requirePermission(ctx, 'invoice.process', 'invoice');
  await ensurePaymentData(ctx.db);
  await contractFor(ctx, contractId, 'invoice.process');
  const { version: bodyVersion, ...input } = raw;
  const version = requireVersion(bodyVersion, ifMatch);
  if (input.annualRatePercent !== null && Number(input.annualRatePercent) > 100)
    throw invalid({ annualRatePercent: 'must be at most 100 (percent)' });
  const affected = await inTransaction(ctx, async (tx) => {
    await tx.selectFrom('contracts').select('id').where('id', '=', contractId).forUpdate().execute();
    const before = await loadTerms(tx, contractId);
    if (before.version !== version) throw staleVersion('payment terms');
    const values = {
      terms_days: input.termsDays,
      annual_rate_percent: input.annualRatePercent,
      day_basis: input.dayBasis,
      compounding: input.compounding,
      eu_fixed_compensation: input.euFixedCompensation === null ? null : formatMoney(input.euFixedCompensation),
      defect_return_days: input.defectReturnDays,
      acceptance_procedure: input.acceptanceProcedure,
      accelerated_payment: input.acceleratedPayment,
      updated_at: new Date(),
    };
    if (before.version === 0)
      await tx
        .insertInto('contract_payment_terms')
        .values({ contract_id: contractId, ...values, version: 1 })
        .execute()
        .catch((e) => {
          if ((e as { code?: string }).code === '23505') throw staleVersion('payment terms');
          throw e;
        });
    else
      await tx
        .updateTable('contract_payment_terms')
        .set({ ...values, version: before.version + 1 })
        .where('contract_id', '=', contractId)
        .execute();
    await appendAudit(tx, ctx, {
      action: 'payment_terms.set',
      entityType: 'contract',
      entityId: contractId,
      before,
      after: { ...input, version: before.version + 1 },
    });
    return recomputeOpen(tx, { contractId });
  });
  await refreshContracts(ctx, affected.length ? affected : [contractId]);
  return getPaymentTerms(ctx, contractId);
}
