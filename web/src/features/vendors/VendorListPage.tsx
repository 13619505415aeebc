import { Anchor, Paper, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import type { Vendor } from '../../api/types';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { PlusIcon } from '../../components/icons';
import { ButtonLink, TextLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { SearchInput } from '../../components/SearchInput';
import type { VendorSearch } from '../../routes/vendors';
import { useCan } from '../auth/session';
import { useVendors } from './vendors.api';

const COLUMNS: Column<Vendor>[] = [
  {
    key: 'name',
    header: 'Legal name',
    render: (v) => (
      <TextLink to="/vendors/$id" params={{ id: v.id }} fw={600}>
        {v.legalName}
      </TextLink>
    ),
  },
  {
    key: 'ids',
    header: 'Identifiers',
    render: (v) =>
      v.identifiers.length ? (
        <Text size="sm">{v.identifiers.map((i) => `${i.scheme} ${i.id}`).join(', ')}</Text>
      ) : (
        <Text size="sm" c="dimmed">
          None
        </Text>
      ),
  },
  { key: 'place', header: 'Location', render: (v) => [v.address.locality, v.address.countryName].filter(Boolean).join(', ') || '—' },
  {
    key: 'web',
    header: 'Website',
    render: (v) =>
      v.website ? (
        <Anchor href={v.website} target="_blank" rel="noreferrer" size="sm">
          {v.website.replace(/^https?:\/\//, '')}
        </Anchor>
      ) : (
        '—'
      ),
  },
  { key: 'contracts', header: 'Contracts', align: 'right', render: (v) => v.contractCount },
];

export function VendorListPage({ search }: { search: VendorSearch }) {
  const can = useCan();
  const navigate = useNavigate();
  const page = search.page ?? 1;
  const pageSize = search.pageSize ?? 25;
  const query = useVendors({ q: search.q, page, pageSize });
  const go = (next: VendorSearch) => navigate({ to: '/vendors', search: next });

  return (
    <>
      <PageHeader
        title="Vendors"
        description="The companies that supply AI products and services, with their identifiers and contacts."
        actions={
          can('vendor.create') && (
            <ButtonLink to="/vendors/new" leftSection={<PlusIcon size={16} />}>
              New vendor
            </ButtonLink>
          )
        }
      />
      <Paper p="md" mb="md" component="section" aria-label="Search vendors">
        <SearchInput
          label="Search vendors"
          placeholder="Name or identifier"
          value={search.q}
          onSearch={(q) => go({ ...search, q, page: undefined })}
        />
      </Paper>
      <DataTable
        caption="Vendors"
        columns={COLUMNS}
        rows={query.data?.items}
        rowKey={(v) => v.id}
        loading={query.isFetching}
        error={query.error}
        onRetry={() => query.refetch()}
        pagination={
          query.data && {
            page,
            pageSize,
            total: query.data.total,
            onPageChange: (p) => go({ ...search, page: p }),
            onPageSizeChange: (s) => go({ ...search, pageSize: s, page: undefined }),
          }
        }
        empty={
          search.q ? (
            <EmptyState title="No vendors match" description="Check the spelling, or search by an identifier instead." />
          ) : (
            <EmptyState
              title="No vendors yet"
              description={
                can('vendor.create') ? 'Add a vendor before recording its contracts.' : 'Vendors appear here once procurement adds them.'
              }
              action={can('vendor.create') && <ButtonLink to="/vendors/new">New vendor</ButtonLink>}
            />
          )
        }
      />
    </>
  );
}
