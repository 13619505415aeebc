import { Button, Collapse, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useId } from 'react';
import type { Contract } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextLink } from '../../components/links';
import { notifySuccess } from '../../components/notify';
import { plural } from '../../lib/format';
import { FindingCard } from './FindingCard';
import { HealthScoreBadge } from './FindingBadges';
import { useContractFindings, useContractHealth, useEvaluateFindings } from './findings.api';
import { BAND_TEXT, formulaText } from './HealthBadge';
import { HealthChart } from './HealthChart';

function HealthPanel({ contractId }: { contractId: string }) {
  const health = useContractHealth(contractId);
  return (
    <Paper p="lg" component="section" aria-labelledby={`${contractId}-health`}>
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} fz="lg" id={`${contractId}-health`}>
          Health score
        </Title>
        {health.data && <HealthScoreBadge score={health.data.score} band={health.data.band} size="lg" />}
      </Group>
      {health.error && <ErrorAlert error={health.error} title="Could not load the health score" onRetry={() => health.refetch()} />}
      {!health.data && !health.error && <Skeleton height={180} />}
      {health.data && (
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
          <div style={{ gridColumn: 'span 2' }}>
            <HealthChart history={health.data.history} />
          </div>
          <Stack gap="xs">
            <Text size="sm">{formulaText(health.data)}</Text>
            <Text size="sm">{BAND_TEXT}</Text>
          </Stack>
        </SimpleGrid>
      )}
    </Paper>
  );
}

/** The contract's Findings tab: health, what needs attention (open first), and resolved findings as history. */
export function FindingsTab({ contract }: { contract: Contract }) {
  const query = useContractFindings(contract.id);
  const evaluate = useEvaluateFindings(contract.id);
  const [historyOpen, history] = useDisclosure(false);
  const historyId = useId();

  const items = query.data?.items ?? [];
  const active = items.filter((f) => f.state !== 'resolved');
  const resolved = items.filter((f) => f.state === 'resolved');

  return (
    <Stack gap="lg">
      <HealthPanel contractId={contract.id} />

      <section aria-labelledby={`${contract.id}-attention`}>
        <Group justify="space-between" mb="sm" wrap="wrap">
          <div>
            <Title order={2} fz="lg" id={`${contract.id}-attention`}>
              Needs attention
            </Title>
            <Text size="sm" c="dimmed">
              Steward checks this contract after every change and every day.{' '}
              <TextLink to="/findings/rules" size="sm" td="underline">
                About the checks
              </TextLink>
            </Text>
          </div>
          {query.data?.permissions.evaluate && (
            <Button
              variant="default"
              size="sm"
              loading={evaluate.isPending}
              onClick={() =>
                evaluate.mutate(undefined, {
                  onSuccess: (r) =>
                    notifySuccess(
                      `${plural(r.opened, 'new finding')}, ${plural(r.resolved, 'finding')} resolved. Health score ${r.score}.`,
                      'Checks run',
                    ),
                })
              }
            >
              Run the checks now
            </Button>
          )}
        </Group>
        {query.error && <ErrorAlert error={query.error} title="Could not load the findings" onRetry={() => query.refetch()} />}
        {query.isPending && <Skeleton height={120} />}
        {query.data && active.length === 0 && (
          <Paper p="md">
            <EmptyState
              title="Nothing needs attention"
              description="No check reports anything on this contract. Findings appear here when a check does: a contract ending without a renewal decision, a team without an owner, a key question left unanswered."
            />
          </Paper>
        )}
        <Stack gap="sm">
          {active.map((f) => (
            <FindingCard key={f.id} finding={f} />
          ))}
        </Stack>
      </section>

      {query.data && (
        <section aria-labelledby={`${contract.id}-history`}>
          <Group gap="sm" mb="sm">
            <Title order={2} fz="lg" id={`${contract.id}-history`}>
              History
            </Title>
            <Button variant="subtle" size="compact-sm" onClick={history.toggle} aria-expanded={historyOpen} aria-controls={historyId}>
              {historyOpen ? 'Hide resolved findings' : `Show resolved findings (${resolved.length})`}
            </Button>
          </Group>
          <Collapse expanded={historyOpen} id={historyId}>
            {resolved.length === 0 ? (
              <Text size="sm" c="dimmed">
                No finding on this contract has been resolved yet. A finding is resolved when its check stops reporting it.
              </Text>
            ) : (
              <Stack gap="xs">
                {resolved.map((f) => (
                  <FindingCard key={f.id} finding={f} compact />
                ))}
              </Stack>
            )}
          </Collapse>
        </section>
      )}
    </Stack>
  );
}
