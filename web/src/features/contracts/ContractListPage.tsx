import { useNavigate } from '@tanstack/react-router';
import { PlusIcon } from '../../components/icons';
import { ButtonLink } from '../../components/links';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../auth/session';
import { ContractFilters } from './ContractFilters';
import { ContractsTable } from './ContractsTable';
import { useContracts } from './contracts.api';
import type { ContractSearch } from './contractSearch';

export function ContractListPage({ search }: { search: ContractSearch }) {
  const can = useCan();
  const navigate = useNavigate();
  const page = search.page ?? 1;
  const pageSize = search.pageSize ?? 25;
  const query = useContracts({ ...search, page, pageSize });

  const update = (patch: Partial<ContractSearch>, keepPage = false) =>
    navigate({ to: '/contracts', search: { ...search, ...patch, ...(keepPage ? {} : { page: undefined }) } });

  const filtered = Object.entries(search).some(([key, value]) => value && !['page', 'pageSize', 'sort', 'order'].includes(key));
  const canCreate = can('contract.create');

  return (
    <>
      <PageHeader
        title="Contracts"
        description="Every AI contract you can see, with its vendor, value, dates and status."
        actions={
          canCreate && (
            <ButtonLink to="/contracts/new" search={{}} leftSection={<PlusIcon size={16} />}>
              New contract
            </ButtonLink>
          )
        }
      />
      <ContractFilters search={search} onChange={(patch) => update(patch)} />
      <ContractsTable
        caption="Contracts"
        rows={query.data?.items}
        loading={query.isFetching}
        error={query.error}
        onRetry={() => query.refetch()}
        sort={{
          by: search.sort,
          order: search.order,
          onChange: (sort, order) => update({ sort: sort as ContractSearch['sort'], order }),
        }}
        pagination={
          query.data && {
            page,
            pageSize,
            total: query.data.total,
            onPageChange: (next) => update({ page: next }, true),
            onPageSizeChange: (size) => update({ pageSize: size }),
          }
        }
        empty={
          filtered ? (
            <EmptyState title="No contracts match" description="Try other words, or clear some filters to see more contracts." />
          ) : (
            <EmptyState
              title="No contracts yet"
              description={
                canCreate
                  ? 'Record your first AI contract to start tracking its value, dates and documents.'
                  : 'Contracts you may see will appear here once procurement records them.'
              }
              action={
                canCreate && (
                  <ButtonLink to="/contracts/new" search={{}}>
                    New contract
                  </ButtonLink>
                )
              }
            />
          )
        }
      />
    </>
  );
}
