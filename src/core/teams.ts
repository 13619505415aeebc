/** The three teams that manage a contract together, as the key-questions table names them. */
export const TEAMS = ['procurement', 'buyer', 'it_data'] as const;
export type Team = (typeof TEAMS)[number];

export const TEAM_LABELS: Record<Team, string> = {
  procurement: 'Procurement team',
  buyer: 'Agency or department buyer',
  it_data: 'IT and data',
};
