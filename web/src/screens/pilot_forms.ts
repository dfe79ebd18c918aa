// The secretariat's forms of the pilot programme (docs/pilots.md, docs/web.md):
// a call with its criteria, candidates and eligible countries (new, or edited
// while the call has not closed: POST /pilot-calls, PUT /pilot-calls/{id}),
// and a pilot project with partners, funding, results framework and
// milestones (new: POST /pilots, or corrected: PUT /pilots/{id}). The server validates everything again; its
// error names the field ("criteria[1].weight"), which is put next to the
// input of that row.
import { ApiError, get, getAll, post, request, type City, type Indicator, type Organisation, type Page, type Scheme } from '../api';
import { h, uid } from '../dom';
import { t, tCode, cityName, countryName, enZh, indicatorName, fmtUnit } from '../i18n';
import { navigate } from '../router';
import { getState } from '../store';
import { checkGroup, errorView, field, loading, messageArea, pageHeader, type FieldOpts } from '../ui';
import type { Criterion, PilotCall, PilotProject } from './pilots';

type Field = ReturnType<typeof field>;

/** May the signed-in user create and change calls and projects (action manage-pilots)? */
export function canManagePilots(): boolean {
  return getState().user?.role === 'secretariat';
}

/** Today as YYYY-MM-DD (UTC, as the server decides whether a call is still open). */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A call may be edited until its closing date has passed. */
export function callIsOpen(call: Pick<PilotCall, 'closes'>): boolean {
  return !call.closes || call.closes >= todayIso();
}

const countryOf = (c: City) => (typeof c.country === 'string' ? c.country : c.country.code);

/** Rows of a repeated part of a form (criteria, partners …), each with its named fields and a remove button. */
interface RowSet<R> {
  box: HTMLElement;
  rows: R[];
  add: (init?: unknown) => void;
}

function rowSet<R extends { el: HTMLElement }>(make: (n: number, init: unknown, remove: () => void) => R): RowSet<R> {
  const box = h('div', { class: 'row-set' });
  const set: RowSet<R> = {
    box,
    rows: [],
    add(init?: unknown) {
      const row: R = make(set.rows.length + 1, init, () => {
        set.rows.splice(set.rows.indexOf(row), 1);
        row.el.remove();
      });
      set.rows.push(row);
      box.append(row.el);
    },
  };
  return set;
}

/** Puts the server's error next to the field it names ("criteria[1].weight", "title"); false when no field matches. */
function showFieldError(err: unknown, top: Record<string, Field>, sets: Record<string, { rows: { fields: Record<string, Field> }[] }>): boolean {
  if (!(err instanceof ApiError) || !err.field) return false;
  const m = /^([a-z_]+)\[(\d+)\](?:\.([a-z_]+))?/.exec(err.field);
  let target: Field | undefined;
  if (m && sets[m[1]]) {
    const row = sets[m[1]].rows[Number(m[2])];
    if (row) target = m[3] ? row.fields[m[3]] : Object.values(row.fields)[0];
  } else {
    target = top[err.field];
  }
  if (!target) return false;
  target.setError(err.message);
  target.input.focus();
  return true;
}

const num = (x: Field) => (x.input.value.trim() === '' ? null : Number(x.input.value));

// ---- a call: new or edited ----

interface CriterionRow {
  el: HTMLElement;
  fields: Record<string, Field>;
  value: () => Record<string, unknown>;
}

