// Browser tests of the editing screens of the pilot programme and of events
// (issue 7, part 2; docs/web.md): the secretariat creates and edits a call
// and sees its ranking, creates a project, the city's officer reports, the
// secretariat approves, completes the project and turns it into a best
// practice; the secretariat corrects a project through the same form; events are recorded part by part; and those who may not write
// see no edit controls. Against a real `kinet serve` on the sample network
// (scripts/with-web-server), one Chromium for the whole file. Expected values
// come from the server's API or, for the ranking, from the formulas of
// docs/pilots.md computed here independently of the engine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, open, signIn, setLanguage } from './helpers.mjs';

let browser;
const errors = [];

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  // The call refused on purpose (HTTP 400) and the correction refused on
  // purpose (HTTP 409: a framework row with actuals) are answers the forms
  // show, not errors.
  const refusedOnPurpose = (e) => (/status of 400/.test(e) && /#\/pilots\/calls\/new/.test(e))
    || (/status of 409/.test(e) && /#\/pilots\/projects\/\d+\?edit=1/.test(e));
  const unexpected = errors.filter((e) => !refusedOnPurpose(e));
  assert.deepEqual(unexpected, [], 'no console errors or uncaught exceptions');
});

/** GET an API path as the public and return the JSON. */
async function api(path) {
  const res = await fetch(`${BASE}/api/v1${path}`);
  assert.ok(res.ok, `GET ${path}: HTTP ${res.status}`);
  return res.json();
}

/** A page signed in as `who`, in English. */
async function signedIn(who = 'secretariat') {
  const page = await newPage(browser, errors);
  await open(page, '#/');
  await setLanguage(page, 'en');
  await signIn(page, who);
  return page;
}

const YEAR = new Date().getUTCFullYear();

