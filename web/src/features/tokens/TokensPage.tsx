import { ShownOnceSecret } from '../../components/ShownOnceSecret';
import { Badge, Button, Code, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import type { ApiToken, CreatedToken } from '../../api/types';
import { ConfirmButton } from '../../components/ConfirmButton';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { EmptyState } from '../../components/EmptyState';
import { KeyIcon } from '../../components/icons';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { useCreateToken, useRevokeToken, useTokens } from './tokens.api';

function NewTokenBox({ token, onDone }: { token: CreatedToken; onDone: () => void }) {
  return (
    <ShownOnceSecret
      title={`Your new token “${token.name}”`}
      explanation={
        <>
          Copy it now and keep it somewhere safe. <strong>It will not be shown again.</strong> Anyone holding it can use the API as you.
        </>
      }
      value={token.token}
      valueLabel="New API token"
      copyLabel="Copy token"
      doneLabel="I have stored it safely"
      onDone={onDone}
    />
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedToken) => void }) {
  const create = useCreateToken();
  const form = useForm({
    initialValues: { name: '' },
    validate: { name: (v) => (v.trim() ? null : 'Give the token a name, e.g. the script or system using it') },
  });
  const submit = form.onSubmit((values) =>
    create.mutate(values.name.trim(), {
      onSuccess: (token) => {
        form.reset();
        onCreated(token);
      },
      onError: (error) => {
        if (error instanceof ApiError && error.fields) form.setErrors(error.fields);
        notifyError(error, 'Could not create the token');
      },
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput
          label="Token name"
          description="What will use it, e.g. “Finance reporting script”."
          required
          style={{ flex: '1 1 18rem' }}
          maw={420}
          {...form.getInputProps('name')}
        />
        <Button type="submit" mt={{ base: 0, sm: 46 }} loading={create.isPending}>
          Create token
        </Button>
      </Group>
    </form>
  );
}

export function TokensPage() {
  const query = useTokens();
  const revoke = useRevokeToken();
  const [created, setCreated] = useState<CreatedToken | null>(null);

  const columns: Column<ApiToken>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (t) => (
        <Text size="sm" fw={600}>
          {t.name}
        </Text>
      ),
    },
    { key: 'prefix', header: 'Prefix', render: (t) => <Code>{t.prefix}…</Code> },
    { key: 'created', header: 'Created', render: (t) => <DateText value={t.createdAt} /> },
    {
      key: 'used',
      header: 'Last used',
      render: (t) =>
        t.lastUsedAt ? (
          <DateText value={t.lastUsedAt} withTime />
        ) : (
          <Text span size="sm" c="dimmed">
            Never
          </Text>
        ),
    },
    {
      key: 'status',
      header: 'Status',
      render: (t) =>
        t.revokedAt ? (
          <Badge color="gray">
            Revoked <DateText value={t.revokedAt} />
          </Badge>
        ) : (
          <Badge color="green">Active</Badge>
        ),
    },
    {
      key: 'actions',
      header: 'Actions',
      render: (t) =>
        !t.revokedAt && (
          <ConfirmButton
            size="compact-sm"
            variant="subtle"
            color="red"
            aria-label={`Revoke token ${t.name}`}
            title="Revoke this token?"
            message={`Programs using “${t.name}” (${t.prefix}…) will stop working at once. This cannot be undone.`}
            confirmLabel="Revoke token"
            onConfirm={() => revoke.mutate(t.id, { onSuccess: () => notifySuccess(`Token “${t.name}” revoked.`) })}
          >
            Revoke
          </ConfirmButton>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Personal tokens let scripts and other systems use the Steward API with your permissions. Send one as “Authorization: Bearer <token>”."
      />
      <Stack gap="lg">
        <Section title="Create a token">
          {created ? <NewTokenBox token={created} onDone={() => setCreated(null)} /> : <CreateTokenForm onCreated={setCreated} />}
        </Section>
        <DataTable
          caption="Your API tokens"
          columns={columns}
          rows={query.data?.items}
          rowKey={(t) => t.id}
          error={query.error}
          onRetry={() => query.refetch()}
          minWidth={760}
          empty={
            <EmptyState
              icon={<KeyIcon size={26} />}
              title="You have no API tokens"
              description="Create one above when a script or another system needs to read or update Steward for you."
            />
          }
        />
      </Stack>
    </>
  );
}
