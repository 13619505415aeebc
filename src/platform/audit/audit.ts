/**
 * The audit log frame: append an entry in the same transaction as the change it records,
 * log denials in their own transaction, read, filter and verify the chain.
 */
import { sql } from 'kysely';
import { type AuditBody, GENESIS_HASH, auditHash, redact, type StoredAuditEntry, verifyChain } from '../../core/audit.js';
import type { Actor } from '../../core/policy.js';
import type { Db, DbOrTx, Tx } from '../../db/database.js';

/** Any constant: serialises appends so concurrent writers extend one unbroken chain. */
const CHAIN_LOCK = 7_735_001;

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditWho {
  actor: Actor | null;
  requestId: string | null;
}

function plain(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(redact(v)));
}

/** Append one entry. Must run inside the transaction that makes the change. */
export async function appendAudit(tx: Tx, who: AuditWho, event: AuditEvent): Promise<string> {
  await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(tx);
  const last = await tx.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const { rows } = await sql<{ seq: string }>`SELECT nextval(pg_get_serial_sequence('audit_log', 'seq'))::text AS seq`.execute(tx);
  const actor = who.actor;
  const system = actor?.role === 'system';
  const body: AuditBody = {
    seq: rows[0].seq,
    at: new Date().toISOString(),
    actorId: actor && !system ? actor.userId : null,
    actorEmail: actor?.email ?? null,
    actorRole: actor && !system ? actor.role : null,
    departmentId: actor?.departmentId ?? null,
    requestId: who.requestId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId ?? null,
    before: plain(event.before),
    after: plain(event.after),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = auditHash(prevHash, body);
  await tx
    .insertInto('audit_log')
    .values({
      seq: body.seq,
      at: body.at,
      actor_id: body.actorId,
      actor_email: body.actorEmail,
      actor_role: body.actorRole,
      department_id: body.departmentId,
      request_id: body.requestId,
      action: body.action,
      entity_type: body.entityType,
      entity_id: body.entityId,
      before: body.before === null ? null : JSON.stringify(body.before),
      after: body.after === null ? null : JSON.stringify(body.after),
      prev_hash: prevHash,
      hash,
    } as never)
    .execute();
  return hash;
}

/** Record an event that changes nothing else (login, denial, export, backup) in its own transaction. */
export async function recordAudit(db: Db, who: AuditWho, event: AuditEvent): Promise<void> {
  await db.transaction().execute((tx) => appendAudit(tx, who, event));
}

export interface AuditRow extends StoredAuditEntry {}

export function toAuditRow(r: {
  seq: string;
  at: Date;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  department_id: string | null;
  request_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}): AuditRow {
  return {
    seq: r.seq,
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorEmail: r.actor_email,
    actorRole: r.actor_role,
    departmentId: r.department_id,
    requestId: r.request_id,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  problem: { seq: string; kind: string; message: string } | null;
}

/** Check the whole chain in pages, from the first entry. */
export async function verifyAuditChain(db: DbOrTx, pageSize = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let after = '0';
  let checked = 0;
  while (true) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where(sql<boolean>`seq > ${after}::bigint`)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) break;
    const entries = rows.map(toAuditRow);
    const problem = verifyChain(entries, prev);
    if (problem) {
      const idx = entries.findIndex((e) => e.seq === problem.seq);
      return { ok: false, checked: checked + Math.max(idx, 0), problem };
    }
    checked += entries.length;
    prev = entries[entries.length - 1].hash;
    after = entries[entries.length - 1].seq;
  }
  return { ok: true, checked, problem: null };
}
