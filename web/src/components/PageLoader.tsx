import { Center, Loader } from '@mantine/core';

/** Shown while a page's data loads. */
export function PageLoader({ label = 'Loading' }: { label?: string }) {
  return (
    <Center py={64} role="status" aria-live="polite">
      <Loader aria-label={label} />
    </Center>
  );
}
