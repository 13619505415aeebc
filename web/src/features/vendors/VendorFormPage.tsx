import { Button, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import { isApiStatus } from '../../api/client';
import { useMeta } from '../../api/meta';
import type { Vendor } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { selectInputProps, useServerFieldErrors } from '../../components/formHelpers';
import { TextLink } from '../../components/links';
import { notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { RepeatableRows } from '../../components/RepeatableRows';
import { Section } from '../../components/Section';
import { NotFoundPage } from '../../components/StatusPage';
import { useSaveVendor, useVendor, type VendorInput } from './vendors.api';

const CONTACT_ROLE_FALLBACK = [
  { value: 'commercial', label: 'Commercial' },
  { value: 'technical', label: 'Technical' },
  { value: 'security', label: 'Security' },
];

function toValues(v?: Vendor): VendorInput {
  return {
    legalName: v?.legalName ?? '',
    identifiers: v?.identifiers.map((i) => ({ ...i })) ?? [],
    address: {
      streetAddress: v?.address?.streetAddress ?? '',
      locality: v?.address?.locality ?? '',
      region: v?.address?.region ?? '',
      postalCode: v?.address?.postalCode ?? '',
      countryName: v?.address?.countryName ?? '',
    },
    contacts: v?.contacts.map((c) => ({ role: c.role, name: c.name, email: c.email ?? '', telephone: c.telephone ?? '' })) ?? [],
    website: v?.website ?? '',
    notes: v?.notes ?? '',
  };
}

/** Drop empty optional strings so the API sees absent rather than blank values. */
function toBody(values: VendorInput): Partial<VendorInput> {
  const clean = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v !== 'string' || v.trim() !== '')) as T;
  return {
    legalName: values.legalName.trim(),
    identifiers: values.identifiers,
    address: clean(values.address),
    contacts: values.contacts.map(clean),
    website: values.website.trim() || undefined,
    notes: values.notes.trim() || undefined,
  };
}

interface VendorFormProps {
  vendor?: Vendor;
  onSaved: (vendor: Vendor) => void;
  onCancel: () => void;
  onReload?: () => void;
}

