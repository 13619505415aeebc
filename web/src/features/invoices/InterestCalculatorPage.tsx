import { Alert, Button, Grid, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ApiError } from '../../api/client';
import { useMeta } from '../../api/meta';
import { EmptyState } from '../../components/EmptyState';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { selectInputProps, useServerFieldErrors } from '../../components/formHelpers';
import { TextLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { formatDate, formatMoney } from '../../lib/format';
import { useCan } from '../auth/session';
import { InterestResultView } from './InterestWorking';
import { CalculatorIcon } from './invoiceIcons';
import { type InterestCalculation, RULE_PACKS, type RulePack, useCalculateInterest } from './invoices.api';
import { RULE_PACK_LABELS, addDays, cleanDecimal, currencyDecimals, daysBetween, options, todayIso } from './vocabulary';

interface Values {
  principal: string;
  currency: string;
  rulePack: RulePack;
  dueDate: string;
  paymentDate: string;
  annualRatePercent: string;
  euFixedCompensation: string;
  dayBasis: string;
  compounding: string;
}

const FIELDS = [
  'principal',
  'currency',
  'rulePack',
  'dueDate',
  'paymentDate',
  'annualRatePercent',
  'euFixedCompensation',
  'dayBasis',
  'compounding',
];

const RATE_HELP: Record<RulePack, string> = {
  'us-far': 'Empty: the Prompt Payment rate in effect on the day after the due date, from the rate table.',
  'uk-pa23': 'Empty: the statutory rate from the rate table (base rate plus 8 points).',
  eu: 'The reference rate; 8 points are added. Empty: the rate table’s.',
  generic: 'Required: the generic rule pack has no rate table.',
};

/** For finance staff: late-payment interest on any principal and dates under a rule pack, with the working. */
export function InterestCalculatorPage() {
  const calc = useCalculateInterest();
  const meta = useMeta();
  const can = useCan();
  const today = todayIso();
  const form = useForm<Values>({
    initialValues: {
      principal: '',
      currency: 'USD',
      rulePack: 'us-far',
      dueDate: addDays(today, -30),
      paymentDate: today,
      annualRatePercent: '',
      euFixedCompensation: '',
      dayBasis: '365',
      compounding: 'none',
    },
    validate: {
      principal: (v, all) => {
        const clean = cleanDecimal(v);
        if (!v.trim()) return 'Give the amount paid late';
        if (clean === null) return 'Give an amount such as 10000.00';
        const dp = currencyDecimals(all.currency);
        return (clean.split('.')[1] ?? '').length > dp ? `Use at most ${dp} decimal places in ${all.currency}` : null;
      },
      dueDate: (v) => (v ? null : 'Give the due date'),
      paymentDate: (v) => (v ? null : 'Give the payment date'),
      annualRatePercent: (v, all) => {
        if (!v.trim()) return all.rulePack === 'generic' ? 'Give the annual rate: the generic rule pack has no rate table' : null;
        const clean = cleanDecimal(v);
        return clean !== null && Number(clean) <= 100 ? null : 'Give a percentage such as 4.75';
      },
      euFixedCompensation: (v) => (!v.trim() || cleanDecimal(v) !== null ? null : 'Give an amount such as 40.00'),
    },
  });
  useServerFieldErrors(form, calc.error);
  const v = form.values;
  const submit = form.onSubmit((values) => {
    const input: InterestCalculation = {
      principal: cleanDecimal(values.principal) ?? values.principal,
      currency: values.currency,
      rulePack: values.rulePack,
      dueDate: values.dueDate,
      paymentDate: values.paymentDate,
      ...(values.annualRatePercent.trim() ? { annualRatePercent: cleanDecimal(values.annualRatePercent) ?? values.annualRatePercent } : {}),
      ...(values.rulePack === 'eu' && values.euFixedCompensation.trim()
        ? { euFixedCompensation: cleanDecimal(values.euFixedCompensation) ?? values.euFixedCompensation }
        : {}),
      ...(values.rulePack === 'generic'
        ? { dayBasis: values.dayBasis === '360' ? 360 : 365, compounding: values.compounding === '30-day' ? '30-day' : 'none' }
        : {}),
    };
    calc.mutate(input);
  });
  const result = calc.data;
  const asked = calc.variables;
  const gap = v.dueDate && v.paymentDate ? daysBetween(v.dueDate, v.paymentDate) : null;

  return (
    <>
      <PageHeader
        title="Interest calculator"
        description="Check a late-payment interest figure: the principal paid late, its due date and payment date, and the rule pack's rates. The working shows every step."
        actions={
          can('payment_rates.manage') ? (
            <TextLink to="/admin/payment-rates" size="sm" fw={600}>
              Rate tables
            </TextLink>
          ) : can('invoice.read') ? (
            <TextLink to="/payables" size="sm" fw={600}>
              Payables
            </TextLink>
          ) : null
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper p="lg" component="section" aria-labelledby="calc-heading">
            <Title order={2} fz="lg" id="calc-heading" mb="sm">
              The payment
            </Title>
            <form onSubmit={submit} noValidate aria-label="Work out late-payment interest">
              {calc.error instanceof ApiError && !calc.error.fields ? (
                <Alert color="orange" title="No figure for these dates" role="alert" mb="md">
                  <Text size="sm">{calc.error.message}</Text>
                </Alert>
              ) : (
                <FormErrorAlert error={calc.error} knownFields={(f) => FIELDS.includes(f)} />
              )}
              <Stack gap="sm">
                <Select
                  label="Rule pack"
                  required
                  data={RULE_PACKS.map((p) => ({ value: p, label: RULE_PACK_LABELS[p] }))}
                  allowDeselect={false}
                  {...selectInputProps(form, 'rulePack')}
                />
                <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                  <TextInput label="Principal paid late" required inputMode="decimal" {...form.getInputProps('principal')} />
                  <Select
                    label="Currency"
                    required
                    searchable
                    data={meta?.currencies ?? ['USD', 'EUR', 'GBP']}
                    allowDeselect={false}
                    {...selectInputProps(form, 'currency')}
                  />
                  <TextInput type="date" label="Due date" required {...form.getInputProps('dueDate')} />
                  <TextInput type="date" label="Payment date" required {...form.getInputProps('paymentDate')} />
                </SimpleGrid>
                {gap !== null && (
                  <Text size="xs" c="dimmed" aria-live="polite">
                    {gap > 0
                      ? `Paid ${gap} ${gap === 1 ? 'day' : 'days'} after the due date.`
                      : 'Paid on or before the due date: no interest.'}
                  </Text>
                )}
                <TextInput
                  label="Annual rate (%)"
                  description={RATE_HELP[v.rulePack]}
                  required={v.rulePack === 'generic'}
                  inputMode="decimal"
                  {...form.getInputProps('annualRatePercent')}
                />
                {v.rulePack === 'eu' && (
                  <TextInput
                    label="Fixed compensation"
                    description="Per late invoice; empty: 40"
                    inputMode="decimal"
                    {...form.getInputProps('euFixedCompensation')}
                  />
                )}
                {v.rulePack === 'generic' && (
                  <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                    <Select
                      label="Day basis"
                      data={options({ '365': 'Annual rate ÷ 365', '360': 'Annual rate ÷ 360' })}
                      allowDeselect={false}
                      {...selectInputProps(form, 'dayBasis')}
                    />
                    <Select
                      label="Compounding"
                      data={options({ none: 'Simple interest', '30-day': 'Every 30 days' })}
                      allowDeselect={false}
                      {...selectInputProps(form, 'compounding')}
                    />
                  </SimpleGrid>
                )}
                <Group justify="flex-end">
                  <Button type="submit" loading={calc.isPending} leftSection={<CalculatorIcon size={16} />}>
                    Work out interest
                  </Button>
                </Group>
              </Stack>
            </form>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper p="lg" component="section" aria-labelledby="result-heading" aria-live="polite">
            <Title order={2} fz="lg" id="result-heading" mb="sm">
              Interest and working
            </Title>
            {result && asked ? (
              <Stack gap="sm">
                <Text size="sm">
                  {formatMoney(asked.principal, asked.currency ?? 'USD')} due on {formatDate(asked.dueDate)}, paid on{' '}
                  {formatDate(asked.paymentDate)} under the {RULE_PACK_LABELS[asked.rulePack]} rules:{' '}
                  <strong>
                    {formatMoney(result.total, asked.currency ?? 'USD')}
                    {Number(result.fixedCompensation) > 0 ? ' with the fixed compensation' : ''}
                  </strong>
                  .
                </Text>
                <InterestResultView result={result} currency={asked.currency ?? 'USD'} caption="Interest by period" />
              </Stack>
            ) : (
              <EmptyState
                icon={<CalculatorIcon size={26} />}
                title="No figure yet"
                description="Give the payment on the left and choose “Work out interest”: the interest, the days late and each step of the working appear here."
              />
            )}
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}
