/**
 * Rules over a contract's cost and usage: spend against the ceiling and its forecast, services
 * over budget, spikes, usage nobody approved, and reconciliation against contracted rates and
 * invoices. All amounts in the facts are exact decimal strings; spend is counted in the
 * contract's currency (usage billed in another currency is reported, not converted).
 */
import Big from 'big.js';
import type { PRICING_MODELS } from '../contract.js';
import { daysBetween } from '../dates.js';
import type { FindingSpec } from '../findings.js';
import { DecimalSum, addToSum } from '../usage/decimal.js';
import { type DailyAmount, type Forecast, detectSpikes, forecastSpend } from '../usage/forecast.js';
import { type ContractedRate, compareWithTolerance, expectedCost } from '../usage/reconcile.js';
import type { DailyRollup, UsageSighting } from '../usage/rollup.js';
import { type UsageThresholds, percentOf, reachesPercent, resolveUsageThresholds } from '../usage/thresholds.js';
import type { Rule } from './rule.js';

/** A service in the contract's catalog, as the rules see it. */
export interface UsageServiceFacts {
  /** The catalog entry key used in rollups and sightings. */
  key: string;
  name: string;
  /** The service's own budget in the contract currency; null when it has none. */
  budget: string | null;
  rates: readonly ContractedRate[];
}

/** An invoice to reconcile against billed usage. */
export interface UsageInvoiceFacts {
  id: string;
  /** The vendor's invoice number, for titles; the id is used when null. */
  reference: string | null;
  /** First and last day the invoice covers (YYYY-MM-DD, both inclusive). */
  periodStart: string;
  periodEnd: string;
  amount: string;
  currency: string;
}

export interface UsageFacts {
  contractId: string;
  pricingModel: (typeof PRICING_MODELS)[number];
  /** The contract's currency: ceiling, allotted funds, budgets, rates and thresholds are in it. */
  currency: string;
  ceiling: string | null;
  /** Funds allotted so far, when less than the ceiling is funded; null otherwise. */
  allottedFunds: string | null;
  startDate: string;
  endDate: string;
  daily: readonly DailyRollup[];
  services: readonly UsageServiceFacts[];
  sightings: readonly UsageSighting[];
  invoices: readonly UsageInvoiceFacts[];
  /** The contract's own thresholds; defaults for the rest. */
  thresholds?: Partial<UsageThresholds> | null;
}

const usageLink = (f: UsageFacts, anchor = '') => ({ label: 'Open the usage tab', href: `/contracts/${f.contractId}?tab=usage${anchor}` });

/** "12,345.60 USD". */
export function formatAmount(amount: string, currency: string): string {
  const fixed = new Big(amount).round(2, Big.roundHalfUp).toFixed(2);
  const neg = fixed.startsWith('-');
  const [i, d] = (neg ? fixed.slice(1) : fixed).split('.');
  return `${neg ? '-' : ''}${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${d} ${currency}`;
}

/** Daily spend in the contract currency (all services, matched or not). */
export function contractDailySpend(f: UsageFacts, serviceKey?: string | null): DailyAmount[] {
  const out: DailyAmount[] = [];
  for (const r of f.daily) {
    if (serviceKey !== undefined && r.serviceKey !== serviceKey) continue;
    const a = r.billedCost[f.currency];
    if (a !== undefined) out.push({ day: r.day, amount: a });
  }
  return out;
}

const forecastCache = new WeakMap<UsageFacts, Map<string, Forecast>>();

/**
 * The contract's spend forecast against the ceiling (or allotted funds when set), for the
 * thresholds' window and horizon; the horizon stops at the contract's end. Computed once per
 * facts object and day.
 */
