import { Badge, Button, type ButtonProps, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { notifyError, notifySuccess } from '../../components/notify';
import { formatDate } from '../../lib/format';
import { type Deadline, type DeadlineState, useUpdateDeadline } from './calendar.api';
import { daysFrom } from './calendarDates';

/** A deadline's state as a badge; an open one past its date says "Overdue". Colour is never the only cue. */
export function DeadlineStateBadge({ deadline, today }: { deadline: Pick<Deadline, 'state' | 'dueDate'>; today: string }) {
  if (deadline.state === 'done') return <Badge color="green">Done</Badge>;
  if (deadline.state === 'waived') return <Badge color="gray">Waived</Badge>;
  if (daysFrom(today, deadline.dueDate) < 0) return <Badge color="red">Overdue</Badge>;
  return <Badge color="blue">Open</Badge>;
}

/** Mark done, waive (asks for a reason) or reopen, for users who may change the deadline. */
export function DeadlineActions({ deadline, size = 'compact-sm' }: { deadline: Deadline; size?: ButtonProps['size'] }) {
  const update = useUpdateDeadline();
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!deadline.permissions.update) return null;
  const name = `${deadline.contract.reference}: ${deadline.title}`;

  const change = (state: DeadlineState, why?: string) =>
    update.mutate(
      { deadline, state, reason: why },
      {
        onSuccess: () => {
          notifySuccess(
            state === 'done' ? `“${name}” is marked done.` : state === 'waived' ? `“${name}” is waived.` : `“${name}” is open again.`,
            'Deadline updated',
          );
          close();
          setReason('');
        },
        onError: (e) => {
          if (e instanceof ApiError && e.fields?.reason) setError(`Reason ${e.fields.reason}`);
          else {
            notifyError(e, 'Could not change the deadline');
            close();
          }
        },
      },
    );

  const busy = update.isPending ? update.variables?.state : null;

  return (
    <>
      <Group gap="xs" wrap="nowrap">
        {deadline.state === 'open' ? (
          <>
            <Button size={size} variant="light" aria-label={`Mark done: ${name}`} loading={busy === 'done'} onClick={() => change('done')}>
              Mark done
            </Button>
            <Button
              size={size}
              variant="subtle"
              color="gray"
              aria-label={`Waive: ${name}`}
              onClick={() => {
                setError(null);
                open();
              }}
            >
              Waive…
            </Button>
          </>
        ) : (
          <Button size={size} variant="subtle" aria-label={`Reopen: ${name}`} loading={busy === 'open'} onClick={() => change('open')}>
            Reopen
          </Button>
        )}
      </Group>
      <Modal opened={opened} onClose={close} title="Waive this deadline?" centered>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!reason.trim()) {
              setError('Say why this deadline no longer needs action.');
              return;
            }
            change('waived', reason.trim());
          }}
          noValidate
        >
          <Stack gap="sm">
            <Text size="sm">
              <strong>{name}</strong>, due {formatDate(deadline.dueDate)}. A waived deadline leaves the calendar and sends no more
              reminders; the reason is kept in the audit log.
            </Text>
            <Textarea
              label="Reason"
              description="For example: “Superseded by the framework agreement”."
              required
              autosize
              minRows={2}
              maxLength={1000}
              value={reason}
              error={error}
              onChange={(event) => {
                setReason(event.currentTarget.value);
                setError(null);
              }}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={busy === 'waived'}>
                Waive deadline
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
