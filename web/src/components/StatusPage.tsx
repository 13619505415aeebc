import { Center, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { CompassIcon, LockIcon } from './icons';
import { ButtonLink } from './links';

interface StatusPageProps {
  icon: ReactNode;
  title: string;
  message: ReactNode;
  code: string;
}

function StatusPage({ icon, title, message, code }: StatusPageProps) {
  useDocumentTitle(`${title} · Steward`);
  return (
    <Center py={64}>
      <Paper p="xl" maw={520} w="100%" shadow="xs">
        <Stack align="center" ta="center" gap="md">
          <ThemeIcon size={56} radius="xl" variant="light" aria-hidden="true">
            {icon}
          </ThemeIcon>
          <Text size="sm" fw={700} c="dimmed">
            {code}
          </Text>
          <Title order={1} fz={26}>
            {title}
          </Title>
          <Text c="dimmed">{message}</Text>
          <ButtonLink to="/">Go to the home page</ButtonLink>
        </Stack>
      </Paper>
    </Center>
  );
}

export function NotFoundPage() {
  return (
    <StatusPage
      code="Error 404"
      icon={<CompassIcon size={28} />}
      title="Page not found"
      message="The page you asked for does not exist, or it was moved. Check the address, or start again from the home page."
    />
  );
}

export function ForbiddenPage() {
  return (
    <StatusPage
      code="Error 403"
      icon={<LockIcon size={28} />}
      title="You don't have access to this page"
      message="Your role does not include this part of Steward. If you need it for your work, ask an administrator to change your role."
    />
  );
}
