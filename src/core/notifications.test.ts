import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ContractItem,
  type Recipient,
  WEBHOOK_MAX_ATTEMPTS,
  hearsAbout,
  mailBackoffMinutes,
  signWebhook,
  verifyWebhookSignature,
  webhookBackoffMinutes,
  webhookUrlProblem,
} from './notifications.js';

describe('webhook backoff', () => {
  it('doubles from one minute and is capped at six hours', () => {
    expect([1, 2, 3, 4, 5].map(webhookBackoffMinutes)).toEqual([1, 2, 4, 8, 16]);
    expect(webhookBackoffMinutes(20)).toBe(360);
    expect(webhookBackoffMinutes(0)).toBe(1);
  });
  it('never shrinks and stays within bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), (n) => {
        const m = webhookBackoffMinutes(n);
        expect(m).toBeGreaterThanOrEqual(1);
        expect(m).toBeLessThanOrEqual(360);
        expect(webhookBackoffMinutes(n + 1)).toBeGreaterThanOrEqual(m);
      }),
    );
  });
  it('spreads the attempts over more than an hour before giving up', () => {
    let total = 0;
    for (let a = 1; a < WEBHOOK_MAX_ATTEMPTS; a++) total += webhookBackoffMinutes(a);
    expect(total).toBeGreaterThan(60);
  });
});

describe('mail backoff', () => {
  it('waits 2, 4, 8, 16 minutes, never more than an hour', () => {
    expect([1, 2, 3, 4].map(mailBackoffMinutes)).toEqual([2, 4, 8, 16]);
    fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), (n) => mailBackoffMinutes(n) >= 2 && mailBackoffMinutes(n) <= 60));
  });
});

describe('webhook signatures', () => {
  it('has the documented shape and a known value', () => {
    const header = signWebhook('whsec_test', 1_700_000_000, '{"a":1}');
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    // Fixed vector: HMAC-SHA256("whsec_test", "1700000000.{\"a\":1}")
    expect(header).toBe('t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789');
  });
  it('verifies what it signs, and nothing tampered', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), fc.integer({ min: 1_000_000_000, max: 3_000_000_000 }), (secret, body, t) => {
        const h = signWebhook(secret, t, body);
        expect(verifyWebhookSignature(secret, h, body, t)).toBe(true);
        expect(verifyWebhookSignature(`${secret}x`, h, body, t)).toBe(false);
        expect(verifyWebhookSignature(secret, h, `${body} `, t)).toBe(false);
        expect(verifyWebhookSignature(secret, signWebhook(secret, t + 1, body), body, t)).toBe(true);
      }),
    );
  });
  it('refuses old or future timestamps and malformed headers', () => {
    const h = signWebhook('s', 1000, 'b');
    expect(verifyWebhookSignature('s', h, 'b', 1000 + 301)).toBe(false);
    expect(verifyWebhookSignature('s', h, 'b', 1000 - 301)).toBe(false);
    expect(verifyWebhookSignature('s', h, 'b', 1300)).toBe(true);
    for (const bad of ['', 't=1000', 'v1=abc', 't=x,v1=00', `t=1000,v1=${'z'.repeat(64)}`])
      expect(verifyWebhookSignature('s', bad, 'b', 1000)).toBe(false);
  });
});

describe('webhook URLs', () => {
  it('accepts http and https only, without credentials', () => {
    expect(webhookUrlProblem('https://hooks.example/steward')).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/in')).toBeNull();
    expect(webhookUrlProblem('ftp://hooks.example/')).toMatch(/http/);
    expect(webhookUrlProblem('javascript:alert(1)')).toMatch(/http/);
    expect(webhookUrlProblem('file:///etc/passwd')).toMatch(/http/);
    expect(webhookUrlProblem('hooks.example/x')).toMatch(/full web address/);
    expect(webhookUrlProblem('https://user:pw@hooks.example/')).toMatch(/user name/);
  });
});

describe('who hears about an item on a contract', () => {
  const A = 'dept-a';
  const B = 'dept-b';
  const u = (id: string, role: Recipient['role'], departmentId: string | null = null, vendorId: string | null = null): Recipient => ({
    id,
    role,
    departmentId,
    vendorId,
  });
  const proc1 = u('p1', 'procurement');
  const proc2 = u('p2', 'procurement');
  const buyerA = u('bA', 'buyer', A);
  const buyerA2 = u('bA2', 'buyer', A);
  const buyerB = u('bB', 'buyer', B);
  const itA = u('iA', 'it_data', A);
  const auditor = u('au', 'auditor');
  const admin = u('ad', 'admin');
  const vendor = u('v', 'vendor', null, 'v1');
  const everyone = [proc1, proc2, buyerA, buyerA2, buyerB, itA, auditor, admin, vendor];
  const item = (over: Partial<ContractItem> = {}): ContractItem => ({
    ownerTeam: 'buyer',
    namedOwner: null,
    contract: { departmentId: A, vendorId: 'v1', restricted: false },
    ...over,
  });
  const who = (i: ContractItem) => everyone.filter((x) => hearsAbout(x, i)).map((x) => x.id);

  it('without a named owner: the whole team in the contract department', () => {
    expect(who(item())).toEqual(['bA', 'bA2']);
    expect(who(item({ ownerTeam: 'it_data' }))).toEqual(['iA']);
    expect(who(item({ ownerTeam: 'procurement' }))).toEqual(['p1', 'p2']);
  });
  it('with a named owner: only that person', () => {
    expect(who(item({ namedOwner: buyerA2 }))).toEqual(['bA2']);
    expect(who(item({ ownerTeam: 'procurement', namedOwner: proc2 }))).toEqual(['p2']);
  });
  it('a named owner who may not see a restricted contract is skipped for the team', () => {
    const restricted = { departmentId: A, vendorId: 'v1', restricted: true };
    expect(who(item({ contract: restricted, namedOwner: buyerB }))).toEqual(['bA', 'bA2']);
  });
  it('never tells anyone about a contract they may not see', () => {
    const users = fc.constantFrom(...everyone);
    fc.assert(
      fc.property(
        users,
        fc.constantFrom('procurement', 'buyer', 'it_data' as const),
        fc.option(users, { nil: null }),
        fc.constantFrom(A, B),
        fc.constantFrom('v1', 'v2'),
        fc.boolean(),
        (user, team, named, dept, vendorId, restricted) => {
          const contract = { departmentId: dept, vendorId, restricted };
          const i: ContractItem = { ownerTeam: team as ContractItem['ownerTeam'], namedOwner: named, contract };
          if (!hearsAbout(user, i)) return;
          // whoever hears may see the contract, and is either the named owner or on the team
          expect(user.role === 'admin').toBe(false);
          if (restricted && user.role === 'buyer') expect(user.departmentId).toBe(dept);
          if (user.role === 'vendor') expect(vendorId).toBe(user.vendorId);
        },
      ),
    );
  });
  it('auditors, admins and vendors are never on a team', () => {
    for (const team of ['procurement', 'buyer', 'it_data'] as const) {
      const heard = who(item({ ownerTeam: team }));
      expect(heard).not.toContain('au');
      expect(heard).not.toContain('ad');
      expect(heard).not.toContain('v');
    }
  });
});
