import { Anchor, Badge, Button, Group, Modal, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { Contract } from '../../api/types';
import { ConfirmButton } from '../../components/ConfirmButton';
import { type Column, DataTable } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DownloadIcon, PlusIcon } from '../../components/icons';
import { TextLink } from '../../components/links';
import { Money } from '../../components/Money';
import { notifyError, notifySuccess } from '../../components/notify';
import { plural } from '../../lib/format';
import { DeliverableForm } from './DeliverableForm';
import { MilestoneForm } from './MilestoneForm';
import { MilestoneTimeline } from './MilestoneTimeline';
import { ScrollTable } from '../../components/ScrollTable';
import { type Deliverable, type Milestone, milestonesCsvHref, useDeleteMilestone, useDeliverables, useMilestones } from './milestones.api';
import {
  BAD_TEXT,
  DecisionBadge,
  METHOD_LABELS,
  MilestoneStatusBadge,
  RunBadge,
  TEAM_LABELS,
  TYPE_LABELS,
  isOverdue,
  todayIso,
  useMilestoneRights,
  WARN_TEXT,
} from './vocabulary';

function Figure({ label, value, tone }: { label: string; value: string; tone?: 'bad' | 'warn' }) {
  return (
    <Paper p="md">
      <Text size="sm" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text fz={26} fw={700} lh={1.25} c={tone === 'bad' ? BAD_TEXT : tone === 'warn' ? WARN_TEXT : 'steward.9'}>
        {value}
      </Text>
    </Paper>
  );
}

/** The answers to "Is the vendor meeting our milestones?" in four figures. */
function Figures({ milestones }: { milestones: Milestone[] }) {
  const met = milestones.filter((m) => m.status === 'met');
  const late = met.filter((m) => (m.slipDays ?? 0) > 0);
  const overdue = milestones.filter((m) => isOverdue(m)).length;
  const avg = late.length ? late.reduce((s, m) => s + (m.slipDays ?? 0), 0) / late.length : null;
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md" component="section" aria-label="Milestones in figures">
      <Figure label="Milestones" value={String(milestones.length)} />
      <Figure
        label="Met on time"
        value={met.length ? `${Math.round(((met.length - late.length) / met.length) * 100)}%` : '—'}
        tone={met.length && late.length / met.length > 0.3 ? 'warn' : undefined}
      />
      <Figure label="Overdue" value={String(overdue)} tone={overdue ? 'bad' : undefined} />
      <Figure label="Average slip" value={avg === null ? 'None late' : plural(Math.round(avg * 10) / 10, 'day')} />
    </SimpleGrid>
  );
}

function DeliverableLinks({
  contractId,
  milestone,
  deliverables,
}: {
  contractId: string;
  milestone: Milestone;
  deliverables: Deliverable[];
}) {
  const mine = deliverables.filter((d) => d.milestoneId === milestone.id);
  if (!mine.length)
    return (
      <Text size="sm" c="dimmed">
        None
      </Text>
    );
  return (
    <Stack gap={2}>
      {mine.map((d) => (
        <TextLink key={d.id} to="/contracts/$id/deliverables/$deliverableId" params={{ id: contractId, deliverableId: d.id }} size="sm">
          {d.title}
          {d.deliveredDate ? '' : ' (not delivered)'}
        </TextLink>
      ))}
    </Stack>
  );
}

type Dialog = { kind: 'milestone'; milestone?: Milestone } | { kind: 'deliverable' } | null;

