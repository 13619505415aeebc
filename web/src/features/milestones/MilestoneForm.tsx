import { Button, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Contract } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { selectInputProps, useServerFieldErrors } from '../../components/formHelpers';
import { notifySuccess } from '../../components/notify';
import { formatDate } from '../../lib/format';
import {
  type Milestone,
  type MilestoneInput,
  type MilestoneStatus,
  type MilestoneType,
  type Team,
  useSaveMilestone,
} from './milestones.api';
import { StaffSelect } from './StaffSelect';
import { STATUS_LABELS, TEAM_LABELS, TYPE_LABELS, options, todayIso } from './vocabulary';

interface Values {
  title: string;
  type: MilestoneType | '';
  description: string;
  dueDate: string;
  ownerTeam: Team | '';
  ownerUserId: string;
  status: MilestoneStatus;
  dateMet: string;
  paymentAmount: string;
}

const FIELDS = ['title', 'type', 'description', 'dueDate', 'ownerTeam', 'ownerUserId', 'status', 'dateMet', 'paymentAmount'];

/** Add a milestone or change one; the API refuses due dates outside the contract period and says so on the field. */
export function MilestoneForm({ contract, milestone, onDone }: { contract: Contract; milestone?: Milestone; onDone: () => void }) {
  const save = useSaveMilestone(contract.id, milestone);
  const form = useForm<Values>({
    initialValues: {
      title: milestone?.title ?? '',
      type: milestone?.type ?? '',
      description: milestone?.description ?? '',
      dueDate: milestone?.dueDate ?? '',
      ownerTeam: milestone?.ownerTeam ?? '',
      ownerUserId: milestone?.owner?.id ?? '',
      status: milestone?.status ?? 'scheduled',
      dateMet: milestone?.dateMet ?? '',
      paymentAmount: milestone?.paymentAmount ?? '',
    },
    validate: {
      title: (v) => (v.trim() ? null : 'Give the milestone a title'),
      type: (v) => (v ? null : 'Choose a type'),
      dueDate: (v) => (v ? null : 'Give the due date'),
      dateMet: (v, all) =>
        all.status === 'met' && !v
          ? 'Give the date the milestone was met'
          : v && v > todayIso()
            ? 'The date met cannot be in the future'
            : null,
      paymentAmount: (v, all) =>
        all.type === 'payment' && v.trim() && !/^\d+(\.\d{1,2})?$/.test(v.trim().replace(/,/g, '')) ? 'Give an amount like 12500.00' : null,
    },
  });
  useServerFieldErrors(form, save.error);
  const v = form.values;
  const showMet = v.status === 'met' || v.status === 'partiallyMet';

  const submit = form.onSubmit((values) => {
    const input: MilestoneInput = {
      title: values.title.trim(),
      type: values.type as MilestoneType,
      description: values.description,
      dueDate: values.dueDate,
      ownerTeam: values.ownerTeam || null,
      ownerUserId: values.ownerUserId || null,
      status: values.status,
      dateMet: showMet && values.dateMet ? values.dateMet : null,
      paymentAmount: values.type === 'payment' && values.paymentAmount.trim() ? values.paymentAmount.trim().replace(/,/g, '') : null,
    };
    save.mutate(input, {
      onSuccess: (m) => {
        notifySuccess(`“${m.title}” is due on ${formatDate(m.dueDate)}.`, milestone ? 'Milestone saved' : 'Milestone added');
        onDone();
      },
    });
  });

  return (
    <form onSubmit={submit} noValidate aria-label={milestone ? `Change milestone ${milestone.title}` : 'Add a milestone'}>
      <FormErrorAlert
        error={save.error}
        knownFields={(f) => FIELDS.includes(f)}
        conflictMessage="Someone changed this milestone since you opened it. Close this dialog to see it as it is now."
      />
      <Stack gap="sm">
        <TextInput label="Title" required data-autofocus {...form.getInputProps('title')} />
        <Text size="sm" c="dimmed">
          The contract runs from {formatDate(contract.startDate)} to {formatDate(contract.endDate)}; due dates must fall within it.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label="Type"
            required
            placeholder="Choose a type"
            data={options(TYPE_LABELS)}
            allowDeselect={false}
            {...selectInputProps(form, 'type')}
          />
          <TextInput type="date" label="Due date" required {...form.getInputProps('dueDate')} />
          <Select label="Status" required data={options(STATUS_LABELS)} allowDeselect={false} {...selectInputProps(form, 'status')} />
          {showMet ? (
            <TextInput type="date" label="Date met" required={v.status === 'met'} max={todayIso()} {...form.getInputProps('dateMet')} />
          ) : (
            <div />
          )}
          <Select
            label="Owner team"
            placeholder="No team named"
            clearable
            data={options(TEAM_LABELS)}
            {...selectInputProps(form, 'ownerTeam')}
          />
          <StaffSelect
            label="Owner"
            description="The person who follows this milestone up"
            current={milestone?.owner}
            value={v.ownerUserId}
            onChange={(id) => form.setFieldValue('ownerUserId', id)}
            error={form.errors.ownerUserId}
          />
        </SimpleGrid>
        {v.type === 'payment' && (
          <TextInput
            label={`Payment amount (${contract.currency})`}
            description="Paid when the milestone is met"
            inputMode="decimal"
            {...form.getInputProps('paymentAmount')}
          />
        )}
        <Textarea label="Description" autosize minRows={2} maxRows={6} {...form.getInputProps('description')} />
        {!milestone && (
          <Text size="xs" c="dimmed">
            Link deliverables to this milestone when you add or change a deliverable.
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {milestone ? 'Save milestone' : 'Add milestone'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
