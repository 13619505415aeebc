import { Group, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface SectionProps {
  title: string;
  children: ReactNode;
  action?: ReactNode;
  /** Heading level under the page's h1 (default 2). */
  order?: 2 | 3;
}

/** A titled card: the building block of detail pages and the dashboard. */
export function Section({ title, children, action, order = 2 }: SectionProps) {
  return (
    <Paper p="lg" component="section" aria-label={title}>
      <Group justify="space-between" mb="md" wrap="wrap">
        <Title order={order} fz={order === 2 ? 'lg' : 'md'}>
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Paper>
  );
}
