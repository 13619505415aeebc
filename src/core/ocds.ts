/**
 * A contract as an Open Contracting Data Standard 1.1 release package (pure: no I/O).
 *
 * One contract is one contracting process: its ocid is `<prefix>-<contract id>`, and each
 * version of the contract is one release (`<ocid>-<updatedAt>`). Capabilities add to
 * `contracts[0].implementation` (milestones, transactions) through platform/ocds.
 */
import { type ContractStatus, ocdsContractStatus } from './contract.js';
import { moneyProblem } from './money.js';

export const OCDS_VERSION = '1.1';
export const DEFAULT_OCID_PREFIX = 'ocds-steward';
export const DEFAULT_PUBLISHER_NAME = 'Steward';

export interface OcdsIdentifier {
  scheme?: string;
  id?: string;
  legalName?: string;
  uri?: string;
}
export interface OcdsAddress {
  streetAddress?: string;
  locality?: string;
  region?: string;
  postalCode?: string;
  countryName?: string;
}
export interface OcdsContactPoint {
  name?: string;
  email?: string;
  telephone?: string;
}
export interface OcdsParty {
  id: string;
  name: string;
  roles: string[];
  identifier?: OcdsIdentifier;
  additionalIdentifiers?: OcdsIdentifier[];
  address?: OcdsAddress;
  contactPoint?: OcdsContactPoint;
}
export interface OcdsOrganizationReference {
  id: string;
  name: string;
}
export interface OcdsValue {
  amount: number;
  currency: string;
}
export interface OcdsPeriod {
  startDate?: string;
  endDate?: string;
}
/** Open for capabilities: milestones, transactions, documents … as OCDS defines them. */
export interface OcdsImplementation {
  milestones?: Record<string, unknown>[];
  transactions?: Record<string, unknown>[];
  documents?: Record<string, unknown>[];
  [key: string]: unknown;
}
export interface OcdsAward {
  id: string;
  status: 'pending' | 'active' | 'cancelled' | 'unsuccessful';
  suppliers: OcdsOrganizationReference[];
  value: OcdsValue;
}
export interface OcdsContract {
  id: string;
  awardID: string;
  title: string;
  description?: string;
  status: ReturnType<typeof ocdsContractStatus>;
  value: OcdsValue;
  period: OcdsPeriod;
  implementation: OcdsImplementation;
  [key: string]: unknown;
}
export type OcdsReleaseTag = 'contract' | 'contractUpdate';
export interface OcdsRelease {
  ocid: string;
  id: string;
  date: string;
  tag: OcdsReleaseTag[];
  initiationType: 'tender';
  parties: OcdsParty[];
  buyer: OcdsOrganizationReference;
  awards: OcdsAward[];
  contracts: OcdsContract[];
  [key: string]: unknown;
}
export interface OcdsReleasePackage {
  uri: string;
  version: typeof OCDS_VERSION;
  publishedDate: string;
  publisher: { name: string };
  releases: OcdsRelease[];
}

/** What the mapper needs of the contract (the stored fields; money as a decimal string). */
export interface OcdsContractInput {
  id: string;
  title: string;
  description: string;
  status: ContractStatus;
  currency: string;
  value: string;
  startDate: string;
  endDate: string;
  version: number;
  /** ISO date-time of the last change. */
  updatedAt: string;
}
export interface OcdsVendorInput {
  id: string;
  legalName: string;
  identifiers: { scheme: string; id: string }[];
  address: OcdsAddress;
  contacts: { role: string; name: string; email?: string; telephone?: string }[];
}
export interface OcdsDepartmentInput {
  id: string;
  name: string;
}
export interface OcdsPublishing {
  /** The package's URI (where this export can be fetched). */
  uri: string;
  publisherName?: string;
  ocidPrefix?: string;
}

/**
 * An OCDS amount (a JSON number) from a Steward decimal string. Parses the validated string
 * as written (no float arithmetic), so "1234.50" is 1234.5 and "0.10" is 0.1.
 */
export function ocdsAmount(value: string): number {
  const problem = moneyProblem(value);
  if (problem) throw new Error(`Not an amount (${problem}): ${value}`);
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`Not an amount: ${value}`);
  return n;
}

