/**
 * (a) Each demo role signs in, is greeted by name on the home page, and the main navigation
 * offers what that role may use (and nothing else). axe runs on the login and each home page.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/core/policy.js';
import { account, h1, launchBrowser, login, mainNav, navLinks, newPage, tableRows, visit } from './support.js';

/** The navigation each role should see, from the role × permission table. */
const NAV: Record<Role, string[]> = {
  admin: [
    'Home',
    'Vendors',
    'Users',
    'Departments',
    'Team settings',
    'Mail outbox',
    'Payment rates',
    'Payment holidays',
    'Webhooks',
    'API tokens',
  ],
  procurement: [
    'Home',
    'Contracts',
    'Findings',
    'Milestones',
    'Usage',
    'Payables',
    'Calendar',
    'Key questions',
    'Vendors',
    'Team settings',
    'API tokens',
  ],
  buyer: ['Home', 'Contracts', 'Findings', 'Milestones', 'Usage', 'Payables', 'Calendar', 'Key questions', 'Vendors', 'API tokens'],
  it_data: ['Home', 'Contracts', 'Findings', 'Milestones', 'Usage', 'Calendar', 'Key questions', 'Vendors', 'API tokens'],
  auditor: [
    'Home',
    'Contracts',
    'Findings',
    'Milestones',
    'Usage',
    'Payables',
    'Calendar',
    'Key questions',
    'Vendors',
    'Audit log',
    'API tokens',
  ],
  vendor: ['Home', 'Contracts', 'Milestones', 'Invoices', 'Vendors', 'API tokens'],
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('signing in', () => {
  it('the login page is accessible and rejects a wrong password with a message', async () => {
    const { context, page } = await newPage(browser);
    try {
      await page.goto('/');
      // Not signed in: the app sends us to the login page.
      await h1(page, 'Sign in').waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
      await visit(page, 'login', 'Sign in');
      await page.getByRole('textbox', { name: 'E-mail' }).fill(account('procurement').email);
      await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'Could not sign in' }).waitFor();
      await visit(page, 'login-error', 'Sign in');
    } finally {
      await context.close();
    }
  });
});

describe.each(Object.keys(NAV) as Role[])('as %s', (role) => {
  it('sees a home page with their name and the navigation of their role', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page, role);
      const me = account(role);
      // The header names the signed-in user.
      await page.getByRole('banner').getByText(me.name, { exact: true }).waitFor();
      expect(await navLinks(page)).toEqual(NAV[role]);
      await visit(page, `home-${role}`, /^Welcome, /);

      if (role === 'vendor') {
        // A vendor sees only its own vendor's contracts.
        await mainNav(page).getByRole('link', { name: 'Contracts' }).click();
        await h1(page, 'Contracts').waitFor();
        await page.getByRole('table', { name: 'Contracts' }).waitFor();
        await visit(page, 'contracts-vendor', 'Contracts');
        const rows = tableRows(page, 'Contracts');
        const n = await rows.count();
        expect(n).toBeGreaterThan(0);
        for (const text of await rows.allInnerTexts()) expect(text).toContain(me.vendor as string);
        expect(await page.getByRole('link', { name: 'New contract' }).count()).toBe(0);
      }

      // Log out: back to the login page, and the session is gone.
      await page.getByRole('button', { name: 'Log out' }).click();
      await h1(page, 'Sign in').waitFor();
      await page.goto('/');
      await h1(page, 'Sign in').waitFor();
    } finally {
      await context.close();
    }
  });
});