function criterionRow(n: number, init: Partial<Criterion> | undefined, remove: () => void, inds: Indicator[], schemes: Scheme[]): CriterionRow {
  const year = String(new Date().getFullYear() - 1);
  const f: Record<string, Field> = {
    code: field({ name: `crit-${n}-code`, label: t('pilotForm.critCode'), required: true, value: init?.code ?? '', hint: t('pilotForm.codeHint') }),
    name: field({ name: `crit-${n}-name`, label: t('pilotForm.critName'), required: true, value: init?.name ?? '' }),
    source: field({ name: `crit-${n}-source`, label: t('pilot.source'), value: init?.source ?? 'indicator', options: ['indicator', 'scheme', 'rating', 'population'].map((x) => ({ value: x, label: tCode('pilot.sourceKind.', x) })) }),
    indicator: field({ name: `crit-${n}-indicator`, label: t('explorer.indicator'), value: init?.indicator ?? '', options: [{ value: '', label: '–' }, ...inds.map((i) => ({ value: i.code, label: `${indicatorName(i)} (${fmtUnit(i.unit)})` }))] }),
    scheme: field({ name: `crit-${n}-scheme`, label: t('pilotForm.scheme'), value: init?.scheme ?? '', options: [{ value: '', label: '–' }, ...schemes.map((s) => ({ value: s.id, label: enZh(s) }))] }),
    year: field({ name: `crit-${n}-year`, label: t('pilotForm.year'), type: 'number', inputmode: 'numeric', value: init?.year ? String(init.year) : year }),
    direction: field({ name: `crit-${n}-direction`, label: t('pilot.direction'), value: init?.direction ?? 'benefit', options: ['benefit', 'cost', 'target'].map((x) => ({ value: x, label: tCode('pilot.dir.', x) })) }),
    target_value: field({ name: `crit-${n}-target`, label: t('pilotForm.targetValue'), type: 'number', step: 'any', value: init?.target_value !== null && init?.target_value !== undefined ? String(init.target_value) : '' }),
    normalisation: field({ name: `crit-${n}-norm`, label: t('pilot.normalisation'), value: init?.normalisation ?? 'min-max', options: ['min-max', 'vector', 'target'].map((x) => ({ value: x, label: tCode('pilot.norm.', x) })) }),
    weight: field({ name: `crit-${n}-weight`, label: t('pilot.weight'), type: 'number', step: 'any', min: '0', required: true, value: String(init?.weight ?? 1) }),
    note: field({ name: `crit-${n}-note`, label: t('pilotForm.note'), value: init?.note ?? '' }),
  };
  // Show only the inputs the chosen source and direction use.
  const sync = () => {
    const src = f.source.input.value;
    f.indicator.wrap.hidden = src !== 'indicator';
    f.scheme.wrap.hidden = src !== 'scheme';
    f.year.wrap.hidden = src !== 'indicator' && src !== 'scheme';
    f.target_value.wrap.hidden = f.direction.input.value !== 'target' && f.normalisation.input.value !== 'target';
  };
  for (const k of ['source', 'direction', 'normalisation']) f[k].input.addEventListener('change', sync);
  sync();
  const legend = h('legend', null, t('pilotForm.criterionN', { n }));
  const el = h('fieldset', { class: 'result-row form-row', 'data-testid': 'criterion-row' }, legend,
    h('div', { class: 'controls' }, f.code.wrap, f.name.wrap, f.weight.wrap),
    h('div', { class: 'controls' }, f.source.wrap, f.indicator.wrap, f.scheme.wrap, f.year.wrap),
    h('div', { class: 'controls' }, f.direction.wrap, f.target_value.wrap, f.normalisation.wrap),
    f.note.wrap,
    h('button', { type: 'button', onclick: remove }, t('pilotForm.removeCriterion', { n })));
  return {
    el, fields: f,
    value: () => {
      const src = f.source.input.value;
      return {
        code: f.code.input.value.trim(), name: f.name.input.value.trim(), source: src,
        indicator: src === 'indicator' ? f.indicator.input.value : '',
        scheme: src === 'scheme' ? f.scheme.input.value : '',
        year: src === 'indicator' || src === 'scheme' ? num(f.year) : null,
        direction: f.direction.input.value, normalisation: f.normalisation.input.value,
        target_value: f.target_value.wrap.hidden ? null : num(f.target_value),
        weight: num(f.weight), note: f.note.input.value.trim(),
      };
    },
  };
}

