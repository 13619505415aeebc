import { Badge, Box, Button, Group, List, Modal, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { isApiStatus } from '../../api/client';
import type { Contract } from '../../api/types';
import { ConfirmButton } from '../../components/ConfirmButton';
import type { Column } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { DefinitionList } from '../../components/DefinitionList';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextLink } from '../../components/links';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { Section } from '../../components/Section';
import { NotFoundPage } from '../../components/StatusPage';
import { formatDate } from '../../lib/format';
import { useContract } from '../contracts/contracts.api';
import { DecisionForm, DeliveryForm, DisputeButton } from './AcceptancePanels';
import { DeliverableForm } from './DeliverableForm';
import { EvaluationChart } from './EvaluationChart';
import { EvidenceFiles, FileLink } from './EvidenceFiles';
import {
  type Deliverable,
  type EvaluationRun,
  type Milestone,
  useDeleteDeliverable,
  useDeliverable,
  useMilestones,
} from './milestones.api';
import { RunForm } from './RunForm';
import { ScrollTable } from '../../components/ScrollTable';
import { TestPlanForm } from './TestPlanForm';
import {
  BAD_TEXT,
  DecisionBadge,
  GOOD_TEXT,
  METHOD_LABELS,
  type MilestoneRights,
  RunBadge,
  TEAM_LABELS,
  daysBetween,
  thresholdText,
  todayIso,
  useMilestoneRights,
} from './vocabulary';

type Panel = 'delivery' | 'decision' | 'plan' | 'run' | 'edit' | null;

function FormBox({ children }: { children: ReactNode }) {
  return (
    <Box mt="md" pt="md" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
      {children}
    </Box>
  );
}

function acceptanceNote(contract: Contract, d: Deliverable): ReactNode {
  if (!d.deliveredDate || d.decision === 'rejected') return null;
  if (d.decision !== 'pending')
    return d.effectiveAcceptanceDate ? (
      <>
        Acceptance counts as made on <DateText value={d.effectiveAcceptanceDate} />.
      </>
    ) : null;
  if (contract.rulePack === 'us-far') {
    if (d.disputed) return 'A dispute is recorded: acceptance is not made until the buyer decides.';
    if (d.effectiveAcceptanceDate)
      return (
        <>
          No decision was recorded in time: acceptance counts as made on <DateText value={d.effectiveAcceptanceDate} /> (7th day after
          delivery).
        </>
      );
    return (
      <>
        Unless the buyer decides earlier or records a dispute, acceptance counts as made on <DateText value={d.acceptanceDecisionDue} />{' '}
        (the 7th day after delivery).
      </>
    );
  }
  return `The buyer decides within ${d.acceptancePeriodDays ?? 30} days of delivery.`;
}

function DueText({ date, pending }: { date: string | null; pending: boolean }) {
  if (!date) return <>—</>;
  const left = daysBetween(todayIso(), date);
  return (
    <Group gap={6} wrap="wrap">
      <DateText value={date} />
      {pending && (
        <Badge size="sm" color={left < 0 ? 'red' : left <= 3 ? 'orange' : 'gray'}>
          {left < 0 ? `${-left} days ago` : left === 0 ? 'today' : `in ${left} days`}
        </Badge>
      )}
    </Group>
  );
}

