import { Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { useServerFieldErrors } from '../../components/formHelpers';
import { TextLink } from '../../components/links';
import { notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { RepeatableRows } from '../../components/RepeatableRows';
import { formatDate, plural } from '../../lib/format';
import { optionalPositiveInt } from '../../lib/search';
import { type Holiday, useHolidays, useSaveHolidays } from './invoices.api';

export interface HolidaySearch {
  year?: number;
}

export function parseHolidaySearch(search: Record<string, unknown>): HolidaySearch {
  const y = optionalPositiveInt(search.year);
  return { year: y && y >= 1900 && y <= 2200 ? y : undefined };
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const weekday = (date: string) => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];

function HolidaysForm({ year, holidays, onDone }: { year: number; holidays: Holiday[]; onDone: () => void }) {
  const save = useSaveHolidays();
  const form = useForm<{ holidays: { date: string; name: string; actualDate: string }[] }>({
    initialValues: { holidays: holidays.map((h) => ({ date: h.date, name: h.name, actualDate: h.actualDate ?? '' })) },
    validate: {
      holidays: {
        date: (v) => (!v ? 'Give the date' : !v.startsWith(`${year}-`) ? `Give a date in ${year}` : null),
        name: (v) => (v.trim() ? null : 'Give the holiday’s name'),
      },
    },
  });
  useServerFieldErrors(form, save.error);
  const submit = form.onSubmit((v) =>
    save.mutate(
      {
        year,
        holidays: v.holidays.map((h) => ({ date: h.date, name: h.name.trim(), actualDate: h.actualDate || null })),
      },
      {
        onSuccess: () => {
          notifySuccess(`${year} has ${plural(v.holidays.length, 'payment holiday')}. Open invoices' due dates follow.`, 'Holidays saved');
          onDone();
        },
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate aria-label={`Edit the payment holidays of ${year}`}>
      <FormErrorAlert error={save.error} knownFields={(f) => /^holidays\.\d+\./.test(f)} />
      <Stack gap="sm">
        <RepeatableRows
          form={form}
          path="holidays"
          noun="holiday"
          emptyText={`No holidays in ${year}: due dates then move only off weekends.`}
          newItem={() => ({ date: `${year}-01-01`, name: '', actualDate: '' })}
          renderFields={(i) => (
            <>
              <TextInput
                type="date"
                label="Observed on"
                required
                w={180}
                min={`${year}-01-01`}
                max={`${year}-12-31`}
                {...form.getInputProps(`holidays.${i}.date`)}
              />
              <TextInput label="Name" required style={{ flex: '1 1 16rem' }} {...form.getInputProps(`holidays.${i}.name`)} />
              <TextInput
                type="date"
                label="Falls on"
                description="When observed on another day"
                w={200}
                {...form.getInputProps(`holidays.${i}.actualDate`)}
              />
            </>
          )}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save holidays
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The payment holidays (US federal, observed dates) that move a due date to the next working day (administrators). */
export function PaymentHolidaysPage({ search }: { search: HolidaySearch }) {
  const navigate = useNavigate();
  const thisYear = new Date().getUTCFullYear();
  const year = search.year ?? thisYear;
  const query = useHolidays(year);
  const [editing, setEditing] = useState(false);
  const years = Array.from({ length: 7 }, (_, k) => thisYear - 2 + k);
  if (!years.includes(year)) years.push(year);
  const columns: Column<Holiday>[] = [
    {
      key: 'date',
      header: 'Observed on',
      render: (h) => (
        <div>
          <DateText value={h.date} />
          <Text size="xs" c="dimmed">
            {weekday(h.date)}
          </Text>
        </div>
      ),
    },
    { key: 'name', header: 'Holiday', render: (h) => h.name },
    {
      key: 'actual',
      header: 'Falls on',
      render: (h) => (h.actualDate && h.actualDate !== h.date ? `${formatDate(h.actualDate)} (${weekday(h.actualDate)})` : 'The same day'),
    },
  ];
  return (
    <>
      <PageHeader
        title="Payment holidays"
        description="Under the US Prompt Payment rules a due date on a weekend or a federal holiday moves to the next working day. These are the observed holiday dates; saving a year moves the due dates of open invoices that fall on them."
        actions={
          <TextLink to="/admin/payment-rates" size="sm" fw={600}>
            Payment interest rates
          </TextLink>
        }
      />
      <Paper p="lg" component="section" aria-labelledby="holidays-heading">
        <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
          <Title order={2} fz="lg" id="holidays-heading">
            US federal holidays in {year}
          </Title>
          <Group gap="sm" align="flex-end">
            <Select
              label="Year"
              data={years.sort().map(String)}
              value={String(year)}
              onChange={(v) => {
                setEditing(false);
                navigate({ to: '/admin/payment-holidays', search: { year: v && Number(v) !== thisYear ? Number(v) : undefined } });
              }}
              allowDeselect={false}
              w={120}
            />
            {!editing && query.data && !query.isPlaceholderData && (
              <Button variant="default" onClick={() => setEditing(true)}>
                Edit {year}
              </Button>
            )}
          </Group>
        </Group>
        {editing && query.data ? (
          <HolidaysForm year={year} holidays={query.data.holidays} onDone={() => setEditing(false)} />
        ) : (
          <DataTable
            caption={`Payment holidays in ${year}`}
            columns={columns}
            rows={query.data?.holidays}
            rowKey={(h) => h.date}
            loading={query.isFetching}
            error={query.error}
            onRetry={() => query.refetch()}
            minWidth={520}
            empty={
              <Text c="dimmed">
                No holidays are listed for {year}: choose “Edit {year}” to add them.
              </Text>
            }
          />
        )}
      </Paper>
    </>
  );
}
