import { optionalString, type PageSearch, pageSearch } from '../../lib/search';

export interface AuditSearch extends PageSearch {
  q?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseAuditSearch(search: Record<string, unknown>): AuditSearch {
  const date = (v: unknown) => {
    const s = optionalString(v);
    return s && DATE.test(s) ? s : undefined;
  };
  return {
    q: optionalString(search.q),
    action: optionalString(search.action),
    entityType: optionalString(search.entityType),
    entityId: optionalString(search.entityId),
    actorId: optionalString(search.actorId),
    from: date(search.from),
    to: date(search.to),
    ...pageSearch(search),
  };
}
