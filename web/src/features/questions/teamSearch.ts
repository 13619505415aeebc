import { optionalString, type PageSearch, pageSearch } from '../../lib/search';
import { STANDINGS, type Standing } from './questions.api';

/** URL search of the team page and its report. `departmentId: 'all'` lifts the own-department default. */
export interface TeamSearch extends PageSearch {
  departmentId?: string;
  status?: Standing;
}

export function parseTeamSearch(search: Record<string, unknown>): TeamSearch {
  const status = optionalString(search.status);
  return {
    departmentId: optionalString(search.departmentId),
    status: STANDINGS.includes(status as Standing) ? (status as Standing) : undefined,
    ...pageSearch(search),
  };
}

/** The department filter to apply: the URL's, else the user's own department (for department roles), else all. */
export function effectiveDepartment(search: TeamSearch, ownDepartmentId: string | null): string | undefined {
  if (search.departmentId === 'all') return undefined;
  return search.departmentId ?? ownDepartmentId ?? undefined;
}
