// Takes the screenshots of docs/screenshots/ from the real app (run by
// scripts/screenshots, which starts a throw-away `kinet serve` on the sample
// network). Each shot has a name; `node take.mjs NAME...` takes only those.
// A shot that cannot be taken fails the run (exit 1) and says which.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE, launch, newPage, open, signIn, setLanguage } from '../tests/helpers.mjs';

const DIR = process.env.KINET_SCREENSHOT_DIR ?? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const BAD_CSV = fileURLToPath(new URL('../tests/fixtures/monitoring-bad-row.csv', import.meta.url));
const only = new Set(process.argv.slice(2));

/** Waits until the screen has loaded its data and drawn its charts. */
async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 60000 }).catch(() => {});
  await page.waitForTimeout(500);
}

async function json(path) {
  const res = await fetch(`${BASE}/api/v1${path}`);
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return res.json();
}

const taken = [];
const failed = [];

/** Runs one shot unless a selection excludes it; a failure is recorded and the run goes on. */
async function shot(name, page, prepare, fullPage = false) {
  if (only.size && !only.has(name)) return;
  try {
    await prepare();
    await settle(page);
    await page.screenshot({ path: `${DIR}/${name}.png`, fullPage });
    taken.push(name);
    console.log(`screenshots: ${name}.png`);
  } catch (e) {
    failed.push(`${name}: ${e.message.split('\n')[0]}`);
    console.error(`screenshots: FAILED ${name}: ${e.message.split('\n')[0]}`);
  }
}

/** A signed-in API session of one role (cookie and CSRF token of a browser context). */
async function session(b, errs, who) {
  const page = await newPage(b, errs);
  await open(page, '#/');
  await setLanguage(page, 'en');
  await signIn(page, who);
  const me = await (await page.request.get(`${BASE}/api/v1/auth/me`)).json();
  const headers = { 'X-CSRF-Token': me.csrf_token };
  const check = async (res, what) => {
    if (!res.ok()) throw new Error(`${what}: HTTP ${res.status()} ${await res.text()}`);
    return res.json();
  };
  return {
    get: async (path) => check(await page.request.get(`${BASE}/api/v1${path}`), `GET ${path}`),
    post: async (path, data) => check(await page.request.post(`${BASE}/api/v1${path}`, { headers, data }), `POST ${path}`),
    close: () => page.context().close(),
  };
}

