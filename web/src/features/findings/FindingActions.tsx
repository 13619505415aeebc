import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { ApiError } from '../../api/client';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { notifyError, notifySuccess } from '../../components/notify';
import { formatDate } from '../../lib/format';
import { type Finding, type FindingChange, useChangeFinding } from './findings.api';

function todayPlus(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

interface ActionFormProps {
  finding: Finding;
  onDone: () => void;
}

function AcknowledgeForm({ finding, onDone }: ActionFormProps) {
  const change = useChangeFinding();
  const form = useForm({
    initialValues: { note: finding.state === 'acknowledged' ? (finding.note ?? '') : '' },
    validate: { note: (v) => (v.trim() ? null : 'Say what is being done about it, and by whom') },
  });
  const submit = form.onSubmit(({ note }) =>
    run(change, finding, { action: 'acknowledge', note: note.trim() }, form.setErrors, () => {
      notifySuccess('The finding is acknowledged. It counts half towards the health score while it lasts.', 'Acknowledged');
      onDone();
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormErrorAlert
          error={change.error}
          knownFields={(f) => f === 'note'}
          conflictMessage="Someone changed this finding since you opened it. Close this dialog to see it as it is now."
        />
        <Text size="sm">Acknowledging says someone owns this. It stays on the list until the check no longer reports it.</Text>
        <Textarea
          label="Note"
          description="What is being done about it, and by whom"
          required
          autosize
          minRows={3}
          maxLength={2000}
          data-autofocus
          {...form.getInputProps('note')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={change.isPending}>
            Acknowledge finding
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function SnoozeForm({ finding, onDone }: ActionFormProps) {
  const change = useChangeFinding();
  const min = todayPlus(1);
  const max = todayPlus(366);
  const form = useForm({
    initialValues: { until: todayPlus(14), reason: '' },
    validate: {
      until: (v) =>
        !v ? 'Choose the day it should come back' : v < min ? 'Choose a date after today' : v > max ? 'Choose a date within a year' : null,
      reason: (v) => (v.trim() ? null : 'Say why it can wait'),
    },
  });
  const submit = form.onSubmit(({ until, reason }) =>
    run(change, finding, { action: 'snooze', until, reason: reason.trim() }, form.setErrors, () => {
      notifySuccess(`The finding is snoozed until ${formatDate(until)}. It comes back then if the check still reports it.`, 'Snoozed');
      onDone();
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormErrorAlert
          error={change.error}
          knownFields={(f) => f === 'until' || f === 'reason'}
          conflictMessage="Someone changed this finding since you opened it. Close this dialog to see it as it is now."
        />
        <Text size="sm">A snoozed finding does not count towards the health score until the day it comes back.</Text>
        <TextInput
          type="date"
          label="Snooze until"
          description="It comes back on this day"
          required
          min={min}
          max={max}
          data-autofocus
          {...form.getInputProps('until')}
        />
        <Textarea
          label="Reason"
          description="Why it can wait until then"
          required
          autosize
          minRows={2}
          maxLength={2000}
          {...form.getInputProps('reason')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={change.isPending}>
            Snooze finding
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function run(
  change: ReturnType<typeof useChangeFinding>,
  finding: Finding,
  what: FindingChange,
  setErrors: (errors: Record<string, string>) => void,
  onSuccess: () => void,
) {
  change.mutate(
    { finding, change: what },
    {
      onSuccess,
      onError: (error) => {
        if (error instanceof ApiError && error.fields) setErrors(error.fields);
      },
    },
  );
}

/** Acknowledge / Snooze / Reopen for a finding the user may handle. */
export function FindingActions({ finding }: { finding: Finding }) {
  const [ackOpen, ack] = useDisclosure(false);
  const [snoozeOpen, snooze] = useDisclosure(false);
  const reopen = useChangeFinding();
  if (!finding.permissions.manage || finding.state === 'resolved') return null;
  const name = `“${finding.title}”`;
  const ackLabel = finding.state === 'acknowledged' ? 'Change note' : 'Acknowledge';
  const snoozeLabel = finding.state === 'snoozed' ? 'Change snooze' : 'Snooze';
  // The accessible name starts with the visible words and says which finding.
  return (
    <Group gap="xs">
      <Button size="xs" onClick={ack.open} aria-label={`${ackLabel} ${name}`}>
        {ackLabel}
      </Button>
      <Button size="xs" variant="default" onClick={snooze.open} aria-label={`${snoozeLabel} ${name}`}>
        {snoozeLabel}
      </Button>
      {(finding.state === 'acknowledged' || finding.state === 'snoozed') && (
        <Button
          size="xs"
          variant="subtle"
          aria-label={`Reopen ${name}`}
          loading={reopen.isPending}
          onClick={() =>
            reopen.mutate(
              { finding, change: { action: 'reopen' } },
              {
                onSuccess: () => notifySuccess('The finding is open again.', 'Reopened'),
                onError: (error) => notifyError(error, 'Could not reopen the finding'),
              },
            )
          }
        >
          Reopen
        </Button>
      )}
      <Modal opened={ackOpen} onClose={ack.close} title="Acknowledge finding" size="lg">
        <Text fw={600} size="sm" mb="sm">
          {finding.title}
        </Text>
        {ackOpen && <AcknowledgeForm finding={finding} onDone={ack.close} />}
      </Modal>
      <Modal opened={snoozeOpen} onClose={snooze.close} title="Snooze finding" size="lg">
        <Text fw={600} size="sm" mb="sm">
          {finding.title}
        </Text>
        {snoozeOpen && <SnoozeForm finding={finding} onDone={snooze.close} />}
      </Modal>
    </Group>
  );
}