export function usageForecast(f: UsageFacts, today: string): Forecast {
  let byDay = forecastCache.get(f);
  if (!byDay) {
    byDay = new Map();
    forecastCache.set(f, byDay);
  }
  const hit = byDay.get(today);
  if (hit) return hit;
  const t = resolveUsageThresholds(f.thresholds);
  const toEnd = Math.max(0, daysBetween(today, f.endDate));
  const fc = forecastSpend({
    daily: contractDailySpend(f),
    today,
    endDate: f.endDate,
    ceiling: f.allottedFunds ?? f.ceiling,
    horizonDays: Math.min(t.forecastDays, toEnd),
    windowDays: t.forecastWindowDays,
  });
  byDay.set(today, fc);
  return fc;
}

const basisOf = (f: UsageFacts): { amount: string; label: string } | null => {
  const amount = f.allottedFunds ?? f.ceiling;
  if (amount === null || !new Big(amount).gt(0)) return null;
  return { amount, label: f.allottedFunds !== null ? 'allotted funds' : 'ceiling' };
};

export const forecastPassesThreshold: Rule<UsageFacts> = {
  id: 'usage.forecast_threshold',
  title: 'Spend and forecast near the ceiling',
  description:
    'Spend to date plus the forecast for the coming weeks passes the set share of the ceiling (or of the funds allotted so far). Check what is driving the spend, and plan more funds, a modification or limits on usage before the money runs out.',
  evaluate(f, today) {
    if (today > f.endDate) return [];
    const basis = basisOf(f);
    if (!basis) return [];
    const t = resolveUsageThresholds(f.thresholds);
    const fc = usageForecast(f, today);
    if (reachesPercent(fc.spentToDate, basis.amount, t.ceilingPercent)) return [];
    if (!reachesPercent(fc.spendWithinHorizon, basis.amount, t.forecastPercent)) return [];
    const pct = percentOf(fc.spendWithinHorizon, basis.amount) ?? '';
    return [
      {
        ruleId: this.id,
        subject: '',
        severity: reachesPercent(fc.spendWithinHorizon, basis.amount, 100) ? 'critical' : 'warning',
        ownerTeam: 'procurement',
        title: `Spend plus the ${fc.horizonDays}-day forecast reaches ${pct}% of the ${basis.label}`,
        evidence: {
          numbers: {
            spentToDate: formatAmount(fc.spentToDate, f.currency),
            forecastTotal: formatAmount(fc.spendWithinHorizon, f.currency),
            [basis.label === 'ceiling' ? 'ceiling' : 'allottedFunds']: formatAmount(basis.amount, f.currency),
            percent: pct,
            burnRatePerDay: formatAmount(fc.burnRate, f.currency),
            ceilingDate: fc.ceilingDate ?? 'not within ten years',
          },
          text: `At ${formatAmount(fc.burnRate, f.currency)} a day (trend ${formatAmount(fc.trendPerDay, f.currency)} a day), the ${basis.label} ${
            fc.ceilingDate ? `is reached on ${fc.ceilingDate}` : 'is not reached within ten years'
          }. Projected spend at the contract's end on ${f.endDate}: ${formatAmount(fc.projectedAtEnd, f.currency)} (likely between ${formatAmount(
            fc.projectedAtEndLow,
            f.currency,
          )} and ${formatAmount(fc.projectedAtEndHigh, f.currency)}).`,
          links: [usageLink(f)],
        },
      },
    ];
  },
};

export const timeAndMaterialsNotice: Rule<UsageFacts> = {
  id: 'usage.tm_notice',
  title: 'Time-and-materials spend past the notice level',
  description:
    'Time-and-materials contracts usually require notice when spend passes 85% of the ceiling. Check that the remaining work fits within the ceiling, or plan a modification before work has to stop.',
  evaluate(f, today) {
    if (f.pricingModel !== 'time_and_materials' || f.ceiling === null || !new Big(f.ceiling).gt(0)) return [];
    const t = resolveUsageThresholds(f.thresholds);
    const fc = usageForecast(f, today);
    if (!reachesPercent(fc.spentToDate, f.ceiling, t.tmNoticePercent) || reachesPercent(fc.spentToDate, f.ceiling, t.ceilingPercent))
      return [];
    const pct = percentOf(fc.spentToDate, f.ceiling) ?? '';
    return [
      {
        ruleId: this.id,
        subject: '',
        severity: 'warning',
        ownerTeam: 'procurement',
        title: `Spend has passed ${t.tmNoticePercent}% of the ceiling (${pct}%)`,
        evidence: {
          numbers: { spentToDate: formatAmount(fc.spentToDate, f.currency), ceiling: formatAmount(f.ceiling, f.currency), percent: pct },
          links: [usageLink(f)],
        },
      },
    ];
  },
};

