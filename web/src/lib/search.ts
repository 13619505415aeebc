/** Helpers for validating URL search params (links must survive being shared or bookmarked). */

export function optionalString(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function optionalPositiveInt(value: unknown, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : undefined;
}

export function optionalOrder(value: unknown): 'asc' | 'desc' | undefined {
  return value === 'asc' || value === 'desc' ? value : undefined;
}

export interface PageSearch {
  page?: number;
  pageSize?: number;
}

export function pageSearch(search: Record<string, unknown>): PageSearch {
  return { page: optionalPositiveInt(search.page), pageSize: optionalPositiveInt(search.pageSize, 100) };
}

/** Only same-site paths may be used as a post-login destination. */
export function safeRedirect(value: string | undefined): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/login')) return '/';
  return value;
}
