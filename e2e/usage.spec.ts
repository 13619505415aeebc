/**
 * Cost and usage: procurement sets up a usage-priced contract in Transport with one catalog
 * service (through the API, as setup); Transport's IT and data officer imports a small FOCUS
 * file through the Usage tab (with the upload's progress and summary), sees the spend figures,
 * the chart with its table of figures, spend by service and the unmatched image-generation
 * service, and its finding on the Findings tab. Procurement adds that service to the catalog
 * from the unmatched list: the list empties, the spend moves to the new entry and the finding is
 * resolved. The portfolio page lists the contract by burn. Then the auditor reads the same tab
 * without any action, and a buyer of another department is told the usage stays within it.
 * axe runs on every page on the way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choose, field, h1, launchBrowser, login, mainNav, newPage, tableRows, visit } from './support.js';

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launchBrowser();
  dir = mkdtempSync(path.join(os.tmpdir(), 'steward-usage-e2e-'));
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const stamp = Date.now().toString(36).toUpperCase();
const REFERENCE = `HV-U-${stamp}`;
const CONTRACT = `Transit service assistant ${stamp}`;
const ACCOUNT = `acct-${stamp.toLowerCase()}`;
const UNMATCHED = `Image generation ${stamp}`;
const FILE = `focus-usage-${stamp.toLowerCase()}.csv`;
const FINDING = new RegExp(`^"${UNMATCHED}" outside the catalog used by`);

const day = (offset: number, from = new Date().toISOString().slice(0, 10)) => {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
};

/** A FOCUS 1.2 file: 20 days of chat tokens in the catalog, and two days of an image service that is not. */
function focusFile(): string {
  const header =
    'BillingAccountId,SubAccountId,ServiceName,SkuId,ResourceId,ChargeCategory,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ConsumedQuantity,ConsumedUnit,PricingQuantity,PricingUnit,Tags';
  const row = (d: string, sub: string, service: string, sku: string, resource: string, cost: string, qty: string, unit: string) =>
    [
      ACCOUNT,
      sub,
      service,
      sku,
      resource,
      'Usage',
      `${d}T00:00:00Z`,
      `${day(1, d)}T00:00:00Z`,
      cost,
      cost,
      'USD',
      qty,
      unit,
      qty,
      unit,
      '"{""department"":""Transport""}"',
    ].join(',');
  const lines = [header];
  for (let i = 20; i >= 1; i--)
    lines.push(row(day(-i), 'sub-transit', 'Chat completions', 'chat-large', 'res-chat', '250.00', '25000000', 'Tokens'));
  for (const i of [3, 2])
    lines.push(row(day(-i), 'sub-marketing', UNMATCHED, 'img-hd', `res-img-${stamp.toLowerCase()}`, '42.50', '85', 'Images'));
  return `${lines.join('\n')}\n`;
}

/** Call the API as the signed-in user (setup only): the session cookie, and the CSRF header on writes. */
async function apiCall<T>(context: BrowserContext, page: Page, method: 'GET' | 'POST', url: string, data?: unknown): Promise<T> {
  const csrf = (await context.cookies()).find((c) => c.name === 'steward_csrf')?.value ?? '';
  const res = await page.request.fetch(url, { method, data, headers: method === 'GET' ? {} : { 'X-CSRF-Token': csrf } });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await h1(page, 'Sign in').waitFor();
}

async function openUsageTab(page: Page, reference = REFERENCE, title = CONTRACT): Promise<void> {
  await page.goto(`/contracts?q=${reference}`);
  await h1(page, 'Contracts').waitFor();
  await page.getByRole('link', { name: reference }).first().click();
  await h1(page, title).waitFor();
  await page.getByRole('tab', { name: 'Usage' }).click();
  await expect.poll(() => page.getByRole('tab', { name: 'Usage' }).getAttribute('aria-selected')).toBe('true');
}

/** The title of an empty state (a plain line of text, not a heading). */
const emptyState = (page: Page, title: string) => page.getByText(title, { exact: true });

