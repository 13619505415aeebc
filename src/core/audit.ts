import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.js';

/** The fields of an audit entry that its hash covers. */
export interface AuditBody {
  seq: string;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  departmentId: string | null;
  requestId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);

/** hash = sha256(prev_hash ‖ canonical JSON of the entry). */
export function auditHash(prevHash: string, e: AuditBody): string {
  const body: AuditBody = {
    seq: e.seq,
    at: e.at,
    actorId: e.actorId,
    actorEmail: e.actorEmail,
    actorRole: e.actorRole,
    departmentId: e.departmentId,
    requestId: e.requestId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: e.before,
    after: e.after,
  };
  return createHash('sha256').update(prevHash).update(canonicalJson(body)).digest('hex');
}

export interface StoredAuditEntry extends AuditBody {
  prevHash: string;
  hash: string;
}

export type ChainProblem = { kind: 'edited'; seq: string; message: string } | { kind: 'broken_link'; seq: string; message: string };

/**
 * Walk entries in sequence order and report the first one that was edited (its hash no longer
 * matches its content) or whose link to the one before is broken (an entry removed or reordered).
 */
export function verifyChain(entries: Iterable<StoredAuditEntry>, startPrev = GENESIS_HASH): ChainProblem | null {
  let prev = startPrev;
  for (const e of entries) {
    if (e.prevHash !== prev)
      return {
        kind: 'broken_link',
        seq: e.seq,
        message: `Entry ${e.seq} does not follow the entry before it: an entry was removed, inserted or reordered just before it.`,
      };
    if (auditHash(e.prevHash, e) !== e.hash)
      return { kind: 'edited', seq: e.seq, message: `Entry ${e.seq} was edited after it was written.` };
    prev = e.hash;
  }
  return null;
}

const SECRET_KEYS = /pass(word)?|secret|token|hash|cookie|authorization|content/i;

/** Copy of a record with secret-looking fields removed, so the audit log never holds secrets. */
export function redact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(redact) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET_KEYS.test(k)) continue;
      out[k] = redact(v);
    }
    return out as T;
  }
  return value;
}
