import { Paper, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Column } from '../../components/DataTable';

/**
 * A small table whose horizontal scroll area (on narrow screens) is itself focusable and named,
 * so keyboard users can scroll it even when no cell holds a link or button.
 */
export function ScrollTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  minWidth = 640,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  minWidth?: number;
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
                    {c.render(row) as ReactNode}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>
    </Paper>
  );
}
