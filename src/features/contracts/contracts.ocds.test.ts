import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_STATUSES, type ContractStatus } from '../../core/contract.js';
import { registerOcdsContributor } from '../../platform/ocds.js';
import { type Client, type TestResponse, type World, auditRows, createWorld, expectError, systemCtx } from '../../test/harness.js';
import { updateVendor } from '../vendors/vendors.service.js';
import type { ContractDto } from './contracts.schema.js';

const OCDS_DIR = path.resolve(process.cwd(), '../shared/ocds');
const PACKAGE_SCHEMA = path.join(OCDS_DIR, 'release-package-schema.json');
const RELEASE_SCHEMA = path.join(OCDS_DIR, 'release-schema.json');
// A CommonJS module: under NodeNext its class is `.default` (which the module also carries at run time).
const Ajv = AjvDraft04.default;
const haveSchema = existsSync(PACKAGE_SCHEMA) && existsSync(RELEASE_SCHEMA);

/** The OCDS release package validator (draft-04), or null when the schema files are not here. */
function packageValidator() {
  if (!haveSchema) return null;
  const pkg = JSON.parse(readFileSync(PACKAGE_SCHEMA, 'utf8'));
  const release = JSON.parse(readFileSync(RELEASE_SCHEMA, 'utf8'));
  // OCDS adds its own keywords (codelist, openCodelist, deprecated, omitWhenMerged …): not strict.
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
  });
  ajv.addFormat('uri', {
    type: 'string',
    validate: (s: string) => {
      try {
        return !!new URL(s).protocol;
      } catch {
        return false;
      }
    },
  });
  // The package schema refers to the release schema by its URL: register it under the id it uses.
  const ref: string = pkg.properties.releases.items.$ref;
  ajv.addSchema(release, ref);
  return ajv.compile(pkg);
}
const validate = packageValidator();

function expectValidPackage(body: unknown) {
  if (!validate) return;
  const ok = validate(body);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).toEqual([]);
  expect(ok).toBe(true);
}

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['admin', 'procurement', 'buyerA', 'buyerB', 'itA', 'itB', 'auditor', 'vendorOne', 'vendorTwo'];

let w: World;
const as = {} as Record<UserKey, Client>;
/** cA: department A, vendor one; cAr: the same, restricted; cB: department B, vendor two. */
let cA: ContractDto;
let cAr: ContractDto;
let cB: ContractDto;
const PUBLIC_URL = 'https://steward.test.example';

beforeAll(async () => {
  w = await createWorld({ publicUrl: PUBLIC_URL, ocidPrefix: 'ocds-t3st01', publisherName: 'City of Testville' });
  await updateVendor(systemCtx(w.db), w.vendor.one, {
    version: 1,
    identifiers: [
      { scheme: 'GB-COH', id: '01234567' },
      { scheme: 'XI-LEI', id: '5493001KJTIIGC8Y1R12' },
    ],
    address: { streetAddress: '1 High St', locality: 'Leeds', postalCode: 'LS1 1AA', countryName: 'United Kingdom' },
    contacts: [
      { role: 'technical', name: 'Tech Person', email: 'tech@v1.example' },
      { role: 'commercial', name: 'Sales Person', email: 'sales@v1.example', telephone: '+44 113 000 0000' },
    ],
  });
  const clients = await Promise.all(USERS.map((u) => w.as(u)));
  USERS.forEach((u, i) => {
    as[u] = clients[i];
  });
  cA = await w.contract({
    departmentId: w.dept.a,
    vendorId: w.vendor.one,
    title: 'Chatbot for permits',
    value: '1234.50',
    currency: 'EUR',
  });
  cAr = await w.contract({ departmentId: w.dept.a, vendorId: w.vendor.one, restricted: true, title: 'Fraud detection (restricted)' });
  cB = await w.contract({ departmentId: w.dept.b, vendorId: w.vendor.two, title: 'Translation service', description: '' });
});

const ocds = (user: UserKey, id: string) => as[user].get(`/api/contracts/${id}/ocds`);