/** The contract's Milestones tab: figures, the timeline, the milestones and the deliverables. */
export function MilestonesTab({ contract }: { contract: Contract }) {
  const rights = useMilestoneRights(contract);
  const milestones = useMilestones(contract.id);
  const deliverables = useDeliverables(contract.id);
  const remove = useDeleteMilestone(contract.id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);

  const ms = milestones.data ?? [];
  const ds = deliverables.data ?? [];
  const ofMilestone = (id: string | null) => ms.find((m) => m.id === id);

  const milestoneColumns: Column<Milestone>[] = [
    {
      key: 'title',
      header: 'Milestone',
      width: '24%',
      render: (m) => (
        <div>
          <Text size="sm" fw={600}>
            {m.title}
          </Text>
          <Text size="xs" c="dimmed" lineClamp={2}>
            {TYPE_LABELS[m.type]}
            {m.description ? ` · ${m.description}` : ''}
          </Text>
        </div>
      ),
    },
    { key: 'due', header: 'Due', render: (m) => <DateText value={m.dueDate} /> },
    { key: 'status', header: 'Status', render: (m) => <MilestoneStatusBadge milestone={m} size="sm" /> },
    { key: 'met', header: 'Met on', render: (m) => <DateText value={m.dateMet} /> },
    {
      key: 'owner',
      header: 'Owner',
      render: (m) =>
        m.owner || m.ownerTeam ? (
          <div>
            <Text size="sm">{m.owner?.name ?? 'Nobody named'}</Text>
            {m.ownerTeam && (
              <Text size="xs" c="dimmed">
                {TEAM_LABELS[m.ownerTeam]}
              </Text>
            )}
          </div>
        ) : (
          <Text size="sm" c="dimmed">
            Not assigned
          </Text>
        ),
    },
    {
      key: 'payment',
      header: 'Payment',
      align: 'right',
      render: (m) => (m.paymentAmount ? <Money amount={m.paymentAmount} currency={contract.currency} /> : '—'),
    },
    {
      key: 'deliverables',
      header: 'Deliverables',
      render: (m) => <DeliverableLinks contractId={contract.id} milestone={m} deliverables={ds} />,
    },
  ];
  if (rights.edit)
    milestoneColumns.push({
      key: 'actions',
      header: 'Actions',
      render: (m) => (
        <Group gap={4} wrap="nowrap">
          <Button
            size="compact-sm"
            variant="subtle"
            onClick={() => setDialog({ kind: 'milestone', milestone: m })}
            aria-label={`Change ${m.title}`}
          >
            Change
          </Button>
          <ConfirmButton
            size="compact-sm"
            variant="subtle"
            color="red"
            aria-label={`Delete ${m.title}`}
            title="Delete this milestone?"
            message={`“${m.title}” will be removed from the contract${m.deliverableIds.length ? `; its ${plural(m.deliverableIds.length, 'deliverable')} will stay, without a milestone` : ''}. The audit log keeps a record.`}
            confirmLabel="Delete milestone"
            onConfirm={() =>
              remove.mutate(m, {
                onSuccess: () => notifySuccess(`“${m.title}” was deleted.`, 'Milestone deleted'),
                onError: (e) => notifyError(e, 'Could not delete the milestone'),
              })
            }
          >
            Delete
          </ConfirmButton>
        </Group>
      ),
    });

  const deliverableColumns: Column<Deliverable>[] = [
    {
      key: 'title',
      header: 'Deliverable',
      width: '24%',
      render: (d) => (
        <div>
          <TextLink to="/contracts/$id/deliverables/$deliverableId" params={{ id: contract.id, deliverableId: d.id }} size="sm" fw={600}>
            {d.title}
          </TextLink>
          <Text size="xs" c="dimmed">
            {ofMilestone(d.milestoneId)?.title ?? 'No milestone'}
          </Text>
        </div>
      ),
    },
    { key: 'due', header: 'Due', render: (d) => <DateText value={d.dueDate} /> },
    {
      key: 'delivered',
      header: 'Delivered',
      render: (d) =>
        d.deliveredDate ? (
          <div>
            <DateText value={d.deliveredDate} />
            {d.deliveredBy && (
              <Text size="xs" c="dimmed">
                by {d.deliveredBy.name}
              </Text>
            )}
          </div>
        ) : (
          <Badge color={d.dueDate < todayIso() ? 'red' : 'gray'} size="sm">
            Not delivered
          </Badge>
        ),
    },
    {
      key: 'testing',
      header: 'Testing',
      render: (d) => {
        const plan = d.testPlan;
        const last = plan?.runs.at(-1);
        if (!plan)
          return (
            <Badge color="orange" size="sm">
              No test plan
            </Badge>
          );
        return (
          <div>
            <Text size="sm">{METHOD_LABELS[plan.method]}</Text>
            <Group gap={4} wrap="nowrap">
              <Text size="xs" c="dimmed">
                {plan.tester ? plan.tester.name : 'No tester named'}
              </Text>
              {last && <RunBadge run={last} size="xs" />}
            </Group>
          </div>
        );
      },
    },
    { key: 'decision', header: 'Decision', render: (d) => <DecisionBadge decision={d.decision} size="sm" /> },
    {
      key: 'decisionDue',
      header: 'Decision due',
      render: (d) => (d.decision === 'pending' && d.acceptanceDecisionDue ? <DateText value={d.acceptanceDecisionDue} /> : '—'),
    },
  ];

  if (milestones.error)
    return <ErrorAlert error={milestones.error} title="Could not load the milestones" onRetry={() => milestones.refetch()} />;
  if (!milestones.data)
    return (
      <Stack gap="md" aria-busy="true">
        <Skeleton height={90} radius="md" />
        <Skeleton height={240} radius="md" />
      </Stack>
    );

  return (
    <Stack gap="lg">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm" c="dimmed" maw={640}>
          {rights.vendor
            ? 'The milestones and deliverables agreed with the city. Open a deliverable to mark it delivered and attach the files.'
            : 'Is the vendor meeting our milestones? Planned due dates against the dates met, and the deliverables behind them with their testing and acceptance.'}
        </Text>
        <Group gap="sm">
          {ms.length > 0 && (
            <Anchor
              href={milestonesCsvHref(contract.id)}
              download
              size="sm"
              fw={600}
              style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
            >
              <DownloadIcon size={16} /> Export CSV
            </Anchor>
          )}
          {rights.edit && (
            <Button leftSection={<PlusIcon size={16} />} onClick={() => setDialog({ kind: 'milestone' })}>
              Add milestone
            </Button>
          )}
        </Group>
      </Group>

      {ms.length > 0 && <Figures milestones={ms} />}

      {ms.length > 0 && (
        <Paper p="lg" component="section" aria-labelledby="timeline-heading">
          <Title order={2} fz="lg" id="timeline-heading" mb="sm">
            Timeline: planned against actual
          </Title>
          <MilestoneTimeline milestones={ms} />
        </Paper>
      )}

      <section aria-labelledby="milestones-heading">
        <Title order={2} fz="lg" id="milestones-heading" mb="sm">
          Milestones
        </Title>
        {ms.length ? (
          <ScrollTable
            caption={`Milestones of ${contract.reference}`}
            columns={milestoneColumns}
            rows={ms}
            rowKey={(m) => m.id}
            minWidth={900}
          />
        ) : (
          <Paper>
            <EmptyState
              title="No milestones yet"
              description={
                rights.edit
                  ? 'Add the milestones of the contract (deliveries, reports, payments) with their due dates, so Steward can warn before one slips.'
                  : 'Milestones will appear here once the contract team adds them.'
              }
              action={
                rights.edit && (
                  <Button variant="light" onClick={() => setDialog({ kind: 'milestone' })}>
                    Add the first milestone
                  </Button>
                )
              }
            />
          </Paper>
        )}
      </section>

      <section aria-labelledby="deliverables-heading">
        <Group justify="space-between" mb="sm" wrap="wrap">
          <Title order={2} fz="lg" id="deliverables-heading">
            Deliverables
          </Title>
          {rights.edit && (
            <Button variant="default" leftSection={<PlusIcon size={16} />} onClick={() => setDialog({ kind: 'deliverable' })}>
              Add deliverable
            </Button>
          )}
        </Group>
        {deliverables.data?.length === 0 ? (
          <Paper>
            <EmptyState
              title="No deliverables yet"
              description={
                rights.edit
                  ? 'Add what the vendor must hand over, with its acceptance criteria; then say how it will be tested and who tests it.'
                  : 'Deliverables will appear here once the contract team adds them.'
              }
            />
          </Paper>
        ) : (
          <DataTable
            caption={`Deliverables of ${contract.reference}`}
            columns={deliverableColumns}
            rows={deliverables.data}
            rowKey={(d) => d.id}
            error={deliverables.error}
            onRetry={() => deliverables.refetch()}
            minWidth={900}
          />
        )}
      </section>

      <Modal
        opened={dialog?.kind === 'milestone'}
        onClose={close}
        title={dialog?.kind === 'milestone' && dialog.milestone ? 'Change milestone' : 'Add a milestone'}
        size="lg"
      >
        {dialog?.kind === 'milestone' && <MilestoneForm contract={contract} milestone={dialog.milestone} onDone={close} />}
      </Modal>
      <Modal opened={dialog?.kind === 'deliverable'} onClose={close} title="Add a deliverable" size="lg">
        {dialog?.kind === 'deliverable' && <DeliverableForm contract={contract} milestones={ms} onDone={close} />}
      </Modal>
    </Stack>
  );
}
