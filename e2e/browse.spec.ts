/**
 * (c) The list and admin pages: contract search, filter, sort and pagination, all kept in the
 * URL (so a view can be linked to); vendors list and detail; the admin's users and departments;
 * API tokens (a new token is shown once, and works). axe runs on every page visited.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, account, choose, field, h1, launchBrowser, login, mainNav, newPage, tableRows, visit, waitForUrl } from './support.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function withPage(role: Parameters<typeof login>[1], fn: (page: Page) => Promise<void>): Promise<void> {
  const { context, page } = await newPage(browser);
  try {
    await login(page, role);
    await fn(page);
  } finally {
    await context.close();
  }
}

/** The first cell (reference) of each body row of the contracts table. */
async function references(page: Page): Promise<string[]> {
  const rows = tableRows(page, 'Contracts');
  const texts = await rows.evaluateAll((trs) =>
    trs.map((tr) => (tr as unknown as { cells: { textContent: string }[] }).cells[0]?.textContent ?? ''),
  );
  return texts.map((t) => t.trim());
}

/** "Showing 1–5 of 12" under a table. */
async function showing(page: Page): Promise<{ first: number; last: number; total: number }> {
  const text = await page
    .getByText(/^Showing \d/)
    .first()
    .innerText();
  const m = /Showing ([\d,]+)–([\d,]+) of ([\d,]+)/.exec(text);
  if (!m) throw new Error(`Unexpected pagination text: ${text}`);
  const n = (s: string) => Number(s.replace(/,/g, ''));
  return { first: n(m[1] as string), last: n(m[2] as string), total: n(m[3] as string) };
}

async function settledRows(page: Page, caption: string): Promise<string[]> {
  await page.getByRole('table', { name: caption }).waitFor();
  await page
    .locator('table[aria-busy="true"]')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => {});
  return tableRows(page, caption).allInnerTexts();
}

describe('contract list', () => {
  it('searches, filters, sorts and pages through the URL', async () => {
    await withPage('procurement', async (page) => {
      await mainNav(page).getByRole('link', { name: 'Contracts' }).click();
      await visit(page, 'contracts', 'Contracts');
      const all = await showing(page);
      expect(all.total).toBeGreaterThanOrEqual(12);

      // Search: typing lands in the URL and narrows the list.
      await page.getByRole('searchbox', { name: 'Search contracts' }).fill('chatbot');
      await waitForUrl(page, (u) => u.searchParams.get('q') === 'chatbot', 'q=chatbot');
      await expect.poll(() => references(page), { timeout: 10_000 }).toEqual(['HV-2025-014']);
      await visit(page, 'contracts-search', 'Contracts');

      // Clear, then filter by status: every row shown is of that status.
      await page.getByRole('button', { name: 'Clear search and filters' }).click();
      await waitForUrl(page, (u) => !u.searchParams.has('q'), 'no q');
      await choose(page, 'Status', 'Closed');
      await waitForUrl(page, (u) => u.searchParams.get('status') === 'closed', 'status=closed');
      await expect.poll(() => references(page), { timeout: 10_000 }).toContain('HV-2023-008');
      for (const row of await settledRows(page, 'Contracts')) expect(row).toMatch(/Closed/i);
      await visit(page, 'contracts-filter-status', 'Contracts');

      // A filter in a shared link applies on arrival, and combines with search.
      await page.goto('/contracts?status=active&q=HV-2025');
      await h1(page, 'Contracts').waitFor();
      expect(await page.getByRole('searchbox', { name: 'Search contracts' }).inputValue()).toBe('HV-2025');
      await expect.poll(() => references(page), { timeout: 10_000 }).toContain('HV-2025-014');
      for (const ref of await references(page)) expect(ref).toMatch(/^HV-2025/);
      for (const row of await settledRows(page, 'Contracts')) expect(row).toMatch(/Active/i);

      // Sort by reference, ascending then descending, through the column header.
      await page.goto('/contracts?pageSize=100');
      await h1(page, 'Contracts').waitFor();
      await page.getByRole('button', { name: 'Reference: sort ascending' }).click();
      await waitForUrl(
        page,
        (u) => u.searchParams.get('sort') === 'reference' && u.searchParams.get('order') === 'asc',
        'sort=reference&order=asc',
      );
      await expect
        .poll(
          async () => {
            const refs = await references(page);
            return refs.length === all.total && refs.join() === [...refs].sort().join();
          },
          { timeout: 10_000 },
        )
        .toBe(true);
      expect(await page.getByRole('columnheader', { name: /^Reference/ }).getAttribute('aria-sort')).toBe('ascending');
      await page.getByRole('button', { name: 'Reference: sort descending' }).click();
      await waitForUrl(page, (u) => u.searchParams.get('order') === 'desc', 'order=desc');
      await expect
        .poll(
          async () => {
            const refs = await references(page);
            return refs.length === all.total && refs.join() === [...refs].sort().reverse().join();
          },
          { timeout: 10_000 },
        )
        .toBe(true);
      const sortedDesc = await references(page);
      await visit(page, 'contracts-sorted', 'Contracts');

      // Pagination: five a page, sorted; page 2 by the pager and page 3 by a direct link.
      await page.goto('/contracts?sort=reference&order=desc&pageSize=5');
      await h1(page, 'Contracts').waitFor();
      await expect.poll(() => references(page), { timeout: 10_000 }).toEqual(sortedDesc.slice(0, 5));
      expect(await showing(page)).toEqual({ first: 1, last: 5, total: all.total });
      const pager = page.getByRole('navigation', { name: 'Contracts: pages' });
      await pager.getByRole('button', { name: 'Page 2', exact: true }).click();
      await waitForUrl(page, (u) => u.searchParams.get('page') === '2', 'page=2');
      await expect.poll(() => references(page), { timeout: 10_000 }).toEqual(sortedDesc.slice(5, 10));
      expect(await showing(page)).toEqual({ first: 6, last: 10, total: all.total });
      expect(await pager.getByRole('button', { name: 'Page 2', exact: true }).getAttribute('aria-current')).toBe('page');
      await visit(page, 'contracts-page-2', 'Contracts');
      await page.goto('/contracts?sort=reference&order=desc&pageSize=5&page=3');
      await h1(page, 'Contracts').waitFor();
      await expect.poll(() => references(page), { timeout: 10_000 }).toEqual(sortedDesc.slice(10, 15));
      // Back goes to page 2.
      await page.goBack();
      await expect.poll(() => references(page), { timeout: 10_000 }).toEqual(sortedDesc.slice(5, 10));

      // A search that matches nothing says so.
      await page.goto('/contracts?q=no-such-contract-anywhere');
      await page.getByText('No contracts match').waitFor();
      await visit(page, 'contracts-no-match', 'Contracts');
    });
  });
});