export const ceilingReached: Rule<UsageFacts> = {
  id: 'usage.ceiling_reached',
  title: 'Spend has reached the ceiling',
  description:
    'Spend to date has reached the contract ceiling (or the funds allotted so far). Spending beyond it is not covered: stop or limit usage now, and agree more funds or a modification.',
  evaluate(f, today) {
    const t = resolveUsageThresholds(f.thresholds);
    const fc = usageForecast(f, today);
    const out: FindingSpec[] = [];
    const check = (amount: string | null, subject: string, label: string) => {
      if (amount === null || !new Big(amount).gt(0) || !reachesPercent(fc.spentToDate, amount, t.ceilingPercent)) return;
      const pct = percentOf(fc.spentToDate, amount) ?? '';
      out.push({
        ruleId: this.id,
        subject,
        severity: 'critical',
        ownerTeam: 'procurement',
        title: `Spend has reached ${pct}% of the ${label}`,
        evidence: {
          numbers: {
            spentToDate: formatAmount(fc.spentToDate, f.currency),
            [subject || 'ceiling']: formatAmount(amount, f.currency),
            percent: pct,
          },
          links: [usageLink(f)],
        },
      });
    };
    check(f.ceiling, '', 'ceiling');
    if (f.allottedFunds !== null && (f.ceiling === null || new Big(f.allottedFunds).lt(f.ceiling)))
      check(f.allottedFunds, 'funds', 'allotted funds');
    return out;
  },
};

export const serviceOverBudget: Rule<UsageFacts> = {
  id: 'usage.service_over_budget',
  title: 'A service has passed its budget',
  description: 'Spend on one service in the catalog has passed its own budget. Find out why, and raise the budget or limit the service.',
  evaluate(f, today) {
    const t = resolveUsageThresholds(f.thresholds);
    const spend = new Map<string, DecimalSum>();
    for (const r of f.daily) {
      const a = r.billedCost[f.currency];
      if (r.serviceKey === null || a === undefined || r.day > today) continue;
      addToSum(spend, r.serviceKey, a, '0.00');
    }
    const out: FindingSpec[] = [];
    for (const svc of f.services) {
      if (svc.budget === null || !new Big(svc.budget).gt(0)) continue;
      const spent = spend.get(svc.key)?.toString(2) ?? '0.00';
      if (!reachesPercent(spent, svc.budget, t.serviceBudgetPercent)) continue;
      const pct = percentOf(spent, svc.budget) ?? '';
      out.push({
        ruleId: this.id,
        subject: `service:${svc.key}`,
        severity: reachesPercent(spent, svc.budget, 100) ? 'critical' : 'warning',
        ownerTeam: 'buyer',
        title: `"${svc.name}" has used ${pct}% of its budget`,
        evidence: {
          numbers: { spent: formatAmount(spent, f.currency), budget: formatAmount(svc.budget, f.currency), percent: pct },
          links: [usageLink(f)],
        },
      });
    }
    return out;
  },
};