/** `#/pilots/calls/new`, or `#/pilots/calls/{id}?edit=1` with the call to edit. */
export function callFormScreen(main: HTMLElement, callId: string | null): void {
  main.append(pageHeader(callId ? 'pilotForm.editCallTitle' : 'pilotForm.newCallTitle', 'pilotForm.callIntro'));
  if (!canManagePilots()) {
    main.append(h('p', { class: 'notice', role: 'status', 'data-state': 'forbidden' }, t('pilotForm.secretariatOnly')));
    return;
  }
  const body = h('div', null, loading());
  main.append(body);
  Promise.all([
    getAll<City>('/cities'),
    getAll<Indicator>('/indicators').catch(() => [] as Indicator[]),
    getAll<Scheme>('/schemes').catch(() => [] as Scheme[]),
    callId ? get<PilotCall>(`/pilot-calls/${encodeURIComponent(callId)}`) : Promise.resolve(null),
  ]).then(([cities, inds, schemes, call]) => {
    if (call && !callIsOpen(call)) {
      body.replaceChildren(h('p', { class: 'notice', role: 'status' }, t('pilotForm.callClosed', { date: call.closes ?? '' })),
        h('p', null, h('a', { href: `#/pilots/calls/${call.id}` }, t('pilotForm.backToCall'))));
      return;
    }
    const year = new Date().getFullYear();
    const f: Record<string, Field> = {
      title: field({ name: 'title', label: t('pilotForm.callTitle'), required: true, value: call?.title ?? '' }),
      title_zh: field({ name: 'title_zh', label: t('pilotForm.callTitleZh'), hint: t('pilotForm.callTitleZhHint'), value: call?.title_zh ?? '' }),
      description: field({ name: 'description', label: t('pilotForm.description'), multiline: true, value: call?.description ?? '' }),
      opens: field({ name: 'opens', label: t('pilotForm.opens'), type: 'date', required: true, value: call?.opens ?? todayIso() }),
      closes: field({ name: 'closes', label: t('pilotForm.closes'), type: 'date', required: true, value: call?.closes ?? `${year}-12-31` }),
      missing_rule: field({ name: 'missing_rule', label: t('pilot.missingRule'), value: call?.missing_rule ?? 'exclude', options: ['exclude', 'worst'].map((x) => ({ value: x, label: tCode('pilot.missing.', x) })) }),
      data_status: field({ name: 'data_status', label: t('city.dataStatus'), value: call?.data_status ?? 'real', options: [{ value: 'real', label: t('state.real') }, { value: 'illustrative', label: t('state.illustrative') }] }),
    };
    const countryCodes = [...new Set(cities.map(countryOf))].sort();
    const countryLabel = new Map(cities.map((c) => [countryOf(c), countryName(c.country)]));
    const countries = checkGroup('eligible_countries', t('pilot.countries'), countryCodes.map((c) => ({ value: c, label: `${countryLabel.get(c) ?? c} (${c})` })), call?.eligible_countries ?? []);
    const sorted = [...cities].sort((a, b) => countryOf(a).localeCompare(countryOf(b)) || cityName(a).localeCompare(cityName(b)));
    const candidates = checkGroup('candidates', t('pilot.candidates') + ' *', sorted.map((c) => ({ value: c.code, label: `${cityName(c)} (${countryOf(c)})` })), call?.candidates ?? []);
    countries.wrap.classList.add('check-columns');
    candidates.wrap.classList.add('check-columns');
    const candErr = h('p', { class: 'field-error', id: uid('err'), 'aria-live': 'polite' });
    candidates.wrap.append(candErr);
    const crits = rowSet<CriterionRow>((n, init, remove) => criterionRow(n, init as Partial<Criterion> | undefined, remove, inds, schemes));
    if (call) for (const c of call.criteria) crits.add(c);
    else crits.add();
    const msg = messageArea();
    const send = async () => {
      msg.clear();
      candErr.textContent = '';
      for (const x of Object.values(f)) x.setError(null);
      for (const r of crits.rows) for (const x of Object.values(r.fields)) x.setError(null);
      const bad: [Field, string][] = [];
      if (!f.title.input.value.trim()) bad.push([f.title, t('entry.required')]);
      for (const r of crits.rows) {
        if (!r.fields.code.input.value.trim()) bad.push([r.fields.code, t('entry.required')]);
        if (!(Number(r.fields.weight.input.value) > 0)) bad.push([r.fields.weight, t('pilotForm.weightPositive')]);
      }
      if (bad.length) {
        for (const [x, m] of bad) x.setError(m);
        bad[0][0].input.focus();
        msg.show(t('entry.fixErrors'), 'error');
        return;
      }
      if (candidates.value().length === 0) { candErr.textContent = t('pilotForm.chooseCandidates'); msg.show(t('entry.fixErrors'), 'error'); return; }
      if (crits.rows.length === 0) { msg.show(t('pilotForm.addOneCriterion'), 'error'); return; }
      const input = {
        title: f.title.input.value.trim(), title_zh: f.title_zh.input.value.trim(), description: f.description.input.value.trim(),
        opens: f.opens.input.value, closes: f.closes.input.value,
        eligible_countries: countries.value(), candidates: candidates.value(),
        missing_rule: f.missing_rule.input.value, data_status: f.data_status.input.value,
        criteria: crits.rows.map((r) => r.value()),
      };
      try {
        const saved = call ? await request<PilotCall>('PUT', `/pilot-calls/${call.id}`, { json: input }) : await post<PilotCall>('/pilot-calls', input);
        navigate(`#/pilots/calls/${saved.id}`);
      } catch (err) {
        if (err instanceof ApiError && err.field === 'candidates') { candErr.textContent = err.message; msg.show(t('entry.fixErrors'), 'error'); return; }
        if (showFieldError(err, f, { criteria: crits })) { msg.show(t('entry.fixErrors'), 'error'); return; }
        msg.el.replaceChildren(errorView(err, call ? `PUT /api/v1/pilot-calls/${call.id}` : 'POST /api/v1/pilot-calls'));
      }
    };
    body.replaceChildren(h('form', { class: 'card form form-wide', novalidate: true, 'aria-label': t(call ? 'pilotForm.editCallTitle' : 'pilotForm.newCallTitle'), onsubmit: (e: Event) => { e.preventDefault(); void send(); } },
      h('h2', null, t('pilot.callDetails')), Object.values(f).map((x) => x.wrap),
      countries.wrap, h('p', { class: 'hint' }, t('pilotForm.countriesHint')), candidates.wrap,
      h('h2', null, t('pilot.criteria')), h('p', { class: 'hint' }, t('pilotForm.criteriaHint')), crits.box,
      h('button', { type: 'button', onclick: () => crits.add() }, t('pilotForm.addCriterion')),
      call && call.ratings?.length ? h('p', { class: 'hint' }, t('pilotForm.ratingsKept')) : null,
      h('div', { class: 'button-row' },
        h('button', { type: 'submit', class: 'primary' }, t(call ? 'pilotForm.saveCall' : 'pilotForm.createCall')),
        h('a', { href: call ? `#/pilots/calls/${call.id}` : '#/pilots' }, t('pilotForm.cancel'))),
      msg.el));
    f.title.input.focus();
  }, (e) => body.replaceChildren(errorView(e, callId ? `GET /api/v1/pilot-calls/${callId}` : 'GET /api/v1/cities')));
}

