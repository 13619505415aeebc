import type { OwnerTeam } from '../../api/types';

export const OWNER_TEAMS: { value: OwnerTeam; label: string; role: string }[] = [
  { value: 'procurement', label: 'Procurement owner', role: 'procurement' },
  { value: 'buyer', label: 'Department buyer', role: 'buyer' },
  { value: 'it_data', label: 'IT & data owner', role: 'it_data' },
];

/** Plain-language help for the contract's flags, shared by the form and the overview. */
export const FLAG_HELP = {
  publicFacing: 'The AI system interacts directly with members of the public.',
  highImpact: 'Decisions or outputs can significantly affect people’s rights, safety or access to services.',
  restricted: 'Restricted contracts are visible only to their own department, procurement and auditors.',
} as const;
