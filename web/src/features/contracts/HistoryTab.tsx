import { useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { AuditTable } from '../audit/AuditTable';
import { useAuditEntries } from '../audit/audit.api';

/** The audit trail of one contract. */
export function HistoryTab({ contractId }: { contractId: string }) {
  const [page, setPage] = useState(1);
  const pageSize = 25;
  const query = useAuditEntries({ entityType: 'contract', entityId: contractId, page, pageSize });
  return (
    <AuditTable
      caption="Change history of this contract"
      rows={query.data?.items}
      loading={query.isFetching}
      error={query.error}
      onRetry={() => query.refetch()}
      empty={<EmptyState title="No recorded changes" description="Changes to this contract will be listed here." />}
      pagination={query.data && { page, pageSize, total: query.data.total, onPageChange: setPage }}
    />
  );
}