export const spendSpike: Rule<UsageFacts> = {
  id: 'usage.spike',
  title: 'Spend spike',
  description:
    "A day's spend was far above the days before it (more than three standard deviations above the trailing 28-day mean, and above a minimum amount). Check whether a new workload, a misconfiguration or a leaked key is behind it.",
  evaluate(f, today) {
    const t = resolveUsageThresholds(f.thresholds);
    const spikes = detectSpikes(contractDailySpend(f), today, {
      windowDays: t.spikeWindowDays,
      sigma: t.spikeSigma,
      minAmount: t.spikeMinAmount,
      lookbackDays: t.spikeLookbackDays,
    });
    const names = new Map(f.services.map((s) => [s.key, s.name]));
    return spikes.map((s) => {
      let top: { key: string | null; amount: Big } | null = null;
      const perService = new Map<string | null, DecimalSum>();
      for (const r of f.daily) {
        const a = r.billedCost[f.currency];
        if (r.day !== s.day || a === undefined) continue;
        addToSum(perService, r.serviceKey, a);
      }
      for (const [key, sum] of perService) {
        const amount = new Big(sum.toString());
        if (!top || amount.gt(top.amount)) top = { key, amount };
      }
      const topName = top ? (top.key === null ? 'usage outside the catalog' : (names.get(top.key) ?? top.key)) : '';
      return {
        ruleId: this.id,
        subject: `day:${s.day}`,
        severity: 'warning' as const,
        ownerTeam: 'buyer' as const,
        title: `Spend of ${formatAmount(s.amount, f.currency)} on ${s.day}, well above the usual ${formatAmount(s.trailingMean, f.currency)} a day`,
        evidence: {
          numbers: {
            day: s.day,
            spent: formatAmount(s.amount, f.currency),
            trailingMean: formatAmount(s.trailingMean, f.currency),
            threshold: formatAmount(s.threshold, f.currency),
          },
          text: top ? `Most of it came from ${topName} (${formatAmount(top.amount.toFixed(2), f.currency)}).` : undefined,
          links: [usageLink(f)],
        },
      };
    });
  },
};

const costText = (billed: Record<string, string>) =>
  Object.entries(billed)
    .map(([c, a]) => formatAmount(a, c))
    .join(' and ') || 'nothing yet';

const who = (s: UsageSighting) =>
  [s.billingAccountId ? `billing account ${s.billingAccountId}` : null, s.subAccountId ? `sub-account ${s.subAccountId}` : null]
    .filter(Boolean)
    .join(', ') || 'an unnamed account';

const sightingSubject = (prefix: string, s: UsageSighting) =>
  `${prefix}:${[s.serviceKey, s.billingAccountId, s.subAccountId, s.serviceName, s.skuId, s.resourceId].map((v) => v ?? '-').join('|')}`;

const sightingNumbers = (s: UsageSighting): Record<string, string | number> => {
  const n: Record<string, string | number> = { firstSeen: s.firstSeen, lastSeen: s.lastSeen, rows: s.rows };
  for (const [c, a] of Object.entries(s.billedCost)) n[`cost ${c}`] = formatAmount(a, c);
  return n;
};

export const unmatchedUsage: Rule<UsageFacts> = {
  id: 'usage.unmatched',
  title: 'Usage outside the service catalog',
  description:
    'Usage came in that matches no service in the contract’s catalog: someone may have spun up a service nobody approved. Approve it into the catalog, or raise it with the team that runs it.',
  evaluate(f) {
    return f.sightings
      .filter((s) => s.kind === 'unmatched')
      .map((s) => ({
        ruleId: this.id,
        subject: sightingSubject('unmatched', s),
        severity: 'warning' as const,
        ownerTeam: 'buyer' as const,
        title: `${s.serviceName ? `"${s.serviceName}"` : 'A service'} outside the catalog used by ${who(s)}`,
        evidence: {
          numbers: sightingNumbers(s),
          text: `First seen on ${s.firstSeen}${s.resourceId ? ` on resource ${s.resourceId}` : ''}${s.skuId ? ` (SKU ${s.skuId})` : ''}; cost so far ${costText(s.billedCost)}.`,
          links: [usageLink(f, '#unmatched')],
        },
      }));
  },
};