/**
 * An OCDS date-time for a calendar date (YYYY-MM-DD). Steward's periods are whole days, so a
 * start is the first second of its day and an end the last (UTC), as OCDS's date guidance asks.
 */
export function ocdsDateTime(date: string, edge: 'start' | 'end'): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`Not a calendar date: ${date}`);
  return `${date}T${edge === 'start' ? '00:00:00' : '23:59:59'}Z`;
}

export function ocid(contractId: string, prefix = DEFAULT_OCID_PREFIX): string {
  return `${prefix}-${contractId}`;
}
export const buyerPartyId = (departmentId: string) => `dept-${departmentId}`;
export const supplierPartyId = (vendorId: string) => `vendor-${vendorId}`;
export const awardId = (contractId: string) => `award-${contractId}`;

/** Drop empty and missing values from a flat record of strings; undefined if nothing is left. */
function compact<T extends Record<string, string | undefined>>(o: T): Partial<T> | undefined {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'string' && v.trim()) out[k as keyof T] = v.trim() as T[keyof T];
  return Object.keys(out).length ? out : undefined;
}

function supplierParty(v: OcdsVendorInput): OcdsParty {
  const party: OcdsParty = { id: supplierPartyId(v.id), name: v.legalName, roles: ['supplier'] };
  const [first, ...rest] = v.identifiers;
  if (first) party.identifier = { scheme: first.scheme, id: first.id, legalName: v.legalName };
  if (rest.length) party.additionalIdentifiers = rest.map((i) => ({ scheme: i.scheme, id: i.id }));
  const address = compact({
    streetAddress: v.address.streetAddress,
    locality: v.address.locality,
    region: v.address.region,
    postalCode: v.address.postalCode,
    countryName: v.address.countryName,
  });
  if (address) party.address = address;
  const commercial = v.contacts.find((c) => c.role === 'commercial');
  const contactPoint = commercial && compact({ name: commercial.name, email: commercial.email, telephone: commercial.telephone });
  if (contactPoint) party.contactPoint = contactPoint;
  return party;
}

/** The release for one version of a contract. */
export function contractRelease(
  contract: OcdsContractInput,
  vendor: OcdsVendorInput,
  department: OcdsDepartmentInput,
  ocidPrefix = DEFAULT_OCID_PREFIX,
): OcdsRelease {
  const id = ocid(contract.id, ocidPrefix);
  const buyer = { id: buyerPartyId(department.id), name: department.name };
  const supplier = supplierParty(vendor);
  const value: OcdsValue = { amount: ocdsAmount(contract.value), currency: contract.currency };
  const award = awardId(contract.id);
  const date = new Date(contract.updatedAt).toISOString();
  return {
    ocid: id,
    id: `${id}-${date}`,
    date,
    tag: [contract.version > 1 ? 'contractUpdate' : 'contract'],
    initiationType: 'tender',
    parties: [{ ...buyer, roles: ['buyer'] }, supplier],
    buyer,
    awards: [{ id: award, status: 'active', suppliers: [{ id: supplier.id, name: supplier.name }], value: { ...value } }],
    contracts: [
      {
        id: contract.id,
        awardID: award,
        title: contract.title,
        ...(contract.description.trim() ? { description: contract.description } : {}),
        status: ocdsContractStatus(contract.status),
        value: { ...value },
        period: { startDate: ocdsDateTime(contract.startDate, 'start'), endDate: ocdsDateTime(contract.endDate, 'end') },
        implementation: {},
      },
    ],
  };
}

/**
 * Wrap releases in a package. Generated on demand, so publishedDate is the latest release date
 * (the last change to what the package holds), not the time of the request.
 */
export function releasePackage(releases: OcdsRelease[], publishing: OcdsPublishing): OcdsReleasePackage {
  if (!releases.length) throw new Error('A release package needs at least one release');
  const publishedDate = releases.map((r) => r.date).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
  return {
    uri: publishing.uri,
    version: OCDS_VERSION,
    publishedDate,
    publisher: { name: publishing.publisherName?.trim() || DEFAULT_PUBLISHER_NAME },
    releases,
  };
}
