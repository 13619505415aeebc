import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestResponse, type World, auditRows, createWorld, expectError } from '../../test/harness.js';

type UserKey = keyof World['users'];
const USERS: UserKey[] = ['admin', 'procurement', 'buyerA', 'buyerB', 'itA', 'itB', 'auditor', 'vendorOne', 'vendorTwo'];

let w: World;
const as = {} as Record<UserKey, Client>;
beforeAll(async () => {
  w = await createWorld();
  const clients = await Promise.all(USERS.map((u) => w.as(u)));
  USERS.forEach((u, i) => {
    as[u] = clients[i];
  });
});

async function expectStatus(r: TestResponse, status: number, user: UserKey) {
  expect(r.status, `${user}: ${r.text}`).toBe(status);
  if (status === 403 || status === 404) {
    expectError(r, status);
    const rows = await auditRows(w.db, { action: 'permission.denied', requestId: r.headers.get('x-request-id') as string });
    expect(rows, `denial for ${user} not logged`).toHaveLength(1);
    expect(rows[0].actor_id).toBe(w.users[user].id);
  }
}

const version = async (id: string) =>
  (await w.db.selectFrom('vendors').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

let made = 0;
const vendorBody = (overrides: Record<string, unknown> = {}) => {
  made += 1;
  return { legalName: `Acme AI ${made} GmbH`, ...overrides };
};

describe('role matrix: vendors', () => {
  // user, list sees [one, two], GET one, GET two, POST, PATCH
  it.each<[UserKey, [boolean, boolean], number, number, number, number]>([
    ['admin', [true, true], 200, 200, 403, 403],
    ['procurement', [true, true], 200, 200, 201, 200],
    ['buyerA', [true, true], 200, 200, 403, 403],
    ['buyerB', [true, true], 200, 200, 403, 403],
    ['itA', [true, true], 200, 200, 403, 403],
    ['itB', [true, true], 200, 200, 403, 403],
    ['auditor', [true, true], 200, 200, 403, 403],
    ['vendorOne', [true, false], 200, 404, 403, 403],
    ['vendorTwo', [false, true], 404, 200, 403, 403],
  ])('%s: list %j, GET one %i, GET two %i, POST %i, PATCH %i', async (user, [seesOne, seesTwo], getOne, getTwo, post, patch) => {
    const list = await as[user].get('/api/vendors?pageSize=100');
    expect(list.status).toBe(200);
    const listed = list.body.items.map((v: { id: string }) => v.id);
    expect(listed.includes(w.vendor.one)).toBe(seesOne);
    expect(listed.includes(w.vendor.two)).toBe(seesTwo);
    if (user.startsWith('vendor')) expect(list.body.total).toBe(1);
    await expectStatus(await as[user].get(`/api/vendors/${w.vendor.one}`), getOne, user);
    await expectStatus(await as[user].get(`/api/vendors/${w.vendor.two}`), getTwo, user);
    await expectStatus(await as[user].post('/api/vendors', vendorBody()), post, user);
    const v = await version(w.vendor.one);
    await expectStatus(await as[user].patch(`/api/vendors/${w.vendor.one}`, { version: v, notes: `by ${user}` }), patch, user);
    expect(await version(w.vendor.one)).toBe(patch === 200 ? v + 1 : v);
  });
});

describe('vendors', () => {
  it('creates a vendor with identifiers, address and contacts, and reads it back', async () => {
    const body = {
      legalName: 'Northwind Analytics Ltd',
      identifiers: [{ scheme: 'GB-COH', id: '01234567' }],
      address: { streetAddress: '1 High Street', locality: 'Leeds', postalCode: 'LS1 1AA', countryName: 'United Kingdom' },
      contacts: [
        { role: 'commercial', name: 'Ann Buyer', email: 'ann@northwind.example' },
        { role: 'security', name: 'Sam Secure', telephone: '+44 113 000 0000' },
      ],
      website: 'https://northwind.example',
      notes: 'Framework supplier',
    };
    const r = await as.procurement.post('/api/vendors', body);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ ...body, version: 1, contractCount: 0 });
    const g = await as.buyerA.get(`/api/vendors/${r.body.id}`);
    expect(g.body).toMatchObject(body);
    const [entry] = await auditRows(w.db, { action: 'vendor.create', entityId: r.body.id });
    expect(entry.actor_id).toBe(w.users.procurement.id);
    expect(entry.after).toMatchObject({ legalName: 'Northwind Analytics Ltd' });
  });

  it('counts the contracts of a vendor', async () => {
    const r = await as.procurement.post('/api/vendors', vendorBody());
    await w.contract({ vendorId: r.body.id });
    await w.contract({ vendorId: r.body.id });
    expect((await as.procurement.get(`/api/vendors/${r.body.id}`)).body.contractCount).toBe(2);
  });

  it('refuses a duplicate legal name, whatever its case, with 409 naming the field', async () => {
    const r = await as.procurement.post('/api/vendors', { legalName: 'Contoso Vision' });
    expect(r.status).toBe(201);
    expect(expectError(await as.procurement.post('/api/vendors', { legalName: 'CONTOSO VISION' }), 409, 'duplicate').fields).toHaveProperty(
      'legalName',
    );
    const other = await as.procurement.post('/api/vendors', vendorBody());
    expect(
      expectError(await as.procurement.patch(`/api/vendors/${other.body.id}`, { version: 1, legalName: 'contoso vision' }), 409).fields,
    ).toHaveProperty('legalName');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an empty legal name', { legalName: '  ' }, 'legalName'],
    ['a website that is not a URL', { website: 'not a url' }, 'website'],
    ['a contact e-mail that is not an e-mail', { contacts: [{ role: 'technical', name: 'X', email: 'nope' }] }, 'contacts.0.email'],
    ['an unknown contact role', { contacts: [{ role: 'ceo', name: 'X' }] }, 'contacts.0.role'],
    ['an unknown address field', { address: { planet: 'Mars' } }, 'address.planet'],
    ['an unknown field', { rating: 5 }, 'rating'],
  ])('refuses %s (400)', async (_what, overrides, field) => {
    const e = expectError(await as.procurement.post('/api/vendors', vendorBody(overrides)), 400, 'validation_failed');
    expect(e.fields).toHaveProperty([field]);
  });

  it('updates with the current version; a stale one gets 412; a missing one 400; an unknown vendor 404', async () => {
    const r = await as.procurement.post('/api/vendors', vendorBody({ notes: 'old' }));
    const u = await as.procurement.patch(`/api/vendors/${r.body.id}`, { version: 1, notes: 'new', website: 'https://new.example' });
    expect(u.status).toBe(200);
    expect(u.body).toMatchObject({ notes: 'new', website: 'https://new.example', version: 2, legalName: r.body.legalName });
    expectError(await as.procurement.patch(`/api/vendors/${r.body.id}`, { version: 1, notes: 'stale' }), 412, 'version_conflict');
    expect(expectError(await as.procurement.patch(`/api/vendors/${r.body.id}`, { notes: 'no version' }), 400).fields).toHaveProperty(
      'version',
    );
    expectError(
      await as.procurement.patch('/api/vendors/00000000-0000-4000-8000-000000000009', { version: 1, notes: 'x' }),
      404,
      'not_found',
    );
    const [entry] = await auditRows(w.db, { action: 'vendor.update', entityId: r.body.id });
    expect(entry.before).toEqual({ notes: 'old', website: null, version: 1 });
    expect(entry.after).toEqual({ notes: 'new', website: 'https://new.example', version: 2 });
  });

  it('searches by name', async () => {
    await as.procurement.post('/api/vendors', { legalName: 'Zebra Speech Systems' });
    const r = await as.buyerA.get('/api/vendors?q=zebra');
    expect(r.body.items.map((v: { legalName: string }) => v.legalName)).toEqual(['Zebra Speech Systems']);
  });
});
