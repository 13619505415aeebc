import { Badge, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { labelOf, useMeta } from '../../api/meta';
import type { Contract } from '../../api/types';
import { DateText } from '../../components/DateText';
import { DefinitionList } from '../../components/DefinitionList';
import { TextLink } from '../../components/links';
import { Money } from '../../components/Money';
import { Section } from '../../components/Section';
import { StatusBadge } from '../../components/StatusBadge';
import { FLAG_HELP, OWNER_TEAMS } from './contractVocabulary';

function YesNo({ value }: { value: boolean }) {
  return <Badge color={value ? 'orange' : 'gray'}>{value ? 'Yes' : 'No'}</Badge>;
}

export function OverviewTab({ contract: c }: { contract: Contract }) {
  const meta = useMeta();
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Section title="Terms">
          <DefinitionList
            items={[
              { term: 'Reference', value: c.reference },
              {
                term: 'Vendor',
                value: (
                  <TextLink to="/vendors/$id" params={{ id: c.vendor.id }} size="sm">
                    {c.vendor.legalName}
                  </TextLink>
                ),
              },
              { term: 'Department', value: c.department.name },
              { term: 'Contract type', value: labelOf(meta?.contractTypes, c.type) },
              { term: 'Pricing model', value: labelOf(meta?.pricingModels, c.pricingModel) },
              { term: 'Value', value: <Money amount={c.value} currency={c.currency} /> },
              { term: 'Ceiling', value: <Money amount={c.ceiling} currency={c.currency} /> },
              {
                term: 'Period',
                value: (
                  <>
                    <DateText value={c.startDate} /> to <DateText value={c.endDate} />
                  </>
                ),
              },
              { term: 'Rule pack', value: labelOf(meta?.rulePacks, c.rulePack) },
              { term: 'Status', value: <StatusBadge status={c.status} /> },
              { term: 'OCDS status', value: c.ocdsStatus },
              { term: 'Last updated', value: <DateText value={c.updatedAt} withTime /> },
            ]}
          />
        </Section>
        <Stack gap="lg">
          <Section title="Description">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={c.description ? undefined : 'dimmed'}>
              {c.description || 'No description recorded.'}
            </Text>
          </Section>
          <Section title="Owners">
            <DefinitionList
              items={OWNER_TEAMS.map((team) => ({
                term: team.label,
                value: c.owners[team.value]?.name ?? (
                  <Text span size="sm" c="dimmed">
                    Not assigned
                  </Text>
                ),
              }))}
            />
          </Section>
          <Section title="Risk and visibility">
            <DefinitionList
              items={[
                { term: 'Risk tier', value: labelOf(meta?.riskTiers, c.riskTier) },
                { term: 'Public-facing', value: <YesNo value={c.publicFacing} /> },
                { term: 'High-impact', value: <YesNo value={c.highImpact} /> },
                { term: 'Restricted', value: <YesNo value={c.restricted} /> },
              ]}
            />
            <Text size="xs" c="dimmed" mt="sm">
              {FLAG_HELP.restricted}
            </Text>
          </Section>
        </Stack>
      </SimpleGrid>
      <Section title="Renewal">
        <DefinitionList
          items={[
            { term: 'Decision', value: labelOf(meta?.renewalDecisions, c.renewalDecision) },
            {
              term: 'Note',
              value: c.renewalNote ? (
                c.renewalNote
              ) : (
                <Text size="sm" c="dimmed">
                  No note.
                </Text>
              ),
            },
          ]}
        />
      </Section>
      <Section title="Option periods">
        {c.options.length === 0 ? (
          <Text size="sm" c="dimmed">
            This contract has no option periods.
          </Text>
        ) : (
          <Table aria-label="Option periods" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Description</Table.Th>
                <Table.Th>Start</Table.Th>
                <Table.Th>End</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.options.map((o) => (
                <Table.Tr key={`${o.startDate}-${o.description}`}>
                  <Table.Td>{o.description}</Table.Td>
                  <Table.Td>
                    <DateText value={o.startDate} />
                  </Table.Td>
                  <Table.Td>
                    <DateText value={o.endDate} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
      <Section title="Tags">
        {c.tags.length === 0 ? (
          <Text size="sm" c="dimmed">
            No tags.
          </Text>
        ) : (
          <Group gap="xs">
            {c.tags.map((tag) => (
              <Badge key={tag} color="steward" variant="light" tt="none">
                {tag}
              </Badge>
            ))}
          </Group>
        )}
      </Section>
    </Stack>
  );
}
