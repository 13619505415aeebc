import { Button, Group, Paper, Select, SimpleGrid } from '@mantine/core';
import { useDepartments } from '../../api/lookups';
import { useCan } from '../auth/session';
import { useContracts } from '../contracts/contracts.api';
import { TEAM_OPTIONS, useDeadlineKinds } from './calendar.api';
import { CALENDAR_FILTER_KEYS, type CalendarSearch } from './calendarSearch';

const STATE_OPTIONS = [
  { value: 'open', label: 'Open' },
  { value: 'done', label: 'Done' },
  { value: 'waived', label: 'Waived' },
  { value: 'all', label: 'All states' },
];

/** Team, department, contract, kind and state filters; every change lands in the URL. */
export function CalendarFilters({ search, onChange }: { search: CalendarSearch; onChange: (patch: Partial<CalendarSearch>) => void }) {
  const can = useCan();
  const showDepartments = can('department.read');
  const departments = useDepartments(showDepartments);
  const contracts = useContracts({ pageSize: 100, sort: 'reference', order: 'asc' });
  const kinds = useDeadlineKinds();

  const contractOptions = contracts.data?.items.map((c) => ({ value: c.id, label: `${c.reference} · ${c.title}` })) ?? [];
  // A contract named in the URL (e.g. from a reminder) stays selectable even beyond the first 100.
  if (search.contractId && !contractOptions.some((o) => o.value === search.contractId))
    contractOptions.unshift({ value: search.contractId, label: 'The contract from the link' });

  const active = CALENDAR_FILTER_KEYS.some((key) => search[key] && !(key === 'state' && search.state === 'open'));

  return (
    <Paper p="md" mb="md" component="section" aria-label="Filter deadlines">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 5 }} spacing="sm">
        <Select
          label="Team"
          placeholder="Any team"
          data={TEAM_OPTIONS}
          value={search.team ?? null}
          onChange={(value) => onChange({ team: value ?? undefined })}
          clearable
        />
        {showDepartments && (
          <Select
            label="Department"
            placeholder="Any department"
            data={departments.data?.items.map((d) => ({ value: d.id, label: d.name })) ?? []}
            value={search.departmentId ?? null}
            onChange={(value) => onChange({ departmentId: value ?? undefined })}
            clearable
            searchable
            nothingFoundMessage="No match"
          />
        )}
        <Select
          label="Contract"
          placeholder="Any contract"
          data={contractOptions}
          value={search.contractId ?? null}
          onChange={(value) => onChange({ contractId: value ?? undefined })}
          clearable
          searchable
          nothingFoundMessage="No match"
        />
        <Select
          label="Kind"
          placeholder="Any kind"
          data={kinds.data?.items ?? []}
          value={search.kind ?? null}
          onChange={(value) => onChange({ kind: value ?? undefined })}
          clearable
        />
        <Select
          label="State"
          data={STATE_OPTIONS}
          value={search.state ?? 'open'}
          onChange={(value) => onChange({ state: value === 'open' || !value ? undefined : (value as CalendarSearch['state']) })}
          allowDeselect={false}
        />
      </SimpleGrid>
      {active && (
        <Group mt="sm">
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => onChange(Object.fromEntries(CALENDAR_FILTER_KEYS.map((key) => [key, undefined])))}
          >
            Clear filters
          </Button>
        </Group>
      )}
    </Paper>
  );
}
