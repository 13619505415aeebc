/**
 * (d) The calendar: procurement opens it, finds a contract's end date in the month view (moving
 * by keyboard), switches to the agenda, marks a deadline done and opens it again, creates a
 * calendar feed whose address serves iCalendar, and sees the contract's Deadlines tab; the
 * admin's team settings. axe runs on every page and state visited.
 */
import { type Browser, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choose, h1, launchBrowser, login, mainNav, newPage, visit, waitForUrl } from './support.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The demo's suspended pothole-detection contract ends 26 days after the demo was loaded (today). */
const REFERENCE = 'HV-2024-017';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function utcDay(offset: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset));
}
const longDay = (d: Date) => `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;

async function withPage(role: Parameters<typeof login>[1], fn: (page: Page) => Promise<void>): Promise<void> {
  const { context, page } = await newPage(browser);
  try {
    await login(page, role);
    await fn(page);
  } finally {
    await context.close();
  }
}

describe('the calendar', () => {
  it('procurement finds a contract’s end in the month view, marks a deadline done in the agenda, and subscribes', async () => {
    await withPage('procurement', async (page) => {
      await mainNav(page).getByRole('link', { name: 'Calendar' }).click();
      await visit(page, 'calendar-month', 'Calendar');

      // Keyboard: from today's cell, move to the contract's end date (26 days on) with the arrow keys.
      const today = utcDay(0);
      const end = utcDay(26);
      const grid = page.getByRole('grid');
      await grid.getByRole('gridcell', { name: new RegExp(`^${longDay(today)}, today`) }).focus();
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
      const cell = page.getByRole('gridcell', { name: new RegExp(`^${longDay(end)}: \\d+ deadlines?`) });
      // The focused element, read in the page (the spec itself has no DOM types).
      await expect.poll(() => cell.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement)).toBe(true);
      await expect.poll(() => cell.getAttribute('aria-selected')).toBe('true');
      await waitForUrl(page, (u) => u.searchParams.get('day') === end.toISOString().slice(0, 10), 'the selected day');
      // Enter goes to the day's deadlines: the contract's end, linked to the contract.
      await page.keyboard.press('Enter');
      const panel = page.getByRole('region', { name: new RegExp(`^${longDay(end)}`) });
      await panel.getByText('Contract ends', { exact: true }).waitFor();
      await expect(panel.getByRole('link', { name: REFERENCE }).getAttribute('href')).resolves.toMatch(
        /^\/contracts\/[0-9a-f-]{36}\?tab=deadlines$/,
      );
      await visit(page, 'calendar-month-contract-end', 'Calendar');

      // The agenda lists it under its day; mark it done, then open it again.
      await page
        .locator('label')
        .filter({ hasText: /^Agenda$/ })
        .click();
      await waitForUrl(page, (u) => u.searchParams.get('view') === 'agenda', 'the agenda view');
      const day = page.getByRole('region', { name: longDay(end) });
      await day.getByText(REFERENCE).waitFor();
      await visit(page, 'calendar-agenda', 'Calendar');
      await day.getByRole('button', { name: `Mark done: ${REFERENCE}: Contract ends` }).click();
      // Done deadlines leave the default (open) agenda (the confirmation toast is transient, so the
      // lasting change is what is checked); showing all states brings it back, struck through, reopenable.
      await day.waitFor({ state: 'detached' });
      await choose(page, 'State', 'All states');
      await waitForUrl(page, (u) => u.searchParams.get('state') === 'all', 'the state filter');
      const again = page.getByRole('region', { name: longDay(end) });
      const reopen = again.getByRole('button', { name: `Reopen: ${REFERENCE}: Contract ends` });
      await reopen.waitFor();
      await visit(page, 'calendar-agenda-done', 'Calendar');
      await reopen.click();
      await page.getByText(`“${REFERENCE}: Contract ends” is open again.`).waitFor();

      // Subscribe: the address is shown once and serves iCalendar.
      const create = page.getByRole('button', { name: 'Create my calendar link' });
      const rotate = page.getByRole('button', { name: 'Get a new link' });
      await create.or(rotate).first().waitFor();
      if (await create.isVisible()) await create.click();
      else {
        // Run again against a server that kept its data: replace the earlier link.
        await rotate.click();
        await page.getByRole('dialog').getByRole('button', { name: 'Get a new link' }).click();
      }
      const link = page.getByLabel('Calendar link', { exact: true });
      await link.waitFor();
      const url = ((await link.textContent()) ?? '').trim();
      expect(url).toMatch(/\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
      await page.getByRole('button', { name: 'Outlook' }).click();
      await visit(page, 'calendar-subscribe', 'Calendar');
      // Fetched as a calendar program would: no session at all.
      const anonymous = await request.newContext();
      const feed = await anonymous.get(url);
      expect(feed.status()).toBe(200);
      expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8');
      const text = await feed.text();
      await anonymous.dispose();
      expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
      expect(text).toContain(`SUMMARY:${REFERENCE}: Contract ends`);
      await page.getByRole('button', { name: 'I have added it' }).click();
      await page.getByText(/Your calendar link was created on/).waitFor();
    });
  });

  it('the contract’s Deadlines tab lists its deadlines and links to the calendar', async () => {
    await withPage('procurement', async (page) => {
      await page.goto('/contracts?q=HV-2025-014');
      await page.getByRole('link', { name: 'HV-2025-014', exact: true }).click();
      await page.getByRole('tab', { name: 'Deadlines' }).click();
      const table = page.getByRole('table', { name: 'Deadlines of HV-2025-014' });
      await table.getByText('Decide whether to exercise Option year 1').waitFor();
      await table.getByText('Contract ends').waitFor();
      await visit(page, 'contract-deadlines-tab');
      await page.getByRole('link', { name: 'Open in the calendar' }).click();
      await waitForUrl(page, (u) => u.pathname === '/calendar' && !!u.searchParams.get('contractId'), 'the contract filter');
      await h1(page, 'Calendar').waitFor();
    });
  });

  it('the admin sets a team’s reminder lead times', async () => {
    await withPage('admin', async (page) => {
      await mainNav(page).getByRole('link', { name: 'Team settings' }).click();
      await visit(page, 'team-settings', 'Team settings');
      const it = page.getByRole('region', { name: 'IT and data' });
      await it.getByRole('textbox', { name: 'Reminder days before a deadline' }).fill('14, 2, two');
      await it.getByRole('button', { name: 'Save: IT and data' }).click();
      await it.getByText('“two” is not a whole number of days.').waitFor();
      await visit(page, 'team-settings-error', 'Team settings');
      await it.getByRole('textbox', { name: 'Reminder days before a deadline' }).fill('2, 14, 0');
      await it.getByRole('button', { name: 'Save: IT and data' }).click();
      await page.getByText('Settings saved').first().waitFor();
      await expect.poll(() => it.getByRole('textbox', { name: 'Reminder days before a deadline' }).inputValue()).toBe('14, 2, 0');
      await it.getByText('Reminders go out 14 days before, 2 days before, on the day.').waitFor();
    });
  });
});
