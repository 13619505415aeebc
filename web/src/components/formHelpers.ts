import type { UseFormReturnType } from '@mantine/form';

/**
 * Props for a Mantine Select bound to a string field where "" means nothing chosen
 * (Select itself speaks null).
 */
// biome-ignore lint/suspicious/noExplicitAny: works for any form shape
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
