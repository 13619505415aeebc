/**
 * Demo milestones and deliverables for the permit classification model (HV-2024-031): met, late,
 * overdue and upcoming milestones, and a deliverable with a test plan and two evaluation runs (one
 * failed, one passed), so the findings and the key-question evidence have something to show.
 * Loaded through the services (validated and audited) by the staff who own the contract.
 */
import { addDays, todayUtc } from '../../core/dates.js';
import type { Actor } from '../../core/policy.js';
import type { Db } from '../../db/database.js';
import { type ServiceContext, systemActor } from '../../platform/context.js';
import { createLogger } from '../../platform/logger.js';
import {
  addEvaluationRun,
  createDeliverable,
  createMilestone,
  decideDeliverable,
  markDelivered,
  setTestPlan,
} from './milestones.service.js';

export async function loadMilestonesDemo(db: Db, today = todayUtc()): Promise<{ milestones: number; deliverables: number }> {
  const c = await db
    .selectFrom('contracts')
    .select(['id', 'owners', 'vendor_id'])
    .where('reference', '=', 'HV-2024-031')
    .executeTakeFirst();
  if (!c) return { milestones: 0, deliverables: 0 };
  const users = await db.selectFrom('users').select(['id', 'email', 'role', 'department_id', 'vendor_id']).execute();
  const actorOf = (u: (typeof users)[number] | undefined): Actor | null =>
    u ? { userId: u.id, email: u.email, role: u.role as Actor['role'], departmentId: u.department_id, vendorId: u.vendor_id } : null;
  const system = systemActor();
  const log = createLogger('silent');
  const ctxOf = (a: Actor | null): ServiceContext => ({ db, actor: a ?? system, requestId: 'demo-loader', log });
  const buyer = ctxOf(actorOf(users.find((u) => u.id === c.owners.buyer)));
  const it = ctxOf(actorOf(users.find((u) => u.id === c.owners.it_data)));
  const vendor = ctxOf(actorOf(users.find((u) => u.role === 'vendor' && u.vendor_id === c.vendor_id)));
  const d = (n: number) => addDays(today, n);

  const ms = async (title: string, type: 'delivery' | 'reporting' | 'payment', due: number, met: number | null, extra = {}) =>
    createMilestone(buyer, c.id, {
      title,
      type,
      description: '',
      dueDate: d(due),
      ownerTeam: 'buyer',
      ownerUserId: c.owners.buyer ?? null,
      status: met === null ? 'scheduled' : 'met',
      dateMet: met === null ? null : d(met),
      paymentAmount: null,
      ...extra,
    });
  await ms('Labelled training set agreed', 'delivery', -120, -122);
  await ms('Interim progress report', 'reporting', -70, -65);
  const model = await ms('Classifier model v1 delivered', 'delivery', -40, -31);
  await ms('Bias and accuracy report for the pilot', 'reporting', -5, null);
  const pilot = await ms('Pilot live in the permits office', 'delivery', 10, null);
  await ms('Final payment', 'payment', 150, null, { paymentAmount: '84000.00' });

  const classifier = await createDeliverable(buyer, c.id, {
    milestoneId: model.id,
    title: 'Permit classification model v1',
    description: 'The trained model, its model card and the inference service.',
    acceptanceCriteria: [
      'Accuracy of at least 0.90 on the held-out permit set',
      'Macro F1 of at least 0.85 across the 14 permit types',
      'p95 latency of at most 800 ms per document',
    ],
    dueDate: d(-40),
    acceptancePeriodDays: null,
  });
  await markDelivered(vendor, classifier.id, { version: classifier.version, deliveredDate: d(-31) });
  await setTestPlan(it, classifier.id, {
    testerUserId: c.owners.it_data ?? null,
    testerTeam: 'it_data',
    method: 'accuracy_quality',
    notes: 'Held-out set of 2,400 permits from the last two years, labelled by the permits team.',
    criteria: [
      { name: 'Accuracy', metric: 'accuracy', threshold: 0.9, direction: 'at_least' },
      { name: 'Macro F1', metric: 'F1 (macro)', threshold: 0.85, direction: 'at_least' },
      { name: 'p95 latency', metric: 'latency (ms, p95)', threshold: 800, direction: 'at_most' },
    ],
  });
  await addEvaluationRun(it, classifier.id, {
    runDate: d(-25),
    scenario: 'Held-out permit set, first delivery',
    results: [
      { criterion: 'Accuracy', value: 0.87, passed: null },
      { criterion: 'Macro F1', value: 0.83, passed: null },
      { criterion: 'p95 latency', value: 640, passed: null },
    ],
    notes: 'Street-works permits often confused with road-closure permits.',
  });
  const passed = await addEvaluationRun(it, classifier.id, {
    runDate: d(-12),
    scenario: 'Held-out permit set, retrained model',
    results: [
      { criterion: 'Accuracy', value: 0.92, passed: null },
      { criterion: 'Macro F1', value: 0.88, passed: null },
      { criterion: 'p95 latency', value: 610, passed: null },
    ],
    notes: '',
  });
  await decideDeliverable(buyer, classifier.id, {
    version: passed.version,
    decision: 'accepted_with_conditions',
    reasons: 'Accepted on the retrained model; the vendor re-runs the evaluation every quarter.',
  });

  await createDeliverable(buyer, c.id, {
    milestoneId: pilot.id,
    title: 'Pilot deployment and runbook',
    description: 'Deployment in the permits office with the escalation runbook.',
    acceptanceCriteria: ['Caseworkers can override every routing decision', 'Runbook reviewed by IT & data'],
    dueDate: d(10),
    acceptancePeriodDays: null,
  });
  return { milestones: 6, deliverables: 2 };
}
