import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../core/dates.js';
import { type Client, type World, auditRows, createWorld, expectError } from '../../test/harness.js';
import type { ContractDto } from '../contracts/contracts.schema.js';

type UserKey = keyof World['users'];
const today = todayUtc();

let w: World;
let procurement: Client;
let buyerA: Client;
let buyerB: Client;
/** cA: department A; cAr: department A, restricted; cB: department B. */
let cA: ContractDto;
let cAr: ContractDto;
let cB: ContractDto;

beforeAll(async () => {
  w = await createWorld({ publicUrl: 'https://steward.example.gov' });
  [procurement, buyerA, buyerB] = await Promise.all([w.as('procurement'), w.as('buyerA'), w.as('buyerB')]);
  cA = await w.contract({
    departmentId: w.dept.a,
    title: 'Chatbot, permits; and licences \\ phase 2',
    startDate: addDays(today, -100),
    endDate: addDays(today, 40),
    owners: { procurement: w.users.procurement.id },
  });
  cAr = await w.contract({
    departmentId: w.dept.a,
    restricted: true,
    title: 'Fraud detection (restricted)',
    startDate: addDays(today, -100),
    endDate: addDays(today, 50),
  });
  cB = await w.contract({
    departmentId: w.dept.b,
    vendorId: w.vendor.two,
    title: `Translation service for the whole city with a long title that must be folded ${'é'.repeat(30)}`,
    startDate: addDays(today, -100),
    endDate: '2027-12-31',
  });
});

async function createFeed(client: Client): Promise<string> {
  const r = await client.post('/api/calendar/feed');
  expect(r.status, r.text).toBe(201);
  return r.body.url;
}

/** Fetch a feed as a calendar program does: no cookies, no token header. */
async function fetchFeed(url: string) {
  return w.anonymous().get(new URL(url).pathname);
}

function parse(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  const events = cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      e,
      v,
      uid: e.uid,
      summary: e.summary,
      description: e.description,
      start: e.startDate,
      end: e.endDate,
      url: v.getFirstPropertyValue('url') as string,
    };
  });
  return { cal, events };
}