export const notAllowedUsage: Rule<UsageFacts> = {
  id: 'usage.not_allowed',
  title: 'A catalog service used by someone not allowed to provision it',
  description:
    'A service in the catalog is being used from an account or by a team its entry does not allow. Check who started it; add them to the entry, or have the usage stopped.',
  evaluate(f) {
    const names = new Map(f.services.map((s) => [s.key, s.name]));
    return f.sightings
      .filter((s) => s.kind === 'not_allowed')
      .map((s) => ({
        ruleId: this.id,
        subject: sightingSubject('not_allowed', s),
        severity: 'warning' as const,
        ownerTeam: 'buyer' as const,
        title: `"${names.get(s.serviceKey ?? '') ?? s.serviceName ?? s.serviceKey}" used by ${who(s)}, which may not provision it`,
        evidence: {
          numbers: sightingNumbers(s),
          text: `First seen on ${s.firstSeen}${s.resourceId ? ` on resource ${s.resourceId}` : ''}; cost so far ${costText(s.billedCost)}.`,
          links: [usageLink(f, '#unmatched')],
        },
      }));
  },
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const monthLabel = (ym: string) => `${MONTHS[Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`;

export const rateMismatch: Rule<UsageFacts> = {
  id: 'usage.rate_mismatch',
  title: 'Billed cost differs from usage at the contracted rates',
  description:
    'For a month, the provider’s billed cost for a service differs from its usage priced at the contracted rates by more than the tolerance. Ask the vendor to explain the difference before paying.',
  evaluate(f, today) {
    const t = resolveUsageThresholds(f.thresholds);
    const rated = new Map(f.services.filter((s) => s.rates.length).map((s) => [s.key, s]));
    const groups = new Map<string, { key: string; month: string; qty: Map<string, DecimalSum>; cost: DecimalSum }>();
    for (const r of f.daily) {
      if (r.serviceKey === null || !rated.has(r.serviceKey) || r.day > today) continue;
      const month = r.day.slice(0, 7);
      const gk = `${r.serviceKey}\u0001${month}`;
      let g = groups.get(gk);
      if (!g) {
        g = { key: r.serviceKey, month, qty: new Map(), cost: new DecimalSum('0.00') };
        groups.set(gk, g);
      }
      const c = r.usageCost[f.currency];
      if (c !== undefined) g.cost.add(c);
      for (const [u, q] of Object.entries(r.pricingQuantity)) {
        addToSum(g.qty, u, q);
      }
    }
    const out: FindingSpec[] = [];
    for (const g of [...groups.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : a.key < b.key ? -1 : 1))) {
      const svc = rated.get(g.key) as UsageServiceFacts;
      const quantities = Object.fromEntries([...g.qty].map(([u, s]) => [u, s.toString()]));
      if (!Object.keys(quantities).length) continue;
      const exp = expectedCost(quantities, svc.rates);
      if (!exp.ok) continue;
      const billed = g.cost.toString(2);
      const cmp = compareWithTolerance(exp.expected, billed, { percent: t.reconcileTolerancePercent, amount: t.reconcileToleranceAmount });
      if (!cmp.beyond) continue;
      const over = !cmp.difference.startsWith('-');
      out.push({
        ruleId: this.id,
        subject: `rates:${g.key}:${g.month}`,
        severity: 'warning',
        ownerTeam: 'procurement',
        title: `"${svc.name}" in ${monthLabel(g.month)}: billed ${formatAmount(cmp.difference.replace('-', ''), f.currency)} ${over ? 'more' : 'less'} than usage at the contracted rates`,
        evidence: {
          numbers: {
            month: g.month,
            billed: formatAmount(billed, f.currency),
            expectedAtRates: formatAmount(exp.expected, f.currency),
            difference: formatAmount(cmp.difference, f.currency),
            ...Object.fromEntries(Object.entries(quantities).map(([u, q]) => [`quantity ${u}`, q])),
          },
          links: [usageLink(f)],
        },
      });
    }
    return out;
  },
};

