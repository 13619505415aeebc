/**
 * FOCUS (FinOps Open Cost and Usage Specification) column names for versions 1.0, 1.1 and 1.2,
 * and recognising a FOCUS header. Column IDs are case-sensitive, as in the specification; columns
 * FOCUS does not define are tolerated, and custom columns carry the `x_` prefix.
 */

/** FOCUS 1.0 (June 2024) columns. */
export const FOCUS_1_0_COLUMNS = [
  'AvailabilityZone',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
] as const;

/** Columns FOCUS 1.1 (November 2024) added. */
export const FOCUS_1_1_ADDED = [
  'CapacityReservationId',
  'CapacityReservationStatus',
  'CommitmentDiscountQuantity',
  'CommitmentDiscountUnit',
  'ServiceSubcategory',
  'SkuMeter',
  'SkuPriceDetails',
] as const;

/** Columns FOCUS 1.2 (June 2025) added. */
export const FOCUS_1_2_ADDED = [
  'BillingAccountType',
  'InvoiceId',
  'PricingCurrency',
  'PricingCurrencyContractedUnitPrice',
  'PricingCurrencyEffectiveCost',
  'PricingCurrencyListUnitPrice',
  'SubAccountType',
] as const;

export const FOCUS_VERSIONS = ['1.0', '1.1', '1.2'] as const;
export type FocusVersion = (typeof FOCUS_VERSIONS)[number];

export type FocusColumn = (typeof FOCUS_1_0_COLUMNS)[number] | (typeof FOCUS_1_1_ADDED)[number] | (typeof FOCUS_1_2_ADDED)[number];

/** Every column of each version. */
export const FOCUS_COLUMNS: Record<FocusVersion, readonly FocusColumn[]> = {
  '1.0': FOCUS_1_0_COLUMNS,
  '1.1': [...FOCUS_1_0_COLUMNS, ...FOCUS_1_1_ADDED],
  '1.2': [...FOCUS_1_0_COLUMNS, ...FOCUS_1_1_ADDED, ...FOCUS_1_2_ADDED],
};

const ALL = new Set<string>(FOCUS_COLUMNS['1.2']);
const ADDED_1_1 = new Set<string>(FOCUS_1_1_ADDED);
const ADDED_1_2 = new Set<string>(FOCUS_1_2_ADDED);
const BY_LOWER = new Map([...ALL].map((c) => [c.toLowerCase(), c]));

/** Columns without which Steward cannot import a FOCUS row (all mandatory in FOCUS 1.0–1.2). */
export const FOCUS_REQUIRED_COLUMNS = ['BilledCost', 'ChargePeriodStart', 'ChargePeriodEnd'] as const;

/** How a header row reads as FOCUS. */
export interface FocusHeader {
  /**
   * The lowest FOCUS version that defines every FOCUS column present: a 1.2 file that uses no
   * column added after 1.0 reads as '1.0', which is harmless since the meaning did not change.
   */
  version: FocusVersion;
  /** Index of each FOCUS column present. */
  index: Partial<Record<FocusColumn, number>>;
  /** Custom columns (`x_` prefix), by name. */
  custom: { name: string; index: number }[];
  /** Other columns, ignored. */
  unknown: string[];
}

/** Why a header is not a FOCUS header Steward can import, or null. */
export function focusHeaderProblem(header: readonly string[]): string | null {
  const cols = header.map((h) => h.trim());
  const present = new Set(cols.filter((c) => ALL.has(c)));
  const missing = FOCUS_REQUIRED_COLUMNS.filter((c) => !present.has(c));
  if (!missing.length) return null;
  const nearMisses = cols
    .filter((c) => !ALL.has(c) && BY_LOWER.has(c.toLowerCase()))
    .map((c) => `"${c}" (FOCUS writes "${BY_LOWER.get(c.toLowerCase())}")`);
  const base =
    present.size === 0
      ? 'The first row is not a FOCUS header: none of its columns is a FOCUS column such as BilledCost or ChargePeriodStart.'
      : `The first row looks like a FOCUS header but lacks ${missing.join(', ')}.`;
  return nearMisses.length
    ? `${base} FOCUS column names are case-sensitive: ${nearMisses.slice(0, 5).join(', ')}.`
    : `${base} For other layouts, import with a saved column mapping.`;
}

/** Read a header row as FOCUS; throws nothing — check `focusHeaderProblem` first. */
export function readFocusHeader(header: readonly string[]): FocusHeader {
  const index: Partial<Record<FocusColumn, number>> = {};
  const custom: FocusHeader['custom'] = [];
  const unknown: string[] = [];
  let version: FocusVersion = '1.0';
  header.forEach((raw, i) => {
    const c = raw.trim();
    if (ALL.has(c)) {
      if (index[c as FocusColumn] === undefined) index[c as FocusColumn] = i;
      if (ADDED_1_2.has(c)) version = '1.2';
      else if (ADDED_1_1.has(c) && version === '1.0') version = '1.1';
    } else if (c.startsWith('x_')) custom.push({ name: c, index: i });
    else unknown.push(c);
  });
  return { version, index, custom, unknown };
}

/** Whether a column name is a FOCUS column (in any of 1.0–1.2). */
export const isFocusColumn = (name: string): name is FocusColumn => ALL.has(name);
