import { Paper, Text } from '@mantine/core';
import type { LinkProps } from '@tanstack/react-router';
import { TextLink } from './links';

interface StatCardProps {
  label: string;
  value: number;
  /** Shown after the number, e.g. "+" when the API returned a capped list. */
  suffix?: string;
  /** Where the number leads: usually a filtered list. */
  link: { to: LinkProps['to']; search?: Record<string, string>; label: string };
}

/** One key number, linking to the records behind it. */
export function StatCard({ label, value, suffix, link }: StatCardProps) {
  return (
    <Paper p="lg" style={{ position: 'relative' }}>
      <Text size="sm" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text fz={34} fw={700} lh={1.2} my={4} c="steward.9" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value.toLocaleString('en-GB')}
        {suffix}
      </Text>
      <TextLink to={link.to} search={link.search as never} size="sm" fw={600}>
        {link.label}
        <span style={{ position: 'absolute', inset: 0 }} aria-hidden="true" />
      </TextLink>
    </Paper>
  );
}
