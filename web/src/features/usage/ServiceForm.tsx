import {
  Button,
  Fieldset,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useRef } from 'react';
import { ApiError } from '../../api/client';
import { useUserOptions } from '../../api/lookups';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { selectInputProps } from '../../components/formHelpers';
import { PlusIcon } from '../../components/icons';
import { notifySuccess } from '../../components/notify';
import { useCan } from '../auth/session';
import {
  type Environment,
  type Identifiers,
  type Team,
  type UsageException,
  type UsageService,
  type UsageServiceInput,
  useSaveService,
} from './usage.api';
import { BAD_TEXT, ENV_LABELS, options, TEAM_LABELS } from './vocabulary';

const IDENTIFIER_FIELDS = [
  { key: 'billingAccountId', label: 'Billing account ID' },
  { key: 'subAccountId', label: 'Sub-account ID' },
  { key: 'serviceName', label: 'Service name' },
  { key: 'skuId', label: 'SKU ID' },
  { key: 'resourceType', label: 'Resource type' },
] as const;
type IdentifierKey = (typeof IDENTIFIER_FIELDS)[number]['key'];

interface Values {
  name: string;
  environment: Environment | '';
  purpose: string;
  budget: string;
  identifiers: Record<IdentifierKey, string> & { tags: { key: string; value: string }[] };
  rates: { label: string; unit: string; per: number | string; price: string }[];
  provisionerTeams: string[];
  provisionerUserIds: string[];
  rule: { subAccountIds: string[]; billingAccountIds: string[]; tagKey: string; tagValues: string[] };
}

const AMOUNT = /^\d{1,16}(\.\d{1,2})?$/;
const cleanAmount = (v: string) => v.trim().replace(/,/g, '');

function initialValues(service?: UsageService, from?: UsageException): Values {
  const ids: Partial<Identifiers> = service?.identifiers ?? {
    billingAccountId: from?.billingAccountId ?? null,
    subAccountId: from?.subAccountId ?? null,
    serviceName: from?.serviceName ?? null,
    skuId: from?.skuId ?? null,
  };
  const rule = service?.provisionerRule;
  return {
    name: service?.name ?? from?.serviceName ?? from?.skuId ?? '',
    environment: service?.environment ?? '',
    purpose: service?.purpose ?? '',
    budget: service?.budget ?? '',
    identifiers: {
      billingAccountId: ids.billingAccountId ?? '',
      subAccountId: ids.subAccountId ?? '',
      serviceName: ids.serviceName ?? '',
      skuId: ids.skuId ?? '',
      resourceType: ids.resourceType ?? '',
      tags: Object.entries(ids.tags ?? {}).map(([key, value]) => ({ key, value })),
    },
    rates: (service?.rates ?? []).map((r) => ({ ...r })),
    provisionerTeams: service?.provisionerTeams ?? [],
    provisionerUserIds: service?.provisioners.map((p) => p.id) ?? [],
    rule: {
      subAccountIds: rule?.subAccountIds ?? [],
      billingAccountIds: rule?.billingAccountIds ?? [],
      tagKey: rule?.tag?.key ?? '',
      tagValues: rule?.tag?.values ?? [],
    },
  };
}

/** The API's field names for the provisioner rule, as this form names them. */
function formPath(apiField: string): string {
  return apiField
    .replace(/^provisionerRule\.tag\.key$/, 'rule.tagKey')
    .replace(/^provisionerRule\.tag\.values(\.\d+)?$/, 'rule.tagValues')
    .replace(/^provisionerRule\.tag$/, 'rule.tagKey')
    .replace(/^provisionerRule\.(subAccountIds|billingAccountIds)(\.\d+)?$/, 'rule.$1')
    .replace(/^provisionerUserIds\.\d+$/, 'provisionerUserIds');
}

const KNOWN =
  /^(name|environment|purpose|budget|identifiers(\..*)?|rates\.\d+\.(label|unit|per|price)|provisionerTeams|provisionerUserIds(\.\d+)?|provisionerRule\..*)$/;

