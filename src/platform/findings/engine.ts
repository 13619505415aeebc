/**
 * The findings frame. A capability registers a rule set: a loader that gathers a contract's
 * facts from its own tables, and pure rules (src/core/rules) over those facts. The engine runs
 * every rule set for a contract after a relevant change and daily, keeps one finding per rule
 * and subject, resolves what stopped firing, and records the contract's health score.
 *
 *   registerRuleSet({ name: 'milestones', load: (db, id) => loadMilestoneFacts(db, id), rules: MILESTONE_RULES });
 */
import { sql } from 'kysely';
import { type FindingSpec, type FindingState, type Severity, healthScore, reconcileFindings } from '../../core/findings.js';
import type { Rule } from '../../core/rules/rule.js';
import type { Db, DbOrTx } from '../../db/database.js';
import { appendAudit } from '../audit/audit.js';
import { systemActor } from '../context.js';
import { emit } from '../events.js';

export interface RuleSet<F> {
  name: string;
  /** The facts the rules read, or null when the rule set does not apply to this contract. */
  load(db: DbOrTx, contractId: string): Promise<F | null>;
  rules: Rule<F>[];
}

const ruleSets: RuleSet<any>[] = [];
const ruleIndex = new Map<string, Rule<any>>();

export function registerRuleSet<F>(rs: RuleSet<F>): void {
  if (ruleSets.some((r) => r.name === rs.name)) return;
  ruleSets.push(rs);
  for (const r of rs.rules) ruleIndex.set(r.id, r);
}

/** The registered rule with this id (for its title and description). */
export function ruleById(id: string): Rule<unknown> | undefined {
  return ruleIndex.get(id);
}

export function allRules(): Rule<unknown>[] {
  return [...ruleIndex.values()];
}

/**
 * Serialise changes to one contract's findings: the engine holds this lock while it reads and
 * rewrites them, and a person acknowledging or snoozing takes it too, so neither overwrites the
 * other with a state it read before the other committed.
 */
