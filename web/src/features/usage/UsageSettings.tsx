import { Badge, Button, Group, Modal, NumberInput, Paper, SimpleGrid, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { DefinitionList } from '../../components/DefinitionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { useServerFieldErrors } from '../../components/formHelpers';
import { notifySuccess } from '../../components/notify';
import { formatMoney } from '../../lib/format';
import {
  type ThresholdKey,
  type Thresholds,
  type UsageSettings as Settings,
  type UsageSettingsInput,
  useSaveSettings,
  useUsageSettings,
} from './usage.api';

interface ThresholdField {
  key: ThresholdKey;
  label: string;
  kind: 'percent' | 'days' | 'number' | 'amount';
  help: string;
}

const MAIN: ThresholdField[] = [
  { key: 'forecastPercent', label: 'Forecast warning (%)', kind: 'percent', help: 'Spend to date plus the forecast passes this share' },
  { key: 'forecastDays', label: 'Forecast horizon (days)', kind: 'days', help: 'How far ahead the forecast warning looks' },
  { key: 'tmNoticePercent', label: 'Time-and-materials notice (%)', kind: 'percent', help: 'Spend passes this share (T&M contracts)' },
  { key: 'ceilingPercent', label: 'Ceiling reached (%)', kind: 'percent', help: 'Spend passes this share of the ceiling' },
  { key: 'serviceBudgetPercent', label: 'Service budget (%)', kind: 'percent', help: 'A service passes this share of its own budget' },
  { key: 'forecastWindowDays', label: 'Burn-rate window (days)', kind: 'days', help: 'Trailing days the burn rate is measured over' },
];
const MORE: ThresholdField[] = [
  { key: 'spikeSigma', label: 'Spike: standard deviations', kind: 'number', help: 'A day above the mean plus this many deviations' },
  { key: 'spikeWindowDays', label: 'Spike: comparison window (days)', kind: 'days', help: 'The days before it that set the usual level' },
  { key: 'spikeMinAmount', label: 'Spike: minimum amount', kind: 'amount', help: 'Smaller days are never spikes' },
  { key: 'spikeLookbackDays', label: 'Spike: report days this recent', kind: 'days', help: 'Older spikes are not reported' },
  { key: 'reconcileTolerancePercent', label: 'Reconciliation tolerance (%)', kind: 'percent', help: 'Differences above this share…' },
  {
    key: 'reconcileToleranceAmount',
    label: 'Reconciliation: minimum difference',
    kind: 'amount',
    help: '…and above this amount are findings',
  },
];
const ALL = [...MAIN, ...MORE];

function thresholdText(f: ThresholdField, v: number | string, currency: string): string {
  if (f.kind === 'percent') return `${v}%`;
  if (f.kind === 'days') return `${v} days`;
  if (f.kind === 'amount') return formatMoney(String(v), currency);
  return String(v);
}

interface Values {
  allottedFunds: string;
  departmentTag: string;
  thresholds: Record<ThresholdKey, number | string>;
}

const AMOUNT = /^\d{1,16}(\.\d{1,2})?$/;

function SettingsForm({
  contractId,
  currency,
  settings: current,
  onReload,
  onDone,
}: {
  contractId: string;
  currency: string;
  settings: Settings;
  onReload: () => void;
  onDone: () => void;
}) {
  // The settings as they were when the form opened: their version guards against overwriting a change made meanwhile.
  const [settings] = useState(current);
  const save = useSaveSettings(contractId);
  const [reset, setReset] = useState<Set<ThresholdKey>>(() => new Set());
  const form = useForm<Values>({
    initialValues: {
      allottedFunds: settings.allottedFunds ?? '',
      departmentTag: settings.departmentTag,
      thresholds: { ...settings.thresholds },
    },
    validate: {
      allottedFunds: (v) =>
        v.trim() && !AMOUNT.test(v.trim().replace(/,/g, '')) ? 'Give an amount like 40000.00, or leave it empty' : null,
      departmentTag: (v) => (v.trim() ? null : 'Give the tag that names the department on usage rows'),
    },
  });
  useServerFieldErrors(form, save.error);

  const submit = form.onSubmit((v) => {
    const thresholds: Partial<Record<ThresholdKey, number | string | null>> = {};
    for (const f of ALL) {
      if (reset.has(f.key)) {
        thresholds[f.key] = null;
        continue;
      }
      const value = v.thresholds[f.key];
      if (value === '' || value === undefined) continue;
      const typed = f.kind === 'amount' ? String(value).trim() : Number(value);
      if (String(typed) !== String(settings.thresholds[f.key])) thresholds[f.key] = typed;
    }
    const funds = v.allottedFunds.trim().replace(/,/g, '');
    const input: UsageSettingsInput = {
      allottedFunds: funds ? funds : null,
      departmentTag: v.departmentTag.trim(),
      thresholds,
    };
    if (settings.version > 0) input.version = settings.version;
    save.mutate(input, {
      onSuccess: () => {
        notifySuccess('The new settings apply to the figures and the findings from now on.', 'Usage settings saved');
        onDone();
      },
    });
  });

  const field = (f: ThresholdField) => {
    const overridden = f.key in settings.overrides;
    const resetting = reset.has(f.key);
    const common = {
      label: f.label,
      description: resetting ? 'The default will apply' : f.help,
      disabled: resetting,
    };
    return (
      <Stack gap={2} key={f.key}>
        {f.kind === 'amount' ? (
          <TextInput {...common} inputMode="decimal" {...form.getInputProps(`thresholds.${f.key}`)} />
        ) : (
          <NumberInput
            {...common}
            min={0}
            allowNegative={false}
            allowDecimal={f.kind !== 'days'}
            {...form.getInputProps(`thresholds.${f.key}`)}
          />
        )}
        {overridden && (
          <Button
            variant="subtle"
            size="compact-xs"
            style={{ alignSelf: 'flex-start' }}
            onClick={() =>
              setReset((prev) => {
                const next = new Set(prev);
                if (next.has(f.key)) next.delete(f.key);
                else next.add(f.key);
                return next;
              })
            }
            aria-pressed={resetting}
            aria-label={`${resetting ? 'Keep' : 'Use the default for'} ${f.label}`}
          >
            {resetting ? 'Keep this contract’s value' : 'Use the default'}
          </Button>
        )}
      </Stack>
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Usage settings">
      <FormErrorAlert
        error={save.error}
        knownFields={(f) => f === 'allottedFunds' || f === 'departmentTag' || f.startsWith('thresholds.')}
        onReload={() => {
          onReload();
          onDone();
        }}
        conflictMessage="Someone changed these settings since you opened them. Reload to see theirs, then make your change again."
      />
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={`Allotted funds (${currency})`}
            description="When set, spend is measured against these funds instead of the ceiling"
            inputMode="decimal"
            data-autofocus
            {...form.getInputProps('allottedFunds')}
          />
          <TextInput
            label="Department tag"
            description="The usage-row tag that names the department spend counts under"
            required
            {...form.getInputProps('departmentTag')}
          />
        </SimpleGrid>
        <Title order={3} fz="md">
          Thresholds
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
          {MAIN.map(field)}
        </SimpleGrid>
        <Title order={3} fz="md">
          Spikes and reconciliation
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
          {MORE.map(field)}
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Allotted funds, the department tag and the thresholds in force, with a form for those who may change them. */
export function UsageSettingsSection({
  contractId,
  currency,
  ceiling,
  canManage,
}: {
  contractId: string;
  currency: string;
  ceiling: string;
  canManage: boolean;
}) {
  const query = useUsageSettings(contractId);
  const [opened, { open, close }] = useDisclosure(false);
  const s = query.data;
  const t = s?.thresholds as Thresholds | undefined;
  return (
    <Paper p="lg" component="section" aria-labelledby="usage-settings-heading">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} fz="lg" id="usage-settings-heading">
            Settings
          </Title>
          {canManage && s && (
            <Button variant="default" onClick={open}>
              Change settings
            </Button>
          )}
        </Group>
        {query.error && <ErrorAlert error={query.error} title="Could not load the usage settings" onRetry={() => query.refetch()} />}
        {!s && !query.error && <Skeleton height={80} />}
        {s && t && (
          <>
            <Text size="sm">
              {s.allottedFunds
                ? `Spend is measured against allotted funds of ${formatMoney(s.allottedFunds, currency)} (the ceiling is ${formatMoney(ceiling, currency)}).`
                : `Spend is measured against the contract ceiling of ${formatMoney(ceiling, currency)}; no allotted funds are set.`}{' '}
              Departments are read from the “{s.departmentTag}” tag on usage rows.
            </Text>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
              {[MAIN, MORE].map((group) => (
                <DefinitionList
                  key={group[0].key}
                  items={group.map((f) => ({
                    term: f.label.replace(/ \((%|days|amount)\)$/, ''),
                    value: (
                      <>
                        {thresholdText(f, t[f.key], currency)}{' '}
                        {f.key in s.overrides && (
                          <Badge size="xs" variant="outline" color="steward">
                            Set for this contract
                          </Badge>
                        )}
                      </>
                    ),
                  }))}
                />
              ))}
            </SimpleGrid>
          </>
        )}
      </Stack>
      <Modal opened={opened} onClose={close} title="Usage settings" size="xl">
        {opened && s && (
          <SettingsForm contractId={contractId} currency={currency} settings={s} onReload={() => query.refetch()} onDone={close} />
        )}
      </Modal>
    </Paper>
  );
}
