import { Badge, Group, Tabs, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { isApiStatus } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LockIcon } from '../../components/icons';
import { ButtonLink, TextLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { RiskBadge, StatusBadge } from '../../components/StatusBadge';
import { NotFoundPage } from '../../components/StatusPage';
import { useCan } from '../auth/session';
import { HealthBadge } from '../findings/HealthBadge';
import { contractTabs } from './contractTabs';
import { useContract } from './contracts.api';

export function ContractDetailPage({ id, tab }: { id: string; tab?: string }) {
  const can = useCan();
  const navigate = useNavigate();
  const query = useContract(id);

  if (query.isPending) return <PageLoader label="Loading contract" />;
  if (isApiStatus(query.error, 404)) return <NotFoundPage />;
  if (query.error) return <ErrorAlert error={query.error} title="Could not load this contract" onRetry={() => query.refetch()} />;

  const contract = query.data;
  const ctx = { contract, can };
  const tabs = contractTabs.filter((t) => !t.visible || t.visible(ctx));
  const current = tabs.some((t) => t.value === tab) ? (tab as string) : 'overview';

  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <TextLink to="/contracts" size="sm" fw={600}>
              Contracts
            </TextLink>{' '}
            / {contract.reference}
          </>
        }
        title={contract.title}
        documentTitle={`${contract.reference} ${contract.title}`}
        badges={
          <Group gap={6}>
            <StatusBadge status={contract.status} />
            <RiskBadge tier={contract.riskTier} />
            {contract.restricted && (
              <Badge color="grape" leftSection={<LockIcon size={12} />}>
                Restricted
              </Badge>
            )}
            {can('finding.read') && <HealthBadge contractId={contract.id} />}
          </Group>
        }
        description={
          <Text component="span" size="sm">
            {contract.vendor.legalName} · {contract.department.name}
          </Text>
        }
        actions={
          contract.permissions.update && (
            <ButtonLink to="/contracts/$id/edit" params={{ id: contract.id }}>
              Edit contract
            </ButtonLink>
          )
        }
      />
      <Tabs
        value={current}
        onChange={(value) =>
          navigate({
            to: '/contracts/$id',
            params: { id },
            search: { tab: value === 'overview' ? undefined : (value ?? undefined) },
            replace: true,
          })
        }
        keepMounted={false}
      >
        <Tabs.List mb="lg" aria-label="Contract sections">
          {tabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((t) => (
          <Tabs.Panel key={t.value} value={t.value}>
            {t.render(ctx)}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
