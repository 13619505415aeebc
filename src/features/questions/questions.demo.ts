/**
 * Demo answers to the key questions: several demo contracts, every team, last quarter's round
 * and this quarter's, with a mix of statuses, answered by the demo staff through the service (so
 * they are validated and audited). Some questions stay unanswered, so the "unanswered too long"
 * finding shows too.
 */
import { addDays, compareDates, todayUtc } from '../../core/dates.js';
import type { Actor } from '../../core/policy.js';
import { type AnswerStatus, previousRound, questionById, roundBounds, roundOf } from '../../core/questions.js';
import type { Db } from '../../db/database.js';
import { afterContractChange } from '../../platform/changes.js';
import type { ServiceContext } from '../../platform/context.js';
import { createLogger } from '../../platform/logger.js';
import { answerQuestion } from './questions.service.js';

type When = 'last' | 'this';
type DemoAnswer = [When, string, AnswerStatus, string];

/** By contract reference. Who answers: the contract's owner for the question's team, else its procurement owner. */
const ANSWERS: Record<string, DemoAnswer[]> = {
  // Transport's permit classifier: the buyer's own showcase, with trouble brewing.
  'HV-2024-031': [
    ['last', 'procurement.milestones', 'on_track', 'Data audit and labelling plan delivered on time; model design review passed.'],
    ['last', 'procurement.timely_payment', 'on_track', 'Milestone 1 invoice paid in 18 days, inside the 30-day term.'],
    ['last', 'buyer.testing', 'on_track', 'Acceptance tests agreed: 2,000 labelled permit documents held back by the permits team.'],
    ['last', 'buyer.training', 'at_risk', 'Training plan drafted but no dates booked with the permit officers yet.'],
    [
      'last',
      'it_data.pilot_frameworks',
      'on_track',
      'Using the city’s pilot evaluation template: accuracy, routing time and officer override rate.',
    ],
    [
      'this',
      'procurement.milestones',
      'at_risk',
      'The accuracy milestone slipped two weeks: routing accuracy is 87% against the 92% acceptance threshold.',
    ],
    ['this', 'procurement.timely_payment', 'on_track', 'No invoice outstanding. The next payment follows acceptance of milestone 2.'],
    [
      'this',
      'procurement.flexibility',
      'on_track',
      'Clause 14 lets us swap in a newer model version after a documented evaluation, at no extra cost.',
    ],
    ['this', 'procurement.change_order', 'on_track', 'No change order needed: the slip stays inside the contract period.'],
    ['this', 'procurement.scaling', 'on_track', 'Planning has asked to reuse the classifier for building-control documents once accepted.'],
    [
      'this',
      'procurement.market_awareness',
      'on_track',
      'Quarterly market scan shared by the procurement team; two comparable products noted.',
    ],
    [
      'this',
      'buyer.training',
      'off_track',
      'Only 3 of 14 permit officers trained. Sessions were cancelled twice; the vendor’s trainer is on leave until next month.',
    ],
    [
      'this',
      'buyer.testing',
      'at_risk',
      'Acceptance testing found the model misroutes scanned handwritten forms; the vendor is retraining on 400 more examples.',
    ],
    [
      'this',
      'buyer.model_updates',
      'on_track',
      'The vendor sends release notes two weeks before any model update; the last one was reviewed on the 3rd.',
    ],
    ['this', 'buyer.satisfaction', 'on_track', 'Officers in the pilot rate the routing suggestions 4.1 out of 5.'],
    ['this', 'buyer.payment_model', 'on_track', 'Fixed price by milestone is working as planned.'],
    [
      'this',
      'buyer.safe_experimentation',
      'on_track',
      'Runs in a sandbox on copies of last year’s permits; officers confirm every routing decision.',
    ],
    ['this', 'it_data.pilot_frameworks', 'on_track', 'Evaluation dashboard live; weekly figures go to the steering group.'],
    [
      'this',
      'it_data.interoperability',
      'at_risk',
      'The model is only available through the vendor’s own API; we asked for an ONNX export in the next release.',
    ],
    ['this', 'it_data.improvement', 'on_track', 'We should have supplied the handwritten forms in the training set from the start.'],
    // Unanswered on purpose: buyer.learnings, buyer.community, procurement.knowledge_sharing.
  ],
  // Customer Services' resident chatbot: payment and satisfaction problems.
  'HV-2025-014': [
    [
      'last',
      'procurement.timely_payment',
      'off_track',
      'Two monthly invoices were paid late (41 and 47 days) because usage reports arrived after the invoices.',
    ],
    ['last', 'buyer.satisfaction', 'at_risk', 'Thumbs-down rate rose to 18% after the council-tax season began.'],
    ['last', 'buyer.model_updates', 'on_track', 'Vendor announces model changes in the monthly service review.'],
    ['last', 'procurement.milestones', 'on_track', 'Service levels met: 99.7% availability, median answer in 2.1 seconds.'],
    ['this', 'procurement.milestones', 'on_track', 'Service levels met for the quarter.'],
    [
      'this',
      'procurement.timely_payment',
      'at_risk',
      'The backlog is cleared, but the October invoice is waiting on a disputed usage line.',
    ],
    [
      'this',
      'procurement.flexibility',
      'at_risk',
      'The option year must be exercised 60 days before the end; the contract does not cover moving to the vendor’s newer model.',
    ],
    ['this', 'procurement.change_order', 'at_risk', 'A change order may be needed to add the newer model and a hand-off to human agents.'],
    ['this', 'buyer.training', 'on_track', 'Contact-centre staff trained to take over conversations the assistant escalates.'],
    ['this', 'buyer.testing', 'on_track', 'Monthly sample of 200 conversations reviewed against the answer-quality rubric.'],
    ['this', 'buyer.model_updates', 'on_track', 'Release notes reviewed at the monthly service review.'],
    [
      'this',
      'buyer.satisfaction',
      'off_track',
      'Resident complaints about wrong bin-collection dates tripled after the route changes; 24% thumbs-down.',
    ],
    ['this', 'buyer.payment_model', 'at_risk', 'Token usage is 40% above forecast since the assistant started quoting long policy pages.'],
    ['this', 'buyer.learnings', 'on_track', 'Lessons written up for the digital team’s playbook.'],
    [
      'this',
      'buyer.safe_experimentation',
      'not_applicable',
      'A live public service, not a pilot; changes go through the vendor’s staging site first.',
    ],
    // Unanswered on purpose: the innovation questions of procurement and IT and data.
  ],
  // Finance's shared language-model API: spend against the ceiling.
  'HV-2025-009': [
    ['last', 'buyer.payment_model', 'on_track', 'Per-token billing in line with the departments’ forecasts.'],
    ['last', 'procurement.change_order', 'on_track', 'No change needed.'],
    ['this', 'procurement.milestones', 'not_applicable', 'Service access without delivery milestones.'],
    ['this', 'procurement.timely_payment', 'on_track', 'Invoices paid in 12 days on average.'],
    ['this', 'procurement.flexibility', 'on_track', 'New model versions are available under the same price list.'],
    [
      'this',
      'procurement.change_order',
      'at_risk',
      'Spend is heading for the ceiling; a change order to raise it, or usage caps per department, may be needed.',
    ],
    ['this', 'procurement.scaling', 'on_track', 'Four departments use the city AI gateway; two more have asked to join.'],
    ['this', 'procurement.knowledge_sharing', 'on_track', 'Gateway prompt library shared across departments.'],
    ['this', 'procurement.market_awareness', 'on_track', 'Price comparison with two other providers done in September.'],
    ['this', 'buyer.training', 'on_track', 'Prompt-writing course offered monthly to gateway users.'],
    ['this', 'buyer.testing', 'not_applicable', 'Nothing is developed under this contract.'],
    [
      'this',
      'buyer.model_updates',
      'at_risk',
      'The vendor retired a model version with two weeks’ notice; one department’s summaries changed without warning.',
    ],
    ['this', 'buyer.satisfaction', 'on_track', 'Gateway users rate the service 4.3 out of 5.'],
    ['this', 'buyer.learnings', 'on_track', 'Monthly community call for gateway users.'],
    [
      'this',
      'buyer.payment_model',
      'off_track',
      'Spend is at 82% of the ceiling with 11 months left; two departments run batch jobs on the most expensive model.',
    ],
    [
      'this',
      'it_data.interoperability',
      'on_track',
      'The gateway hides the vendor’s API, so another provider can be added without changing department tools.',
    ],
  ],
  // Customer Services' transcription subscription: calm.
  'HV-2025-022': [
    ['last', 'buyer.training', 'on_track', 'Committee clerks trained to correct captions.'],
    ['last', 'buyer.satisfaction', 'on_track', 'Deaf residents’ group reports captions are usable.'],
    ['this', 'procurement.milestones', 'not_applicable', 'Subscription service: no delivery milestones.'],
    ['this', 'procurement.timely_payment', 'on_track', 'Quarterly subscription paid on time.'],
    ['this', 'procurement.flexibility', 'on_track', 'Vendor model upgrades are included in the subscription.'],
    ['this', 'procurement.change_order', 'on_track', 'No change needed.'],
    ['this', 'procurement.scaling', 'on_track', 'Planning committee meetings added within the hours allowance.'],
    ['this', 'procurement.knowledge_sharing', 'on_track', 'Caption workflow documented for other councils on request.'],
    ['this', 'procurement.market_awareness', 'on_track', 'Reviewed at the annual accessibility market scan.'],
    ['this', 'buyer.training', 'on_track', 'Two new clerks trained this quarter.'],
    ['this', 'buyer.testing', 'on_track', 'Caption accuracy spot-checked monthly: 96% word accuracy.'],
    ['this', 'buyer.model_updates', 'on_track', 'Vendor changelog reviewed quarterly.'],
    ['this', 'buyer.satisfaction', 'on_track', 'No complaints this quarter.'],
    ['this', 'buyer.learnings', 'on_track', 'Shared with the accessibility network.'],
    ['this', 'buyer.payment_model', 'on_track', 'Usage is at 70% of the monthly hours allowance.'],
    ['this', 'buyer.safe_experimentation', 'not_applicable', 'A settled service, not an experiment.'],
    ['this', 'buyer.community', 'on_track', 'Presented at the regional digital accessibility meet-up.'],
  ],
  // Health and Social Services' translation pilot: started this quarter.
  'HV-2025-040': [
    ['this', 'buyer.safe_experimentation', 'on_track', 'Every translated letter is reviewed by a human translator before it is sent.'],
    ['this', 'buyer.testing', 'on_track', 'Community reviewers score 50 letters a fortnight for accuracy and tone.'],
    ['this', 'it_data.pilot_frameworks', 'at_risk', 'No agreed measure of translation quality yet to decide whether to scale the pilot.'],
  ],
  // Transport's suspended pothole detection: off track.
  'HV-2024-017': [
    ['last', 'buyer.satisfaction', 'on_track', 'Road crews find the defect map useful.'],
    ['last', 'procurement.milestones', 'on_track', 'Detection coverage extended to all refuse-truck routes.'],
    ['this', 'procurement.milestones', 'off_track', 'Suspended: the vendor kept raw street images for 90 days instead of 7.'],
    ['this', 'procurement.timely_payment', 'on_track', 'Payments on hold during the suspension, as the contract allows.'],
    ['this', 'procurement.flexibility', 'on_track', 'Not a concern while suspended.'],
    [
      'this',
      'procurement.change_order',
      'off_track',
      'A change order is needed to write the 7-day retention limit and deletion certificates into the contract.',
    ],
    ['this', 'procurement.scaling', 'not_applicable', 'No scaling while suspended.'],
    ['this', 'procurement.knowledge_sharing', 'on_track', 'Incident write-up shared with the data-protection officers’ network.'],
    ['this', 'procurement.market_awareness', 'on_track', 'Two alternative suppliers identified in case of termination.'],
    ['this', 'buyer.training', 'on_track', 'Crews trained; nothing new while suspended.'],
    ['this', 'buyer.testing', 'at_risk', 'The fix for image retention must be tested before the service resumes; no test date yet.'],
    ['this', 'buyer.model_updates', 'on_track', 'No model changes during the suspension.'],
    ['this', 'buyer.satisfaction', 'at_risk', 'Crews are back to phone reports and ask when the map returns.'],
    ['this', 'buyer.learnings', 'on_track', 'Retention checks added to the department’s AI checklist.'],
    ['this', 'buyer.payment_model', 'on_track', 'Subscription paused during the suspension.'],
    ['this', 'it_data.improvement', 'at_risk', 'Retention settings should have been checked in the security review before go-live.'],
    ['this', 'it_data.pilot_frameworks', 'on_track', 'Evaluation resumes when the service does.'],
  ],
  // Health and Social Services' restricted triage assistant: visible only to its department, procurement and auditors.
  'HV-2025-031': [
    [
      'this',
      'buyer.safe_experimentation',
      'at_risk',
      'Caseworker overrides are not logged yet, so we cannot show the model only suggests.',
    ],
  ],
};

