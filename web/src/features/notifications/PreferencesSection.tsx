import { Button, Fieldset, Group, SimpleGrid, Skeleton, Stack, Switch, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { DateText } from '../../components/DateText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/notify';
import { Section } from '../../components/Section';
import { useMe } from '../auth/session';
import { type PreferenceChoice, usePreferences, useSavePreferences } from './notifications.api';

const IN_APP: { key: keyof PreferenceChoice; label: string; description: string }[] = [
  { key: 'inboxFindings', label: 'New findings', description: 'When a rule finds something to act on in a contract you look after.' },
  { key: 'inboxDeadlines', label: 'Deadline reminders', description: 'Before a deadline you own, by your team’s reminder schedule.' },
];
const BY_MAIL: { key: keyof PreferenceChoice; label: string; description: string }[] = [
  { key: 'emailCritical', label: 'Critical findings, as they happen', description: 'One message for each critical finding.' },
  { key: 'emailReminders', label: 'Deadline reminders', description: 'The same reminders as in Steward, by e-mail.' },
  { key: 'emailDigest', label: 'Daily digest', description: 'Each morning: new findings and the deadlines of the next 14 days.' },
];

/** "What you receive": the user's own choices, saved together. */
export function PreferencesSection() {
  const me = useMe();
  const query = usePreferences();
  const save = useSavePreferences();
  const [choice, setChoice] = useState<PreferenceChoice | null>(null);

  useEffect(() => {
    if (query.data && !choice) {
      const { updatedAt: _, ...c } = query.data;
      setChoice(c);
    }
  }, [query.data, choice]);

  const saved = query.data;
  const dirty = !!choice && !!saved && (Object.keys(choice) as (keyof PreferenceChoice)[]).some((k) => choice[k] !== saved[k]);

  const toggle = (key: keyof PreferenceChoice, on: boolean) => setChoice((c) => (c ? { ...c, [key]: on } : c));

  const body = () => {
    if (query.error) return <ErrorAlert error={query.error} title="Could not load your choices" onRetry={() => query.refetch()} />;
    if (!choice) return <Skeleton height={160} radius="sm" />;
    const group = (legend: string, items: typeof IN_APP) => (
      <Fieldset legend={legend} variant="filled" radius="md">
        <Stack gap="md">
          {items.map((i) => (
            <Switch
              key={i.key}
              label={i.label}
              description={i.description}
              checked={choice[i.key]}
              onChange={(e) => toggle(i.key, e.currentTarget.checked)}
            />
          ))}
        </Stack>
      </Fieldset>
    );
    return (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(choice, {
            onSuccess: () => notifySuccess('Your choices are saved.'),
            onError: (error) => notifyError(error, 'Could not save your choices'),
          });
        }}
      >
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          {group('In Steward', IN_APP)}
          {group(`By e-mail to ${me.email}`, BY_MAIL)}
        </SimpleGrid>
        <Group justify="space-between" mt="md" wrap="wrap">
          <Text size="xs" c="dimmed">
            {saved?.updatedAt ? (
              <>
                Last changed <DateText value={saved.updatedAt} withTime />
              </>
            ) : (
              'You receive everything until you choose otherwise.'
            )}
          </Text>
          <Group gap="sm">
            {dirty && (
              <Button
                variant="subtle"
                onClick={() => {
                  if (saved) {
                    const { updatedAt: _, ...c } = saved;
                    setChoice(c);
                  }
                }}
              >
                Undo changes
              </Button>
            )}
            <Button type="submit" disabled={!dirty} loading={save.isPending}>
              Save choices
            </Button>
          </Group>
        </Group>
      </form>
    );
  };

  return <Section title="What you receive">{body()}</Section>;
}
