import { ActionIcon, Box, Group, NativeSelect, Pagination, Paper, Skeleton, Table, Text } from '@mantine/core';
import { Fragment, type ReactNode, useId, useState } from 'react';
import { ChevronIcon, SortIcon } from './icons';
import { ErrorAlert } from './ErrorAlert';

export type SortOrder = 'asc' | 'desc';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** The API's sort key; columns with one get a sort button. */
  sortKey?: string;
  align?: 'left' | 'right';
  /** Keep the header visually but hide it for narrow columns (still read by screen readers). */
  width?: number | string;
}

export interface SortState {
  by?: string;
  order?: SortOrder;
  onChange: (by: string, order: SortOrder) => void;
}

export interface PaginationState {
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
  onPageSizeChange?: (pageSize: number) => void;
}

interface DataTableProps<T> {
  /** Names the table for assistive technology (rendered as a visually hidden caption). */
  caption: string;
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  /** Shown when there are no rows: say what to do. */
  empty?: ReactNode;
  sort?: SortState;
  pagination?: PaginationState;
  /** Rows that open to show more (e.g. an audit entry's before/after). */
  expandable?: { render: (row: T) => ReactNode; label: (row: T) => string };
  minWidth?: number;
}

const hidden: React.CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

const PAGE_SIZES = ['10', '25', '50', '100'];

function SortHeader<T>({ column, sort }: { column: Column<T>; sort: SortState }) {
  const active = sort.by === column.sortKey;
  const direction = active ? (sort.order ?? 'asc') : null;
  const next: SortOrder = active && direction === 'asc' ? 'desc' : 'asc';
  return (
    <button
      type="button"
      className="sort-button"
      onClick={() => sort.onChange(column.sortKey as string, next)}
      aria-label={`${column.header}: sort ${next === 'asc' ? 'ascending' : 'descending'}`}
    >
      {column.header}
      <SortIcon direction={direction} size={14} />
    </button>
  );
}

/** One table for every list: caption, sortable headers, loading and empty states, pagination. */
export function DataTable<T>(props: DataTableProps<T>) {
  const { caption, columns, rows, rowKey, loading, error, onRetry, empty, sort, pagination, expandable } = props;
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const baseId = useId();

  if (error && !rows) return <ErrorAlert error={error} title="Could not load this list" onRetry={onRetry} />;

  const colCount = columns.length + (expandable ? 1 : 0);
  const toggle = (key: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const ariaSort = (column: Column<T>): React.AriaAttributes['aria-sort'] => {
    if (!sort || !column.sortKey) return undefined;
    if (sort.by !== column.sortKey) return 'none';
    return sort.order === 'desc' ? 'descending' : 'ascending';
  };

  const body = () => {
    if (!rows) {
      return Array.from({ length: 5 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
        <Table.Tr key={i}>
          <Table.Td colSpan={colCount}>
            <Skeleton height={18} radius="sm" />
          </Table.Td>
        </Table.Tr>
      ));
    }
    if (rows.length === 0) {
      return (
        <Table.Tr>
          <Table.Td colSpan={colCount}>{empty ?? <Text c="dimmed">Nothing to show.</Text>}</Table.Td>
        </Table.Tr>
      );
    }
    return rows.map((row) => {
      const key = rowKey(row);
      const isOpen = open.has(key);
      const detailId = `${baseId}-${key}`;
      return (
        <Fragment key={key}>
          <Table.Tr>
            {expandable && (
              <Table.Td width={44}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  onClick={() => toggle(key)}
                  aria-expanded={isOpen}
                  aria-controls={isOpen ? detailId : undefined}
                  aria-label={`${isOpen ? 'Hide' : 'Show'} details of ${expandable.label(row)}`}
                >
                  <ChevronIcon open={isOpen} size={16} />
                </ActionIcon>
              </Table.Td>
            )}
            {columns.map((column) => (
              <Table.Td key={column.key} ta={column.align}>
                {column.render(row)}
              </Table.Td>
            ))}
          </Table.Tr>
          {expandable && isOpen && (
            <Table.Tr id={detailId}>
              <Table.Td colSpan={colCount} bg="gray.0">
                {expandable.render(row)}
              </Table.Td>
            </Table.Tr>
          )}
        </Fragment>
      );
    });
  };

  const pageCount = pagination ? Math.max(1, Math.ceil(pagination.total / pagination.pageSize)) : 1;
  const first = pagination && pagination.total > 0 ? (pagination.page - 1) * pagination.pageSize + 1 : 0;
  const last = pagination ? Math.min(pagination.total, pagination.page * pagination.pageSize) : 0;

  return (
    <Box>
      <Paper p={0} style={{ overflow: 'hidden' }}>
        {/* Focusable and named, so keyboard users can scroll a wide table on a narrow screen. */}
        <Table.ScrollContainer minWidth={props.minWidth ?? 720} type="native" tabIndex={0} role="region" aria-label={caption}>
          <Table
            striped
            highlightOnHover
            aria-busy={loading || undefined}
            style={{ opacity: loading && rows ? 0.6 : 1, transition: 'opacity 150ms' }}
          >
            <caption style={hidden}>{caption}</caption>
            <Table.Thead bg="gray.0">
              <Table.Tr>
                {expandable && (
                  <Table.Th w={44}>
                    <span style={hidden}>Details</span>
                  </Table.Th>
                )}
                {columns.map((column) => (
                  <Table.Th key={column.key} ta={column.align} w={column.width} aria-sort={ariaSort(column)}>
                    {sort && column.sortKey ? <SortHeader column={column} sort={sort} /> : column.header}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{body()}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {pagination && pagination.total > 0 && (
        <Group justify="space-between" mt="md" wrap="wrap" gap="sm">
          <Text size="sm" c="dimmed" aria-live="polite">
            Showing {first.toLocaleString('en-GB')}–{last.toLocaleString('en-GB')} of {pagination.total.toLocaleString('en-GB')}
          </Text>
          <Group gap="md">
            {pagination.onPageSizeChange && (
              <NativeSelect
                size="xs"
                label="Rows per page"
                data={PAGE_SIZES}
                value={String(pagination.pageSize)}
                onChange={(event) => pagination.onPageSizeChange?.(Number(event.currentTarget.value))}
                styles={{ root: { display: 'flex', alignItems: 'center', gap: 8 }, label: { fontWeight: 400 } }}
              />
            )}
            {pageCount > 1 && (
              <nav aria-label={`${caption}: pages`}>
                <Pagination
                  size="sm"
                  total={pageCount}
                  value={pagination.page}
                  onChange={pagination.onPageChange}
                  getItemProps={(page) => ({
                    'aria-label': `Page ${page}`,
                    'aria-current': page === pagination.page ? 'page' : undefined,
                  })}
                  getControlProps={(control) => ({ 'aria-label': `${control[0].toUpperCase()}${control.slice(1)} page` })}
                />
              </nav>
            )}
          </Group>
        </Group>
      )}
    </Box>
  );
}