describe('cost and usage', () => {
  it('IT and data imports a FOCUS file; unmatched usage raises a finding; procurement adds it to the catalog and the finding resolves', async () => {
    const { context, page } = await newPage(browser);
    try {
      // --- Setup as procurement: the contract and one catalog service, through the API.
      await login(page, 'procurement');
      const departments = await apiCall<{ items: { id: string; name: string }[] }>(context, page, 'GET', '/api/departments');
      const vendors = await apiCall<{ items: { id: string; legalName: string }[] }>(context, page, 'GET', '/api/vendors?q=Northwind');
      const contract = await apiCall<{ id: string }>(context, page, 'POST', '/api/contracts', {
        reference: REFERENCE,
        title: CONTRACT,
        vendorId: vendors.items[0].id,
        departmentId: departments.items.find((d) => d.name === 'Transport')?.id,
        type: 'service_access',
        pricingModel: 'usage_based',
        currency: 'USD',
        value: '18000.00',
        ceiling: '20000.00',
        startDate: day(-60),
        endDate: day(180),
        riskTier: 'medium',
        rulePack: 'us-far',
        status: 'active',
      });
      await apiCall(context, page, 'POST', `/api/contracts/${contract.id}/usage/services`, {
        name: 'Chat model (production)',
        environment: 'production',
        budget: '8000',
        identifiers: { serviceName: 'Chat completions', billingAccountId: ACCOUNT },
        rates: [{ label: 'per million tokens', unit: 'Tokens', per: 1_000_000, price: '10.00' }],
      });
      await logout(page);

      // --- IT and data of Transport: the empty tab, then the import through the dialog.
      await login(page, 'it_data');
      await openUsageTab(page);
      await emptyState(page, 'No usage recorded yet').waitFor();
      await visit(page, 'usage-tab-empty', CONTRACT);

      const file = path.join(dir, FILE);
      writeFileSync(file, focusFile());
      await page.getByRole('button', { name: 'Import a file' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Import cost and usage' });
      await dialog.locator('input[type="file"]').setInputFiles(file);
      await dialog.getByRole('checkbox', { name: 'Skip bad rows' }).waitFor();
      await visit(page, 'usage-import-dialog', CONTRACT);
      await dialog.getByRole('button', { name: 'Import file' }).click();
      const summary = dialog.getByRole('status').filter({ hasText: `Imported ${FILE}` });
      await summary.waitFor({ timeout: 30_000 });
      expect(await summary.innerText()).toMatch(/22 rows imported of 22 read \(FOCUS/);
      expect(await summary.innerText()).toMatch(/Billed cost: US\$5,085\.00/);
      expect(await summary.innerText()).toMatch(/2 rows matched no catalog entry/);
      await visit(page, 'usage-import-done', CONTRACT);
      await dialog.getByRole('button', { name: 'Close', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });

      // The figures, the chart (with its sentence and its table of figures), spend by service.
      const figures = page.getByRole('region', { name: 'Spend in figures' });
      await expect.poll(() => figures.innerText()).toMatch(/Spent to date\s+US\$5,085/);
      expect(await figures.innerText()).toMatch(/25\.4% of the ceiling \(US\$20,000\)/);
      const chart = page.getByRole('region', { name: 'Spend against the ceiling over time' });
      await chart.locator('svg.recharts-surface').first().waitFor();
      expect(await chart.locator('figcaption').innerText()).toMatch(/^US\$5,085\.00 spent by .*25\.4% of the ceiling of US\$20,000\.00/);
      await chart.getByRole('button', { name: 'Show the figures as a table' }).click();
      await expect.poll(() => tableRows(page, `Spend by month on ${REFERENCE}`).count()).toBeGreaterThan(0);
      const byService = tableRows(page, `Spend by service on ${REFERENCE}`);
      const chat = byService.filter({ hasText: 'Chat model (production)' });
      expect(await chat.innerText()).toMatch(/US\$5,000\.00[\s\S]*62\.5%[\s\S]*500 million Tokens[\s\S]*US\$10\.00 per million tokens/);
      expect(await byService.filter({ hasText: 'Not in the catalog' }).innerText()).toMatch(/US\$85\.00/);
      const unmatched = tableRows(page, `Unmatched usage on ${REFERENCE}`).filter({ hasText: UNMATCHED });
      expect(await unmatched.innerText()).toMatch(/sub-marketing[\s\S]*US\$85\.00[\s\S]*Open/i);
      expect(await tableRows(page, `Usage imports of ${REFERENCE}`).filter({ hasText: FILE }).innerText()).toMatch(/22 of 22/);
      await visit(page, 'usage-tab-imported', CONTRACT);

      // The unmatched service is a finding.
      await page.getByRole('tab', { name: 'Findings' }).click();
      await page.getByRole('heading', { name: 'Needs attention' }).waitFor();
      const finding = page.getByRole('article', { name: FINDING });
      await finding.waitFor();
      expect(await finding.innerText()).toMatch(/Open/);
      await visit(page, 'usage-finding-open', CONTRACT);
      await logout(page);

      // --- Procurement adds the unmatched service to the catalog from the list.
      await login(page, 'procurement');
      await openUsageTab(page);
      await page
        .getByRole('table', { name: `Unmatched usage on ${REFERENCE}` })
        .getByRole('button', { name: `Add ${UNMATCHED} to the catalog` })
        .click();
      const add = page.getByRole('dialog', { name: 'Add to the catalog' });
      await add.waitFor();
      expect(await field(page, 'Name').inputValue()).toBe(UNMATCHED);
      expect(await field(page, 'Service name').inputValue()).toBe(UNMATCHED);
      expect(await field(page, 'Sub-account ID').inputValue()).toBe('sub-marketing');
      // Without an environment the form says what is missing.
      await add.getByRole('button', { name: 'Add to catalog' }).click();
      await add.getByText('Choose the environment').waitFor();
      await choose(page, 'Environment', 'Pilot');
      await field(page, 'Purpose').fill('Marketing pilot of generated images for service notices.');
      await visit(page, 'usage-add-to-catalog', CONTRACT);
      await add.getByRole('button', { name: 'Add to catalog' }).click();
      await add.waitFor({ state: 'detached' });

      // The list empties, the entry is approved, and its spend is no longer unmatched.
      await emptyState(page, 'All usage matches the catalog').waitFor();
      const entry = tableRows(page, `Service catalog of ${REFERENCE}`).filter({ hasText: UNMATCHED });
      expect(await entry.innerText()).toMatch(/Pilot[\s\S]*Approved/i);
      await expect.poll(() => byService.filter({ hasText: UNMATCHED }).innerText()).toMatch(/US\$85\.00/);
      expect(await byService.filter({ hasText: 'Not in the catalog' }).count()).toBe(0);
      await visit(page, 'usage-tab-all-matched', CONTRACT);

      // The finding is resolved.
      await page.getByRole('tab', { name: 'Findings' }).click();
      await page.getByRole('heading', { name: 'Needs attention' }).waitFor();
      expect(await page.getByRole('article', { name: FINDING }).count()).toBe(0);
      await page.getByRole('button', { name: /Show resolved findings/ }).click();
      const resolved = page.getByRole('article', { name: FINDING });
      await resolved.waitFor();
      expect(await resolved.innerText()).toMatch(/Resolved/);
      await visit(page, 'usage-finding-resolved', CONTRACT);

      // The portfolio page lists the contract by burn and leads to its Usage tab.
      await mainNav(page).getByRole('link', { name: 'Usage' }).click();
      await h1(page, 'Usage and spend').waitFor();
      const row = tableRows(page, 'Contracts by share of the ceiling spent').filter({ hasText: REFERENCE });
      expect(await row.innerText()).toMatch(/25\.4%[\s\S]*US\$5,085\.00[\s\S]*None/);
      await visit(page, 'usage-portfolio', 'Usage and spend');
      await row.getByRole('link', { name: REFERENCE }).click();
      await h1(page, CONTRACT).waitFor();
      await expect.poll(() => page.getByRole('tab', { name: 'Usage' }).getAttribute('aria-selected')).toBe('true');
    } finally {
      await context.close();
    }
  });

  it('the auditor reads a contract’s usage without any action; a buyer of another department is told it stays there', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page, 'auditor');
      await openUsageTab(page, 'HV-2025-009', 'Large language model API access');
      await page.getByRole('region', { name: 'Spend in figures' }).waitFor();
      await page.getByRole('table', { name: 'Unmatched usage on HV-2025-009' }).waitFor();
      expect(
        await page
          .getByRole('button', {
            name: /Import a file|Add a service|Ask to add|Change settings|to the catalog|with the team|^Decide|^Change /,
          })
          .count(),
      ).toBe(0);
      await visit(page, 'usage-auditor-tab', 'Large language model API access');
      await logout(page);

      // Transport's buyer: the Finance contract's usage is not theirs to see.
      await login(page, 'buyer');
      await openUsageTab(page, 'HV-2025-009', 'Large language model API access');
      await emptyState(page, 'Usage is kept within the department').waitFor();
      expect(await page.getByRole('region', { name: 'Spend in figures' }).count()).toBe(0);
      await visit(page, 'usage-other-department', 'Large language model API access');
      await mainNav(page).getByRole('link', { name: 'Usage' }).click();
      await h1(page, 'Usage and spend').waitFor();
      expect(await page.getByRole('link', { name: 'HV-2025-009' }).count()).toBe(0);
      await visit(page, 'usage-portfolio-buyer', 'Usage and spend');
    } finally {
      await context.close();
    }
  });
});
