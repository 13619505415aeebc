import { useEffect, useState } from 'react';
import type { PaginationState } from '../../components/DataTable';

/**
 * Client-side pages over a list the API returns whole (unmatched usage can run to hundreds of
 * sightings): the rows of the current page and DataTable's pagination props.
 */
export function usePaged<T>(
  rows: T[] | undefined,
  initialPageSize = 10,
): { rows: T[] | undefined; pagination: PaginationState | undefined } {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  const total = rows?.length ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  // A list that shrank (an entry resolved) never leaves the user past its last page.
  useEffect(() => {
    if (page > pages) setPage(pages);
  }, [page, pages]);
  if (!rows) return { rows, pagination: undefined };
  if (total <= initialPageSize) return { rows, pagination: undefined };
  const current = Math.min(page, pages);
  return {
    rows: rows.slice((current - 1) * pageSize, current * pageSize),
    pagination: {
      page: current,
      pageSize,
      total,
      onPageChange: setPage,
      onPageSizeChange: (size) => {
        setPageSize(size);
        setPage(1);
      },
    },
  };
}
