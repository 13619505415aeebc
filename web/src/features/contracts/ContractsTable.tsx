import { Group, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ContractSummary } from '../../api/types';
import { type Column, DataTable, type PaginationState, type SortState } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { LockIcon } from '../../components/icons';
import { TextLink } from '../../components/links';
import { Money } from '../../components/Money';
import { RiskBadge, StatusBadge } from '../../components/StatusBadge';

export type ContractColumn = 'reference' | 'title' | 'vendor' | 'department' | 'value' | 'endDate' | 'status' | 'risk';

const COLUMNS: Record<ContractColumn, Column<ContractSummary>> = {
  reference: {
    key: 'reference',
    header: 'Reference',
    sortKey: 'reference',
    render: (c) => (
      <TextLink to="/contracts/$id" params={{ id: c.id }} size="sm" fw={700} style={{ whiteSpace: 'nowrap' }}>
        {c.reference}
      </TextLink>
    ),
  },
  title: {
    key: 'title',
    header: 'Title',
    sortKey: 'title',
    render: (c) => (
      <Group gap={6} wrap="nowrap">
        <Text size="sm">{c.title}</Text>
        {c.restricted && (
          <Tooltip label="Restricted: visible only to its department, procurement and auditors">
            <span role="img" aria-label="Restricted" style={{ display: 'inline-flex' }}>
              <LockIcon size={14} />
            </span>
          </Tooltip>
        )}
      </Group>
    ),
  },
  vendor: { key: 'vendor', header: 'Vendor', sortKey: 'vendor', render: (c) => c.vendor.legalName },
  department: { key: 'department', header: 'Department', sortKey: 'department', render: (c) => c.department.name },
  value: {
    key: 'value',
    header: 'Value',
    sortKey: 'value',
    align: 'right',
    render: (c) => <Money amount={c.value} currency={c.currency} />,
  },
  endDate: { key: 'endDate', header: 'End date', sortKey: 'endDate', render: (c) => <DateText value={c.endDate} /> },
  status: { key: 'status', header: 'Status', sortKey: 'status', render: (c) => <StatusBadge status={c.status} /> },
  risk: { key: 'risk', header: 'Risk', render: (c) => <RiskBadge tier={c.riskTier} short /> },
};

export const ALL_CONTRACT_COLUMNS: ContractColumn[] = ['reference', 'title', 'vendor', 'department', 'value', 'endDate', 'status', 'risk'];

interface ContractsTableProps {
  caption: string;
  rows: ContractSummary[] | undefined;
  columns?: ContractColumn[];
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  empty?: ReactNode;
  sort?: SortState;
  pagination?: PaginationState;
}

/** Contract summaries as a table; the list page, the dashboard and vendor pages all use it. */
export function ContractsTable({ columns = ALL_CONTRACT_COLUMNS, ...rest }: ContractsTableProps) {
  return (
    <DataTable {...rest} rowKey={(c) => c.id} columns={columns.map((name) => COLUMNS[name])} minWidth={columns.length > 5 ? 1080 : 640} />
  );
}
