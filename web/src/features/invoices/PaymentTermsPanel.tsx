import { Button, Checkbox, Group, Select, SimpleGrid, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { Contract } from '../../api/types';
import { DefinitionList } from '../../components/DefinitionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { useServerFieldErrors } from '../../components/formHelpers';
import { notifySuccess } from '../../components/notify';
import { Section } from '../../components/Section';
import { formatMoney } from '../../lib/format';
import { type PaymentTerms, type RulePack, usePaymentTerms, useSavePaymentTerms } from './invoices.api';
import { cleanDecimal, RULE_PACK_LABELS } from './vocabulary';

interface Values {
  termsDays: string;
  annualRatePercent: string;
  dayBasis: string;
  compounding: string;
  euFixedCompensation: string;
  defectReturnDays: string;
  acceptanceProcedure: boolean;
  acceleratedPayment: boolean;
}

const FIELDS = [
  'termsDays',
  'annualRatePercent',
  'dayBasis',
  'compounding',
  'euFixedCompensation',
  'defectReturnDays',
  'acceptanceProcedure',
  'acceleratedPayment',
];

const wholeDays = (min: number, max: number) => (v: string) =>
  !v.trim()
    ? null
    : /^\d+$/.test(v.trim()) && Number(v) >= min && Number(v) <= max
      ? null
      : `Give a whole number of days from ${min} to ${max}`;

/** Change a contract's payment terms: only what its rule pack lets the contract set. */
function TermsForm({ contract, terms, onDone }: { contract: Contract; terms: PaymentTerms; onDone: () => void }) {
  const save = useSavePaymentTerms(contract.id);
  const pack = terms.rulePack;
  const form = useForm<Values>({
    initialValues: {
      termsDays: terms.termsDays === null ? '' : String(terms.termsDays),
      annualRatePercent: terms.annualRatePercent ?? '',
      dayBasis: String(terms.dayBasis),
      compounding: terms.compounding,
      euFixedCompensation: terms.euFixedCompensation ?? '',
      defectReturnDays: terms.defectReturnDays === null ? '' : String(terms.defectReturnDays),
      acceptanceProcedure: terms.acceptanceProcedure,
      acceleratedPayment: terms.acceleratedPayment,
    },
    validate: {
      termsDays: wholeDays(1, 365),
      defectReturnDays: wholeDays(1, 90),
      annualRatePercent: (v) =>
        !v.trim() ? null : cleanDecimal(v) !== null && Number(cleanDecimal(v)) <= 100 ? null : 'Give a percentage such as 8.5',
      euFixedCompensation: (v) => (!v.trim() || /^\d+(\.\d{1,2})?$/.test(v.trim()) ? null : 'Give an amount such as 40.00'),
    },
  });
  useServerFieldErrors(form, save.error);
  const submit = form.onSubmit((v) => {
    const days = (s: string) => (s.trim() ? Number(s) : null);
    save.mutate(
      {
        version: terms.version,
        termsDays: days(v.termsDays),
        annualRatePercent: v.annualRatePercent.trim() ? cleanDecimal(v.annualRatePercent) : null,
        dayBasis: v.dayBasis === '360' ? 360 : 365,
        compounding: v.compounding === '30-day' ? '30-day' : 'none',
        euFixedCompensation: v.euFixedCompensation.trim() || null,
        defectReturnDays: days(v.defectReturnDays),
        acceptanceProcedure: v.acceptanceProcedure,
        acceleratedPayment: v.acceleratedPayment,
      },
      {
        onSuccess: (saved) => {
          notifySuccess(`${saved.effective.summary} Open invoices follow the new terms.`, 'Payment terms saved');
          onDone();
        },
      },
    );
  });
  return (
    <form onSubmit={submit} noValidate aria-label="Change payment terms">
      <FormErrorAlert
        error={save.error}
        knownFields={(f) => FIELDS.includes(f)}
        conflictMessage="Someone changed these payment terms since you opened the form. Close it to see them as they are now."
      />
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {pack === 'generic' && (
            <>
              <TextInput
                label="Pay within (days)"
                description="After receipt of the invoice; 30 when empty"
                inputMode="numeric"
                {...form.getInputProps('termsDays')}
              />
              <TextInput
                label="Late-payment interest (% a year)"
                description="Empty: no interest on late payment"
                inputMode="decimal"
                {...form.getInputProps('annualRatePercent')}
              />
              <Select
                label="Day basis"
                data={[
                  { value: '365', label: 'Annual rate ÷ 365' },
                  { value: '360', label: 'Annual rate ÷ 360' },
                ]}
                allowDeselect={false}
                {...form.getInputProps('dayBasis')}
              />
              <Select
                label="Compounding"
                data={[
                  { value: 'none', label: 'Simple interest' },
                  { value: '30-day', label: 'Added to the principal every 30 days' },
                ]}
                allowDeselect={false}
                {...form.getInputProps('compounding')}
              />
            </>
          )}
          {pack === 'eu' && (
            <TextInput
              label={`Fixed compensation per late invoice (${contract.currency})`}
              description="Empty: the Directive's 40"
              inputMode="decimal"
              {...form.getInputProps('euFixedCompensation')}
            />
          )}
          {pack !== 'us-far' && (
            <TextInput
              label="Return a defective invoice within (days)"
              description="Empty: no deadline is tracked"
              inputMode="numeric"
              {...form.getInputProps('defectReturnDays')}
            />
          )}
        </SimpleGrid>
        {pack === 'eu' && (
          <Checkbox
            label="The contract has an acceptance or verification procedure"
            description="Payment is then due 30 days after acceptance when that is later (at most 30 days after delivery)."
            {...form.getInputProps('acceptanceProcedure', { type: 'checkbox' })}
          />
        )}
        {pack === 'us-far' && (
          <Checkbox
            label="Accelerated payment is allowed"
            description="Payments made more than 7 days before the due date are then not flagged as early."
            {...form.getInputProps('acceleratedPayment', { type: 'checkbox' })}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save payment terms
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function termsItems(t: PaymentTerms, currency: string) {
  const items = [
    { term: 'Rule pack', value: RULE_PACK_LABELS[t.rulePack as RulePack] ?? t.rulePack },
    { term: 'Payment terms', value: t.effective.summary },
  ];
  if (t.rulePack === 'generic')
    items.push(
      { term: 'Pay within', value: `${t.effective.paymentDays} days of receipt` },
      {
        term: 'Late-payment interest',
        value: t.annualRatePercent
          ? `${t.annualRatePercent}% a year, ÷ ${t.dayBasis}, ${t.compounding === '30-day' ? 'added to the principal every 30 days' : 'simple'}`
          : 'None set',
      },
    );
  if (t.rulePack === 'eu') {
    items.push({ term: 'Fixed compensation', value: formatMoney(t.euFixedCompensation ?? '40.00', currency) });
    items.push({ term: 'Acceptance procedure', value: t.acceptanceProcedure ? 'Yes' : 'No' });
  }
  if (t.rulePack === 'us-far') items.push({ term: 'Accelerated payment', value: t.acceleratedPayment ? 'Allowed' : 'Not allowed' });
  if (t.rulePack !== 'us-far' && t.defectReturnDays !== null)
    items.push({ term: 'Return defective invoices within', value: `${t.defectReturnDays} days` });
  return items;
}

/** The contract's payment terms: the rule pack's, with what the contract sets; procurement changes them. */
export function PaymentTermsPanel({ contract, canEdit }: { contract: Contract; canEdit: boolean }) {
  const terms = usePaymentTerms(contract.id);
  const [editing, setEditing] = useState(false);
  return (
    <Section
      title="Payment terms"
      action={
        canEdit &&
        terms.data &&
        !editing && (
          <Button variant="default" size="sm" onClick={() => setEditing(true)}>
            Change payment terms
          </Button>
        )
      }
    >
      {terms.error ? (
        <ErrorAlert error={terms.error} title="Could not load the payment terms" onRetry={() => terms.refetch()} />
      ) : !terms.data ? (
        <Skeleton height={60} aria-busy="true" />
      ) : editing ? (
        <TermsForm contract={contract} terms={terms.data} onDone={() => setEditing(false)} />
      ) : (
        <Stack gap="xs">
          <DefinitionList items={termsItems(terms.data, contract.currency)} />
          {terms.data.version === 0 && canEdit && (
            <Text size="xs" c="dimmed">
              The contract sets nothing of its own yet: the rule pack's terms apply.
            </Text>
          )}
        </Stack>
      )}
    </Section>
  );
}
