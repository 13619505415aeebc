import { Button, Group, Select, SimpleGrid, Stack, Switch, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { useDepartments, useUserOptions, useVendorOptions } from '../../api/lookups';
import { useMeta } from '../../api/meta';
import type { Contract } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { selectInputProps, useServerFieldErrors, withCurrent } from '../../components/formHelpers';
import { Section } from '../../components/Section';
import { useCan, useMe } from '../auth/session';
import { type ContractFormValues, contractValidation } from './contractFormValues';
import { FLAG_HELP, OWNER_TEAMS } from './contractVocabulary';
import { OptionPeriodsField } from './OptionPeriodsField';

interface ContractFormProps {
  initialValues: ContractFormValues;
  /** The contract being edited (for labels of current vendor/owners), if any. */
  contract?: Contract;
  submitLabel: string;
  onSubmit: (values: ContractFormValues) => void;
  onCancel: () => void;
  pending: boolean;
  error: unknown;
  onReload?: () => void;
}

export function ContractForm({ initialValues, contract, submitLabel, onSubmit, onCancel, pending, error, onReload }: ContractFormProps) {
  const meta = useMeta();
  const me = useMe();
  const can = useCan();
  const departments = useDepartments();
  const vendors = useVendorOptions();
  const ownerOptions = {
    procurement: useUserOptions('procurement', can('user.read')),
    buyer: useUserOptions('buyer', can('user.read')),
    it_data: useUserOptions('it_data', can('user.read')),
  };

  const form = useForm<ContractFormValues>({ initialValues, validate: contractValidation });

  useServerFieldErrors(form, error);

  // A reload after a version conflict brings new initial values.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the record changes
  useEffect(() => {
    form.setInitialValues(initialValues);
    form.setValues(initialValues);
  }, [initialValues]);

  const known = (name: string) => name in initialValues || name.startsWith('options.') || name.startsWith('owners.');
  const departmentOptions = departments.data?.items.map((d) => ({ value: d.id, label: d.name }));
  const vendorOptions = withCurrent(vendors.data, contract && { value: contract.vendor.id, label: contract.vendor.legalName });
  const currencies = meta?.currencies ?? [];

  return (
    <form onSubmit={form.onSubmit(onSubmit)} noValidate>
      <FormErrorAlert
        error={error}
        knownFields={known}
        onReload={onReload}
        conflictMessage="Someone else changed this contract; reload to see their changes."
      />
      <Stack gap="lg">
        <Section title="Contract">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label="Reference" description="Your contract or award number." required {...form.getInputProps('reference')} />
            <Select label="Status" required data={meta?.statuses ?? []} allowDeselect={false} {...selectInputProps(form, 'status')} />
          </SimpleGrid>
          <TextInput mt="md" label="Title" required {...form.getInputProps('title')} />
          <Textarea mt="md" label="Description" autosize minRows={3} maxRows={10} {...form.getInputProps('description')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" mt="md">
            <Select
              label="Vendor"
              required
              searchable
              nothingFoundMessage="No vendor with that name"
              data={vendorOptions}
              {...selectInputProps(form, 'vendorId')}
            />
            <Select
              label="Department"
              required
              searchable
              data={withCurrent(
                departmentOptions,
                me.departmentId && me.departmentName ? { value: me.departmentId, label: me.departmentName } : null,
              )}
              {...selectInputProps(form, 'departmentId')}
            />
          </SimpleGrid>
        </Section>

        <Section title="Type and value">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            <Select label="Contract type" required data={meta?.contractTypes ?? []} {...selectInputProps(form, 'type')} />
            <Select label="Pricing model" required data={meta?.pricingModels ?? []} {...selectInputProps(form, 'pricingModel')} />
            <Select
              label="Currency"
              description="ISO 4217 code"
              required
              searchable
              data={currencies}
              {...selectInputProps(form, 'currency')}
            />
            <TextInput
              label="Value"
              description="The contract's agreed value, e.g. 250000.00"
              required
              inputMode="decimal"
              autoComplete="off"
              {...form.getInputProps('value')}
            />
            <TextInput
              label="Ceiling"
              description="The most that may be spent, including options"
              required
              inputMode="decimal"
              autoComplete="off"
              {...form.getInputProps('ceiling')}
            />
            <Select
              label="Rule pack"
              description="Jurisdiction rules for payment clocks and business days"
              required
              data={meta?.rulePacks ?? []}
              {...selectInputProps(form, 'rulePack')}
            />
          </SimpleGrid>
        </Section>

        <Section title="Period and options">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" mb="lg">
            <TextInput type="date" label="Start date" required {...form.getInputProps('startDate')} />
            <TextInput type="date" label="End date" required {...form.getInputProps('endDate')} />
          </SimpleGrid>
          <OptionPeriodsField form={form} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" mt="lg">
            <Select
              label="Renewal decision"
              description="What happens when the contract ends. Until it is decided, Steward raises a finding 90 days before the end."
              required
              data={meta?.renewalDecisions ?? []}
              {...selectInputProps(form, 'renewalDecision')}
            />
            <Textarea
              label="Renewal note"
              description="Why, and what comes next (optional)"
              autosize
              minRows={2}
              {...form.getInputProps('renewalNote')}
            />
          </SimpleGrid>
        </Section>

        <Section title="Risk and visibility">
          <Select label="Risk tier" required maw={320} data={meta?.riskTiers ?? []} {...selectInputProps(form, 'riskTier')} />
          <Stack gap="md" mt="lg">
            <Switch
              label="Public-facing"
              description={FLAG_HELP.publicFacing}
              {...form.getInputProps('publicFacing', { type: 'checkbox' })}
            />
            <Switch label="High-impact" description={FLAG_HELP.highImpact} {...form.getInputProps('highImpact', { type: 'checkbox' })} />
            <Switch label="Restricted" description={FLAG_HELP.restricted} {...form.getInputProps('restricted', { type: 'checkbox' })} />
          </Stack>
        </Section>

        <Section title="Owners and tags">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            {OWNER_TEAMS.map((team) => {
              const current = contract?.owners[team.value];
              return (
                <Select
                  key={team.value}
                  label={team.label}
                  placeholder="Not assigned"
                  searchable
                  clearable
                  nothingFoundMessage="No matching user"
                  data={withCurrent(ownerOptions[team.value].data, current && { value: current.id, label: current.name })}
                  {...form.getInputProps(`owners.${team.value}`)}
                />
              );
            })}
          </SimpleGrid>
          <TagsInput mt="md" label="Tags" description="Press Enter after each tag." clearable {...form.getInputProps('tags')} />
        </Section>

        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
