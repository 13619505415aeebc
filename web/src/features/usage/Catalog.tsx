import { Button, Group, Modal, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { PlusIcon } from '../../components/icons';
import { formatDate, formatMoney } from '../../lib/format';
import { DecisionForm } from './NoteForms';
import { ServiceForm } from './ServiceForm';
import { type UsageService, useUsageServices } from './usage.api';
import { usePaged } from './usePaged';
import { EnvironmentBadge, formatQuantity, ServiceStatusBadge, TEAM_LABELS, type UsageRights } from './vocabulary';

type Dialog = { kind: 'add' } | { kind: 'edit'; service: UsageService } | { kind: 'decide'; service: UsageService } | null;

const ID_LABELS: [keyof Omit<UsageService['identifiers'], 'tags'>, string][] = [
  ['billingAccountId', 'Billing account'],
  ['subAccountId', 'Sub-account'],
  ['serviceName', 'Service'],
  ['skuId', 'SKU'],
  ['resourceType', 'Resource type'],
];

/** The identifiers an entry matches on, one per line. */
function matchLines(s: UsageService): string[] {
  const lines = ID_LABELS.flatMap(([k, label]) => (s.identifiers[k] ? [`${label}: ${s.identifiers[k]}`] : []));
  for (const [k, v] of Object.entries(s.identifiers.tags)) lines.push(`Tag ${k} = ${v}`);
  return lines;
}

/** "US$2.50 per million tokens", or with the unit spelled out when the label does not say it. */
export function rateText(r: UsageService['rates'][number], currency: string): string {
  const price = formatMoney(r.price, currency);
  const basis = r.per === 1 ? `per ${r.unit}` : `per ${formatQuantity(r.per)} ${r.unit}`;
  if (/^per\b/i.test(r.label.trim())) return `${price} ${r.label.trim()}`;
  return r.label.trim() ? `${r.label.trim()}: ${price} ${basis}` : `${price} ${basis}`;
}

function provisionerLines(s: UsageService): string[] {
  const lines: string[] = [];
  if (s.provisionerTeams.length) lines.push(`Teams: ${s.provisionerTeams.map((t) => TEAM_LABELS[t]).join(', ')}`);
  if (s.provisioners.length) lines.push(`People: ${s.provisioners.map((p) => p.name).join(', ')}`);
  const r = s.provisionerRule;
  if (r?.subAccountIds.length) lines.push(`Sub-accounts: ${r.subAccountIds.join(', ')}`);
  if (r?.billingAccountIds.length) lines.push(`Billing accounts: ${r.billingAccountIds.join(', ')}`);
  if (r?.tag) lines.push(`Tag ${r.tag.key}: ${r.tag.values.join(', ')}`);
  return lines;
}

function Lines({ lines, empty }: { lines: string[]; empty: string }) {
  if (!lines.length)
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  return (
    <Stack gap={0}>
      {lines.map((l) => (
        <Text size="sm" key={l} style={{ overflowWrap: 'anywhere' }}>
          {l}
        </Text>
      ))}
    </Stack>
  );
}

function Details({ s }: { s: UsageService }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
      <div>
        <Text size="sm" fw={600}>
          Purpose
        </Text>
        <Text size="sm">{s.purpose || 'Not given.'}</Text>
      </div>
      <div>
        <Text size="sm" fw={600}>
          Who may provision it
        </Text>
        <Lines lines={provisionerLines(s)} empty="Anyone: no team, person or account rule is set." />
      </div>
      <div>
        <Text size="sm" fw={600}>
          Request and decision
        </Text>
        <Text size="sm">
          {s.requestedBy ? `Asked by ${s.requestedBy.name}` : 'Added'} on {formatDate(s.requestedAt)}.
        </Text>
        {s.decidedAt && (
          <Text size="sm">
            {s.status === 'rejected' ? 'Rejected' : 'Approved'}
            {s.decidedBy ? ` by ${s.decidedBy.name}` : ''} on {formatDate(s.decidedAt)}
            {s.decisionNote ? `: ${s.decisionNote}` : '.'}
          </Text>
        )}
      </div>
    </SimpleGrid>
  );
}

/**
 * The contract's service catalog: what may be used, how usage is matched to it, at what rates and
 * by whom. Procurement adds entries at once and decides requests; buyers and IT and data ask.
 */
