import { Button, Group, Paper, Skeleton, Stack, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { useServerFieldErrors } from '../../components/formHelpers';
import { ButtonLink, TextLink } from '../../components/links';
import { notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { RepeatableRows } from '../../components/RepeatableRows';
import { plural } from '../../lib/format';
import { CalculatorIcon } from './invoiceIcons';
import { type RatePeriod, type RateTables, type RulePack, useRateTables, useSaveRateTable } from './invoices.api';
import { RULE_PACK_LABELS, cleanDecimal, todayIso } from './vocabulary';

interface PeriodValues {
  effectiveFrom: string;
  effectiveTo: string;
  annualRatePercent: string;
  source: string;
}

function RateTableForm({ pack, rates, onDone }: { pack: RulePack; rates: RatePeriod[]; onDone: () => void }) {
  const save = useSaveRateTable();
  const form = useForm<{ rates: PeriodValues[] }>({
    initialValues: {
      rates: rates.map((r) => ({
        effectiveFrom: r.effectiveFrom,
        effectiveTo: r.effectiveTo ?? '',
        annualRatePercent: r.annualRatePercent,
        source: r.source,
      })),
    },
    validate: {
      rates: {
        effectiveFrom: (v) => (v ? null : 'Give the first day'),
        effectiveTo: (v, all, path) => {
          const i = Number(path.split('.')[1]);
          return v && v < all.rates[i].effectiveFrom ? 'Cannot be before the first day' : null;
        },
        annualRatePercent: (v) => {
          const clean = cleanDecimal(v);
          return clean !== null && Number(clean) <= 100 ? null : 'Give a percentage such as 4.625';
        },
      },
    },
  });
  useServerFieldErrors(form, save.error);
  const submit = form.onSubmit((v) =>
    save.mutate(
      {
        rulePack: pack,
        rates: v.rates.map((r) => ({
          effectiveFrom: r.effectiveFrom,
          effectiveTo: r.effectiveTo || null,
          annualRatePercent: cleanDecimal(r.annualRatePercent) ?? r.annualRatePercent,
          source: r.source.trim(),
        })),
      },
      {
        onSuccess: () => {
          notifySuccess(
            `The ${RULE_PACK_LABELS[pack]} table has ${plural(v.rates.length, 'period')}. Open invoices keep the rate in effect on the day after their due date.`,
            'Rate table saved',
          );
          onDone();
        },
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate aria-label={`Edit the ${RULE_PACK_LABELS[pack]} rate table`}>
      <FormErrorAlert error={save.error} knownFields={(f) => f === 'rates' || /^rates\.\d+\./.test(f)} />
      <Stack gap="sm">
        {typeof form.errors.rates === 'string' && (
          <Text size="sm" c="red.8" fw={600}>
            {form.errors.rates}
          </Text>
        )}
        <RepeatableRows
          form={form}
          path="rates"
          noun="period"
          emptyText="No periods: interest cannot be worked out under this rule pack until a rate is set."
          newItem={() => ({ effectiveFrom: todayIso(), effectiveTo: '', annualRatePercent: '', source: '' })}
          renderFields={(i) => (
            <>
              <TextInput type="date" label="From" required w={170} {...form.getInputProps(`rates.${i}.effectiveFrom`)} />
              <TextInput
                type="date"
                label="To"
                description="Empty: until further notice"
                w={190}
                {...form.getInputProps(`rates.${i}.effectiveTo`)}
              />
              <TextInput
                label="Rate (% a year)"
                required
                inputMode="decimal"
                w={150}
                {...form.getInputProps(`rates.${i}.annualRatePercent`)}
              />
              <TextInput
                label="Source"
                description="The notice or page it comes from"
                style={{ flex: '1 1 16rem' }}
                {...form.getInputProps(`rates.${i}.source`)}
              />
            </>
          )}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save rate table
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PackTable({ pack }: { pack: RateTables['rulePacks'][number] }) {
  const [editing, setEditing] = useState(false);
  const today = todayIso();
  const columns: Column<RatePeriod>[] = [
    {
      key: 'period',
      header: 'Period',
      render: (r) => (
        <Text size="sm" fw={r.effectiveFrom <= today && (!r.effectiveTo || r.effectiveTo >= today) ? 700 : undefined}>
          <DateText value={r.effectiveFrom} /> to {r.effectiveTo ? <DateText value={r.effectiveTo} /> : 'further notice'}
          {r.effectiveFrom <= today && (!r.effectiveTo || r.effectiveTo >= today) ? ' (in effect today)' : ''}
        </Text>
      ),
    },
    { key: 'rate', header: 'Rate', align: 'right', render: (r) => `${r.annualRatePercent}%` },
    { key: 'source', header: 'Source', width: '50%', render: (r) => <Text size="xs">{r.source || '—'}</Text> },
  ];
  const rows = [...pack.rates].reverse();
  return (
    <Paper p="lg" component="section" aria-labelledby={`pack-${pack.rulePack}`}>
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={2} fz="lg" id={`pack-${pack.rulePack}`}>
          {RULE_PACK_LABELS[pack.rulePack]}
        </Title>
        {pack.rulePack !== 'generic' && !editing && (
          <Button variant="default" size="sm" onClick={() => setEditing(true)}>
            Edit rates<VisuallyHidden component="span"> for {RULE_PACK_LABELS[pack.rulePack]}</VisuallyHidden>
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {pack.description}
      </Text>
      {pack.rulePack === 'generic' ? null : editing ? (
        <RateTableForm pack={pack.rulePack} rates={pack.rates} onDone={() => setEditing(false)} />
      ) : (
        <DataTable
          caption={`${RULE_PACK_LABELS[pack.rulePack]}: rates, newest first`}
          columns={columns}
          rows={rows}
          rowKey={(r) => r.effectiveFrom}
          minWidth={640}
          empty={<Text c="dimmed">No rate is set: choose “Edit rates” to add the periods and their rates.</Text>}
        />
      )}
    </Paper>
  );
}

/** The prompt-payment interest rate tables of each rule pack (administrators). */
export function PaymentRatesPage() {
  const query = useRateTables();
  return (
    <>
      <PageHeader
        title="Payment interest rates"
        description="The late-payment interest rates each rule pack uses, period by period. Add the new rate when it is published; an invoice keeps the rate in effect on the day after its due date."
        actions={
          <Group gap="sm">
            <TextLink to="/admin/payment-holidays" size="sm" fw={600}>
              Payment holidays
            </TextLink>
            <ButtonLink to="/prompt-payment/interest" variant="default" leftSection={<CalculatorIcon size={16} />}>
              Interest calculator
            </ButtonLink>
          </Group>
        }
      />
      {query.error ? (
        <ErrorAlert error={query.error} title="Could not load the rate tables" onRetry={() => query.refetch()} />
      ) : !query.data ? (
        <Stack aria-busy="true">
          <Skeleton height={200} />
          <Skeleton height={200} />
        </Stack>
      ) : (
        <Stack gap="lg">
          {query.data.rulePacks.map((p) => (
            <PackTable key={p.rulePack} pack={p} />
          ))}
        </Stack>
      )}
    </>
  );
}
