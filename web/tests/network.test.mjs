// Browser tests of the screens of the network's work (issues 6 and 7):
// practices, problems and matches, requests and notifications, programmes,
// pilots, events, reports and exports — against a real `kinet serve` with
// the sample network (scripts/with-web-server starts it and creates one
// account per role). One Chromium for the whole file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { BASE, launch, newPage, open, signIn, setLanguage } from './helpers.mjs';

const BAD_VALUES = fileURLToPath(new URL('./fixtures/values-bad-row.csv', import.meta.url));

let browser;
const errors = [];

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** GET an API path as the public and return the JSON (to check what the screens show against the server). */
async function api(path) {
  const res = await fetch(`${BASE}/api/v1${path}`);
  assert.ok(res.ok, `GET ${path}: HTTP ${res.status}`);
  return res.json();
}

test('search practices in Chinese and open one with its evidence', async () => {
  const page = await newPage(browser, errors);
  await open(page, '#/practices');
  await setLanguage(page, 'zh');
  const box = page.getByRole('searchbox', { name: '搜索实践' });
  await box.fill('燃煤');
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  await page.waitForFunction(() => location.hash.includes('q=%E7%87%83%E7%85%A4'));
  const count = page.getByTestId('practice-count');
  await count.waitFor();
  // The count the screen shows is the server's total for the same query.
  const expected = await api(`/practices?q=${encodeURIComponent('燃煤')}&per_page=1`);
  assert.ok(expected.total > 0, 'the sample has a practice about coal (燃煤)');
  assert.match(await count.textContent(), new RegExp(`共 ${expected.total} 项实践`));
  // The first hit is the server's best match; its title is shown in Chinese.
  const first = page.locator('.practice-card h2 a').first();
  const best = expected.items[0];
  const wantTitle = best.local_language?.startsWith('zh') && best.title_local ? best.title_local : best.title_en;
  assert.equal(await first.textContent(), wantTitle);
  await first.click();
  const h1 = page.getByTestId('practice-title');
  await h1.waitFor();
  assert.ok((await h1.textContent()).startsWith(wantTitle));
  assert.equal(await page.evaluate(() => location.hash), `#/practices/${encodeURIComponent(best.code)}`);
  assert.ok(await page.getByRole('heading', { name: '实测证据' }).isVisible());
  // The evidence level shown is the one the server computed, in Chinese.
  const badge = page.locator('.page-header [data-evidence]');
  assert.equal(await badge.getAttribute('data-evidence'), best.evidence_level);
  await page.context().close();
});

test('the facets filter the practices and can be removed again', async () => {
  const page = await newPage(browser, errors);
  await open(page, '#/practices');
  await setLanguage(page, 'en');
  const all = await api('/practices?per_page=1');
  const theme = all.facets.theme[0];
  await page.getByTestId('practice-count').waitFor();
  const first = page.getByRole('region', { name: 'Theme', exact: true }).locator('.facet-value').first();
  assert.match(await first.textContent(), new RegExp(`\\(${theme.count}\\)$`));
  await first.click();
  await page.waitForFunction((v) => location.hash.includes(`theme=${v}`), theme.value);
  await page.waitForFunction((n) => document.querySelector('[data-testid="practice-count"]')?.textContent?.startsWith(`${n} practices`), theme.count);
  await page.locator('.chip').click();
  await page.waitForFunction((n) => document.querySelector('[data-testid="practice-count"]')?.textContent?.startsWith(`${n} practices`), all.total);
  await page.context().close();
});

