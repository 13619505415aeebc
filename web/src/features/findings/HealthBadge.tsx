import { Badge, Popover, Stack, Text, UnstyledButton } from '@mantine/core';
import { TextLink } from '../../components/links';
import { BAND_COLORS } from './FindingBadges';
import { BAND_LABELS, type ContractHealth, useContractHealth } from './findings.api';

/** The health formula in words, from the weights the server uses. */
export function formulaText(h: Pick<ContractHealth, 'weights' | 'maxPerRule'>): string {
  return `The score starts at 100. Each open finding takes off points by severity: ${h.weights.critical} for critical, ${h.weights.warning} for a warning, ${h.weights.info} for info. Acknowledged findings take off half, snoozed and resolved ones nothing, and one check takes off at most ${h.maxPerRule} points however many things it reports. The score never goes below 0.`;
}

export const BAND_TEXT = 'Good is 80 or more, fair 50 to 79, poor below 50.';

/**
 * The contract's health score in the page header: the number and its band in words, opening an
 * explanation of the formula (a click or Enter, so keyboard and touch users get it too).
 */
export function HealthBadge({ contractId }: { contractId: string }) {
  const health = useContractHealth(contractId);
  if (!health.data) return null;
  const { score, band } = health.data;
  return (
    <Popover width={360} position="bottom-start" withArrow shadow="md" trapFocus={false}>
      <Popover.Target>
        <UnstyledButton aria-label={`Health ${score} · ${BAND_LABELS[band]}: how the score is calculated`} style={{ borderRadius: 4 }}>
          <Badge color={BAND_COLORS[band]} variant="light" size="lg" style={{ fontVariantNumeric: 'tabular-nums', cursor: 'pointer' }}>
            Health {score} · {BAND_LABELS[band]}
          </Badge>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text fw={700} size="sm">
            Health score {score} of 100 ({BAND_LABELS[band].toLowerCase()})
          </Text>
          <Text size="sm">{formulaText(health.data)}</Text>
          <Text size="sm">{BAND_TEXT}</Text>
          <TextLink to="/contracts/$id" params={{ id: contractId }} search={{ tab: 'findings' }} size="sm" fw={600} td="underline">
            See the findings behind it
          </TextLink>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