describe('GET /api/contracts/{id}/ocds', () => {
  it.skipIf(!haveSchema)('answers a release package valid against the OCDS 1.1 schema', async () => {
    for (const c of [cA, cAr, cB]) {
      const r = await ocds('procurement', c.id);
      expect(r.status, r.text).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expectValidPackage(r.body);
    }
  });

  it('validation catches a broken package (the check is real)', () => {
    if (!validate) return;
    expect(validate({ uri: 'not a uri', version: '1.1', publishedDate: 'yesterday', publisher: { name: 'x' }, releases: [] })).toBe(false);
    const paths = (validate.errors ?? []).map((e: { instancePath: string }) => e.instancePath);
    expect(paths).toEqual(expect.arrayContaining(['/uri', '/publishedDate', '/releases']));
  });

  it('maps the contract, its buyer and its supplier', async () => {
    const r = await ocds('procurement', cA.id);
    expect(r.status).toBe(200);
    const pkg = r.body;
    expect(pkg).toMatchObject({
      uri: `${PUBLIC_URL}/api/contracts/${cA.id}/ocds`,
      version: '1.1',
      publisher: { name: 'City of Testville' },
      publishedDate: cA.updatedAt,
    });
    expect(pkg.releases).toHaveLength(1);
    const rel = pkg.releases[0];
    const ocid = `ocds-t3st01-${cA.id}`;
    expect(rel).toMatchObject({ ocid, id: `${ocid}-${cA.updatedAt}`, date: cA.updatedAt, tag: ['contract'], initiationType: 'tender' });
    const buyer = { id: `dept-${w.dept.a}`, name: 'Department A' };
    const supplier = { id: `vendor-${w.vendor.one}`, name: 'Vendor One Ltd' };
    expect(rel.buyer).toEqual(buyer);
    expect(rel.parties).toEqual([
      { ...buyer, roles: ['buyer'] },
      {
        ...supplier,
        roles: ['supplier'],
        identifier: { scheme: 'GB-COH', id: '01234567', legalName: 'Vendor One Ltd' },
        additionalIdentifiers: [{ scheme: 'XI-LEI', id: '5493001KJTIIGC8Y1R12' }],
        address: { streetAddress: '1 High St', locality: 'Leeds', postalCode: 'LS1 1AA', countryName: 'United Kingdom' },
        contactPoint: { name: 'Sales Person', email: 'sales@v1.example', telephone: '+44 113 000 0000' },
      },
    ]);
    expect(rel.awards).toEqual([
      { id: `award-${cA.id}`, status: 'active', suppliers: [supplier], value: { amount: 1234.5, currency: 'EUR' } },
    ]);
    expect(rel.contracts).toEqual([
      {
        id: cA.id,
        awardID: `award-${cA.id}`,
        title: 'Chatbot for permits',
        description: 'A contract for tests',
        status: 'active',
        value: { amount: 1234.5, currency: 'EUR' },
        period: { startDate: '2026-01-01T00:00:00Z', endDate: '2026-12-31T23:59:59Z' },
        implementation: {},
      },
    ]);
    // The amount is the contract's value, as a number.
    expect(typeof rel.contracts[0].value.amount).toBe('number');
    expect(rel.contracts[0].value.amount).toBe(Number(cA.value));
  });

  it('a vendor with no identifiers, address or contacts is still a valid supplier party', async () => {
    const r = await ocds('procurement', cB.id);
    expect(r.body.releases[0].parties[1]).toEqual({ id: `vendor-${w.vendor.two}`, name: 'Vendor Two Ltd', roles: ['supplier'] });
    expect(r.body.releases[0].contracts[0]).not.toHaveProperty('description');
    expectValidPackage(r.body);
  });

  it('maps each Steward status per the contractStatus codelist, each a valid package', async () => {
    const expected: Record<ContractStatus, string> = {
      draft: 'pending',
      active: 'active',
      suspended: 'active',
      terminated: 'cancelled',
      closed: 'terminated',
    };
    const codelist = haveSchema
      ? readFileSync(path.join(OCDS_DIR, 'codelists/contractStatus.csv'), 'utf8')
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[0])
      : null;
    for (const status of CONTRACT_STATUSES) {
      const c = await w.contract({ status });
      const r = await ocds('procurement', c.id);
      expect(r.status, r.text).toBe(200);
      const got = r.body.releases[0].contracts[0].status;
      expect(got, status).toBe(expected[status]);
      if (codelist) expect(codelist).toContain(got);
      expectValidPackage(r.body);
    }
  });

  it('a changed contract is a contractUpdate release with a new id', async () => {
    const c = await w.contract({ status: 'active' });
    const first = (await ocds('procurement', c.id)).body.releases[0];
    const p = await as.procurement.patch(`/api/contracts/${c.id}`, { version: c.version, value: '1200.10' });
    expect(p.status, p.text).toBe(200);
    const second = (await ocds('procurement', c.id)).body;
    const rel = second.releases[0];
    expect(rel.tag).toEqual(['contractUpdate']);
    expect(rel.ocid).toBe(first.ocid);
    expect(rel.id).not.toBe(first.id);
    expect(rel.id).toBe(`${rel.ocid}-${p.body.updatedAt}`);
    expect(rel.contracts[0].value).toEqual({ amount: 1200.1, currency: 'USD' });
    expectValidPackage(second);
  });

  it('applies registered contributors after the base mapping', async () => {
    const seen: string[] = [];
    const off = registerOcdsContributor(async (release, ctx) => {
      seen.push(ctx.contractId);
      release.contracts[0].implementation.milestones = [{ id: 'm-1', title: 'Go-live', status: 'scheduled' }];
    });
    try {
      const r = await ocds('procurement', cA.id);
      expect(seen).toEqual([cA.id]);
      expect(r.body.releases[0].contracts[0].implementation).toEqual({
        milestones: [{ id: 'm-1', title: 'Go-live', status: 'scheduled' }],
      });
      expectValidPackage(r.body);
    } finally {
      off();
    }
    expect((await ocds('procurement', cA.id)).body.releases[0].contracts[0].implementation).toEqual({});
  });

  it('records the export in the audit log', async () => {
    const r = await ocds('buyerA', cA.id);
    expect(r.status).toBe(200);
    const rows = await auditRows(w.db, { action: 'contract.ocds_export', requestId: r.headers.get('x-request-id') as string });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_id: w.users.buyerA.id, entity_type: 'contract', entity_id: cA.id });
    expect(rows[0].after).toMatchObject({ ocid: `ocds-t3st01-${cA.id}`, releaseId: r.body.releases[0].id });
  });

  it('anonymous: 401', async () => {
    expectError(await w.anonymous().get(`/api/contracts/${cA.id}/ocds`), 401);
  });

  it('an unknown contract: 404', async () => {
    expectError(await ocds('procurement', '00000000-0000-4000-8000-000000000000'), 404);
  });

  /** The same answers as GET /api/contracts/{id} (see contracts.test.ts). */
  it.each<[UserKey, number, number, number]>([
    ['admin', 403, 403, 403],
    ['procurement', 200, 200, 200],
    ['buyerA', 200, 200, 200],
    ['buyerB', 200, 404, 200],
    ['itA', 200, 200, 200],
    ['itB', 200, 404, 200],
    ['auditor', 200, 200, 200],
    ['vendorOne', 200, 200, 404],
    ['vendorTwo', 404, 404, 200],
  ])('as %s: cA %i, cAr (restricted) %i, cB %i — as GET /api/contracts/{id} answers', async (user, a, ar, b) => {
    for (const [c, expected] of [
      [cA, a],
      [cAr, ar],
      [cB, b],
    ] as const) {
      const r = await ocds(user, c.id);
      expect(r.status, `${user} ${c.title}: ${r.text}`).toBe(expected);
      expect((await as[user].get(`/api/contracts/${c.id}`)).status).toBe(expected);
      await expectOutcomeLogged(r, user, expected);
    }
  });
});

/** A denial leaves a permission.denied entry and no export; a 200 leaves an export entry. */
async function expectOutcomeLogged(r: TestResponse, user: UserKey, status: number) {
  const requestId = r.headers.get('x-request-id') as string;
  const denied = await auditRows(w.db, { action: 'permission.denied', requestId });
  const exported = await auditRows(w.db, { action: 'contract.ocds_export', requestId });
  if (status === 200) {
    expect(denied).toHaveLength(0);
    expect(exported).toHaveLength(1);
    return;
  }
  expectError(r, status);
  expect(exported, `${user}: denied export was audited as an export`).toHaveLength(0);
  expect(denied, `denial for ${user} not logged`).toHaveLength(1);
  expect((denied[0].after as { outcome: string }).outcome).toBe(status === 404 ? 'not_found' : 'forbidden');
}