function DeliveryAndAcceptance({
  contract,
  deliverable: d,
  milestone,
  rights,
  panel,
  setPanel,
}: {
  contract: Contract;
  deliverable: Deliverable;
  milestone: Milestone | undefined;
  rights: MilestoneRights;
  panel: Panel;
  setPanel: (p: Panel) => void;
}) {
  const accepted = d.decision === 'accepted' || d.decision === 'accepted_with_conditions';
  const canDeliver = rights.deliver && !accepted;
  const canDecide = rights.edit && !!d.deliveredDate;
  const note = acceptanceNote(contract, d);
  return (
    <Section
      title="Delivery and acceptance"
      action={
        panel !== 'delivery' &&
        panel !== 'decision' && (
          <Group gap="xs">
            {canDeliver && (
              <Button size="sm" variant={d.deliveredDate ? 'default' : 'filled'} onClick={() => setPanel('delivery')}>
                {d.deliveredDate ? 'Record a new delivery' : 'Mark delivered'}
              </Button>
            )}
            {canDecide && (
              <Button size="sm" variant={d.decision === 'pending' ? 'filled' : 'default'} onClick={() => setPanel('decision')}>
                {d.decision === 'pending' ? 'Record decision' : 'Change decision'}
              </Button>
            )}
          </Group>
        )
      }
    >
      <DefinitionList
        items={[
          { term: 'Due', value: <DateText value={d.dueDate} /> },
          { term: 'Milestone', value: milestone ? milestone.title : 'None' },
          {
            term: 'Delivered',
            value: d.deliveredDate ? (
              <>
                <DateText value={d.deliveredDate} />
                {d.deliveredBy ? ` by ${d.deliveredBy.name}` : ''}
              </>
            ) : (
              <Text size="sm" c={d.dueDate < todayIso() ? BAD_TEXT : 'dimmed'} fw={d.dueDate < todayIso() ? 600 : undefined}>
                {d.dueDate < todayIso() ? 'Not delivered, past its due date' : 'Not delivered yet'}
              </Text>
            ),
          },
          { term: 'Decision', value: <DecisionBadge decision={d.decision} /> },
          ...(d.decision === 'pending'
            ? [{ term: 'Decision due', value: <DueText date={d.acceptanceDecisionDue} pending={!!d.deliveredDate && !d.disputed} /> }]
            : [
                {
                  term: 'Decided',
                  value: (
                    <>
                      {d.decidedBy ? `${d.decidedBy.name}, ` : ''}
                      <DateText value={d.decidedAt} withTime />
                    </>
                  ),
                },
              ]),
          ...(d.decisionReasons
            ? [{ term: d.decision === 'accepted_with_conditions' ? 'Conditions' : 'Reasons', value: d.decisionReasons }]
            : []),
          ...(contract.rulePack === 'us-far' && d.deliveredDate && (d.decision === 'pending' || d.disputed)
            ? [{ term: 'Dispute', value: d.disputed ? 'Recorded' : 'None' }]
            : []),
        ]}
      />
      {note && (
        <Text size="sm" mt="sm">
          {note}
        </Text>
      )}
      {rights.edit && d.deliveredDate && d.decision === 'pending' && contract.rulePack === 'us-far' && (
        <Group mt="sm">
          <DisputeButton contract={contract} deliverable={d} />
        </Group>
      )}
      {panel === 'delivery' && (
        <FormBox>
          <DeliveryForm contract={contract} deliverable={d} onDone={() => setPanel(null)} />
        </FormBox>
      )}
      {panel === 'decision' && (
        <FormBox>
          <DecisionForm contract={contract} deliverable={d} onDone={() => setPanel(null)} />
        </FormBox>
      )}
    </Section>
  );
}

function TestPlanView({ deliverable: d }: { deliverable: Deliverable }) {
  const plan = d.testPlan;
  if (!plan) return null;
  return (
    <Stack gap="md">
      <DefinitionList
        items={[
          {
            term: 'Tester',
            value: plan.tester?.name ?? (
              <Text size="sm" c={BAD_TEXT} fw={600}>
                Nobody named
              </Text>
            ),
          },
          { term: 'Testing team', value: plan.testerTeam ? TEAM_LABELS[plan.testerTeam] : 'None named' },
          { term: 'Method', value: METHOD_LABELS[plan.method] },
          ...(plan.notes ? [{ term: 'How', value: <span style={{ whiteSpace: 'pre-wrap' }}>{plan.notes}</span> }] : []),
        ]}
      />
      {plan.criteria.length === 0 ? (
        <Text size="sm" c="dimmed">
          The plan has no evaluation criteria yet; add at least one before recording runs.
        </Text>
      ) : (
        <ScrollTable
          caption="Evaluation criteria"
          columns={[
            { key: 'name', header: 'Criterion', render: (c) => c.name },
            { key: 'metric', header: 'Metric', render: (c) => c.metric ?? '—' },
            { key: 'must', header: 'Must be', render: (c) => thresholdText(c) },
          ]}
          rows={plan.criteria}
          rowKey={(c) => c.name}
          minWidth={320}
        />
      )}
    </Stack>
  );
}

