/**
 * Findings: procurement opens a contract with an open finding, acknowledges it with a note, sees
 * the finding's state change and the contract's health score rise, then finds it on the
 * portfolio Findings page filtered by severity (from the counts at the top) and department, and
 * reads the page about the checks. axe runs on every page on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choose, h1, launchBrowser, login, mainNav, newPage, tableRows, visit, waitForUrl } from './support.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const stamp = Date.now().toString(36).toUpperCase();
const REFERENCE = 'HV-2025-060';
const CONTRACT = 'Planning consultation summariser';
const FINDING = 'No owner for the IT and data team';
const NOTE = `Daniel Kim takes this contract over from January; named at the next planning board (${stamp}).`;

/** The number on the health badge in the contract page header. */
async function healthScore(page: Page): Promise<number> {
  const badge = page.getByRole('button', { name: /^Health \d+ · / });
  const name = (await badge.getAttribute('aria-label')) ?? '';
  return Number(/^Health (\d+)/.exec(name)?.[1]);
}

describe('findings', () => {
  it('procurement acknowledges a finding with a note; its state and the health score change; it shows on the Findings page', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page, 'procurement');

      // The contract, its Findings tab, and the health badge in the header.
      await page.goto(`/contracts?q=${REFERENCE}`);
      await h1(page, 'Contracts').waitFor();
      await page.getByRole('link', { name: REFERENCE }).first().click();
      await h1(page, CONTRACT).waitFor();
      await page.getByRole('tab', { name: 'Findings' }).click();
      await page.getByRole('heading', { name: 'Needs attention' }).waitFor();
      const card = page.getByRole('article', { name: FINDING });
      await card.waitFor();
      // A second run against the same server: undo the earlier acknowledgement first.
      const reopen = card.getByRole('button', { name: `Reopen “${FINDING}”` });
      if ((await reopen.count()) > 0) {
        await reopen.click();
        await card.getByText('Open', { exact: true }).waitFor();
      }
      await expect.poll(() => card.getByText('Open', { exact: true }).count()).toBeGreaterThan(0);
      await page.getByRole('button', { name: /^Health \d+ · / }).waitFor();
      const before = await healthScore(page);
      expect(before).toBeGreaterThanOrEqual(0);
      await visit(page, 'findings-contract-tab', CONTRACT);

      // The health badge explains its formula.
      await page.getByRole('button', { name: /^Health \d+ · / }).click();
      await page
        .getByText(/The score starts at 100/)
        .first()
        .waitFor();
      await visit(page, 'findings-health-explained', CONTRACT);
      await page.keyboard.press('Escape');

      // Acknowledge, first without a note (the form says what is missing), then with one.
      await card.getByRole('button', { name: `Acknowledge “${FINDING}”` }).click();
      const dialog = page.getByRole('dialog', { name: 'Acknowledge finding' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Acknowledge finding' }).click();
      await dialog.getByText('Say what is being done about it, and by whom').waitFor();
      await visit(page, 'findings-acknowledge-dialog', CONTRACT);
      await dialog.getByRole('textbox', { name: 'Note' }).fill(NOTE);
      await dialog.getByRole('button', { name: 'Acknowledge finding' }).click();
      await dialog.waitFor({ state: 'detached' });

      // The state changed, with the note and who wrote it; the score rose (acknowledged counts half).
      await card.getByText('Acknowledged', { exact: true }).first().waitFor();
      await card.getByText(NOTE, { exact: false }).waitFor();
      await card.getByText(/Acknowledged by Priya Natarajan/).waitFor();
      await expect.poll(() => healthScore(page), { timeout: 10_000 }).toBeGreaterThan(before);
      await card.getByRole('button', { name: `Reopen “${FINDING}”` }).waitFor();
      await visit(page, 'findings-acknowledged', CONTRACT);

      // The portfolio page: the counts at the top lead to the warnings; narrow to the department.
      await mainNav(page).getByRole('link', { name: 'Findings' }).click();
      await visit(page, 'findings-page', 'Findings');
      const counts = page.getByRole('region', { name: 'Findings by severity' });
      await counts.getByRole('link', { name: 'Show warnings' }).click();
      await waitForUrl(page, (u) => u.searchParams.get('severity') === 'warning', 'severity=warning');
      await choose(page, 'Department', 'City Planning', 'City');
      await waitForUrl(
        page,
        (u) => u.searchParams.get('severity') === 'warning' && !!u.searchParams.get('departmentId'),
        'severity and department',
      );
      const rows = tableRows(page, 'Findings');
      await expect.poll(async () => (await rows.allInnerTexts()).join('\n'), { timeout: 10_000 }).toContain(FINDING);
      const texts = await rows.allInnerTexts();
      for (const t of texts) {
        expect(t).toMatch(/Warning/i);
        expect(t).toContain('City Planning');
      }
      const ours = rows.filter({ hasText: FINDING });
      expect(await ours.innerText()).toMatch(/Acknowledged/i);
      expect(await ours.innerText()).toContain(REFERENCE);
      await visit(page, 'findings-page-filtered', 'Findings');

      // The filters live in the URL: a reload shows the same list.
      await page.reload();
      await h1(page, 'Findings').waitFor();
      await expect.poll(async () => (await rows.allInnerTexts()).join('\n'), { timeout: 10_000 }).toContain(FINDING);

      // The page about the checks, and back to the finding's contract from the list.
      await page.getByRole('link', { name: 'About the checks' }).click();
      await h1(page, 'About the checks').waitFor();
      await page.getByRole('heading', { name: 'A team has no owner for this contract' }).waitFor();
      await visit(page, 'findings-rules', 'About the checks');
      await page.goBack();
      await h1(page, 'Findings').waitFor();
      await rows.filter({ hasText: FINDING }).getByRole('link', { name: FINDING }).click();
      await h1(page, CONTRACT).waitFor();
      await expect.poll(() => page.getByRole('tab', { name: 'Findings' }).getAttribute('aria-selected')).toBe('true');
    } finally {
      await context.close();
    }
  });

  it('vendors see no findings: no navigation entry, no tab, no health badge, and the page refuses them', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page, 'vendor');
      const names = (await mainNav(page).getByRole('link').allInnerTexts()).map((n) => n.trim());
      expect(names).not.toContain('Findings');
      await page.goto('/contracts?q=HV-2025-014');
      await h1(page, 'Contracts').waitFor();
      await page.getByRole('link', { name: 'HV-2025-014' }).first().click();
      await h1(page, 'Resident help chatbot (usage-based)').waitFor();
      expect(await page.getByRole('tab', { name: 'Findings' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Health \d+/ }).count()).toBe(0);
      await page.goto('/findings');
      await h1(page, "You don't have access to this page").waitFor();
    } finally {
      await context.close();
    }
  });
});
