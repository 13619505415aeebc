import { Badge, Code, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { AuditEntry } from '../../api/types';
import { type Column, DataTable, type PaginationState } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { humanize, labelOf, useMeta } from '../../api/meta';

function JsonBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <Stack gap={4}>
      <Text size="xs" fw={700} c="dimmed">
        {label}
      </Text>
      {value === null || value === undefined ? (
        <Text size="sm" c="dimmed">
          (none)
        </Text>
      ) : (
        <Code block className="json-block">
          {JSON.stringify(value, null, 2)}
        </Code>
      )}
    </Stack>
  );
}

function actionColor(action: string): string {
  if (/delete|revoke|disable|fail|denied/i.test(action)) return 'red';
  if (/create|upload|login/i.test(action)) return 'green';
  if (/update|change|rename/i.test(action)) return 'blue';
  return 'gray';
}

function RoleLabel({ role }: { role: string | null }) {
  const meta = useMeta();
  return <>{labelOf(meta?.roles, role)}</>;
}

/** Long ids in full would fill the row; the details panel shows them whole. */
function shortId(id: string): string {
  return id.length > 13 ? `${id.slice(0, 8)}…` : id;
}

const COLUMNS: Column<AuditEntry>[] = [
  { key: 'seq', header: '#', render: (e) => e.seq, width: 64 },
  { key: 'at', header: 'Time', render: (e) => <DateText value={e.at} withTime /> },
  {
    key: 'actor',
    header: 'Actor',
    render: (e) =>
      e.actorEmail ?? (
        <Text span size="sm" c="dimmed">
          System
        </Text>
      ),
  },
  { key: 'role', header: 'Role', render: (e) => <RoleLabel role={e.actorRole} /> },
  {
    key: 'action',
    header: 'Action',
    render: (e) => (
      <Badge color={actionColor(e.action)} tt="none">
        {e.action}
      </Badge>
    ),
  },
  {
    key: 'entity',
    header: 'Entity',
    render: (e) => (
      <Text size="sm">
        {humanize(e.entityType)}
        {e.entityId && (
          <Text span size="xs" c="dimmed" ff="monospace" display="block" title={e.entityId}>
            {shortId(e.entityId)}
          </Text>
        )}
      </Text>
    ),
  },
  {
    key: 'request',
    header: 'Request id',
    render: (e) => (
      <Text size="xs" ff="monospace" c="dimmed" title={e.requestId ?? undefined} style={{ whiteSpace: 'nowrap' }}>
        {e.requestId ? shortId(e.requestId) : '—'}
      </Text>
    ),
  },
];

interface AuditTableProps {
  caption: string;
  rows: AuditEntry[] | undefined;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  empty: ReactNode;
  pagination?: PaginationState;
}

/** Audit entries; each row opens to show what the record looked like before and after. */
export function AuditTable(props: AuditTableProps) {
  return (
    <DataTable
      {...props}
      columns={COLUMNS}
      rowKey={(e) => String(e.seq)}
      minWidth={980}
      expandable={{
        label: (e) => `entry ${e.seq}`,
        render: (e) => (
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <JsonBlock label="Before" value={e.before} />
              <JsonBlock label="After" value={e.after} />
            </SimpleGrid>
            <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
              Entity id: {e.entityId ?? '—'} · Request id: {e.requestId ?? '—'}
              <br />
              Hash: {e.hash}
            </Text>
          </Stack>
        ),
      }}
    />
  );
}
