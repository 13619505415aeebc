/** The forms of the actions on an invoice: return, approve, schedule, pay or credit, correct the received date. */
import { Alert, Button, Checkbox, Group, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { useServerFieldErrors } from '../../components/formHelpers';
import { notifySuccess } from '../../components/notify';
import { formatDate, formatMoney, plural } from '../../lib/format';
import {
  type Invoice,
  type PaymentKind,
  useApproveInvoice,
  useInvoiceInterest,
  useRecordPayment,
  useReturnInvoice,
  useScheduleInvoice,
  useUpdateInvoice,
} from './invoices.api';
import { cleanDecimal, currencyDecimals, daysBetween, todayIso } from './vocabulary';

const CONFLICT = 'This invoice changed since you opened the page. Close the form to see it as it is now.';

function Buttons({ label, pending, onCancel, color }: { label: string; pending: boolean; onCancel: () => void; color?: string }) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={pending} color={color}>
        {label}
      </Button>
    </Group>
  );
}

/** Return a received invoice to the vendor as defective, with the reasons (procurement). */
export function ReturnForm({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  const send = useReturnInvoice(invoice);
  const failed = invoice.checklist.filter((c) => !c.ok).map((c) => `${c.label}: ${c.message}`);
  const form = useForm({
    initialValues: { reasons: failed.join('\n'), note: '' },
    validate: { reasons: (v) => (v.trim() ? null : 'Say what is wrong, so the vendor can correct it') },
  });
  useServerFieldErrors(form, send.error);
  const submit = form.onSubmit((v) =>
    send.mutate(
      {
        reasons: v.reasons
          .split('\n')
          .map((r) => r.trim())
          .filter(Boolean),
        note: v.note.trim(),
      },
      {
        onSuccess: () => {
          notifySuccess(`Invoice ${invoice.vendorInvoiceNumber} was returned to ${invoice.vendor.name} to correct.`, 'Invoice returned');
          onDone();
        },
      },
    ),
  );
  const deadline = invoice.clock.defectReturnDeadline;
  return (
    <form onSubmit={submit} noValidate aria-label="Return the invoice as defective">
      <FormErrorAlert error={send.error} knownFields={(f) => f === 'reasons' || f === 'note'} conflictMessage={CONFLICT} />
      <Stack gap="sm">
        <Text size="sm">
          The vendor sees the reasons and sends the invoice again, corrected; its payment clock starts again when it arrives.
          {deadline &&
            (todayIso() > deadline
              ? ` The deadline to return it was ${formatDate(deadline)}: the days of delay come off the time to pay the corrected invoice.`
              : ` Return it by ${formatDate(deadline)}.`)}
        </Text>
        <Textarea
          label="Reasons"
          description="One per line; the vendor sees them"
          required
          autosize
          minRows={3}
          data-autofocus
          {...form.getInputProps('reasons')}
        />
        <Textarea label="Note to the vendor" autosize minRows={2} {...form.getInputProps('note')} />
        <Buttons label="Return as defective" pending={send.isPending} onCancel={onDone} color="red" />
      </Stack>
    </form>
  );
}

/** The buyer confirms that what the invoice bills was received and accepted. */
export function ApproveForm({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  const approve = useApproveInvoice(invoice);
  const today = todayIso();
  const form = useForm({
    initialValues: { acceptedDate: today, note: '' },
    validate: {
      acceptedDate: (v) => (!v ? 'Give the date it was accepted' : v > today ? 'The acceptance date cannot be in the future' : null),
    },
  });
  useServerFieldErrors(form, approve.error);
  const submit = form.onSubmit((v) =>
    approve.mutate(
      { acceptedDate: v.acceptedDate, note: v.note.trim() },
      {
        onSuccess: (saved) => {
          notifySuccess(
            `Invoice ${invoice.vendorInvoiceNumber} is approved${saved.dueDate ? `; payment is due on ${formatDate(saved.dueDate)}` : ''}.`,
            'Invoice approved',
          );
          onDone();
        },
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Approve the invoice">
      <FormErrorAlert error={approve.error} knownFields={(f) => f === 'acceptedDate' || f === 'note'} conflictMessage={CONFLICT} />
      <Stack gap="sm">
        <Text size="sm">
          Approve when the goods or services billed were received and meet the contract. The acceptance date counts for the due date
          {invoice.rulePack === 'us-far' ? ': payment is due 30 days after receipt or acceptance, whichever is later' : ''}.
        </Text>
        <TextInput type="date" label="Accepted on" required max={today} maw={260} data-autofocus {...form.getInputProps('acceptedDate')} />
        <Textarea label="Note" description="For example, what you checked" autosize minRows={2} {...form.getInputProps('note')} />
        <Buttons label="Approve invoice" pending={approve.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

/** Schedule an approved invoice for payment (procurement). */
export function ScheduleForm({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  const schedule = useScheduleInvoice(invoice);
  const today = todayIso();
  const due = invoice.dueDate;
  const form = useForm({
    initialValues: { scheduledDate: invoice.clock.scheduledDate ?? (due && due > today ? due : today), note: '' },
    validate: {
      scheduledDate: (v) => (!v ? 'Give the payment date' : v < today ? 'The payment date cannot be in the past' : null),
    },
  });
  useServerFieldErrors(form, schedule.error);
  const date = form.values.scheduledDate;
  const submit = form.onSubmit((v) =>
    schedule.mutate(
      { scheduledDate: v.scheduledDate, note: v.note.trim() },
      {
        onSuccess: () => {
          notifySuccess(
            `Invoice ${invoice.vendorInvoiceNumber} is scheduled for payment on ${formatDate(v.scheduledDate)}.`,
            'Payment scheduled',
          );
          onDone();
        },
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Schedule the payment">
      <FormErrorAlert error={schedule.error} knownFields={(f) => f === 'scheduledDate' || f === 'note'} conflictMessage={CONFLICT} />
      <Stack gap="sm">
        <TextInput type="date" label="Pay on" required min={today} maw={260} data-autofocus {...form.getInputProps('scheduledDate')} />
        {due && date && date > due && (
          <Text size="sm" c="red.8">
            That is {plural(daysBetween(due, date), 'day')} after the due date ({formatDate(due)}): late-payment interest will be owed.
          </Text>
        )}
        {due && date && invoice.rulePack === 'us-far' && daysBetween(date, due) > 7 && (
          <Text size="sm" c="orange.9">
            That is more than 7 days before the due date ({formatDate(due)}): the US Prompt Payment rules flag payments that early.
          </Text>
        )}
        <Textarea label="Note" autosize minRows={2} {...form.getInputProps('note')} />
        <Buttons label="Schedule payment" pending={schedule.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

/** What paying the outstanding amount on a date would carry in interest, as the API works it out. */
function InterestPreview({ invoice, date }: { invoice: Invoice; date: string }) {
  const [asOf] = useDebouncedValue(date, 300);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(asOf) && asOf <= todayIso() && !!invoice.dueDate;
  const interest = useInvoiceInterest(invoice.id, valid, asOf);
  if (!invoice.dueDate) return null;
  if (!valid || !interest.data) return null;
  const a = interest.data.accrued;
  let text: ReactNode;
  if (a && a.daysLate > 0)
    text = (
      <>
        Paid on {formatDate(asOf)}, the outstanding {formatMoney(interest.data.outstanding, invoice.currency)} is{' '}
        <strong>{plural(a.daysLate, 'day')} late</strong>: late-payment interest of{' '}
        <strong>{formatMoney(a.total, invoice.currency)}</strong>
        {a.payable ? ' is owed with it' : ', which need not be paid (under the minimum)'}. Steward records it with the payment unless you
        give another figure.
      </>
    );
  else if (interest.data.message) text = interest.data.message;
  else return null;
  return (
    <Alert color={a && a.daysLate > 0 ? 'orange' : 'blue'} title={a && a.daysLate > 0 ? 'Paid late' : 'On time'}>
      <Text size="sm">{text}</Text>
    </Alert>
  );
}

/** Record a payment (full or partial) or a credit note (procurement). */
export function PaymentForm({ invoice, kind, onDone }: { invoice: Invoice; kind: PaymentKind; onDone: () => void }) {
  const pay = useRecordPayment(invoice);
  const today = todayIso();
  const dp = currencyDecimals(invoice.currency);
  const money = (what: string, required: boolean) => (v: string) => {
    if (!v.trim()) return required ? `Give the ${what}` : null;
    const clean = cleanDecimal(v);
    if (clean === null) return `Give the ${what} as an amount such as 1250.00`;
    if ((clean.split('.')[1] ?? '').length > dp) return `Use at most ${dp} decimal places in ${invoice.currency}`;
    return null;
  };
  const form = useForm({
    initialValues: { kind, date: today, amount: invoice.outstanding, reference: '', interestPaid: '' },
    validate: {
      date: (v) =>
        !v ? 'Give the date' : v > today ? 'Cannot be in the future' : v < invoice.invoiceDate ? 'Cannot be before the invoice date' : null,
      amount: (v) => money('amount', true)(v) ?? (Number(cleanDecimal(v)) > 0 ? null : 'Must be more than zero'),
      reference: (v, all) => (all.kind === 'payment' && !v.trim() ? 'Give the remittance or transfer reference' : null),
      interestPaid: (v, all) => (all.kind === 'payment' ? money('interest', false)(v) : null),
    },
  });
  useServerFieldErrors(form, pay.error);
  const isPayment = form.values.kind === 'payment';
  const submit = form.onSubmit((v) =>
    pay.mutate(
      {
        kind: v.kind,
        date: v.date,
        amount: cleanDecimal(v.amount) ?? v.amount,
        reference: v.reference.trim(),
        ...(v.kind === 'payment' && v.interestPaid.trim() ? { interestPaid: cleanDecimal(v.interestPaid) ?? v.interestPaid } : {}),
      },
      {
        onSuccess: (saved) => {
          const last = saved.payments.at(-1);
          notifySuccess(
            `${v.kind === 'payment' ? 'Payment' : 'Credit note'} of ${formatMoney(cleanDecimal(v.amount), invoice.currency)} recorded${
              last && Number(last.interestPaid) > 0
                ? `, with ${formatMoney(last.interestPaid, invoice.currency)} late-payment interest`
                : ''
            }. ${saved.state === 'paid' ? 'The invoice is paid in full.' : `${formatMoney(saved.outstanding, invoice.currency)} is still owed.`}`,
            v.kind === 'payment' ? 'Payment recorded' : 'Credit note recorded',
          );
          onDone();
        },
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate aria-label={kind === 'payment' ? 'Record a payment' : 'Record a credit note'}>
      <FormErrorAlert
        error={pay.error}
        knownFields={(f) => ['kind', 'date', 'amount', 'reference', 'interestPaid'].includes(f)}
        conflictMessage={CONFLICT}
      />
      <Stack gap="sm">
        <Text size="sm">
          {formatMoney(invoice.outstanding, invoice.currency)} is still owed on this invoice
          {invoice.dueDate ? `; it is due on ${formatDate(invoice.dueDate)}` : ''}.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            type="date"
            label={isPayment ? 'Paid on' : 'Credit note dated'}
            required
            max={today}
            data-autofocus
            {...form.getInputProps('date')}
          />
          <TextInput label={`Amount (${invoice.currency})`} required inputMode="decimal" {...form.getInputProps('amount')} />
          <TextInput
            label={isPayment ? 'Payment reference' : 'Credit note number'}
            description={isPayment ? 'The remittance or transfer reference' : undefined}
            required={isPayment}
            {...form.getInputProps('reference')}
          />
        </SimpleGrid>
        {isPayment && <InterestPreview invoice={invoice} date={form.values.date} />}
        {isPayment && invoice.dueDate && invoice.rulePack === 'us-far' && daysBetween(form.values.date, invoice.dueDate) > 7 && (
          <Text size="sm" c="orange.9">
            That is more than 7 days before the due date ({formatDate(invoice.dueDate)}): unless the contract allows accelerated payment,
            the payment is flagged as early.
          </Text>
        )}
        {isPayment && (
          <TextInput
            label={`Late-payment interest paid with it (${invoice.currency})`}
            description="Leave empty to record the interest Steward works out"
            inputMode="decimal"
            maw={360}
            {...form.getInputProps('interestPaid')}
          />
        )}
        <Buttons label={isPayment ? 'Record payment' : 'Record credit note'} pending={pay.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

/** Correct the received date or its stamp (procurement), with the reason kept in the audit log. */
export function ReceivedDateForm({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  const update = useUpdateInvoice(invoice);
  const today = todayIso();
  const form = useForm({
    initialValues: { receivedDate: invoice.receivedDate, receiptStamped: invoice.receiptStamped, reason: '' },
    validate: {
      receivedDate: (v) =>
        !v ? 'Give the date' : v > today ? 'Cannot be in the future' : v < invoice.invoiceDate ? 'Cannot be before the invoice date' : null,
      reason: (v) => (v.trim() ? null : 'Say why the date changes: it is kept in the audit log'),
    },
  });
  useServerFieldErrors(form, update.error);
  const submit = form.onSubmit((v) =>
    update.mutate(
      { receivedDate: v.receivedDate, receiptStamped: v.receiptStamped, reason: v.reason.trim() },
      {
        onSuccess: (saved) => {
          notifySuccess(
            `The received date is now ${formatDate(saved.receivedDate)}${saved.dueDate ? `; payment is due on ${formatDate(saved.dueDate)}` : ''}.`,
            'Received date corrected',
          );
          onDone();
        },
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Correct the received date">
      <FormErrorAlert
        error={update.error}
        knownFields={(f) => ['receivedDate', 'receiptStamped', 'reason'].includes(f)}
        conflictMessage={CONFLICT}
      />
      <Stack gap="sm">
        <Text size="sm">
          The payment clock counts from the date the invoice was received. Correct it only to match the date it really arrived; the change
          and its reason are kept in the invoice's history and the audit log.
        </Text>
        <TextInput
          type="date"
          label="Received on"
          required
          max={today}
          min={invoice.invoiceDate}
          maw={260}
          data-autofocus
          {...form.getInputProps('receivedDate')}
        />
        <Checkbox label="The invoice was date-stamped on receipt" {...form.getInputProps('receiptStamped', { type: 'checkbox' })} />
        <Textarea label="Reason for the correction" required autosize minRows={2} {...form.getInputProps('reason')} />
        <Buttons label="Correct received date" pending={update.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}
