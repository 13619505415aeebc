import { Alert, Button, Group, Radio, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useId } from 'react';
import { ApiError } from '../../api/client';
import type { Ref } from '../../api/types';
import { notifySuccess } from '../../components/notify';
import { useMe } from '../auth/session';
import { type AnswerStatus, type ContractQuestion, type Round, STANDING_LABELS, useAnswerQuestion } from './questions.api';

const STATUS_OPTIONS: { value: AnswerStatus; help: string }[] = [
  { value: 'on_track', help: 'Working as intended; nothing to act on.' },
  { value: 'at_risk', help: 'A problem is building up; say what is being done.' },
  { value: 'off_track', help: 'Not working; action is needed now.' },
  { value: 'not_applicable', help: 'The question does not apply to this contract; say why.' },
];

interface Values {
  status: AnswerStatus | '';
  text: string;
  ownerUserId: string | null;
}

interface AnswerFormProps {
  contractId: string;
  question: ContractQuestion;
  round: Round;
  owners: Ref[];
  /** The contract's owner for the question's team: the owner of a first answer unless someone else is chosen. */
  defaultOwnerId: string | null;
  onDone: () => void;
}

/** Answer a key question for the current round, or update this round's answer (with its version). */
export function AnswerForm({ contractId, question, round, owners, defaultOwnerId, onDone }: AnswerFormProps) {
  const me = useMe();
  const save = useAnswerQuestion(contractId, question.id);
  const current = question.answeredThisRound ? question.answer : null;
  const previous = question.answer;
  const form = useForm<Values>({
    initialValues: {
      status: current?.status ?? '',
      text: current?.text ?? '',
      ownerUserId: previous?.owner?.id ?? [defaultOwnerId, me.id].find((id) => id && owners.some((o) => o.id === id)) ?? null,
    },
    validate: {
      status: (v) => (v ? null : 'Choose a status'),
      text: (v) => (v.trim() ? null : 'Say briefly why: what you see, and what is being done'),
    },
  });
  const baseId = useId();
  const ownerData = owners.map((o) => ({ value: o.id, label: o.name }));
  // Keep a current owner selectable even if they could no longer be chosen (so the field is honest).
  if (previous?.owner && !ownerData.some((o) => o.value === previous.owner?.id))
    ownerData.unshift({ value: previous.owner.id, label: previous.owner.name });

  const submit = form.onSubmit((values) =>
    save.mutate(
      {
        status: values.status as AnswerStatus,
        text: values.text.trim(),
        ownerUserId: values.ownerUserId,
        round: round.id,
        ...(current ? { version: current.version } : {}),
      },
      {
        onSuccess: () => {
          notifySuccess(`Saved as “${STANDING_LABELS[values.status as AnswerStatus]}” for ${round.label}.`, 'Answer saved');
          onDone();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.fields) form.setErrors(error.fields);
        },
      },
    ),
  );

  const stale = save.error instanceof ApiError && (save.error.status === 412 || save.error.status === 428);

  return (
    <form onSubmit={submit} noValidate aria-label={`${current ? 'Update the answer to' : 'Answer'}: ${question.text}`}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {current ? `You are changing the answer for ${round.label}.` : `Your answer is recorded for ${round.label}.`}
        </Text>
        {save.error && (
          <Alert color="red" role="alert" title={stale ? 'Someone else answered meanwhile' : 'The answer was not saved'}>
            {stale
              ? 'Another answer was saved since you opened this question. Close the form to see it, then update it if needed.'
              : save.error.message}
          </Alert>
        )}
        <Radio.Group label="Status" required {...form.getInputProps('status')} name={`${baseId}-status`}>
          <Stack gap={6} mt={6}>
            {STATUS_OPTIONS.map((o) => (
              <Radio key={o.value} value={o.value} label={STANDING_LABELS[o.value]} description={o.help} />
            ))}
          </Stack>
        </Radio.Group>
        <Textarea
          label="Answer"
          description="What you see, and what is being done about it."
          required
          autosize
          minRows={3}
          maxRows={10}
          maxLength={5000}
          {...form.getInputProps('text')}
        />
        <Select
          label="Owner"
          description="Who follows this question up."
          placeholder="Choose an owner"
          data={ownerData}
          searchable
          clearable
          nothingFoundMessage="No one matches"
          {...form.getInputProps('ownerUserId')}
        />
        <Group gap="sm">
          <Button type="submit" loading={save.isPending}>
            Save answer
          </Button>
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
