import { Paper, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Column } from './DataTable';

/**
 * A small table whose horizontal scroll area (on narrow screens) is itself focusable and
 * named, so keyboard users can scroll it even when no cell holds a link or button.
 */
export function ScrollTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  minWidth = 640,
  footer,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  minWidth?: number;
  /** A totals row. */
  footer?: ReactNode[];
}) {
  return (
    <Paper p={0} style={{ overflow: 'hidden' }}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
      <section aria-label={caption} tabIndex={0} style={{ overflowX: 'auto' }}>
        <Table striped highlightOnHover miw={minWidth} aria-label={caption}>
          <Table.Thead bg="gray.0">
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c.key} ta={c.align} w={c.width}>
                  {c.header}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={rowKey(row)}>
                {columns.map((c) => (
                  <Table.Td key={c.key} ta={c.align}>
                    {c.render(row)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
          {footer && (
            <Table.Tfoot>
              <Table.Tr>
                {footer.map((cell, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: footer cells are positional, like the columns
                  <Table.Th key={i} ta={columns[i]?.align}>
                    {cell}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Tfoot>
          )}
        </Table>
      </section>
    </Paper>
  );
}
