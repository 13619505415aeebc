import { Alert, Autocomplete, Button, Group, Paper, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from '@tanstack/react-router';
import { useEffect } from 'react';
import { toQuery } from '../../api/client';
import { useUserOptions } from '../../api/lookups';
import { EmptyState } from '../../components/EmptyState';
import { DownloadIcon } from '../../components/icons';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../auth/session';
import { AuditTable } from './AuditTable';
import { useAuditEntries, useVerifyChain } from './audit.api';
import type { AuditSearch } from './auditSearch';

const ENTITY_TYPES = ['contract', 'document', 'vendor', 'user', 'department', 'token', 'session'];

type FilterValues = Required<Pick<AuditSearch, 'q' | 'action' | 'entityType' | 'actorId' | 'from' | 'to'>>;

function toValues(search: AuditSearch): FilterValues {
  return {
    q: search.q ?? '',
    action: search.action ?? '',
    entityType: search.entityType ?? '',
    actorId: search.actorId ?? '',
    from: search.from ?? '',
    to: search.to ?? '',
  };
}

function VerifyChain() {
  const verify = useVerifyChain();
  return (
    <>
      <Button variant="default" onClick={() => verify.mutate()} loading={verify.isPending}>
        Verify chain
      </Button>
      {verify.data && (
        <Alert
          w="100%"
          role="status"
          color={verify.data.ok ? 'green' : 'red'}
          title={verify.data.ok ? 'The audit chain is intact' : 'The audit chain is broken'}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => verify.reset()}
        >
          {verify.data.ok
            ? `All ${verify.data.checked.toLocaleString('en-GB')} entries were checked; none was edited, removed or reordered.`
            : `Entry ${verify.data.problem?.seq ?? '?'} (${verify.data.problem?.kind ?? 'problem'}): ${verify.data.problem?.message ?? 'The chain does not verify.'} ${verify.data.checked.toLocaleString('en-GB')} entries checked.`}
        </Alert>
      )}
    </>
  );
}

export function AuditPage({ search }: { search: AuditSearch }) {
  const can = useCan();
  const navigate = useNavigate();
  const page = search.page ?? 1;
  const pageSize = search.pageSize ?? 25;
  const query = useAuditEntries({ ...search, page, pageSize });
  const actors = useUserOptions('', can('user.read'));
  const form = useForm<FilterValues>({ initialValues: toValues(search) });

  // Keep the form in step with the URL (back/forward, links).
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the URL changes
  useEffect(() => form.setValues(toValues(search)), [search.q, search.action, search.entityType, search.actorId, search.from, search.to]);

  const go = (next: AuditSearch) => navigate({ to: '/audit', search: next });
  const apply = form.onSubmit((values) =>
    go({
      ...search,
      ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim() || undefined])),
      page: undefined,
    }),
  );
  const { page: _page, pageSize: _size, ...filters } = search;
  const exportHref = `/api/audit/export.csv${toQuery(filters)}`;

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change in Steward, who made it and when. Entries are hash-chained, so any edit, removal or reordering can be detected."
        actions={
          <>
            {can('audit.export') && (
              <Button component="a" href={exportHref} variant="default" leftSection={<DownloadIcon size={16} />}>
                Export CSV
              </Button>
            )}
            <VerifyChain />
          </>
        }
      />
      <Paper p="md" mb="md" component="section" aria-label="Filter audit entries">
        <form onSubmit={apply}>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
            <TextInput label="Text" placeholder="Search in entries" {...form.getInputProps('q')} />
            <TextInput label="Action" placeholder="e.g. contract.update" {...form.getInputProps('action')} />
            <Autocomplete label="Entity type" data={ENTITY_TYPES} {...form.getInputProps('entityType')} />
            <Select
              label="Actor"
              placeholder="Anyone"
              data={actors.data ?? []}
              searchable
              clearable
              nothingFoundMessage="No match"
              {...form.getInputProps('actorId')}
              value={form.values.actorId || null}
              onChange={(v) => form.setFieldValue('actorId', v ?? '')}
            />
            <TextInput type="date" label="From" {...form.getInputProps('from')} />
            <TextInput type="date" label="To" {...form.getInputProps('to')} />
          </SimpleGrid>
          <Group mt="md" gap="sm">
            <Button type="submit">Apply filters</Button>
            <Button variant="subtle" onClick={() => go({})}>
              Reset
            </Button>
          </Group>
        </form>
      </Paper>
      <AuditTable
        caption="Audit entries"
        rows={query.data?.items}
        loading={query.isFetching}
        error={query.error}
        onRetry={() => query.refetch()}
        empty={<EmptyState title="No entries match" description="Widen the date range or clear some filters." />}
        pagination={
          query.data && {
            page,
            pageSize,
            total: query.data.total,
            onPageChange: (p) => go({ ...search, page: p }),
            onPageSizeChange: (s) => go({ ...search, pageSize: s, page: undefined }),
          }
        }
      />
    </>
  );
}