/** A label exactly `text`, followed by the required mark " *" or not. */
const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`);
const countryOf = (c) => (typeof c.country === 'string' ? c.country : c.country.code);

test('the secretariat creates a call with two criteria, sees its ranking and edits the open call', async () => {
  // Inputs from the sample: the PM10 criterion of the sample call, and four of
  // its candidates that have a published value for it.
  const sample = (await api('/pilot-calls')).items.find((c) => c.criteria.some((k) => k.source === 'indicator'));
  assert.ok(sample, 'the sample has a call with an indicator criterion');
  const need = sample.criteria.find((k) => k.source === 'indicator');
  const sampleRanking = await api(`/pilot-calls/${sample.id}/ranking`);
  const withValue = sampleRanking.candidates.filter((c) => c.cells.find((x) => x.criterion === need.code).raw !== null).map((c) => c.city).slice(0, 4);
  assert.equal(withValue.length, 4, 'four sample candidates have the indicator value');
  const cities = await Promise.all(withValue.map((c) => api(`/cities/${c}`)));

  const page = await signedIn();
  await open(page, '#/pilots');
  await page.getByRole('link', { name: 'New call' }).click();
  await page.getByRole('heading', { name: 'New call for pilot cities' }).waitFor();
  const title = `Browser test call ${Date.now()}`;
  await page.getByLabel('Title of the call').fill(title);
  await page.getByLabel('Opens').fill(`${YEAR}-01-01`);
  await page.getByLabel('Closes').fill(`${YEAR + 1}-12-31`);
  for (const c of cities) await page.getByRole('checkbox', { name: `${c.name_en} (${countryOf(c)})`, exact: true }).check();
  // Criterion 1: the need, from the indicator's published values.
  const row1 = page.getByTestId('criterion-row').nth(0);
  await row1.getByLabel('Code').fill('need');
  await row1.getByLabel(exactly('Name')).fill('Environmental need');
  await row1.getByLabel('Weight').fill('3');
  await row1.getByLabel('Data source').selectOption('indicator');
  await row1.getByLabel('Indicator').selectOption(need.indicator);
  await row1.getByLabel('Year of the value').fill(String(need.year));
  await row1.getByLabel('Direction').selectOption('benefit');
  await row1.getByLabel('Normalisation').selectOption('min-max');
  // Criterion 2: medium-sized cities preferred (population closest to 3 million).
  await page.getByRole('button', { name: 'Add a criterion' }).click();
  const row2 = page.getByTestId('criterion-row').nth(1);
  await row2.getByLabel('Code').fill('size');
  await row2.getByLabel(exactly('Name')).fill('Medium size');
  await row2.getByLabel('Weight').fill('1');
  await row2.getByLabel('Data source').selectOption('population');
  assert.equal(await row2.getByLabel('Indicator').isVisible(), false, 'a population criterion has no indicator picker');
  await row2.getByLabel('Direction').selectOption('target');
  await row2.getByLabel('Target value').fill('3000000');
  await row2.getByLabel('Normalisation').selectOption('target');

  // A refusal of the server is shown where it belongs: Japan only, Chinese candidates.
  await page.getByRole('group', { name: 'Eligible countries' }).getByRole('checkbox', { name: /\(JP\)$/ }).check();
  await page.getByRole('button', { name: 'Create the call' }).click();
  await page.locator('.check-group .field-error').filter({ hasText: /eligible|countr/i }).waitFor();
  assert.match(location(page), /#\/pilots\/calls\/new/);
  await page.getByRole('group', { name: 'Eligible countries' }).getByRole('checkbox', { name: /\(JP\)$/ }).uncheck();

  await page.getByRole('button', { name: 'Create the call' }).click();
  await page.waitForFunction(() => /^#\/pilots\/calls\/\d+$/.test(location.hash));
  const id = Number(location(page).match(/calls\/(\d+)/)[1]);
  const rankTable = page.getByTestId('ranking-table');
  await rankTable.waitFor();

  // The expected weighted sums, from docs/pilots.md "The ranking" applied by
  // hand to the raw values the server gathered: need (benefit, min-max)
  // r = (x − min)/(max − min); size (target 3 000 000, target normalisation)
  // r = 1 − |x − t| / max|x − t|; S = (3 r_need + 1 r_size) / 4.
  const ranking = await api(`/pilot-calls/${id}/ranking`);
  const raw = (city, code) => ranking.candidates.find((c) => c.city === city).cells.find((x) => x.criterion === code).raw;
  const xs = withValue.map((c) => raw(c, 'need'));
  const min = Math.min(...xs); const max = Math.max(...xs);
  const dev = withValue.map((c) => Math.abs(raw(c, 'size') - 3000000));
  const maxDev = Math.max(...dev);
  const expected = withValue.map((c, i) => ({ city: c, s: (3 * ((xs[i] - min) / (max - min)) + 1 * (1 - dev[i] / maxDev)) / 4 }))
    .sort((a, b) => b.s - a.s);
  const rows = rankTable.locator('tbody tr');
  assert.equal(await rows.count(), 4);
  for (let i = 0; i < 4; i++) {
    const cells = await rows.nth(i).locator('th, td').allTextContents();
    assert.equal(cells[0], cities[withValue.indexOf(expected[i].city)].name_en, `row ${i + 1} is the city with the ${i + 1}. largest weighted sum`);
    assert.ok(Math.abs(Number(cells[1]) - expected[i].s) < 0.0005, `weighted sum of ${expected[i].city}: ${cells[1]} vs ${expected[i].s}`);
  }
  await page.getByTestId('ranking-chart').locator('svg').waitFor();

  // The call is still open: the secretariat edits it (a new title, a heavier size criterion).
  await page.getByRole('link', { name: 'Edit the call' }).click();
  await page.getByRole('heading', { name: 'Edit the call' }).waitFor();
  assert.equal(await page.getByLabel('Title of the call').inputValue(), title);
  await page.getByLabel('Title of the call').fill(`${title} (revised)`);
  await page.getByTestId('criterion-row').nth(1).getByLabel('Weight').fill('2');
  await page.getByRole('button', { name: 'Save the call' }).click();
  await page.getByRole('heading', { level: 1, name: `${title} (revised)` }).waitFor();
  const stored = await api(`/pilot-calls/${id}`);
  assert.equal(stored.title, `${title} (revised)`);
  assert.equal(stored.criteria.find((k) => k.code === 'size').weight, 2);
  await page.context().close();
});

function location(page) {
  return new URL(page.url()).hash;
}

test('a project: results framework, milestone, report submitted and approved, completed, turned into a practice', async () => {
  const sampleProject = (await api('/pilots')).items.find((p) => (p.indicators ?? []).length > 0);
  assert.ok(sampleProject, 'the sample has a project with a results framework');
  const ind = sampleProject.indicators[0];
  const page = await signedIn();
  await open(page, '#/pilots');
  await page.getByRole('link', { name: 'New pilot project' }).click();
  await page.getByRole('heading', { name: 'New pilot project' }).waitFor();
  const title = `Beijing browser-test pilot ${Date.now()}`;
  await page.getByLabel('Title of the project').fill(title);
  await page.getByLabel(exactly('City')).selectOption('beijing');
  await page.getByLabel('Budget (USD)').fill('250000');
  await page.getByLabel(exactly('Start')).fill('2010-01-01');
  await page.getByLabel(exactly('End')).fill('2013-12-31');
  await page.getByRole('checkbox', { name: 'Air', exact: true }).check();
  await page.getByRole('button', { name: 'Add a funding source' }).click();
  await page.getByLabel(exactly('Source')).fill('JICA');
  await page.getByLabel('Amount (USD)').fill('150000');
  await page.getByRole('button', { name: 'Add a results-framework row' }).click();
  await page.getByLabel('Indicator').selectOption(ind.indicator);
  await page.getByLabel('Baseline year').fill('2009');
  await page.getByLabel('Baseline value').fill('120');
  await page.getByLabel('Target year').fill('2013');
  await page.getByLabel(exactly('Target value')).fill('90');
  await page.getByRole('button', { name: 'Create the project' }).click();
  await page.waitForFunction(() => /^#\/pilots\/projects\/\d+$/.test(location.hash));
  const id = Number(location(page).match(/projects\/(\d+)/)[1]);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  const view = await api(`/pilots/${id}`);
  assert.equal(view.project.city, 'beijing');
  assert.equal(view.project.budget, 250000);
  assert.deepEqual(view.project.funding.map((f) => [f.source, f.amount]), [['JICA', 150000]]);
  assert.deepEqual(view.project.indicators.map((x) => [x.indicator, x.baseline_year, x.baseline_value, x.target_year, x.target_value]), [[ind.indicator, 2009, 120, 2013, 90]]);
  // One row in the results framework, with the baseline as entered.
  const rf = page.getByRole('region', { name: 'Results framework' }).first();
  assert.equal(await rf.locator('tbody tr').count(), 1);
  assert.match(await rf.locator('tbody tr').first().textContent(), /120 .*\(2009\)/);

  // The secretariat adds a milestone; Beijing's officer marks it done.
  await page.getByText('Add a milestone').click();
  await page.getByLabel(exactly('Milestone')).fill('Boiler inventory');
  await page.getByLabel(exactly('Due')).fill('2010-06-30');
  await page.getByRole('button', { name: 'Add the milestone' }).click();
  await page.getByText('Boiler inventory', { exact: true }).waitFor();

  const officer = await signedIn('officer');
  await open(officer, `#/pilots/projects/${id}`);
  await officer.getByRole('heading', { level: 1, name: title }).waitFor();
  assert.equal(await officer.getByRole('heading', { name: 'Manage the project' }).count(), 0, 'the officer does not manage the project');
  await officer.getByLabel('Date milestone 1 was done').fill('2010-06-15');
  await officer.getByRole('button', { name: 'Mark milestone 1 done' }).click();
  await officer.getByRole('cell', { name: '15 Jun 2010' }).waitFor();
  // The officer writes and submits the progress report.
  await officer.getByText('Write a progress report').click();
  await officer.getByLabel(exactly('Period')).fill('2011');
  await officer.getByLabel(exactly('Progress')).fill('Inventory of 120 boilers finished.');
  await officer.getByLabel(exactly('Problems')).fill('Coal prices rose.');
  await officer.getByRole('button', { name: 'Save the report (draft)' }).click();
  await officer.getByRole('button', { name: 'Submit for approval' }).click();
  await officer.locator('[data-status="submitted"]').waitFor();
  assert.equal(await officer.getByRole('button', { name: 'Approve' }).count(), 0, 'the officer may not approve');
  await officer.context().close();

  // The secretariat approves it, completes the project and turns it into a practice.
  await page.reload();  // the page is still the project's: read it again
  await page.waitForSelector('body[data-ready="1"]');
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.locator('.reports [data-status="approved"]').waitFor();
  // planned → active → completed (docs/pilots.md "Project status"): a planned project is not offered "completed".
  const offered = await page.getByLabel('New status').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(offered, ['active', 'cancelled']);
  await page.getByLabel('New status').selectOption('active');
  await page.getByRole('button', { name: 'Change the status' }).click();
  await page.getByLabel('New status').locator('option[value="completed"]').waitFor({ state: 'attached' });
  await page.getByLabel('New status').selectOption('completed');
  await page.getByRole('button', { name: 'Change the status' }).click();
  await page.getByRole('button', { name: 'Turn this pilot into a best practice' }).click();
  const link = page.getByTestId('practice-link');
  await link.waitFor();
  const code = (await link.textContent()).trim();
  const after = await api(`/pilots/${id}`);
  assert.equal(after.project.status, 'completed');
  assert.equal(after.project.practice_code, code);
  assert.equal(after.reports.length, 1, 'the approved report is public');
  assert.equal(after.reports[0].status, 'approved');
  assert.equal(after.project.milestones[0].done, '2010-06-15');
  await link.click();
  await page.waitForFunction((c) => location.hash === `#/practices/${c}`, code);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  // The practice lists in the practices screen (the secretariat sees drafts).
  await open(page, `#/practices?q=${encodeURIComponent('browser-test pilot')}`);
  await page.getByRole('link', { name: title }).waitFor();
  await page.context().close();
});

