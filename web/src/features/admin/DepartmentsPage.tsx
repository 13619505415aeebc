import { Button, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { useState } from 'react';
import { useDepartments } from '../../api/lookups';
import type { Department } from '../../api/types';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { useServerFieldErrors } from '../../components/formHelpers';
import { notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { useSaveDepartment } from './admin.api';

interface Values {
  name: string;
  code: string;
}

const validate = {
  name: (v: string) => (v.trim() ? null : 'Name is required'),
  code: (v: string) => (/^[A-Za-z0-9_-]{1,20}$/.test(v.trim()) ? null : 'Use 1–20 letters, digits, - or _'),
};

/** Name + code fields, shared by the create form and the rename dialog. */
function DepartmentFields({ form }: { form: UseFormReturnType<Values> }) {
  return (
    <>
      <TextInput label="Name" required style={{ flex: '2 1 16rem' }} {...form.getInputProps('name')} />
      <TextInput
        label="Code"
        description="Short code, e.g. HEALTH"
        required
        style={{ flex: '1 1 10rem' }}
        {...form.getInputProps('code')}
      />
    </>
  );
}

function useDepartmentForm(department: Department | null) {
  const save = useSaveDepartment();
  const form = useForm<Values>({ initialValues: { name: department?.name ?? '', code: department?.code ?? '' }, validate });
  useServerFieldErrors(form, save.error);
  return { form, save };
}

function CreateDepartment() {
  const { form, save } = useDepartmentForm(null);
  const submit = form.onSubmit((v) =>
    save.mutate(
      { body: { name: v.name.trim(), code: v.code.trim() } },
      {
        onSuccess: (d) => {
          notifySuccess(`${d.name} was created.`, 'Department created');
          form.reset();
        },
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <FormErrorAlert error={save.error} knownFields={(n) => n === 'name' || n === 'code'} />
      <Group align="flex-start" gap="sm" wrap="wrap">
        <DepartmentFields form={form} />
        <Button type="submit" mt={{ base: 0, sm: 26 }} loading={save.isPending}>
          Create department
        </Button>
      </Group>
    </form>
  );
}

function RenameDepartment({ department, onClose }: { department: Department; onClose: () => void }) {
  const { form, save } = useDepartmentForm(department);
  const submit = form.onSubmit((v) =>
    save.mutate(
      { id: department.id, body: { name: v.name.trim(), code: v.code.trim(), version: department.version } },
      {
        onSuccess: (d) => {
          notifySuccess(`Saved as ${d.name}.`, 'Department updated');
          onClose();
        },
      },
    ),
  );
  return (
    <Modal opened onClose={onClose} title={`Rename ${department.name}`} centered>
      <form onSubmit={submit} noValidate>
        <FormErrorAlert
          error={save.error}
          knownFields={(n) => n === 'name' || n === 'code'}
          conflictMessage="Someone else changed this department; close and reopen to see their changes."
        />
        <Stack gap="md">
          <DepartmentFields form={form} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function DepartmentsPage() {
  const query = useDepartments();
  const [renaming, setRenaming] = useState<Department | null>(null);
  const columns: Column<Department>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (d) => (
        <Text size="sm" fw={600}>
          {d.name}
        </Text>
      ),
    },
    { key: 'code', header: 'Code', render: (d) => <Code>{d.code}</Code> },
    {
      key: 'actions',
      header: 'Actions',
      render: (d) => (
        <Button size="compact-sm" variant="subtle" onClick={() => setRenaming(d)} aria-label={`Rename ${d.name}`}>
          Rename
        </Button>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title="Departments"
        description="The organisational units that own contracts. Buyers and IT & data staff belong to one department."
      />
      <Stack gap="lg">
        <Section title="Add a department">
          <CreateDepartment />
        </Section>
        <DataTable
          caption="Departments"
          columns={columns}
          rows={query.data?.items}
          rowKey={(d) => d.id}
          error={query.error}
          onRetry={() => query.refetch()}
          minWidth={520}
          empty={<EmptyState title="No departments yet" description="Add the first department above." />}
        />
      </Stack>
      {renaming && <RenameDepartment department={renaming} onClose={() => setRenaming(null)} />}
    </>
  );
}
