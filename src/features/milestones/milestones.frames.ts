/** What milestones and deliverables contribute to the shared frames: deadlines, rules, evidence, OCDS. */
import { todayUtc } from '../../core/dates.js';
import { type MilestoneStatus, acceptanceDecisionDue, milestoneEvidence } from '../../core/milestones.js';
import { type DeliverableRuleFacts, MILESTONE_RULES, type MilestonesFacts } from '../../core/rules/milestones.rules.js';
import type { Team } from '../../core/teams.js';
import type { DbOrTx } from '../../db/database.js';
import { type DerivedDeadline, registerDeadlineSource } from '../../platform/deadlines/registry.js';
import { registerRuleSet } from '../../platform/findings/engine.js';
import { registerOcdsContributor } from '../../platform/ocds.js';
import { registerEvidenceProvider } from '../../platform/questions/evidence.js';

/** Everything the rules, deadlines and evidence need about one contract's milestones and deliverables. */
export async function loadMilestoneFacts(db: DbOrTx, contractId: string): Promise<LoadedFacts | null> {
  const c = await db.selectFrom('contracts').select(['id', 'rule_pack']).where('id', '=', contractId).executeTakeFirst();
  if (!c) return null;
  const [milestones, deliverables, plans, runs] = await Promise.all([
    db.selectFrom('milestones').selectAll().where('contract_id', '=', contractId).orderBy('due_date').execute(),
    db.selectFrom('deliverables').selectAll().where('contract_id', '=', contractId).orderBy('due_date').execute(),
    db
      .selectFrom('test_plans')
      .innerJoin('deliverables', 'deliverables.id', 'test_plans.deliverable_id')
      .select(['test_plans.id', 'test_plans.deliverable_id', 'test_plans.tester_user_id'])
      .where('deliverables.contract_id', '=', contractId)
      .execute(),
    db
      .selectFrom('evaluation_runs')
      .innerJoin('test_plans', 'test_plans.id', 'evaluation_runs.test_plan_id')
      .innerJoin('deliverables', 'deliverables.id', 'test_plans.deliverable_id')
      .select(['test_plans.deliverable_id', 'evaluation_runs.passed', 'evaluation_runs.run_date'])
      .where('deliverables.contract_id', '=', contractId)
      .orderBy('evaluation_runs.run_date')
      .orderBy('evaluation_runs.created_at')
      .execute(),
  ]);
  return {
    contractId,
    rulePack: c.rule_pack,
    raw: milestones,
    milestones: milestones.map((m) => ({
      id: m.id,
      title: m.title,
      dueDate: m.due_date,
      status: m.status as MilestoneStatus,
      metDate: m.date_met,
    })),
    deliverables: deliverables.map((d) => {
      const plan = plans.find((p) => p.deliverable_id === d.id);
      const mine = runs.filter((r) => r.deliverable_id === d.id);
      const last = mine.at(-1);
      return {
        id: d.id,
        title: d.title,
        milestoneId: d.milestone_id,
        dueDate: d.due_date,
        deliveredDate: d.delivered_date,
        decision: d.decision as MilestonesFacts['deliverables'][number]['decision'],
        disputed: d.disputed,
        acceptancePeriodDays: d.acceptance_period_days,
        hasTestPlan: !!plan,
        hasResponsible: !!plan?.tester_user_id,
        latestRunPassed: last ? last.passed : null,
        latestRunDate: last ? last.run_date : null,
        runs: mine.map((r) => r.passed),
      };
    }),
  };
}
type LoadedFacts = Omit<MilestonesFacts, 'deliverables'> & {
  raw: RawMilestone[];
  deliverables: (DeliverableRuleFacts & { runs: boolean[] })[];
};
type RawMilestone = {
  id: string;
  title: string;
  description: string;
  type: string;
  due_date: string;
  date_met: string | null;
  status: string;
  owner_team: string | null;
  owner_user_id: string | null;
};