describe('calendar feed address', () => {
  it('starts without a feed, creates one whose secret is stored only as a hash, and reports it', async () => {
    expect((await buyerA.get('/api/calendar/feed')).body).toEqual({ active: false, createdAt: null, lastUsedAt: null });
    const r = await buyerA.post('/api/calendar/feed');
    expect(r.status, r.text).toBe(201);
    expect(r.body.rotated).toBe(false);
    const m = /^https:\/\/steward\.example\.gov\/api\/calendar\/([A-Za-z0-9_-]{43})\.ics$/.exec(r.body.url);
    expect(m, r.body.url).not.toBeNull();
    const token = (m as RegExpExecArray)[1];
    const stored = await w.db.selectFrom('calendar_feeds').selectAll().where('user_id', '=', w.users.buyerA.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(token);
    // The secret is in no audit entry either.
    const audit = await auditRows(w.db, { action: 'calendar_feed.create' });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(token);
    const status = await buyerA.get('/api/calendar/feed');
    expect(status.body).toMatchObject({ active: true, createdAt: r.body.createdAt, lastUsedAt: null });
    expect(JSON.stringify(status.body)).not.toContain(token);
  });

  it('uses the address the request came to when no public URL is configured', async () => {
    const local = await createWorld();
    const c = await local.as('procurement');
    const r = await c.post('/api/calendar/feed');
    expect(r.body.url).toMatch(/^http:\/\/localhost\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect((await local.anonymous().get(new URL(r.body.url).pathname)).status).toBe(200);
  });

  // Who may have a feed: the people who may read deadlines.
  it.each<[UserKey, number]>([
    ['admin', 403],
    ['procurement', 201],
    ['buyerB', 201],
    ['itA', 201],
    ['auditor', 201],
    ['vendorOne', 403],
  ])('POST /api/calendar/feed as %s → %i', async (user, status) => {
    const client = await w.as(user);
    const r = await client.post('/api/calendar/feed');
    expect(r.status, r.text).toBe(status);
    if (status === 403) {
      expectError(r, 403);
      expectError(await client.get('/api/calendar/feed'), 403);
    }
  });

  it('needs a sign-in and the CSRF token to manage the feed', async () => {
    expectError(await w.anonymous().get('/api/calendar/feed'), 401);
    expectError(await w.anonymous().post('/api/calendar/feed'), 401);
    expectError(await buyerA.request('POST', '/api/calendar/feed', { noCsrf: true }), 403, 'csrf_failed');
  });
});

describe('GET /api/calendar/{token}.ics', () => {
  it('is valid RFC 5545 that a real parser reads back: all-day events, stable UIDs, summary, description and link', async () => {
    const url = await createFeed(procurement);
    const r = await fetchFeed(url);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    // CRLF everywhere, lines folded at 75 octets.
    expect(r.text.endsWith('\r\n')).toBe(true);
    expect(r.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of r.text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(r.text.split('\r\n').some((l) => l.startsWith(' '))).toBe(true);

    const { cal, events } = parse(r.text);
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(cal.getFirstPropertyValue('prodid')).toMatch(/Steward/);
    const byContract = (c: ContractDto) => events.find((e) => e.summary === `${c.reference}: Contract ends`);
    const a = byContract(cA);
    expect(a).toBeDefined();
    const ev = a as NonNullable<typeof a>;
    const deadline = await w.db
      .selectFrom('deadlines')
      .select(['id'])
      .where('contract_id', '=', cA.id)
      .where('kind', '=', 'contract_end')
      .executeTakeFirstOrThrow();
    expect(ev.uid).toBe(`deadline-${deadline.id}@steward`);
    expect(ev.start.isDate).toBe(true);
    expect(ev.start.toString()).toBe(cA.endDate);
    expect(ev.end.toString()).toBe(addDays(cA.endDate, 1));
    expect(ev.url).toBe(`https://steward.example.gov/contracts/${cA.id}`);
    // Commas, semicolons and backslashes in the title survive escaping.
    expect(ev.description).toContain(`Contract: ${cA.reference} Chatbot, permits; and licences \\ phase 2`);
    expect(ev.description).toContain('Owner team: Procurement team');
    expect(ev.description).toContain('Owner: procurement');
    expect(ev.description).toContain(`Open in Steward: https://steward.example.gov/contracts/${cA.id}`);
    expect(ev.v.getFirstProperty('dtstamp')).not.toBeNull();
    // A long title with accents, folded across lines, parses back whole.
    const b = byContract(cB);
    expect(b?.description).toContain(`Translation service for the whole city with a long title that must be folded ${'é'.repeat(30)}`);
    expect(b?.end.toString()).toBe('2028-01-01');
    // The procurement officer owns cA's end: it carries reminders at the team's lead times.
    expect(ev.v.getAllSubcomponents('valarm').map((al) => String(al.getFirstPropertyValue('trigger')))).toEqual([
      '-P29DT15H',
      '-P6DT15H',
      '-PT15H',
      'PT9H',
    ]);
    expect(b?.v.getAllSubcomponents('valarm')).toHaveLength(0);
    // The same deadline keeps its UID from one fetch to the next.
    const again = parse((await fetchFeed(url)).text);
    expect(again.events.map((e) => e.uid).sort()).toEqual(events.map((e) => e.uid).sort());
  });

  it('never shows a buyer another department’s restricted contract, and lists only open deadlines', async () => {
    const urlB = await createFeed(buyerB);
    const { events } = parse((await fetchFeed(urlB)).text);
    const text = JSON.stringify(events.map((e) => [e.summary, e.description]));
    expect(text).toContain(cA.reference);
    expect(text).toContain(cB.reference);
    expect(text).not.toContain(cAr.reference);
    expect(text).not.toContain('Fraud detection');

    const urlA = await createFeed(buyerA);
    const forA = parse((await fetchFeed(urlA)).text).events.map((e) => e.summary);
    expect(forA).toContain(`${cAr.reference}: Contract ends`);

    // Done deadlines leave the feed.
    const d = (await procurement.get(`/api/contracts/${cA.id}/deadlines`)).body.items[0];
    expect((await procurement.patch(`/api/deadlines/${d.id}`, { version: d.version, state: 'done' })).status).toBe(200);
    expect(parse((await fetchFeed(urlA)).text).events.map((e) => e.uid)).not.toContain(`deadline-${d.id}@steward`);
    await procurement.patch(`/api/deadlines/${d.id}`, { version: d.version + 1, state: 'open' });
  });

  it('follows the user’s access as it is now: a contract made restricted disappears from another department’s feed', async () => {
    const c = await w.contract({
      departmentId: w.dept.a,
      title: 'Soon restricted',
      startDate: addDays(today, -10),
      endDate: addDays(today, 70),
    });
    const url = await createFeed(buyerB);
    expect((await fetchFeed(url)).text).toContain(c.reference);
    expect((await procurement.patch(`/api/contracts/${c.id}`, { version: c.version, restricted: true })).status).toBe(200);
    expect((await fetchFeed(url)).text).not.toContain(c.reference);
  });

  it('records when the feed was last fetched', async () => {
    const url = await createFeed(buyerA);
    expect((await buyerA.get('/api/calendar/feed')).body.lastUsedAt).toBeNull();
    await fetchFeed(url);
    expect((await buyerA.get('/api/calendar/feed')).body.lastUsedAt).toEqual(expect.any(String));
  });

  it('answers 404 for a rotated, revoked, unknown or malformed address, and for a disabled user', async () => {
    const first = await createFeed(buyerA);
    const rotated = await buyerA.post('/api/calendar/feed');
    expect(rotated.body.rotated).toBe(true);
    expect(rotated.body.url).not.toBe(first);
    expectError(await fetchFeed(first), 404, 'not_found');
    expect((await fetchFeed(rotated.body.url)).status).toBe(200);
    expect((await auditRows(w.db, { action: 'calendar_feed.rotate' })).length).toBeGreaterThan(0);

    expect((await buyerA.delete('/api/calendar/feed')).status).toBe(204);
    expectError(await fetchFeed(rotated.body.url), 404);
    expect((await buyerA.get('/api/calendar/feed')).body.active).toBe(false);
    expect((await buyerA.delete('/api/calendar/feed')).status).toBe(204);
    expect(await auditRows(w.db, { action: 'calendar_feed.revoke' })).toHaveLength(1);

    for (const path of [
      '/api/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics',
      '/api/calendar/short.ics',
      '/api/calendar/x',
      "/api/calendar/'%20OR%201=1.ics",
    ])
      expectError(await w.anonymous().get(path), 404);

    const itA = await w.as('itA');
    const url = await createFeed(itA);
    expect((await fetchFeed(url)).status).toBe(200);
    const admin = await w.as('admin');
    const user = (await admin.get(`/api/users?pageSize=100`)).body.items.find((u: { id: string }) => u.id === w.users.itA.id);
    expect((await admin.patch(`/api/users/${user.id}`, { version: user.version, disabled: true })).status).toBe(200);
    expectError(await fetchFeed(url), 404);
  });
});
