/**
 * Milestones, deliverables, testing and acceptance: a department buyer adds a milestone (first
 * with a due date outside the contract period, which the form refuses on the field) and a
 * deliverable, and sets its test plan with one metric (a threshold without a direction is refused
 * first); the vendor marks it delivered with a file; an evaluation run fails, the "evaluation
 * failed" finding opens, a second run passes; the buyer accepts; the finding is resolved and the
 * key-question evidence counts the runs. Then the auditor sees the same pages without any action.
 * axe runs on every page on the way.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPdf } from '../src/cli/demo.js';
import { choose, field, fieldError, h1, launchBrowser, login, mainNav, newPage, tableRows, visit } from './support.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const stamp = Date.now().toString(36).toUpperCase();
/** Transport's pothole detection contract with Civic AI (the demo vendor user's company); it ends 26 days from today. */
const REFERENCE = 'HV-2024-017';
const CONTRACT = 'Pothole detection from street imagery';
const MILESTONE = `Detector v2 in production ${stamp}`;
const DELIVERABLE = `Pothole detector v2 ${stamp}`;
const FAILED_FINDING = `The latest evaluation of "${DELIVERABLE}" failed`;
const DELIVERY_FILE = `detector-v2-release-notes-${stamp}.pdf`;

const day = (offset: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
};

async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await h1(page, 'Sign in').waitFor();
}

async function openMilestonesTab(page: Page): Promise<void> {
  await page.goto(`/contracts?q=${REFERENCE}`);
  await h1(page, 'Contracts').waitFor();
  await page.getByRole('link', { name: REFERENCE }).first().click();
  await h1(page, CONTRACT).waitFor();
  await page.getByRole('tab', { name: 'Milestones' }).click();
  await page.getByRole('heading', { name: 'Deliverables', level: 2 }).waitFor();
}

async function openDeliverable(page: Page): Promise<void> {
  await openMilestonesTab(page);
  await tableRows(page, `Deliverables of ${REFERENCE}`).getByRole('link', { name: DELIVERABLE }).click();
  await h1(page, DELIVERABLE).waitFor();
}

/** The value of a definition (<dt>term</dt><dd>value</dd>) in a section. */
function definition(scope: Locator, term: string): Locator {
  return scope.locator(`dt:text-is("${term}") + dd`);
}

/** "Evaluation pass rate: 50% of 2 runs" on the Key questions tab → the number of runs (0 when none). */
async function evaluationRuns(page: Page): Promise<number> {
  await page.getByRole('tab', { name: 'Key questions' }).click();
  await page.getByRole('heading', { name: 'Objectives' }).waitFor();
  const item = page.getByRole('listitem').filter({ hasText: 'Evaluation pass rate:' });
  if ((await item.count()) === 0) return 0;
  const text = await item.first().innerText();
  return Number(/of (\d+) runs?/.exec(text)?.[1] ?? 0);
}

async function recordRun(page: Page, scenario: string, value: string): Promise<void> {
  const runs = page.getByRole('region', { name: 'Evaluation runs', exact: true });
  await runs.getByRole('button', { name: 'Record a run' }).click();
  const form = page.getByRole('form', { name: 'Record an evaluation run' });
  await form.getByRole('textbox', { name: 'Data set or scenario' }).fill(scenario);
  await form.getByRole('textbox', { name: 'Missed defects: measured value' }).fill(value);
  await form.getByRole('button', { name: 'Record run' }).click();
  await form.waitFor({ state: 'detached' });
}