export function Catalog({
  contractId,
  reference,
  currency,
  rights,
}: {
  contractId: string;
  reference: string;
  currency: string;
  rights: UsageRights;
}) {
  const query = useUsageServices(contractId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const order = { requested: 0, approved: 1, rejected: 2 };
  const rows = query.data ? [...query.data].sort((a, b) => order[a.status] - order[b.status] || a.name.localeCompare(b.name)) : undefined;
  const paged = usePaged(rows, 25);
  const waiting = rows?.filter((s) => s.status === 'requested').length ?? 0;

  const canEdit = (s: UsageService) => (s.status === 'approved' ? rights.approve : rights.manage);
  const columns: Column<UsageService>[] = [
    {
      key: 'name',
      header: 'Service',
      width: '20%',
      render: (s) => (
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            {s.name}
          </Text>
          <Group gap={4}>
            <EnvironmentBadge environment={s.environment} size="xs" />
          </Group>
        </Stack>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      render: (s) => (
        <Stack gap={2}>
          <ServiceStatusBadge status={s.status} size="sm" />
          {s.status === 'requested' && s.requestedBy && (
            <Text size="xs" c="dimmed">
              Asked by {s.requestedBy.name}
            </Text>
          )}
        </Stack>
      ),
    },
    { key: 'match', header: 'Matches usage with', width: '30%', render: (s) => <Lines lines={matchLines(s)} empty="No identifiers" /> },
    {
      key: 'rates',
      header: 'Rates',
      width: '20%',
      render: (s) => <Lines lines={s.rates.map((r) => rateText(r, currency))} empty="None" />,
    },
    { key: 'budget', header: 'Budget', align: 'right', render: (s) => (s.budget ? formatMoney(s.budget, currency) : '—') },
  ];
  const hasAction = (s: UsageService) => canEdit(s) || (rights.approve && s.status === 'requested');
  if (rights.manage && rows?.some(hasAction))
    columns.push({
      key: 'actions',
      header: 'Actions',
      render: (s) => (
        <Group gap={4} wrap="nowrap">
          {rights.approve && s.status === 'requested' && (
            <Button
              size="compact-sm"
              variant="light"
              onClick={() => setDialog({ kind: 'decide', service: s })}
              aria-label={`Decide on ${s.name}`}
            >
              Decide
            </Button>
          )}
          {canEdit(s) && (
            <Button
              size="compact-sm"
              variant="subtle"
              onClick={() => setDialog({ kind: 'edit', service: s })}
              aria-label={`Change ${s.name}`}
            >
              Change
            </Button>
          )}
        </Group>
      ),
    });

  return (
    <Paper p="lg" component="section" aria-labelledby="catalog-heading">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" align="flex-start">
          <div>
            <Title order={2} fz="lg" id="catalog-heading">
              Service catalog
            </Title>
            <Text size="sm" c="dimmed" maw={760}>
              The services, models and SKUs this contract covers, how usage rows are matched to them, the contracted rates and who may
              provision each one.
              {waiting > 0 && ` ${waiting === 1 ? 'One request waits' : `${waiting} requests wait`} for procurement.`}
            </Text>
          </div>
          {rights.manage && (
            <Button leftSection={<PlusIcon size={16} />} onClick={() => setDialog({ kind: 'add' })}>
              {rights.approve ? 'Add a service' : 'Ask to add a service'}
            </Button>
          )}
        </Group>
        {rows && rows.length === 0 ? (
          <EmptyState
            title="The catalog is empty"
            description={
              rights.manage
                ? 'Add the services the contract covers with the identifiers on the provider’s usage rows, so usage can be matched; until then every row counts as unmatched.'
                : 'Services will appear here once the contract team adds them; until then every usage row counts as unmatched.'
            }
          />
        ) : (
          <DataTable
            caption={`Service catalog of ${reference}`}
            columns={columns}
            rows={paged.rows}
            pagination={paged.pagination}
            rowKey={(s) => s.id}
            error={query.error}
            onRetry={() => query.refetch()}
            expandable={{ render: (s) => <Details s={s} />, label: (s) => s.name }}
            minWidth={900}
          />
        )}
      </Stack>
      <Modal
        opened={dialog?.kind === 'add' || dialog?.kind === 'edit'}
        onClose={close}
        title={dialog?.kind === 'edit' ? 'Change catalog entry' : rights.approve ? 'Add a service to the catalog' : 'Ask to add a service'}
        size="xl"
      >
        {(dialog?.kind === 'add' || dialog?.kind === 'edit') && (
          <ServiceForm
            contractId={contractId}
            currency={currency}
            service={dialog.kind === 'edit' ? dialog.service : undefined}
            approvesDirectly={rights.approve}
            onDone={close}
          />
        )}
      </Modal>
      <Modal opened={dialog?.kind === 'decide'} onClose={close} title="Approve or reject the request" size="lg">
        {dialog?.kind === 'decide' && <DecisionForm contractId={contractId} service={dialog.service} onDone={close} />}
      </Modal>
    </Paper>
  );
}
