import { Anchor, Button, Group, Modal, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import type { Contract } from '../../api/types';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DownloadIcon, PlusIcon } from '../../components/icons';
import { TextLink } from '../../components/links';
import { Money } from '../../components/Money';
import { formatMoney } from '../../lib/format';
import { InvoiceForm } from './InvoiceForm';
import { InvoiceIcon } from './invoiceIcons';
import { type InvoiceSummary, invoicesCsvHref, useContractInvoices } from './invoices.api';
import { PaymentTermsPanel } from './PaymentTermsPanel';
import { BAD_TEXT, ClockBadge, InvoiceStateBadge, useIsContractVendor } from './vocabulary';

function Figure({ label, value, hint, tone }: { label: string; value: string; hint?: string; tone?: 'bad' }) {
  return (
    <Paper p="md">
      <Text size="sm" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text
        fz={{ base: 17, xs: 22, md: 24 }}
        fw={700}
        lh={1.3}
        c={tone === 'bad' ? BAD_TEXT : 'steward.9'}
        style={{ fontVariantNumeric: 'tabular-nums', overflowWrap: 'anywhere' }}
      >
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

/** The invoice's number as a link to its page, with its dates under it. */
export function InvoiceLink({ invoice }: { invoice: InvoiceSummary }) {
  return (
    <div>
      <TextLink to="/invoices/$invoiceId" params={{ invoiceId: invoice.id }} size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
        {invoice.vendorInvoiceNumber}
      </TextLink>
      <Text size="xs" c="dimmed">
        Dated <DateText value={invoice.invoiceDate} />
      </Text>
    </div>
  );
}

/** Due date with where the clock stands ("Due in 4 days", "12 days late"). */
export function DueCell({ invoice }: { invoice: InvoiceSummary }) {
  return (
    <Stack gap={2} align="flex-start">
      {invoice.dueDate ? <DateText value={invoice.dueDate} /> : <Text size="sm">—</Text>}
      <ClockBadge invoice={invoice} size="sm" />
    </Stack>
  );
}

/** The contract's Invoices tab: totals, the invoices with their state and clock, payment terms. */
export function InvoicesTab({ contract }: { contract: Contract }) {
  const query = useContractInvoices(contract.id);
  const vendor = useIsContractVendor(contract);
  const narrow = useMediaQuery('(max-width: 48em)');
  const [adding, setAdding] = useState(false);

  if (query.error) return <ErrorAlert error={query.error} title="Could not load the invoices" onRetry={() => query.refetch()} />;
  if (!query.data)
    return (
      <Stack gap="md" aria-busy="true">
        <Skeleton height={90} radius="md" />
        <Skeleton height={240} radius="md" />
      </Stack>
    );

  const { items, totals, permissions } = query.data;
  const currency = totals.currency;
  const late = items.filter((i) => i.status === 'late');
  const canAdd = permissions.submit && contract.status !== 'draft';
  const addLabel = vendor ? 'Submit invoice' : 'Enter invoice';

  const columns: Column<InvoiceSummary>[] = [
    { key: 'number', header: 'Invoice', render: (i) => <InvoiceLink invoice={i} /> },
    { key: 'received', header: 'Received', render: (i) => <DateText value={i.receivedDate} /> },
    { key: 'total', header: 'Total', align: 'right', render: (i) => <Money amount={i.total} currency={i.currency} /> },
    {
      key: 'outstanding',
      header: 'Outstanding',
      align: 'right',
      render: (i) => (i.state === 'returned_defective' ? '—' : <Money amount={i.outstanding} currency={i.currency} />),
    },
    { key: 'state', header: 'State', render: (i) => <InvoiceStateBadge invoice={i} size="sm" /> },
    { key: 'due', header: 'Due', render: (i) => <DueCell invoice={i} /> },
    {
      key: 'paid',
      header: 'Paid',
      render: (i) =>
        i.paidDate ? (
          <div>
            <DateText value={i.paidDate} />
            {Number(i.interestPaid) > 0 && (
              <Text size="xs" c="dimmed">
                with {formatMoney(i.interestPaid, i.currency)} interest
              </Text>
            )}
          </div>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Stack gap="lg">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm" c="dimmed" maw={640}>
          {vendor
            ? 'Your invoices on this contract and where each stands: received, returned for correction, approved, scheduled or paid.'
            : 'Are we paying the vendor in a timely manner? Each invoice with its payment clock, and what is paid and still owed.'}
        </Text>
        <Group gap="sm">
          {items.length > 0 && (
            <Anchor
              href={invoicesCsvHref(contract.id)}
              download
              size="sm"
              fw={600}
              style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
            >
              <DownloadIcon size={16} /> Export CSV
            </Anchor>
          )}
          {canAdd && (
            <Button leftSection={<PlusIcon size={16} />} onClick={() => setAdding(true)}>
              {addLabel}
            </Button>
          )}
        </Group>
      </Group>

      {items.length > 0 && (
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md" component="section" aria-label="Invoices in figures">
          <Figure label="Invoiced" value={formatMoney(totals.invoiced, currency)} hint="Not counting returned invoices" />
          <Figure label="Paid" value={formatMoney(totals.paid, currency)} />
          <Figure
            label="Outstanding"
            value={formatMoney(totals.outstanding, currency)}
            hint={late.length ? `${late.length} late` : undefined}
            tone={late.length ? 'bad' : undefined}
          />
          <Figure label="Credited" value={formatMoney(totals.credited, currency)} />
        </SimpleGrid>
      )}

      <section aria-labelledby="invoices-heading">
        <Title order={2} fz="lg" id="invoices-heading" mb="sm">
          Invoices
        </Title>
        {items.length ? (
          <DataTable caption={`Invoices of ${contract.reference}`} columns={columns} rows={items} rowKey={(i) => i.id} minWidth={880} />
        ) : (
          <Paper>
            <EmptyState
              icon={<InvoiceIcon size={26} />}
              title="No invoices yet"
              description={
                canAdd
                  ? vendor
                    ? 'Submit your invoice here: Steward stamps the day it arrives, checks it against the proper-invoice rules and tells you when payment is due.'
                    : 'Enter an invoice that arrived on paper or by e-mail, with the date it was received. Vendors can submit theirs here themselves.'
                  : contract.status === 'draft'
                    ? 'The contract is still a draft: invoices can be received once it is active.'
                    : 'Invoices appear here when the vendor submits them or procurement enters them.'
              }
              action={
                canAdd && (
                  <Button variant="light" onClick={() => setAdding(true)}>
                    {addLabel}
                  </Button>
                )
              }
            />
          </Paper>
        )}
      </section>

      <PaymentTermsPanel contract={contract} canEdit={permissions.process && !vendor} />

      <Modal
        opened={adding}
        onClose={() => setAdding(false)}
        title={vendor ? 'Submit an invoice' : 'Enter an invoice'}
        size="72rem"
        fullScreen={!!narrow}
      >
        {adding && <InvoiceForm contract={contract} vendor={vendor} onDone={() => setAdding(false)} />}
      </Modal>
    </Stack>
  );
}
