import { Button, Group, Paper, Select, SimpleGrid, Text } from '@mantine/core';
import { useDepartments, useVendorOptions } from '../../api/lookups';
import { useMeta } from '../../api/meta';
import type { Option } from '../../api/types';
import { DateText } from '../../components/DateText';
import { SearchInput } from '../../components/SearchInput';
import { useCan, useMe } from '../auth/session';
import { CONTRACT_FILTER_KEYS, type ContractFilterKey, type ContractSearch } from './contractSearch';

interface ContractFiltersProps {
  search: ContractSearch;
  onChange: (patch: Partial<ContractSearch>) => void;
}

/** Search box and filter selects; every change lands in the URL (and resets to page 1). */
export function ContractFilters({ search, onChange }: ContractFiltersProps) {
  const meta = useMeta();
  const can = useCan();
  const me = useMe();
  const showDepartments = can('department.read');
  const showVendors = me.role !== 'vendor';
  const departments = useDepartments(showDepartments);
  const vendors = useVendorOptions(showVendors);

  const filters: { key: ContractFilterKey; label: string; data: Option[] | undefined; show: boolean }[] = [
    { key: 'status', label: 'Status', data: meta?.statuses, show: true },
    {
      key: 'departmentId',
      label: 'Department',
      data: departments.data?.items.map((d) => ({ value: d.id, label: d.name })),
      show: showDepartments,
    },
    { key: 'vendorId', label: 'Vendor', data: vendors.data, show: showVendors },
    { key: 'type', label: 'Contract type', data: meta?.contractTypes, show: true },
    { key: 'pricingModel', label: 'Pricing model', data: meta?.pricingModels, show: true },
    { key: 'riskTier', label: 'Risk tier', data: meta?.riskTiers, show: true },
  ];
  const active = CONTRACT_FILTER_KEYS.some((key) => search[key]) || Boolean(search.q) || Boolean(search.endingBefore);

  return (
    <Paper p="md" mb="md" component="section" aria-label="Search and filter contracts">
      <Group align="flex-end" gap="md" mb="sm" wrap="wrap">
        <SearchInput
          label="Search contracts"
          placeholder="Reference, title, vendor or tag"
          value={search.q}
          onSearch={(q) => onChange({ q })}
        />
        {active && (
          <Button
            variant="subtle"
            onClick={() =>
              onChange({
                q: undefined,
                endingBefore: undefined,
                ...Object.fromEntries(CONTRACT_FILTER_KEYS.map((key) => [key, undefined])),
              })
            }
          >
            Clear search and filters
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 6 }} spacing="sm">
        {filters
          .filter((f) => f.show)
          .map((f) => (
            <Select
              key={f.key}
              label={f.label}
              placeholder="Any"
              data={f.data ?? []}
              value={search[f.key] ?? null}
              onChange={(value) => onChange({ [f.key]: value ?? undefined })}
              clearable
              searchable={f.key === 'vendorId' || f.key === 'departmentId'}
              nothingFoundMessage="No match"
              size="sm"
            />
          ))}
      </SimpleGrid>
      {search.endingBefore && (
        <Group gap="xs" mt="sm">
          <Text size="sm">
            Showing contracts that end on or before <DateText value={search.endingBefore} />.
          </Text>
          <Button variant="subtle" size="compact-sm" onClick={() => onChange({ endingBefore: undefined })}>
            Show all end dates
          </Button>
        </Group>
      )}
    </Paper>
  );
}
