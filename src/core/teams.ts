/** The three teams that manage a contract together, as the key-questions table names them. */
export const TEAMS = ['procurement', 'buyer', 'it_data'] as const;
export type Team = (typeof TEAMS)[number];

export const TEAM_LABELS: Record<Team, string> = {
  procurement: 'Procurement team',
  buyer: 'Agency or department buyer',
  it_data: 'IT and data',
};

/** How a sentence names a team ("the IT and data team reviews…"). */
export const TEAM_IN_SENTENCE: Record<Team, string> = {
  procurement: 'the procurement team',
  buyer: 'the department buyer',
  it_data: 'the IT and data team',
};
