import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  FileInput,
  Group,
  List,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { isApiStatus } from '../../api/client';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { DefinitionList } from '../../components/DefinitionList';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DownloadIcon } from '../../components/icons';
import { TextLink } from '../../components/links';
import { Money } from '../../components/Money';
import { notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { Section } from '../../components/Section';
import { NotFoundPage } from '../../components/StatusPage';
import { formatBytes, formatDate, formatMoney, plural } from '../../lib/format';
import { useContract } from '../contracts/contracts.api';
import { useDeliverables, useMilestones } from '../milestones/milestones.api';
import { ApproveForm, PaymentForm, ReceivedDateForm, ReturnForm, ScheduleForm } from './InvoiceActions';
import { DueWorking, InvoiceClock } from './InvoiceClock';
import { InvoiceForm } from './InvoiceForm';
import { InterestWorking } from './InterestWorking';
import {
  documentHref,
  type Invoice,
  type InvoiceAttachment,
  type InvoiceEvent,
  type InvoiceLine,
  type Payment,
  useAttachFile,
  useInvoice,
} from './invoices.api';
import {
  BAD_TEXT,
  ClockBadge,
  EVENT_LABELS,
  GOOD_TEXT,
  InvoiceStateBadge,
  STATE_LABELS,
  invoiceName,
  useIsContractVendor,
} from './vocabulary';

type Panel = 'return' | 'approve' | 'schedule' | 'payment' | 'credit' | 'received' | null;

/** What happens next to the invoice, in a sentence for the person looking at it. */
function nextStep(invoice: Invoice, vendor: boolean): string {
  const c = invoice.clock;
  switch (invoice.state) {
    case 'received':
      if (invoice.defective)
        return vendor
          ? 'The invoice misses part of what a proper invoice must state (see the checklist): procurement will return it to you to correct.'
          : `The invoice fails the proper-invoice checklist: return it to the vendor with the reasons${c.defectReturnDeadline ? ` by ${formatDate(c.defectReturnDeadline)}` : ''}.`;
      return vendor
        ? 'Received. The buyer confirms that what it bills was delivered and accepted; then it is scheduled and paid.'
        : 'Waiting for the department’s buyer to confirm that what it bills was received and accepted.';
    case 'returned_defective':
      return vendor
        ? 'Returned to you as defective: correct it as the reasons in its history say and send it again. Nothing is due until then.'
        : 'Returned to the vendor as defective. Nothing is due until the corrected invoice arrives.';
    case 'approved':
      return `Approved${invoice.approvedBy ? ` by ${invoice.approvedBy.name}` : ''}. Procurement schedules and pays it${c.dueDate ? ` by the due date, ${formatDate(c.dueDate)}` : ''}.`;
    case 'scheduled':
      return `Scheduled for payment on ${formatDate(c.scheduledDate)}${c.dueDate ? ` (due ${formatDate(c.dueDate)})` : ''}.`;
    case 'paid':
      return `Paid in full on ${formatDate(c.paidDate)}${c.daysLate > 0 ? `, ${plural(c.daysLate, 'day')} after the due date` : ', on time'}.`;
  }
}

function FormBox({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box mt="md" pt="md" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
      <Title order={3} fz="md" mb="sm">
        {title}
      </Title>
      {children}
    </Box>
  );
}

function Actions({
  invoice,
  vendor,
  panel,
  setPanel,
  onResubmit,
}: {
  invoice: Invoice;
  vendor: boolean;
  panel: Panel;
  setPanel: (p: Panel) => void;
  onResubmit: () => void;
}) {
  const p = invoice.permissions;
  const close = () => setPanel(null);
  const any = p.return || p.resubmit || p.approve || p.schedule || p.pay || p.credit || p.update;
  return (
    <Paper p="lg" component="section" aria-labelledby="next-heading">
      <Title order={2} fz="lg" id="next-heading" mb="xs">
        What happens next
      </Title>
      {!vendor && invoice.warnings.length > 0 && (
        <Alert color="orange" title="Look at this first" mb="sm">
          <List size="sm">
            {invoice.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {/* A defective invoice's warning already says what to do next. */}
      {!(!vendor && invoice.warnings.length > 0 && invoice.state === 'received' && invoice.defective) && (
        <Text size="sm">{nextStep(invoice, vendor)}</Text>
      )}
      {any && panel === null && (
        <Group gap="sm" mt="md">
          {p.approve && (
            <Button onClick={() => setPanel('approve')} disabled={invoice.defective}>
              Approve
            </Button>
          )}
          {p.resubmit && <Button onClick={onResubmit}>Correct and send again</Button>}
          {p.return && (
            <Button color="red" variant={invoice.defective ? 'filled' : 'light'} onClick={() => setPanel('return')}>
              Return as defective
            </Button>
          )}
          {p.pay && <Button onClick={() => setPanel('payment')}>Record payment</Button>}
          {p.schedule && (
            <Button variant={invoice.state === 'approved' ? 'light' : 'default'} onClick={() => setPanel('schedule')}>
              {invoice.state === 'scheduled' ? 'Reschedule' : 'Schedule payment'}
            </Button>
          )}
          {p.credit && (
            <Button variant="default" onClick={() => setPanel('credit')}>
              Record credit note
            </Button>
          )}
          {p.update && (
            <Button variant="default" onClick={() => setPanel('received')}>
              Correct received date
            </Button>
          )}
        </Group>
      )}
      {p.approve && invoice.defective && panel === null && (
        <Text size="xs" c="dimmed" mt={6}>
          An invoice that fails the checklist cannot be approved: procurement returns it to the vendor first.
        </Text>
      )}
      {panel === 'return' && (
        <FormBox title="Return as defective">
          <ReturnForm invoice={invoice} onDone={close} />
        </FormBox>
      )}
      {panel === 'approve' && (
        <FormBox title="Approve the invoice">
          <ApproveForm invoice={invoice} onDone={close} />
        </FormBox>
      )}
      {panel === 'schedule' && (
        <FormBox title="Schedule the payment">
          <ScheduleForm invoice={invoice} onDone={close} />
        </FormBox>
      )}
      {(panel === 'payment' || panel === 'credit') && (
        <FormBox title={panel === 'payment' ? 'Record a payment' : 'Record a credit note'}>
          <PaymentForm invoice={invoice} kind={panel === 'payment' ? 'payment' : 'credit_note'} onDone={close} />
        </FormBox>
      )}
      {panel === 'received' && (
        <FormBox title="Correct the received date">
          <ReceivedDateForm invoice={invoice} onDone={close} />
        </FormBox>
      )}
    </Paper>
  );
}

function Figure({ label, children, tone }: { label: string; children: ReactNode; tone?: 'bad' | 'good' }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text
        fz={{ base: 17, sm: 20 }}
        fw={700}
        c={tone === 'bad' ? BAD_TEXT : tone === 'good' ? GOOD_TEXT : 'steward.9'}
        style={{ overflowWrap: 'anywhere' }}
      >
        {children}
      </Text>
    </div>
  );
}

function Amounts({ invoice }: { invoice: Invoice }) {
  const cur = invoice.currency;
  const owed = Number(invoice.outstanding) > 0 && invoice.state !== 'returned_defective';
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md" component="section" aria-label="Amounts">
      <Paper p="md">
        <Figure label="Total">
          <Money amount={invoice.total} currency={cur} />
        </Figure>
      </Paper>
      <Paper p="md">
        <Figure label="Paid">
          <Money amount={invoice.paid} currency={cur} />
        </Figure>
      </Paper>
      <Paper p="md">
        <Figure label="Outstanding" tone={owed && invoice.clock.daysLate > 0 ? 'bad' : undefined}>
          {invoice.state === 'returned_defective' ? '—' : <Money amount={invoice.outstanding} currency={cur} />}
        </Figure>
      </Paper>
      <Paper p="md">
        <Figure label="Interest paid">
          <Money amount={invoice.interestPaid} currency={cur} />
        </Figure>
      </Paper>
    </SimpleGrid>
  );
}

function LinesTable({ invoice }: { invoice: Invoice }) {
  const milestones = useMilestones(invoice.contract.id);
  const deliverables = useDeliverables(invoice.contract.id);
  const cur = invoice.currency;
  const linked = (l: InvoiceLine) => {
    const parts: ReactNode[] = [];
    if (l.milestoneId) parts.push(`Milestone: ${milestones.data?.find((m) => m.id === l.milestoneId)?.title ?? 'linked'}`);
    if (l.deliverableId) {
      const d = deliverables.data?.find((x) => x.id === l.deliverableId);
      parts.push(
        d ? (
          <TextLink
            key="d"
            to="/contracts/$id/deliverables/$deliverableId"
            params={{ id: invoice.contract.id, deliverableId: d.id }}
            size="xs"
          >
            Deliverable: {d.title}
          </TextLink>
        ) : (
          'Deliverable linked'
        ),
      );
    }
    if (l.usagePeriod) parts.push(`Usage ${formatDate(l.usagePeriod.start)} to ${formatDate(l.usagePeriod.end)}`);
    return parts;
  };
  const columns: Column<InvoiceLine>[] = [
    { key: 'clin', header: 'Line item', render: (l) => l.lineItemNumber || <Text size="sm">—</Text> },
    {
      key: 'description',
      header: 'Description',
      width: '34%',
      render: (l) => (
        <div>
          <Text size="sm">{l.description}</Text>
          {linked(l).map((x, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed, positional list of notes
            <Text key={i} size="xs" c="dimmed">
              {x}
            </Text>
          ))}
        </div>
      ),
    },
    {
      key: 'quantity',
      header: 'Quantity',
      align: 'right',
      render: (l) => `${Number(l.quantity).toLocaleString('en-GB', { maximumFractionDigits: 6 })} ${l.unit}`,
    },
    { key: 'price', header: 'Unit price', align: 'right', render: (l) => `${cur} ${l.unitPrice}` },
    { key: 'amount', header: 'Amount', align: 'right', render: (l) => <Money amount={l.amount} currency={cur} /> },
  ];
  return (
    <Stack gap="xs">
      <DataTable caption={`Lines of ${invoiceName(invoice)}`} columns={columns} rows={invoice.lines} rowKey={(l) => l.id} minWidth={640} />
      <Group justify="flex-end" gap="xl" pr="sm">
        <Text size="sm">
          Subtotal <Money amount={invoice.subtotal} currency={cur} />
        </Text>
        <Text size="sm">
          Tax <Money amount={invoice.tax} currency={cur} />
        </Text>
        <Text size="sm" fw={700}>
          Total <Money amount={invoice.total} currency={cur} />
        </Text>
      </Group>
    </Stack>
  );
}

function Checklist({ invoice }: { invoice: Invoice }) {
  const failed = invoice.checklist.filter((c) => !c.ok).length;
  if (!invoice.checklist.length)
    return (
      <Text size="sm" c="dimmed">
        This rule pack has no proper-invoice checklist.
      </Text>
    );
  return (
    <Stack gap="sm">
      <Text size="sm" fw={600} c={failed ? BAD_TEXT : GOOD_TEXT}>
        {failed ? `${plural(failed, 'item')} missing or wrong: the invoice is defective.` : 'Every item is present: a proper invoice.'}
      </Text>
      <ul className="invoice-checklist">
        {invoice.checklist.map((c) => (
          <li key={c.item}>
            <Text fw={700} c={c.ok ? GOOD_TEXT : BAD_TEXT} aria-hidden="true" ta="center">
              {c.ok ? '✓' : '✗'}
            </Text>
            <div>
              <Text size="sm" fw={c.ok ? 500 : 650}>
                <VisuallyHidden>{c.ok ? 'Present: ' : 'Missing: '}</VisuallyHidden>
                {c.label}
              </Text>
              {(!c.ok || c.message !== 'Present.') && (
                <Text size="xs" c={c.ok ? 'dimmed' : BAD_TEXT}>
                  {c.message}
                </Text>
              )}
            </div>
          </li>
        ))}
      </ul>
    </Stack>
  );
}

function Details({ invoice }: { invoice: Invoice }) {
  return (
    <DefinitionList
      items={[
        { term: 'Contractor', value: [invoice.contractorName, invoice.contractorAddress].filter(Boolean).join(', ') || '—' },
        { term: 'Contract number', value: invoice.contractNumber || '—' },
        { term: 'Invoice date', value: <DateText value={invoice.invoiceDate} /> },
        {
          term: 'Billing period',
          value: invoice.billingPeriod ? `${formatDate(invoice.billingPeriod.start)} to ${formatDate(invoice.billingPeriod.end)}` : '—',
        },
        { term: 'Payment terms', value: invoice.paymentTerms || '—' },
        { term: 'Remit to', value: invoice.remitTo || '—' },
        { term: 'Contact for defects', value: invoice.defectContact || '—' },
        {
          term: 'Submitted',
          value: `${invoice.submittedByVendor ? 'By the vendor' : 'Entered by procurement'}${invoice.submittedBy ? ` (${invoice.submittedBy.name})` : ''}${
            invoice.resubmissions ? `; sent again ${plural(invoice.resubmissions, 'time')}` : ''
          }`,
        },
        ...(invoice.otherRequirements.length
          ? [
              {
                term: 'Other requirements',
                value: invoice.otherRequirements.map((r) => `${r.label}: ${r.met ? 'received' : 'missing'}`).join('; '),
              },
            ]
          : []),
        ...(invoice.notes ? [{ term: 'Notes', value: <span style={{ whiteSpace: 'pre-wrap' }}>{invoice.notes}</span> }] : []),
      ]}
    />
  );
}

function PaymentsTable({ invoice }: { invoice: Invoice }) {
  const cur = invoice.currency;
  if (!invoice.payments.length)
    return (
      <Text size="sm" c="dimmed">
        {invoice.state === 'returned_defective' ? 'Nothing is paid on a returned invoice.' : 'No payment or credit note recorded yet.'}
      </Text>
    );
  const columns: Column<Payment>[] = [
    { key: 'date', header: 'Date', render: (p) => <DateText value={p.date} /> },
    {
      key: 'kind',
      header: 'Kind',
      render: (p) => (
        <Group gap={4} wrap="nowrap">
          <Text size="sm">{p.kind === 'payment' ? 'Payment' : 'Credit note'}</Text>
          {p.early && (
            <Badge color="orange" size="sm">
              Early
            </Badge>
          )}
        </Group>
      ),
    },
    { key: 'reference', header: 'Reference', render: (p) => p.reference || '—' },
    { key: 'amount', header: 'Amount', align: 'right', render: (p) => <Money amount={p.amount} currency={cur} /> },
    {
      key: 'late',
      header: 'Days late',
      align: 'right',
      render: (p) =>
        p.kind === 'payment' ? (
          <Text size="sm" c={p.daysLate > 0 ? BAD_TEXT : undefined} fw={p.daysLate > 0 ? 650 : undefined}>
            {p.daysLate > 0 ? p.daysLate : 'On time'}
          </Text>
        ) : (
          '—'
        ),
    },
    {
      key: 'interest',
      header: 'Interest paid',
      align: 'right',
      render: (p) =>
        p.kind === 'payment' ? (
          <div>
            <Money amount={p.interestPaid} currency={cur} />
            {p.interestDue !== p.interestPaid && (
              <Text size="xs" c="dimmed">
                worked out: {formatMoney(p.interestDue, cur)}
              </Text>
            )}
          </div>
        ) : (
          '—'
        ),
    },
    { key: 'by', header: 'Recorded by', render: (p) => p.recordedBy?.name ?? '—' },
  ];
  return (
    <DataTable
      caption={`Payments and credit notes of ${invoiceName(invoice)}`}
      columns={columns}
      rows={invoice.payments}
      rowKey={(p) => p.id}
      minWidth={760}
    />
  );
}

function AttachForm({ invoice }: { invoice: Invoice }) {
  const attach = useAttachFile(invoice);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!file) {
      setProblem('Choose a file');
      return;
    }
    setProblem(null);
    attach.mutate(
      { file },
      {
        onSuccess: () => {
          notifySuccess(`${file.name} is attached to the invoice.`, 'File attached');
          setFile(null);
        },
        onError: (error) => {
          const fields = (error as { fields?: Record<string, string> }).fields;
          setProblem(fields?.file ?? (error instanceof Error ? error.message : 'The upload failed.'));
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Attach a file to the invoice">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <FileInput
          label="Attach a file"
          description="The invoice document, timesheets, delivery notes (PDF, office files, images; at most 25 MB)"
          placeholder="Choose a file"
          clearable
          clearButtonProps={{ 'aria-label': 'Clear the chosen file' }}
          value={file}
          onChange={(f) => {
            setFile(f);
            setProblem(null);
          }}
          error={problem}
          style={{ flex: '1 1 20rem' }}
        />
        <Button type="submit" variant="default" loading={attach.isPending}>
          Upload
        </Button>
      </Group>
    </form>
  );
}

function Attachments({ invoice }: { invoice: Invoice }) {
  const columns: Column<InvoiceAttachment>[] = [
    {
      key: 'file',
      header: 'File',
      render: (f) => (
        <div>
          <Anchor
            href={documentHref(f.documentId)}
            size="sm"
            fw={600}
            aria-label={`Download ${f.filename}`}
            style={{ display: 'inline-flex', alignItems: 'center', gap: 4, overflowWrap: 'anywhere' }}
          >
            <DownloadIcon size={16} /> {f.filename}
          </Anchor>
          {f.title && f.title !== f.filename && (
            <Text size="xs" c="dimmed">
              {f.title}
            </Text>
          )}
        </div>
      ),
    },
    { key: 'size', header: 'Size', render: (f) => formatBytes(f.sizeBytes) },
    { key: 'at', header: 'Attached', render: (f) => <DateText value={f.uploadedAt} withTime /> },
  ];
  return (
    <Stack gap="md">
      {invoice.attachments.length ? (
        <DataTable
          caption={`Files of ${invoiceName(invoice)}`}
          columns={columns}
          rows={invoice.attachments}
          rowKey={(f) => f.documentId}
          minWidth={480}
        />
      ) : (
        <EmptyState
          title="No files attached"
          description={
            invoice.permissions.attach
              ? 'Attach the invoice document and its supporting papers (timesheets, usage reports, delivery notes).'
              : 'Files attached to the invoice appear here.'
          }
        />
      )}
      {invoice.permissions.attach && <AttachForm invoice={invoice} />}
    </Stack>
  );
}

function History({ events }: { events: InvoiceEvent[] }) {
  return (
    <ol className="invoice-history" aria-label="History of the invoice">
      {[...events].reverse().map((e) => (
        <li key={`${e.at}-${e.action}`} data-tone={e.action === 'returned' ? 'bad' : undefined}>
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={650}>
              {EVENT_LABELS[e.action] ?? e.action}
            </Text>
            {e.fromState !== e.toState && e.fromState && (
              <Text size="xs" c="dimmed">
                {STATE_LABELS[e.fromState as keyof typeof STATE_LABELS] ?? e.fromState} →{' '}
                {STATE_LABELS[e.toState as keyof typeof STATE_LABELS] ?? e.toState}
              </Text>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            <DateText value={e.at} withTime />
            {e.actor ? ` · ${e.actor.name}` : ''}
          </Text>
          {e.reasons.length > 0 && (
            <List size="sm" mt={4} withPadding>
              {e.reasons.map((r) => (
                <List.Item key={r}>{r}</List.Item>
              ))}
            </List>
          )}
          {e.note && (
            <Text size="sm" mt={2} style={{ whiteSpace: 'pre-wrap' }}>
              {e.note}
            </Text>
          )}
        </li>
      ))}
    </ol>
  );
}

/** The corrected invoice form, once the contract it needs (currency, dates, pricing) is loaded. */
function Resubmit({ invoice, vendor, onDone }: { invoice: Invoice; vendor: boolean; onDone: () => void }) {
  const contract = useContract(invoice.contract.id);
  if (contract.error) return <ErrorAlert error={contract.error} title="Could not load the contract" />;
  if (!contract.data) return <PageLoader label="Loading the contract" />;
  return <InvoiceForm contract={contract.data} vendor={vendor} invoice={invoice} onDone={onDone} />;
}

/** One invoice: its clock, lines, checklist, interest, payments, files and history, and what may be done next. */
export function InvoicePage({ invoiceId }: { invoiceId: string }) {
  const query = useInvoice(invoiceId);
  const invoice = query.data;
  const vendor = useIsContractVendor(invoice ?? { vendor: { id: '' } });
  const narrow = useMediaQuery('(max-width: 48em)');
  const [panel, setPanel] = useState<Panel>(null);
  const [resubmitting, setResubmitting] = useState(false);

  if (query.isPending) return <PageLoader label="Loading invoice" />;
  if (isApiStatus(query.error, 404) || isApiStatus(query.error, 403)) return <NotFoundPage />;
  if (query.error || !invoice)
    return <ErrorAlert error={query.error} title="Could not load this invoice" onRetry={() => query.refetch()} />;

  const lastReturn = [...invoice.events].reverse().find((e) => e.action === 'returned');

  return (
    <>
      <PageHeader
        eyebrow={
          <TextLink to="/contracts/$id" params={{ id: invoice.contract.id }} search={{ tab: 'invoices' }} size="sm" fw={600}>
            {invoice.contract.reference} invoices
          </TextLink>
        }
        title={invoiceName(invoice)}
        badges={
          <Group gap={6}>
            <InvoiceStateBadge invoice={invoice} />
            <ClockBadge invoice={invoice} />
          </Group>
        }
        description={`${invoice.vendor.name} · ${invoice.contract.title} · ${invoice.department.name}`}
      />
      <Stack gap="lg">
        {invoice.state === 'returned_defective' && lastReturn && (
          <Alert
            color="red"
            title={`Returned on ${formatDate(invoice.clock.returnedDate)}${lastReturn.actor ? ` by ${lastReturn.actor.name}` : ''}`}
          >
            {lastReturn.reasons.length > 0 && (
              <List size="sm">
                {lastReturn.reasons.map((r) => (
                  <List.Item key={r}>{r}</List.Item>
                ))}
              </List>
            )}
            {lastReturn.note && (
              <Text size="sm" mt={4}>
                {lastReturn.note}
              </Text>
            )}
          </Alert>
        )}

        <Actions invoice={invoice} vendor={vendor} panel={panel} setPanel={setPanel} onResubmit={() => setResubmitting(true)} />

        <Amounts invoice={invoice} />

        <Section title="Payment clock">
          <Stack gap="lg">
            <InvoiceClock invoice={invoice} />
            <DueWorking invoice={invoice} />
          </Stack>
        </Section>

        <Section title="Late-payment interest">
          <InterestWorking invoice={invoice} />
        </Section>

        <section aria-labelledby="lines-heading">
          <Title order={2} fz="lg" id="lines-heading" mb="sm">
            Lines
          </Title>
          <LinesTable invoice={invoice} />
        </section>

        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <Section title="Proper-invoice checklist">
            <Checklist invoice={invoice} />
          </Section>
          <Section title="Invoice details">
            <Details invoice={invoice} />
          </Section>
        </SimpleGrid>

        <Section title="Payments and credit notes">
          <PaymentsTable invoice={invoice} />
        </Section>

        <Section title="Files">
          <Attachments invoice={invoice} />
        </Section>

        <Section title="History">
          <History events={invoice.events} />
        </Section>
      </Stack>

      <Modal
        opened={resubmitting}
        onClose={() => setResubmitting(false)}
        title={`Correct and send invoice ${invoice.vendorInvoiceNumber} again`}
        size="72rem"
        fullScreen={!!narrow}
      >
        {resubmitting && <Resubmit invoice={invoice} vendor={vendor} onDone={() => setResubmitting(false)} />}
      </Modal>
    </>
  );
}
