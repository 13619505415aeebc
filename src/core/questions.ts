/**
 * The contract-management key questions, with the objectives above them, from the chapter
 * "Contract management for AI technology" of the Open Contracting Partnership's guide
 * Buying AI (CC BY 4.0). Ids are stable: answers refer to them.
 */
import type { Team } from './teams.js';

export const THEMES = ['operational', 'innovation'] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_LABELS: Record<Theme, string> = {
  operational: 'Operational considerations',
  innovation: 'Innovation and scalability',
};

export const OBJECTIVES = [
  { id: 'scope', group: 'procurement', text: 'Manage contract scope' },
  { id: 'payment', group: 'procurement', text: 'Ensure prompt payment' },
  { id: 'implement', group: 'organizational', text: 'Implement and refine the AI solution' },
  { id: 'adoption', group: 'organizational', text: 'Conduct change management and train staff to support solution adoption and scaling' },
  { id: 'decommissioning', group: 'organizational', text: 'Prepare for decommissioning' },
] as const;
export type ObjectiveId = (typeof OBJECTIVES)[number]['id'];

export interface KeyQuestion {
  id: string;
  team: Team;
  theme: Theme;
  text: string;
  objectives: ObjectiveId[];
}

export const KEY_QUESTIONS: readonly KeyQuestion[] = [
  { id: 'procurement.milestones', team: 'procurement', theme: 'operational', text: 'Is the vendor meeting our milestones?', objectives: ['scope', 'implement'] },
  { id: 'procurement.timely_payment', team: 'procurement', theme: 'operational', text: 'Are we paying the vendor in a timely manner?', objectives: ['payment'] },
  {
    id: 'procurement.flexibility',
    team: 'procurement',
    theme: 'operational',
    text: 'Is the contract flexible enough to allow for modifications should the vendor develop newer, better models that can be deployed in the government system?',
    objectives: ['scope', 'implement'],
  },
  { id: 'procurement.change_order', team: 'procurement', theme: 'operational', text: 'Do we need to issue a change order?', objectives: ['scope'] },
  {
    id: 'procurement.scaling',
    team: 'procurement',
    theme: 'innovation',
    text: 'How will we support scaling what works, while allowing flexibility for departments to innovate?',
    objectives: ['adoption'],
  },
  {
    id: 'procurement.knowledge_sharing',
    team: 'procurement',
    theme: 'innovation',
    text: 'What structures will support knowledge sharing and solution reuse across teams or regions?',
    objectives: ['adoption'],
  },
  { id: 'procurement.market_awareness', team: 'procurement', theme: 'innovation', text: 'How will we stay informed about AI capabilities and vendor offerings?', objectives: ['implement', 'decommissioning'] },
  {
    id: 'buyer.training',
    team: 'buyer',
    theme: 'operational',
    text: 'What training and support will we offer to end users, especially in high-risk or public-facing roles?',
    objectives: ['adoption'],
  },
  {
    id: 'buyer.testing',
    team: 'buyer',
    theme: 'operational',
    text: 'How will we test and evaluate deliverables during the development or implementation phase? Who will be responsible for these activities?',
    objectives: ['implement'],
  },
  {
    id: 'buyer.model_updates',
    team: 'buyer',
    theme: 'operational',
    text: "How will we stay informed about updates to the models we are using and any changes in our solution's capacity?",
    objectives: ['implement'],
  },
  { id: 'buyer.satisfaction', team: 'buyer', theme: 'operational', text: 'How satisfied are users?', objectives: ['adoption', 'implement'] },
  {
    id: 'buyer.learnings',
    team: 'buyer',
    theme: 'operational',
    text: 'How will we document and share AI learnings and best practices across the organization?',
    objectives: ['adoption'],
  },
  { id: 'buyer.payment_model', team: 'buyer', theme: 'operational', text: 'Is the payment model working out as expected?', objectives: ['payment', 'scope'] },
  {
    id: 'buyer.safe_experimentation',
    team: 'buyer',
    theme: 'innovation',
    text: 'How will we enable safe experimentation (e.g., pilots, sandboxes) while maintaining appropriate controls?',
    objectives: ['implement', 'adoption'],
  },
  {
    id: 'buyer.community',
    team: 'buyer',
    theme: 'innovation',
    text: 'How will we engage with the wider public sector, academic, or civic tech community to share best practices, create spaces for reflection and learning, or co-develop tools?',
    objectives: ['adoption'],
  },
  {
    id: 'it_data.pilot_frameworks',
    team: 'it_data',
    theme: 'innovation',
    text: 'What frameworks will we use to evaluate, iterate on, and scale successful AI pilots?',
    objectives: ['implement', 'adoption'],
  },
  {
    id: 'it_data.interoperability',
    team: 'it_data',
    theme: 'innovation',
    text: 'How can we support interoperability between different AI platforms or ecosystems over time?',
    objectives: ['implement', 'decommissioning'],
  },
  {
    id: 'it_data.improvement',
    team: 'it_data',
    theme: 'innovation',
    text: 'Is there room for improvement in the solution? What could have been done differently?',
    objectives: ['implement', 'decommissioning'],
  },
];

export const ANSWER_STATUSES = ['on_track', 'at_risk', 'off_track', 'not_applicable'] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

/** Sort weight for "worst first": off track, at risk, unanswered, on track, not applicable. */
export function answerSeverity(status: AnswerStatus | null): number {
  switch (status) {
    case 'off_track':
      return 4;
    case 'at_risk':
      return 3;
    case null:
      return 2;
    case 'on_track':
      return 1;
    default:
      return 0;
  }
}

export function questionById(id: string): KeyQuestion | undefined {
  return KEY_QUESTIONS.find((q) => q.id === id);
}
