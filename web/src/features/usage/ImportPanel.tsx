import { Alert, Button, Checkbox, FileInput, Group, List, Progress, Select, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { Column } from '../../components/DataTable';
import { formatBytes, formatDate, formatMoney, plural } from '../../lib/format';
import { useSession } from '../auth/session';
import { ScrollTable } from '../../components/ScrollTable';
import { type ImportResult, type Rejection, UsageImportError, usageFileType, useUploadUsage, useUsageMappings } from './usage.api';

const rejectionColumns: Column<Rejection>[] = [
  { key: 'row', header: 'Row', align: 'right', render: (r) => r.row.toLocaleString('en-GB') },
  { key: 'line', header: 'Line', align: 'right', render: (r) => r.line.toLocaleString('en-GB') },
  { key: 'column', header: 'Column', render: (r) => r.column ?? '—' },
  { key: 'reason', header: 'Reason', render: (r) => r.reason },
];

/** The rows a file could not give, as a table (the API keeps the first hundred). */
export function RejectionsTable({ rejections, caption, total }: { rejections: Rejection[]; caption: string; total?: number | null }) {
  return (
    <Stack gap={4}>
      <ScrollTable
        caption={caption}
        columns={rejectionColumns}
        rows={rejections}
        rowKey={(r) => `${r.row}-${r.column ?? ''}-${r.reason}`}
        minWidth={520}
      />
      {total !== undefined && total !== null && total > rejections.length && (
        <Text size="xs" c="dimmed">
          The first {rejections.length.toLocaleString('en-GB')} of {plural(total, 'rejected row')} are listed.
        </Text>
      )}
    </Stack>
  );
}

function periodText(start: string | null, end: string | null): string | null {
  if (!start || !end) return null;
  // The period end is exclusive (the start of the day after the last charge).
  const last = new Date(Date.parse(end) - 1).toISOString().slice(0, 10);
  return `${formatDate(start.slice(0, 10))} to ${formatDate(last)}`;
}

export function billedList(billed: Record<string, string>): string {
  const entries = Object.entries(billed);
  return entries.length ? entries.map(([c, a]) => formatMoney(a, c)).join(', ') : '—';
}

function ResultSummary({ result, filename, currency }: { result: ImportResult; filename: string; currency: string }) {
  const period = periodText(result.periodStart, result.periodEnd);
  const other = Object.keys(result.billedCost).filter((c) => c !== currency);
  return (
    <Alert color="green" title={`Imported ${filename}`} role="status">
      <List size="sm" spacing={2}>
        <List.Item>
          {plural(result.rowsImported, 'row')} imported of {result.rowsRead.toLocaleString('en-GB')} read
          {result.focusVersion ? ` (FOCUS ${result.focusVersion})` : result.source === 'csv' ? ' (with a saved column mapping)' : ''}.
        </List.Item>
        {period && <List.Item>Usage from {period}.</List.Item>}
        <List.Item>Billed cost: {billedList(result.billedCost)}.</List.Item>
        {result.rowsUnmatched > 0 && (
          <List.Item>
            {plural(result.rowsUnmatched, 'row')} matched no catalog entry: they are listed under Unmatched usage on this tab.
          </List.Item>
        )}
        {other.length > 0 && <List.Item>Some usage is billed in {other.join(', ')}, not the contract currency.</List.Item>}
        {result.rowsRejected > 0 && <List.Item>{plural(result.rowsRejected, 'bad row')} skipped: see the list below.</List.Item>}
      </List>
    </Alert>
  );
}

function ImportFailure({ error }: { error: unknown }) {
  const e = error instanceof UsageImportError ? error : null;
  return (
    <Stack gap="xs">
      <Alert color="red" title="The file was not imported" role="alert">
        <Text size="sm">{error instanceof Error ? error.message : 'Unexpected error.'}</Text>
        {e?.code === 'conflict' && (
          <Text size="sm" mt={4}>
            Nothing was counted twice. If the provider sent a corrected file, import that one instead.
          </Text>
        )}
        {e?.requestId && (
          <Text size="xs" c="dimmed" mt={4}>
            Request id: {e.requestId}
          </Text>
        )}
      </Alert>
      {e && e.rejections.length > 0 && (
        <RejectionsTable rejections={e.rejections} caption="Rows that could not be read" total={e.rowsRejected} />
      )}
    </Stack>
  );
}

type Phase = 'idle' | 'uploading' | 'processing' | 'done' | 'failed';

/**
 * Import a cost and usage file: FOCUS CSV (or CSV with a saved column mapping), plain or
 * gzip-compressed. The file goes up as the request body with a real progress bar; then the
 * server reads and imports it in one transaction and answers with a summary or the rows it could
 * not read.
 */
export function ImportPanel({ contractId, currency, onClose }: { contractId: string; currency: string; onClose: () => void }) {
  const { csrfToken } = useSession();
  const mappings = useUsageMappings(contractId);
  const upload = useUploadUsage(contractId);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<string | null>(null);
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [progress, setProgress] = useState(0);
  const [phase, setPhase] = useState<Phase>('idle');
  const [result, setResult] = useState<{ result: ImportResult; filename: string } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    if (phase === 'done' || phase === 'failed') statusRef.current?.focus();
  }, [phase]);

  const start = () => {
    if (!file) {
      setFileError('Choose a cost and usage file (CSV, or CSV compressed with gzip)');
      return;
    }
    setFileError(null);
    setFailure(null);
    setResult(null);
    setProgress(0);
    setPhase('uploading');
    const controller = new AbortController();
    abort.current = controller;
    upload.mutate(
      {
        file,
        csrfToken,
        mapping,
        skipBadRows,
        signal: controller.signal,
        onProgress: (f) => {
          setProgress(f);
          if (f >= 1) setPhase('processing');
        },
      },
      {
        onSuccess: (r) => {
          setResult({ result: r, filename: file.name });
          setPhase('done');
          setFile(null);
        },
        onError: (e) => {
          if (e instanceof DOMException && e.name === 'AbortError') {
            setPhase('idle');
            return;
          }
          setFailure(e);
          setPhase('failed');
        },
      },
    );
  };

  const busy = phase === 'uploading' || phase === 'processing';
  const pct = Math.round(progress * 100);

  return (
    <Stack gap="md">
      <Text size="sm">
        A FOCUS cost and usage export (versions 1.0 to 1.2) from the provider, as CSV or CSV compressed with gzip. The whole file is
        imported or nothing is; the same file is never counted twice. Rows that match no catalog entry are kept as unmatched usage.
      </Text>
      <form
        aria-label="Import a cost and usage file"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <Stack gap="sm">
          <FileInput
            label="File"
            placeholder="Choose a CSV or .csv.gz file"
            accept=".csv,.gz,.gzip,text/csv,application/gzip,application/x-gzip"
            required
            clearable
            clearButtonProps={{ 'aria-label': 'Remove the chosen file' }}
            value={file}
            onChange={(f) => {
              setFile(f);
              setFileError(null);
            }}
            error={fileError}
            disabled={busy}
            description={
              file ? `${formatBytes(file.size)} · sent as ${usageFileType(file) === 'application/gzip' ? 'gzip' : 'CSV'}` : undefined
            }
          />
          {(mappings.data?.length ?? 0) > 0 && (
            <Select
              label="Column mapping"
              description="For CSV files that are not FOCUS: the saved mapping that names their columns"
              placeholder="None: the file is FOCUS"
              clearable
              data={mappings.data?.map((m) => ({ value: m.name, label: m.name })) ?? []}
              value={mapping}
              onChange={setMapping}
              disabled={busy}
            />
          )}
          <Checkbox
            label="Skip bad rows"
            description="Import the rows that can be read and list the others. Without this, a file with any bad row is refused whole."
            checked={skipBadRows}
            onChange={(e) => setSkipBadRows(e.currentTarget.checked)}
            disabled={busy}
          />
          {busy && (
            <Stack gap={4}>
              <Progress
                value={phase === 'processing' ? 100 : pct}
                animated={phase === 'processing'}
                striped={phase === 'processing'}
                size="lg"
                aria-hidden="true"
              />
              <Text size="sm" aria-live="polite">
                {phase === 'uploading' ? `Uploading: ${pct}%` : 'Uploaded. Finishing the import…'}
              </Text>
            </Stack>
          )}
          <Group justify="flex-end">
            {busy ? (
              <Button variant="default" onClick={() => abort.current?.abort()} disabled={phase === 'processing'}>
                Cancel upload
              </Button>
            ) : (
              <Button variant="default" onClick={onClose}>
                Close
              </Button>
            )}
            <Button type="submit" loading={busy}>
              Import file
            </Button>
          </Group>
        </Stack>
      </form>
      <div ref={statusRef} tabIndex={-1} style={{ outline: 'none' }}>
        {phase === 'done' && result && (
          <Stack gap="xs">
            <ResultSummary result={result.result} filename={result.filename} currency={currency} />
            {result.result.rejections.length > 0 && (
              <RejectionsTable rejections={result.result.rejections} caption="Rows skipped" total={result.result.rowsRejected} />
            )}
          </Stack>
        )}
        {phase === 'failed' && <ImportFailure error={failure} />}
      </div>
    </Stack>
  );
}