/**
 * Usage in a period priced at the contracted rates, in the contract currency; null when that
 * cannot be said: some usage is outside the catalog or on a service without rates, a unit has
 * no rate, or the period holds charges other than usage (purchases, taxes, credits).
 */
export function expectedAtRates(f: UsageFacts, from: string, to: string): string | null {
  const rated = new Map(f.services.filter((s) => s.rates.length).map((s) => [s.key, s]));
  const qty = new Map<string, Map<string, DecimalSum>>();
  for (const r of f.daily) {
    if (r.day < from || r.day > to) continue;
    if (r.serviceKey === null || !rated.has(r.serviceKey)) return null;
    for (const [c, a] of Object.entries(r.billedCost)) if (r.usageCost[c] !== a) return null;
    let q = qty.get(r.serviceKey);
    if (!q) {
      q = new Map();
      qty.set(r.serviceKey, q);
    }
    for (const [u, v] of Object.entries(r.pricingQuantity)) addToSum(q, u, v);
  }
  if (!qty.size) return null;
  let total = new Big(0);
  for (const [key, q] of qty) {
    const exp = expectedCost(Object.fromEntries([...q].map(([u, v]) => [u, v.toString()])), (rated.get(key) as UsageServiceFacts).rates);
    if (!exp.ok) return null;
    total = total.plus(exp.expected);
  }
  return total.toFixed(2);
}

export const invoiceMismatch: Rule<UsageFacts> = {
  id: 'usage.invoice_mismatch',
  title: 'Invoice differs from usage',
  description:
    'An invoice’s amount differs by more than the tolerance from the usage the provider reported as billed for the same period, or from that usage priced at the contracted rates. Check the invoice line by line before approving payment.',
  evaluate(f, today) {
    const t = resolveUsageThresholds(f.thresholds);
    const tolerance = { percent: t.reconcileTolerancePercent, amount: t.reconcileToleranceAmount };
    const out: FindingSpec[] = [];
    for (const inv of f.invoices) {
      if (inv.periodStart > today) continue;
      const billed = new DecimalSum('0.00');
      let days = 0;
      for (const r of f.daily) {
        if (r.day < inv.periodStart || r.day > inv.periodEnd) continue;
        const a = r.billedCost[inv.currency];
        if (a === undefined) continue;
        billed.add(a);
        days++;
      }
      if (!days) continue;
      const total = billed.toString(2);
      const atRates = inv.currency === f.currency ? expectedAtRates(f, inv.periodStart, inv.periodEnd) : null;
      const vsBilled = compareWithTolerance(total, inv.amount, tolerance);
      const vsRates = atRates === null ? null : compareWithTolerance(atRates, inv.amount, tolerance);
      const cmp = vsBilled.beyond ? vsBilled : vsRates?.beyond ? vsRates : null;
      if (!cmp) continue;
      const over = !cmp.difference.startsWith('-');
      const against = cmp === vsBilled ? 'billed usage' : 'usage at the contracted rates';
      const numbers: Record<string, string> = {
        invoiced: formatAmount(inv.amount, inv.currency),
        billedUsage: formatAmount(total, inv.currency),
        difference: formatAmount(cmp.difference, inv.currency),
        periodStart: inv.periodStart,
        periodEnd: inv.periodEnd,
      };
      if (atRates !== null) numbers.expectedAtRates = formatAmount(atRates, inv.currency);
      out.push({
        ruleId: this.id,
        subject: `invoice:${inv.id}`,
        severity: 'warning',
        ownerTeam: 'procurement',
        title: `Invoice ${inv.reference ?? inv.id} is ${formatAmount(cmp.difference.replace('-', ''), inv.currency)} ${over ? 'more' : 'less'} than ${against} for ${inv.periodStart} to ${inv.periodEnd}`,
        evidence: { numbers, links: [usageLink(f)] },
      });
    }
    return out;
  },
};

