/**
 * Key questions: a department buyer answers a question on a contract of their department (at
 * risk, with a reason), finds it on their team's page among the worst, exports the page as CSV
 * and opens the printable report. axe runs on every page on the way.
 */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { h1, launchBrowser, login, mainNav, newPage, tableRows, visit } from './support.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const stamp = Date.now().toString(36).toUpperCase();
const CONTRACT = 'Permit document classification model';
const QUESTION = 'How will we document and share AI learnings and best practices across the organization?';
const REASON = `Lessons are kept in personal notes only; a shared page is planned for January (${stamp}).`;
const TEAM_TABLE = 'Key questions of the agency or department buyer, worst first';
const ORDER = ['Off track', 'At risk', 'Unanswered', 'On track', 'Not applicable'];

describe('key questions', () => {
  it('a buyer answers a question, sees it on the team page worst first, exports CSV and opens the printable report', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page, 'buyer');

      // The contract's Key questions tab.
      await mainNav(page).getByRole('link', { name: 'Contracts' }).click();
      await h1(page, 'Contracts').waitFor();
      await page.getByRole('link', { name: 'HV-2024-031' }).first().click();
      await h1(page, CONTRACT).waitFor();
      await page.getByRole('tab', { name: 'Key questions' }).click();
      await page.getByRole('heading', { name: 'Objectives' }).waitFor();
      await page.getByText('No evidence is available for this question yet.').first().waitFor();
      await visit(page, 'questions-contract-tab', CONTRACT);

      // Answer (or, on a second run against the same server, update) the question.
      const card = page.getByRole('article', { name: QUESTION });
      await card.getByRole('button', { name: new RegExp(`^(Answer|Update answer): ${QUESTION.replace(/[?.()]/g, '\\$&')}$`) }).click();
      const form = page.getByRole('form', { name: new RegExp(QUESTION.replace(/[?.()]/g, '\\$&')) });
      await form.getByRole('radio', { name: 'At risk' }).check();
      await form.getByRole('textbox', { name: 'Answer' }).fill(REASON);
      await form.getByRole('combobox', { name: 'Owner' }).waitFor();
      await visit(page, 'questions-answer-form', CONTRACT);
      await form.getByRole('button', { name: 'Save answer' }).click();
      await form.waitFor({ state: 'detached' });
      await card.getByText(REASON).waitFor();
      expect(await card.getByText('At risk', { exact: true }).count()).toBeGreaterThan(0);
      await card.getByText(/answered by Ben Okafor/).waitFor();
      await visit(page, 'questions-answered', CONTRACT);

      // The team page: the answer is there, and the list runs worst first.
      await mainNav(page).getByRole('link', { name: 'Key questions' }).click();
      await h1(page, 'Agency or department buyer').waitFor();
      await page.getByRole('table', { name: TEAM_TABLE }).waitFor();
      await page.getByRole('table', { name: TEAM_TABLE }).getByText(REASON).waitFor();
      const statuses = await tableRows(page, TEAM_TABLE).evaluateAll((trs) =>
        trs.map((tr) => (tr as unknown as { cells: { textContent: string }[] }).cells[0]?.textContent ?? ''),
      );
      const ranks = statuses.map((s) => ORDER.findIndex((label) => s.toLowerCase().includes(label.toLowerCase())));
      expect(
        ranks.every((r) => r >= 0),
        `status cells: ${statuses.join(' | ')}`,
      ).toBe(true);
      expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
      const ourRow = tableRows(page, TEAM_TABLE).filter({ hasText: REASON });
      expect(await ourRow.innerText()).toMatch(/At risk/i);
      await visit(page, 'questions-team-page', 'Agency or department buyer');

      // Export CSV: the download starts and holds the answer.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^steward-key-questions-buyer-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = await readFile((await download.path()) as string, 'utf8');
      expect(csv.split('\r\n')[0]).toMatch(/^Contract reference,Contract title,Department/);
      expect(csv).toContain(REASON);

      // The printable report: no navigation, the date it was printed, the answer per contract.
      await page.getByRole('link', { name: 'Printable report' }).click();
      await h1(page, 'Agency or department buyer').waitFor();
      await page.getByRole('heading', { level: 2, name: /HV-2024-031/ }).waitFor();
      await page.getByText(REASON).waitFor();
      expect(await mainNav(page).count()).toBe(0);
      await page.getByText(/^Printed /).waitFor();
      await page.getByRole('button', { name: 'Print this report' }).waitFor();
      await visit(page, 'questions-report', 'Agency or department buyer');
    } finally {
      await context.close();
    }
  });
});
