import { Box, List, Text, Title } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { formatDate, plural } from '../../lib/format';
import type { Invoice } from './invoices.api';
import { BAD_TEXT, daysBetween, todayIso } from './vocabulary';
import './invoices.css';

type StepTone = 'done' | 'due' | 'late' | 'future' | 'stopped' | 'today';

interface Step {
  key: string;
  label: string;
  date: string;
  note?: string;
  tone: StepTone;
  /** Order among steps on the same day. */
  rank: number;
}

/** The dated steps of the payment clock, in date order. */
export function clockSteps(invoice: Invoice, today = todayIso()): Step[] {
  const c = invoice.clock;
  const steps: Step[] = [{ key: 'invoiced', label: 'Invoice dated', date: c.invoiceDate, tone: 'done', rank: 0 }];
  steps.push({
    key: 'received',
    label: 'Received',
    date: c.receivedDate,
    note: c.receiptStamped ? undefined : 'not stamped: the invoice date counts',
    tone: 'done',
    rank: 1,
  });
  if (c.deliveredDate) steps.push({ key: 'delivered', label: 'Delivered', date: c.deliveredDate, tone: 'done', rank: 2 });
  if (c.acceptedDate)
    steps.push({
      key: 'accepted',
      label: 'Accepted by the buyer',
      date: c.acceptedDate,
      tone: c.acceptedDate <= today ? 'done' : 'future',
      rank: 3,
    });
  if (c.acceptanceDate && c.acceptanceDate !== c.acceptedDate)
    steps.push({
      key: 'acceptance',
      label: 'Acceptance counts from',
      note:
        invoice.rulePack === 'us-far' && c.deliveredDate
          ? 'constructive: 7th day after delivery'
          : 'the acceptance of the deliverables billed',
      date: c.acceptanceDate,
      tone: c.acceptanceDate <= today ? 'done' : 'future',
      rank: 3,
    });
  if (c.returnedDate && invoice.state === 'returned_defective')
    steps.push({ key: 'returned', label: 'Returned as defective', date: c.returnedDate, tone: 'stopped', rank: 4 });
  if (c.dueDate) {
    const late = c.daysLate > 0;
    steps.push({
      key: 'due',
      label: 'Payment due',
      date: c.dueDate,
      tone: late ? 'late' : c.paidDate || c.dueDate <= today ? 'done' : 'due',
      rank: 5,
    });
  }
  if (c.scheduledDate && !c.paidDate)
    steps.push({
      key: 'scheduled',
      label: 'Payment scheduled',
      date: c.scheduledDate,
      tone: c.scheduledDate > today ? 'future' : 'done',
      rank: 6,
    });
  if (c.paidDate)
    steps.push({
      key: 'paid',
      label: 'Paid in full',
      date: c.paidDate,
      note: c.daysLate > 0 ? `${plural(c.daysLate, 'day')} late` : 'on time',
      tone: c.daysLate > 0 ? 'late' : 'done',
      rank: 7,
    });
  else if (invoice.state !== 'returned_defective')
    steps.push({
      key: 'today',
      label: 'Today, not paid',
      date: today,
      note: c.daysLate > 0 ? `${plural(c.daysLate, 'day')} late` : undefined,
      tone: c.daysLate > 0 ? 'late' : 'today',
      rank: 8,
    });
  return steps.sort((a, b) => (a.date === b.date ? a.rank - b.rank : a.date < b.date ? -1 : 1));
}

/** One sentence on where the clock stands. */
export function clockSentence(invoice: Invoice, today = todayIso()): string {
  const c = invoice.clock;
  if (invoice.state === 'returned_defective')
    return `Returned to the vendor as defective${c.returnedDate ? ` on ${formatDate(c.returnedDate)}` : ''}: the clock stops until a corrected invoice arrives, which starts it again.`;
  if (!c.dueDate) return 'There is no due date yet.';
  if (c.paidDate)
    return c.daysLate > 0
      ? `Due on ${formatDate(c.dueDate)}, paid in full on ${formatDate(c.paidDate)}: ${plural(c.daysLate, 'day')} late.`
      : `Due on ${formatDate(c.dueDate)}, paid in full on ${formatDate(c.paidDate)}: on time.`;
  if (c.daysLate > 0) return `Due on ${formatDate(c.dueDate)} and not paid: ${plural(c.daysLate, 'day')} late today.`;
  const left = daysBetween(today, c.dueDate);
  return `Due on ${formatDate(c.dueDate)}: ${left === 0 ? 'today' : `in ${plural(left, 'day')}`}.`;
}

/**
 * The payment clock as a timeline: invoice date, receipt, delivery and acceptance, the due date and
 * payment (or today), in date order, with the days between; the stretch past the due date is red.
 * It reads as an ordered list; the days-late figure is in the words too.
 */
export function InvoiceClock({ invoice }: { invoice: Invoice }) {
  const today = todayIso();
  const steps = clockSteps(invoice, today);
  const due = invoice.clock.dueDate;
  const lateFrom = invoice.clock.daysLate > 0 ? due : null;
  const { ref, width } = useElementSize();
  return (
    <div>
      <div className="invoice-clock-frame" ref={ref} data-layout={width >= steps.length * 100 ? 'row' : 'column'}>
        <ol className="invoice-clock" aria-label="Payment clock">
          {steps.map((s, i) => {
            const next = steps[i + 1];
            const gap = next ? daysBetween(s.date, next.date) : 0;
            const lateGap = !!(next && lateFrom && s.date >= lateFrom && next.date > lateFrom);
            return (
              <li key={s.key} className="invoice-clock-step" data-tone={s.tone}>
                <span className="invoice-clock-dot" aria-hidden="true" />
                {next && (
                  <span className="invoice-clock-gap" data-late={lateGap || undefined} aria-hidden="true">
                    <span className="invoice-clock-gap-text">
                      {gap === 0 ? 'same day' : `${gap > 0 ? '+' : ''}${plural(gap, 'day')}`}
                      {lateGap ? ' late' : ''}
                    </span>
                  </span>
                )}
                <span className="invoice-clock-label">{s.label}</span>
                <time dateTime={s.date} className="invoice-clock-date">
                  {formatDate(s.date)}
                </time>
                {s.note && <span className="invoice-clock-note">{s.note}</span>}
              </li>
            );
          })}
        </ol>
      </div>
      <Text size="sm" mt="sm" fw={invoice.clock.daysLate > 0 ? 650 : undefined} c={invoice.clock.daysLate > 0 ? BAD_TEXT : undefined}>
        {clockSentence(invoice, today)}
      </Text>
    </div>
  );
}

/** The due date's working, step by step, as the rules worked it out. */
export function DueWorking({ invoice }: { invoice: Invoice }) {
  const c = invoice.clock;
  return (
    <Box>
      <Title order={3} fz="md" mb="xs">
        How the due date was worked out
      </Title>
      {c.dueWorking.length ? (
        <List type="ordered" size="sm" spacing={4}>
          {c.dueWorking.map((w) => (
            <List.Item key={w}>{w}</List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm" c="dimmed">
          No due date has been worked out yet.
        </Text>
      )}
      {c.defectReturnDeadline && invoice.state === 'received' && invoice.defective && (
        <Text size="sm" mt="xs">
          A defective invoice is to be returned to the vendor by {formatDate(c.defectReturnDeadline)}.
        </Text>
      )}
    </Box>
  );
}
