import { Anchor, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { isApiStatus } from '../../api/client';
import { humanize } from '../../api/meta';
import type { Contact, ContactRole, Vendor } from '../../api/types';
import { DefinitionList } from '../../components/DefinitionList';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ButtonLink, TextLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { Section } from '../../components/Section';
import { NotFoundPage } from '../../components/StatusPage';
import { useCan } from '../auth/session';
import { ContractsTable } from '../contracts/ContractsTable';
import { useContracts } from '../contracts/contracts.api';
import { useVendor } from './vendors.api';

const CONTACT_ROLES: { value: ContactRole; label: string; help: string }[] = [
  { value: 'commercial', label: 'Commercial', help: 'Contract terms, invoices and renewals' },
  { value: 'technical', label: 'Technical', help: 'Integration, service levels and changes' },
  { value: 'security', label: 'Security', help: 'Incidents, vulnerabilities and certifications' },
];

function ContactCard({ role, contacts }: { role: (typeof CONTACT_ROLES)[number]; contacts: Contact[] }) {
  return (
    <Paper p="md" withBorder bg="gray.0">
      <Title order={3} fz="md">
        {role.label}
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        {role.help}
      </Text>
      {contacts.length === 0 ? (
        <Text size="sm" c="dimmed">
          No contact recorded.
        </Text>
      ) : (
        <Stack gap="sm">
          {contacts.map((c) => (
            <div key={`${c.name}-${c.email ?? ''}`}>
              <Text size="sm" fw={600}>
                {c.name}
              </Text>
              {c.email && (
                <Anchor href={`mailto:${c.email}`} size="sm" display="block">
                  {c.email}
                </Anchor>
              )}
              {c.telephone && (
                <Anchor href={`tel:${c.telephone.replace(/\s+/g, '')}`} size="sm" display="block">
                  {c.telephone}
                </Anchor>
              )}
            </div>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function addressLines(v: Vendor): string[] {
  const a = v.address ?? {};
  return [a.streetAddress, [a.postalCode, a.locality].filter(Boolean).join(' '), a.region, a.countryName].filter((line): line is string =>
    Boolean(line),
  );
}

function VendorContracts({ vendorId }: { vendorId: string }) {
  const [page, setPage] = useState(1);
  const query = useContracts({ vendorId, page, pageSize: 10, sort: 'endDate', order: 'asc' });
  return (
    <ContractsTable
      caption="Contracts with this vendor"
      rows={query.data?.items}
      columns={['reference', 'title', 'department', 'value', 'endDate', 'status']}
      loading={query.isFetching}
      error={query.error}
      onRetry={() => query.refetch()}
      pagination={query.data && { page, pageSize: 10, total: query.data.total, onPageChange: setPage }}
      empty={<EmptyState title="No contracts you can see" description="Contracts with this vendor will be listed here." />}
    />
  );
}

export function VendorDetailPage({ id }: { id: string }) {
  const can = useCan();
  const query = useVendor(id);

  if (query.isPending) return <PageLoader label="Loading vendor" />;
  if (isApiStatus(query.error, 404)) return <NotFoundPage />;
  if (query.error) return <ErrorAlert error={query.error} title="Could not load this vendor" onRetry={() => query.refetch()} />;
  const v = query.data;
  const lines = addressLines(v);

  return (
    <>
      <PageHeader
        eyebrow={
          can('vendor.create') || can('contract.read') ? (
            <TextLink to="/vendors" size="sm" fw={600}>
              Vendors
            </TextLink>
          ) : (
            'Vendor'
          )
        }
        title={v.legalName}
        description={`${v.contractCount} contract${v.contractCount === 1 ? '' : 's'}`}
        actions={
          <>
            {can('contract.create') && (
              <ButtonLink to="/contracts/new" search={{ vendorId: v.id }} variant="default">
                New contract with this vendor
              </ButtonLink>
            )}
            {can('vendor.update') && (
              <ButtonLink to="/vendors/$id/edit" params={{ id: v.id }}>
                Edit vendor
              </ButtonLink>
            )}
          </>
        }
      />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Section title="Organisation">
            <DefinitionList
              items={[
                { term: 'Legal name', value: v.legalName },
                {
                  term: 'Identifiers',
                  value: v.identifiers.length
                    ? v.identifiers.map((i) => (
                        <div key={`${i.scheme}-${i.id}`}>
                          <Text span size="sm" fw={600}>
                            {i.scheme}
                          </Text>{' '}
                          {i.id}
                        </div>
                      ))
                    : 'None recorded',
                },
                {
                  term: 'Website',
                  value: v.website ? (
                    <Anchor href={v.website} target="_blank" rel="noreferrer" size="sm">
                      {v.website}
                    </Anchor>
                  ) : (
                    '—'
                  ),
                },
                {
                  term: 'Address',
                  value: lines.length ? lines.map((line) => <div key={line}>{line}</div>) : 'No address recorded',
                },
              ]}
            />
          </Section>
          <Section title="Notes">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={v.notes ? undefined : 'dimmed'}>
              {v.notes || 'No notes.'}
            </Text>
          </Section>
        </SimpleGrid>
        <Section title="Contacts">
          <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
            {CONTACT_ROLES.map((role) => (
              <ContactCard key={role.value} role={role} contacts={v.contacts.filter((c) => c.role === role.value)} />
            ))}
          </SimpleGrid>
          {v.contacts.some((c) => !CONTACT_ROLES.some((r) => r.value === c.role)) && (
            <Text size="xs" c="dimmed" mt="sm">
              Other contacts:{' '}
              {v.contacts
                .filter((c) => !CONTACT_ROLES.some((r) => r.value === c.role))
                .map((c) => `${c.name} (${humanize(c.role)})`)
                .join(', ')}
            </Text>
          )}
        </Section>
        {can('contract.read') && (
          <Section title="Contracts">
            <VendorContracts vendorId={v.id} />
          </Section>
        )}
      </Stack>
    </>
  );
}
