import { describe, expect, it } from 'vitest';
import { CONTRACT_STATUSES } from './contract.js';
import { type OcdsContractInput, type OcdsVendorInput, contractRelease, ocdsAmount, ocdsDateTime, releasePackage } from './ocds.js';

const contract: OcdsContractInput = {
  id: '11111111-1111-4111-8111-111111111111',
  title: 'Chatbot for permits',
  description: 'A permits assistant',
  status: 'active',
  currency: 'EUR',
  value: '1234.50',
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  version: 1,
  updatedAt: '2026-02-03T04:05:06.789Z',
};
const vendor: OcdsVendorInput = {
  id: '22222222-2222-4222-8222-222222222222',
  legalName: 'Vendor One Ltd',
  identifiers: [
    { scheme: 'GB-COH', id: '01234567' },
    { scheme: 'XI-LEI', id: '5493001KJTIIGC8Y1R12' },
  ],
  address: { streetAddress: '1 High St', locality: 'Leeds', region: '', postalCode: 'LS1 1AA', countryName: 'United Kingdom' },
  contacts: [
    { role: 'technical', name: 'Tech Person', email: 'tech@v1.example' },
    { role: 'commercial', name: 'Sales Person', email: 'sales@v1.example', telephone: '+44 113 000 0000' },
  ],
};
const dept = { id: '33333333-3333-4333-8333-333333333333', name: 'Department A' };

describe('ocdsAmount', () => {
  it('turns a decimal string into the number it writes, without float arithmetic', () => {
    expect(ocdsAmount('1234.50')).toBe(1234.5);
    expect(ocdsAmount('0.10')).toBe(0.1);
    expect(ocdsAmount('0.00')).toBe(0);
    expect(ocdsAmount('19.99')).toBe(19.99);
    expect(ocdsAmount('1000')).toBe(1000);
    expect(ocdsAmount('9007199254740.99')).toBe(9007199254740.99);
  });

  it('refuses what is not a Steward amount', () => {
    for (const bad of ['', 'abc', '-1.00', '1.234', '1e5', 'NaN', 'Infinity']) expect(() => ocdsAmount(bad), bad).toThrow();
  });
});

describe('ocdsDateTime', () => {
  it('makes a whole-day period: start at the first second, end at the last (UTC)', () => {
    expect(ocdsDateTime('2026-01-01', 'start')).toBe('2026-01-01T00:00:00Z');
    expect(ocdsDateTime('2026-12-31', 'end')).toBe('2026-12-31T23:59:59Z');
    expect(() => ocdsDateTime('2026-1-1', 'start')).toThrow();
  });
});

describe('contractRelease', () => {
  const r = contractRelease(contract, vendor, dept, 'ocds-abc123');

  it('identifies the process by ocid and the version by release id', () => {
    expect(r.ocid).toBe(`ocds-abc123-${contract.id}`);
    expect(r.id).toBe(`ocds-abc123-${contract.id}-2026-02-03T04:05:06.789Z`);
    expect(r.date).toBe('2026-02-03T04:05:06.789Z');
    expect(r.initiationType).toBe('tender');
    expect(contractRelease(contract, vendor, dept).ocid).toBe(`ocds-steward-${contract.id}`);
  });

  it('tags the first version contract and later ones contractUpdate', () => {
    expect(r.tag).toEqual(['contract']);
    expect(contractRelease({ ...contract, version: 2 }, vendor, dept).tag).toEqual(['contractUpdate']);
  });

  it('has the department as buyer and the vendor as supplier', () => {
    expect(r.buyer).toEqual({ id: `dept-${dept.id}`, name: 'Department A' });
    expect(r.parties).toEqual([
      { id: `dept-${dept.id}`, name: 'Department A', roles: ['buyer'] },
      {
        id: `vendor-${vendor.id}`,
        name: 'Vendor One Ltd',
        roles: ['supplier'],
        identifier: { scheme: 'GB-COH', id: '01234567', legalName: 'Vendor One Ltd' },
        additionalIdentifiers: [{ scheme: 'XI-LEI', id: '5493001KJTIIGC8Y1R12' }],
        address: { streetAddress: '1 High St', locality: 'Leeds', postalCode: 'LS1 1AA', countryName: 'United Kingdom' },
        contactPoint: { name: 'Sales Person', email: 'sales@v1.example', telephone: '+44 113 000 0000' },
      },
    ]);
  });

  it('leaves out identifier, address and contact point a vendor does not have', () => {
    const bare = contractRelease(contract, { ...vendor, identifiers: [], address: {}, contacts: [] }, dept);
    expect(bare.parties[1]).toEqual({ id: `vendor-${vendor.id}`, name: 'Vendor One Ltd', roles: ['supplier'] });
  });

  it('awards the supplier and links the contract to the award', () => {
    expect(r.awards).toEqual([
      {
        id: `award-${contract.id}`,
        status: 'active',
        suppliers: [{ id: `vendor-${vendor.id}`, name: 'Vendor One Ltd' }],
        value: { amount: 1234.5, currency: 'EUR' },
      },
    ]);
    expect(r.contracts).toEqual([
      {
        id: contract.id,
        awardID: `award-${contract.id}`,
        title: 'Chatbot for permits',
        description: 'A permits assistant',
        status: 'active',
        value: { amount: 1234.5, currency: 'EUR' },
        period: { startDate: '2026-01-01T00:00:00Z', endDate: '2026-12-31T23:59:59Z' },
        implementation: {},
      },
    ]);
    expect(contractRelease({ ...contract, description: '  ' }, vendor, dept).contracts[0]).not.toHaveProperty('description');
  });

  it('maps every Steward status to the contractStatus codelist', () => {
    const mapped = Object.fromEntries(
      CONTRACT_STATUSES.map((s) => [s, contractRelease({ ...contract, status: s }, vendor, dept).contracts[0].status]),
    );
    expect(mapped).toEqual({ draft: 'pending', active: 'active', suspended: 'active', terminated: 'cancelled', closed: 'terminated' });
  });
});

describe('releasePackage', () => {
  it('wraps the release with OCDS 1.1 publishing metadata', () => {
    const r = contractRelease(contract, vendor, dept);
    const pkg = releasePackage([r], { uri: 'https://steward.example/api/contracts/x/ocds', publisherName: 'City of Leeds' });
    expect(pkg).toEqual({
      uri: 'https://steward.example/api/contracts/x/ocds',
      version: '1.1',
      publishedDate: r.date,
      publisher: { name: 'City of Leeds' },
      releases: [r],
    });
    expect(releasePackage([r], { uri: 'https://x.example/' }).publisher).toEqual({ name: 'Steward' });
    expect(() => releasePackage([], { uri: 'https://x.example/' })).toThrow();
  });
});
