import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { useServerFieldErrors } from '../../components/formHelpers';
import { notifySuccess } from '../../components/notify';
import { formatDate } from '../../lib/format';
import { type UsageException, type UsageService, useDecideService, useRaiseException } from './usage.api';
import { billedText } from './vocabulary';

/** Procurement approves or rejects a catalog request; a rejection says why. */
export function DecisionForm({ contractId, service, onDone }: { contractId: string; service: UsageService; onDone: () => void }) {
  const decide = useDecideService(contractId);
  const [decision, setDecision] = useState<'approved' | 'rejected' | null>(null);
  const form = useForm<{ note: string }>({ initialValues: { note: '' } });
  useServerFieldErrors(form, decide.error);

  const send = (d: 'approved' | 'rejected') => {
    if (d === 'rejected' && !form.values.note.trim()) {
      form.setFieldError('note', 'Say why the request is rejected');
      return;
    }
    setDecision(d);
    decide.mutate(
      { service, decision: d, note: form.values.note.trim() },
      {
        onSuccess: (s) => {
          notifySuccess(
            d === 'approved' ? `“${s.name}” is in the catalog; its usage is matched again.` : `The request for “${s.name}” was rejected.`,
            d === 'approved' ? 'Request approved' : 'Request rejected',
          );
          onDone();
        },
      },
    );
  };

  return (
    <form
      aria-label={`Decide on ${service.name}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        send('approved');
      }}
    >
      <FormErrorAlert
        error={decide.error}
        knownFields={(f) => f === 'note'}
        conflictMessage="Someone changed this request since you opened it. Close this dialog to see it as it is now."
      />
      <Stack gap="sm">
        <Text size="sm">
          {service.requestedBy ? `${service.requestedBy.name} asked` : 'Asked'} on {formatDate(service.requestedAt)} to add “{service.name}”
          to the catalog. Approving it matches the contract's stored usage again, so unmatched usage it covers is resolved.
        </Text>
        <Textarea
          label="Note"
          description="Required when you reject the request"
          autosize
          minRows={2}
          maxRows={6}
          data-autofocus
          {...form.getInputProps('note')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button color="red" variant="outline" onClick={() => send('rejected')} loading={decide.isPending && decision === 'rejected'}>
            Reject request
          </Button>
          <Button type="submit" loading={decide.isPending && decision === 'approved'}>
            Approve request
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Record that unapproved usage was raised with the team that ran it, with what was asked. */
export function RaiseForm({
  contractId,
  currency,
  exception,
  onDone,
}: {
  contractId: string;
  currency: string;
  exception: UsageException;
  onDone: () => void;
}) {
  const raise = useRaiseException(contractId);
  const form = useForm<{ note: string }>({
    initialValues: { note: exception.note },
    validate: { note: (v) => (v.trim() ? null : 'Say what you asked the team to do') },
  });
  useServerFieldErrors(form, raise.error);
  const what = exception.serviceName ?? exception.skuId ?? 'This usage';
  const submit = form.onSubmit((v) =>
    raise.mutate(
      { exception, note: v.note.trim() },
      {
        onSuccess: () => {
          notifySuccess(`The note on “${what}” is saved; the finding stays open until the usage is resolved.`, 'Raised with the team');
          onDone();
        },
      },
    ),
  );
  return (
    <form aria-label={`Raise ${what} with the team`} noValidate onSubmit={submit}>
      <FormErrorAlert error={raise.error} knownFields={(f) => f === 'note'} />
      <Stack gap="sm">
        <Text size="sm">
          “{what}”{exception.subAccountId ? ` in sub-account ${exception.subAccountId}` : ''} has cost{' '}
          {billedText(exception.billedCost, currency)} since {formatDate(exception.firstSeen)}. Say who you asked about it and what they
          should do (stop it, or ask for it to be added to the catalog).
        </Text>
        <Textarea label="Note" required autosize minRows={3} maxRows={8} data-autofocus {...form.getInputProps('note')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={raise.isPending}>
            Save note
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