/** Staff who may be named as provisioners: procurement, department buyers, IT and data. */
function useProvisionerOptions(current: UsageService['provisioners']) {
  const can = useCan();
  const enabled = can('user.read');
  const procurement = useUserOptions('procurement', enabled);
  const buyer = useUserOptions('buyer', enabled);
  const itData = useUserOptions('it_data', enabled);
  const groups = [
    { group: 'Procurement', items: procurement.data ?? [] },
    { group: 'Department buyers', items: buyer.data ?? [] },
    { group: 'IT and data', items: itData.data ?? [] },
  ].filter((g) => g.items.length > 0);
  const known = new Set(groups.flatMap((g) => g.items.map((o) => o.value)));
  const missing = current.filter((p) => !known.has(p.id));
  if (missing.length) groups.unshift({ group: 'Named now', items: missing.map((p) => ({ value: p.id, label: p.name })) });
  return groups;
}

/**
 * Add a service to the catalog (procurement: at once; anyone else: a request procurement
 * approves), change an entry, or add unmatched usage to the catalog (prefilled from its
 * identifiers).
 */
export function ServiceForm({
  contractId,
  currency,
  service,
  fromException,
  approvesDirectly,
  onDone,
}: {
  contractId: string;
  currency: string;
  service?: UsageService;
  fromException?: UsageException;
  /** Whether what this user adds is approved at once (procurement) rather than requested. */
  approvesDirectly: boolean;
  onDone: () => void;
}) {
  const save = useSaveService(contractId, service);
  const formRef = useRef<HTMLFormElement>(null);
  const people = useProvisionerOptions(service?.provisioners ?? []);
  const form = useForm<Values>({
    initialValues: initialValues(service, fromException),
    validate: {
      name: (v) => (v.trim() ? null : 'Give the service a name'),
      environment: (v) => (v ? null : 'Choose the environment'),
      budget: (v) => (v.trim() && !AMOUNT.test(cleanAmount(v)) ? 'Give an amount like 25000.00' : null),
      identifiers: {
        billingAccountId: (_v, all) =>
          IDENTIFIER_FIELDS.some((f) => all.identifiers[f.key].trim()) || all.identifiers.tags.some((t) => t.key.trim())
            ? null
            : "Give at least one of the provider's identifiers, so usage can be matched to this service",
        tags: {
          key: (v, all, path) => {
            const i = Number(path.split('.')[2]);
            return !v.trim() && all.identifiers.tags[i]?.value.trim() ? 'Give the tag name' : null;
          },
        },
      },
      rates: {
        label: (v) => (v.trim() ? null : 'Say what the rate is for'),
        unit: (v) => (v.trim() ? null : 'Give the unit as the provider writes it'),
        per: (v) => (Number(v) > 0 ? null : 'Give how many units the price is for'),
        price: (v) => (AMOUNT.test(cleanAmount(v)) ? null : 'Give a price like 2.50'),
      },
      rule: {
        tagValues: (v, all) => (all.rule.tagKey.trim() && v.length === 0 ? 'Give at least one allowed value for the tag' : null),
        tagKey: (v, all) => (!v.trim() && all.rule.tagValues.length ? 'Give the tag name' : null),
      },
    },
  });

  // The API's field errors, next to the inputs they concern.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when a new error arrives
  useEffect(() => {
    if (save.error instanceof ApiError && save.error.fields) {
      const errors: Record<string, string> = {};
      for (const [k, msg] of Object.entries(save.error.fields)) {
        const path = k === 'identifiers' ? 'identifiers.billingAccountId' : formPath(k);
        errors[path] = errors[path] ? `${errors[path]}; ${msg}` : msg;
      }
      form.setErrors(errors);
    }
  }, [save.error]);

  // A long form: take the user to the first field that needs them.
  const focusFirstError = () =>
    requestAnimationFrame(() => {
      const el = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], #identifiers-error');
      el?.scrollIntoView({ block: 'center' });
      if (el?.matches('input, textarea')) el.focus({ preventScroll: true });
    });

  const submit = form.onSubmit((v) => {
    const tags = Object.fromEntries(v.identifiers.tags.filter((t) => t.key.trim()).map((t) => [t.key.trim(), t.value.trim()]));
    const rule = {
      subAccountIds: v.rule.subAccountIds,
      billingAccountIds: v.rule.billingAccountIds,
      tag: v.rule.tagKey.trim() ? { key: v.rule.tagKey.trim(), values: v.rule.tagValues } : null,
    };
    const hasRule = rule.subAccountIds.length > 0 || rule.billingAccountIds.length > 0 || rule.tag !== null;
    const input: UsageServiceInput & { fromExceptionId?: string | null } = {
      name: v.name.trim(),
      environment: v.environment as Environment,
      purpose: v.purpose,
      budget: v.budget.trim() ? cleanAmount(v.budget) : null,
      identifiers: {
        ...(Object.fromEntries(IDENTIFIER_FIELDS.map((f) => [f.key, v.identifiers[f.key].trim() || null])) as Omit<Identifiers, 'tags'>),
        tags,
      },
      rates: v.rates.map((r) => ({ label: r.label.trim(), unit: r.unit.trim(), per: Number(r.per), price: cleanAmount(r.price) })),
      provisionerTeams: v.provisionerTeams as Team[],
      provisionerUserIds: v.provisionerUserIds,
      provisionerRule: hasRule ? rule : null,
    };
    if (!service) input.fromExceptionId = fromException?.id ?? null;
    save.mutate(input, {
      onSuccess: (s) => {
        notifySuccess(
          service
            ? `“${s.name}” was saved.`
            : s.status === 'approved'
              ? `“${s.name}” is in the catalog; usage that matches it is no longer unmatched.`
              : `“${s.name}” waits for procurement to approve it.`,
          service ? 'Catalog entry saved' : s.status === 'approved' ? 'Added to the catalog' : 'Request sent',
        );
        onDone();
      },
    });
  }, focusFirstError);

  const submitLabel = service ? 'Save entry' : approvesDirectly ? 'Add to catalog' : 'Send request';
  const formName = service
    ? `Change catalog entry ${service.name}`
    : approvesDirectly
      ? 'Add a service to the catalog'
      : 'Ask to add a service';
  const idError = form.errors['identifiers.billingAccountId'];

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label={formName}>
      <FormErrorAlert
        error={save.error}
        knownFields={(f) => KNOWN.test(f)}
        conflictMessage="Someone changed this catalog entry since you opened it. Close this dialog to see it as it is now."
      />
      <Stack gap="md">
        {fromException && (
          <Text size="sm">
            Prefilled from the unmatched usage: usage with these identifiers will count under this service
            {approvesDirectly ? ' as soon as you add it.' : ' once procurement approves the request.'}
          </Text>
        )}
        {!service && !approvesDirectly && !fromException && (
          <Text size="sm">Procurement approves additions to the catalog; you will see the request in the list until then.</Text>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <Select
            label="Environment"
            required
            placeholder="Production, pilot or sandbox"
            data={options(ENV_LABELS)}
            allowDeselect={false}
            {...selectInputProps(form, 'environment')}
          />
          <TextInput
            label={`Budget (${currency})`}
            description="Optional: a finding opens when the service's spend passes it"
            inputMode="decimal"
            {...form.getInputProps('budget')}
          />
        </SimpleGrid>
        <Textarea
          label="Purpose"
          description="What it is used for, and by whom"
          autosize
          minRows={2}
          maxRows={5}
          {...form.getInputProps('purpose')}
        />

        <Fieldset legend="How usage is matched" variant="filled" radius="md">
          <Text size="sm" mb="xs">
            The provider's identifiers usage rows must carry to belong to this service; every one given must match. Give at least one.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {IDENTIFIER_FIELDS.map((f) => (
              <TextInput
                key={f.key}
                label={f.label}
                {...form.getInputProps(`identifiers.${f.key}`)}
                error={f.key === 'billingAccountId' ? undefined : form.errors[`identifiers.${f.key}`]}
                aria-describedby={idError && f.key === 'billingAccountId' ? 'identifiers-error' : undefined}
              />
            ))}
          </SimpleGrid>
          {idError && (
            <Text id="identifiers-error" size="sm" c={BAD_TEXT} mt="xs" role="alert">
              {idError}
            </Text>
          )}
          <Text size="sm" fw={600} mt="md" mb={4}>
            Tags
          </Text>
          <Stack gap="xs">
            {form.values.identifiers.tags.map((_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional, like the form's paths
              <Group key={i} align="flex-start" gap="xs" wrap="wrap">
                <TextInput label={`Tag ${i + 1} name`} {...form.getInputProps(`identifiers.tags.${i}.key`)} style={{ flex: '1 1 10rem' }} />
                <TextInput
                  label={`Tag ${i + 1} value`}
                  {...form.getInputProps(`identifiers.tags.${i}.value`)}
                  style={{ flex: '1 1 10rem' }}
                />
                <Button
                  variant="subtle"
                  color="red"
                  mt={{ base: 0, sm: 26 }}
                  onClick={() => form.removeListItem('identifiers.tags', i)}
                  aria-label={`Remove tag ${i + 1}`}
                >
                  Remove
                </Button>
              </Group>
            ))}
            <Group>
              <Button
                variant="light"
                size="xs"
                leftSection={<PlusIcon size={14} />}
                onClick={() => form.insertListItem('identifiers.tags', { key: '', value: '' })}
              >
                Add tag
              </Button>
            </Group>
          </Stack>
        </Fieldset>

        <Fieldset legend="Contracted rates" variant="filled" radius="md">
          <Stack gap="xs">
            {form.values.rates.length === 0 && (
              <Text size="sm" c="dimmed">
                No rates yet. Add the prices the contract sets (for example per million input tokens) so billed cost can be checked against
                usage.
              </Text>
            )}
            {form.values.rates.map((_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional, like the API's field paths
              <Fieldset key={i} legend={`Rate ${i + 1}`} radius="md">
                <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="xs">
                  <TextInput label="Label" placeholder="per million input tokens" {...form.getInputProps(`rates.${i}.label`)} />
                  <TextInput
                    label="Unit"
                    placeholder="Tokens"
                    description="As the provider writes it"
                    {...form.getInputProps(`rates.${i}.unit`)}
                  />
                  <NumberInput
                    label="Per how many units"
                    min={0}
                    allowNegative={false}
                    thousandSeparator=","
                    {...form.getInputProps(`rates.${i}.per`)}
                  />
                  <TextInput label={`Price (${currency})`} inputMode="decimal" {...form.getInputProps(`rates.${i}.price`)} />
                </SimpleGrid>
                <Group justify="flex-end" mt={4}>
                  <Button
                    variant="subtle"
                    color="red"
                    size="xs"
                    onClick={() => form.removeListItem('rates', i)}
                    aria-label={`Remove rate ${i + 1}`}
                  >
                    Remove
                  </Button>
                </Group>
              </Fieldset>
            ))}
            <Group>
              <Button
                variant="light"
                size="xs"
                leftSection={<PlusIcon size={14} />}
                onClick={() => form.insertListItem('rates', { label: '', unit: 'Tokens', per: 1_000_000, price: '' })}
              >
                Add rate
              </Button>
            </Group>
          </Stack>
        </Fieldset>

        <Fieldset legend="Who may provision it" variant="filled" radius="md">
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <MultiSelect
                label="Teams"
                placeholder="Any team"
                data={options(TEAM_LABELS)}
                clearable
                {...form.getInputProps('provisionerTeams')}
              />
              <MultiSelect
                label="People"
                placeholder="Nobody named"
                data={people}
                searchable
                clearable
                nothingFoundMessage="No one with that name"
                {...form.getInputProps('provisionerUserIds')}
              />
            </SimpleGrid>
            <Text size="sm">
              Which accounts may run it. Usage from any other account is reported as run by someone not allowed to provision it. Leave empty
              to allow every account.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TagsInput
                label="Allowed sub-account IDs"
                description="Press Enter after each"
                clearable
                {...form.getInputProps('rule.subAccountIds')}
              />
              <TagsInput
                label="Allowed billing account IDs"
                description="Press Enter after each"
                clearable
                {...form.getInputProps('rule.billingAccountIds')}
              />
              <TextInput label="Allowed by tag: tag name" placeholder="team" {...form.getInputProps('rule.tagKey')} />
              <TagsInput
                label="Allowed tag values"
                description="Press Enter after each"
                clearable
                {...form.getInputProps('rule.tagValues')}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>

        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
