/**
 * Notifications: procurement sees an unread count on the bell, opens the inbox, marks everything
 * read and the count goes; an admin reads a held message in the mail outbox (no SMTP in the demo)
 * and the demo webhook's delivery log. axe runs on every page on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { h1, launchBrowser, login, mainNav, newPage, tableRows, visit } from './support.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The header's bell, named for screen readers "Notifications, 3 unread". */
const bell = (page: Page) => page.getByRole('link', { name: /^Notifications, / });

async function unreadOnBell(page: Page): Promise<number> {
  const label = (await bell(page).getAttribute('aria-label')) ?? '';
  const m = /^Notifications, (\d+) unread$/.exec(label);
  return m ? Number(m[1]) : 0;
}

describe('notifications', () => {
  it('procurement sees an unread count, opens the inbox and marks all read', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page, 'procurement');
      await expect.poll(() => unreadOnBell(page), { timeout: 10_000 }).toBeGreaterThan(0);
      const before = await unreadOnBell(page);

      await bell(page).click();
      await visit(page, 'notifications-procurement', 'Notifications');
      const list = page.getByRole('list', { name: 'Notifications' });
      await list.getByRole('listitem').first().waitFor();
      expect(await list.getByRole('button', { name: /^Mark “.+” as read$/ }).count()).toBe(Math.min(before, 20));
      // Items link to the contract they are about.
      expect(await list.getByRole('link', { name: /^HV-/ }).count()).toBeGreaterThan(0);

      // The filter is a radio group (a segmented control): its visible label is what a user clicks.
      await page
        .locator('label')
        .filter({ hasText: /^Unread \(\d+\)$/ })
        .click();
      expect(await page.getByRole('radio', { name: /^Unread/ }).isChecked()).toBe(true);
      await page.waitForURL((u) => new URL(u.toString()).searchParams.get('unread') === 'true');
      await visit(page, 'notifications-procurement-unread', 'Notifications');

      await page.getByRole('button', { name: 'Mark all as read' }).click();
      await page.getByText('You are all caught up').waitFor();
      await expect.poll(() => bell(page).getAttribute('aria-label')).toBe('Notifications, none unread');
      expect(await page.getByRole('button', { name: 'Mark all as read' }).isDisabled()).toBe(true);
      await visit(page, 'notifications-procurement-caught-up', 'Notifications');

      // What you receive: the choices are there, each with a label.
      for (const name of ['New findings', 'Critical findings, as they happen', 'Daily digest'])
        expect(await page.getByRole('switch', { name: new RegExp(`^${name}`) }).count(), name).toBe(1);
    } finally {
      await context.close();
    }
  });

  it('an admin reads held mail in the outbox and the demo webhook’s delivery log', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page, 'admin');
      await mainNav(page).getByRole('link', { name: 'Mail outbox' }).click();
      await visit(page, 'admin-outbox', 'Mail outbox');
      await page.getByText('Mail is not being sent').waitFor();
      expect(await tableRows(page, 'Mail outbox').count()).toBeGreaterThan(0);

      const digest = page.getByRole('button', { name: /^Read “\[Steward\] Your digest for .+” to procurement@harbourview\.example$/ });
      await digest.click();
      const reader = page.getByRole('dialog');
      await reader.getByText('Good morning Priya Natarajan,').waitFor();
      await visit(page, 'admin-outbox-message', 'Mail outbox');
      await reader.getByRole('button', { name: /close/i }).first().click();
      await reader.waitFor({ state: 'hidden' });

      await mainNav(page).getByRole('link', { name: 'Webhooks' }).click();
      await visit(page, 'admin-webhooks', 'Webhooks');
      const row = tableRows(page, 'Webhooks').filter({ hasText: 'Procurement team channel' });
      await row.getByText('Inactive').waitFor();
      await page.getByRole('button', { name: 'Delivery log of Procurement team channel' }).click();
      await tableRows(page, 'Deliveries of Procurement team channel').first().getByText('Delivered').waitFor();
      await visit(page, 'admin-webhooks-log', 'Webhooks');
      expect(await h1(page).count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});
