import { useDocumentTitle } from '@mantine/hooks';
import { useDepartments } from '../../api/lookups';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextLink } from '../../components/links';
import { formatDate, formatDateTime, plural } from '../../lib/format';
import { useMe } from '../auth/session';
import { STANDINGS, STANDING_LABELS, TEAM_LABELS, type Team, type TeamRow, teamQueryParams, useTeamQuestions } from './questions.api';
import './report.css';
import { type TeamSearch, effectiveDepartment } from './teamSearch';

const MAX_ROWS = 500;

function groupByContract(rows: TeamRow[]): { contract: TeamRow['contract']; rows: TeamRow[] }[] {
  // Rows come worst first, so contracts come in the order of their worst question.
  const groups = new Map<string, { contract: TeamRow['contract']; rows: TeamRow[] }>();
  for (const r of rows) {
    const g = groups.get(r.contract.id) ?? { contract: r.contract, rows: [] };
    g.rows.push(r);
    groups.set(r.contract.id, g);
  }
  return [...groups.values()];
}

/**
 * A print-friendly report of a team's questions: black on white, no navigation, the questions
 * with status and answers per contract, and when it was printed.
 */
export function TeamReportPage({ team, search }: { team: Team; search: TeamSearch }) {
  const me = useMe();
  const departments = useDepartments();
  const departmentId = effectiveDepartment(search, me.departmentId);
  const query = useTeamQuestions(team, { ...teamQueryParams({ departmentId, status: search.status }), pageSize: MAX_ROWS });
  useDocumentTitle(`Key questions report: ${TEAM_LABELS[team]} · Steward`);
  const printed = new Date().toISOString();
  const data = query.data;
  const departmentName = departmentId
    ? (departments.data?.items.find((d) => d.id === departmentId)?.name ?? 'one department')
    : 'all departments you can see';

  return (
    <main className="qreport">
      <div className="qreport-actions no-print">
        <TextLink to="/questions/$team" params={{ team }} search={{ departmentId: search.departmentId, status: search.status }}>
          Back to the team page
        </TextLink>
        <button type="button" className="qreport-print" onClick={() => window.print()}>
          Print this report
        </button>
      </div>
      <header className="qreport-header">
        <p className="qreport-eyebrow">Steward · Key questions report</p>
        <h1>{TEAM_LABELS[team]}</h1>
        <p>
          Printed <time dateTime={printed}>{formatDateTime(printed)}</time> by {me.name}
          {data
            ? ` · Review round ${data.currentRound.label} (${formatDate(data.currentRound.start)} to ${formatDate(data.currentRound.end)})`
            : ''}
        </p>
        <p>
          Contracts: active and suspended, {departmentName}
          {search.status ? ` · Status: ${STANDING_LABELS[search.status]}` : ''}
          {data ? ` · Review period ${data.team.reviewPeriodDays} days` : ''}
        </p>
      </header>
      {query.error && <ErrorAlert error={query.error} title="Could not load the report" onRetry={() => query.refetch()} />}
      {!data && !query.error && <p aria-busy="true">Loading the report…</p>}
      {data && (
        <>
          <section aria-labelledby="qreport-summary">
            <h2 id="qreport-summary">Summary</h2>
            <p>
              {plural(data.total, 'question')} on {plural(data.contracts, 'contract')}:{' '}
              {STANDINGS.map((s) => `${STANDING_LABELS[s].toLowerCase()} ${data.counts[s]}`).join(', ')}.
            </p>
            {data.total > data.items.length && (
              <p className="qreport-note">
                This report shows the first {data.items.length} of {data.total} questions, worst first. Filter by department or status for a
                complete report.
              </p>
            )}
          </section>
          {data.items.length === 0 && <p>No questions match. Change the filters on the team page and open the report again.</p>}
          {groupByContract(data.items).map((g) => (
            <section key={g.contract.id} className="qreport-contract" aria-labelledby={`c-${g.contract.id}`}>
              <h2 id={`c-${g.contract.id}`}>
                {g.contract.reference} · {g.contract.title}
              </h2>
              <p className="qreport-sub">
                {g.contract.department.name} · {g.contract.status === 'suspended' ? 'Suspended' : 'Active'}
              </p>
              <table>
                <caption className="sr-only">Key questions of {g.contract.reference}</caption>
                <colgroup>
                  <col style={{ width: '32%' }} />
                  <col style={{ width: '13%' }} />
                  <col style={{ width: '33%' }} />
                  <col style={{ width: '9%' }} />
                  <col style={{ width: '13%' }} />
                </colgroup>
                <thead>
                  <tr>
                    <th scope="col">Question</th>
                    <th scope="col">Status</th>
                    <th scope="col">Answer</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Answered</th>
                  </tr>
                </thead>
                <tbody>
                  {g.rows.map((r) => (
                    <tr key={r.question.id}>
                      <td>{r.question.text}</td>
                      <td className="qreport-status">
                        {STANDING_LABELS[r.standing]}
                        {r.overdue ? ' (review overdue)' : ''}
                      </td>
                      <td>{r.answer?.text ?? `No answer for ${plural(r.daysWithoutAnswer, 'day')}`}</td>
                      <td>{r.answer?.owner?.name ?? '—'}</td>
                      <td>
                        {r.answer
                          ? `${formatDate(r.answer.answeredAt)} (${r.answer.roundLabel})${r.answer.answeredBy ? ` by ${r.answer.answeredBy.name}` : ''}`
                          : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </>
      )}
    </main>
  );
}
