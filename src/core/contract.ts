/** Contract vocabulary and the pure rules about a contract's own fields. */
import { compareDates, isCalendarDate } from './dates.js';
import type { FieldErrors } from './errors.js';
import { compareMoney, isCurrency, moneyProblem } from './money.js';

export const CONTRACT_TYPES = ['development_services', 'service_access', 'hybrid'] as const;
export const PRICING_MODELS = ['fixed', 'time_and_materials', 'usage_based', 'subscription', 'hybrid'] as const;
export const RISK_TIERS = ['low', 'medium', 'high'] as const;
export const RULE_PACKS = ['us-far', 'uk-pa23', 'eu', 'generic'] as const;
export const RENEWAL_DECISIONS = ['undecided', 'exercise_option', 'renew', 'retender', 'let_expire'] as const;
export type RenewalDecision = (typeof RENEWAL_DECISIONS)[number];
export const RENEWAL_DECISION_LABELS: Record<RenewalDecision, string> = {
  undecided: 'Not decided yet',
  exercise_option: 'Exercise an option',
  renew: 'Renew',
  retender: 'Re-tender',
  let_expire: 'Let it end',
};
export const CONTRACT_STATUSES = ['draft', 'active', 'suspended', 'terminated', 'closed'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const CONTRACT_TYPE_LABELS: Record<(typeof CONTRACT_TYPES)[number], string> = {
  development_services: 'Development services',
  service_access: 'Service access',
  hybrid: 'Hybrid',
};
export const PRICING_MODEL_LABELS: Record<(typeof PRICING_MODELS)[number], string> = {
  fixed: 'Fixed price',
  time_and_materials: 'Time and materials',
  usage_based: 'Usage-based',
  subscription: 'Subscription',
  hybrid: 'Hybrid',
};

/** OCDS 1.1 contractStatus for a Steward status (codelist: pending, active, cancelled, terminated). */
export function ocdsContractStatus(status: ContractStatus): 'pending' | 'active' | 'cancelled' | 'terminated' {
  switch (status) {
    case 'draft':
      return 'pending';
    case 'active':
    case 'suspended':
      return 'active';
    case 'terminated':
      return 'cancelled';
    case 'closed':
      return 'terminated';
  }
}

/** Status changes a contract may make; closed is final. */
export const STATUS_TRANSITIONS: Record<ContractStatus, readonly ContractStatus[]> = {
  draft: ['active', 'terminated'],
  active: ['suspended', 'terminated', 'closed'],
  suspended: ['active', 'terminated', 'closed'],
  terminated: ['closed'],
  closed: [],
};

/** Whether a status change is allowed (staying put is always allowed). */
export function canTransition(from: ContractStatus, to: ContractStatus): boolean {
  return from === to || STATUS_TRANSITIONS[from].includes(to);
}

export interface OptionPeriod {
  description: string;
  startDate: string;
  endDate: string;
}

export interface ContractTerms {
  currency: string;
  value: string;
  ceiling: string;
  startDate: string;
  endDate: string;
  options: OptionPeriod[];
}

/** Field errors in a contract's money, dates and option periods (cross-field rules). */
export function contractTermProblems(t: ContractTerms): FieldErrors {
  const e: FieldErrors = {};
  if (!isCurrency(t.currency)) e.currency = 'must be an ISO 4217 currency code such as EUR or USD';
  const vp = moneyProblem(t.value);
  if (vp) e.value = `Value ${vp}`;
  const cp = moneyProblem(t.ceiling);
  if (cp) e.ceiling = `Ceiling ${cp}`;
  if (!vp && !cp && compareMoney(t.ceiling, t.value) < 0) e.ceiling = 'Ceiling must be at least the contract value';
  const sOk = isCalendarDate(t.startDate);
  const eOk = isCalendarDate(t.endDate);
  if (!sOk) e.startDate = 'must be a real date (YYYY-MM-DD)';
  if (!eOk) e.endDate = 'must be a real date (YYYY-MM-DD)';
  if (sOk && eOk && compareDates(t.endDate, t.startDate) < 0) e.endDate = 'End date must not be before the start date';
  t.options.forEach((o, i) => {
    const os = isCalendarDate(o.startDate);
    const oe = isCalendarDate(o.endDate);
    if (!os) e[`options.${i}.startDate`] = 'must be a real date (YYYY-MM-DD)';
    if (!oe) e[`options.${i}.endDate`] = 'must be a real date (YYYY-MM-DD)';
    if (os && oe && compareDates(o.endDate, o.startDate) < 0) e[`options.${i}.endDate`] = 'Option end must not be before its start';
    if (os && eOk && compareDates(o.startDate, t.endDate) <= 0)
      e[`options.${i}.startDate`] = 'An option period starts after the base period ends';
  });
  return e;
}
