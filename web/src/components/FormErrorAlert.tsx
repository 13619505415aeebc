import { Alert, Button, List, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { ApiError } from '../api/client';

interface FormErrorAlertProps {
  error: unknown;
  /** Field names the form shows next to inputs; other field errors are listed here. */
  knownFields?: (name: string) => boolean;
  onReload?: () => void;
  /** What a version conflict (412) says, naming the record. */
  conflictMessage?: string;
}

/**
 * A save that failed: the API's message, any field errors the form cannot place, and for a
 * version conflict (412) a way to load the other person's changes.
 */
export function FormErrorAlert({
  error,
  knownFields,
  onReload,
  conflictMessage = 'Someone else changed this record; reload to see their changes.',
}: FormErrorAlertProps) {
  const ref = useRef<HTMLDivElement>(null);
  // Bring the problem into view: the submit button is often far below the alert.
  useEffect(() => {
    if (!error || !ref.current) return;
    ref.current.focus({ preventScroll: true });
    ref.current.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [error]);
  if (!error) return null;
  if (error instanceof ApiError && error.status === 412) {
    return (
      <Alert ref={ref} tabIndex={-1} color="orange" title="This record changed while you were editing" role="alert" mb="md">
        <Text size="sm">{conflictMessage}</Text>
        {onReload && (
          <Button mt="sm" size="xs" variant="outline" color="orange" onClick={onReload}>
            Reload latest version
          </Button>
        )}
      </Alert>
    );
  }
  const fields = error instanceof ApiError ? (error.fields ?? {}) : {};
  const unplaced = Object.entries(fields).filter(([name]) => !knownFields?.(name));
  const hasFields = Object.keys(fields).length > 0;
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      color="red"
      title={hasFields ? 'Please correct the highlighted fields' : 'Could not save'}
      role="alert"
      mb="md"
    >
      <Text size="sm">{error instanceof Error ? error.message : 'Unexpected error.'}</Text>
      {unplaced.length > 0 && (
        <List size="sm" mt="xs">
          {unplaced.map(([name, message]) => (
            <List.Item key={name}>
              {name}: {message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
