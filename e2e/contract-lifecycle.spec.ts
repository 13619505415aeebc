/**
 * (b) Procurement records a contract through the form (first meeting a validation error next to
 * the ceiling field), sees it, edits its title; then the auditor finds both changes in the
 * audit log. axe runs on every page on the way, including the form showing its error.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account, choose, field, fieldError, h1, launchBrowser, login, mainNav, newPage, tableRows, visit } from './support.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const stamp = Date.now().toString(36).toUpperCase();
const reference = `E2E-${stamp}`;
const title = `Speech-to-text for the permits hotline ${stamp}`;
const newTitle = `Speech-to-text for permits and licensing ${stamp}`;
let contractId = '';

async function fillForm(page: Page): Promise<void> {
  await field(page, 'Reference').fill(reference);
  await choose(page, 'Status', 'Active');
  await field(page, 'Title').fill(title);
  await field(page, 'Description').fill('Transcribes calls to the permits hotline so that staff can search and summarise them.');
  await choose(page, 'Vendor', 'ClearScribe Transcription GmbH', 'ClearScribe');
  await choose(page, 'Department', 'Transport', 'Transport');
  await choose(page, 'Contract type', 'Service access');
  await choose(page, 'Pricing model', 'Usage-based');
  await choose(page, 'Currency', 'USD', 'USD');
  await field(page, 'Value').fill('120000.00');
  // A ceiling below the value: the server refuses it and says so next to the field.
  await field(page, 'Ceiling').fill('90000.00');
  await choose(page, 'Rule pack', /^United States/);
  await field(page, 'Start date').fill('2026-02-01');
  await field(page, 'End date').fill('2027-01-31');
  await choose(page, 'Risk tier', 'Medium');
}

describe('a contract from creation to the audit log', () => {
  it('procurement creates a contract, fixing a validation error first, then edits its title', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page, 'procurement');
      await mainNav(page).getByRole('link', { name: 'Contracts' }).click();
      await h1(page, 'Contracts').waitFor();
      await page.getByRole('link', { name: 'New contract' }).click();
      await visit(page, 'contract-new', 'New contract');

      await fillForm(page);
      await page.getByRole('button', { name: 'Create contract' }).click();
      const ceiling = field(page, 'Ceiling');
      await expect.poll(() => fieldError(ceiling), { timeout: 10_000 }).toMatch(/\S/);
      const message = await fieldError(ceiling);
      expect(message.toLowerCase()).toMatch(/ceiling|value/);
      // Still on the form, nothing created.
      expect(new URL(page.url()).pathname).toBe('/contracts/new');
      await visit(page, 'contract-new-validation-error', 'New contract');

      await ceiling.fill('150000.00');
      await page.getByRole('button', { name: 'Create contract' }).click();
      await h1(page, title).waitFor();
      const m = /^\/contracts\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname);
      expect(m, `detail page URL ${page.url()}`).not.toBeNull();
      contractId = (m as RegExpExecArray)[1] as string;
      await page.getByText(reference).first().waitFor();
      await page.getByText('ClearScribe Transcription GmbH').first().waitFor();
      await visit(page, 'contract-detail', title);

      await page.getByRole('link', { name: 'Edit contract' }).click();
      await visit(page, 'contract-edit', `Edit ${reference}`);
      expect(await field(page, 'Title').inputValue()).toBe(title);
      await field(page, 'Title').fill(newTitle);
      await page.getByRole('button', { name: 'Save changes' }).click();
      await h1(page, newTitle).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/contracts/${contractId}`);
      await visit(page, 'contract-detail-after-edit', newTitle);

      // The list finds it by its new title.
      await page.goto(`/contracts?q=${encodeURIComponent(reference)}`);
      await h1(page, 'Contracts').waitFor();
      const rows = tableRows(page, 'Contracts');
      await expect.poll(() => rows.allInnerTexts(), { timeout: 10_000 }).toEqual([expect.stringContaining(newTitle)]);
    } finally {
      await context.close();
    }
  });

  it('the auditor sees contract.create and contract.update for it in the audit log', async () => {
    expect(contractId, 'the contract from the previous test').not.toBe('');
    const { context, page } = await newPage(browser);
    try {
      await login(page, 'auditor');
      await mainNav(page).getByRole('link', { name: 'Audit log' }).click();
      await visit(page, 'audit-log', 'Audit log');

      // Narrow to this contract: filter by action through the form, then by entity in the URL.
      await field(page, 'Action').fill('contract.update');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL((u) => new URL(u.toString()).searchParams.get('action') === 'contract.update');
      await page.goto(`/audit?entityType=contract&entityId=${contractId}`);
      await h1(page, 'Audit log').waitFor();
      const rows = tableRows(page, 'Audit entries');
      await expect
        .poll(async () => (await rows.allInnerTexts()).join('\n'), { timeout: 10_000 })
        .toMatch(/contract\.update[\s\S]*contract\.create|contract\.create[\s\S]*contract\.update/);
      const texts = await rows.allInnerTexts();
      const create = texts.find((t) => t.includes('contract.create'));
      const update = texts.find((t) => t.includes('contract.update'));
      expect(create).toContain(account('procurement').email);
      expect(update).toContain(account('procurement').email);
      // The entity column shows the start of the id.
      expect(update).toContain(contractId.slice(0, 8));
      await visit(page, 'audit-log-contract', 'Audit log');

      // Open the update entry: its before/after show the title change.
      const updateRow = rows.filter({ hasText: 'contract.update' }).first();
      await updateRow.getByRole('button', { name: /^Show details of entry/ }).click();
      const details = page.getByText(newTitle).first();
      await details.waitFor();
      await page.getByText(title, { exact: false }).first().waitFor();
      await visit(page, 'audit-log-entry-open', 'Audit log');

      // The contract page, every tab the auditor may see; History shows the same two entries.
      await page.goto(`/contracts/${contractId}`);
      await h1(page, newTitle).waitFor();
      const tabs = page.getByRole('tablist', { name: 'Contract sections' }).getByRole('tab');
      const names = (await tabs.allInnerTexts()).map((t) => t.trim());
      expect(names).toEqual(expect.arrayContaining(['Overview', 'Documents', 'History']));
      expect(await page.getByRole('link', { name: 'Edit contract' }).count()).toBe(0);
      for (const name of names) {
        await page.getByRole('tab', { name, exact: true }).click();
        await expect.poll(() => page.getByRole('tab', { name, exact: true }).getAttribute('aria-selected')).toBe('true');
        if (name === 'History') {
          await page.getByText('contract.update').first().waitFor();
          await page.getByText('contract.create').first().waitFor();
        }
        await visit(page, `contract-tab-${name}`, newTitle);
      }
    } finally {
      await context.close();
    }
  });
});
