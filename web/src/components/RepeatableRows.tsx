import { Button, Fieldset, Group, Stack, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { ReactNode } from 'react';
import { PlusIcon } from './icons';

interface RepeatableRowsProps<V, Item> {
  form: UseFormReturnType<V & Record<string, any>>;
  /** The list's path in the form values, e.g. "options" or "contacts". */
  path: string;
  /** Singular noun for legends and buttons, e.g. "option period". */
  noun: string;
  emptyText: string;
  newItem: () => Item;
  /** The inputs of one row; paths are `${path}.${index}.field`. */
  renderFields: (index: number) => ReactNode;
}

/** A list of grouped inputs the user can add to and remove from (option periods, contacts…). */
export function RepeatableRows<V, Item>({ form, path, noun, emptyText, newItem, renderFields }: RepeatableRowsProps<V, Item>) {
  const rows = (path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], form.values) ?? []) as unknown[];
  const title = noun.charAt(0).toUpperCase() + noun.slice(1);
  return (
    <Stack gap="sm">
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {emptyText}
        </Text>
      )}
      {rows.map((_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional, like the API's field paths
        <Fieldset key={index} legend={`${title} ${index + 1}`} variant="filled" radius="md">
          <Group align="flex-start" gap="sm" wrap="wrap">
            {renderFields(index)}
            <Button
              variant="subtle"
              color="red"
              mt={{ base: 0, sm: 26 }}
              onClick={() => form.removeListItem(path as never, index)}
              aria-label={`Remove ${noun} ${index + 1}`}
            >
              Remove
            </Button>
          </Group>
        </Fieldset>
      ))}
      <Group>
        <Button variant="light" leftSection={<PlusIcon size={16} />} onClick={() => form.insertListItem(path as never, newItem() as never)}>
          Add {noun}
        </Button>
      </Group>
    </Stack>
  );
}