function VendorForm({ vendor, onSaved, onCancel, onReload }: VendorFormProps) {
  const meta = useMeta();
  const save = useSaveVendor(vendor?.id);
  const initial = useMemo(() => toValues(vendor), [vendor]);
  const form = useForm<VendorInput>({
    initialValues: initial,
    validate: {
      legalName: (v) => (v.trim() ? null : 'Legal name is required'),
      website: (v) => (!v.trim() || /^https?:\/\/\S+$/.test(v.trim()) ? null : 'Enter a full address starting with https://'),
      identifiers: { scheme: (v) => (v.trim() ? null : 'Scheme is required'), id: (v) => (v.trim() ? null : 'Identifier is required') },
      contacts: {
        name: (v) => (v.trim() ? null : 'Name is required'),
        email: (v) => (!v || /^\S+@\S+\.\S+$/.test(v) ? null : 'Enter a valid e-mail address'),
      },
    },
  });
  useServerFieldErrors(form, save.error);

  const submit = form.onSubmit((values) =>
    save.mutate(vendor ? { ...toBody(values), version: vendor.version } : toBody(values), { onSuccess: onSaved }),
  );
  const known = (name: string) => /^(legalName|website|notes|identifiers|address|contacts)/.test(name);

  return (
    <form onSubmit={submit} noValidate>
      <FormErrorAlert
        error={save.error}
        knownFields={known}
        onReload={onReload}
        conflictMessage="Someone else changed this vendor; reload to see their changes."
      />
      <Stack gap="lg">
        <Section title="Organisation">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label="Legal name" required {...form.getInputProps('legalName')} />
            <TextInput label="Website" type="url" placeholder="https://" {...form.getInputProps('website')} />
          </SimpleGrid>
          <Textarea mt="md" label="Notes" autosize minRows={3} {...form.getInputProps('notes')} />
        </Section>
        <Section title="Identifiers">
          <RepeatableRows
            form={form}
            path="identifiers"
            noun="identifier"
            emptyText="Add company or tax registration numbers, e.g. scheme GB-COH with the Companies House number."
            newItem={() => ({ scheme: '', id: '' })}
            renderFields={(i) => (
              <>
                <TextInput
                  label="Scheme"
                  description="e.g. GB-COH, US-EIN"
                  required
                  style={{ flex: '1 1 10rem' }}
                  {...form.getInputProps(`identifiers.${i}.scheme`)}
                />
                <TextInput label="Identifier" required style={{ flex: '2 1 14rem' }} {...form.getInputProps(`identifiers.${i}.id`)} />
              </>
            )}
          />
        </Section>
        <Section title="Address">
          <TextInput label="Street address" {...form.getInputProps('address.streetAddress')} />
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md" mt="md">
            <TextInput label="Town or city" {...form.getInputProps('address.locality')} />
            <TextInput label="Region" {...form.getInputProps('address.region')} />
            <TextInput label="Postal code" {...form.getInputProps('address.postalCode')} />
            <TextInput label="Country" {...form.getInputProps('address.countryName')} />
          </SimpleGrid>
        </Section>
        <Section title="Contacts">
          <RepeatableRows
            form={form}
            path="contacts"
            noun="contact"
            emptyText="Add the vendor's commercial, technical and security contacts."
            newItem={() => ({ role: 'commercial', name: '', email: '', telephone: '' })}
            renderFields={(i) => (
              <>
                <Select
                  label="Role"
                  required
                  allowDeselect={false}
                  data={meta?.contactRoles ?? CONTACT_ROLE_FALLBACK}
                  style={{ flex: '1 1 9rem' }}
                  {...selectInputProps(form, `contacts.${i}.role`)}
                />
                <TextInput label="Name" required style={{ flex: '2 1 12rem' }} {...form.getInputProps(`contacts.${i}.name`)} />
                <TextInput label="E-mail" type="email" style={{ flex: '2 1 12rem' }} {...form.getInputProps(`contacts.${i}.email`)} />
                <TextInput label="Telephone" type="tel" style={{ flex: '1 1 10rem' }} {...form.getInputProps(`contacts.${i}.telephone`)} />
              </>
            )}
          />
        </Section>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {vendor ? 'Save changes' : 'Create vendor'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function VendorNewPage() {
  const navigate = useNavigate();
  return (
    <>
      <PageHeader
        eyebrow={
          <TextLink to="/vendors" size="sm" fw={600}>
            Vendors
          </TextLink>
        }
        title="New vendor"
        description="Record a supplier of AI products or services."
      />
      <VendorForm
        onCancel={() => navigate({ to: '/vendors' })}
        onSaved={(v) => {
          notifySuccess(`${v.legalName} was added.`, 'Vendor created');
          void navigate({ to: '/vendors/$id', params: { id: v.id } });
        }}
      />
    </>
  );
}

export function VendorEditPage({ id }: { id: string }) {
  const navigate = useNavigate();
  const query = useVendor(id);
  if (query.isPending) return <PageLoader label="Loading vendor" />;
  if (isApiStatus(query.error, 404)) return <NotFoundPage />;
  if (query.error) return <ErrorAlert error={query.error} title="Could not load this vendor" />;
  const vendor = query.data;
  return (
    <>
      <PageHeader
        eyebrow={
          <TextLink to="/vendors/$id" params={{ id }} size="sm" fw={600}>
            {vendor.legalName}
          </TextLink>
        }
        title={`Edit ${vendor.legalName}`}
        documentTitle="Edit vendor"
      />
      <VendorForm
        key={vendor.version}
        vendor={vendor}
        onReload={() => void query.refetch()}
        onCancel={() => navigate({ to: '/vendors/$id', params: { id } })}
        onSaved={() => {
          notifySuccess('Your changes were saved.', 'Vendor updated');
          void navigate({ to: '/vendors/$id', params: { id } });
        }}
      />
    </>
  );
}
