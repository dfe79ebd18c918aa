// Browser tests of the web app against a real `kinet serve` with the sample
// network (scripts/test-web starts it). One Chromium for the whole file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launch, newPage, open, signIn, setLanguage } from './helpers.mjs';

const BAD_CSV = fileURLToPath(new URL('./fixtures/monitoring-bad-row.csv', import.meta.url));

let browser;
const errors = [];

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('sign in with e-mail and password', async () => {
  const page = await newPage(browser, errors);
  await signIn(page);
  const who = await page.locator('.account .who').textContent();
  assert.match(who, /Signed in as/);
  assert.match(who, /Secretariat/);
  // The secretariat sees the administration screens in the main menu.
  const menu = page.getByRole('navigation', { name: 'Main menu' });
  for (const name of ['Network map', 'Users', 'Audit log']) {
    assert.equal(await menu.getByRole('link', { name }).count(), 1, name);
  }
  await page.context().close();
});

test('open a city: Beijing in both scripts, in English and in Chinese', async () => {
  const page = await newPage(browser, errors);
  await open(page, '#/');
  await setLanguage(page, 'en');
  await page.getByRole('link', { name: 'Beijing', exact: true }).first().click();
  const h1 = page.getByTestId('city-name');
  await h1.waitFor();
  assert.equal(await page.evaluate(() => location.hash), '#/city/beijing');
  let text = await h1.textContent();
  assert.ok(text.startsWith('Beijing'), text);
  assert.ok(text.includes('北京'), text);
  assert.ok(await page.getByRole('heading', { name: 'Profile', exact: true }).isVisible());
  assert.ok(await page.getByRole('heading', { name: 'Membership' }).isVisible());
  // Units print as symbols, not as the API's codes (fmtUnit): Beijing's PM2.5
  // target (data/sample/targets.csv) is in µg/m³.
  const targets = page.getByTestId('targets-table');
  await targets.waitFor();
  const targetText = await targets.textContent();
  assert.ok(targetText.includes('µg/m³'), targetText);
  assert.ok(!targetText.includes('ug/m3'), targetText);

  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh');
  text = await page.getByTestId('city-name').textContent();
  assert.ok(text.startsWith('北京'), text);
  assert.ok(text.includes('Beijing'), text);
  assert.ok(await page.getByRole('heading', { name: '城市概况' }).isVisible());
  await page.context().close();
});

test('switch to Chinese: the whole interface and html lang change', async () => {
  const page = await newPage(browser, errors);
  await open(page, '#/');
  await setLanguage(page, 'en');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const sw = page.getByTestId('lang-switch');
  assert.match(await sw.textContent(), /^中文/);
  await sw.click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh');
  const menu = page.getByRole('navigation', { name: '主菜单' });
  assert.equal(await menu.getByRole('link', { name: '网络地图' }).count(), 1);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '网络地图');
  // The choice is kept, and focus stays on the switch for keyboard users.
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'lang-switch');
  await page.reload();
  await page.waitForSelector('body[data-ready="1"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh');
  // Numbers and dates follow the language (Intl): the member table shows Chinese dates.
  await page.locator('table tbody tr').first().waitFor();
  const body = await page.locator('table').first().textContent();
  assert.match(body, /\d{4}年\d{1,2}月\d{1,2}日/);
  await page.context().close();
});

test('upload a CSV with a bad row: the report names the line and the column', async () => {
  const page = await newPage(browser, errors);
  await signIn(page);
  await open(page, '#/entry');
  await page.getByLabel('What the file holds').selectOption('monitoring');
  await page.getByRole('region', { name: 'Upload a file' }).getByRole('combobox', { name: 'City' }).selectOption('beijing');
  await page.getByLabel('Layout').selectOption('wide');
  await page.locator('input[type=file]').setInputFiles(BAD_CSV);
  await page.getByRole('button', { name: 'Upload' }).click();
  const report = page.locator('.row-report');
  await report.waitFor();
  const text = await report.textContent();
  assert.match(text, /line 3, field time/i, text);
  assert.match(await page.locator('.message-error').textContent(), /Nothing was changed/);
  await page.context().close();
});

test('keyboard: Tab reaches the skip link and then the main menu', async () => {
  const page = await newPage(browser, errors);
  await setLanguageEn(page);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
  let inMenu = false;
  for (let i = 0; i < 12 && !inMenu; i++) {
    await page.keyboard.press('Tab');
    inMenu = await page.evaluate(() => !!document.activeElement?.closest('nav[aria-label="Main menu"]'));
  }
  assert.ok(inMenu, 'focus never reached the main menu');
  // The first item is the current screen (the map); Tab to the next, and
  // Enter opens its screen and moves focus to the screen's heading.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Indicator explorer');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1' && location.hash.startsWith('#/explorer'));
  await page.context().close();
});

test('a phone-sized viewport shows the menu behind a button', async () => {
  const page = await newPage(browser, errors, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await setLanguageEn(page);
  const toggle = page.getByRole('button', { name: 'Menu' });
  assert.ok(await toggle.isVisible());
  const link = page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Indicator explorer' });
  assert.equal(await link.isVisible(), false);
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.ok(await link.isVisible());
  // Nothing is wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the viewport`);
  await page.context().close();
});

test('no console errors on the main screens', async () => {
  const seen = [];
  const page = await newPage(browser, seen);
  await signIn(page);
  for (const hash of ['#/', '#/city/beijing', '#/explorer', '#/entry', '#/members', '#/users', '#/audit']) {
    await open(page, hash);
    await page.waitForLoadState('networkidle');
    await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 20000 }).catch(() => {});
  }
  await page.context().close();
  assert.deepEqual(seen, []);
});

async function setLanguageEn(page) {
  await open(page, '#/');
  await setLanguage(page, 'en');
}
