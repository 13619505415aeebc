import { Alert, Anchor, Button, Group, Modal, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import type { Contract } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LockIcon } from '../../components/icons';
import { formatDateTime, formatMoney, plural } from '../../lib/format';
import { Catalog } from './Catalog';
import { ImportHistory } from './ImportHistory';
import { ImportPanel } from './ImportPanel';
import { DepartmentSpend, ServiceSpendTable } from './SpendBreakdown';
import { SpendChart } from './SpendChart';
import { type UsageSummary, useUsageSummary } from './usage.api';
import { UsageFigures } from './UsageFigures';
import { UploadIcon } from './usageIcons';
import { UsageSettingsSection } from './UsageSettings';
import { UnmatchedUsage } from './UnmatchedUsage';
import { type UsageRights, useUsageRights } from './vocabulary';

/** Bring a section named in the URL's hash (e.g. #unmatched from the portfolio page) into view once it exists. */
function useHashTarget(ready: boolean) {
  useEffect(() => {
    if (!ready) return;
    const id = window.location.hash.slice(1);
    if (!id) return;
    const el = document.getElementById(id);
    if (!el) return;
    el.scrollIntoView({ block: 'start' });
    focusHeading(el);
  }, [ready]);
}

/** Move focus to a section's heading (for screen readers), without a focus ring on a non-interactive element. */
function focusHeading(section: HTMLElement | null) {
  const heading = section?.querySelector<HTMLElement>('h2');
  if (!heading) return;
  heading.tabIndex = -1;
  heading.style.outline = 'none';
  heading.focus({ preventScroll: true });
}

function goTo(id: string) {
  return (e: React.MouseEvent) => {
    e.preventDefault();
    const el = document.getElementById(id);
    el?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    focusHeading(el);
  };
}

function UnmatchedAlert({ summary }: { summary: UsageSummary }) {
  if (summary.unmatched.open === 0) return null;
  return (
    <Alert color="orange" title="Usage outside the catalog" role="note">
      <Text size="sm">
        {plural(summary.unmatched.open, 'open item')} of usage that no catalog entry covers {summary.unmatched.open === 1 ? 'has' : 'have'}{' '}
        cost {formatMoney(summary.unmatched.cost, summary.currency)} so far.{' '}
        <Anchor href="#unmatched" onClick={goTo('unmatched')} fw={600} size="sm">
          Review the unmatched usage
        </Anchor>
      </Text>
    </Alert>
  );
}

function Overview({ contract, summary }: { contract: Contract; summary: UsageSummary }) {
  const label = summary.ceilingLabel;
  return (
    <>
      <UnmatchedAlert summary={summary} />
      <UsageFigures summary={summary} />
      <Paper p="lg" component="section" aria-labelledby="spend-chart-heading">
        <Title order={2} fz="lg" id="spend-chart-heading" mb="sm">
          Spend against the {label} over time
        </Title>
        <SpendChart summary={summary} pricingModel={contract.pricingModel} reference={contract.reference} />
      </Paper>
      <Paper p="lg" component="section" aria-labelledby="by-service-heading">
        <Title order={2} fz="lg" id="by-service-heading">
          Spend by service
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Each catalog service against its budget, with the units used and what a unit cost (tokens per million).
        </Text>
        <ServiceSpendTable summary={summary} reference={contract.reference} />
      </Paper>
      <Paper p="lg" component="section" aria-labelledby="by-department-heading">
        <Title order={2} fz="lg" id="by-department-heading">
          Spend by department
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          From the department tag on each usage row; rows without it count under {contract.department.name}.
        </Text>
        <DepartmentSpend summary={summary} reference={contract.reference} />
      </Paper>
    </>
  );
}

function NoUsageYet({ rights, onImport }: { rights: UsageRights; onImport: () => void }) {
  return (
    <Paper>
      <EmptyState
        icon={<UploadIcon size={26} />}
        title="No usage recorded yet"
        description={
          rights.import
            ? 'Import the provider’s FOCUS cost and usage export (CSV, or compressed with gzip) to see spend against the ceiling, the forecast, and who uses what. Set up the service catalog below first, so usage can be matched to the services the contract covers.'
            : 'Spend against the ceiling, the forecast and usage by service will appear here once the contract team imports the provider’s cost and usage files.'
        }
        action={
          rights.import && (
            <Button leftSection={<UploadIcon size={16} />} onClick={onImport}>
              Import a file
            </Button>
          )
        }
      />
    </Paper>
  );
}

function UsageTabContent({ contract, rights }: { contract: Contract; rights: UsageRights }) {
  const summary = useUsageSummary(contract.id);
  const [importOpen, importDialog] = useDisclosure(false);
  useHashTarget(Boolean(summary.data));

  if (summary.error) return <ErrorAlert error={summary.error} title="Could not load the usage" onRetry={() => summary.refetch()} />;
  if (!summary.data)
    return (
      <Stack gap="md" aria-busy="true">
        <Skeleton height={110} radius="md" />
        <Skeleton height={360} radius="md" />
      </Stack>
    );
  const s = summary.data;
  const hasUsage = s.daily.length > 0;

  return (
    <Stack gap="lg">
      <Group justify="space-between" wrap="wrap" gap="sm" align="flex-start">
        <Text size="sm" c="dimmed" maw={680}>
          Is the payment model working out as expected? Spend against the {s.ceilingLabel} with the forecast, what is used and by whom, and
          usage nobody approved.
          {s.imports.lastAt ? ` Last import ${formatDateTime(s.imports.lastAt)}.` : ''}
        </Text>
        {rights.import && hasUsage && (
          <Button leftSection={<UploadIcon size={16} />} onClick={importDialog.open}>
            Import a file
          </Button>
        )}
      </Group>

      {hasUsage ? <Overview contract={contract} summary={s} /> : <NoUsageYet rights={rights} onImport={importDialog.open} />}

      {hasUsage && <UnmatchedUsage contractId={contract.id} reference={contract.reference} currency={contract.currency} rights={rights} />}
      <Catalog contractId={contract.id} reference={contract.reference} currency={contract.currency} rights={rights} />
      <ImportHistory contractId={contract.id} reference={contract.reference} canImport={rights.import} onImport={importDialog.open} />
      <UsageSettingsSection contractId={contract.id} currency={contract.currency} ceiling={contract.ceiling} canManage={rights.manage} />

      <Modal opened={importOpen} onClose={importDialog.close} title="Import cost and usage" size="lg" closeOnClickOutside={false}>
        {importOpen && <ImportPanel contractId={contract.id} currency={contract.currency} onClose={importDialog.close} />}
      </Modal>
    </Stack>
  );
}

/** The contract's Usage tab: spend against the ceiling with the forecast, by service and department, unmatched usage, the catalog, imports and settings. */
export function UsageTab({ contract }: { contract: Contract }) {
  const rights = useUsageRights(contract);
  if (!rights.read)
    return (
      <Paper>
        <EmptyState
          icon={<LockIcon size={26} />}
          title="Usage is kept within the department"
          description={`The cost and usage of this contract are visible to ${contract.department.name}, procurement and auditors.`}
        />
      </Paper>
    );
  return <UsageTabContent contract={contract} rights={rights} />;
}
