import { TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { RepeatableRows } from '../../components/RepeatableRows';
import type { ContractFormValues } from './contractFormValues';

/** Repeatable option-period rows (description, start, end). */
export function OptionPeriodsField({ form }: { form: UseFormReturnType<ContractFormValues> }) {
  return (
    <RepeatableRows
      form={form}
      path="options"
      noun="option period"
      emptyText="No option periods. Add one for each extension the buyer may choose to take up."
      newItem={() => ({ description: '', startDate: '', endDate: '' })}
      renderFields={(index) => (
        <>
          <TextInput label="Description" required style={{ flex: '2 1 16rem' }} {...form.getInputProps(`options.${index}.description`)} />
          <TextInput
            type="date"
            label="Start"
            required
            style={{ flex: '1 1 10rem' }}
            {...form.getInputProps(`options.${index}.startDate`)}
          />
          <TextInput type="date" label="End" required style={{ flex: '1 1 10rem' }} {...form.getInputProps(`options.${index}.endDate`)} />
        </>
      )}
    />
  );
}
