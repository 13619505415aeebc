import { Select, type SelectProps } from '@mantine/core';
import { useUserOptions } from '../../api/lookups';
import type { Ref } from '../../api/types';
import { useCan } from '../auth/session';

/** Staff who can own a milestone or test a deliverable: procurement, department buyers, IT and data. */
export function useStaffOptions(current?: Ref | null) {
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
  const known = groups.some((g) => g.items.some((o) => o.value === current?.id));
  if (current && !known) groups.unshift({ group: 'Current', items: [{ value: current.id, label: current.name }] });
  return groups;
}

/** A searchable person picker over the staff options; "" means nobody. */
export function StaffSelect({
  current,
  value,
  onChange,
  ...rest
}: Omit<SelectProps, 'data' | 'value' | 'onChange'> & { current?: Ref | null; value: string; onChange: (value: string) => void }) {
  const data = useStaffOptions(current);
  return (
    <Select
      searchable
      clearable
      nothingFoundMessage="No one with that name"
      placeholder="Nobody named"
      data={data}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      {...rest}
    />
  );
}
