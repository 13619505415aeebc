/**
 * Invoices, payments and prompt payment: the vendor submits an invoice on the contract's Invoices
 * tab (first with a billing period after the contract ends, which the form shows on the field)
 * without the contact for defects, so it fails the proper-invoice checklist; procurement finds it
 * among the defective payables and returns it with a reason; the vendor corrects it and sends it
 * again; the buyer approves it with the date the work was accepted; procurement corrects the
 * received date (the corrected invoice had reached the accounts mailbox weeks earlier) and
 * records the payment, now late: the interest and its working show on the invoice page and the
 * interest calculator gives the same figure. The auditor reads it all without any action. axe
 * runs on every page on the way.
 */
import type { Browser, Page } from 'playwright-core';
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
/** Transport's pothole detection contract with Civic AI (the demo vendor user's company, the demo buyer's department). */
const REFERENCE = 'HV-2024-017';
const CONTRACT = 'Pothole detection from street imagery';
const NUMBER = `CAI-E2E-${stamp}`;
const INVOICE = `Invoice ${NUMBER}`;
const REASON = 'Add the name, title, phone number and address of the person to notify of a defective invoice.';
const CONTACT = 'Victor Chen, Account Manager, +1 206 555 0141, 400 Market Street, Suite 12, Harbourview WA 98101';
const PAYMENT_REF = `ACH-E2E-${stamp}`;
const FILE = `invoice-${stamp.toLowerCase()}.pdf`;
const US_FAR = 'US Prompt Payment Act (FAR 32.9)';

const day = (offset: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
};

async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await h1(page, 'Sign in').waitFor();
}

/** The invoice's state badge (and clock badge) sit next to the h1; their text, lower-cased. */
async function badges(page: Page): Promise<string> {
  await h1(page, INVOICE).waitFor();
  return (await page.locator('h1 + *').innerText()).toLowerCase();
}

/** A date on the payment clock, as YYYY-MM-DD. */
async function clockDate(page: Page, step: string): Promise<string> {
  const li = page.getByRole('list', { name: 'Payment clock' }).getByRole('listitem').filter({ hasText: step });
  return (await li.locator('time').first().getAttribute('datetime')) ?? '';
}

