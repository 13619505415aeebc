/** What cost and usage contribute to the shared frames: the usage rules and key-question evidence. */
import { todayUtc } from '../../core/dates.js';
import type { PRICING_MODELS } from '../../core/contract.js';
import { USAGE_RULES, type UsageFacts, formatAmount, usageEvidence } from '../../core/rules/usage.rules.js';
import { RollupAccumulator } from '../../core/usage/rollup.js';
import type { UsageThresholds } from '../../core/usage/thresholds.js';
import type { DbOrTx } from '../../db/database.js';
import { registerRuleSet } from '../../platform/findings/engine.js';
import { registerEvidenceProvider } from '../../platform/questions/evidence.js';
import { exceptionToSighting, rowToRollup } from './usage.rollups.js';
import { loadSettings } from './usage.store.js';

/** A contract's usage as the rules read it; null when it has no usage and no catalog. */
export async function loadUsageFacts(db: DbOrTx, contractId: string): Promise<UsageFacts | null> {
  const c = await db
    .selectFrom('contracts')
    .select(['id', 'pricing_model', 'currency', 'ceiling', 'start_date', 'end_date'])
    .where('id', '=', contractId)
    .executeTakeFirst();
  if (!c) return null;
  const [rows, services, exceptions, invoices, settings] = await Promise.all([
    db.selectFrom('usage_daily').selectAll().where('contract_id', '=', contractId).execute(),
    db
      .selectFrom('usage_services')
      .select(['id', 'name', 'budget', 'rates'])
      .where('contract_id', '=', contractId)
      .where('status', '=', 'approved')
      .execute(),
    db.selectFrom('usage_exceptions').selectAll().where('contract_id', '=', contractId).where('status', '<>', 'resolved').execute(),
    db
      .selectFrom('invoices')
      .select(['id', 'vendor_invoice_number', 'period_start', 'period_end', 'total', 'credited', 'currency'])
      .where('contract_id', '=', contractId)
      .where('state', '<>', 'returned_defective')
      .where('period_start', 'is not', null)
      .where('period_end', 'is not', null)
      .execute(),
    loadSettings(db, contractId),
  ]);
  if (!rows.length && !services.length && !exceptions.length) return null;
  // The rules look at days and services; departments are folded together.
  const acc = new RollupAccumulator();
  for (const r of rows) acc.addRollup({ ...rowToRollup(r), department: null });
  return {
    contractId,
    pricingModel: c.pricing_model as (typeof PRICING_MODELS)[number],
    currency: c.currency,
    ceiling: c.ceiling,
    allottedFunds: settings.allottedFunds,
    startDate: c.start_date,
    endDate: c.end_date,
    daily: acc.rollups(),
    services: services.map((s) => ({
      key: s.id,
      name: s.name,
      budget: s.budget,
      rates: s.rates.map((r) => ({ unit: r.unit, per: String(r.per), price: r.price })),
    })),
    sightings: exceptions.map(exceptionToSighting),
    invoices: invoices.map((i) => ({
      id: i.id,
      reference: i.vendor_invoice_number,
      periodStart: i.period_start as string,
      periodEnd: i.period_end as string,
      amount: (Number(i.total) - Number(i.credited)).toFixed(2),
      currency: i.currency,
    })),
    thresholds: settings.overrides as Partial<UsageThresholds>,
  };
}

registerRuleSet<UsageFacts>({
  name: 'usage',
  load: (db, contractId) => loadUsageFacts(db, contractId),
  rules: USAGE_RULES,
});

registerEvidenceProvider({
  name: 'usage',
  questionIds: ['buyer.payment_model', 'procurement.change_order'],
  async collect(db, contractId) {
    const f = await loadUsageFacts(db, contractId);
    if (!f || !f.daily.length) return {};
    const e = usageEvidence(f, todayUtc());
    const unmatched = Object.entries(e.unmatchedCost)
      .map(([cur, a]) => formatAmount(a, cur))
      .join(', ');
    const pct = e.percentOfCeiling === null ? null : Number(e.percentOfCeiling);
    const spend = [
      {
        label: 'Usage spend to date',
        value: `${formatAmount(e.spentToDate, e.currency)}${e.ceiling ? ` of ${formatAmount(e.ceiling, e.currency)} (${e.percentOfCeiling}%)` : ''}`,
        tone: (pct === null ? 'neutral' : pct >= 100 ? 'bad' : pct >= 75 ? 'warning' : 'good') as 'neutral' | 'bad' | 'warning' | 'good',
      },
      { label: 'Burn rate', value: `${formatAmount(e.burnRatePerDay, e.currency)} a day`, tone: 'neutral' as const },
      {
        label: 'Projected at contract end',
        value: `${formatAmount(e.projectedAtEnd, e.currency)} (95% band ${formatAmount(e.projectedAtEndLow, e.currency)} to ${formatAmount(e.projectedAtEndHigh, e.currency)})`,
        tone: (e.ceiling && Number(e.projectedAtEnd) > Number(e.ceiling) ? 'bad' : 'neutral') as 'bad' | 'neutral',
      },
      ...(e.ceilingDate ? [{ label: 'Ceiling reached on', value: e.ceilingDate, tone: 'warning' as const }] : []),
    ];
    const scope = [
      {
        label: 'Usage outside the service catalog',
        value: e.unmatchedSightings ? `${e.unmatchedSightings} (${unmatched})` : 'None',
        tone: (e.unmatchedSightings ? 'bad' : 'good') as 'bad' | 'good',
      },
    ];
    return { 'buyer.payment_model': [...spend, ...scope], 'procurement.change_order': [spend[0], spend[2], ...scope] };
  },
});
