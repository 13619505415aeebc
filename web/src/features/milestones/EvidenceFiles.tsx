import { Anchor, Badge, Button, Checkbox, FileInput, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { EmptyState } from '../../components/EmptyState';
import { DownloadIcon } from '../../components/icons';
import { notifySuccess } from '../../components/notify';
import { formatBytes, formatDate, plural } from '../../lib/format';
import { type Deliverable, type DeliverableFile, documentHref, useUploadFiles } from './milestones.api';

export function FileLink({ file }: { file: DeliverableFile }) {
  return (
    <Anchor
      href={documentHref(file.id)}
      size="sm"
      fw={600}
      aria-label={`Download ${file.filename}`}
      style={{ display: 'inline-flex', alignItems: 'center', gap: 4, overflowWrap: 'anywhere' }}
    >
      <DownloadIcon size={16} /> {file.filename}
    </Anchor>
  );
}

function UploadForm({ contractId, deliverable, vendor }: { contractId: string; deliverable: Deliverable; vendor: boolean }) {
  const upload = useUploadFiles(contractId);
  const [files, setFiles] = useState<File[]>([]);
  const [shared, setShared] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!files.length) {
      setProblem('Choose at least one file');
      return;
    }
    setProblem(null);
    upload.mutate(
      { deliverable, files, sharedWithVendor: vendor || shared },
      {
        onSuccess: (failed) => {
          const done = files.length - failed.length;
          if (done) notifySuccess(`${plural(done, 'file')} uploaded.`, 'Evidence uploaded');
          setProblem(failed.length ? failed.map((f) => `${f.name}: ${f.message}`).join(' ') : null);
          // Keep only the files that still need uploading, so a retry does not upload the others twice.
          setFiles(files.filter((f) => failed.some((x) => x.name === f.name)));
        },
        onError: (error) => setProblem(error instanceof Error ? error.message : 'The upload failed.'),
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Upload evidence files">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <FileInput
          label="Add evidence files"
          placeholder="Choose files"
          multiple
          clearable
          clearButtonProps={{ 'aria-label': 'Clear the chosen files' }}
          value={files}
          onChange={(f) => {
            setFiles(f);
            setProblem(null);
          }}
          error={problem}
          style={{ flex: '1 1 18rem' }}
        />
        <Button type="submit" variant="default" loading={upload.isPending}>
          Upload
        </Button>
      </Group>
      {!vendor && (
        <Checkbox
          mt="sm"
          label="Share with the vendor"
          description="The vendor's users can then see and download these files."
          checked={shared}
          onChange={(e) => setShared(e.currentTarget.checked)}
        />
      )}
    </form>
  );
}

/** The deliverable's files: delivery evidence and evaluation evidence, with download links. */
export function EvidenceFiles({
  contractId,
  deliverable,
  canUpload,
  vendor,
}: {
  contractId: string;
  deliverable: Deliverable;
  canUpload: boolean;
  /** A vendor user: their files are always shared, and they see only shared files. */
  vendor: boolean;
}) {
  const files = deliverable.files ?? [];
  const runs = deliverable.testPlan?.runs ?? [];
  const runLabel = (id: string | null) => {
    if (!id) return 'The deliverable';
    const i = runs.findIndex((r) => r.id === id);
    return i < 0 ? 'Evaluation run' : `Evaluation run ${i + 1} (${formatDate(runs[i].runDate)})`;
  };
  const columns: Column<DeliverableFile>[] = [
    {
      key: 'file',
      header: 'File',
      render: (f) => (
        <div>
          <FileLink file={f} />
          <Text size="xs" c="dimmed">
            {formatBytes(f.sizeBytes)}
          </Text>
        </div>
      ),
    },
    { key: 'for', header: 'Evidence of', render: (f) => runLabel(f.evaluationRunId) },
    { key: 'by', header: 'Uploaded by', render: (f) => f.uploadedBy?.name ?? '—' },
    ...(vendor
      ? []
      : [
          {
            key: 'shared',
            header: 'Vendor access',
            render: (f: DeliverableFile) =>
              f.sharedWithVendor ? <Badge color="blue">Shared with vendor</Badge> : <Badge color="gray">Internal</Badge>,
          },
        ]),
    { key: 'at', header: 'Uploaded', render: (f) => <DateText value={f.uploadedAt} withTime /> },
  ];
  return (
    <Stack gap="md">
      {files.length ? (
        <DataTable caption={`Evidence files of ${deliverable.title}`} columns={columns} rows={files} rowKey={(f) => f.id} minWidth={620} />
      ) : (
        <Paper>
          <EmptyState
            title="No files yet"
            description={
              canUpload
                ? 'Attach the delivery (release notes, model card, reports) and the evidence of each evaluation run.'
                : 'Files appear here when the vendor delivers or the testers attach evidence.'
            }
          />
        </Paper>
      )}
      {canUpload && <UploadForm contractId={contractId} deliverable={deliverable} vendor={vendor} />}
    </Stack>
  );
}
