import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { EmptyState } from '../../components/EmptyState';
import { formatDate } from '../../lib/format';
import { billedList, RejectionsTable } from './ImportPanel';
import { type UsageImport, useUsageImports } from './usage.api';
import { usePaged } from './usePaged';
import { UploadIcon } from './usageIcons';

const SOURCE_LABELS: Record<UsageImport['source'], string> = { focus: 'FOCUS file', csv: 'CSV with a mapping', api: 'Pushed by API' };

function period(i: UsageImport): string {
  if (!i.periodStart || !i.periodEnd) return '—';
  const last = new Date(Date.parse(i.periodEnd) - 1).toISOString().slice(0, 10);
  return `${formatDate(i.periodStart.slice(0, 10))} – ${formatDate(last)}`;
}

/** Every import into the contract, newest first, with what it brought and what it refused. */
export function ImportHistory({
  contractId,
  reference,
  canImport,
  onImport,
}: {
  contractId: string;
  reference: string;
  canImport: boolean;
  onImport: () => void;
}) {
  const query = useUsageImports(contractId);
  const columns: Column<UsageImport>[] = [
    {
      key: 'file',
      header: 'File',
      width: '26%',
      render: (i) => (
        <Stack gap={0}>
          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
            {i.filename}
          </Text>
          <Text size="xs" c="dimmed">
            {SOURCE_LABELS[i.source]}
            {i.focusVersion ? ` ${i.focusVersion}` : ''}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'when',
      header: 'Imported',
      render: (i) => (
        <Stack gap={0}>
          <DateText value={i.createdAt} withTime />
          <Text size="xs" c="dimmed">
            {i.createdBy ? `by ${i.createdBy.name}` : 'by Steward'}
          </Text>
        </Stack>
      ),
    },
    { key: 'period', header: 'Usage period', render: (i) => <Text size="sm">{period(i)}</Text> },
    {
      key: 'rows',
      header: 'Rows',
      render: (i) => (
        <Stack gap={2}>
          <Text size="sm">
            {i.rowsImported.toLocaleString('en-GB')} of {i.rowsRead.toLocaleString('en-GB')}
          </Text>
          <Group gap={4}>
            {i.rowsRejected > 0 && (
              <Badge color="orange" size="xs">
                {i.rowsRejected.toLocaleString('en-GB')} skipped
              </Badge>
            )}
            {i.rowsUnmatched > 0 && (
              <Badge color="red" size="xs">
                {i.rowsUnmatched.toLocaleString('en-GB')} unmatched
              </Badge>
            )}
          </Group>
        </Stack>
      ),
    },
    { key: 'billed', header: 'Billed cost', align: 'right', render: (i) => <Text size="sm">{billedList(i.billedCost)}</Text> },
  ];
  const rows = query.data;
  const paged = usePaged(rows);
  const withRejections = (i: UsageImport) => i.rejections.length > 0;
  return (
    <Paper p="lg" component="section" aria-labelledby="imports-heading">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} fz="lg" id="imports-heading">
            Imports
          </Title>
          {canImport && (
            <Button variant="default" leftSection={<UploadIcon size={16} />} onClick={onImport}>
              Import a file
            </Button>
          )}
        </Group>
        {rows && rows.length === 0 ? (
          <EmptyState
            title="Nothing imported yet"
            description={
              canImport
                ? 'Import the provider’s FOCUS cost and usage export, or let a gateway push usage records through the API.'
                : 'Imports will be listed here once the contract team brings in the provider’s usage files.'
            }
          />
        ) : (
          <DataTable
            caption={`Usage imports of ${reference}`}
            columns={columns}
            rows={paged.rows}
            pagination={paged.pagination}
            rowKey={(i) => i.id}
            error={query.error}
            onRetry={() => query.refetch()}
            minWidth={820}
            expandable={
              rows?.some(withRejections)
                ? {
                    label: (i) => `${i.filename} (${formatDate(i.createdAt)})`,
                    render: (i) =>
                      withRejections(i) ? (
                        <RejectionsTable rejections={i.rejections} caption={`Rows skipped from ${i.filename}`} total={i.rowsRejected} />
                      ) : (
                        <Text size="sm">Every row read was imported.</Text>
                      ),
                  }
                : undefined
            }
          />
        )}
      </Stack>
    </Paper>
  );
}
