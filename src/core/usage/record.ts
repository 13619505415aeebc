/**
 * The typed usage record every import produces (FOCUS files, mapped CSV files, pushed JSON), and
 * the mapping from its fields to FOCUS column IDs.
 */
import type { FocusColumn } from './focus.js';
import type { Tags } from './values.js';

/**
 * One charge. Instants are UTC ISO-8601 ("2025-04-01T00:00:00Z"); amounts and quantities are exact
 * decimal strings ("-12.50"); an absent value is null, never "".
 */
export interface UsageRecord {
  /** Inclusive start of the period the charge covers. */
  chargePeriodStart: string;
  /** Exclusive end of the period the charge covers (never before the start). */
  chargePeriodEnd: string;
  billingPeriodStart: string | null;
  billingPeriodEnd: string | null;
  billingAccountId: string | null;
  billingAccountName: string | null;
  subAccountId: string | null;
  subAccountName: string | null;
  providerName: string | null;
  publisherName: string | null;
  invoiceIssuerName: string | null;
  invoiceId: string | null;
  serviceName: string | null;
  serviceCategory: string | null;
  skuId: string | null;
  skuPriceId: string | null;
  resourceId: string | null;
  resourceName: string | null;
  resourceType: string | null;
  /** FOCUS RegionId. */
  region: string | null;
  regionName: string | null;
  /** Usage, Purchase, Tax, Credit or Adjustment (FOCUS ChargeCategory); null when the file has none. */
  chargeCategory: ChargeCategory | null;
  /** "Correction" or null. */
  chargeClass: 'Correction' | null;
  chargeDescription: string | null;
  chargeFrequency: string | null;
  pricingCategory: string | null;
  /** What the invoice is based on, in the billing currency; negative for credits and refunds. */
  billedCost: string;
  effectiveCost: string | null;
  listCost: string | null;
  contractedCost: string | null;
  listUnitPrice: string | null;
  contractedUnitPrice: string | null;
  /** ISO 4217 code of `billedCost` and the other costs. */
  billingCurrency: string;
  /** FOCUS 1.2: the national (ISO 4217) or virtual ("Credits") currency the service was priced in. */
  pricingCurrency: string | null;
  pricingCurrencyEffectiveCost: string | null;
  pricingCurrencyContractedUnitPrice: string | null;
  pricingCurrencyListUnitPrice: string | null;
  /** Never negative unless the row is a correction (FOCUS 1.0/1.1 require a positive value). */
  consumedQuantity: string | null;
  consumedUnit: string | null;
  pricingQuantity: string | null;
  pricingUnit: string | null;
  commitmentDiscountId: string | null;
  commitmentDiscountStatus: string | null;
  /** FOCUS Tags as an object; {} when there are none. */
  tags: Tags;
  /** Custom (`x_`) columns with a value, by column name. */
  custom: Readonly<Record<string, string>>;
}

export const CHARGE_CATEGORIES = ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'] as const;
export type ChargeCategory = (typeof CHARGE_CATEGORIES)[number];

/** Fields of `UsageRecord` a file column can fill (everything but `custom`). */
export type UsageField = Exclude<keyof UsageRecord, 'custom'>;

/** The FOCUS column each field is read from. */
export const FOCUS_COLUMN_OF: Record<UsageField, FocusColumn> = {
  chargePeriodStart: 'ChargePeriodStart',
  chargePeriodEnd: 'ChargePeriodEnd',
  billingPeriodStart: 'BillingPeriodStart',
  billingPeriodEnd: 'BillingPeriodEnd',
  billingAccountId: 'BillingAccountId',
  billingAccountName: 'BillingAccountName',
  subAccountId: 'SubAccountId',
  subAccountName: 'SubAccountName',
  providerName: 'ProviderName',
  publisherName: 'PublisherName',
  invoiceIssuerName: 'InvoiceIssuerName',
  invoiceId: 'InvoiceId',
  serviceName: 'ServiceName',
  serviceCategory: 'ServiceCategory',
  skuId: 'SkuId',
  skuPriceId: 'SkuPriceId',
  resourceId: 'ResourceId',
  resourceName: 'ResourceName',
  resourceType: 'ResourceType',
  region: 'RegionId',
  regionName: 'RegionName',
  chargeCategory: 'ChargeCategory',
  chargeClass: 'ChargeClass',
  chargeDescription: 'ChargeDescription',
  chargeFrequency: 'ChargeFrequency',
  pricingCategory: 'PricingCategory',
  billedCost: 'BilledCost',
  effectiveCost: 'EffectiveCost',
  listCost: 'ListCost',
  contractedCost: 'ContractedCost',
  listUnitPrice: 'ListUnitPrice',
  contractedUnitPrice: 'ContractedUnitPrice',
  billingCurrency: 'BillingCurrency',
  pricingCurrency: 'PricingCurrency',
  pricingCurrencyEffectiveCost: 'PricingCurrencyEffectiveCost',
  pricingCurrencyContractedUnitPrice: 'PricingCurrencyContractedUnitPrice',
  pricingCurrencyListUnitPrice: 'PricingCurrencyListUnitPrice',
  consumedQuantity: 'ConsumedQuantity',
  consumedUnit: 'ConsumedUnit',
  pricingQuantity: 'PricingQuantity',
  pricingUnit: 'PricingUnit',
  commitmentDiscountId: 'CommitmentDiscountId',
  commitmentDiscountStatus: 'CommitmentDiscountStatus',
  tags: 'Tags',
};

/** Every mappable field, in a stable order. */
export const USAGE_FIELDS = Object.keys(FOCUS_COLUMN_OF) as UsageField[];

/** A row Steward did not import, and why, in a plain sentence. */
export interface Rejection {
  /** Row number in the file (the header is row 1). */
  row: number;
  /** Physical line the row starts on (differs from `row` when quoted fields hold line breaks). */
  line: number;
  /** The column at fault, as the file names it; null when the row as a whole is at fault. */
  column: string | null;
  reason: string;
}