function dayIn(round: string, today: string, start: string): string | null {
  const b = roundBounds(round);
  // Mid-round for last quarter, a few days ago for this one; never before the contract started.
  let d = round === roundOf(today) ? addDays(today, -3) : addDays(b.start, 40);
  if (compareDates(d, b.start) < 0) d = b.start;
  if (compareDates(d, today) > 0) d = today;
  if (compareDates(d, start) < 0) d = start;
  return compareDates(d, b.end) <= 0 && compareDates(d, today) <= 0 ? d : null;
}

/** Load the demo answers. Contracts and users must exist (the demo loader creates them first). */
export async function loadQuestionDemo(db: Db, today = todayUtc()): Promise<{ answers: number }> {
  const refs = Object.keys(ANSWERS);
  const contracts = await db
    .selectFrom('contracts')
    .select(['id', 'reference', 'start_date', 'owners'])
    .where('reference', 'in', refs)
    .execute();
  const users = await db.selectFrom('users').select(['id', 'email', 'role', 'department_id', 'vendor_id']).execute();
  const actorOf = (id: string | null | undefined): Actor | null => {
    const u = users.find((x) => x.id === id);
    return u ? { userId: u.id, email: u.email, role: u.role as Actor['role'], departmentId: u.department_id, vendorId: u.vendor_id } : null;
  };
  const log = createLogger('silent');
  let count = 0;
  for (const c of contracts) {
    const rounds = { last: previousRound(roundOf(today)), this: roundOf(today) };
    // Last quarter first, so this quarter's answers are the latest.
    const list = [...ANSWERS[c.reference]].sort((a, b) => (a[0] === b[0] ? 0 : a[0] === 'last' ? -1 : 1));
    for (const [when, questionId, status, text] of list) {
      const q = questionById(questionId);
      const actor = actorOf(q ? c.owners[q.team] : null) ?? actorOf(c.owners.procurement);
      const day = dayIn(rounds[when], today, c.start_date);
      if (!q || !actor || !day) continue;
      const ctx: ServiceContext = { db, actor, requestId: 'demo-loader', log };
      await answerQuestion(
        ctx,
        c.id,
        questionId,
        { status, text, round: rounds[when] },
        { now: new Date(`${day}T10:30:00Z`), refresh: false },
      );
      count += 1;
    }
    await afterContractChange(db, c.id, today);
  }
  return { answers: count };
}