describe('vendors', () => {
  it('lists vendors, searches them and opens one', async () => {
    await withPage('procurement', async (page) => {
      await mainNav(page).getByRole('link', { name: 'Vendors' }).click();
      await visit(page, 'vendors', 'Vendors');
      const names = await settledRows(page, 'Vendors');
      expect(names.length).toBeGreaterThanOrEqual(5);
      expect(names.join('\n')).toContain('Civic AI Solutions Inc.');

      await page.getByRole('searchbox', { name: 'Search vendors' }).fill('Lumina');
      await waitForUrl(page, (u) => u.searchParams.get('q') === 'Lumina', 'q=Lumina');
      await expect
        .poll(async () => (await tableRows(page, 'Vendors').allInnerTexts()).map((t) => t.split('\t')[0]?.trim()), { timeout: 10_000 })
        .toEqual(['Lumina Language Technologies Ltd']);
      await visit(page, 'vendors-search', 'Vendors');

      await page.getByRole('link', { name: 'Lumina Language Technologies Ltd' }).click();
      await visit(page, 'vendor-detail', 'Lumina Language Technologies Ltd');
      await page.getByText('Noor Haddad').first().waitFor();
      const contracts = await settledRows(page, 'Contracts with this vendor');
      expect(contracts.join('\n')).toContain('HV-2025-040');

      // The vendor forms (checked, not submitted).
      await page.getByRole('link', { name: /^Edit/ }).first().click();
      await visit(page, 'vendor-edit', 'Edit Lumina Language Technologies Ltd');
      expect(await field(page, 'Legal name').inputValue()).toBe('Lumina Language Technologies Ltd');
      await page.goto('/vendors');
      await page.getByRole('link', { name: 'New vendor' }).click();
      await visit(page, 'vendor-new', 'New vendor');
    });
  });
});

