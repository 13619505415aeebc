import { Button, Fieldset, Group, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ApiError } from '../../api/client';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { selectInputProps } from '../../components/formHelpers';
import { notifySuccess } from '../../components/notify';
import { RepeatableRows } from '../../components/RepeatableRows';
import { type Deliverable, type Direction, type Team, type TestMethod, useSetTestPlan } from './milestones.api';
import { StaffSelect } from './StaffSelect';
import { DIRECTION_LABELS, METHOD_LABELS, TEAM_LABELS, options } from './vocabulary';

interface CriterionValues {
  name: string;
  metric: string;
  threshold: number | string;
  direction: Direction | '';
}

interface Values {
  testerUserId: string;
  testerTeam: Team | '';
  method: TestMethod | '';
  notes: string;
  criteria: CriterionValues[];
}

const known = (f: string) => ['testerUserId', 'testerTeam', 'method', 'notes'].includes(f) || f.startsWith('criteria.');

/** The API names a row's threshold/direction mismatch "criteria.N": show it on the field that is missing. */
function placeErrors(fields: Record<string, string>, values: Values): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) {
    const row = /^criteria\.(\d+)$/.exec(key);
    if (row) {
      const c = values.criteria[Number(row[1])];
      out[`criteria.${row[1]}.${c && c.threshold !== '' ? 'direction' : 'threshold'}`] = message;
    } else out[key] = message;
  }
  return out;
}

/**
 * Who tests the deliverable (person and team), how, and against which criteria: a metric with a
 * numeric threshold and a direction (at least / at most), or a plain pass/fail criterion.
 */
export function TestPlanForm({ contractId, deliverable, onDone }: { contractId: string; deliverable: Deliverable; onDone: () => void }) {
  const save = useSetTestPlan(contractId);
  const plan = deliverable.testPlan;
  const form = useForm<Values>({
    initialValues: {
      testerUserId: plan?.tester?.id ?? '',
      testerTeam: plan?.testerTeam ?? '',
      method: plan?.method ?? '',
      notes: plan?.notes ?? '',
      criteria: plan?.criteria.map((c) => ({
        name: c.name,
        metric: c.metric ?? '',
        threshold: c.threshold ?? '',
        direction: c.direction ?? '',
      })) ?? [{ name: '', metric: '', threshold: '', direction: '' }],
    },
    validate: {
      method: (v) => (v ? null : 'Choose how the deliverable will be tested'),
      criteria: {
        name: (v, all, path) => {
          if (!v.trim()) return 'Name the criterion';
          const index = Number(path.split('.')[1]);
          return all.criteria.some((c, i) => i < index && c.name.trim() === v.trim()) ? 'Another criterion has this name' : null;
        },
        threshold: (v) => (v !== '' && !Number.isFinite(Number(v)) ? 'Give the threshold as a number' : null),
        direction: (v, all, path) => {
          const c = all.criteria[Number(path.split('.')[1])];
          if (c && c.threshold !== '' && !v) return 'Choose whether the value must be at least or at most the threshold';
          return null;
        },
      },
    },
  });
  // A direction without a threshold: ask for the threshold (checked on submit, beside the other rules).
  const extraErrors = (values: Values) => {
    const e: Record<string, string> = {};
    values.criteria.forEach((c, i) => {
      if (c.direction && c.threshold === '') e[`criteria.${i}.threshold`] = 'Give the threshold the direction applies to';
    });
    return e;
  };

  const submit = form.onSubmit((values) => {
    const extra = extraErrors(values);
    if (Object.keys(extra).length) {
      form.setErrors(extra);
      return;
    }
    save.mutate(
      {
        deliverable,
        plan: {
          ...(plan ? { version: plan.version } : {}),
          testerUserId: values.testerUserId || null,
          testerTeam: values.testerTeam || null,
          method: values.method as TestMethod,
          notes: values.notes,
          criteria: values.criteria.map((c) => ({
            name: c.name.trim(),
            metric: c.metric.trim() || null,
            threshold: c.threshold === '' ? null : Number(c.threshold),
            direction: c.direction || null,
          })),
        },
      },
      {
        onSuccess: () => {
          notifySuccess('The test and evaluation plan is saved.', 'Test plan saved');
          onDone();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.fields) form.setErrors(placeErrors(error.fields, form.values));
        },
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Test and evaluation plan">
      <FormErrorAlert
        error={save.error}
        knownFields={known}
        conflictMessage="Someone changed this test plan since you opened it. Close the form to see it as it is now."
      />
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <StaffSelect
            label="Tester"
            description="The person responsible for testing"
            current={plan?.tester}
            value={form.values.testerUserId}
            onChange={(id) => form.setFieldValue('testerUserId', id)}
            error={form.errors.testerUserId}
          />
          <Select
            label="Testing team"
            placeholder="No team named"
            clearable
            data={options(TEAM_LABELS)}
            {...selectInputProps(form, 'testerTeam')}
          />
          <Select
            label="Method"
            required
            placeholder="Choose a method"
            data={options(METHOD_LABELS)}
            allowDeselect={false}
            {...selectInputProps(form, 'method')}
          />
        </SimpleGrid>
        <Textarea
          label="How the testing is done"
          description="Data set or scenarios, who takes part, what counts as evidence"
          autosize
          minRows={2}
          maxRows={6}
          {...form.getInputProps('notes')}
        />
        <Fieldset legend="Evaluation criteria" variant="unstyled">
          <RepeatableRows<Values, CriterionValues>
            form={form}
            path="criteria"
            noun="criterion"
            emptyText="No criteria yet. Add a metric with a threshold (accuracy at least 0.9, word error rate at most 0.12) or a pass/fail check."
            newItem={() => ({ name: '', metric: '', threshold: '', direction: '' })}
            renderFields={(index) => (
              <>
                <TextInput label="Name" required style={{ flex: '2 1 11rem' }} {...form.getInputProps(`criteria.${index}.name`)} />
                <TextInput
                  label="Metric"
                  placeholder="e.g. word error rate"
                  style={{ flex: '2 1 11rem' }}
                  {...form.getInputProps(`criteria.${index}.metric`)}
                />
                <NumberInput
                  label="Threshold"
                  description="Empty for pass/fail"
                  decimalScale={6}
                  style={{ flex: '1 1 8rem' }}
                  {...form.getInputProps(`criteria.${index}.threshold`)}
                />
                <Select
                  label="Direction"
                  description="The value must be"
                  placeholder="Choose"
                  clearable
                  data={options(DIRECTION_LABELS)}
                  style={{ flex: '1 1 9rem' }}
                  {...selectInputProps(form, `criteria.${index}.direction`)}
                />
              </>
            )}
          />
        </Fieldset>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save test plan
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