describe('milestones and deliverables', () => {
  it('buyer plans, vendor delivers, testing fails then passes, buyer accepts; the finding clears and the evidence updates', async () => {
    const { context, page } = await newPage(browser);
    try {
      // --- The buyer: a milestone and a deliverable on the contract's Milestones tab.
      await login(page, 'buyer');
      await openMilestonesTab(page);
      const runsBefore = await evaluationRuns(page);
      await page.getByRole('tab', { name: 'Milestones' }).click();
      await page.getByRole('heading', { name: 'Deliverables', level: 2 }).waitFor();
      await visit(page, 'milestones-tab-before', CONTRACT);

      await page.getByRole('button', { name: 'Add milestone' }).first().click();
      const addMilestone = page.getByRole('dialog', { name: 'Add a milestone' });
      await field(page, 'Title').fill(MILESTONE);
      await choose(page, 'Type', 'Delivery');
      // After the contract's end: the API refuses it, and the form says so on the field.
      await field(page, 'Due date').fill(day(60));
      await addMilestone.getByRole('button', { name: 'Add milestone' }).click();
      await expect.poll(() => fieldError(field(page, 'Due date'))).toMatch(/must fall within the contract period/);
      await visit(page, 'milestones-add-milestone-refused', CONTRACT);
      await field(page, 'Due date').fill(day(10));
      await addMilestone.getByRole('button', { name: 'Add milestone' }).click();
      await addMilestone.waitFor({ state: 'detached' });
      const milestoneRow = tableRows(page, `Milestones of ${REFERENCE}`).filter({ hasText: MILESTONE });
      await milestoneRow.waitFor();
      expect(await milestoneRow.innerText()).toMatch(/Scheduled/i);

      await page.getByRole('button', { name: 'Add deliverable' }).click();
      const addDeliverable = page.getByRole('dialog', { name: 'Add a deliverable' });
      await field(page, 'Title').fill(DELIVERABLE);
      await field(page, 'Due date').fill(day(10));
      await choose(page, 'Milestone', new RegExp(MILESTONE));
      await field(page, 'Criterion').fill('Misses at most 12% of the potholes marked by road inspectors on the 2025 test routes');
      await visit(page, 'milestones-add-deliverable', CONTRACT);
      await addDeliverable.getByRole('button', { name: 'Add deliverable' }).click();
      await addDeliverable.waitFor({ state: 'detached' });
      const deliverableRow = tableRows(page, `Deliverables of ${REFERENCE}`).filter({ hasText: DELIVERABLE });
      await deliverableRow.waitFor();
      expect(await deliverableRow.innerText()).toMatch(/No test plan/i);
      expect(await milestoneRow.innerText()).toContain(DELIVERABLE);
      await visit(page, 'milestones-tab-planned', CONTRACT);

      // The portfolio page lists the milestone among those due in the next 30 days.
      await mainNav(page).getByRole('link', { name: 'Milestones' }).click();
      await h1(page, 'Milestones').waitFor();
      const portfolioRow = tableRows(page, 'Milestones: due in the next 30 days').filter({ hasText: MILESTONE });
      await portfolioRow.waitFor();
      expect(await portfolioRow.innerText()).toMatch(/In 10 days/i);
      expect(await portfolioRow.innerText()).toContain(REFERENCE);
      await visit(page, 'milestones-portfolio', 'Milestones');

      // The test plan: one metric; a threshold without a direction is refused on the field.
      await openDeliverable(page);
      await visit(page, 'milestones-deliverable-new', DELIVERABLE);
      await page.getByRole('button', { name: 'Set the test plan' }).click();
      const plan = page.getByRole('form', { name: 'Test and evaluation plan' });
      await choose(page, 'Tester', /^Ingrid Larsen/, 'Ingrid');
      await choose(page, 'Testing team', 'IT and data');
      await choose(page, 'Method', 'Accuracy or quality evaluation');
      await plan.getByRole('textbox', { name: 'Name' }).fill('Missed defects');
      await plan.getByRole('textbox', { name: 'Metric' }).fill('false negative rate');
      await plan.getByRole('textbox', { name: 'Threshold' }).fill('0.12');
      await plan.getByRole('button', { name: 'Save test plan' }).click();
      await expect.poll(() => fieldError(plan.getByRole('combobox', { name: 'Direction' }))).toMatch(/at least or at most/);
      await visit(page, 'milestones-test-plan-refused', DELIVERABLE);
      await choose(page, 'Direction', 'At most');
      await plan.getByRole('button', { name: 'Save test plan' }).click();
      await plan.waitFor({ state: 'detached' });
      const criteria = page.getByRole('table', { name: 'Evaluation criteria' });
      expect(await criteria.innerText()).toMatch(/Missed defects\s+false negative rate\s+at most 0\.12/);
      const planSection = page.getByRole('region', { name: 'Test and evaluation plan' });
      expect(await definition(planSection, 'Tester').innerText()).toBe('Ingrid Larsen');
      await logout(page);

      // --- The vendor: sees the deliverable, marks it delivered with a file; no decision for them.
      await login(page, 'vendor');
      await openDeliverable(page);
      expect(await page.getByRole('button', { name: /Record decision|Change decision/ }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Change deliverable' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /test plan|Record a run/ }).count()).toBe(0);
      await page.getByRole('button', { name: 'Mark delivered' }).click();
      const delivery = page.getByRole('form', { name: 'Mark delivered' });
      expect(await delivery.getByRole('textbox', { name: 'Delivered on' }).inputValue()).toBe(day(0));
      await delivery
        .locator('input[type="file"]')
        .setInputFiles({ name: DELIVERY_FILE, mimeType: 'application/pdf', buffer: demoPdf('Pothole detector v2 release notes') });
      await visit(page, 'milestones-vendor-delivery-form', DELIVERABLE);
      await delivery.getByRole('button', { name: 'Mark delivered' }).click();
      await delivery.waitFor({ state: 'detached' });
      const acceptance = page.getByRole('region', { name: 'Delivery and acceptance' });
      await expect.poll(() => definition(acceptance, 'Delivered').innerText()).toMatch(/by Victor Chen/);
      await tableRows(page, `Evidence files of ${DELIVERABLE}`).filter({ hasText: DELIVERY_FILE }).waitFor();
      // us-far: acceptance counts as made on the 7th day after delivery unless decided or disputed.
      await acceptance.getByText(/acceptance counts as made on/).waitFor();
      expect(await page.getByRole('radio', { name: 'Accepted', exact: true }).count()).toBe(0);
      await visit(page, 'milestones-vendor-delivered', DELIVERABLE);
      await logout(page);

      // --- The buyer: a failing run opens a finding; a passing run resolves it.
      await login(page, 'buyer');
      await openDeliverable(page);
      await recordRun(page, 'Test routes 2025, first delivery', '0.15');
      const runRows = tableRows(page, `Evaluation runs of ${DELIVERABLE}`);
      // The table shows the run when the API has scored it (the empty table has one row saying so).
      await expect.poll(() => runRows.first().innerText()).toMatch(/0\.15 · fails[\s\S]*Failed/i);
      await visit(page, 'milestones-run-failed', DELIVERABLE);

      await page.getByRole('link', { name: `${REFERENCE} milestones` }).click();
      await h1(page, CONTRACT).waitFor();
      await page.getByRole('tab', { name: 'Findings' }).click();
      await page.getByRole('article', { name: FAILED_FINDING }).waitFor();
      await visit(page, 'milestones-finding-open', CONTRACT);

      await openDeliverable(page);
      await recordRun(page, 'Test routes 2025, retrained model', '0.09');
      await expect.poll(() => runRows.count()).toBe(2);
      await expect.poll(() => runRows.nth(1).innerText()).toMatch(/0\.09 · passes[\s\S]*Passed/i);
      // The chart of the metric against its threshold, with its words for those who cannot see it.
      await page.getByText('Missed defects (false negative rate), at most 0.12: run 1').waitFor();

      // The buyer accepts.
      await acceptance.getByRole('button', { name: 'Record decision' }).click();
      const decision = page.getByRole('form', { name: 'Record the acceptance decision' });
      await decision.getByRole('radio', { name: 'Accepted', exact: true }).check();
      await visit(page, 'milestones-decision-form', DELIVERABLE);
      await decision.getByRole('button', { name: 'Record decision' }).click();
      await decision.waitFor({ state: 'detached' });
      await expect.poll(() => definition(acceptance, 'Decision').innerText()).toMatch(/^Accepted$/i);
      expect(await definition(acceptance, 'Decided').innerText()).toMatch(/^Ben Okafor, /);
      await visit(page, 'milestones-accepted', DELIVERABLE);

      // The finding is resolved: gone from what needs attention, listed among the resolved ones.
      await page.getByRole('link', { name: `${REFERENCE} milestones` }).click();
      await h1(page, CONTRACT).waitFor();
      await expect
        .poll(async () =>
          (await tableRows(page, `Deliverables of ${REFERENCE}`).filter({ hasText: DELIVERABLE }).innerText()).toLowerCase(),
        )
        .toMatch(/accepted/);
      await page.getByRole('tab', { name: 'Findings' }).click();
      await page.getByRole('heading', { name: 'Needs attention' }).waitFor();
      await page.getByRole('button', { name: /Show resolved findings/ }).click();
      const resolved = page.getByRole('article', { name: FAILED_FINDING });
      await resolved.waitFor();
      expect(await resolved.count()).toBe(1);
      expect(await resolved.innerText()).toMatch(/Resolved/i);
      await visit(page, 'milestones-finding-resolved', CONTRACT);

      // The key question "How will we test and evaluate deliverables…" counts both runs.
      await expect.poll(() => evaluationRuns(page)).toBe(runsBefore + 2);
      const ready = page.getByRole('listitem').filter({ hasText: 'Deliverables with a test plan and a responsible person:' });
      expect(await ready.first().innerText()).toMatch(/(\d+) of \1/);
      await visit(page, 'milestones-questions-evidence', CONTRACT);
    } finally {
      await context.close();
    }
  });

  it('the auditor reads milestones and deliverables but is offered no action', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page, 'auditor');
      await page.goto('/contracts?q=HV-2024-031');
      await h1(page, 'Contracts').waitFor();
      await page.getByRole('link', { name: 'HV-2024-031' }).first().click();
      await h1(page, 'Permit document classification model').waitFor();
      await page.getByRole('tab', { name: 'Milestones' }).click();
      await page.getByRole('heading', { name: 'Timeline: planned against actual' }).waitFor();
      expect(await page.getByRole('button', { name: /Add milestone|Add deliverable|^Change |^Delete / }).count()).toBe(0);
      await visit(page, 'milestones-auditor-tab', 'Permit document classification model');
      await tableRows(page, 'Deliverables of HV-2024-031').getByRole('link', { name: 'Permit classification model v1' }).click();
      await h1(page, 'Permit classification model v1').waitFor();
      expect(await page.getByRole('button', { name: /decision|delivered|test plan|Record a run|Change deliverable|Upload/ }).count()).toBe(
        0,
      );
      await page.getByRole('table', { name: 'Evaluation runs of Permit classification model v1' }).waitFor();
      await visit(page, 'milestones-auditor-deliverable', 'Permit classification model v1');
    } finally {
      await context.close();
    }
  });
});