describe('administration', () => {
  it('the admin lists, searches and filters users', async () => {
    await withPage('admin', async (page) => {
      await mainNav(page).getByRole('link', { name: 'Users' }).click();
      await visit(page, 'admin-users', 'Users');
      const rows = (await settledRows(page, 'Users')).join('\n');
      for (const role of ['admin', 'procurement', 'buyer', 'it_data', 'auditor', 'vendor'] as const)
        expect(rows).toContain(account(role).email);

      await page.getByRole('searchbox', { name: 'Search users' }).fill('aisha');
      await waitForUrl(page, (u) => u.searchParams.get('q') === 'aisha', 'q=aisha');
      await expect
        .poll(async () => (await tableRows(page, 'Users').allInnerTexts()).map((t) => t.split('\n')[0]?.trim()), { timeout: 10_000 })
        .toEqual(['Aisha Rahman']);

      await page.goto('/admin/users');
      await h1(page, 'Users').waitFor();
      await choose(page, 'Role', 'Vendor');
      await waitForUrl(page, (u) => u.searchParams.get('role') === 'vendor', 'role=vendor');
      await expect
        .poll(async () => (await tableRows(page, 'Users').allInnerTexts()).every((r) => /\tVendor\t/.test(r)), { timeout: 10_000 })
        .toBe(true);
      expect((await settledRows(page, 'Users')).join('\n')).toContain('Victor Chen');
      await visit(page, 'admin-users-filtered', 'Users');

      // The new-user dialog, checked while open.
      await page.getByRole('button', { name: 'New user' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await visit(page, 'admin-users-new-dialog', 'Users');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    });
  });

  it('the admin sees and adds departments', async () => {
    await withPage('admin', async (page) => {
      await mainNav(page).getByRole('link', { name: 'Departments' }).click();
      await visit(page, 'admin-departments', 'Departments');
      const rows = (await settledRows(page, 'Departments')).join('\n');
      for (const d of ['Transport', 'Health and Social Services', 'Customer Services', 'Finance', 'City Planning'])
        expect(rows).toContain(d);

      const code = `E2E${Date.now().toString(36).slice(-5).toUpperCase()}`;
      const name = `Digital Services ${code}`;
      await field(page, 'Name').fill(name);
      await field(page, 'Code').fill(code);
      await page.getByRole('button', { name: 'Create department' }).click();
      await expect.poll(async () => (await tableRows(page, 'Departments').allInnerTexts()).join('\n'), { timeout: 10_000 }).toContain(name);
      await visit(page, 'admin-departments-created', 'Departments');
    });
  });
});

describe('API tokens', () => {
  it('a user creates a token, sees it once, and it works against the API', async () => {
    await withPage('buyer', async (page) => {
      await mainNav(page).getByRole('link', { name: 'API tokens' }).click();
      await visit(page, 'tokens', 'API tokens');

      // A name is required, and the form says so.
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.getByText(/Give the token a name/).waitFor();

      const name = `Reporting script ${Date.now().toString(36)}`;
      await field(page, 'Token name').fill(name);
      await page.getByRole('button', { name: 'Create token' }).click();
      const shown = page.getByLabel('New API token');
      await shown.waitFor();
      const token = (await shown.innerText()).trim();
      expect(token.length).toBeGreaterThan(20);
      await page.getByText('It will not be shown again.').waitFor();
      await visit(page, 'tokens-created', 'API tokens');

      // The token works as a bearer token, as the buyer.
      const me = await fetch(`${BASE_URL}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect(JSON.stringify(await me.json())).toContain(account('buyer').email);

      await page.getByRole('button', { name: 'I have stored it safely' }).click();
      await shown.waitFor({ state: 'detached' });
      const rows = (await settledRows(page, 'Your API tokens')).join('\n');
      expect(rows).toContain(name);
      expect(rows).not.toContain(token);
      // Never again: not after a reload either.
      await page.reload();
      await h1(page, 'API tokens').waitFor();
      await settledRows(page, 'Your API tokens');
      expect(await page.content()).not.toContain(token);
      await visit(page, 'tokens-list', 'API tokens');
    });
  });
});

describe('addresses that lead nowhere', () => {
  it('an unknown page and a forbidden page explain themselves', async () => {
    await withPage('vendor', async (page) => {
      await page.goto('/no-such-page');
      await visit(page, 'not-found', 'Page not found');
      await page.getByRole('link', { name: 'Go to the home page' }).waitFor();
      // A vendor may not manage users.
      await page.goto('/admin/users');
      await visit(page, 'forbidden', "You don't have access to this page");
    });
  });
});
