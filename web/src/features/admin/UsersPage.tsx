import { Badge, Button, Group, Paper, Select, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { labelOf, useMeta } from '../../api/meta';
import type { User } from '../../api/types';
import { ConfirmButton } from '../../components/ConfirmButton';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { EmptyState } from '../../components/EmptyState';
import { PlusIcon } from '../../components/icons';
import { notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { SearchInput } from '../../components/SearchInput';
import type { UserSearch } from '../../routes/admin';
import { useMe } from '../auth/session';
import { useSaveUser, useUsers } from './admin.api';
import { UserFormModal } from './UserFormModal';

export function UsersPage({ search }: { search: UserSearch }) {
  const meta = useMeta();
  const me = useMe();
  const navigate = useNavigate();
  const page = search.page ?? 1;
  const pageSize = search.pageSize ?? 25;
  const query = useUsers({ q: search.q, role: search.role, page, pageSize });
  const toggle = useSaveUser();
  const [editing, setEditing] = useState<User | null | undefined>(undefined);
  const go = (next: UserSearch) => navigate({ to: '/admin/users', search: next });

  const setDisabled = (user: User, disabled: boolean) =>
    toggle.mutate(
      { id: user.id, body: { version: user.version, disabled } },
      { onSuccess: () => notifySuccess(`${user.name} was ${disabled ? 'disabled' : 'enabled'}.`) },
    );

  const columns: Column<User>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (u) => (
        <div>
          <Text size="sm" fw={600}>
            {u.name}
          </Text>
          <Text size="xs" c="dimmed">
            {u.email}
          </Text>
        </div>
      ),
    },
    { key: 'role', header: 'Role', render: (u) => labelOf(meta?.roles, u.role) },
    { key: 'scope', header: 'Department or vendor', render: (u) => u.departmentName ?? u.vendorName ?? '—' },
    {
      key: 'status',
      header: 'Status',
      render: (u) => (u.disabled ? <Badge color="gray">Disabled</Badge> : <Badge color="green">Active</Badge>),
    },
    {
      key: 'last',
      header: 'Last sign-in',
      render: (u) =>
        u.lastLoginAt ? (
          <DateText value={u.lastLoginAt} withTime />
        ) : (
          <Text span size="sm" c="dimmed">
            Never
          </Text>
        ),
    },
    {
      key: 'actions',
      header: 'Actions',
      render: (u) => (
        <Group gap="xs" wrap="nowrap">
          <Button size="compact-sm" variant="subtle" onClick={() => setEditing(u)} aria-label={`Edit ${u.name}`}>
            Edit
          </Button>
          {u.id !== me.id &&
            (u.disabled ? (
              <Button size="compact-sm" variant="subtle" onClick={() => setDisabled(u, false)} aria-label={`Enable ${u.name}`}>
                Enable
              </Button>
            ) : (
              <ConfirmButton
                size="compact-sm"
                variant="subtle"
                color="red"
                aria-label={`Disable ${u.name}`}
                title={`Disable ${u.name}?`}
                message="They will be signed out and cannot sign in or use their API tokens until enabled again."
                confirmLabel="Disable user"
                onConfirm={() => setDisabled(u, true)}
              >
                Disable
              </ConfirmButton>
            ))}
        </Group>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Users"
        description="Who can sign in to Steward, their role, and the department or vendor they belong to."
        actions={
          <Button leftSection={<PlusIcon size={16} />} onClick={() => setEditing(null)}>
            New user
          </Button>
        }
      />
      <Paper p="md" mb="md" component="section" aria-label="Search users">
        <Group align="flex-end" gap="md" wrap="wrap">
          <SearchInput
            label="Search users"
            placeholder="Name or e-mail"
            value={search.q}
            onSearch={(q) => go({ ...search, q, page: undefined })}
          />
          <Select
            label="Role"
            placeholder="Any role"
            clearable
            data={meta?.roles ?? []}
            value={search.role ?? null}
            onChange={(role) => go({ ...search, role: role ?? undefined, page: undefined })}
            w={220}
          />
        </Group>
      </Paper>
      <DataTable
        caption="Users"
        columns={columns}
        rows={query.data?.items}
        rowKey={(u) => u.id}
        loading={query.isFetching}
        error={query.error}
        onRetry={() => query.refetch()}
        pagination={
          query.data && {
            page,
            pageSize,
            total: query.data.total,
            onPageChange: (p) => go({ ...search, page: p }),
            onPageSizeChange: (s) => go({ ...search, pageSize: s, page: undefined }),
          }
        }
        empty={<EmptyState title="No users match" description="Clear the search or role filter, or create a new user." />}
      />
      <UserFormModal opened={editing !== undefined} user={editing} onClose={() => setEditing(undefined)} />
    </>
  );
}
