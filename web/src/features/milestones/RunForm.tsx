import { Button, Checkbox, FileInput, Group, NumberInput, Radio, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ApiError } from '../../api/client';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { notifyError, notifySuccess } from '../../components/notify';
import { type Deliverable, type TestPlan, useRecordRun } from './milestones.api';
import { thresholdText, todayIso } from './vocabulary';

interface Values {
  runDate: string;
  scenario: string;
  notes: string;
  results: { value: number | string; passed: '' | 'yes' | 'no' }[];
  files: File[];
  sharedWithVendor: boolean;
}

const known = (f: string) => ['runDate', 'scenario', 'notes', 'files'].includes(f) || f.startsWith('results.');

/** Record an evaluation run: the measured value per metric (scored by the server) or pass/fail, and evidence files. */
export function RunForm({
  contractId,
  deliverable,
  plan,
  onDone,
}: {
  contractId: string;
  deliverable: Deliverable;
  plan: TestPlan;
  onDone: () => void;
}) {
  const record = useRecordRun(contractId);
  const numeric = (i: number) => plan.criteria[i]?.threshold !== null && !!plan.criteria[i]?.direction;
  const form = useForm<Values>({
    initialValues: {
      runDate: todayIso(),
      scenario: '',
      notes: '',
      results: plan.criteria.map(() => ({ value: '', passed: '' })),
      files: [],
      sharedWithVendor: false,
    },
    validate: {
      runDate: (v) => (!v ? 'Give the date of the run' : v > todayIso() ? 'The run date cannot be in the future' : null),
      results: {
        value: (v, _all, path) =>
          numeric(Number(path.split('.')[1])) && (v === '' || !Number.isFinite(Number(v))) ? 'Give the measured value as a number' : null,
        passed: (v, _all, path) => (!numeric(Number(path.split('.')[1])) && !v ? 'Say whether this criterion passed' : null),
      },
    },
  });

  const submit = form.onSubmit((values) =>
    record.mutate(
      {
        deliverable,
        files: values.files,
        sharedWithVendor: values.sharedWithVendor,
        run: {
          runDate: values.runDate,
          scenario: values.scenario.trim(),
          notes: values.notes,
          results: plan.criteria.map((c, i) => {
            const r = values.results[i];
            return numeric(i)
              ? { criterion: c.name, value: Number(r.value), passed: null }
              : { criterion: c.name, value: r.value === '' ? null : Number(r.value), passed: r.passed === 'yes' };
          }),
        },
      },
      {
        onSuccess: ({ run, failed }) => {
          notifySuccess(
            run ? `The run ${run.passed ? 'passed' : 'failed'}: every result is in the table.` : 'The run is recorded.',
            'Evaluation run recorded',
          );
          if (failed.length)
            notifyError(
              new Error(`The run is saved, but ${failed.map((f) => `${f.name} (${f.message})`).join(', ')} could not be uploaded.`),
              'Some evidence files were not uploaded',
            );
          onDone();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.fields) form.setErrors(error.fields);
        },
      },
    ),
  );

  return (
    <form onSubmit={submit} noValidate aria-label="Record an evaluation run">
      <FormErrorAlert error={record.error} knownFields={known} />
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput type="date" label="Run date" required max={todayIso()} {...form.getInputProps('runDate')} />
          <TextInput
            label="Data set or scenario"
            placeholder="e.g. 40 hours of council meetings, 2025"
            {...form.getInputProps('scenario')}
          />
        </SimpleGrid>
        <Text size="sm" fw={650}>
          Results
        </Text>
        {plan.criteria.map((c, i) =>
          numeric(i) ? (
            <NumberInput
              key={c.name}
              label={`${c.name}: measured value`}
              description={`${c.metric ? `${c.metric}, ` : ''}must be ${thresholdText(c)}`}
              required
              decimalScale={6}
              maw={360}
              {...form.getInputProps(`results.${i}.value`)}
            />
          ) : (
            <Radio.Group
              key={c.name}
              label={c.name}
              description={c.metric ? `${c.metric}: pass or fail` : 'Pass or fail'}
              required
              {...form.getInputProps(`results.${i}.passed`)}
            >
              <Group gap="lg" mt={6}>
                <Radio value="yes" label="Passed" />
                <Radio value="no" label="Failed" />
              </Group>
            </Radio.Group>
          ),
        )}
        <Textarea label="Notes" autosize minRows={2} maxRows={6} {...form.getInputProps('notes')} />
        <FileInput
          label="Evidence files"
          description="Reports, result sheets or logs of this run (optional)"
          placeholder="Choose files"
          multiple
          clearable
          clearButtonProps={{ 'aria-label': 'Clear the chosen files' }}
          {...form.getInputProps('files')}
        />
        {form.values.files.length > 0 && (
          <Checkbox
            label="Share the evidence files with the vendor"
            description="The vendor's users can then see and download them."
            {...form.getInputProps('sharedWithVendor', { type: 'checkbox' })}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={record.isPending}>
            Record run
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