describe('invoices and prompt payment', () => {
  let invoicePath = '';

  it('the admin keeps a late-payment rate in effect for the US Prompt Payment rules', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page, 'admin');
      await mainNav(page).getByRole('link', { name: 'Payment rates' }).click();
      await visit(page, 'invoices-admin-rates', 'Payment interest rates');
      const table = page.getByRole('table', { name: `${US_FAR}: rates, newest first` });
      await table.waitFor();
      // The demo's table runs to the end of its current half-year; on a later day, add the next period.
      if ((await table.getByText('(in effect today)').count()) === 0) {
        const lastEnd = await tableRows(page, `${US_FAR}: rates, newest first`).first().locator('time').nth(1).getAttribute('datetime');
        const next = new Date(`${lastEnd}T00:00:00Z`);
        next.setUTCDate(next.getUTCDate() + 1);
        await page.getByRole('button', { name: `Edit rates for ${US_FAR}` }).click();
        const form = page.getByRole('form', { name: `Edit the ${US_FAR} rate table` });
        await form.getByRole('button', { name: 'Add period' }).click();
        const added = form.getByRole('group').last();
        await added.getByRole('textbox', { name: 'From' }).fill(next.toISOString().slice(0, 10));
        await added.getByRole('textbox', { name: 'Rate (% a year)' }).fill('4.75');
        await added.getByRole('textbox', { name: 'Source' }).fill('Added by the end-to-end test: the latest published rate, carried on');
        await form.getByRole('button', { name: 'Save rate table' }).click();
        await form.waitFor({ state: 'detached' });
      }
      await table.getByText('(in effect today)').waitFor();
      await mainNav(page).getByRole('link', { name: 'Payment holidays' }).click();
      await h1(page, 'Payment holidays').waitFor();
      await page
        .getByRole('table', { name: `Payment holidays in ${new Date().getUTCFullYear()}` })
        .getByRole('row')
        .nth(1)
        .waitFor();
      await visit(page, 'invoices-admin-holidays', 'Payment holidays');
    } finally {
      await context.close();
    }
  });

  it('vendor submits, procurement returns it, vendor resubmits, buyer approves, it is paid late and the interest shows', async () => {
    const { context, page } = await newPage(browser);
    try {
      // --- The vendor submits the invoice on the contract's Invoices tab.
      await login(page, 'vendor');
      await page.goto(`/contracts?q=${REFERENCE}`);
      await h1(page, 'Contracts').waitFor();
      await page.getByRole('link', { name: REFERENCE }).first().click();
      await h1(page, CONTRACT).waitFor();
      await page.getByRole('tab', { name: 'Invoices' }).click();
      await page.getByRole('heading', { name: 'Payment terms', level: 2 }).waitFor();
      await visit(page, 'invoices-tab-vendor', CONTRACT);
      // The vendor may submit but not change the payment terms.
      expect(await page.getByRole('button', { name: 'Change payment terms' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Submit invoice' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Submit an invoice' });
      await field(page, 'Invoice number').fill(NUMBER);
      await field(page, 'Invoice date').fill(day(-60));
      // Steward stamps the received date for a vendor: there is no field for it.
      expect(await dialog.getByRole('textbox', { name: 'Received on' }).count()).toBe(0);
      const line = dialog.getByRole('group', { name: 'Line 1' });
      await line.getByRole('textbox', { name: 'Line item number' }).fill('0001');
      await line.getByRole('textbox', { name: 'Description' }).fill('Street imagery processed for pothole detection');
      await line.getByRole('textbox', { name: 'Quantity' }).fill('1200');
      await line.getByRole('textbox', { name: 'Unit', exact: true }).fill('km of street');
      await line.getByRole('textbox', { name: 'Unit price (USD)' }).fill('10.25');
      // Quantity × unit price, worked out as the user types.
      expect(await line.getByRole('textbox', { name: 'Amount (USD)' }).inputValue()).toBe('12300.00');
      await field(page, 'Payment terms').fill('Net 30 days');
      await field(page, 'Remit payment to').fill(
        'Civic AI Solutions Inc., Accounts Receivable, 400 Market Street, Suite 12, Harbourview WA 98101',
      );
      // A billing period after the contract ends: the API refuses it, and the form says so on the field.
      await field(page, 'Billing period from').fill(day(40));
      await dialog.getByRole('button', { name: 'Submit invoice' }).click();
      await expect.poll(() => fieldError(field(page, 'Billing period from'))).toMatch(/after the contract ended/);
      await visit(page, 'invoices-submit-refused', CONTRACT);
      await field(page, 'Billing period from').fill(day(-90));
      await field(page, 'Billing period to').fill(day(-61));
      await dialog.getByRole('button', { name: 'Submit invoice' }).click();

      // Received, but without the contact for defects it fails the proper-invoice checklist.
      await h1(page, INVOICE).waitFor();
      invoicePath = new URL(page.url()).pathname;
      expect(await badges(page)).toContain('fails checklist');
      const checklist = page.getByRole('region', { name: 'Proper-invoice checklist' });
      await checklist.getByText('1 item missing or wrong: the invoice is defective.').waitFor();
      expect(await checklist.innerText()).toMatch(/person to notify of a defective invoice/);
      expect(await page.getByRole('button', { name: /^(Approve|Record payment|Return as defective)$/ }).count()).toBe(0);
      // The invoice document itself, attached by the vendor.
      await page
        .getByRole('form', { name: 'Attach a file to the invoice' })
        .locator('input[type="file"]')
        .setInputFiles({ name: FILE, mimeType: 'application/pdf', buffer: demoPdf(`Invoice ${NUMBER}`) });
      await page.getByRole('button', { name: 'Upload' }).click();
      await tableRows(page, `Files of ${INVOICE}`).filter({ hasText: FILE }).waitFor();
      await visit(page, 'invoices-submitted-defective', INVOICE);
      await logout(page);

      // --- Procurement finds it among the defective payables and returns it with the reason.
      await login(page, 'procurement');
      await mainNav(page).getByRole('link', { name: 'Payables' }).click();
      await h1(page, 'Payables').waitFor();
      await page.getByRole('link', { name: 'Show these invoices: defective' }).click();
      const row = tableRows(page, 'Invoices: defective').filter({ hasText: NUMBER });
      await row.waitFor();
      expect((await row.innerText()).toLowerCase()).toContain('fails checklist');
      await visit(page, 'invoices-payables-defective', 'Payables');
      await row.getByRole('link', { name: NUMBER }).click();
      await h1(page, INVOICE).waitFor();
      await page.getByRole('button', { name: 'Return as defective' }).click();
      const giveBack = page.getByRole('form', { name: 'Return the invoice as defective' });
      // The failed checklist item is offered as the reason; procurement words it for the vendor.
      expect(await giveBack.getByRole('textbox', { name: 'Reasons' }).inputValue()).toMatch(/defective invoice/);
      await giveBack.getByRole('textbox', { name: 'Reasons' }).fill(REASON);
      await visit(page, 'invoices-return-form', INVOICE);
      await giveBack.getByRole('button', { name: 'Return as defective' }).click();
      await giveBack.waitFor({ state: 'detached' });
      await expect.poll(() => badges(page)).toContain('returned as defective');
      expect(await page.getByRole('region', { name: 'History' }).innerText()).toContain(REASON);
      await visit(page, 'invoices-returned', INVOICE);
      await logout(page);

      // --- The vendor sees why, corrects it and sends it again.
      await login(page, 'vendor');
      await mainNav(page).getByRole('link', { name: 'Invoices' }).click();
      await h1(page, 'Your invoices').waitFor();
      const mine = tableRows(page, 'Invoices: not paid').filter({ hasText: NUMBER });
      await mine.waitFor();
      expect((await mine.innerText()).toLowerCase()).toContain('returned as defective');
      await visit(page, 'invoices-vendor-list', 'Your invoices');
      await mine.getByRole('link', { name: NUMBER }).click();
      await h1(page, INVOICE).waitFor();
      await page.getByRole('alert').filter({ hasText: REASON }).waitFor();
      await page.getByRole('button', { name: 'Correct and send again' }).click();
      const again = page.getByRole('dialog', { name: `Correct and send invoice ${NUMBER} again` });
      // The returned invoice comes back in full, to correct.
      expect(await again.getByRole('group', { name: 'Line 1' }).getByRole('textbox', { name: 'Quantity' }).inputValue()).toBe('1200');
      await again.getByRole('textbox', { name: 'Contact for a defective invoice' }).fill(CONTACT);
      await visit(page, 'invoices-resubmit-form', INVOICE);
      await again.getByRole('button', { name: 'Send corrected invoice' }).click();
      await again.waitFor({ state: 'detached' });
      await expect.poll(() => badges(page)).toMatch(/^received/);
      await checklist.getByText('Every item is present: a proper invoice.').waitFor();
      await visit(page, 'invoices-resubmitted', INVOICE);
      await logout(page);

      // --- The buyer approves it: the work was accepted 44 days ago.
      await login(page, 'buyer');
      await page.goto(invoicePath);
      await h1(page, INVOICE).waitFor();
      expect(await page.getByRole('button', { name: /^(Record payment|Return as defective|Correct received date)$/ }).count()).toBe(0);
      await page.getByRole('button', { name: 'Approve', exact: true }).click();
      const approve = page.getByRole('form', { name: 'Approve the invoice' });
      await approve.getByRole('textbox', { name: 'Accepted on' }).fill(day(-44));
      await approve.getByRole('textbox', { name: 'Note' }).fill('Imagery runs checked against the route log.');
      await approve.getByRole('button', { name: 'Approve invoice' }).click();
      await approve.waitFor({ state: 'detached' });
      await expect.poll(() => badges(page)).toContain('approved');
      expect(await clockDate(page, 'Accepted by the buyer')).toBe(day(-44));
      await visit(page, 'invoices-approved', INVOICE);
      await logout(page);

      // --- Procurement corrects the received date, then pays: now after the due date.
      await login(page, 'procurement');
      await page.goto(invoicePath);
      await h1(page, INVOICE).waitFor();
      await page.getByRole('button', { name: 'Correct received date' }).click();
      const received = page.getByRole('form', { name: 'Correct the received date' });
      await received.getByRole('textbox', { name: 'Received on' }).fill(day(-45));
      await received
        .getByRole('textbox', { name: 'Reason for the correction' })
        .fill('The corrected invoice reached the accounts mailbox 45 days ago; it was entered in Steward late.');
      await received.getByRole('button', { name: 'Correct received date' }).click();
      await received.waitFor({ state: 'detached' });
      await expect.poll(() => badges(page)).toMatch(/\d+ days? late/);
      const due = await clockDate(page, 'Payment due');
      expect(due < day(0)).toBe(true);

      await page.getByRole('button', { name: 'Record payment' }).click();
      const pay = page.getByRole('form', { name: 'Record a payment' });
      expect(await pay.getByRole('textbox', { name: 'Amount (USD)' }).inputValue()).toBe('12300.00');
      await pay.getByRole('textbox', { name: 'Payment reference' }).fill(PAYMENT_REF);
      // Before recording, the form says what paying today carries in interest.
      await pay
        .getByRole('alert')
        .filter({ hasText: /days? late: late-payment interest of/ })
        .waitFor();
      await visit(page, 'invoices-payment-form', INVOICE);
      await pay.getByRole('button', { name: 'Record payment' }).click();
      await pay.waitFor({ state: 'detached' });
      await expect.poll(() => badges(page)).toMatch(/paid[\s\S]*paid \d+ days? late/);

      // It lasts: after a reload the invoice is paid late and its interest and working show.
      await page.reload();
      await h1(page, INVOICE).waitFor();
      expect(await badges(page)).toMatch(/paid \d+ days? late/);
      const payments = tableRows(page, `Payments and credit notes of ${INVOICE}`).filter({ hasText: PAYMENT_REF });
      await payments.waitFor();
      // Columns: date, kind, reference, amount, days late, interest paid, recorded by.
      expect(Number(await payments.getByRole('cell').nth(4).innerText())).toBeGreaterThan(0);
      const interest = /US\$(\d+\.\d\d)/.exec(await payments.getByRole('cell').nth(5).innerText())?.[1] ?? '';
      expect(Number(interest)).toBeGreaterThan(1);
      const interestRegion = page.getByRole('region', { name: 'Late-payment interest' });
      await interestRegion.getByText(`US$${interest} interest paid with it`, { exact: false }).waitFor();
      const working = await interestRegion.innerText();
      expect(working).toContain(`Due on ${due}`);
      expect(working).toMatch(/the Prompt Payment rate in effect on the day after the due date/);
      expect(working).toContain(`Interest: USD ${interest}.`);
      await visit(page, 'invoices-paid-late', INVOICE);

      // The interest calculator gives the same figure for the same payment.
      await page.goto('/payables');
      await h1(page, 'Payables').waitFor();
      await page.getByRole('link', { name: 'Interest calculator' }).click();
      await h1(page, 'Interest calculator').waitFor();
      await choose(page, 'Rule pack', US_FAR);
      await field(page, 'Principal paid late').fill('12300.00');
      await field(page, 'Due date').fill(due);
      await field(page, 'Payment date').fill(day(0));
      await page.getByRole('button', { name: 'Work out interest' }).click();
      const result = page.getByRole('region', { name: 'Interest and working' });
      await result.getByText(/The working/).waitFor();
      expect(await result.innerText()).toContain(`Interest: USD ${interest}.`);
      await visit(page, 'invoices-interest-calculator', 'Interest calculator');

      // The paid invoice is among the paid payables, paid late.
      await page.goto(`/payables?filter=paid&q=${NUMBER}`);
      await h1(page, 'Payables').waitFor();
      const paidRow = tableRows(page, 'Invoices: paid').filter({ hasText: NUMBER });
      await paidRow.waitFor();
      expect((await paidRow.innerText()).toLowerCase()).toMatch(/paid \d+ days? late/);
      await visit(page, 'invoices-payables-paid', 'Payables');
    } finally {
      await context.close();
    }
  });

  it('the auditor reads the invoice, its clock and interest, but is offered no action', async () => {
    const { context, page } = await newPage(browser);
    try {
      await login(page, 'auditor');
      await page.goto(`/contracts?q=${REFERENCE}`);
      await page.getByRole('link', { name: REFERENCE }).first().click();
      await h1(page, CONTRACT).waitFor();
      await page.getByRole('tab', { name: 'Invoices' }).click();
      const row = tableRows(page, `Invoices of ${REFERENCE}`).filter({ hasText: NUMBER });
      await row.waitFor();
      expect(await page.getByRole('button', { name: /Submit invoice|Enter invoice|Change payment terms/ }).count()).toBe(0);
      await visit(page, 'invoices-auditor-tab', CONTRACT);
      await row.getByRole('link', { name: NUMBER }).click();
      await h1(page, INVOICE).waitFor();
      await page.getByRole('region', { name: 'Late-payment interest' }).getByText('The working').first().waitFor();
      expect(
        await page
          .getByRole('button', { name: /Approve|Return as defective|Record payment|Record credit note|Correct|Schedule|Upload/ })
          .count(),
      ).toBe(0);
      await visit(page, 'invoices-auditor-invoice', INVOICE);
    } finally {
      await context.close();
    }
  });
});
