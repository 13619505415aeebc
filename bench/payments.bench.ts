/**
 * Payments benchmark: how long the prompt-payment rules take to work out due dates and
 * late-payment interest for 100,000 invoices, next to a plain loop over the same rows.
 *
 *   npm run bench:payments
 *   BENCH_INVOICES=20000 BENCH_RUNS=5 npm run bench:payments
 *
 * The rows are synthetic and the same every run (a seeded generator): a mix of the four rule packs,
 * stamped and unstamped receipts, deliveries and acceptances, and payments from early to well over a
 * year late. Both loops are timed in the same process, one after the other, after a warm-up; the
 * machine is shared and noisy, so the ratio between them is the number to watch. See bench/README.md.
 */
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_PROMPT_PAYMENT_RATES,
  DEFAULT_US_FEDERAL_HOLIDAYS,
  type DueDateInput,
  type LateInterestInput,
  type PaymentRulePack,
  lateInterest,
  paymentDueDate,
} from '../src/core/payments/index.js';
import { addDays } from '../src/core/dates.js';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number (got "${raw}").`);
  return n;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const say = (m: string) => process.stderr.write(`${m}\n`);

/** mulberry32: a small seeded generator, so every run sees the same rows. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row {
  pack: PaymentRulePack;
  invoiceDate: string;
  receivedDate: string | null;
  deliveredDate: string | null;
  acceptedDate: string | null;
  termsDays: number;
  principal: string;
  /** When it was paid (the due date is only known after the rules run). */
  paymentDate: string;
  /** Annual rate for the packs that take one (eu: the reference rate). */
  rate: string;
}

const PACKS: PaymentRulePack[] = ['us-far', 'uk-pa23', 'eu', 'generic'];

function makeRows(n: number, seed: number): Row[] {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const pack = PACKS[i % 4];
    // Invoices from 2023 to mid-2025, so us-far interest (due + up to ~15 months) stays inside the
    // stored Prompt Payment table.
    const invoiceDate = addDays('2023-01-01', int(0, 880));
    const stamped = rnd() < 0.95;
    const receivedDate = stamped ? addDays(invoiceDate, int(0, 6)) : null;
    const delivered = rnd() < 0.6;
    const deliveredDate = delivered ? addDays(invoiceDate, int(-20, 25)) : null;
    const acceptedDate = deliveredDate && rnd() < 0.5 ? addDays(deliveredDate, int(0, 12)) : null;
    // A third paid on time or early, the rest late: a few days to well over a year.
    const late = rnd() < 0.33 ? -int(0, 20) : rnd() < 0.9 ? int(1, 90) : int(91, 420);
    rows.push({
      pack,
      invoiceDate,
      receivedDate,
      deliveredDate,
      acceptedDate,
      termsDays: [15, 30, 45, 60][int(0, 3)],
      principal: (int(100, 50_000_000) / 100).toFixed(2),
      paymentDate: addDays(invoiceDate, 40 + late),
      rate: pack === 'eu' ? ['2.15', '3.15', '4.50'][int(0, 2)] : pack === 'uk-pa23' ? '8' : '5.5',
    });
  }
  return rows;
}

interface Outcome {
  ms: number;
  late: number;
  interestCents: number;
  errors: number;
}

/** Steward's rules: the due date per pack, then the interest when paid after it. */
function stewardLoop(rows: readonly Row[]): Outcome {
  let late = 0;
  let interestCents = 0;
  let errors = 0;
  const t0 = performance.now();
  for (const r of rows) {
    const dueInput: DueDateInput = {
      pack: r.pack,
      invoiceDate: r.invoiceDate,
      receivedDate: r.receivedDate,
      deliveredDate: r.deliveredDate,
      acceptedDate: r.acceptedDate,
      acceptanceProcedure: r.pack === 'eu' && r.deliveredDate !== null,
      termsDays: r.termsDays,
      holidays: DEFAULT_US_FEDERAL_HOLIDAYS,
    };
    const due = paymentDueDate(dueInput);
    if (!due.dueDate) continue;
    const paymentDate = r.paymentDate;
    if (paymentDate <= due.dueDate) continue;
    late++;
    const input: LateInterestInput = {
      pack: r.pack,
      principal: r.principal,
      currency: r.pack === 'eu' ? 'EUR' : r.pack === 'uk-pa23' ? 'GBP' : 'USD',
      dueDate: due.dueDate,
      paymentDate,
      ...(r.pack === 'us-far' ? { rates: DEFAULT_PROMPT_PAYMENT_RATES } : { annualRatePercent: r.rate }),
      ...(r.pack === 'generic' ? { dayBasis: 360 as const, compounding: '30-day' as const } : {}),
    };
    try {
      interestCents += Math.round(Number(lateInterest(input).interest) * 100);
    } catch {
      errors++;
    }
  }
  return { ms: performance.now() - t0, late, interestCents, errors };
}

/**
 * The floor: the same rows, with the same shape of work done the naive way — parse the dates, add
 * 30 days (or the terms), and float-multiply simple interest. No acceptance, no working days, no
 * compounding, no cap, no decimal arithmetic, no working shown.
 */
function plainLoop(rows: readonly Row[]): Outcome {
  const DAY = 86_400_000;
  let late = 0;
  let interestCents = 0;
  const t0 = performance.now();
  for (const r of rows) {
    const received = Date.parse(r.receivedDate ?? r.invoiceDate);
    const due = received + (r.pack === 'generic' ? r.termsDays : 30) * DAY;
    const paid = Date.parse(r.paymentDate);
    if (paid <= due) continue;
    late++;
    const days = (paid - due) / DAY;
    interestCents += Math.round((Number(r.principal) * Number(r.rate) * days) / (r.pack === 'us-far' ? 360 : 365));
  }
  return { ms: performance.now() - t0, late, interestCents, errors: 0 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main(): void {
  const n = envInt('BENCH_INVOICES', 100_000);
  const runs = envInt('BENCH_RUNS', 3);
  const seed = envInt('BENCH_SEED', 20260401);
  let t = performance.now();
  const rows = makeRows(n, seed);
  say(`Generated ${fmt(n)} invoices in ${fmt(performance.now() - t)} ms (seed ${seed}).`);

  // Warm-up, so both loops are measured after the JIT has seen them.
  const warm = rows.slice(0, Math.min(5_000, n));
  stewardLoop(warm);
  plainLoop(warm);

  const steward: Outcome[] = [];
  const plain: Outcome[] = [];
  for (let i = 0; i < runs; i++) {
    say(`  run ${i + 1} of ${runs}…`);
    steward.push(stewardLoop(rows));
    plain.push(plainLoop(rows));
  }
  t = median(steward.map((o) => o.ms));
  const p = median(plain.map((o) => o.ms));
  const s0 = steward[0];

  const header = ['loop', 'invoices', 'median ms', 'best ms', 'µs/invoice', 'late', 'vs plain'];
  const table = [
    [
      'steward rules',
      fmt(n),
      fmt(t, 1),
      fmt(Math.min(...steward.map((o) => o.ms)), 1),
      fmt((t * 1000) / n, 2),
      fmt(s0.late),
      `${fmt(t / p, 1)}×`,
    ],
    ['plain loop', fmt(n), fmt(p, 1), fmt(Math.min(...plain.map((o) => o.ms)), 1), fmt((p * 1000) / n, 2), fmt(plain[0].late), '1.0×'],
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\nSteward payments benchmark — ${fmt(n)} invoices, ${runs} run${runs === 1 ? '' : 's'} each (median shown)`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));
  console.log(
    `\nDue dates and interest: ${fmt(t, 1)} ms against ${fmt(p, 1)} ms for the plain loop (${fmt(t / p, 1)} times as long). ` +
      `Interest worked out on ${fmt(s0.late)} late invoices: ${fmt(s0.interestCents / 100, 2)} in all.`,
  );
  if (s0.errors) {
    console.log(`FAIL: ${fmt(s0.errors)} interest calculations had no rate.`);
    process.exit(1);
  }
}

main();
