import { Button, Fieldset, Group, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { PlusIcon } from '../../components/icons';
import type { ContractFormValues } from './contractFormValues';

/** Repeatable option-period rows (description, start, end). */
export function OptionPeriodsField({ form }: { form: UseFormReturnType<ContractFormValues> }) {
  const rows = form.values.options;
  return (
    <Stack gap="sm">
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No option periods. Add one for each extension the buyer may choose to take up.
        </Text>
      )}
      {rows.map((_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional, like the API's field paths
        <Fieldset key={index} legend={`Option period ${index + 1}`} variant="filled" radius="md">
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              label="Description"
              required
              style={{ flex: '2 1 16rem' }}
              {...form.getInputProps(`options.${index}.description`)}
            />
            <TextInput
              type="date"
              label="Start"
              required
              style={{ flex: '1 1 10rem' }}
              {...form.getInputProps(`options.${index}.startDate`)}
            />
            <TextInput
              type="date"
              label="End"
              required
              style={{ flex: '1 1 10rem' }}
              {...form.getInputProps(`options.${index}.endDate`)}
            />
            <Button
              variant="subtle"
              color="red"
              mt={{ base: 0, sm: 26 }}
              onClick={() => form.removeListItem('options', index)}
              aria-label={`Remove option period ${index + 1}`}
            >
              Remove
            </Button>
          </Group>
        </Fieldset>
      ))}
      <Group>
        <Button
          variant="light"
          leftSection={<PlusIcon size={16} />}
          onClick={() => form.insertListItem('options', { description: '', startDate: '', endDate: '' })}
        >
          Add option period
        </Button>
      </Group>
    </Stack>
  );
}
