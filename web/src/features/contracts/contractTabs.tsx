/**
 * The contract page's tabs, as a registry: a capability (milestones, invoices, usage…) adds its
 * tab by replacing its placeholder entry here with its own component.
 */
import type { ReactNode } from 'react';
import type { Contract, Permission } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { CalendarIcon } from '../../components/icons';
import { ContractDeadlinesTab } from '../calendar/ContractDeadlinesTab';
import { DocumentsTab } from './DocumentsTab';
import { HistoryTab } from './HistoryTab';
import { OverviewTab } from './OverviewTab';
import { QuestionsTab } from '../questions/QuestionsTab';
import { FindingsTab } from '../findings/FindingsTab';
import { MilestonesTab } from '../milestones/MilestonesTab';
import { InvoicesTab } from '../invoices/InvoicesTab';
import { UsageTab } from '../usage/UsageTab';

export interface ContractTabContext {
  contract: Contract;
  can: (permission: Permission) => boolean;
}

export interface ContractTab {
  value: string;
  label: string;
  /** Whether this user sees the tab at all (default: yes). */
  visible?: (ctx: ContractTabContext) => boolean;
  render: (ctx: ContractTabContext) => ReactNode;
}

export function placeholder(value: string, label: string, what: string): ContractTab {
  return {
    value,
    label,
    render: () => (
      <EmptyState
        icon={<CalendarIcon size={26} />}
        title="Not yet available for this contract"
        description={`${what} will appear here once this capability is switched on for the contract.`}
      />
    ),
  };
}

export const contractTabs: ContractTab[] = [
  { value: 'overview', label: 'Overview', render: ({ contract }) => <OverviewTab contract={contract} /> },
  {
    value: 'documents',
    label: 'Documents',
    visible: ({ can }) => can('document.read'),
    render: ({ contract }) => <DocumentsTab contract={contract} />,
  },
  {
    value: 'deadlines',
    label: 'Deadlines',
    visible: ({ can }) => can('deadline.read'),
    render: ({ contract }) => <ContractDeadlinesTab contract={contract} />,
  },
  { value: 'milestones', label: 'Milestones', render: ({ contract }) => <MilestonesTab contract={contract} /> },
  {
    value: 'invoices',
    label: 'Invoices',
    visible: ({ can }) => can('invoice.read'),
    render: ({ contract }) => <InvoicesTab contract={contract} />,
  },
  {
    value: 'usage',
    label: 'Usage',
    visible: ({ can }) => can('usage.read'),
    render: ({ contract }) => <UsageTab contract={contract} />,
  },
  {
    value: 'findings',
    label: 'Findings',
    visible: ({ can }) => can('finding.read'),
    render: ({ contract }) => <FindingsTab contract={contract} />,
  },
  {
    value: 'questions',
    label: 'Key questions',
    visible: ({ can }) => can('question.read'),
    render: ({ contract }) => <QuestionsTab contract={contract} />,
  },
  {
    value: 'history',
    label: 'History',
    visible: ({ can }) => can('audit.read'),
    render: ({ contract }) => <HistoryTab contractId={contract.id} />,
  },
];
