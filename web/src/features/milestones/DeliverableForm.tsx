import { Button, Fieldset, Group, NumberInput, Select, SimpleGrid, Stack, Textarea, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Contract } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { selectInputProps, useServerFieldErrors } from '../../components/formHelpers';
import { notifySuccess } from '../../components/notify';
import { RepeatableRows } from '../../components/RepeatableRows';
import { formatDate } from '../../lib/format';
import { type Deliverable, type DeliverableInput, type Milestone, useSaveDeliverable } from './milestones.api';

interface Values {
  title: string;
  description: string;
  milestoneId: string;
  dueDate: string;
  acceptancePeriodDays: number | string;
  acceptanceCriteria: string[];
}

const known = (f: string) =>
  ['title', 'description', 'milestoneId', 'dueDate', 'acceptancePeriodDays'].includes(f) || f.startsWith('acceptanceCriteria.');

/** Add or change a deliverable: what is due when, the milestone it belongs to, and its acceptance criteria. */
export function DeliverableForm({
  contract,
  milestones,
  deliverable,
  onDone,
}: {
  contract: Contract;
  milestones: Milestone[];
  deliverable?: Deliverable;
  onDone: (saved?: Deliverable) => void;
}) {
  const save = useSaveDeliverable(contract.id, deliverable);
  const usFar = contract.rulePack === 'us-far';
  const form = useForm<Values>({
    initialValues: {
      title: deliverable?.title ?? '',
      description: deliverable?.description ?? '',
      milestoneId: deliverable?.milestoneId ?? '',
      dueDate: deliverable?.dueDate ?? '',
      acceptancePeriodDays: deliverable?.acceptancePeriodDays ?? '',
      acceptanceCriteria: deliverable?.acceptanceCriteria ?? [''],
    },
    validate: {
      title: (v) => (v.trim() ? null : 'Give the deliverable a title'),
      dueDate: (v) => (v ? null : 'Give the due date'),
      acceptancePeriodDays: (v) =>
        v === '' || (Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 365) ? null : 'Give a whole number of days, 1 to 365',
    },
  });
  useServerFieldErrors(form, save.error);

  const submit = form.onSubmit((values) => {
    const input: DeliverableInput = {
      title: values.title.trim(),
      description: values.description,
      milestoneId: values.milestoneId || null,
      dueDate: values.dueDate,
      acceptancePeriodDays: usFar || values.acceptancePeriodDays === '' ? null : Number(values.acceptancePeriodDays),
      acceptanceCriteria: values.acceptanceCriteria.map((c) => c.trim()).filter(Boolean),
    };
    save.mutate(input, {
      onSuccess: (d) => {
        notifySuccess(`“${d.title}” is due on ${formatDate(d.dueDate)}.`, deliverable ? 'Deliverable saved' : 'Deliverable added');
        onDone(d);
      },
    });
  });

  return (
    <form onSubmit={submit} noValidate aria-label={deliverable ? `Change deliverable ${deliverable.title}` : 'Add a deliverable'}>
      <FormErrorAlert
        error={save.error}
        knownFields={known}
        conflictMessage="Someone changed this deliverable since you opened it. Close this dialog to see it as it is now."
      />
      <Stack gap="sm">
        <TextInput label="Title" required data-autofocus {...form.getInputProps('title')} />
        <Text size="sm" c="dimmed">
          The contract runs from {formatDate(contract.startDate)} to {formatDate(contract.endDate)}; due dates must fall within it.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput type="date" label="Due date" required {...form.getInputProps('dueDate')} />
          <Select
            label="Milestone"
            description="The milestone this deliverable counts towards"
            placeholder="None"
            clearable
            data={milestones.map((m) => ({ value: m.id, label: `${m.title} (due ${formatDate(m.dueDate)})` }))}
            {...selectInputProps(form, 'milestoneId')}
          />
        </SimpleGrid>
        <Textarea label="Description" autosize minRows={2} maxRows={6} {...form.getInputProps('description')} />
        {!usFar && (
          <NumberInput
            label="Acceptance period (days)"
            description="Days after delivery by which the buyer decides; leave empty for 30 days"
            min={1}
            max={365}
            allowDecimal={false}
            maw={260}
            {...form.getInputProps('acceptancePeriodDays')}
          />
        )}
        <Fieldset legend="Acceptance criteria" variant="unstyled">
          <RepeatableRows<Values, string>
            form={form}
            path="acceptanceCriteria"
            noun="acceptance criterion"
            emptyText="No acceptance criteria yet. Say what the deliverable must do to be accepted."
            newItem={() => ''}
            renderFields={(index) => (
              <TextInput
                label="Criterion"
                placeholder="e.g. Word error rate of at most 0.12 on the council meeting test set"
                style={{ flex: '1 1 20rem' }}
                {...form.getInputProps(`acceptanceCriteria.${index}`)}
              />
            )}
          />
        </Fieldset>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onDone()}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {deliverable ? 'Save deliverable' : 'Add deliverable'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
