import { Alert, Button, FileInput, Group, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ApiError } from '../../api/client';
import type { Contract } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { notifyError, notifySuccess } from '../../components/notify';
import { formatDate } from '../../lib/format';
import { type Decision, type Deliverable, useDecide, useMarkDelivered, useSetDispute } from './milestones.api';
import { DECISION_LABELS, todayIso } from './vocabulary';

/** Mark a deliverable delivered, with the delivery's files: the vendor's action (and the contract team's). */
export function DeliveryForm({ contract, deliverable, onDone }: { contract: Contract; deliverable: Deliverable; onDone: () => void }) {
  const mark = useMarkDelivered(contract.id);
  const form = useForm<{ deliveredDate: string; files: File[] }>({
    initialValues: { deliveredDate: todayIso(), files: [] },
    validate: {
      deliveredDate: (v) => (!v ? 'Give the delivery date' : v > todayIso() ? 'The delivery date cannot be in the future' : null),
    },
  });
  const submit = form.onSubmit((values) =>
    mark.mutate(
      { deliverable, deliveredDate: values.deliveredDate, files: values.files },
      {
        onSuccess: ({ failed }) => {
          notifySuccess(`“${deliverable.title}” is marked delivered on ${formatDate(values.deliveredDate)}.`, 'Delivery recorded');
          if (failed.length)
            notifyError(
              new Error(`The delivery is recorded, but ${failed.map((f) => `${f.name} (${f.message})`).join(', ')} could not be uploaded.`),
              'Some files were not uploaded',
            );
          onDone();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.fields) form.setErrors(error.fields);
        },
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Mark delivered">
      <FormErrorAlert
        error={mark.error}
        knownFields={(f) => f === 'deliveredDate'}
        conflictMessage="This deliverable changed since you opened the page. Close the form to see it as it is now."
      />
      <Stack gap="sm">
        {deliverable.decision === 'rejected' && (
          <Text size="sm">This deliverable was rejected. A new delivery asks the buyer for a new decision.</Text>
        )}
        <TextInput type="date" label="Delivered on" required max={todayIso()} maw={260} {...form.getInputProps('deliveredDate')} />
        <FileInput
          label="Delivery files"
          description="The delivered work or its evidence: release notes, model card, reports"
          placeholder="Choose files"
          multiple
          clearable
          clearButtonProps={{ 'aria-label': 'Clear the chosen files' }}
          {...form.getInputProps('files')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mark.isPending}>
            Mark delivered
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const CHOICES: { value: Exclude<Decision, 'pending'>; help: string }[] = [
  { value: 'accepted', help: 'The deliverable meets its acceptance criteria.' },
  { value: 'accepted_with_conditions', help: 'Accepted, with conditions the vendor must still meet. List them.' },
  { value: 'rejected', help: 'It does not meet the criteria. Say why, so the vendor can deliver again.' },
];

/** The buyer's acceptance decision. Vendors never see this form. */
export function DecisionForm({ contract, deliverable, onDone }: { contract: Contract; deliverable: Deliverable; onDone: () => void }) {
  const decide = useDecide(contract.id);
  const lastRun = deliverable.testPlan?.runs.at(-1);
  const form = useForm<{ decision: Exclude<Decision, 'pending'> | ''; reasons: string }>({
    initialValues: { decision: '', reasons: '' },
    validate: {
      decision: (v) => (v ? null : 'Choose a decision'),
      reasons: (v, all) =>
        all.decision === 'rejected' && !v.trim()
          ? 'Say why the deliverable is rejected'
          : all.decision === 'accepted_with_conditions' && !v.trim()
            ? 'List the conditions of the acceptance'
            : null,
    },
  });
  const submit = form.onSubmit((values) =>
    decide.mutate(
      { deliverable, decision: values.decision as Exclude<Decision, 'pending'>, reasons: values.reasons.trim() },
      {
        onSuccess: (d) => {
          notifySuccess(`“${d.title}”: ${DECISION_LABELS[d.decision].toLowerCase()}.`, 'Decision recorded');
          onDone();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.fields) form.setErrors(error.fields);
        },
      },
    ),
  );
  const reasonsLabel = form.values.decision === 'accepted_with_conditions' ? 'Conditions' : 'Reasons';
  return (
    <form onSubmit={submit} noValidate aria-label="Record the acceptance decision">
      <FormErrorAlert
        error={decide.error}
        knownFields={(f) => f === 'decision' || f === 'reasons'}
        conflictMessage="This deliverable changed since you opened the page. Close the form to see it as it is now."
      />
      <Stack gap="sm">
        {lastRun && !lastRun.passed && form.values.decision.startsWith('accepted') && (
          <Alert color="orange" title="The latest evaluation run failed">
            Steward advises against accepting until a new run passes.
          </Alert>
        )}
        <Radio.Group label="Decision" required {...form.getInputProps('decision')}>
          <Stack gap="xs" mt={6}>
            {CHOICES.map((c) => (
              <Radio key={c.value} value={c.value} label={DECISION_LABELS[c.value]} description={c.help} />
            ))}
          </Stack>
        </Radio.Group>
        <Textarea
          label={reasonsLabel}
          required={form.values.decision === 'rejected' || form.values.decision === 'accepted_with_conditions'}
          autosize
          minRows={2}
          maxRows={8}
          {...form.getInputProps('reasons')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={decide.isPending}>
            Record decision
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Record or withdraw a dispute: under us-far it stops acceptance counting as made on the 7th day. */
export function DisputeButton({ contract, deliverable }: { contract: Contract; deliverable: Deliverable }) {
  const dispute = useSetDispute(contract.id);
  return (
    <Button
      variant="default"
      size="sm"
      loading={dispute.isPending}
      onClick={() =>
        dispute.mutate(
          { deliverable, disputed: !deliverable.disputed },
          {
            onSuccess: () =>
              notifySuccess(
                deliverable.disputed ? 'The dispute is withdrawn.' : 'The dispute is recorded.',
                deliverable.disputed ? 'Dispute withdrawn' : 'Dispute recorded',
              ),
            onError: (e) => notifyError(e, 'Could not change the dispute'),
          },
        )
      }
    >
      {deliverable.disputed ? 'Withdraw the dispute' : 'Record a dispute'}
    </Button>
  );
}