// ---- a project ----

interface PartRow {
  el: HTMLElement;
  fields: Record<string, Field>;
}

function partRow(legendText: string, specs: FieldOpts[], remove: (() => void) | null, removeLabel: string): PartRow {
  const fields: Record<string, Field> = {};
  for (const s of specs) fields[s.name.replace(/^.*?-\d+-/, '')] = field(s);
  const el = h('fieldset', { class: 'result-row form-row' }, h('legend', null, legendText),
    h('div', { class: 'controls' }, Object.values(fields).map((x) => x.wrap)),
    remove ? h('button', { type: 'button', onclick: remove }, removeLabel) : null);
  return { el, fields };
}

/** The statuses a project may move to from `from` (docs/pilots.md "Project status"; the server decides again). */
export function nextStatuses(p: Pick<PilotProject, 'status' | 'practice_code'>): string[] {
  switch (p.status) {
    case 'planned': return ['active', 'cancelled'];
    case 'active': return ['completed', 'cancelled'];
    // Reopening, unless the pilot already became a best practice.
    case 'completed': return p.practice_code ? [] : ['active'];
    default: return [];
  }
}

/** A call's title in the language of the UI: the Chinese title when there is one. */
export function callTitle(c: { title: string; title_zh?: string }): string {
  return getState().lang === 'zh' && c.title_zh ? c.title_zh : c.title;
}

