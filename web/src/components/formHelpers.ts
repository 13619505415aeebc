import type { UseFormReturnType } from '@mantine/form';
import { useEffect } from 'react';
import { ApiError } from '../api/client';

/**
 * Props for a Mantine Select bound to a string field where "" means nothing chosen
 * (Select itself speaks null).
 */
export function selectInputProps<V extends Record<string, any>>(form: UseFormReturnType<V>, path: string) {
  const props = form.getInputProps(path);
  return {
    ...props,
    value: (props.value as string | null) || null,
    onChange: (value: string | null) => form.setFieldValue(path as never, (value ?? '') as never),
  };
}

/** Options list that is sure to contain the current value (e.g. a vendor past the first page). */
export function withCurrent(
  options: { value: string; label: string }[] | undefined,
  current: { value: string; label: string } | null | undefined,
): { value: string; label: string }[] {
  const list = options ?? [];
  if (!current || list.some((o) => o.value === current.value)) return list;
  return [current, ...list];
}

/** Put the API's field errors (keys like "ceiling" or "options.0.endDate") next to the inputs. */
export function useServerFieldErrors(form: UseFormReturnType<any>, error: unknown): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when a new error arrives
  useEffect(() => {
    if (error instanceof ApiError && error.fields) form.setErrors(error.fields);
  }, [error]);
}
