import { EmptyState as MantineEmptyState } from '@mantine/core';
import type { ReactNode } from 'react';
import { InboxIcon } from './icons';

interface EmptyStateProps {
  title: string;
  /** Say what to do next. */
  description?: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
}

/** What a list or tab shows when there is nothing yet, and how to change that. */
export function EmptyState({ title, description, action, icon }: EmptyStateProps) {
  return (
    <MantineEmptyState py="xl" withIndicatorBackground icon={icon ?? <InboxIcon size={26} />} title={title} description={description}>
      {action && <MantineEmptyState.Actions>{action}</MantineEmptyState.Actions>}
    </MantineEmptyState>
  );
}
