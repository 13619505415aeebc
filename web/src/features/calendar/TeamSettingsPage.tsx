import { Badge, Button, Group, NumberInput, SimpleGrid, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { ApiError } from '../../api/client';
import { DateText } from '../../components/DateText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { type TeamSettings, useSaveTeamSettings, useTeamSettings } from './calendar.api';

/** "30, 7, 1, 0" → [30, 7, 1, 0], or an error sentence. */
export function parseLeadDays(text: string): number[] | string {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const days: number[] = [];
  for (const p of parts) {
    if (!/^\d+$/.test(p)) return `“${p}” is not a whole number of days.`;
    const n = Number(p);
    if (n > 365) return 'Use at most 365 days before the deadline.';
    days.push(n);
  }
  const unique = [...new Set(days)].sort((a, b) => b - a);
  if (unique.length > 10) return 'Use at most 10 reminders.';
  return unique;
}

function describe(days: number[]): string {
  if (days.length === 0) return 'No reminders are sent.';
  const words = days.map((d) => (d === 0 ? 'on the day' : d === 1 ? '1 day before' : `${d} days before`));
  return `Reminders go out ${words.join(', ')}.`;
}

function TeamForm({ settings }: { settings: TeamSettings }) {
  const save = useSaveTeamSettings();
  const form = useForm({
    initialValues: { leadDays: settings.reminderLeadDays.join(', '), reviewPeriodDays: settings.reviewPeriodDays as number | string },
    validate: {
      leadDays: (v) => {
        const parsed = parseLeadDays(v);
        return typeof parsed === 'string' ? parsed : null;
      },
      reviewPeriodDays: (v) =>
        typeof v === 'number' && Number.isInteger(v) && v >= 7 && v <= 730 ? null : 'Use a whole number of days from 7 to 730.',
    },
  });
  // Show what the server saved (tidied lead days) once it answers.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the saved version changes
  useEffect(() => {
    form.setInitialValues({ leadDays: settings.reminderLeadDays.join(', '), reviewPeriodDays: settings.reviewPeriodDays });
    form.reset();
  }, [settings.version]);

  const parsed = parseLeadDays(form.values.leadDays);
  const submit = form.onSubmit((values) =>
    save.mutate(
      {
        team: settings.team,
        version: settings.version,
        reminderLeadDays: parseLeadDays(values.leadDays) as number[],
        reviewPeriodDays: Number(values.reviewPeriodDays),
      },
      {
        onSuccess: () =>
          notifySuccess(`New settings for ${settings.label}: ${describe(parseLeadDays(values.leadDays) as number[])}`, 'Settings saved'),
        onError: (error) => {
          if (error instanceof ApiError && error.fields) {
            form.setErrors({
              leadDays: Object.entries(error.fields).find(([k]) => k.startsWith('reminderLeadDays'))?.[1],
              reviewPeriodDays: error.fields.reviewPeriodDays,
            });
          }
          notifyError(error, 'Could not save the settings');
        },
      },
    ),
  );

  return (
    <Section
      title={settings.label}
      action={settings.isDefault ? <Badge color="gray">Defaults</Badge> : <Badge color="steward">Customised</Badge>}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Reminder days before a deadline"
            description="Whole days, separated by commas; 0 means on the day. Leave empty for no reminders."
            {...form.getInputProps('leadDays')}
          />
          <Text size="xs" c="dimmed" aria-live="polite">
            {typeof parsed === 'string' ? '' : describe(parsed)}
          </Text>
          <NumberInput
            label="Key-question review period (days)"
            description="An unanswered key question becomes a finding after this many days."
            min={7}
            max={730}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('reviewPeriodDays')}
          />
          <Group justify="space-between" align="center" mt="xs">
            <Text size="xs" c="dimmed">
              {settings.updatedAt ? (
                <>
                  Last changed <DateText value={settings.updatedAt} withTime />
                </>
              ) : (
                'Never changed'
              )}
            </Text>
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()} aria-label={`Save: ${settings.label}`}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

/** Reminder lead times and review periods per team (admins and procurement). */
export function TeamSettingsPage() {
  const query = useTeamSettings();
  return (
    <>
      <PageHeader
        title="Team settings"
        description="When each team is reminded of its deadlines, and how long a key question may go without an answer. A team keeps the defaults (30, 7 and 1 days before, and on the day; a 90-day review period) until you change them."
      />
      {query.error ? (
        <ErrorAlert error={query.error} title="Could not load the team settings" onRetry={() => query.refetch()} />
      ) : !query.data ? (
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={280} radius="md" />
          ))}
        </SimpleGrid>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
          {query.data.items.map((t) => (
            <TeamForm key={t.team} settings={t} />
          ))}
        </SimpleGrid>
      )}
    </>
  );
}
