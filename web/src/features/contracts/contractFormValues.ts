import type { Contract } from '../../api/types';
import type { ContractInput } from './contracts.api';

/** The form holds exactly what the API takes; empty strings stand for "not chosen yet". */
export type ContractFormValues = ContractInput;

export function emptyContract(defaults: Partial<ContractFormValues> = {}): ContractFormValues {
  return {
    reference: '',
    title: '',
    description: '',
    vendorId: '',
    departmentId: '',
    type: '',
    pricingModel: '',
    currency: '',
    value: '',
    ceiling: '',
    startDate: '',
    endDate: '',
    options: [],
    riskTier: '',
    publicFacing: false,
    highImpact: false,
    restricted: false,
    rulePack: '',
    status: 'draft',
    owners: { procurement: null, buyer: null, it_data: null },
    tags: [],
    renewalDecision: 'undecided',
    renewalNote: '',
    ...defaults,
  };
}

export function contractToValues(c: Contract): ContractFormValues {
  return {
    reference: c.reference,
    title: c.title,
    description: c.description ?? '',
    vendorId: c.vendor.id,
    departmentId: c.department.id,
    type: c.type,
    pricingModel: c.pricingModel,
    currency: c.currency,
    value: c.value,
    ceiling: c.ceiling,
    startDate: c.startDate,
    endDate: c.endDate,
    options: c.options.map((o) => ({ ...o })),
    riskTier: c.riskTier,
    publicFacing: c.publicFacing,
    highImpact: c.highImpact,
    restricted: c.restricted,
    rulePack: c.rulePack,
    status: c.status,
    owners: {
      procurement: c.owners.procurement?.id ?? null,
      buyer: c.owners.buyer?.id ?? null,
      it_data: c.owners.it_data?.id ?? null,
    },
    tags: [...c.tags],
    renewalDecision: c.renewalDecision,
    renewalNote: c.renewalNote ?? '',
  };
}

/** For a create: everything, leaving out an empty description. */
export function createBody(values: ContractFormValues): Partial<ContractInput> {
  const { description, ...rest } = values;
  return description.trim() ? { ...rest, description } : rest;
}

/** For an update: only the fields that changed (the server keeps the rest). */
export function changedFields(initial: ContractFormValues, values: ContractFormValues): Partial<ContractInput> {
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(values) as (keyof ContractFormValues)[]) {
    if (JSON.stringify(values[key]) !== JSON.stringify(initial[key])) changed[key] = values[key];
  }
  return changed as Partial<ContractInput>;
}

const DECIMAL = /^\d{1,15}(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const required = (label: string) => (value: string) => (value.trim() ? null : `${label} is required`);

/** Quick checks before sending; the server has the final word (and its errors land on the same fields). */
export const contractValidation = {
  reference: required('Reference'),
  title: required('Title'),
  vendorId: required('Vendor'),
  departmentId: required('Department'),
  type: required('Contract type'),
  pricingModel: required('Pricing model'),
  currency: required('Currency'),
  value: (v: string) => (DECIMAL.test(v.trim()) ? null : 'Enter an amount like 125000 or 125000.50'),
  ceiling: (v: string) => (DECIMAL.test(v.trim()) ? null : 'Enter an amount like 150000 or 150000.00'),
  startDate: (v: string) => (DATE.test(v) ? null : 'Choose a start date'),
  endDate: (v: string, values: ContractFormValues) =>
    !DATE.test(v) ? 'Choose an end date' : values.startDate && v < values.startDate ? 'End date must be on or after the start date' : null,
  riskTier: required('Risk tier'),
  rulePack: required('Rule pack'),
  options: {
    description: required('Description'),
    startDate: (v: string) => (DATE.test(v) ? null : 'Choose a start date'),
    endDate: (v: string) => (DATE.test(v) ? null : 'Choose an end date'),
  },
};
