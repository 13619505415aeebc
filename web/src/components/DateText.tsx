import { formatDate, formatDateTime } from '../lib/format';

/** A date as "12 Mar 2026" inside a <time> element; withTime adds the hour for instants. */
export function DateText({ value, withTime = false }: { value: string | null | undefined; withTime?: boolean }) {
  if (!value) return <span>—</span>;
  return (
    <time dateTime={value} style={{ whiteSpace: 'nowrap' }}>
      {withTime ? formatDateTime(value) : formatDate(value)}
    </time>
  );
}
