import { ShownOnceSecret } from '../../components/ShownOnceSecret';
import { Badge, Button, Checkbox, Code, Group, Menu, Modal, Paper, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { ConfirmButton } from '../../components/ConfirmButton';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { EmptyState } from '../../components/EmptyState';
import { PlusIcon } from '../../components/icons';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { WebhookIcon } from '../notifications/notificationIcons';
import {
  type Delivery,
  type DeliveryStatus,
  WEBHOOK_EVENTS,
  type Webhook,
  type WebhookInput,
  type WebhookWithSecret,
  useCreateWebhook,
  useDeleteWebhook,
  useDeliveries,
  useRotateSecret,
  useTestWebhook,
  useUpdateWebhook,
  useWebhooks,
} from './notificationsAdmin.api';

export interface WebhookSearch {
  /** The webhook whose delivery log is shown. */
  id?: string;
  page?: number;
}

const DELIVERY: Record<DeliveryStatus, { label: string; color: string }> = {
  pending: { label: 'Waiting', color: 'blue' },
  delivering: { label: 'Sending', color: 'blue' },
  succeeded: { label: 'Delivered', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
};

const eventLabel = (e: string) => (e === 'ping' ? 'Test (ping)' : e);

function SecretBox({ hook, rotated, onDone }: { hook: WebhookWithSecret; rotated: boolean; onDone: () => void }) {
  return (
    <ShownOnceSecret
      title={rotated ? `New signing secret for “${hook.name}”` : `Signing secret for “${hook.name}”`}
      explanation={
        <>
          Give it to the receiving system so it can check the <Code>X-Steward-Signature</Code> header.{' '}
          <strong>It will not be shown again.</strong>
          {rotated ? ' The old secret no longer signs anything.' : ''}
        </>
      }
      value={hook.secret}
      valueLabel="Signing secret"
      copyLabel="Copy secret"
      doneLabel="I have stored it safely"
      onDone={onDone}
    />
  );
}

function WebhookForm({
  hook,
  onClose,
  onCreated,
}: {
  hook: Webhook | null;
  onClose: () => void;
  onCreated: (h: WebhookWithSecret) => void;
}) {
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const form = useForm<WebhookInput>({
    initialValues: hook
      ? { name: hook.name, url: hook.url, events: hook.events, active: hook.active }
      : { name: '', url: 'https://', events: ['finding.opened'], active: true },
    validate: {
      name: (v) => (v.trim() ? null : 'Give the webhook a name, e.g. the system or channel it feeds'),
      url: (v) => (/^https?:\/\/[^\s/]+/.test(v.trim()) ? null : 'Enter a web address starting with https:// (or http://)'),
      events: (v) => (v.length ? null : 'Choose at least one event'),
    },
  });
  const pending = create.isPending || update.isPending;
  const fail = (error: unknown) => {
    if (error instanceof ApiError && error.fields) form.setErrors(error.fields);
    notifyError(error, hook ? 'Could not save the webhook' : 'Could not create the webhook');
  };
  const submit = form.onSubmit((values) => {
    const body = { ...values, name: values.name.trim(), url: values.url.trim() };
    if (hook)
      update.mutate(
        { id: hook.id, body: { ...body, version: hook.version } },
        {
          onSuccess: () => {
            notifySuccess(`Webhook “${body.name}” saved.`);
            onClose();
          },
          onError: fail,
        },
      );
    else
      create.mutate(body, {
        onSuccess: (created) => {
          onCreated(created);
          onClose();
        },
        onError: fail,
      });
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput label="Name" description="What it feeds, e.g. “Procurement team channel”." required {...form.getInputProps('name')} />
        <TextInput label="URL" description="Steward POSTs each event here as JSON." required type="url" {...form.getInputProps('url')} />
        <Checkbox.Group label="Events" description="What to send." required {...form.getInputProps('events')}>
          <Stack gap="xs" mt="xs">
            {WEBHOOK_EVENTS.map((e) => (
              <Checkbox key={e.value} value={e.value} label={e.label} description={`${e.value} — ${e.description}`} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Switch
          label="Active"
          description="Inactive webhooks keep their events until switched on again."
          {...form.getInputProps('active', { type: 'checkbox' })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {hook ? 'Save webhook' : 'Create webhook'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DeliveryLog({ hook, page, onPage, onClose }: { hook: Webhook; page: number; onPage: (p: number) => void; onClose: () => void }) {
  const query = useDeliveries(hook.id, { page, pageSize: 20 });
  const columns: Column<Delivery>[] = [
    {
      key: 'event',
      header: 'Event',
      render: (d) => (
        <Text size="sm" ff="monospace">
          {eventLabel(d.event)}
        </Text>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      render: (d) => (
        <Badge variant="light" color={DELIVERY[d.status].color}>
          {DELIVERY[d.status].label}
        </Badge>
      ),
    },
    { key: 'attempts', header: 'Attempts', align: 'right', render: (d) => d.attempts },
    {
      key: 'answer',
      header: 'Last answer',
      render: (d) =>
        d.lastError ? (
          <Text size="sm" c={d.status === 'failed' ? 'red.9' : undefined}>
            {d.lastError}
          </Text>
        ) : d.lastStatusCode ? (
          <Text size="sm">HTTP {d.lastStatusCode}</Text>
        ) : (
          <Text size="sm" c="dimmed">
            Not tried yet
          </Text>
        ),
    },
    { key: 'created', header: 'Queued', render: (d) => <DateText value={d.createdAt} withTime /> },
    {
      key: 'when',
      header: 'Delivered or next try',
      render: (d) =>
        d.deliveredAt ? (
          <DateText value={d.deliveredAt} withTime />
        ) : d.nextAttemptAt ? (
          <Text size="sm" c="dimmed">
            Next <DateText value={d.nextAttemptAt} withTime />
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Gave up
          </Text>
        ),
    },
  ];
  return (
    <Section
      title={`Delivery log: ${hook.name}`}
      action={
        <Button variant="subtle" size="compact-sm" onClick={onClose}>
          Close the log
        </Button>
      }
    >
      <DataTable
        caption={`Deliveries of ${hook.name}`}
        columns={columns}
        rows={query.data?.items}
        rowKey={(d) => d.id}
        loading={query.isFetching}
        error={query.error}
        onRetry={() => query.refetch()}
        minWidth={820}
        expandable={{
          label: (d) => `${eventLabel(d.event)} queued ${new Date(d.createdAt).toLocaleString('en-GB')}`,
          render: (d) => (
            <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 12 }} aria-label="Payload">
              {JSON.stringify(d.payload, null, 2)}
            </Code>
          ),
        }}
        pagination={query.data && { page, pageSize: 20, total: query.data.total, onPageChange: onPage }}
        empty={
          <EmptyState
            icon={<WebhookIcon size={26} />}
            title="Nothing delivered yet"
            description="Send a test event, or wait for the next event this webhook subscribes to."
          />
        }
      />
    </Section>
  );
}

export function WebhooksPage({ search }: { search: WebhookSearch }) {
  const navigate = useNavigate();
  const query = useWebhooks();
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  const test = useTestWebhook();
  const rotate = useRotateSecret();
  const [editing, setEditing] = useState<Webhook | null | undefined>(undefined);
  const [secret, setSecret] = useState<{ hook: WebhookWithSecret; rotated: boolean } | null>(null);
  const go = (next: WebhookSearch) => navigate({ to: '/admin/webhooks', search: next });
  const hooks = query.data?.items;
  const selected = hooks?.find((h) => h.id === search.id);

  const setActive = (h: Webhook, active: boolean) =>
    update.mutate(
      { id: h.id, body: { version: h.version, active } },
      { onSuccess: () => notifySuccess(`Webhook “${h.name}” ${active ? 'activated' : 'deactivated'}.`), onError: (e) => notifyError(e) },
    );

  const columns: Column<Webhook>[] = [
    {
      key: 'name',
      header: 'Webhook',
      render: (h) => (
        <div>
          <Text size="sm" fw={600}>
            {h.name}
          </Text>
          <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
            {h.url}
          </Text>
        </div>
      ),
    },
    {
      key: 'events',
      header: 'Events',
      render: (h) => (
        <Group gap={4}>
          {h.events.map((e) => (
            <Badge key={e} variant="outline" color="gray.7" size="sm" tt="none">
              {e}
            </Badge>
          ))}
        </Group>
      ),
    },
    {
      key: 'active',
      header: 'Status',
      render: (h) => (h.active ? <Badge color="green">Active</Badge> : <Badge color="gray">Inactive</Badge>),
    },
    {
      key: 'deliveries',
      header: 'Deliveries',
      render: (h) => (
        <Stack gap={2}>
          {h.deliveries.lastStatus ? (
            <Text size="sm">
              Last: {DELIVERY[h.deliveries.lastStatus].label.toLowerCase()}, <DateText value={h.deliveries.lastAt} withTime />
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              None yet
            </Text>
          )}
          {(h.deliveries.pending > 0 || h.deliveries.failed > 0) && (
            <Text size="xs" c={h.deliveries.failed ? 'red.9' : 'dimmed'}>
              {h.deliveries.pending} waiting · {h.deliveries.failed} failed
            </Text>
          )}
        </Stack>
      ),
    },
    {
      key: 'actions',
      header: 'Actions',
      render: (h) => (
        <Group gap="xs" wrap="nowrap">
          <Button
            size="compact-sm"
            variant={search.id === h.id ? 'light' : 'subtle'}
            onClick={() => go({ id: h.id })}
            aria-label={`Delivery log of ${h.name}`}
          >
            Log
          </Button>
          <Button
            size="compact-sm"
            variant="subtle"
            aria-label={`Send a test event to ${h.name}`}
            loading={test.isPending && test.variables === h.id}
            onClick={() =>
              test.mutate(h.id, {
                onSuccess: (r) => {
                  notifySuccess(r.message, 'Test queued');
                  go({ id: h.id });
                },
                onError: (e) => notifyError(e),
              })
            }
          >
            Send test
          </Button>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="compact-sm" variant="subtle" aria-label={`More actions for ${h.name}`}>
                More
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => setEditing(h)}>Edit</Menu.Item>
              <Menu.Item onClick={() => setActive(h, !h.active)}>{h.active ? 'Deactivate' : 'Activate'}</Menu.Item>
              <Menu.Item
                onClick={() =>
                  rotate.mutate(h.id, {
                    onSuccess: (r) => setSecret({ hook: r, rotated: true }),
                    onError: (e) => notifyError(e),
                  })
                }
              >
                Replace the signing secret
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <ConfirmButton
            size="compact-sm"
            variant="subtle"
            color="red"
            aria-label={`Delete webhook ${h.name}`}
            title={`Delete “${h.name}”?`}
            message="Its delivery log goes with it, and events are no longer sent to this address. To stop it for a while, deactivate it instead."
            confirmLabel="Delete webhook"
            onConfirm={() =>
              remove.mutate(h.id, {
                onSuccess: () => {
                  notifySuccess(`Webhook “${h.name}” deleted.`);
                  if (search.id === h.id) go({});
                },
                onError: (e) => notifyError(e),
              })
            }
          >
            Delete
          </ConfirmButton>
        </Group>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Send findings, deadline reminders and contract changes to other systems as they happen: a team chat, a ticketing system, a data warehouse."
        actions={
          <Button leftSection={<PlusIcon size={16} />} onClick={() => setEditing(null)}>
            New webhook
          </Button>
        }
      />
      <Stack gap="lg">
        {secret && <SecretBox hook={secret.hook} rotated={secret.rotated} onDone={() => setSecret(null)} />}
        <DataTable
          caption="Webhooks"
          columns={columns}
          rows={hooks}
          rowKey={(h) => h.id}
          loading={query.isFetching && !hooks}
          error={query.error}
          onRetry={() => query.refetch()}
          minWidth={980}
          empty={
            <EmptyState
              icon={<WebhookIcon size={26} />}
              title="No webhooks yet"
              description="Create one to send events to another system. Each request is signed, so the receiver can check it came from Steward."
            />
          }
        />
        {selected && (
          <DeliveryLog hook={selected} page={search.page ?? 1} onPage={(p) => go({ id: selected.id, page: p })} onClose={() => go({})} />
        )}
        <Paper p="lg" component="section" aria-label="How receivers check a delivery">
          <Text fw={600} mb="xs" component="h2" fz="md">
            How a receiver checks a delivery
          </Text>
          <Text size="sm" mb="xs">
            Each request is a JSON <Code>POST</Code> with the header{' '}
            <Code>X-Steward-Signature: t=&lt;unix time&gt;,v1=&lt;signature&gt;</Code>. The signature is the hex HMAC-SHA256 of{' '}
            <Code>t.body</Code> (the time, a dot and the raw body) with the webhook’s secret. Recompute it, compare in constant time, and
            refuse times more than five minutes off. Any 2xx answer counts as delivered; anything else is retried after 1, 2, 4, 8 …
            minutes, up to 8 attempts.
          </Text>
          <Text size="sm" c="dimmed">
            Events about restricted contracts leave out the contract’s reference and title.
          </Text>
        </Paper>
      </Stack>
      <Modal
        opened={editing !== undefined}
        onClose={() => setEditing(undefined)}
        title={editing ? `Edit “${editing.name}”` : 'New webhook'}
        size="lg"
        centered
      >
        {editing !== undefined && (
          <WebhookForm hook={editing} onClose={() => setEditing(undefined)} onCreated={(h) => setSecret({ hook: h, rotated: false })} />
        )}
      </Modal>
    </>
  );
}