/**
 * `#/pilots/projects/new[?call=ID&city=CODE]`: the project form (secretariat);
 * with `projectId` (`#/pilots/projects/{id}?edit=1`) the same form prefilled
 * with the project, saved with PUT /pilots/{id}. The city of a project does
 * not change (the server refuses it), so its select is disabled when editing.
 */
export function projectFormScreen(main: HTMLElement, query: URLSearchParams, projectId: string | null = null): void {
  const titleKey = projectId ? 'pilotForm.editProjectTitle' : 'pilotForm.newProjectTitle';
  main.append(pageHeader(titleKey, 'pilotForm.projectIntro'));
  if (!canManagePilots()) {
    main.append(h('p', { class: 'notice', role: 'status', 'data-state': 'forbidden' }, t('pilotForm.secretariatOnly')));
    return;
  }
  const body = h('div', null, loading());
  main.append(body);
  Promise.all([
    getAll<City>('/cities'),
    getAll<Indicator>('/indicators').catch(() => [] as Indicator[]),
    get<Page<PilotCall>>('/pilot-calls', { per_page: 100 }).then((p) => p.items).catch(() => [] as PilotCall[]),
    getAll<Organisation>('/organisations').catch(() => [] as Organisation[]),
    projectId ? get<{ project: PilotProject }>(`/pilots/${encodeURIComponent(projectId)}`).then((v) => v.project) : Promise.resolve(null),
  ]).then(([cities, inds, calls, orgs, project]) => {
    const year = new Date().getFullYear();
    const sorted = [...cities].sort((a, b) => countryOf(a).localeCompare(countryOf(b)) || cityName(a).localeCompare(cityName(b)));
    const themeCodes = [...new Set([...inds.map((i) => i.theme).filter(Boolean), ...(project?.themes ?? [])])].sort();
    // A new project starts planned or active; an edited one keeps its status or moves along the table.
    const statuses = project ? [project.status, ...nextStatuses(project)] : ['planned', 'active'];
    const f: Record<string, Field> = {
      title: field({ name: 'title', label: t('pilotForm.projectTitle'), required: true, value: project?.title ?? '' }),
      city: field({ name: 'city', label: t('req.city'), required: true, value: project?.city ?? query.get('city') ?? '', hint: project ? t('pilotForm.cityFixed') : undefined, options: sorted.map((c) => ({ value: c.code, label: `${cityName(c)} (${countryOf(c)})` })) }),
      call_id: field({ name: 'call_id', label: t('pilot.call'), value: project ? (project.call_id ? String(project.call_id) : '') : query.get('call') ?? '', options: [{ value: '', label: t('pilotForm.noCall') }, ...calls.map((c) => ({ value: String(c.id), label: callTitle(c) }))] }),
      summary: field({ name: 'summary', label: t('event.summary'), multiline: true, value: project?.summary ?? '' }),
      start: field({ name: 'start', label: t('pilotForm.start'), type: 'date', required: true, value: project?.start ?? `${year}-01-01` }),
      end: field({ name: 'end', label: t('pilotForm.end'), type: 'date', required: true, value: project?.end ?? `${year + 2}-12-31` }),
      budget: field({ name: 'budget', label: t('pilotForm.budgetUsd'), type: 'number', min: '0', step: 'any', value: project?.budget !== null && project?.budget !== undefined ? String(project.budget) : '' }),
      status: field({ name: 'status', label: t('event.status'), value: project?.status ?? 'planned', hint: project ? t('pilotForm.statusHint') : undefined, options: statuses.map((x) => ({ value: x, label: tCode('pilot.status.', x) })) }),
      comparison_cities: field({ name: 'comparison_cities', label: t('pilot.comparison'), hint: t('pilotForm.comparisonHint'), value: (project?.comparison_cities ?? []).join(', ') }),
      data_status: field({ name: 'data_status', label: t('city.dataStatus'), value: project?.data_status ?? 'real', options: [{ value: 'real', label: t('state.real') }, { value: 'illustrative', label: t('state.illustrative') }] }),
    };
    if (project) (f.city.input as HTMLSelectElement).disabled = true;
    const themes = checkGroup('themes', t('practice.themes'), themeCodes.map((x) => ({ value: x, label: tCode('theme.', x) })), project?.themes ?? []);
    themes.wrap.classList.add('check-columns');
    const orgCodes = new Set(orgs.map((o) => o.code));
    const orgOptions = [{ value: '', label: '–' }, ...orgs.map((o) => ({ value: o.code, label: o.acronym ? `${o.name_en} (${o.acronym})` : o.name_en }))];
    type Partner = NonNullable<PilotProject['partners']>[number];
    type Funding = NonNullable<PilotProject['funding']>[number];
    type Line = NonNullable<PilotProject['indicators']>[number];
    type Milestone = NonNullable<PilotProject['milestones']>[number];
    const str = (x: number | null | undefined, dflt = '') => (x === null || x === undefined ? dflt : String(x));
    const partners = rowSet<PartRow>((n, i, remove) => {
      const x = i as Partner | undefined;
      // An organisation partner's code is chosen from the list when it is one; anything else stays a free code.
      const asOrg = !!x && x.kind !== 'mentor-city' && !!x.code && orgCodes.has(x.code);
      return partRow(t('pilotForm.partnerN', { n }), [
        { name: `partner-${n}-kind`, label: t('pilotForm.partnerKind'), value: x?.kind ?? 'mentor-city', options: ['mentor-city', 'agency', 'institute', 'other'].map((k) => ({ value: k, label: tCode('pilot.partnerKind.', k) })) },
        { name: `partner-${n}-code`, label: t('pilotForm.partnerCode'), hint: t('pilotForm.partnerCodeHint'), value: asOrg ? '' : x?.code ?? '' },
        { name: `partner-${n}-organisation`, label: t('event.organisation'), options: orgOptions, value: asOrg ? x?.code : '' },
        { name: `partner-${n}-name`, label: t('pilotForm.partnerName'), value: x?.name ?? '' },
        { name: `partner-${n}-role`, label: t('event.role'), value: x?.role ?? '' },
      ], remove, t('pilotForm.remove'));
    });
    // Funding lines keep the currency they were entered in (the form enters USD).
    const fundingCurrency = new WeakMap<PartRow, string>();
    const funding = rowSet<PartRow>((n, i, remove) => {
      const x = i as Funding | undefined;
      const row = partRow(t('pilotForm.fundingN', { n }), [
        { name: `funding-${n}-source`, label: t('pilotForm.fundingSource'), required: true, value: x?.source ?? '' },
        { name: `funding-${n}-amount`, label: t('pilotForm.amountUsd'), type: 'number', min: '0', step: 'any', required: true, value: str(x?.amount) },
        { name: `funding-${n}-note`, label: t('pilotForm.note'), value: x?.note ?? '' },
      ], remove, t('pilotForm.remove'));
      fundingCurrency.set(row, x?.currency || 'USD');
      return row;
    });
    const indOptions = [{ value: '', label: '–' }, ...inds.map((i) => ({ value: i.code, label: `${indicatorName(i)} (${fmtUnit(i.unit)})` }))];
    const framework = rowSet<PartRow>((n, i, remove) => {
      const x = i as Line | undefined;
      return partRow(t('pilotForm.frameworkN', { n }), [
        { name: `rf-${n}-indicator`, label: t('explorer.indicator'), options: indOptions, required: true, value: x?.indicator ?? '' },
        { name: `rf-${n}-baseline_year`, label: t('pilotForm.baselineYear'), type: 'number', inputmode: 'numeric', value: str(x?.baseline_year, String(year - 1)), required: true },
        { name: `rf-${n}-baseline_value`, label: t('pilotForm.baselineValue'), type: 'number', step: 'any', required: true, value: str(x?.baseline_value) },
        { name: `rf-${n}-target_year`, label: t('pilotForm.targetYear'), type: 'number', inputmode: 'numeric', value: str(x?.target_year, String(year + 3)), required: true },
        { name: `rf-${n}-target_value`, label: t('pilotForm.targetValue'), type: 'number', step: 'any', required: true, value: str(x?.target_value) },
        { name: `rf-${n}-note`, label: t('pilotForm.note'), value: x?.note ?? '' },
      ], remove, t('pilotForm.remove'));
    });
    const milestones = rowSet<PartRow>((n, i, remove) => {
      const x = i as Milestone | undefined;
      return partRow(t('pilotForm.milestoneN', { n }), [
        { name: `ms-${n}-title`, label: t('pilot.milestone'), required: true, value: x?.title ?? '' },
        { name: `ms-${n}-due`, label: t('event.due'), type: 'date', required: true, value: x?.due ?? '' },
        { name: `ms-${n}-done`, label: t('pilot.done'), type: 'date', value: x?.done ?? '' },
        { name: `ms-${n}-note`, label: t('pilotForm.note'), value: x?.note ?? '' },
      ], remove, t('pilotForm.remove'));
    });
    for (const x of project?.partners ?? []) partners.add(x);
    for (const x of project?.funding ?? []) funding.add(x);
    for (const x of project?.indicators ?? []) framework.add(x);
    for (const x of project?.milestones ?? []) milestones.add(x);
    const msg = messageArea();
    const sets = { partners, funding, indicators: framework, milestones };
    const send = async () => {
      msg.clear();
      for (const x of Object.values(f)) x.setError(null);
      for (const s of Object.values(sets)) for (const r of s.rows) for (const x of Object.values(r.fields)) x.setError(null);
      const bad: [Field, string][] = [];
      if (!f.title.input.value.trim()) bad.push([f.title, t('entry.required')]);
      for (const r of framework.rows) {
        for (const k of ['indicator', 'baseline_year', 'baseline_value', 'target_year', 'target_value'])
          if (!r.fields[k].input.value.trim()) bad.push([r.fields[k], t('entry.required')]);
      }
      for (const r of milestones.rows) for (const k of ['title', 'due']) if (!r.fields[k].input.value.trim()) bad.push([r.fields[k], t('entry.required')]);
      for (const r of funding.rows) for (const k of ['source', 'amount']) if (!r.fields[k].input.value.trim()) bad.push([r.fields[k], t('entry.required')]);
      if (bad.length) {
        for (const [x, m] of bad) x.setError(m);
        bad[0][0].input.focus();
        msg.show(t('entry.fixErrors'), 'error');
        return;
      }
      const v = (r: PartRow, k: string) => r.fields[k].input.value.trim();
      const input = {
        title: f.title.input.value.trim(), city: f.city.input.value,
        call_id: f.call_id.input.value ? Number(f.call_id.input.value) : null,
        summary: f.summary.input.value.trim(), themes: themes.value(),
        budget: num(f.budget), currency: project?.currency || 'USD', start: f.start.input.value, end: f.end.input.value,
        status: f.status.input.value, data_status: f.data_status.input.value,
        comparison_cities: f.comparison_cities.input.value.split(/[,;\s]+/).map((s) => s.trim()).filter(Boolean),
        partners: partners.rows.map((r) => ({ kind: v(r, 'kind'), code: v(r, 'kind') === 'mentor-city' ? v(r, 'code') : v(r, 'organisation') || v(r, 'code'), name: v(r, 'name'), role: v(r, 'role') })),
        funding: funding.rows.map((r) => ({ source: v(r, 'source'), amount: Number(v(r, 'amount')), currency: fundingCurrency.get(r) ?? 'USD', note: v(r, 'note') })),
        indicators: framework.rows.map((r) => ({ indicator: v(r, 'indicator'), baseline_year: Number(v(r, 'baseline_year')), baseline_value: Number(v(r, 'baseline_value')), target_year: Number(v(r, 'target_year')), target_value: Number(v(r, 'target_value')), note: v(r, 'note') })),
        milestones: milestones.rows.map((r) => ({ title: v(r, 'title'), due: v(r, 'due'), done: v(r, 'done'), note: v(r, 'note') })),
      };
      const what = project ? `PUT /api/v1/pilots/${project.id}` : 'POST /api/v1/pilots';
      try {
        const saved = project ? await request<PilotProject>('PUT', `/pilots/${project.id}`, { json: input }) : await post<PilotProject>('/pilots', input);
        navigate(`#/pilots/projects/${saved.id}`);
      } catch (err) {
        if (showFieldError(err, f, sets)) { msg.show(t('entry.fixErrors'), 'error'); return; }
        // A refusal about the results framework as a whole ("indicators": a removed line has actual values) or the status.
        if (err instanceof ApiError && (err.status === 409 || err.status === 400) && !err.routeMissing) { msg.show(t('req.refused', { message: err.message }), 'error'); return; }
        msg.el.replaceChildren(errorView(err, what));
      }
    };
    body.replaceChildren(h('form', { class: 'card form form-wide', novalidate: true, 'aria-label': t(titleKey), onsubmit: (e: Event) => { e.preventDefault(); void send(); } },
      h('h2', null, t('pilot.projectDetails')), Object.values(f).map((x) => x.wrap), themes.wrap,
      h('h2', null, t('pilot.partners')), partners.box, h('button', { type: 'button', onclick: () => partners.add() }, t('pilotForm.addPartner')),
      h('h3', null, t('pilot.funding')), funding.box, h('button', { type: 'button', onclick: () => funding.add() }, t('pilotForm.addFunding')),
      h('h2', null, t('pilot.framework')), h('p', { class: 'hint' }, t(project ? 'pilotForm.frameworkEditHint' : 'pilotForm.frameworkHint')), framework.box,
      h('button', { type: 'button', onclick: () => framework.add() }, t('pilotForm.addFramework')),
      h('h2', null, t('pilot.milestones')), milestones.box, h('button', { type: 'button', onclick: () => milestones.add() }, t('pilotForm.addMilestone')),
      h('div', { class: 'button-row' },
        h('button', { type: 'submit', class: 'primary' }, t(project ? 'pilotForm.saveProject' : 'pilotForm.createProject')),
        h('a', { href: project ? `#/pilots/projects/${project.id}` : '#/pilots' }, t('pilotForm.cancel'))),
      msg.el));
    f.title.input.focus();
  }, (e) => body.replaceChildren(errorView(e, projectId ? `GET /api/v1/pilots/${projectId}` : 'GET /api/v1/cities')));
}
