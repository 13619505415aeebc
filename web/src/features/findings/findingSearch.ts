import { optionalString, type PageSearch, pageSearch } from '../../lib/search';
import { FINDING_STATES, SEVERITIES, TEAMS } from './findings.api';

/** The portfolio findings list's state, all of it in the URL so any view can be linked to. */
export interface FindingSearch extends PageSearch {
  severity?: string;
  team?: string;
  /** A state, or "all"; absent means everything not resolved. */
  state?: string;
  departmentId?: string;
  contractId?: string;
  ruleId?: string;
}

const oneOf = (allowed: readonly string[]) => (v: unknown) => {
  const s = optionalString(v);
  return s && allowed.includes(s) ? s : undefined;
};

export function parseFindingSearch(search: Record<string, unknown>): FindingSearch {
  return {
    severity: oneOf(SEVERITIES)(search.severity),
    team: oneOf(TEAMS)(search.team),
    state: oneOf([...FINDING_STATES, 'all'])(search.state),
    departmentId: optionalString(search.departmentId),
    contractId: optionalString(search.contractId),
    ruleId: optionalString(search.ruleId),
    ...pageSearch(search),
  };
}