mkdirSync(DIR, { recursive: true });
const browser = await launch();
const errors = [];
try {
  const page = await newPage(browser, errors, { viewport: { width: 1280, height: 860 } });
  await open(page, '#/login');
  await setLanguage(page, 'en');
  await shot('sign-in', page, async () => {});
  await signIn(page);
  await shot('map', page, () => open(page, '#/'));
  await shot('city-beijing', page, async () => {
    await open(page, '#/city/beijing');
    await page.getByTestId('aqi-calendar').locator('svg').waitFor({ timeout: 120000 });
  }, true);
  await shot('explorer', page, () => open(page, '#/explorer?indicator=air.pm10.annual-mean&period=2015'));
  await shot('upload-error-report', page, async () => {
    await open(page, '#/entry');
    await settle(page);
    await page.getByLabel('What the file holds').selectOption('monitoring');
    await page.getByRole('region', { name: 'Upload a file' }).getByRole('combobox', { name: 'City' }).selectOption('beijing');
    await page.getByLabel('Layout').selectOption('wide');
    await page.locator('input[type=file]').setInputFiles(BAD_CSV);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator('.row-report').waitFor();
  }, true);
  await shot('members', page, () => open(page, '#/members'));
  await shot('users', page, () => open(page, '#/users'), true);
  await shot('audit', page, () => open(page, '#/audit'));

  // The screens of the network's work.
  await shot('practices', page, () => open(page, '#/practices?q=coal'));
  await shot('practice', page, async () => {
    const list = await json('/practices?per_page=50');
    const best = list.items.find((p) => p.evidence_level === 'measured-improvement') ?? list.items[0];
    await open(page, `#/practices/${encodeURIComponent(best.code)}`);
    await page.getByTestId('evidence-chart').first().locator('svg').waitFor({ timeout: 60000 }).catch(() => {});
  }, true);
  await shot('practice-review', page, () => open(page, '#/practices/review'));
  await shot('problems', page, () => open(page, '#/city/beijing/problems'), true);
  await shot('requests', page, () => open(page, '#/requests'));
  await shot('request', page, async () => {
    const list = await json('/requests?per_page=50');
    const r = list.items.find((x) => (x.history ?? []).length > 2) ?? list.items[0];
    await open(page, `#/requests/${r.id}`);
  }, true);
  await shot('programmes', page, () => open(page, '#/programmes'));
  await shot('pilot-call', page, async () => {
    const calls = await json('/pilot-calls');
    await open(page, `#/pilots/calls/${calls.items[0].id}`);
    await page.getByTestId('ranking-chart').locator('svg').waitFor();
  }, true);
  await shot('pilot-project', page, async () => {
    const projects = await json('/pilots');
    await open(page, `#/pilots/projects/${projects.items[0].id}`);
    await page.getByTestId('framework-chart').first().locator('svg').waitFor().catch(() => {});
  }, true);
  await shot('pilot-call-new', page, async () => {
    await open(page, '#/pilots/calls/new');
    await page.getByLabel('Title of the call').fill('Pilot cities for cleaner heating, 2027');
    for (const name of ['Lanzhou (CN)', 'Xining (CN)', 'Yinchuan (CN)']) await page.getByRole('checkbox', { name, exact: true }).check();
    const row = page.getByTestId('criterion-row').first();
    await row.getByLabel('Code').fill('need');
    await row.getByLabel(/^Name( \*)?$/).fill('Environmental need (PM10)');
    await row.getByLabel('Indicator').selectOption('air.pm10.annual-mean');
    await row.getByLabel('Weight').fill('3');
    await page.getByRole('button', { name: 'Add a criterion' }).click();
    const row2 = page.getByTestId('criterion-row').nth(1);
    await row2.getByLabel('Code').fill('size');
    await row2.getByLabel(/^Name( \*)?$/).fill('Medium-sized city');
    await row2.getByLabel('Data source').selectOption('population');
    await row2.getByLabel('Direction').selectOption('target');
    await row2.getByLabel('Target value').fill('3000000');
    await row2.getByLabel('Normalisation').selectOption('target');
  }, true);
  await shot('pilot-project-new', page, async () => {
    await open(page, '#/pilots/projects/new?city=xining');
    await page.getByLabel('Title of the project').fill('Xining: cleaner district heating');
    await page.getByRole('button', { name: 'Add a results-framework row' }).click();
    await page.getByLabel('Indicator').selectOption('air.pm10.annual-mean');
  }, true);
  await shot('events', page, () => open(page, '#/events'));
  await shot('event', page, async () => {
    const events = await json('/events');
    const seminar = events.items.find((e) => e.start_date === '2001-03-20') ?? events.items[0];
    await open(page, `#/events/${seminar.id}`);
  }, true);
  await shot('exports', page, () => open(page, '#/exports'));

  await setLanguage(page, 'zh');
  await shot('city-beijing-zh', page, async () => {
    await open(page, '#/city/beijing');
    await page.getByTestId('aqi-calendar').locator('svg').waitFor({ timeout: 120000 });
  }, true);
  await shot('map-zh', page, () => open(page, '#/'));
  await shot('practices-zh', page, () => open(page, `#/practices?q=${encodeURIComponent('燃煤')}`));
  await shot('pilot-call-zh', page, async () => {
    const calls = await json('/pilot-calls');
    await open(page, `#/pilots/calls/${calls.items[0].id}`);
    await page.getByTestId('ranking-chart').locator('svg').waitFor();
  });
  await page.context().close();

  // A request that waits for ADB's answer: filed and submitted by Beijing's
  // officer, endorsed by China's coordinator, forwarded by the secretariat to
  // the eligible ADB programmes (in the throw-away database only).
  if (!only.size || only.has('inbox') || only.has('notifications')) {
    try {
      const officerApi = await session(browser, errors, 'officer');
      const r = await officerApi.post('/requests', { city: 'beijing', title: 'Advisory support for winter PM2.5 episodes', type: 'technical-cooperation', theme: 'air', budget: 300000, co_funding: 60000, wanted_start: '2002-06-01', description: 'Episode forecasting and an emergency response plan for winter heating seasons.' });
      await officerApi.post(`/requests/${r.id}/transitions`, { action: 'submit' });
      const coordApi = await session(browser, errors, 'coordinator');
      await coordApi.post(`/requests/${r.id}/transitions`, { action: 'endorse', comment: 'Endorsed for China.' });
      const secApi = await session(browser, errors, 'secretariat');
      const m = await secApi.get(`/requests/${r.id}/matches`);
      const adb = m.items.filter((x) => x.eligible && x.programme.agency === 'adb').map((x) => x.programme.code);
      if (adb.length) await secApi.post(`/requests/${r.id}/transitions`, { action: 'forward', programmes: adb });
      for (const x of [officerApi, coordApi, secApi]) await x.close();
    } catch (e) {
      failed.push(`inbox set-up: ${e.message.split('\n')[0]}`);
    }
  }

  // The agency officer's inbox and the city officer's notifications.
  const agency = await newPage(browser, errors, { viewport: { width: 1280, height: 860 } });
  await open(agency, '#/');
  await setLanguage(agency, 'en');
  await signIn(agency, 'agency');
  await shot('inbox', agency, () => open(agency, '#/inbox'));
  await agency.context().close();
  const officer = await newPage(browser, errors, { viewport: { width: 1280, height: 860 } });
  await open(officer, '#/');
  await setLanguage(officer, 'en');
  await signIn(officer, 'officer');
  await shot('request-new', officer, () => open(officer, '#/requests/new?city=beijing'), true);
  await shot('notifications', officer, () => open(officer, '#/notifications'));
  await officer.context().close();

  const phone = await newPage(browser, errors, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await open(phone, '#/city/beijing');
  await setLanguage(phone, 'en');
  await shot('phone-city', phone, async () => {
    await phone.getByTestId('aqi-calendar').locator('svg').waitFor({ timeout: 120000 });
    await settle(phone);
    await phone.locator('#air').evaluate((el) => el.scrollIntoView());
  });
  await shot('phone-menu', phone, async () => {
    await phone.evaluate(() => window.scrollTo(0, 0));
    await phone.getByRole('button', { name: 'Menu' }).click();
  });
  await shot('phone-practices', phone, async () => {
    await setLanguage(phone, 'zh');
    await open(phone, `#/practices?q=${encodeURIComponent('燃煤')}`);
  });
  await phone.context().close();
} finally {
  await browser.close();
}
console.log(`screenshots: ${taken.length} written to ${DIR}${failed.length ? `, ${failed.length} failed` : ''}`);
if (errors.length) console.error(`screenshots: console errors:\n  ${errors.join('\n  ')}`);
if (failed.length) {
  console.error(`screenshots: FAILED:\n  ${failed.join('\n  ')}`);
  process.exit(1);
}