test('the secretariat corrects a project: the form comes prefilled, PUT saves, a framework row with actuals stays', async () => {
  // The indicator of the sample's first results framework; Beijing's own
  // values of it give the new project's row its actual values.
  const sampleProject = (await api('/pilots')).items.find((p) => (p.indicators ?? []).length > 0);
  const ind = sampleProject.indicators[0].indicator;
  const page = await signedIn();
  await open(page, '#/pilots/projects/new');
  await page.getByRole('heading', { name: 'New pilot project' }).waitFor();
  const title = `Beijing project to correct ${Date.now()}`;
  await page.getByLabel('Title of the project').fill(title);
  await page.getByLabel(exactly('City')).selectOption('beijing');
  await page.getByLabel(exactly('Start')).fill('2011-01-01');
  await page.getByLabel(exactly('End')).fill('2014-12-31');
  await page.getByRole('button', { name: 'Add a results-framework row' }).click();
  await page.getByLabel('Indicator').selectOption(ind);
  await page.getByLabel('Baseline year').fill('2010');
  await page.getByLabel('Baseline value').fill('100');
  await page.getByLabel('Target year').fill('2013');
  await page.getByLabel(exactly('Target value')).fill('80');
  await page.getByRole('button', { name: 'Create the project' }).click();
  await page.waitForFunction(() => /^#\/pilots\/projects\/\d+$/.test(location.hash));
  const id = Number(location(page).match(/projects\/(\d+)/)[1]);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();

  // "Edit" opens the same form with the project in it.
  await page.getByTestId('edit-project').click();
  await page.getByRole('heading', { name: 'Edit the pilot project' }).waitFor();
  assert.equal(await page.getByLabel('Title of the project').inputValue(), title);
  assert.equal(await page.getByLabel(exactly('City')).inputValue(), 'beijing');
  assert.equal(await page.getByLabel(exactly('City')).isDisabled(), true, 'a project stays in its city');
  assert.equal(await page.getByLabel(exactly('Start')).inputValue(), '2011-01-01');
  assert.equal(await page.getByLabel('Indicator').inputValue(), ind);
  assert.equal(await page.getByLabel('Baseline value').inputValue(), '100');
  // planned may become active or cancelled, never completed directly (docs/pilots.md).
  const statuses = await page.getByLabel(exactly('Status')).locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(statuses, ['planned', 'active', 'cancelled']);

  await page.getByLabel('Budget (USD)').fill('300000');
  await page.getByRole('button', { name: 'Add a funding source' }).click();
  await page.getByLabel(exactly('Source')).fill('ADB');
  await page.getByLabel('Amount (USD)').fill('200000');
  await page.getByLabel(exactly('Target value')).fill('75');
  await page.getByLabel(exactly('Status')).selectOption('active');
  await page.getByRole('button', { name: 'Save the project' }).click();
  await page.waitForFunction((i) => location.hash === `#/pilots/projects/${i}`, id);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  const saved = (await api(`/pilots/${id}`)).project;
  assert.equal(saved.budget, 300000);
  assert.deepEqual(saved.funding.map((f) => [f.source, f.amount, f.currency]), [['ADB', 200000, 'USD']]);
  assert.deepEqual(saved.indicators.map((x) => [x.indicator, x.baseline_year, x.baseline_value, x.target_year, x.target_value]), [[ind, 2010, 100, 2013, 75]]);
  assert.equal(saved.status, 'active');
  assert.equal(saved.start, '2011-01-01');

  // Removing the row is refused while Beijing has actual values of it (read from the server's own view).
  const view = await api(`/pilots/${id}`);
  assert.ok(view.results[0].actuals.length > 0, `Beijing has values of ${ind} in 2010..2013`);
  await page.getByTestId('edit-project').click();
  await page.getByRole('heading', { name: 'Edit the pilot project' }).waitFor();
  await page.locator('fieldset', { has: page.locator('legend', { hasText: 'Results framework row 1' }) }).getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('button', { name: 'Save the project' }).click();
  await page.locator('.message').filter({ hasText: `indicator '${ind}'` }).waitFor();
  assert.match(location(page), /\?edit=1$/);
  assert.equal((await api(`/pilots/${id}`)).project.indicators.length, 1, 'the row is still there');
  await page.context().close();
});

test('the secretariat records an event: details, session, participant, decision, follow-up action done', async () => {
  const page = await signedIn();
  await open(page, '#/events');
  await page.getByRole('link', { name: 'New event' }).click();
  await page.getByRole('heading', { name: 'Record a new event' }).waitFor();
  const code = `browser-workshop-${Date.now()}`;
  await page.getByLabel('Code').fill(code);
  await page.getByLabel('Title (English)').fill('Workshop on urban air quality management');
  await page.getByLabel(exactly('Kind')).selectOption('workshop');
  await page.getByLabel(exactly('Status')).selectOption('held');
  await page.getByLabel('Start date').fill('2002-05-20');
  await page.getByLabel('End date').fill('2002-05-21');
  await page.getByLabel('Venue').fill('Bangkok');
  await page.getByRole('button', { name: 'Record the event' }).click();
  await page.getByRole('heading', { level: 1, name: 'Workshop on urban air quality management' }).waitFor();

  const add = async (testid, fill, button) => {
    const form = page.getByTestId(testid);
    await form.locator('summary').click();
    await fill(form);
    await form.getByRole('button', { name: button }).click();
    await page.getByRole('heading', { level: 1, name: 'Workshop on urban air quality management' }).waitFor();
  };
  await add('add-session', async (f) => {
    await f.getByLabel('Title of the session').fill('Opening session');
    await f.getByLabel('Starts at').fill('09:30');
    await f.getByLabel('Ends at').fill('12:00');
  }, 'Add the session');
  await page.getByRole('heading', { name: 'Sessions' }).waitFor();
  await add('add-participant', async (f) => {
    await f.getByLabel(/^Name/).fill('Representatives of 8 cities');
    await f.getByLabel('Number of people').fill('8');
  }, 'Add the participant');
  await page.getByRole('heading', { name: 'Participants' }).waitFor();
  await add('add-decision', async (f) => {
    await f.getByLabel('Decision').fill('Each city drafts an air quality action plan.');
  }, 'Add the decision');
  await page.getByRole('heading', { name: 'Decisions' }).waitFor();
  const actionForm = page.getByTestId('add-action');
  await actionForm.locator('summary').click();
  await actionForm.getByLabel('Action').fill('Send the draft plans to the secretariat');
  await actionForm.getByLabel('Follows decision').selectOption('1');
  await actionForm.getByLabel('Owner').fill('IGES');
  await actionForm.getByLabel('Due').fill('2002-09-30');
  await actionForm.getByRole('button', { name: 'Add the action' }).click();
  await page.getByRole('heading', { name: 'Follow-up actions' }).waitFor();

  const e = await api(`/events/${code}`);
  assert.equal(e.status, 'held');
  assert.equal(e.sessions.length, 1);
  assert.deepEqual([e.sessions[0].title, e.sessions[0].start_time, e.sessions[0].end_time], ['Opening session', '09:30', '12:00']);
  assert.deepEqual([e.participants[0].name, e.participants[0].count], ['Representatives of 8 cities', 8]);
  assert.deepEqual(e.decisions, [{ number: 1, text: 'Each city drafts an air quality action plan.' }]);
  assert.equal(e.actions.length, 1);
  assert.deepEqual([e.actions[0].decision, e.actions[0].owner, e.actions[0].due_date, e.actions[0].status], [1, 'IGES', '2002-09-30', 'open']);

  // The action is marked done in place.
  await page.getByLabel('Status of action 1').selectOption('done');
  await page.getByText('Saved.').waitFor();
  assert.equal((await api(`/events/${code}`)).actions[0].status, 'done');
  await page.context().close();
});

test('the public and other roles see no edit controls they may not use', async () => {
  const page = await newPage(browser, errors);
  await open(page, '#/pilots');
  await setLanguage(page, 'en');
  const call = (await api('/pilot-calls')).items[0];
  const project = (await api('/pilots')).items[0];
  const event = (await api('/events')).items[0];
  await page.getByRole('heading', { name: 'Calls' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'New call' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'New pilot project' }).count(), 0);
  await open(page, `#/pilots/calls/${call.id}`);
  await page.getByTestId('ranking-table').waitFor();
  assert.equal(await page.getByRole('link', { name: 'Edit the call' }).count(), 0);
  assert.equal(await page.locator('input.rating-input').count(), 0, 'ratings are read-only');
  await open(page, `#/pilots/projects/${project.id}`);
  await page.getByRole('heading', { name: 'Milestones' }).waitFor();
  for (const name of ['Manage the project', 'Write a progress report', 'Add a milestone']) assert.equal(await page.getByText(name).count(), 0, name);
  assert.equal(await page.getByTestId('edit-project').count(), 0, 'no Edit for the public');
  assert.equal(await page.getByRole('button').filter({ hasText: /Mark milestone|Approve|Submit for approval|best practice/ }).count(), 0);
  await open(page, '#/pilots/calls/new');
  await page.locator('[data-state="forbidden"]').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Create the call' }).count(), 0);
  await open(page, '#/events');
  await page.locator('.event-list').waitFor();
  assert.equal(await page.getByRole('link', { name: 'New event' }).count(), 0);
  await open(page, `#/events/${event.id}`);
  await page.getByRole('heading', { name: 'Event', exact: true }).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Record what happened' }).count(), 0);
  assert.equal(await page.locator('select[data-action]').count(), 0);
  // In Chinese the sample call is listed by its Chinese title (title_zh).
  const zhCall = (await api('/pilot-calls')).items.find((c) => c.title_zh);
  assert.ok(zhCall, 'the sample call has a Chinese title');
  await open(page, '#/pilots');
  await setLanguage(page, 'zh');
  await page.getByRole('link', { name: zhCall.title_zh, exact: true }).waitFor();
  await setLanguage(page, 'en');
  await page.context().close();

  // Beijing's officer may report on Beijing's pilots only: none of the sample's (Lanzhou, Xining).
  const officer = await signedIn('officer');
  const other = (await api('/pilots')).items.find((p) => p.city !== 'beijing' && p.status !== 'completed' && p.status !== 'cancelled');
  assert.ok(other, 'the sample has an open project outside Beijing');
  await open(officer, `#/pilots/projects/${other.id}`);
  await officer.getByRole('heading', { name: 'Milestones' }).waitFor();
  assert.equal(await officer.getByText('Write a progress report').count(), 0);
  assert.equal(await officer.getByRole('button', { name: /Mark milestone/ }).count(), 0);
  await officer.context().close();
});
