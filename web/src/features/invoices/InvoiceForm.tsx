import {
  Alert,
  Box,
  Button,
  Checkbox,
  Divider,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from '@tanstack/react-router';
import { useRef } from 'react';
import type { Contract } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { useServerFieldErrors } from '../../components/formHelpers';
import { Money } from '../../components/Money';
import { notifySuccess } from '../../components/notify';
import { RepeatableRows } from '../../components/RepeatableRows';
import { formatDate } from '../../lib/format';
import { useDeliverables, useMilestones } from '../milestones/milestones.api';
import { type Invoice, type InvoiceInput, useSaveInvoice } from './invoices.api';
import { cleanDecimal, currencyDecimals, lineAmount, sumAmounts, todayIso } from './vocabulary';

interface LineValues {
  lineItemNumber: string;
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  milestoneId: string;
  deliverableId: string;
  usagePeriodStart: string;
  usagePeriodEnd: string;
}

interface Values {
  vendorInvoiceNumber: string;
  invoiceDate: string;
  receivedDate: string;
  receiptStamped: boolean;
  billingPeriodStart: string;
  billingPeriodEnd: string;
  deliveredDate: string;
  lines: LineValues[];
  tax: string;
  contractorName: string;
  contractorAddress: string;
  contractNumber: string;
  paymentTerms: string;
  remitTo: string;
  defectContact: string;
  notes: string;
}

const HEADER_FIELDS = [
  'vendorInvoiceNumber',
  'invoiceDate',
  'receivedDate',
  'receiptStamped',
  'billingPeriodStart',
  'billingPeriodEnd',
  'deliveredDate',
  'lines',
  'tax',
  'subtotal',
  'total',
  'contractorName',
  'contractorAddress',
  'contractNumber',
  'paymentTerms',
  'remitTo',
  'defectContact',
  'notes',
];
const LINE_FIELD =
  /^lines\.\d+\.(lineItemNumber|description|quantity|unit|unitPrice|amount|milestoneId|deliverableId|usagePeriodStart|usagePeriodEnd)$/;

const blankLine = (): LineValues => ({
  lineItemNumber: '',
  description: '',
  quantity: '',
  unit: '',
  unitPrice: '',
  milestoneId: '',
  deliverableId: '',
  usagePeriodStart: '',
  usagePeriodEnd: '',
});

function initialValues(invoice: Invoice | undefined): Values {
  if (!invoice)
    return {
      vendorInvoiceNumber: '',
      invoiceDate: todayIso(),
      receivedDate: todayIso(),
      receiptStamped: true,
      billingPeriodStart: '',
      billingPeriodEnd: '',
      deliveredDate: '',
      lines: [blankLine()],
      tax: '',
      contractorName: '',
      contractorAddress: '',
      contractNumber: '',
      paymentTerms: '',
      remitTo: '',
      defectContact: '',
      notes: '',
    };
  return {
    vendorInvoiceNumber: invoice.vendorInvoiceNumber,
    invoiceDate: invoice.invoiceDate,
    receivedDate: todayIso(),
    receiptStamped: true,
    billingPeriodStart: invoice.billingPeriod?.start ?? '',
    billingPeriodEnd: invoice.billingPeriod?.end ?? '',
    deliveredDate: invoice.deliveredDate ?? '',
    lines: invoice.lines.map((l) => ({
      lineItemNumber: l.lineItemNumber,
      description: l.description,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: l.unitPrice,
      milestoneId: l.milestoneId ?? '',
      deliverableId: l.deliverableId ?? '',
      usagePeriodStart: l.usagePeriod?.start ?? '',
      usagePeriodEnd: l.usagePeriod?.end ?? '',
    })),
    tax: Number(invoice.tax) ? invoice.tax : '',
    contractorName: invoice.contractorName,
    contractorAddress: invoice.contractorAddress,
    contractNumber: invoice.contractNumber,
    paymentTerms: invoice.paymentTerms,
    remitTo: invoice.remitTo,
    defectContact: invoice.defectContact,
    notes: invoice.notes,
  };
}

/**
 * Submit an invoice (a vendor user), enter one received on paper (procurement), or send a
 * returned one again, corrected and in full. Line amounts are quantity × unit price, worked out
 * here as the API checks them; the API's own findings land on the fields they name.
 */
export function InvoiceForm({
  contract,
  vendor,
  invoice,
  onDone,
}: {
  contract: Contract;
  /** The signed-in user is the contract's vendor (the received date is Steward's stamp, not theirs). */
  vendor: boolean;
  /** A returned invoice to send again. */
  invoice?: Invoice;
  onDone: () => void;
}) {
  const navigate = useNavigate();
  const save = useSaveInvoice(contract.id, invoice);
  const milestones = useMilestones(contract.id);
  const deliverables = useDeliverables(contract.id);
  const currency = contract.currency;
  const dp = currencyDecimals(currency);
  const today = todayIso();

  const decimal = (what: string, places: number) => (v: string) => {
    if (!v.trim()) return `Give the ${what}`;
    const clean = cleanDecimal(v);
    if (clean === null) return `Give the ${what} as a number such as 7.5`;
    if ((clean.split('.')[1] ?? '').length > places) return `Use at most ${places} decimal places`;
    return null;
  };

  const form = useForm<Values>({
    initialValues: initialValues(invoice),
    validate: {
      vendorInvoiceNumber: (v) => (v.trim() ? null : 'Give the invoice number'),
      invoiceDate: (v) => (!v ? 'Give the invoice date' : v > today ? 'The invoice date cannot be in the future' : null),
      receivedDate: (v, all) =>
        vendor
          ? null
          : !v
            ? 'Give the date it was received'
            : v > today
              ? 'Cannot be in the future'
              : v < all.invoiceDate
                ? 'Cannot be before the invoice date'
                : null,
      billingPeriodEnd: (v, all) => (v && all.billingPeriodStart && v < all.billingPeriodStart ? 'Cannot be before the start' : null),
      deliveredDate: (v) => (v && v > today ? 'Cannot be in the future' : null),
      lines: {
        description: (v) => (v.trim() ? null : 'Describe what is billed'),
        quantity: decimal('quantity', 6),
        unit: (v) => (v.trim() ? null : 'Give the unit, such as hour or month'),
        unitPrice: decimal('unit price', 8),
      },
      tax: (v) => {
        if (!v.trim()) return null;
        const clean = cleanDecimal(v);
        if (clean === null) return 'Give the tax as an amount such as 120.00';
        return (clean.split('.')[1] ?? '').length > dp ? `Use at most ${dp} decimal places in ${currency}` : null;
      },
    },
  });
  useServerFieldErrors(form, save.error);
  const v = form.values;
  const amounts = v.lines.map((l) => lineAmount(l.quantity, l.unitPrice, currency));
  const subtotal = sumAmounts(amounts, currency);
  const tax = cleanDecimal(v.tax) ?? '';
  const total = sumAmounts([subtotal, tax], currency);
  const ms = milestones.data ?? [];
  const ds = deliverables.data ?? [];
  const usage = contract.pricingModel === 'usage_based' || v.lines.some((l) => l.usagePeriodStart || l.usagePeriodEnd);

  const formRef = useRef<HTMLFormElement>(null);
  /** The form is long: take the user to the first field to correct. */
  const showFirstProblem = () =>
    window.setTimeout(() => {
      const bad = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
      bad?.focus();
      bad?.scrollIntoView({ block: 'center' });
    }, 0);

  const submit = form.onSubmit((values) => {
    if (!values.lines.length) {
      form.setFieldError('lines', 'Add at least one line');
      return;
    }
    const input: InvoiceInput = {
      vendorInvoiceNumber: values.vendorInvoiceNumber.trim(),
      invoiceDate: values.invoiceDate,
      ...(vendor ? {} : { receivedDate: values.receivedDate, receiptStamped: values.receiptStamped }),
      billingPeriodStart: values.billingPeriodStart || null,
      billingPeriodEnd: values.billingPeriodEnd || null,
      deliveredDate: values.deliveredDate || null,
      currency,
      lines: values.lines.map((l, i) => ({
        lineItemNumber: l.lineItemNumber.trim(),
        description: l.description.trim(),
        quantity: cleanDecimal(l.quantity) ?? l.quantity,
        unit: l.unit.trim(),
        unitPrice: cleanDecimal(l.unitPrice) ?? l.unitPrice,
        amount: amounts[i],
        milestoneId: l.milestoneId || null,
        deliverableId: l.deliverableId || null,
        usagePeriodStart: l.usagePeriodStart || null,
        usagePeriodEnd: l.usagePeriodEnd || null,
      })),
      subtotal,
      ...(tax ? { tax } : {}),
      total,
      contractorName: values.contractorName.trim(),
      contractorAddress: values.contractorAddress.trim(),
      contractNumber: values.contractNumber.trim(),
      paymentTerms: values.paymentTerms.trim(),
      remitTo: values.remitTo.trim(),
      defectContact: values.defectContact.trim(),
      notes: values.notes,
    };
    save.mutate(input, {
      onSuccess: (saved) => {
        const verdict = saved.defective
          ? 'It fails part of the proper-invoice checklist: see what is missing on the invoice page.'
          : saved.dueDate
            ? `Payment is due on ${formatDate(saved.dueDate)}.`
            : '';
        notifySuccess(
          `Invoice ${saved.vendorInvoiceNumber} was received on ${formatDate(saved.receivedDate)}. ${verdict}`,
          invoice ? 'Corrected invoice sent' : vendor ? 'Invoice submitted' : 'Invoice entered',
        );
        onDone();
        void navigate({ to: '/invoices/$invoiceId', params: { invoiceId: saved.id } });
      },
    });
  }, showFirstProblem);

  const label = invoice ? 'Send corrected invoice' : vendor ? 'Submit invoice' : 'Enter invoice';

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      aria-label={invoice ? `Correct and send invoice ${invoice.vendorInvoiceNumber} again` : label}
    >
      <FormErrorAlert
        error={save.error}
        knownFields={(f) => HEADER_FIELDS.includes(f) || LINE_FIELD.test(f)}
        conflictMessage="This invoice changed since you opened the form. Close it to see the invoice as it is now."
      />
      <Stack gap="md">
        {invoice ? (
          <Alert color="blue" title="Send the whole invoice again, corrected">
            It is received again today and its payment clock starts again. The returned version stays in the invoice's history.
          </Alert>
        ) : (
          <Text size="sm" c="dimmed">
            Contract {contract.reference} runs from {formatDate(contract.startDate)} to {formatDate(contract.endDate)}; amounts are in{' '}
            {currency}.{' '}
            {vendor
              ? 'Steward stamps the date it receives your invoice; the payment clock starts then.'
              : 'For an invoice that arrived on paper, give the date stamped on it when it was received.'}
          </Text>
        )}

        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
          <TextInput label="Invoice number" required data-autofocus {...form.getInputProps('vendorInvoiceNumber')} />
          <TextInput type="date" label="Invoice date" required max={today} {...form.getInputProps('invoiceDate')} />
          {!vendor && (
            <TextInput
              type="date"
              label="Received on"
              description="The date stamped on receipt"
              required
              max={today}
              {...form.getInputProps('receivedDate')}
            />
          )}
          <TextInput type="date" label="Billing period from" {...form.getInputProps('billingPeriodStart')} />
          <TextInput type="date" label="Billing period to" {...form.getInputProps('billingPeriodEnd')} />
          <TextInput
            type="date"
            label="Delivered or performed on"
            description="When the goods or services billed were delivered"
            max={today}
            {...form.getInputProps('deliveredDate')}
          />
        </SimpleGrid>
        {!vendor && (
          <Checkbox
            label="The invoice was date-stamped on receipt"
            description="Without a stamp, the US Prompt Payment rules count from the invoice date instead."
            {...form.getInputProps('receiptStamped', { type: 'checkbox' })}
          />
        )}

        <Divider />
        <Title order={3} fz="md">
          Lines
        </Title>
        <Text size="sm" c="dimmed" mt={-8}>
          Each line's amount is its quantity × unit price, rounded to the {dp === 0 ? 'whole unit' : 'cent'}.
        </Text>
        {form.errors.lines && (
          <Text size="sm" c="red.8" role="alert">
            {form.errors.lines}
          </Text>
        )}
        <RepeatableRows
          form={form}
          path="lines"
          noun="line"
          emptyText="No lines yet: add what the invoice bills."
          newItem={blankLine}
          renderFields={(i) => (
            <Stack gap="xs" style={{ flex: '1 1 100%' }}>
              <Group gap="sm" align="flex-start" wrap="wrap">
                <TextInput
                  label="Line item number"
                  description="Contract line item (CLIN)"
                  w={150}
                  {...form.getInputProps(`lines.${i}.lineItemNumber`)}
                />
                <TextInput label="Description" required style={{ flex: '1 1 16rem' }} {...form.getInputProps(`lines.${i}.description`)} />
              </Group>
              <Group gap="sm" align="flex-start" wrap="wrap">
                <TextInput label="Quantity" required inputMode="decimal" w={120} {...form.getInputProps(`lines.${i}.quantity`)} />
                <TextInput label="Unit" required placeholder="hour" w={150} {...form.getInputProps(`lines.${i}.unit`)} />
                <TextInput
                  label={`Unit price (${currency})`}
                  required
                  inputMode="decimal"
                  w={150}
                  {...form.getInputProps(`lines.${i}.unitPrice`)}
                />
                <TextInput
                  label={`Amount (${currency})`}
                  description="Quantity × unit price"
                  readOnly
                  value={amounts[i] ?? ''}
                  placeholder="—"
                  error={form.errors[`lines.${i}.amount`]}
                  w={170}
                  styles={{ input: { fontVariantNumeric: 'tabular-nums', background: 'var(--mantine-color-gray-0)' } }}
                />
              </Group>
              {(ms.length > 0 || ds.length > 0 || usage) && (
                <Group gap="sm" align="flex-start" wrap="wrap">
                  {ms.length > 0 && (
                    <Select
                      label="Bills milestone"
                      placeholder="None"
                      clearable
                      data={ms.map((m) => ({ value: m.id, label: m.title }))}
                      w={240}
                      {...form.getInputProps(`lines.${i}.milestoneId`)}
                      value={v.lines[i]?.milestoneId || null}
                      onChange={(x) => form.setFieldValue(`lines.${i}.milestoneId`, x ?? '')}
                    />
                  )}
                  {ds.length > 0 && (
                    <Select
                      label="Bills deliverable"
                      placeholder="None"
                      clearable
                      data={ds.map((d) => ({ value: d.id, label: d.title }))}
                      w={240}
                      {...form.getInputProps(`lines.${i}.deliverableId`)}
                      value={v.lines[i]?.deliverableId || null}
                      onChange={(x) => form.setFieldValue(`lines.${i}.deliverableId`, x ?? '')}
                    />
                  )}
                  {usage && (
                    <>
                      <TextInput type="date" label="Usage from" w={170} {...form.getInputProps(`lines.${i}.usagePeriodStart`)} />
                      <TextInput type="date" label="Usage to" w={170} {...form.getInputProps(`lines.${i}.usagePeriodEnd`)} />
                    </>
                  )}
                </Group>
              )}
            </Stack>
          )}
        />

        <Paper p="md" bg="gray.0" component="section" aria-label="Invoice totals">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
            <TextInput
              label={`Tax (${currency})`}
              description="On top of the lines; leave empty when none"
              inputMode="decimal"
              w={220}
              {...form.getInputProps('tax')}
            />
            <Box
              component="dl"
              m={0}
              style={{ display: 'grid', gridTemplateColumns: 'auto auto', gap: '4px 24px', alignItems: 'baseline' }}
            >
              <Text component="dt" size="sm" c="dimmed" fw={600}>
                Subtotal
              </Text>
              <Text component="dd" m={0} ta="right" size="sm">
                <Money amount={subtotal} currency={currency} />
              </Text>
              <Text component="dt" size="sm" c="dimmed" fw={600}>
                Tax
              </Text>
              <Text component="dd" m={0} ta="right" size="sm">
                <Money amount={tax || '0'} currency={currency} />
              </Text>
              <Text component="dt" fw={700}>
                Total
              </Text>
              <Text component="dd" m={0} ta="right" fw={700}>
                <Money amount={total} currency={currency} />
              </Text>
            </Box>
          </Group>
          {(form.errors.subtotal || form.errors.total) && (
            <Text size="sm" c="red.8" mt="xs" role="alert">
              {[form.errors.subtotal && `Subtotal ${form.errors.subtotal}`, form.errors.total && `Total ${form.errors.total}`]
                .filter(Boolean)
                .join('. ')}
            </Text>
          )}
        </Paper>

        <Divider />
        <Title order={3} fz="md">
          What a proper invoice states
        </Title>
        <Text size="sm" c="dimmed" mt={-8}>
          The invoice is checked against the rules of the contract's rule pack; anything missing makes it defective and it is returned to
          the vendor to correct.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Contractor name"
            description="Leave empty to use the vendor's registered name"
            {...form.getInputProps('contractorName')}
          />
          <TextInput
            label="Contract number"
            description={`Leave empty to use ${contract.reference}`}
            {...form.getInputProps('contractNumber')}
          />
          <Textarea
            label="Contractor address"
            description="Leave empty to use the vendor's registered address"
            autosize
            minRows={2}
            {...form.getInputProps('contractorAddress')}
          />
          <Textarea
            label="Remit payment to"
            description="Name and address of whom payment is sent to"
            autosize
            minRows={2}
            {...form.getInputProps('remitTo')}
          />
          <TextInput
            label="Payment terms"
            description="Including any prompt-payment discount"
            placeholder="Net 30 days"
            {...form.getInputProps('paymentTerms')}
          />
          <TextInput
            label="Contact for a defective invoice"
            description="Name, title, phone and address"
            {...form.getInputProps('defectContact')}
          />
        </SimpleGrid>
        <Textarea label="Notes" autosize minRows={2} maxRows={6} {...form.getInputProps('notes')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {label}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
