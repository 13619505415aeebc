import { Anchor, Badge, Button, Checkbox, FileInput, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ApiError } from '../../api/client';
import type { Contract, ContractDocument } from '../../api/types';
import { ConfirmButton } from '../../components/ConfirmButton';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { EmptyState } from '../../components/EmptyState';
import { DownloadIcon } from '../../components/icons';
import { notifyError, notifySuccess } from '../../components/notify';
import { Section } from '../../components/Section';
import { formatBytes } from '../../lib/format';
import { useCan } from '../auth/session';
import { useContractDocuments, useDeleteDocument, useUploadDocument } from './contracts.api';

function UploadForm({ contractId }: { contractId: string }) {
  const upload = useUploadDocument(contractId);
  const form = useForm<{ file: File | null; title: string; sharedWithVendor: boolean }>({
    initialValues: { file: null, title: '', sharedWithVendor: false },
    validate: {
      file: (f) => (f ? null : 'Choose a file to upload'),
      title: (t) => (t.trim() ? null : 'Give the document a title'),
    },
  });

  const submit = form.onSubmit((values) =>
    upload.mutate(
      { file: values.file as File, title: values.title.trim(), sharedWithVendor: values.sharedWithVendor },
      {
        onSuccess: () => {
          notifySuccess(`“${values.title.trim()}” was uploaded.`, 'Document uploaded');
          form.reset();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.fields) form.setErrors(error.fields);
          notifyError(error, 'Upload failed');
        },
      },
    ),
  );

  return (
    <Section title="Upload a document">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Group grow align="flex-start" wrap="wrap">
            <FileInput
              label="File"
              placeholder="Choose a file"
              required
              clearable
              clearButtonProps={{ 'aria-label': 'Clear the chosen file' }}
              {...form.getInputProps('file')}
              onChange={(file) => {
                form.setFieldValue('file', file);
                if (file && !form.values.title) form.setFieldValue('title', file.name.replace(/\.[^.]+$/, ''));
              }}
            />
            <TextInput label="Title" required {...form.getInputProps('title')} />
          </Group>
          <Checkbox
            label="Share with vendor"
            description="The vendor's users will be able to see and download this document."
            {...form.getInputProps('sharedWithVendor', { type: 'checkbox' })}
          />
          <Group>
            <Button type="submit" loading={upload.isPending}>
              Upload document
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

export function DocumentsTab({ contract }: { contract: Contract }) {
  const can = useCan();
  const query = useContractDocuments(contract.id);
  const remove = useDeleteDocument(contract.id);
  const canDelete = can('document.delete') && contract.permissions.update;

  const columns: Column<ContractDocument>[] = [
    {
      key: 'title',
      header: 'Document',
      render: (d) => (
        <div>
          <Text size="sm" fw={600}>
            {d.title}
          </Text>
          <Text size="xs" c="dimmed">
            {d.filename} · {formatBytes(d.sizeBytes)}
          </Text>
        </div>
      ),
    },
    {
      key: 'shared',
      header: 'Vendor access',
      render: (d) => (d.sharedWithVendor ? <Badge color="blue">Shared with vendor</Badge> : <Badge color="gray">Internal</Badge>),
    },
    { key: 'by', header: 'Uploaded by', render: (d) => d.uploadedBy?.name ?? '—' },
    { key: 'at', header: 'Uploaded', render: (d) => <DateText value={d.uploadedAt} withTime /> },
    {
      key: 'actions',
      header: 'Actions',
      render: (d) => (
        <Group gap="xs" wrap="nowrap">
          <Anchor
            href={`/api/documents/${d.id}/download`}
            size="sm"
            fw={600}
            aria-label={`Download ${d.title}`}
            style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
          >
            <DownloadIcon size={16} /> Download
          </Anchor>
          {canDelete && (
            <ConfirmButton
              size="compact-sm"
              variant="subtle"
              color="red"
              aria-label={`Delete ${d.title}`}
              title="Delete this document?"
              message={`“${d.title}” will be removed from the contract. This cannot be undone.`}
              confirmLabel="Delete document"
              onConfirm={() => remove.mutate(d.id, { onSuccess: () => notifySuccess('Document deleted.') })}
            >
              Delete
            </ConfirmButton>
          )}
        </Group>
      ),
    },
  ];

  return (
    <Stack gap="lg">
      <DataTable
        caption={`Documents of ${contract.reference}`}
        columns={columns}
        rows={query.data?.items}
        rowKey={(d) => d.id}
        error={query.error}
        onRetry={() => query.refetch()}
        empty={
          <EmptyState
            title="No documents yet"
            description={
              contract.permissions.uploadDocument
                ? 'Upload the signed contract, schedules and technical annexes below so everyone works from the same papers.'
                : 'Documents will appear here once the contract team uploads them.'
            }
          />
        }
      />
      {contract.permissions.uploadDocument && <UploadForm contractId={contract.id} />}
    </Stack>
  );
}
