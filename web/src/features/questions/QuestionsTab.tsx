import { Anchor, Badge, Box, Button, Collapse, Group, List, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import type { Contract } from '../../api/types';
import { DateText } from '../../components/DateText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ChevronIcon } from '../../components/icons';
import { formatDate } from '../../lib/format';
import { AnswerForm } from './AnswerForm';
import {
  type Answer,
  type ContractQuestion,
  type ContractQuestions,
  type EvidenceItem,
  STANDINGS,
  TEAMS,
  TEAM_IN_SENTENCE,
  TEAM_LABELS,
  type Theme,
  useCatalogue,
  useContractQuestions,
} from './questions.api';
import { OverdueBadge, StandingBadge } from './StandingBadge';

const THEME_ORDER: Theme[] = ['operational', 'innovation'];
const THEME_FALLBACK: Record<Theme, string> = { operational: 'Operational considerations', innovation: 'Innovation and scalability' };
const TONE_WORDS: Record<NonNullable<EvidenceItem['tone']>, string | null> = {
  good: 'good',
  warning: 'watch',
  bad: 'problem',
  neutral: null,
};
const TONE_COLORS: Record<NonNullable<EvidenceItem['tone']>, string> = { good: 'green', warning: 'orange', bad: 'red', neutral: 'gray' };

function Objectives() {
  const catalogue = useCatalogue();
  if (!catalogue.data) return null;
  const groups = ['procurement', 'organizational'] as const;
  return (
    <Paper p="lg" component="section" aria-labelledby="objectives-heading">
      <Title order={2} fz="lg" id="objectives-heading" mb="sm">
        Objectives
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        {groups.map((g) => {
          const items = catalogue.data.objectives.filter((o) => o.group === g);
          return (
            <Box key={g}>
              <Text fw={650} size="sm" mb={4}>
                {items[0]?.groupLabel}
              </Text>
              <List size="sm" spacing={2}>
                {items.map((o) => (
                  <List.Item key={o.id}>{o.text}</List.Item>
                ))}
              </List>
            </Box>
          );
        })}
      </SimpleGrid>
    </Paper>
  );
}

function AnswerMeta({ answer, withRound = true }: { answer: Answer; withRound?: boolean }) {
  return (
    <Text size="xs" c="dimmed">
      {withRound ? `${answer.roundLabel} · ` : ''}
      {answer.answeredBy ? `answered by ${answer.answeredBy.name}` : 'answered'} on <DateText value={answer.answeredAt} withTime />
      {answer.owner ? ` · Owner: ${answer.owner.name}` : ' · No owner'}
    </Text>
  );
}

function Evidence({ q }: { q: ContractQuestion }) {
  return (
    <Box>
      <Text size="sm" fw={650} mb={4}>
        Evidence
      </Text>
      {q.evidence.length > 0 ? (
        <List size="sm" spacing={4} listStyleType="none" ml={0} pl={0}>
          {q.evidence.map((e) => {
            const word = e.tone ? TONE_WORDS[e.tone] : null;
            return (
              <List.Item key={`${e.source}-${e.label}`}>
                <Group gap={6} wrap="wrap">
                  <Text size="sm" span>
                    {e.label}:
                  </Text>
                  {e.href ? (
                    <Anchor href={e.href} size="sm" fw={650}>
                      {e.value}
                    </Anchor>
                  ) : (
                    <Text size="sm" fw={650} span>
                      {e.value}
                    </Text>
                  )}
                  {word && e.tone && (
                    <Badge size="xs" color={TONE_COLORS[e.tone]} variant="light">
                      {word}
                    </Badge>
                  )}
                </Group>
              </List.Item>
            );
          })}
        </List>
      ) : (
        <Text size="sm" c="dimmed" fs="italic">
          {q.evidenceNote}
        </Text>
      )}
    </Box>
  );
}

function History({ q }: { q: ContractQuestion }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  if (!q.history.length) return null;
  return (
    <Box>
      <Button
        variant="subtle"
        size="compact-sm"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-controls={id}
        leftSection={<ChevronIcon open={open} size={14} />}
      >
        Earlier rounds ({q.history.length})
      </Button>
      <Collapse expanded={open} id={id}>
        <Stack gap="xs" mt="xs" pl="md" style={{ borderLeft: '2px solid var(--mantine-color-gray-3)' }}>
          {q.history.map((h) => (
            <Box key={h.id}>
              <Group gap="xs">
                <Text size="sm" fw={650}>
                  {h.roundLabel}
                </Text>
                <StandingBadge standing={h.status} size="sm" />
              </Group>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {h.text}
              </Text>
              <AnswerMeta answer={h} withRound={false} />
            </Box>
          ))}
        </Stack>
      </Collapse>
    </Box>
  );
}

function QuestionCard({
  q,
  data,
  contractId,
  contractOwners,
}: {
  q: ContractQuestion;
  data: ContractQuestions;
  contractId: string;
  contractOwners: Contract['owners'];
}) {
  const [editing, setEditing] = useState(false);
  const headingId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  // Give focus back to the button that opened the form when it closes (saved or cancelled).
  useEffect(() => {
    if (wasEditing.current && !editing) button.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  return (
    <Paper p="md" component="article" aria-labelledby={headingId} withBorder>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
          <Title order={4} fz="md" fw={650} id={headingId} style={{ flex: 1 }}>
            {q.text}
          </Title>
          <Group gap={6} wrap="nowrap">
            {q.overdue && <OverdueBadge />}
            <StandingBadge standing={q.standing} />
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Evidence q={q} />
          <Box>
            <Text size="sm" fw={650} mb={4}>
              Answer
            </Text>
            {q.answer ? (
              <Stack gap={2}>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {q.answer.text}
                </Text>
                <AnswerMeta answer={q.answer} />
                {!q.answeredThisRound && (
                  <Text size="xs" fw={600} c="#9a3a08">
                    Not yet reviewed in {data.currentRound.label}.
                  </Text>
                )}
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                No answer yet.{q.canAnswer ? ' Answer it below.' : ` ${TEAM_IN_SENTENCE[q.team].replace(/^t/, 'T')} answers this question.`}
              </Text>
            )}
          </Box>
        </SimpleGrid>
        <History q={q} />
        {q.canAnswer &&
          (editing ? (
            <Box pt="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
              <AnswerForm
                contractId={contractId}
                question={q}
                round={data.currentRound}
                owners={data.ownerOptions[q.team]}
                defaultOwnerId={contractOwners[q.team]?.id ?? null}
                onDone={() => setEditing(false)}
              />
            </Box>
          ) : (
            <Group>
              <Button
                ref={button}
                variant={q.answeredThisRound ? 'default' : 'filled'}
                size="sm"
                onClick={() => setEditing(true)}
                aria-label={`${q.answeredThisRound ? 'Update answer' : 'Answer'}: ${q.text}`}
              >
                {q.answeredThisRound ? 'Update answer' : 'Answer'}
              </Button>
            </Group>
          ))}
      </Stack>
    </Paper>
  );
}

function Summary({ data }: { data: ContractQuestions }) {
  const counts = Object.fromEntries(STANDINGS.map((s) => [s, data.questions.filter((q) => q.standing === s).length]));
  const overdue = data.questions.filter((q) => q.overdue).length;
  return (
    <Group gap="xs" wrap="wrap" aria-label="Questions by status">
      {STANDINGS.filter((s) => counts[s] > 0).map((s) => (
        <Group key={s} gap={4}>
          <StandingBadge standing={s} size="sm" />
          <Text size="sm" fw={650}>
            {counts[s]}
          </Text>
        </Group>
      ))}
      {overdue > 0 && (
        <Text size="sm" c="#9a3a08" fw={600}>
          · {overdue} overdue for review
        </Text>
      )}
    </Group>
  );
}

/** The contract's key questions: objectives, then each team's questions by theme, with evidence and answers. */
export function QuestionsTab({ contract }: { contract: Contract }) {
  const query = useContractQuestions(contract.id);
  const catalogue = useCatalogue();

  if (query.error) return <ErrorAlert error={query.error} title="Could not load the key questions" onRetry={() => query.refetch()} />;
  if (!query.data)
    return (
      <Stack gap="md" aria-busy="true">
        <Skeleton height={120} radius="md" />
        <Skeleton height={240} radius="md" />
      </Stack>
    );
  const data = query.data;
  const themeLabel = (t: Theme) => catalogue.data?.themes.find((x) => x.id === t)?.label ?? THEME_FALLBACK[t];
  const { start, end } = data.currentRound;

  return (
    <Stack gap="lg">
      <Objectives />
      <Paper p="md" component="section" aria-label="Review round">
        <Stack gap={6}>
          <Text size="sm">
            <strong>Review round {data.currentRound.label}</strong> ({formatDate(start)} to {formatDate(end)}). Each team reviews its
            questions at least every{' '}
            {[...new Set(Object.values(data.reviewPeriodDays))].length === 1
              ? `${data.reviewPeriodDays.procurement} days`
              : TEAMS.map((t) => `${data.reviewPeriodDays[t]} days (${TEAM_IN_SENTENCE[t]})`).join(', ')}
            ; a question left longer becomes a finding.
          </Text>
          <Summary data={data} />
        </Stack>
      </Paper>
      {TEAMS.map((team) => {
        const mine = data.questions.filter((q) => q.team === team);
        if (!mine.length) return null;
        return (
          <Paper key={team} p="lg" component="section" aria-labelledby={`team-${team}`}>
            <Title order={2} fz="lg" id={`team-${team}`} mb="md">
              {TEAM_LABELS[team]}
            </Title>
            <Stack gap="lg">
              {THEME_ORDER.map((theme) => {
                const list = mine.filter((q) => q.theme === theme);
                if (!list.length) return null;
                return (
                  <Stack key={theme} gap="sm">
                    <Title order={3} fz="md" c="steward.9">
                      {themeLabel(theme)}
                    </Title>
                    {list.map((q) => (
                      <QuestionCard key={q.id} q={q} data={data} contractId={contract.id} contractOwners={contract.owners} />
                    ))}
                  </Stack>
                );
              })}
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}
