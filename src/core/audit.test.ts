import { describe, expect, it } from 'vitest';
import { type AuditBody, GENESIS_HASH, type StoredAuditEntry, auditHash, redact, verifyChain } from './audit.js';
import { canonicalJson } from './canonical.js';

function chain(n: number): StoredAuditEntry[] {
  const out: StoredAuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const body: AuditBody = {
      seq: String(i),
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      actorId: 'u1',
      actorEmail: 'a@example.org',
      actorRole: 'procurement',
      departmentId: null,
      requestId: `r${i}`,
      action: 'contract.update',
      entityType: 'contract',
      entityId: 'c1',
      before: { title: `t${i - 1}` },
      after: { title: `t${i}` },
    };
    const hash = auditHash(prev, body);
    out.push({ ...body, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });
  it('is the same for the same content in any key order', () => {
    expect(canonicalJson({ x: 1, y: 'a' })).toBe(canonicalJson({ y: 'a', x: 1 }));
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain', () => expect(verifyChain(chain(10))).toBeNull());
  it('reports an edited entry', () => {
    const c = chain(10);
    c[4] = { ...c[4], after: { title: 'forged' } };
    expect(verifyChain(c)).toMatchObject({ kind: 'edited', seq: '5' });
  });
  it('reports a removed entry at the one after it', () => {
    const c = chain(10);
    c.splice(6, 1);
    expect(verifyChain(c)).toMatchObject({ kind: 'broken_link', seq: '8' });
  });
  it('reports reordered entries', () => {
    const c = chain(10);
    [c[2], c[3]] = [c[3], c[2]];
    expect(verifyChain(c)).toMatchObject({ kind: 'broken_link', seq: '4' });
  });
  it('reports a rehashed forgery by its broken link to the next entry', () => {
    const c = chain(5);
    const forged = { ...c[1], after: { title: 'forged' } };
    forged.hash = auditHash(forged.prevHash, forged);
    c[1] = forged;
    expect(verifyChain(c)).toMatchObject({ kind: 'broken_link', seq: '3' });
  });
  it('ignores fields outside the hashed body', () => {
    const c = chain(3).map((e) => ({ ...e, extra: 'x' }) as StoredAuditEntry);
    expect(verifyChain(c)).toBeNull();
  });
});

describe('redact', () => {
  it('removes secret-looking fields at any depth', () => {
    expect(redact({ email: 'a', password: 'p', nested: { token: 't', tokenHash: 'h', keep: 1 }, list: [{ secret: 1, ok: 2 }] })).toEqual({
      email: 'a',
      nested: { keep: 1 },
      list: [{ ok: 2 }],
    });
  });
});