test('a city officer files a request from a problem, and the coordinator is notified and endorses it', async () => {
  const page = await newPage(browser, errors);
  await open(page, '#/');
  await setLanguage(page, 'en');
  await signIn(page, 'officer');
  await open(page, '#/city/beijing/problems');
  const file = page.getByRole('link', { name: 'Request assistance for this problem' }).first();
  await file.waitFor();
  const problem = await page.locator('.problem-card').first().getAttribute('data-problem');
  await file.click();
  await page.waitForFunction(() => location.hash.startsWith('#/requests/new'));
  const title = page.getByLabel('Title');
  await title.waitFor();
  // The form comes filled from the problem.
  await page.waitForFunction((code) => document.querySelector('select[name="problem_code"]')?.value === code, problem);
  await title.fill('Web test: help with the PM10 problem');
  await page.getByLabel('Type of help').selectOption('technical-cooperation');
  await page.getByLabel('Budget (USD)').fill('120000');
  await page.getByRole('button', { name: 'Save and submit' }).click();
  await page.waitForFunction(() => /^#\/requests\/\d+/.test(location.hash));
  const id = await page.evaluate(() => location.hash.match(/^#\/requests\/(\d+)/)[1]);
  await page.getByText('The request was filed and submitted.').waitFor();
  assert.equal(await page.locator('.page-header [data-status]').getAttribute('data-status'), 'submitted');
  assert.equal(await page.locator('.steps [aria-current="step"]').textContent(), 'submitted');
  // The history has the filing and the submission.
  const history = await page.locator('section[aria-labelledby="req-history"] tbody').textContent();
  assert.match(history, /filed.*submitted/s);
  // The server stored what the form sent.
  const stored = await (await page.request.get(`${BASE}/api/v1/requests/${id}`)).json();
  assert.equal(stored.status, 'submitted');
  assert.equal(stored.problem_code, problem);
  assert.equal(stored.budget, 120000);
  await page.context().close();

  // China's national coordinator sees a notification and endorses the request.
  const coord = await newPage(browser, errors);
  await open(coord, '#/');
  await setLanguage(coord, 'en');
  await signIn(coord, 'coordinator');
  const bell = coord.getByTestId('bell');
  await coord.waitForFunction(() => !document.querySelector('.bell-count')?.hidden);
  assert.match(await bell.textContent(), /[1-9]/);
  await bell.click();
  await coord.locator('.notifications li.unread a').first().waitFor();
  await coord.locator(`.notifications a[href="#/requests/${id}"]`).first().click();
  await coord.waitForFunction((x) => location.hash === `#/requests/${x}`, id);
  await coord.getByLabel('Step', { exact: true }).selectOption('endorse');
  await coord.getByRole('button', { name: 'Take this step' }).click();
  await coord.waitForFunction(() => document.querySelector('.page-header [data-status]')?.getAttribute('data-status') === 'endorsed');
  await coord.context().close();
});

test('a city officer may not endorse: the refusal is shown, nothing changes', async () => {
  const page = await newPage(browser, errors);
  await open(page, '#/');
  await setLanguage(page, 'en');
  await signIn(page, 'officer');
  const list = await (await page.request.get(`${BASE}/api/v1/requests?city=beijing&status=submitted`)).json();
  if (list.items.length === 0) {
    // File one through the API with the session's CSRF token.
    const me = await (await page.request.get(`${BASE}/api/v1/auth/me`)).json();
    const headers = { 'X-CSRF-Token': me.csrf_token };
    const r = await (await page.request.post(`${BASE}/api/v1/requests`, { headers, data: { city: 'beijing', title: 'Web test', type: 'training', theme: 'air' } })).json();
    await page.request.post(`${BASE}/api/v1/requests/${r.id}/transitions`, { headers, data: { action: 'submit' } });
    list.items.push(r);
  }
  const id = list.items[0].id;
  await open(page, `#/requests/${id}`);
  await page.getByLabel('Step', { exact: true }).selectOption('endorse');
  await page.getByRole('button', { name: 'Take this step' }).click();
  const msg = page.locator('.message-error');
  await msg.waitFor();
  assert.match(await msg.textContent(), /may not take this step/);
  const after = await (await page.request.get(`${BASE}/api/v1/requests/${id}`)).json();
  assert.equal(after.status, 'submitted');
  await page.context().close();
});

test('the pilot ranking renders with TOPSIS and the sensitivity to the weights', async () => {
  const page = await newPage(browser, errors);
  await open(page, '#/pilots');
  await setLanguage(page, 'en');
  const calls = await api('/pilot-calls');
  assert.ok(calls.items.length > 0, 'the sample has a pilot call');
  const call = calls.items[0];
  await page.getByRole('link', { name: call.title }).click();
  const rankTable = page.getByTestId('ranking-table');
  await rankTable.waitFor();
  const ranking = await api(`/pilot-calls/${call.id}/ranking`);
  // One row per candidate, in weighted-sum order, with the server's closeness (3 decimals).
  const rows = rankTable.locator('tbody tr');
  assert.equal(await rows.count(), ranking.candidates.length);
  const byWs = [...ranking.candidates].sort((a, b) => (a.weighted_sum_rank ?? 1e9) - (b.weighted_sum_rank ?? 1e9));
  const firstRow = await rows.first().locator('td, th').allTextContents();
  if (byWs[0].closeness !== null) assert.equal(firstRow[3], byWs[0].closeness.toFixed(3));
  assert.equal(firstRow[2].trim().split(' ')[0], String(byWs[0].weighted_sum_rank));
  // The chart is drawn, and the sensitivity tables have a row per perturbation (+ the weights as entered).
  await page.getByTestId('ranking-chart').locator('svg').waitFor();
  const sens = page.getByTestId('sensitivity').locator('table');
  assert.equal(await sens.count(), 2);
  assert.equal(await sens.first().locator('tbody tr').count(), ranking.perturbations.length + 1);
  const changed = ranking.perturbations.reduce((n, p) => n + p.weighted_sum_ranks.filter((r, i) => r !== ranking.candidates[i].weighted_sum_rank).length, 0);
  assert.equal(await sens.first().locator('.rank-changed').count(), changed);
  await page.context().close();
});

test('a pilot project shows its results framework with actual values', async () => {
  const page = await newPage(browser, errors);
  await open(page, '#/pilots');
  await setLanguage(page, 'en');
  const projects = await api('/pilots');
  assert.ok(projects.items.length > 0, 'the sample has a pilot project');
  const p = projects.items[0];
  await open(page, `#/pilots/projects/${p.id}`);
  await page.getByRole('heading', { name: 'Results framework' }).waitFor();
  const view = await api(`/pilots/${p.id}`);
  assert.equal(await page.getByTestId('framework-chart').count(), view.results.length);
  if (view.results.length) await page.getByTestId('framework-chart').first().locator('svg').waitFor();
  await page.context().close();
});

test('events: the Beijing seminar of 20 March 2001 with its decisions', async () => {
  const page = await newPage(browser, errors);
  await open(page, '#/events');
  await setLanguage(page, 'en');
  const events = await api('/events');
  const seminar = events.items.find((e) => e.start_date === '2001-03-20');
  assert.ok(seminar, 'the sample has the seminar of 20 March 2001');
  await page.getByRole('link', { name: seminar.title }).click();
  await page.getByRole('heading', { name: 'Decisions' }).waitFor();
  const full = await api(`/events/${seminar.id}`);
  assert.equal(await page.locator('ol.decisions li').count(), full.decisions.length);
  assert.match(await page.locator('.page-header').textContent(), /20 Mar 2001/);
  await page.context().close();
});

test('programmes and the agency inbox', async () => {
  const page = await newPage(browser, errors);
  await open(page, '#/');
  await setLanguage(page, 'en');
  await signIn(page, 'agency');
  const menu = page.getByRole('navigation', { name: 'Main menu' });
  await menu.getByRole('link', { name: 'Agency inbox' }).click();
  await page.getByRole('heading', { name: /Waiting for an answer/ }).waitFor();
  const adb = await api('/programmes?agency=adb');
  assert.match(await page.locator('main .intro').last().textContent(), new RegExp(`${adb.total} programmes`));
  await menu.getByRole('link', { name: 'Programmes' }).click();
  const all = await api('/programmes?per_page=1');
  await page.locator('main table tbody tr').first().waitFor();
  assert.equal(await page.locator('main table tbody tr').count(), Math.min(all.total, 50));
  await page.context().close();
});

test('the city page links to the report downloads in both languages and formats', async () => {
  const page = await newPage(browser, errors);
  await open(page, '#/city/beijing');
  await setLanguage(page, 'en');
  const links = page.locator('#report .downloads a');
  await links.first().waitFor();
  assert.equal(await links.count(), 4);
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const f of ['html', 'pdf']) for (const l of ['en', 'zh']) assert.ok(hrefs.some((x) => x.includes(`format=${f}`) && x.includes(`lang=${l}`)), `${f} ${l}`);
  // The HTML report in English answers and names the city.
  const html = hrefs.find((x) => x.includes('format=html') && x.includes('lang=en'));
  const res = await page.request.get(`${BASE}${html}`);
  assert.equal(res.status(), 200);
  assert.match(await res.text(), /Beijing/);
  await page.context().close();
});

test('upload indicator values with a bad row: the report names file, line and field', async () => {
  const page = await newPage(browser, errors);
  await open(page, '#/');
  await setLanguage(page, 'en');
  await signIn(page);
  await open(page, '#/entry');
  await page.getByLabel('What the file holds').selectOption('values');
  await page.locator('input[type=file]').setInputFiles(BAD_VALUES);
  await page.getByRole('button', { name: 'Upload' }).click();
  const report = page.locator('.row-report');
  await report.waitFor();
  const text = await report.textContent();
  assert.match(text, /values-bad-row\.csv, line 3, field value/, text);
  assert.match(await page.locator('.message-error').textContent(), /Nothing was changed/);
  // Nothing was written: the good row 2 of the file is not stored either.
  const v = await api('/values?city=beijing&indicator=air.pm10.annual-mean&from=1990&to=1990');
  assert.equal(v.total, 0);
  await page.context().close();
});

test('the new screens work in Chinese and at phone width without console errors', async () => {
  const seen = [];
  const page = await newPage(browser, seen, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await open(page, '#/');
  await setLanguage(page, 'en');
  await signIn(page);
  await setLanguage(page, 'zh');
  for (const hash of ['#/practices', '#/practices/review', '#/practices/new', '#/practices/analysis', '#/city/beijing/problems', '#/requests', '#/requests/new',
    '#/programmes', '#/notifications', '#/pilots', '#/events', '#/exports', '#/city/beijing']) {
    await open(page, hash);
    await page.waitForLoadState('networkidle');
    await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 30000 }).catch(() => {});
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${hash}: the page is ${overflow}px wider than the phone`);
    const lang = await page.getAttribute('html', 'lang');
    assert.equal(lang, 'zh');
    // No screen shows "not available yet": every route it calls exists.
    assert.equal(await page.locator('[data-state="not-available"]').count(), 0, `${hash} calls a route the server does not have`);
  }
  await page.context().close();
  assert.deepEqual(seen, []);
});

test('an agency officer registers a programme for the agency', async () => {
  const page = await newPage(browser, errors);
  await open(page, '#/');
  await setLanguage(page, 'en');
  await signIn(page, 'agency');
  await open(page, '#/programmes');
  await page.getByRole('link', { name: 'Register a programme' }).click();
  await page.getByLabel('Code').fill('adb-web-test-training');
  await page.getByLabel('Title').fill('Web test: training on air quality management');
  await page.getByRole('group', { name: /^Types of help/ }).getByLabel('training', { exact: true }).check();
  await page.getByLabel('Largest budget (USD)').fill('90000');
  await page.getByRole('button', { name: 'Register the programme' }).click();
  await page.waitForFunction(() => location.hash === '#/programmes/adb-web-test-training');
  await page.getByRole('heading', { name: 'Web test: training on air quality management' }).waitFor();
  const p = await api('/programmes/adb-web-test-training');
  assert.equal(p.agency, 'adb');
  assert.deepEqual(p.types, ['training']);
  assert.equal(p.budget_max, 90000);
  await page.context().close();
});

test('the secretariat sets the status of an event\'s follow-up action', async () => {
  const page = await newPage(browser, errors);
  await open(page, '#/');
  await setLanguage(page, 'en');
  await signIn(page);
  const events = await api('/events');
  const e = events.items.find((x) => (x.actions ?? []).length > 0) ?? (await Promise.all(events.items.map((x) => api(`/events/${x.id}`)))).find((x) => x.actions.length > 0);
  assert.ok(e, 'the sample has an event with follow-up actions');
  const full = await api(`/events/${e.id}`);
  const action = full.actions[0];
  const next = action.status === 'done' ? 'in-progress' : 'done';
  await open(page, `#/events/${e.id}`);
  await page.getByLabel(`Status of action ${action.number}`).selectOption(next);
  await page.getByText('Saved.').waitFor();
  const after = await api(`/events/${e.id}`);
  assert.equal(after.actions.find((a) => a.number === action.number).status, next);
  await page.context().close();
});

test('the secretariat enters an assessor\'s rating and the ranking uses it', async () => {
  const page = await newPage(browser, errors);
  await open(page, '#/');
  await setLanguage(page, 'en');
  await signIn(page);
  // The sample call (other tests on the same server may have added calls
  // without rated criteria): the first call with a criterion rated by assessors.
  const calls = await api('/pilot-calls?per_page=100');
  let call = null;
  for (const c of calls.items) {
    const full = await api(`/pilot-calls/${c.id}`);
    if (full.criteria.some((x) => x.source === 'rating')) { call = full; break; }
  }
  assert.ok(call, 'the sample call has a criterion rated by assessors');
  const crit = call.criteria.find((c) => c.source === 'rating');
  const city = call.candidates[0];
  const cityName = (await api(`/cities/${city}`)).name_en;
  await open(page, `#/pilots/calls/${call.id}`);
  const input = page.getByLabel(`${crit.name}: rating of ${cityName}`);
  await input.fill('1');
  await input.press('Tab');
  await page.getByText(`Saved: ${crit.name} of ${cityName} = 1.`).waitFor();
  const after = await api(`/pilot-calls/${call.id}`);
  assert.equal(after.ratings.find((r) => r.city === city && r.criterion === crit.code).value, 1);
  // The ranking's cell for that city and criterion now holds the new rating.
  const ranking = await api(`/pilot-calls/${call.id}/ranking`);
  assert.equal(ranking.candidates.find((c) => c.city === city).cells.find((x) => x.criterion === crit.code).raw, 1);
  await page.context().close();
});

test('the secretariat records that a city adopted a practice', async () => {
  const page = await newPage(browser, errors);
  await open(page, '#/');
  await setLanguage(page, 'en');
  await signIn(page);
  const list = await api('/practices?per_page=1');
  const p = list.items[0];
  const before = await api(`/practices/${encodeURIComponent(p.code)}/adoptions`);
  await open(page, `#/practices/${encodeURIComponent(p.code)}`);
  await page.getByText('Record that a city adopted this practice').click();
  const citySelect = page.getByRole('region', { name: 'Adopted by' }).getByRole('combobox', { name: 'City' });
  const city = await citySelect.inputValue();
  await page.getByRole('region', { name: 'Adopted by' }).getByLabel('Year').fill('2019');
  await page.getByRole('button', { name: 'Record the adoption' }).click();
  // The page reloads with the new row in the "Adopted by" table.
  await page.getByRole('region', { name: 'Adopted by' }).locator('tbody tr').nth(before.items.length).waitFor();
  const after = await api(`/practices/${encodeURIComponent(p.code)}/adoptions`);
  assert.equal(after.items.length, before.items.length + 1);
  assert.ok(after.items.some((a) => a.city_code === city && a.year === 2019));
  await page.context().close();
});

test('the exports screen lists every table of the listing with its downloads', async () => {
  // The listing has more tables than one default page of the API (50 per page).
  const listing = await api('/exports?per_page=500');
  assert.equal(listing.items.length, listing.total);
  const page = await newPage(browser, errors);
  await open(page, '#/');
  await setLanguage(page, 'en');
  await open(page, '#/exports');
  const rows = page.getByRole('table', { name: 'Tables' }).locator('tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), listing.total);
  // The last table of the listing, and a detail table of each area, with the
  // public rule and the CSV link the server gives for it.
  for (const name of [listing.items.at(-1).name, 'practice_reviews', 'request_steps', 'pilot_result_actuals', 'event_actions']) {
    const item = listing.items.find((x) => x.name === name);
    assert.ok(item, `the listing has ${name}`);
    const row = rows.filter({ has: page.locator('code', { hasText: new RegExp(`^${name}$`) }) });
    assert.equal(await row.count(), 1, `one row for ${name}`);
    const csv = row.getByRole('link', { name: `${item.title} CSV` });
    assert.equal(await csv.getAttribute('href'), `/api/v1/exports/${name}?format=csv`);
    assert.match(await row.textContent(), new RegExp(item.public === 'no' ? 'not public' : item.public === 'all rows' ? 'all rows' : 'published rows'));
  }
  await page.context().close();
});