function RunsTable({ deliverable: d }: { deliverable: Deliverable }) {
  const plan = d.testPlan;
  if (!plan) return null;
  const files = d.files ?? [];
  const numbered = plan.runs.map((r, i) => ({ ...r, n: i + 1 }));
  const columns: Column<EvaluationRun & { n: number }>[] = [
    {
      key: 'run',
      header: 'Run',
      render: (r) => (
        <div>
          <Text size="sm" fw={600}>
            Run {r.n}
          </Text>
          <DateText value={r.runDate} />
        </div>
      ),
    },
    { key: 'scenario', header: 'Data set or scenario', render: (r) => r.scenario || '—' },
    ...plan.criteria.map(
      (c): Column<EvaluationRun & { n: number }> => ({
        key: `c-${c.name}`,
        header: c.name,
        render: (r) => {
          const hit = r.results.find((x) => x.criterion === c.name);
          if (!hit) return '—';
          return (
            <Text size="sm" c={hit.passed ? GOOD_TEXT : BAD_TEXT} fw={600} style={{ whiteSpace: 'nowrap' }}>
              {hit.value !== null ? `${hit.value} · ` : ''}
              {hit.passed ? 'passes' : 'fails'}
            </Text>
          );
        },
      }),
    ),
    { key: 'result', header: 'Result', render: (r) => <RunBadge run={r} size="sm" /> },
    {
      key: 'notes',
      header: 'Notes and evidence',
      render: (r) => {
        const mine = files.filter((f) => f.evaluationRunId === r.id);
        return (
          <Stack gap={2}>
            {r.notes && <Text size="sm">{r.notes}</Text>}
            {mine.map((f) => (
              <FileLink key={f.id} file={f} />
            ))}
            {!r.notes && !mine.length && '—'}
          </Stack>
        );
      },
    },
  ];
  return numbered.length ? (
    <ScrollTable caption={`Evaluation runs of ${d.title}`} columns={columns} rows={numbered} rowKey={(r) => r.id} minWidth={720} />
  ) : (
    <Paper>
      <EmptyState title="No evaluation runs yet" description="Each run records the measured values against the plan’s criteria." />
    </Paper>
  );
}

function TestingSections({
  contract,
  deliverable: d,
  rights,
  panel,
  setPanel,
}: {
  contract: Contract;
  deliverable: Deliverable;
  rights: MilestoneRights;
  panel: Panel;
  setPanel: (p: Panel) => void;
}) {
  const plan = d.testPlan;
  const canRun = rights.test && !!plan && plan.criteria.length > 0;
  return (
    <>
      <Section
        title="Test and evaluation plan"
        action={
          rights.test &&
          panel !== 'plan' && (
            <Button size="sm" variant={plan ? 'default' : 'filled'} onClick={() => setPanel('plan')}>
              {plan ? 'Change the test plan' : 'Set the test plan'}
            </Button>
          )
        }
      >
        {plan ? (
          <TestPlanView deliverable={d} />
        ) : (
          panel !== 'plan' && (
            <EmptyState
              title="No test plan yet"
              description={
                rights.test
                  ? 'Say who tests this deliverable, how, and against which criteria (a metric with a threshold, or pass/fail). Steward reports a deliverable without a plan 30 days before it is due.'
                  : 'The contract team has not yet said how this deliverable will be tested, or who tests it.'
              }
            />
          )
        )}
        {panel === 'plan' && (
          <FormBox>
            <TestPlanForm contractId={contract.id} deliverable={d} onDone={() => setPanel(null)} />
          </FormBox>
        )}
      </Section>

      {plan && (
        <Section
          title="Evaluation runs"
          action={
            canRun &&
            panel !== 'run' && (
              <Button size="sm" onClick={() => setPanel('run')}>
                Record a run
              </Button>
            )
          }
        >
          <Stack gap="md">
            <EvaluationChart criteria={plan.criteria} runs={plan.runs} />
            <RunsTable deliverable={d} />
            {panel === 'run' && (
              <FormBox>
                <RunForm contractId={contract.id} deliverable={d} plan={plan} onDone={() => setPanel(null)} />
              </FormBox>
            )}
          </Stack>
        </Section>
      )}
    </>
  );
}

