import { Button, Group, Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { useDepartments, useVendorOptions } from '../../api/lookups';
import { useMeta } from '../../api/meta';
import type { Role, User } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { selectInputProps, useServerFieldErrors } from '../../components/formHelpers';
import { notifySuccess } from '../../components/notify';
import { useSaveUser } from './admin.api';

interface Values {
  email: string;
  name: string;
  role: string;
  departmentId: string;
  vendorId: string;
  password: string;
}

const needsDepartment = (role: string) => role === 'buyer' || role === 'it_data';
const needsVendor = (role: string) => role === 'vendor';

interface UserFormModalProps {
  opened: boolean;
  onClose: () => void;
  /** The user to edit; absent to create one. */
  user?: User | null;
}

export function UserFormModal({ opened, onClose, user }: UserFormModalProps) {
  const meta = useMeta();
  const departments = useDepartments(opened);
  const vendors = useVendorOptions(opened);
  const save = useSaveUser();
  const editing = Boolean(user);

  const form = useForm<Values>({
    initialValues: { email: '', name: '', role: '', departmentId: '', vendorId: '', password: '' },
    validate: {
      email: (v) => (editing || /^\S+@\S+\.\S+$/.test(v) ? null : 'Enter a valid e-mail address'),
      name: (v) => (v.trim() ? null : 'Name is required'),
      role: (v) => (v ? null : 'Choose a role'),
      departmentId: (v, values) => (needsDepartment(values.role) && !v ? 'This role needs a department' : null),
      vendorId: (v, values) => (needsVendor(values.role) && !v ? 'Vendor users must belong to a vendor' : null),
      password: (v) => (editing || v.length >= 12 ? null : 'Use at least 12 characters'),
    },
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the dialog opens for a user
  useEffect(() => {
    if (!opened) return;
    save.reset();
    const values = {
      email: user?.email ?? '',
      name: user?.name ?? '',
      role: user?.role ?? '',
      departmentId: user?.departmentId ?? '',
      vendorId: user?.vendorId ?? '',
      password: '',
    };
    form.setInitialValues(values);
    form.setValues(values);
    form.clearErrors();
  }, [opened, user]);

  useServerFieldErrors(form, save.error);

  const submit = form.onSubmit((v) => {
    const role = v.role as Role;
    const scope = {
      departmentId: needsDepartment(role) ? v.departmentId : null,
      vendorId: needsVendor(role) ? v.vendorId : null,
    };
    const body = user
      ? { version: user.version, name: v.name.trim(), role, ...scope }
      : { email: v.email.trim(), name: v.name.trim(), role, password: v.password, ...scope };
    save.mutate(
      { id: user?.id, body },
      {
        onSuccess: (saved) => {
          notifySuccess(user ? `${saved.name} was updated.` : `${saved.name} can now sign in.`, user ? 'User updated' : 'User created');
          onClose();
        },
      },
    );
  });

  return (
    <Modal opened={opened} onClose={onClose} title={user ? `Edit ${user.name}` : 'New user'} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <FormErrorAlert
          error={save.error}
          knownFields={(n) => n in form.values}
          conflictMessage="Someone else changed this user; close and reopen to see their changes."
        />
        <Stack gap="md">
          <TextInput label="E-mail" type="email" required={!editing} disabled={editing} {...form.getInputProps('email')} />
          <TextInput label="Full name" required {...form.getInputProps('name')} />
          <Select label="Role" required allowDeselect={false} data={meta?.roles ?? []} {...selectInputProps(form, 'role')} />
          {needsDepartment(form.values.role) && (
            <Select
              label="Department"
              description="Buyers and IT & data staff see their own department's contracts."
              required
              searchable
              data={departments.data?.items.map((d) => ({ value: d.id, label: d.name })) ?? []}
              {...selectInputProps(form, 'departmentId')}
            />
          )}
          {needsVendor(form.values.role) && (
            <Select
              label="Vendor"
              description="Vendor users see only this vendor's contracts and shared documents."
              required
              searchable
              data={vendors.data ?? []}
              {...selectInputProps(form, 'vendorId')}
            />
          )}
          {!editing && (
            <PasswordInput
              label="Initial password"
              description="At least 12 characters. Ask the user to change it after signing in."
              required
              autoComplete="new-password"
              {...form.getInputProps('password')}
            />
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {user ? 'Save changes' : 'Create user'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