export const otherCurrencyUsage: Rule<UsageFacts> = {
  id: 'usage.other_currency',
  title: 'Usage billed in another currency',
  description:
    'Some usage is billed in a currency other than the contract’s, so it is not counted against the ceiling or budgets. Check with the vendor which currency the contract is billed in.',
  evaluate(f, today) {
    const other = new Map<string, DecimalSum>();
    for (const r of f.daily) {
      if (r.day > today) continue;
      for (const [c, a] of Object.entries(r.billedCost)) {
        if (c === f.currency) continue;
        addToSum(other, c, a, '0.00');
      }
    }
    return [...other.keys()].sort().map((c) => ({
      ruleId: this.id,
      subject: `currency:${c}`,
      severity: 'info' as const,
      ownerTeam: 'procurement' as const,
      title: `${formatAmount((other.get(c) as DecimalSum).toString(2), c)} of usage is billed in ${c}, not ${f.currency}`,
      evidence: { numbers: { currency: c, amount: formatAmount((other.get(c) as DecimalSum).toString(2), c) }, links: [usageLink(f)] },
    }));
  },
};

export const USAGE_RULES: Rule<UsageFacts>[] = [
  forecastPassesThreshold,
  timeAndMaterialsNotice,
  ceilingReached,
  serviceOverBudget,
  spendSpike,
  unmatchedUsage,
  notAllowedUsage,
  rateMismatch,
  invoiceMismatch,
  otherCurrencyUsage,
];

/** The figures shown under "Is the payment model working out as expected?" and for scope. */
export interface UsageEvidence {
  currency: string;
  spentToDate: string;
  ceiling: string | null;
  /** Spend as a share of the ceiling, one decimal ("62.5"); null without a ceiling. */
  percentOfCeiling: string | null;
  burnRatePerDay: string;
  projectedAtEnd: string;
  projectedAtEndLow: string;
  projectedAtEndHigh: string;
  ceilingDate: string | null;
  /** Spend per service key in the contract currency; unmatched usage under null is in `unmatchedCost`. */
  byService: Record<string, string>;
  /** Usage outside the catalog: how many groups, and their cost per currency. */
  unmatchedSightings: number;
  unmatchedCost: Record<string, string>;
}

/** Spend against plan and unmatched usage, for the key questions. */
export function usageEvidence(f: UsageFacts, today: string): UsageEvidence {
  const fc = usageForecast(f, today);
  const byService = new Map<string, DecimalSum>();
  for (const r of f.daily) {
    const a = r.billedCost[f.currency];
    if (r.serviceKey === null || a === undefined || r.day > today) continue;
    addToSum(byService, r.serviceKey, a, '0.00');
  }
  const unmatched = new Map<string, DecimalSum>();
  let count = 0;
  for (const s of f.sightings) {
    if (s.kind !== 'unmatched') continue;
    count++;
    for (const [c, a] of Object.entries(s.billedCost)) {
      addToSum(unmatched, c, a, '0.00');
    }
  }
  return {
    currency: f.currency,
    spentToDate: fc.spentToDate,
    ceiling: f.ceiling,
    percentOfCeiling: f.ceiling ? percentOf(fc.spentToDate, f.ceiling) : null,
    burnRatePerDay: fc.burnRate,
    projectedAtEnd: fc.projectedAtEnd,
    projectedAtEndLow: fc.projectedAtEndLow,
    projectedAtEndHigh: fc.projectedAtEndHigh,
    ceilingDate: fc.ceilingDate,
    byService: Object.fromEntries([...byService.keys()].sort().map((k) => [k, (byService.get(k) as DecimalSum).toString(2)])),
    unmatchedSightings: count,
    unmatchedCost: Object.fromEntries([...unmatched.keys()].sort().map((k) => [k, (unmatched.get(k) as DecimalSum).toString(2)])),
  };
}