function Loaded({ contract, deliverable: d, milestones }: { contract: Contract; deliverable: Deliverable; milestones: Milestone[] }) {
  const rights = useMilestoneRights(contract);
  const [panel, setPanel] = useState<Panel>(null);
  const remove = useDeleteDeliverable(contract.id);
  const navigate = useNavigate();
  const milestone = milestones.find((m) => m.id === d.milestoneId);
  // An accepted deliverable is part of the contract record: the API refuses to delete it.
  const accepted = d.decision === 'accepted' || d.decision === 'accepted_with_conditions';
  const back = () => navigate({ to: '/contracts/$id', params: { id: contract.id }, search: { tab: 'milestones' } });

  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <TextLink to="/contracts" size="sm" fw={600}>
              Contracts
            </TextLink>{' '}
            /{' '}
            <TextLink to="/contracts/$id" params={{ id: contract.id }} search={{ tab: 'milestones' }} size="sm" fw={600}>
              {contract.reference} milestones
            </TextLink>
          </>
        }
        title={d.title}
        documentTitle={`${d.title} · ${contract.reference}`}
        badges={<DecisionBadge decision={d.decision} />}
        description={
          <>
            Deliverable of {contract.title} · {contract.vendor.legalName} · due {formatDate(d.dueDate)}
          </>
        }
        actions={
          rights.edit && (
            <>
              <Button variant="default" onClick={() => setPanel('edit')}>
                Change deliverable
              </Button>
              {!accepted && (
                <ConfirmButton
                  variant="subtle"
                  color="red"
                  title="Delete this deliverable?"
                  message={`“${d.title}” will be removed from the contract with its test plan and evaluation runs. The audit log keeps a record.`}
                  confirmLabel="Delete deliverable"
                  onConfirm={() =>
                    remove.mutate(d, {
                      onSuccess: () => {
                        notifySuccess(`“${d.title}” was deleted.`, 'Deliverable deleted');
                        back();
                      },
                      onError: (e) => notifyError(e, 'Could not delete the deliverable'),
                    })
                  }
                >
                  Delete
                </ConfirmButton>
              )}
            </>
          )
        }
      />
      <Stack gap="lg">
        {d.description && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} maw={820}>
            {d.description}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <DeliveryAndAcceptance
            contract={contract}
            deliverable={d}
            milestone={milestone}
            rights={rights}
            panel={panel}
            setPanel={setPanel}
          />
          <Section title="Acceptance criteria">
            {d.acceptanceCriteria.length ? (
              <List type="ordered" size="sm" spacing={6}>
                {d.acceptanceCriteria.map((c) => (
                  <List.Item key={c}>{c}</List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm" c="dimmed">
                No acceptance criteria recorded.{rights.edit ? ' Add them with “Change deliverable”.' : ''}
              </Text>
            )}
          </Section>
        </SimpleGrid>
        <TestingSections contract={contract} deliverable={d} rights={rights} panel={panel} setPanel={setPanel} />
        <Section title="Evidence files">
          <EvidenceFiles contractId={contract.id} deliverable={d} canUpload={rights.upload} vendor={rights.vendor} />
        </Section>
      </Stack>
      <Modal opened={panel === 'edit'} onClose={() => setPanel(null)} title="Change deliverable" size="lg">
        {panel === 'edit' && <DeliverableForm contract={contract} milestones={milestones} deliverable={d} onDone={() => setPanel(null)} />}
      </Modal>
    </>
  );
}

/** A deliverable of a contract: delivery and acceptance, criteria, test plan, evaluation runs and evidence. */
export function DeliverablePage({ contractId, deliverableId }: { contractId: string; deliverableId: string }) {
  const contract = useContract(contractId);
  const deliverable = useDeliverable(deliverableId);
  const milestones = useMilestones(contractId);
  const error = contract.error ?? deliverable.error;
  if (isApiStatus(error, 404)) return <NotFoundPage />;
  if (error)
    return (
      <ErrorAlert
        error={error}
        title="Could not load this deliverable"
        onRetry={() => {
          void contract.refetch();
          void deliverable.refetch();
        }}
      />
    );
  if (!contract.data || !deliverable.data) return <PageLoader label="Loading deliverable" />;
  // The deliverable must belong to the contract in the address.
  if (deliverable.data.contractId !== contract.data.id) return <NotFoundPage />;
  return <Loaded contract={contract.data} deliverable={deliverable.data} milestones={milestones.data ?? []} />;
}