registerDeadlineSource({
  source: 'milestones',
  kinds: { milestone: 'Milestone', acceptance_decision: 'Acceptance decision' },
  async derive(db, contractId) {
    const f = await loadMilestoneFacts(db, contractId);
    if (!f) return [];
    const out: DerivedDeadline[] = f.raw
      .filter((m) => m.status !== 'met')
      .map((m) => ({
        key: `milestone:${m.id}`,
        kind: 'milestone',
        title: `Milestone due: ${m.title}`,
        dueDate: m.due_date,
        ownerTeam: (m.owner_team ?? 'buyer') as Team,
        ownerUserId: m.owner_user_id ?? undefined,
        link: `/contracts/${contractId}`,
      }));
    for (const d of f.deliverables) {
      if (!d.deliveredDate || d.decision !== 'pending' || d.disputed) continue;
      out.push({
        key: `acceptance:${d.id}`,
        kind: 'acceptance_decision',
        title: `Acceptance decision due: ${d.title}`,
        dueDate: acceptanceDecisionDue({
          rulePack: f.rulePack,
          deliveredDate: d.deliveredDate,
          acceptancePeriodDays: d.acceptancePeriodDays,
        }),
        ownerTeam: 'buyer',
        link: `/contracts/${contractId}`,
      });
    }
    return out;
  },
});

registerRuleSet<MilestonesFacts>({
  name: 'milestones',
  load: (db, contractId) => loadMilestoneFacts(db, contractId),
  rules: MILESTONE_RULES,
});

const pct = (x: number) => `${Math.round(x * 100)}%`;

registerEvidenceProvider({
  name: 'milestones',
  questionIds: ['procurement.milestones', 'buyer.testing'],
  async collect(db, contractId) {
    const f = await loadMilestoneFacts(db, contractId);
    if (!f || (!f.milestones.length && !f.deliverables.length)) return {};
    const e = milestoneEvidence(f.milestones, todayUtc());
    const ready = f.deliverables.filter((d) => d.hasTestPlan && d.hasResponsible).length;
    const runs = f.deliverables.flatMap((d) => d.runs);
    const passed = runs.filter(Boolean).length;
    return {
      'procurement.milestones': [
        { label: 'Milestones', value: String(f.milestones.length), tone: 'neutral' },
        {
          label: 'On-time rate',
          value: e.onTimeRate === null ? 'No milestone met yet' : pct(e.onTimeRate),
          tone: e.onTimeRate === null ? 'neutral' : e.onTimeRate >= 0.9 ? 'good' : e.onTimeRate >= 0.7 ? 'warning' : 'bad',
        },
        { label: 'Overdue milestones', value: String(e.overdue), tone: e.overdue ? 'bad' : 'good' },
        {
          label: 'Average slip (days)',
          value: e.averageSlipDays === null ? 'None late' : String(Math.round(e.averageSlipDays * 10) / 10),
          tone: e.averageSlipDays === null ? 'good' : 'warning',
        },
      ],
      'buyer.testing': [
        {
          label: 'Deliverables with a test plan and a responsible person',
          value: `${ready} of ${f.deliverables.length}`,
          tone: ready === f.deliverables.length ? 'good' : 'warning',
        },
        {
          label: 'Deliverables without a test plan or a responsible person',
          value: String(f.deliverables.length - ready),
          tone: f.deliverables.length - ready ? 'warning' : 'good',
        },
        {
          label: 'Evaluation pass rate',
          value: runs.length
            ? `${pct(passed / runs.length)} of ${runs.length} run${runs.length === 1 ? '' : 's'}`
            : 'No evaluation runs yet',
          tone: !runs.length ? 'neutral' : passed === runs.length ? 'good' : 'warning',
        },
      ],
    };
  },
});

registerOcdsContributor(async (release, ctx) => {
  const f = await loadMilestoneFacts(ctx.db, ctx.contractId);
  if (!f?.raw.length) return;
  const impl = release.contracts[0].implementation;
  impl.milestones = [
    ...(impl.milestones ?? []),
    ...f.raw.map((m) => ({
      id: m.id,
      title: m.title,
      type: m.type,
      ...(m.description ? { description: m.description } : {}),
      dueDate: `${m.due_date}T00:00:00Z`,
      ...(m.date_met ? { dateMet: `${m.date_met}T00:00:00Z` } : {}),
      status: m.status,
    })),
  ];
});
