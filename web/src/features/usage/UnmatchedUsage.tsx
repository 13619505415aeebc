import { Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { EmptyState } from '../../components/EmptyState';
import { plural } from '../../lib/format';
import { RaiseForm } from './NoteForms';
import { ServiceForm } from './ServiceForm';
import { type UsageException, useUsageExceptions } from './usage.api';
import { usePaged } from './usePaged';
import { billedText, ExceptionStatusBadge, type UsageRights } from './vocabulary';

type Dialog = { kind: 'catalog' | 'raise'; exception: UsageException } | null;

const costOf = (e: UsageException, currency: string) => Number(e.billedCost[currency] ?? 0);
const what = (e: UsageException) => e.serviceName ?? e.skuId ?? e.resourceId ?? 'Unnamed service';

/**
 * Usage nobody approved: rows that match no catalog entry, or a catalog entry run by an account
 * it does not allow. Add it to the catalog when it was agreed, or raise it with the team.
 */
export function UnmatchedUsage({
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
  const query = useUsageExceptions(contractId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  // The costliest first: that is where the money goes.
  const items = useMemo(
    () => query.data && [...query.data].sort((a, b) => costOf(b, currency) - costOf(a, currency) || a.firstSeen.localeCompare(b.firstSeen)),
    [query.data, currency],
  );
  const paged = usePaged(items);

  const columns: Column<UsageException>[] = [
    {
      key: 'service',
      header: 'Service',
      width: '24%',
      render: (e) => (
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            {what(e)}
          </Text>
          <Text size="xs" c="dimmed">
            {e.kind === 'unmatched'
              ? `Not in the catalog${e.skuId && e.serviceName ? ` · SKU ${e.skuId}` : ''}`
              : `“${e.service?.name ?? 'A catalog service'}” run by an account it does not allow`}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'account',
      header: 'Account and resource',
      render: (e) => (
        <Stack gap={0}>
          <Text size="sm">{e.subAccountId ?? e.billingAccountId ?? '—'}</Text>
          {e.subAccountId && e.billingAccountId && (
            <Text size="xs" c="dimmed">
              Billing account {e.billingAccountId}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {e.resourceId ? `Resource ${e.resourceId}` : 'Several resources'}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'seen',
      header: 'Seen',
      render: (e) => (
        <Stack gap={0}>
          <Text size="sm">
            From <DateText value={e.firstSeen} />
          </Text>
          <Text size="xs" c="dimmed">
            Last <DateText value={e.lastSeen} />
          </Text>
        </Stack>
      ),
    },
    {
      key: 'cost',
      header: 'Cost so far',
      align: 'right',
      render: (e) => (
        <Stack gap={0} align="flex-end">
          <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
            {billedText(e.billedCost, currency)}
          </Text>
          <Text size="xs" c="dimmed">
            {plural(e.rows, 'row')}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      render: (e) => (
        <Stack gap={2}>
          <ExceptionStatusBadge status={e.status} size="sm" />
          {e.note && (
            <Text size="xs" c="dimmed" lineClamp={3} title={e.note}>
              {e.note}
            </Text>
          )}
        </Stack>
      ),
    },
  ];
  if (rights.manage)
    columns.push({
      key: 'actions',
      header: 'Actions',
      render: (e) => (
        <Group gap={4} wrap="nowrap">
          {e.kind === 'unmatched' && (
            <Button
              size="compact-sm"
              variant="light"
              onClick={() => setDialog({ kind: 'catalog', exception: e })}
              aria-label={`Add ${what(e)} to the catalog`}
            >
              Add to catalog
            </Button>
          )}
          <Button
            size="compact-sm"
            variant="subtle"
            onClick={() => setDialog({ kind: 'raise', exception: e })}
            aria-label={`Raise ${what(e)} with the team`}
          >
            Raise with the team
          </Button>
        </Group>
      ),
    });

  return (
    <Paper p="lg" component="section" aria-labelledby="unmatched-heading" id="unmatched" style={{ scrollMarginTop: 80 }}>
      <Stack gap="sm">
        <div>
          <Title order={2} fz="lg" id="unmatched-heading">
            Unmatched usage
          </Title>
          <Text size="sm" c="dimmed" maw={760}>
            Usage that matches no approved catalog entry, or runs under an account the entry does not allow. Add it to the catalog if it was
            agreed, or raise it with the team that started it. Each one is also a finding until it is resolved.
          </Text>
        </div>
        {items && items.length > 1 && (
          <Text size="sm" fw={600}>
            {plural(items.length, 'item')}, costliest first.
          </Text>
        )}
        {items && items.length === 0 ? (
          <EmptyState
            title="All usage matches the catalog"
            description="When an import brings usage that no catalog entry covers, it is listed here with who ran it and what it cost."
          />
        ) : (
          <DataTable
            caption={`Unmatched usage on ${reference}`}
            columns={columns}
            rows={paged.rows}
            pagination={paged.pagination}
            rowKey={(e) => e.id}
            error={query.error}
            onRetry={() => query.refetch()}
            minWidth={860}
          />
        )}
      </Stack>
      <Modal
        opened={dialog?.kind === 'catalog'}
        onClose={close}
        title={rights.approve ? 'Add to the catalog' : 'Ask to add to the catalog'}
        size="xl"
      >
        {dialog?.kind === 'catalog' && (
          <ServiceForm
            contractId={contractId}
            currency={currency}
            fromException={dialog.exception}
            approvesDirectly={rights.approve}
            onDone={close}
          />
        )}
      </Modal>
      <Modal opened={dialog?.kind === 'raise'} onClose={close} title="Raise with the team" size="lg">
        {dialog?.kind === 'raise' && <RaiseForm contractId={contractId} currency={currency} exception={dialog.exception} onDone={close} />}
      </Modal>
    </Paper>
  );
}
