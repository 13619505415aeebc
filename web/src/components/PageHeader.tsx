import { Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';

interface PageHeaderProps {
  title: ReactNode;
  /** Small line above the title, e.g. a reference or "Contracts". */
  eyebrow?: ReactNode;
  description?: ReactNode;
  /** Badges shown next to the title. */
  badges?: ReactNode;
  actions?: ReactNode;
  /** The browser tab's title; defaults to the heading when it is plain text. */
  documentTitle?: string;
}

/** The page's one h1, with optional context and actions. */
export function PageHeader({ title, eyebrow, description, badges, actions, documentTitle }: PageHeaderProps) {
  const tabTitle = documentTitle ?? (typeof title === 'string' ? title : undefined);
  useDocumentTitle(tabTitle ? `${tabTitle} · Steward` : 'Steward');
  return (
    <Group justify="space-between" align="flex-start" mb="lg" wrap="wrap" gap="md">
      <Stack gap={4} style={{ minWidth: 0, flex: '1 1 20rem' }}>
        {eyebrow && (
          <Text size="sm" c="dimmed" fw={600} className="page-eyebrow">
            {eyebrow}
          </Text>
        )}
        <Group gap="sm" align="center" wrap="wrap">
          <Title order={1} fz={{ base: 24, sm: 28 }}>
            {title}
          </Title>
          {badges}
        </Group>
        {description && (
          <Text c="dimmed" size="sm" maw={720}>
            {description}
          </Text>
        )}
      </Stack>
      {actions && <Group gap="sm">{actions}</Group>}
    </Group>
  );
}