export async function lockContractFindings(tx: DbOrTx, contractId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`findings:${contractId}`}))`.execute(tx);
}

/** What the rules report for a contract on a day, from its current facts, without storing anything. */
export async function previewFindings(db: DbOrTx, contractId: string, day: string): Promise<FindingSpec[]> {
  const fired: FindingSpec[] = [];
  for (const rs of ruleSets) {
    const facts = await rs.load(db, contractId);
    if (facts === null) continue;
    for (const rule of rs.rules) fired.push(...rule.evaluate(facts, day));
  }
  return fired;
}

export interface EvaluationResult {
  opened: { id: string; spec: FindingSpec }[];
  resolved: string[];
  score: number;
}

/** Run every rule set for one contract and store the outcome (one transaction, one contract at a time). */
export async function evaluateContract(db: Db, contractId: string, today: string): Promise<EvaluationResult> {
  const result = await db.transaction().execute(async (tx) => {
    await lockContractFindings(tx, contractId);
    const exists = await tx.selectFrom('contracts').select('id').where('id', '=', contractId).executeTakeFirst();
    if (!exists) return { opened: [], resolved: [], score: 100 };
    const fired = await previewFindings(tx, contractId, today);
    const stored = await tx
      .selectFrom('findings')
      .select(['id', 'rule_id', 'subject', 'state', 'snoozed_until'])
      .where('contract_id', '=', contractId)
      .execute();
    const plan = reconcileFindings(
      stored.map((s) => ({
        id: s.id,
        ruleId: s.rule_id,
        subject: s.subject,
        state: s.state as FindingState,
        snoozedUntil: s.snoozed_until,
      })),
      fired,
      today,
    );
    const who = { actor: systemActor(), requestId: `rules-${today}` };
    const now = new Date();
    const opened: EvaluationResult['opened'] = [];
    for (const spec of plan.create) {
      const row = await tx
        .insertInto('findings')
        .values({
          contract_id: contractId,
          rule_id: spec.ruleId,
          subject: spec.subject,
          severity: spec.severity,
          owner_team: spec.ownerTeam,
          title: spec.title,
          evidence: JSON.stringify(spec.evidence),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      opened.push({ id: row.id, spec });
      await appendAudit(tx, who, {
        action: 'finding.open',
        entityType: 'contract',
        entityId: contractId,
        after: { findingId: row.id, ruleId: spec.ruleId, subject: spec.subject, severity: spec.severity, title: spec.title },
      });
    }
    const prevState = new Map(stored.map((s) => [s.id, s.state]));
    for (const r of plan.refresh) {
      const reopened = prevState.get(r.id) === 'resolved' || (prevState.get(r.id) === 'snoozed' && r.nextState === 'open');
      await tx
        .updateTable('findings')
        .set({
          severity: r.spec.severity,
          owner_team: r.spec.ownerTeam,
          title: r.spec.title,
          evidence: JSON.stringify(r.spec.evidence),
          last_seen: now,
          state: r.nextState,
          // A state change by the engine bumps the version, so a person acting on what they saw before gets 412.
          ...(reopened
            ? {
                resolved_at: null,
                snoozed_until: null,
                note: null,
                state_changed_at: now,
                state_changed_by: null,
                version: sql<number>`version + 1`,
              }
            : {}),
        })
        .where('id', '=', r.id)
        .execute();
      if (reopened) {
        opened.push({ id: r.id, spec: r.spec });
        await appendAudit(tx, who, {
          action: 'finding.reopen',
          entityType: 'contract',
          entityId: contractId,
          after: { findingId: r.id, ruleId: r.spec.ruleId, subject: r.spec.subject },
        });
      }
    }
    if (plan.resolve.length) {
      await tx
        .updateTable('findings')
        .set({
          state: 'resolved',
          resolved_at: now,
          state_changed_at: now,
          state_changed_by: null,
          snoozed_until: null,
          version: sql<number>`version + 1`,
        })
        .where('id', 'in', plan.resolve)
        .execute();
      for (const id of plan.resolve)
        await appendAudit(tx, who, {
          action: 'finding.resolve',
          entityType: 'contract',
          entityId: contractId,
          after: { findingId: id, reason: 'rule stopped firing' },
        });
    }
    const score = await recordHealth(tx, contractId, today);
    return { opened, resolved: plan.resolve, score };
  });
  for (const o of result.opened)
    await emit(db, {
      type: 'finding.opened',
      contractId,
      findingId: o.id,
      severity: o.spec.severity,
      title: o.spec.title,
      ownerTeam: o.spec.ownerTeam,
      ruleId: o.spec.ruleId,
    });
  return result;
}

/** Recompute the health score from the stored findings, store it on the contract and in today's history. */
export async function recordHealth(tx: DbOrTx, contractId: string, today: string): Promise<number> {
  const rows = await tx
    .selectFrom('findings')
    .select(['rule_id', 'severity', 'state'])
    .where('contract_id', '=', contractId)
    .where('state', '<>', 'resolved')
    .execute();
  const findings = rows.map((r) => ({ ruleId: r.rule_id, severity: r.severity as Severity, state: r.state as FindingState }));
  const score = healthScore(findings);
  const open = (sev: Severity) => findings.filter((f) => f.severity === sev && (f.state === 'open' || f.state === 'acknowledged')).length;
  await tx.updateTable('contracts').set({ health_score: score }).where('id', '=', contractId).where('health_score', '<>', score).execute();
  await tx
    .insertInto('health_history')
    .values({
      contract_id: contractId,
      day: today,
      score,
      open_critical: open('critical'),
      open_warning: open('warning'),
      open_info: open('info'),
    })
    .onConflict((oc) =>
      oc
        .columns(['contract_id', 'day'])
        .doUpdateSet({ score, open_critical: open('critical'), open_warning: open('warning'), open_info: open('info') }),
    )
    .execute();
  return score;
}

/** Evaluate every contract that is not closed (the daily run). */
export async function evaluateAll(db: Db, today: string): Promise<{ contracts: number; opened: number; resolved: number }> {
  const ids = await db.selectFrom('contracts').select('id').where('status', 'not in', ['closed']).orderBy('id').execute();
  let opened = 0;
  let resolved = 0;
  for (const { id } of ids) {
    const r = await evaluateContract(db, id, today);
    opened += r.opened.length;
    resolved += r.resolved.length;
  }
  return { contracts: ids.length, opened, resolved };
}
