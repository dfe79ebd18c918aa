// Screenshots of the main screens for docs/web.md (docs/screenshots/), taken
// only when KINET_SCREENSHOTS=1 (scripts/test-web passes the directory).
import { test, before, after } from 'node:test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch, newPage, open, signIn, setLanguage } from './helpers.mjs';

const ENABLED = process.env.KINET_SCREENSHOTS === '1';
const DIR = process.env.KINET_SCREENSHOT_DIR ?? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const BAD_CSV = fileURLToPath(new URL('./fixtures/monitoring-bad-row.csv', import.meta.url));

let browser;
const errors = [];

before(async () => {
  if (!ENABLED) return;
  mkdirSync(DIR, { recursive: true });
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Waits until the screen has loaded its data and drawn its charts. */
async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 30000 }).catch(() => {});
  await page.waitForTimeout(400);
}

async function shot(page, name, fullPage = false) {
  await settle(page);
  await page.screenshot({ path: `${DIR}/${name}.png`, fullPage });
}

test('screenshots of the main screens', { skip: ENABLED ? false : 'set KINET_SCREENSHOTS=1 to take them' }, async () => {
  const page = await newPage(browser, errors, { viewport: { width: 1280, height: 860 } });
  await open(page, '#/login');
  await setLanguage(page, 'en');
  await shot(page, 'sign-in');
  await signIn(page);
  await open(page, '#/');
  await shot(page, 'map');
  await open(page, '#/city/beijing');
  await page.getByTestId('aqi-calendar').locator('svg').waitFor({ timeout: 120000 });
  await shot(page, 'city-beijing', true);
  await open(page, '#/explorer');
  await shot(page, 'explorer');
  await open(page, '#/entry');
  await settle(page);
  await page.getByLabel('What the file holds').selectOption('monitoring');
  await page.getByRole('combobox', { name: 'City' }).last().selectOption('beijing');
  await page.getByLabel('Layout').selectOption('wide');
  await page.locator('input[type=file]').setInputFiles(BAD_CSV);
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.locator('.row-report').waitFor();
  await shot(page, 'upload-error-report', true);
  await open(page, '#/members');
  await shot(page, 'members');
  await open(page, '#/users');
  await shot(page, 'users', true);
  await open(page, '#/audit');
  await shot(page, 'audit');
  await setLanguage(page, 'zh');
  await open(page, '#/city/beijing');
  await page.getByTestId('aqi-calendar').locator('svg').waitFor({ timeout: 120000 });
  await shot(page, 'city-beijing-zh', true);
  await open(page, '#/');
  await shot(page, 'map-zh');
  await page.context().close();

  const phone = await newPage(browser, errors, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await open(phone, '#/city/beijing');
  await setLanguage(phone, 'en');
  await phone.getByTestId('aqi-calendar').locator('svg').waitFor({ timeout: 120000 });
  await settle(phone);
  await phone.locator('#air').evaluate((el) => el.scrollIntoView());
  await shot(phone, 'phone-city');
  await phone.evaluate(() => window.scrollTo(0, 0));
  await phone.getByRole('button', { name: 'Menu' }).click();
  await shot(phone, 'phone-menu');
  await phone.context().close();
});
