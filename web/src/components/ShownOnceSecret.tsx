import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

interface ShownOnceSecretProps {
  title: string;
  /** What the secret is for and who must not see it; "It will not be shown again" is added. */
  explanation: ReactNode;
  value: string;
  /** Accessible name of the value, e.g. "New API token". */
  valueLabel: string;
  copyLabel: string;
  doneLabel: string;
  onDone: () => void;
  /** Extra actions beside the done button. */
  extra?: ReactNode;
}

/** A secret (token, signing secret, feed link) shown once, with a copy button and a "stored it" action. */
export function ShownOnceSecret({ title, explanation, value, valueLabel, copyLabel, doneLabel, onDone, extra }: ShownOnceSecretProps) {
  return (
    <Alert color="yellow" title={title} role="status">
      <Stack gap="sm">
        <Text size="sm">{explanation}</Text>
        <Group gap="sm" wrap="nowrap" align="center">
          <Code block aria-label={valueLabel} style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap', fontSize: 13 }}>
            {value}
          </Code>
          <CopyButton value={value}>
            {({ copied, copy }) => (
              <Button onClick={copy} color={copied ? 'teal' : undefined} miw={120}>
                {copied ? 'Copied' : copyLabel}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group gap="md">
          {extra}
          <Button variant="default" size="xs" onClick={onDone}>
            {doneLabel}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
