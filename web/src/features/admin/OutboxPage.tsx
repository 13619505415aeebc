import { Alert, Anchor, Badge, Code, Group, Modal, Paper, SegmentedControl, Skeleton, Stack, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { DefinitionList } from '../../components/DefinitionList';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { SearchInput } from '../../components/SearchInput';
import { MailIcon } from '../notifications/notificationIcons';
import { type MailStatus, type OutboxSummary, useOutbox, useOutboxMessage } from './notificationsAdmin.api';

export interface OutboxSearch {
  status?: MailStatus;
  q?: string;
  page?: number;
  pageSize?: number;
  /** The message open in the reader. */
  id?: string;
}

export const MAIL_STATUS: Record<MailStatus, { label: string; color: string; help: string }> = {
  held: { label: 'Held', color: 'yellow', help: 'Kept here because SMTP is not configured' },
  pending: { label: 'Waiting', color: 'blue', help: 'Queued; the mail job sends it within a minute' },
  sent: { label: 'Sent', color: 'green', help: 'Handed to the SMTP server' },
  failed: { label: 'Failed', color: 'red', help: 'The SMTP server refused it after several attempts' },
};

const KINDS: Record<string, string> = {
  digest: 'Daily digest',
  reminder: 'Reminder',
  critical_finding: 'Critical finding',
};

function StatusBadge({ status }: { status: MailStatus }) {
  return (
    <Badge variant="light" color={MAIL_STATUS[status].color} title={MAIL_STATUS[status].help}>
      {MAIL_STATUS[status].label}
    </Badge>
  );
}

function Reader({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const query = useOutboxMessage(id);
  const m = query.data;
  return (
    <Modal
      opened={!!id}
      onClose={onClose}
      title={m ? m.subject : 'Message'}
      size="xl"
      centered
      closeButtonProps={{ 'aria-label': 'Close the message' }}
    >
      {query.error ? (
        <ErrorAlert error={query.error} title="Could not open this message" />
      ) : !m ? (
        <Skeleton height={240} />
      ) : (
        <Stack gap="md">
          <DefinitionList
            items={[
              { term: 'To', value: m.to },
              { term: 'Status', value: <StatusBadge status={m.status} /> },
              { term: 'Kind', value: KINDS[m.kind] ?? m.kind },
              { term: 'Written', value: <DateText value={m.createdAt} withTime /> },
              ...(m.sentAt ? [{ term: 'Sent', value: <DateText value={m.sentAt} withTime /> }] : []),
              ...(m.lastError ? [{ term: 'Last error', value: m.lastError }] : []),
            ]}
          />
          <Code
            block
            tabIndex={0}
            aria-label="Message text"
            style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 13, maxHeight: '55vh', overflow: 'auto' }}
          >
            {m.bodyText}
          </Code>
          <Text size="xs" c="dimmed">
            Opening a message is recorded in the audit log.
          </Text>
        </Stack>
      )}
    </Modal>
  );
}

export function OutboxPage({ search }: { search: OutboxSearch }) {
  const navigate = useNavigate();
  const page = search.page ?? 1;
  const pageSize = search.pageSize ?? 25;
  const query = useOutbox({ status: search.status, q: search.q, page, pageSize });
  const data = query.data;
  const go = (next: OutboxSearch) => navigate({ to: '/admin/outbox', search: next });

  const columns: Column<OutboxSummary>[] = [
    { key: 'status', header: 'Status', render: (m) => <StatusBadge status={m.status} /> },
    {
      key: 'subject',
      header: 'Message',
      render: (m) => (
        <div>
          <Anchor
            component="button"
            type="button"
            size="sm"
            fw={600}
            ta="left"
            onClick={() => go({ ...search, id: m.id })}
            aria-label={`Read “${m.subject}” to ${m.to}`}
          >
            {m.subject}
          </Anchor>
          <Text size="xs" c="dimmed">
            To {m.to}
          </Text>
        </div>
      ),
    },
    { key: 'kind', header: 'Kind', render: (m) => KINDS[m.kind] ?? m.kind },
    { key: 'created', header: 'Written', render: (m) => <DateText value={m.createdAt} withTime /> },
    {
      key: 'outcome',
      header: 'Delivery',
      render: (m) =>
        m.status === 'sent' ? (
          <Text size="sm">
            Sent <DateText value={m.sentAt} withTime />
          </Text>
        ) : m.status === 'failed' || m.lastError ? (
          <Text size="sm" c={m.status === 'failed' ? 'red.9' : undefined}>
            {m.attempts} attempt{m.attempts === 1 ? '' : 's'}: {m.lastError}
          </Text>
        ) : m.status === 'pending' ? (
          <Text size="sm" c="dimmed">
            Next try <DateText value={m.nextAttemptAt} withTime />
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Held for reading here
          </Text>
        ),
    },
  ];

  const counts = data?.counts;
  const filter = (
    <SegmentedControl
      aria-label="Status"
      value={search.status ?? 'all'}
      onChange={(v) => go({ q: search.q, status: v === 'all' ? undefined : (v as MailStatus) })}
      data={[
        { value: 'all', label: 'All' },
        ...(['held', 'pending', 'sent', 'failed'] as MailStatus[]).map((s) => ({
          value: s,
          label: `${MAIL_STATUS[s].label}${counts ? ` (${counts[s]})` : ''}`,
        })),
      ]}
    />
  );

  return (
    <>
      <PageHeader
        title="Mail outbox"
        description="Every message Steward writes — reminders, critical findings and daily digests — and what became of it."
      />
      <Stack gap="md">
        {data && !data.smtpConfigured && (
          <Alert color="yellow" title="Mail is not being sent" role="status">
            No SMTP server is configured, so Steward keeps outgoing mail here instead of sending it; nothing is lost. Read held messages
            below. To send mail, set <Code>SMTP_URL</Code> (and <Code>MAIL_FROM</Code>) and restart Steward; new messages are then sent as
            they are written.
          </Alert>
        )}
        <Paper p="md" component="section" aria-label="Filter the outbox">
          <Group align="flex-end" gap="md" wrap="wrap">
            <SearchInput
              label="Search mail"
              placeholder="Recipient or subject"
              value={search.q}
              onSearch={(q) => go({ ...search, q, page: undefined, id: undefined })}
            />
            <div>
              <Text size="sm" fw={500} mb={4} aria-hidden="true">
                Status
              </Text>
              {filter}
            </div>
          </Group>
        </Paper>
        <DataTable
          caption="Mail outbox"
          columns={columns}
          rows={data?.items}
          rowKey={(m) => m.id}
          loading={query.isFetching}
          error={query.error}
          onRetry={() => query.refetch()}
          minWidth={860}
          pagination={
            data && {
              page,
              pageSize,
              total: data.total,
              onPageChange: (p) => go({ ...search, page: p }),
              onPageSizeChange: (s) => go({ ...search, pageSize: s, page: undefined }),
            }
          }
          empty={
            search.status || search.q ? (
              <EmptyState
                icon={<MailIcon size={26} />}
                title="No messages match"
                description="Clear the search or choose another status."
              />
            ) : (
              <EmptyState
                icon={<MailIcon size={26} />}
                title="No mail yet"
                description="Messages appear here as Steward writes them: deadline reminders, critical findings and each user’s daily digest."
              />
            )
          }
        />
      </Stack>
      <Reader id={search.id} onClose={() => go({ ...search, id: undefined })} />
    </>
  );
}
