import { Code, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { SeverityBadge } from './FindingBadges';
import { type Severity, useRules } from './findings.api';
import { BAND_TEXT } from './HealthBadge';

const SEVERITY_MEANING: Record<Severity, string> = {
  critical: 'Act now: money, service or the law is at stake within days. Takes 25 points off the health score.',
  warning: 'Act soon: something is slipping or missing. Takes 10 points off.',
  info: 'Worth knowing: no action may be needed. Takes 2 points off.',
};

/** Every check Steward runs, what it looks for, and what to do when it reports something. */
export function RulesPage() {
  const rules = useRules();
  return (
    <>
      <PageHeader
        eyebrow={
          <TextLink to="/findings" search={{}} size="sm" fw={600}>
            Findings
          </TextLink>
        }
        title="About the checks"
        description="Steward runs these checks on every contract after each change and once a day. Each check reports at most one finding per thing it looks at; a finding resolves by itself when the check stops reporting it."
      />
      <Stack gap="lg">
        <Paper p="lg" component="section" aria-labelledby="severity-heading">
          <Title order={2} fz="lg" id="severity-heading" mb="sm">
            Severities and the health score
          </Title>
          <Stack gap="xs">
            {(['critical', 'warning', 'info'] as Severity[]).map((s) => (
              <Group key={s} gap="sm" wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 96 }}>
                  <SeverityBadge severity={s} />
                </div>
                <Text size="sm">{SEVERITY_MEANING[s]}</Text>
              </Group>
            ))}
            <Text size="sm" mt="xs">
              A contract’s health score starts at 100 and loses those points for each open finding. Acknowledged findings count half,
              snoozed and resolved ones not at all, and one check takes off at most 30 points, however many things it reports. {BAND_TEXT}
            </Text>
            <Text size="sm">
              <strong>Acknowledge</strong> a finding when someone owns it (say who and what happens next). <strong>Snooze</strong> it when
              it can wait until a date (it comes back then if the check still reports it). Neither hides it from the list.
            </Text>
          </Stack>
        </Paper>

        <section aria-labelledby="checks-heading">
          <Title order={2} fz="lg" id="checks-heading" mb="sm">
            The checks
          </Title>
          {rules.isPending && <PageLoader label="Loading the checks" />}
          {rules.error && <ErrorAlert error={rules.error} title="Could not load the checks" onRetry={() => rules.refetch()} />}
          {rules.data && rules.data.items.length === 0 && (
            <EmptyState title="No checks are installed" description="Checks come with Steward’s capabilities; ask your administrator." />
          )}
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            {rules.data?.items.map((r) => (
              <Paper key={r.id} p="lg" component="article" aria-labelledby={`rule-${r.id}`}>
                <Stack gap={6}>
                  <Title order={3} fz="md" id={`rule-${r.id}`}>
                    {r.title}
                  </Title>
                  <Code style={{ alignSelf: 'flex-start' }}>{r.id}</Code>
                  <Text size="sm">
                    <strong>What to do:</strong> {r.description}
                  </Text>
                  <TextLink to="/findings" search={{ ruleId: r.id, state: 'all' }} size="sm" fw={600} td="underline">
                    Findings from this check
                  </TextLink>
                </Stack>
              </Paper>
            ))}
          </SimpleGrid>
        </section>
      </Stack>
    </>
  );
}
