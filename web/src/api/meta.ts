import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Meta, Option } from './types';

export const metaQuery = queryOptions({
  queryKey: ['meta'],
  queryFn: () => api<Meta>('/api/meta'),
  staleTime: Number.POSITIVE_INFINITY,
});

/** The API's vocabularies (statuses, types, currencies…); loaded once per session. */
export function useMeta(): Meta | undefined {
  return useQuery(metaQuery).data;
}

/** "time_and_materials" → "Time and materials" when no label is known. */
export function humanize(value: string): string {
  const text = value.replace(/[_-]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The label for a vocabulary value, falling back to a readable form of the value. */
export function labelOf(options: Option[] | undefined, value: string | null | undefined): string {
  if (!value) return '—';
  return options?.find((o) => o.value === value)?.label ?? humanize(value);
}
