// Shared set-up of the browser tests: Debian's Chromium driven by
// playwright-core (no browser download), the URL of a running `kinet serve`
// and the account to sign in with, all from the environment that
// scripts/test-web sets.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

export const BASE = process.env.KINET_URL ?? 'http://127.0.0.1:8080';
export const EMAIL = process.env.KINET_WEB_EMAIL ?? '';
export const PASSWORD = process.env.KINET_WEB_PASSWORD ?? '';

/** The accounts scripts/with-web-server creates, by role. */
export const ACCOUNTS = {
  secretariat: { email: EMAIL, password: PASSWORD },
  officer: { email: process.env.KINET_WEB_OFFICER_EMAIL ?? '', password: process.env.KINET_WEB_OFFICER_PASSWORD ?? '' },
  coordinator: { email: process.env.KINET_WEB_COORD_EMAIL ?? '', password: process.env.KINET_WEB_COORD_PASSWORD ?? '' },
  agency: { email: process.env.KINET_WEB_AGENCY_EMAIL ?? '', password: process.env.KINET_WEB_AGENCY_PASSWORD ?? '' },
  expert: { email: process.env.KINET_WEB_EXPERT_EMAIL ?? '', password: process.env.KINET_WEB_EXPERT_PASSWORD ?? '' },
};
export const CHROMIUM = process.env.KINET_CHROMIUM ?? '/usr/bin/chromium';

export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run scripts/install-deps (Debian package chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// The browser logs every HTTP error answer of fetch() as "Failed to load
// resource"; 401 (signed out) and 404 (a route the server does not offer yet,
// shown as "not available yet") are answers the app handles, not errors.
const EXPECTED = /Failed to load resource: the server responded with a status of (401|404)/;

/** A new page that records console errors and uncaught exceptions into `errors`. */
export async function newPage(browser, errors, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB', ...options });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !EXPECTED.test(msg.text())) errors.push(`console: ${msg.text()} (${page.url()})`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message} (${page.url()})`));
  // Generous: on a loaded CI machine the first load of the bundle can take many seconds.
  page.setDefaultTimeout(60000);
  page.setDefaultNavigationTimeout(120000);
  return page;
}

/** Opens a route of the app ("#/city/beijing") and waits for the shell. */
export async function open(page, hash = '#/') {
  await page.goto(`${BASE}/${hash}`);
  await page.waitForSelector('body[data-ready="1"]');
}

/** Signs in with the login form as one of ACCOUNTS (default: the secretariat); the page must be in English. */
export async function signIn(page, who = 'secretariat') {
  const { email, password } = ACCOUNTS[who];
  if (!email || !password) throw new Error(`the ${who} account is not set (scripts/with-web-server creates it)`);
  await open(page, '#/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('.account .who');
}

/** Sets the app's language before it loads (the switch itself is tested separately). */
export async function setLanguage(page, lang) {
  await page.evaluate((l) => localStorage.setItem('kinet.lang', l), lang);
  await page.reload();
  await page.waitForSelector('body[data-ready="1"]');
}
