/**
 * Shared pieces of the end-to-end specs: the browser (Debian chromium through playwright-core,
 * never a downloaded one), signing in as a demo account, and `visit`, which every spec calls on
 * every page it looks at: it waits for the page's heading, saves a screenshot under
 * test-results/e2e/ and runs axe (WCAG 2.0/2.1 A and AA), failing the test on serious or
 * critical violations (softly, so the rest of the flow still runs and reports).
 *
 * Elements are found by role and accessible name or label, as a user (or a screen reader)
 * finds them, so the specs survive changes of styling.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from '../src/cli/demo.js';
import type { Role } from '../src/core/policy.js';

export const BASE_URL = process.env.STEWARD_E2E_URL ?? '';
if (!BASE_URL) throw new Error('STEWARD_E2E_URL is not set: run the end-to-end tests with `npm run test:e2e` (scripts/e2e.ts).');

export const SHOTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-results', 'e2e');
mkdirSync(SHOTS_DIR, { recursive: true });

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The headless Debian chromium; flags keep it off the (closed) network and working as root. */
export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Debian's chromium is not installed at ${CHROMIUM}. Install it with: apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport: { width: 1366, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.setDefaultNavigationTimeout(30_000);
  // Browser-side errors are the first clue when a spec fails: keep them in the test output.
  page.on('pageerror', (e) => process.stderr.write(`[browser error] ${e.message}\n`));
  return { context, page };
}

export function account(role: Role): DemoAccount {
  const a = DEMO_ACCOUNTS.find((x) => x.role === role);
  if (!a) throw new Error(`No demo account for role ${role}`);
  return a;
}

export function firstName(role: Role): string {
  return account(role).name.split(' ')[0] as string;
}

/** The signed-in frame's main navigation. */
export function mainNav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main navigation' });
}

/** The names of the links in the main navigation, in order. */
export async function navLinks(page: Page): Promise<string[]> {
  const nav = mainNav(page);
  await nav.getByRole('link').first().waitFor();
  const names = await nav.getByRole('link').allInnerTexts();
  return names.map((n) => n.trim()).filter(Boolean);
}

/** The page's one h1. */
export function h1(page: Page, name?: string | RegExp): Locator {
  return page.getByRole('heading', { level: 1, ...(name !== undefined ? { name, exact: typeof name === 'string' } : {}) });
}

/** Sign in through the login form as a demo role and wait for the home page. */
export async function login(page: Page, role: Role): Promise<void> {
  const a = account(role);
  await page.goto('/login');
  await h1(page, 'Sign in').waitFor();
  await page.getByRole('textbox', { name: 'E-mail' }).fill(a.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await h1(page, `Welcome, ${firstName(role)}`).waitFor();
}

/** Wait until nothing shows a loading state (skeleton rows, aria-busy tables, loaders). */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page
    .locator('[aria-busy="true"]')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => {});
  // Let finite CSS transitions and animations (dialogs and notifications fading in) finish, so
  // axe judges colours as the user finally sees them, not half-way through a fade.
  await page
    .waitForFunction(
      `document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)`,
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => {});
  await page.waitForTimeout(50);
}

export interface AxeIssue {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; summary: string }[];
}

/** Run axe on the page as it is now; returns the serious and critical violations. */
export async function axeIssues(page: Page): Promise<AxeIssue[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map(String).join(' '),
        html: n.html.length > 200 ? `${n.html.slice(0, 200)}…` : n.html,
        summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
      })),
    }));
}

export function formatAxe(where: string, issues: AxeIssue[]): string {
  if (issues.length === 0) return '';
  const lines = [`Accessibility (axe, WCAG 2.1 AA) on ${where}: ${issues.length} serious/critical rule(s) violated`];
  for (const i of issues) {
    lines.push(`  [${i.impact}] ${i.id}: ${i.help}  (${i.helpUrl})`);
    for (const n of i.nodes.slice(0, 8)) {
      lines.push(`      at ${n.target}`);
      lines.push(`         ${n.html}`);
      if (n.summary) lines.push(`         ${n.summary}`);
    }
    if (i.nodes.length > 8) lines.push(`      … and ${i.nodes.length - 8} more element(s)`);
  }
  return lines.join('\n');
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * Check the page the browser is on: wait for its h1 (by name when given), let it settle, save
 * a full-page screenshot as test-results/e2e/<name>.png, and run axe. Serious or critical
 * violations fail the test (softly) with a readable list.
 */
export async function visit(page: Page, name: string, heading?: string | RegExp): Promise<void> {
  await h1(page, heading).first().waitFor();
  await settle(page);
  await page.screenshot({ path: path.join(SHOTS_DIR, `${slug(name)}.png`), fullPage: true });
  const issues = await axeIssues(page);
  const report = formatAxe(`${name} (${new URL(page.url()).pathname}${new URL(page.url()).search})`, issues);
  if (report) process.stderr.write(`\n${report}\n`);
  expect.soft(report, `axe on ${name}`).toBe('');
}

/**
 * The error message tied to a form field through aria-describedby (Mantine renders the error
 * element and links it), or '' when the field is not marked invalid.
 */
export async function fieldError(field: Locator): Promise<string> {
  if ((await field.getAttribute('aria-invalid')) !== 'true') return '';
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts: string[] = [];
  for (const id of ids) {
    const el = field.page().locator(`[id="${id}"]`);
    if ((await el.count()) > 0) texts.push((await el.innerText()).trim());
  }
  return texts.join(' ');
}

/**
 * Choose an option of a select (a combobox) by its label and the option's visible name; for a
 * searchable one, `typed` is typed first to narrow the list.
 */
export async function choose(page: Page, label: string, option: string | RegExp, typed?: string): Promise<void> {
  const box = page.getByRole('combobox', { name: label, exact: true });
  await box.click();
  if (typed !== undefined) await box.fill(typed);
  await page
    .getByRole('option', { name: option, exact: typeof option === 'string' })
    .first()
    .click();
  await page
    .getByRole('listbox')
    .first()
    .waitFor({ state: 'hidden' })
    .catch(() => {});
}

/** A text field (input or textarea) by its exact accessible name. */
export function field(page: Page, name: string): Locator {
  return page.getByRole('textbox', { name, exact: true });
}

/** Wait for the browser's URL to satisfy a check (search params land in the URL asynchronously). */
export async function waitForUrl(page: Page, check: (url: URL) => boolean, what: string): Promise<URL> {
  try {
    await page.waitForURL((u) => check(new URL(u.toString())), { timeout: 10_000 });
  } catch {
    throw new Error(`Expected the URL to have ${what}; it is ${page.url()}`);
  }
  return new URL(page.url());
}

/** The body rows of a table named by its caption, without the header row. */
export function tableRows(page: Page, caption: string): Locator {
  return page.getByRole('table', { name: caption }).getByRole('rowgroup').nth(1).getByRole('row');
}
