// Assistance requests (docs/assistance.md): the list, filing one (from a
// problem of the city's problem profile), one request with its lifecycle,
// programmes, matching programmes and history, and the agency's inbox. The
// steps a request may take are offered by its state; whether the signed-in
// role may take them is the server's decision (403 is shown as such).
import { ApiError, get, getAll, post, type AssistanceRequest, type City, type Page, type Programme, type ProgrammeMatch } from '../api';
import { h } from '../dom';
import { t, tCode, cityName, fmtDate, fmtDateTime, fmtNumber } from '../i18n';
import { navigate, type Route } from '../router';
import { getState } from '../store';
import {
  asyncSection, checkGroup, dataStatusBadge, errorView, facts, field, fmtUsd, loading, messageArea, pageHeader, pager, statusBadge, table,
} from '../ui';
import { problemIndicatorName, type Problem } from './problems';

export const REQUEST_TYPES = ['expert-support', 'technical-cooperation', 'joint-research', 'advisory-mission', 'finance', 'training'];
export const THEMES = ['air', 'water', 'waste', 'noise', 'green-space', 'energy', 'management', 'public-participation', 'financing', 'training'];
export const REQUEST_STATUSES = ['draft', 'submitted', 'endorsed', 'forwarded', 'accepted', 'declined', 'in-progress', 'completed', 'withdrawn'];

/** The main path of the lifecycle, drawn as steps (declined and withdrawn are side exits). */
const LIFECYCLE = ['draft', 'submitted', 'endorsed', 'forwarded', 'accepted', 'in-progress', 'completed'];

/** The steps each state allows (docs/assistance.md); the server checks the role. */
const NEXT: Record<string, string[]> = {
  draft: ['submit', 'withdraw'],
  submitted: ['endorse', 'return', 'withdraw'],
  endorsed: ['forward', 'return', 'withdraw'],
  forwarded: ['accept', 'decline', 'forward', 'withdraw'],
  accepted: ['start', 'withdraw'],
  declined: ['forward', 'withdraw'],
  'in-progress': ['complete'],
};

function cityLabel(cities: Map<string, City>, code: string): string {
  const c = cities.get(code);
  return c ? cityName(c) : code;
}

async function cityMap(): Promise<Map<string, City>> {
  try {
    return new Map((await getAll<City>('/cities')).map((c) => [c.code, c]));
  } catch {
    return new Map();
  }
}

// ---- the list ----

export function requestsScreen(main: HTMLElement, route: Route): void {
  const q = route.query;
  main.append(pageHeader('req.title', 'req.intro'));
  const user = getState().user;
  const statusF = field({ name: 'status', label: t('req.status'), value: q.get('status') ?? '', options: [{ value: '', label: t('audit.all') }, ...REQUEST_STATUSES.map((s) => ({ value: s, label: tCode('req.status.', s) }))] });
  const cityF = field({ name: 'city', label: t('req.city'), value: q.get('city') ?? '' });
  const controls = h('form', {
    class: 'controls',
    onsubmit: (e: Event) => {
      e.preventDefault();
      const s = new URLSearchParams({ status: statusF.input.value, city: cityF.input.value.trim() });
      navigate('#/requests?' + s.toString());
    },
  }, statusF.wrap, cityF.wrap, h('button', { type: 'submit' }, t('audit.filter')));
  const actions = h('p', { class: 'actions' });
  if (user && (user.role === 'city-officer' || user.role === 'secretariat'))
    actions.append(h('a', { class: 'button primary', href: '#/requests/new' + (user.role === 'city-officer' && user.scope ? `?city=${encodeURIComponent(user.scope)}` : '') }, t('req.file')));
  if (user?.role === 'agency-officer') actions.append(h('a', { class: 'button', href: '#/inbox' }, t('nav.inbox')));
  const body = h('div', null, loading());
  main.append(actions, controls, body);
  const page = Math.max(1, Number(q.get('page') ?? 1));
  Promise.all([get<Page<AssistanceRequest>>('/requests', { page, per_page: 50, status: q.get('status'), city: q.get('city') }), cityMap()]).then(([p, cities]) => {
    if (p.items.length === 0) {
      body.replaceChildren(h('p', { class: 'notice' }, t('state.empty')));
      return;
    }
    body.replaceChildren(
      requestTable(p.items, cities, t('req.title')),
      pager(p.page, p.per_page, p.total, (n) => { const s = new URLSearchParams(q); s.set('page', String(n)); navigate('#/requests?' + s.toString()); }));
  }, (e) => body.replaceChildren(errorView(e, 'GET /api/v1/requests')));
}

function requestTable(items: AssistanceRequest[], cities: Map<string, City>, caption: string, extra?: (r: AssistanceRequest) => Node | string): HTMLElement {
  const headers = [t('req.titleField'), t('req.city'), t('req.type'), t('req.status'), t('req.updated')];
  if (extra) headers.push(t('req.programmeStatus'));
  return table(caption, headers, items.map((r) => {
    const row: (Node | string)[] = [
      h('a', { href: `#/requests/${r.id}` }, `#${r.id} ${r.title}`),
      h('a', { href: `#/city/${encodeURIComponent(r.city)}` }, cityLabel(cities, r.city)),
      tCode('req.type.', r.type),
      statusBadge('req.status.', r.status),
      fmtDate((r.updated_at ?? r.created_at ?? '').slice(0, 10)),
    ];
    if (extra) row.push(extra(r));
    return row;
  }), { captionHidden: true });
}

// ---- filing a request ----

function problemLabel(p: Problem): string {
  return `${problemIndicatorName(p)} · ${tCode('problem.kind.', p.kind)} · ${tCode('problem.severity.', p.severity)}`;
}

export function requestNewScreen(main: HTMLElement, route: Route): void {
  main.append(pageHeader('req.newTitle', 'req.newIntro'));
  const user = getState().user;
  if (!user) {
    main.append(h('p', { class: 'notice' }, t('state.signInRequired'), ' ', h('a', { href: '#/login?next=' + encodeURIComponent('#/requests/new') }, t('nav.signIn'))));
    return;
  }
  const body = h('div', null, loading());
  main.append(body);
  getAll<City>('/cities', { member: 'true' }).then((cities) => {
    if (user.role === 'city-officer' && user.scope) cities = cities.filter((c) => c.code === user.scope);
    const q = route.query;
    const wantCity = q.get('city') ?? cities[0]?.code ?? '';
    const f = {
      city: field({ name: 'city', label: t('req.city'), required: true, value: wantCity, options: cities.map((c) => ({ value: c.code, label: cityName(c) })) }),
      problem_code: field({ name: 'problem_code', label: t('req.problem'), hint: t('req.problemHint'), value: q.get('problem') ?? '', options: [{ value: q.get('problem') ?? '', label: q.get('problem') || t('req.noProblem') }] }),
      title: field({ name: 'title', label: t('req.titleField'), required: true, value: q.get('title') ?? '' }),
      type: field({ name: 'type', label: t('req.type'), required: true, value: q.get('type') ?? 'technical-cooperation', options: REQUEST_TYPES.map((x) => ({ value: x, label: tCode('req.type.', x) })) }),
      theme: field({ name: 'theme', label: t('req.theme'), required: true, value: q.get('theme') ?? 'air', options: THEMES.map((x) => ({ value: x, label: tCode('theme.', x) })) }),
      indicator: field({ name: 'indicator', label: t('req.indicator'), value: q.get('indicator') ?? '' }),
      description: field({ name: 'description', label: t('req.description'), multiline: true }),
      budget: field({ name: 'budget', label: t('req.budget'), type: 'number', inputmode: 'decimal', min: '0' }),
      co_funding: field({ name: 'co_funding', label: t('req.coFunding'), type: 'number', inputmode: 'decimal', min: '0' }),
      wanted_start: field({ name: 'wanted_start', label: t('req.wantedStart'), type: 'date' }),
    };
    // The problems of the chosen city (its problem profile), when the server offers them.
    const problems = new Map<string, Problem>();
    const loadProblems = async () => {
      const sel = f.problem_code.input as HTMLSelectElement;
      const keep = sel.value;
      problems.clear();
      try {
        const res = await get<Page<Problem> | { items: Problem[] }>(`/cities/${encodeURIComponent(f.city.input.value)}/problems`);
        for (const p of res.items) problems.set(p.code, p);
      } catch { /* no problem profile (yet): the request can still be filed */ }
      sel.replaceChildren(h('option', { value: '' }, t('req.noProblem')), ...[...problems.values()].map((p) => h('option', { value: p.code, selected: p.code === keep }, problemLabel(p))));
      if (keep && !problems.has(keep)) sel.append(h('option', { value: keep, selected: true }, keep));
    };
    f.problem_code.input.addEventListener('change', () => {
      const p = problems.get(f.problem_code.input.value);
      if (!p) return;
      if (p.indicator) f.indicator.input.value = p.indicator;
      if (p.theme && THEMES.includes(p.theme)) f.theme.input.value = p.theme;
      if (!f.title.input.value) f.title.input.value = `${problemIndicatorName(p)}: ${tCode('problem.kind.', p.kind)}`;
    });
    f.city.input.addEventListener('change', () => void loadProblems());
    void loadProblems();

    const msg = messageArea();
    const send = async (submit: boolean) => {
      msg.clear();
      for (const x of Object.values(f)) x.setError(null);
      if (!f.title.input.value.trim()) {
        f.title.setError(t('entry.required'));
        f.title.input.focus();
        msg.show(t('entry.fixErrors'), 'error');
        return;
      }
      const num = (x: { input: { value: string } }) => (x.input.value.trim() === '' ? null : Number(x.input.value));
      const body = {
        city: f.city.input.value, title: f.title.input.value.trim(), problem_code: f.problem_code.input.value, indicator: f.indicator.input.value.trim(),
        type: f.type.input.value, theme: f.theme.input.value, description: f.description.input.value,
        budget: num(f.budget), co_funding: num(f.co_funding), wanted_start: f.wanted_start.input.value || null,
      };
      try {
        const created = await post<AssistanceRequest>('/requests', body);
        if (submit) await post(`/requests/${created.id}/transitions`, { action: 'submit' });
        navigate(`#/requests/${created.id}?filed=${submit ? 'submitted' : 'draft'}`);
      } catch (err) {
        const target = err instanceof ApiError && err.field ? (f as Record<string, ReturnType<typeof field>>)[err.field] : undefined;
        if (target) {
          target.setError(err instanceof ApiError ? err.message : String(err));
          target.input.focus();
          msg.show(t('entry.fixErrors'), 'error');
        } else msg.el.replaceChildren(errorView(err, 'POST /api/v1/requests'));
      }
    };
    const form = h('form', { class: 'card form', novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void send(true); } },
      Object.values(f).map((x) => x.wrap),
      h('div', { class: 'button-row' },
        h('button', { type: 'submit', class: 'primary' }, t('req.saveSubmit')),
        h('button', { type: 'button', onclick: () => void send(false) }, t('req.saveDraft'))),
      msg.el);
    body.replaceChildren(form);
  }, (e) => body.replaceChildren(errorView(e, 'GET /api/v1/cities')));
}

// ---- one request ----

function lifecycle(status: string, history: AssistanceRequest['history']): HTMLElement {
  // Declined and withdrawn leave the main path: the steps done are those before the state it left.
  let at = LIFECYCLE.indexOf(status);
  if (at < 0) {
    const left = [...(history ?? [])].reverse().find((s) => s.to === status)?.from ?? '';
    at = LIFECYCLE.indexOf(left) + 1;
  }
  return h('ol', { class: 'steps', 'aria-label': t('req.lifecycle') },
    LIFECYCLE.map((s, i) => h('li', {
      class: i < at ? 'done' : i === at && LIFECYCLE[at] === status ? 'current' : '',
      'aria-current': i === at && LIFECYCLE[at] === status ? 'step' : null,
    }, tCode('req.status.', s))),
    status === 'declined' || status === 'withdrawn' ? h('li', { class: 'current exit', 'aria-current': 'step' }, tCode('req.status.', status)) : null);
}

export function requestScreen(main: HTMLElement, route: Route): void {
  const id = route.params.id;
  const body = h('div', null, loading());
  main.append(body);
  const path = `/requests/${encodeURIComponent(id)}`;
  Promise.all([get<AssistanceRequest>(path), cityMap(), getAll<Programme>('/programmes').catch(() => [] as Programme[])]).then(([r, cities, programmes]) => {
    const progBy = new Map(programmes.map((p) => [p.code, p]));
    const filed = route.query.get('filed');
    const h1 = h('h1', { tabindex: '-1' }, `#${r.id} ${r.title}`);
    const header = h('header', { class: 'page-header' }, h1,
      h('p', { class: 'intro' }, h('a', { href: `#/city/${encodeURIComponent(r.city)}` }, cityLabel(cities, r.city)), ' · ', tCode('req.type.', r.type), ' · ', statusBadge('req.status.', r.status), ' ', dataStatusBadge(r.data_status)));
    const notice = filed ? h('p', { class: 'message message-ok', role: 'status' }, t(filed === 'submitted' ? 'req.filedSubmitted' : 'req.filedDraft')) : null;
    const details = h('section', { class: 'card', 'aria-labelledby': 'req-details' }, h('h2', { id: 'req-details' }, t('req.details')),
      facts([
        [t('req.city'), h('a', { href: `#/city/${encodeURIComponent(r.city)}` }, cityLabel(cities, r.city))],
        [t('req.problem'), r.problem_code ? h('a', { href: `#/city/${encodeURIComponent(r.city)}/problems` }, r.problem_code) : null],
        [t('req.indicator'), r.indicator || null],
        [t('req.type'), tCode('req.type.', r.type)],
        [t('req.theme'), tCode('theme.', r.theme)],
        [t('req.description'), r.description ? h('span', { class: 'prose' }, r.description) : null],
        [t('req.budget'), fmtUsd(r.budget)],
        [t('req.coFunding'), fmtUsd(r.co_funding)],
        [t('req.wantedStart'), r.wanted_start ? fmtDate(r.wanted_start) : null],
        // The public sees when, not who (docs/api.md "Privacy").
        [t('req.createdBy'), r.created_at ? [r.created_by, fmtDateTime(r.created_at)].filter(Boolean).join(' · ') : null],
      ]));
    const progs = h('section', { class: 'card', 'aria-labelledby': 'req-progs' }, h('h2', { id: 'req-progs' }, t('req.programmes')),
      (r.programmes ?? []).length === 0 ? h('p', null, t('req.noProgrammes')) :
        table(t('req.programmes'), [t('prog.programme'), t('prog.agency'), t('req.status'), t('req.comment')],
          (r.programmes ?? []).map((p) => [
            h('a', { href: `#/programmes/${encodeURIComponent(p.programme)}` }, progBy.get(p.programme)?.title ?? p.programme),
            progBy.get(p.programme)?.agency_name ?? p.agency,
            statusBadge('req.status.', p.status),
            [p.comment, p.decided_at ? [p.decided_by, fmtDateTime(p.decided_at)].filter(Boolean).join(', ') : ''].filter(Boolean).join(' · ') || '–',
          ]), { captionHidden: true }));
    const outcome = r.outcome ? h('section', { class: 'card', 'aria-labelledby': 'req-outcome' }, h('h2', { id: 'req-outcome' }, t('req.outcome')),
      facts([
        [t('req.helpDelivered'), r.outcome.help_delivered || null],
        [t('req.funds'), fmtUsd(r.outcome.funds)],
        [t('req.pilot'), r.outcome.pilot_id ? h('a', { href: `#/pilots/projects/${r.outcome.pilot_id}` }, String(r.outcome.pilot_id)) : null],
        [t('city.note'), r.outcome.note || null],
      ])) : null;
    const history = h('section', { class: 'card', 'aria-labelledby': 'req-history' }, h('h2', { id: 'req-history' }, t('req.history')),
      table(t('req.history'), [t('audit.when'), t('audit.who'), t('audit.action'), t('req.change'), t('req.comment')],
        (r.history ?? []).map((s) => [
          h('time', { datetime: s.at }, fmtDateTime(s.at)), s.actor ?? '–', tCode('req.done.', s.action),
          s.from || s.to ? `${s.from ? tCode('req.status.', s.from) : '–'} → ${s.to ? tCode('req.status.', s.to) : '–'}${s.programme ? ' (' + s.programme + ')' : ''}` : '–',
          s.comment || '–',
        ]), { captionHidden: true }));
    body.replaceChildren(header, ...(notice ? [notice] : []),
      h('section', { class: 'card', 'aria-labelledby': 'req-life' }, h('h2', { id: 'req-life' }, t('req.lifecycle')), lifecycle(r.status, r.history)),
      actionsPanel(r, progBy),
      h('div', { class: 'grid-2' }, details, progs),
      ...(outcome ? [outcome] : []),
      matchesSection(r),
      history);
    h1.focus();
  }, (e) => body.replaceChildren(errorView(e, `GET /api/v1${path}`)));
}

/** The steps the request's state allows, each with a comment (and programmes or an outcome where the step needs them). */
function actionsPanel(r: AssistanceRequest, progBy: Map<string, Programme>): HTMLElement {
  const user = getState().user;
  const sec = h('section', { class: 'card', 'aria-labelledby': 'req-actions' }, h('h2', { id: 'req-actions' }, t('req.actions')));
  const next = NEXT[r.status] ?? [];
  if (!user) {
    sec.append(h('p', null, t('req.signInToAct'), ' ', h('a', { href: '#/login?next=' + encodeURIComponent(`#/requests/${r.id}`) }, t('nav.signIn'))));
    return sec;
  }
  if (next.length === 0) {
    sec.append(h('p', null, t('req.closed')));
    return sec;
  }
  const msg = messageArea();
  const comment = field({ name: 'comment', label: t('req.comment'), multiline: true });
  const action = field({ name: 'action', label: t('req.step'), value: next[0], options: next.map((a) => ({ value: a, label: tCode('req.action.', a) })) });
  // forward: programmes to forward to (eligible ones are loaded from the matches)
  const forwardBox = h('div');
  let forwardGroup: ReturnType<typeof checkGroup> | null = null;
  // accept/decline: which forwarded programme
  const pending = (r.programmes ?? []).filter((p) => p.status === 'forwarded');
  const progField = field({ name: 'programme', label: t('prog.programme'), options: pending.map((p) => ({ value: p.programme, label: progBy.get(p.programme)?.title ?? p.programme })) });
  // complete: the outcome
  const outcome = {
    help_delivered: field({ name: 'help_delivered', label: t('req.helpDelivered'), multiline: true }),
    funds: field({ name: 'funds', label: t('req.funds'), type: 'number', min: '0' }),
    pilot_id: field({ name: 'pilot_id', label: t('req.pilot'), inputmode: 'numeric' }),
  };
  const outcomeBox = h('div', null, Object.values(outcome).map((x) => x.wrap));
  const sync = () => {
    const a = action.input.value;
    forwardBox.hidden = a !== 'forward';
    progField.wrap.hidden = !(a === 'accept' || a === 'decline');
    outcomeBox.hidden = a !== 'complete';
    if (a === 'forward' && !forwardGroup) {
      forwardBox.replaceChildren(loading());
      get<{ items: ProgrammeMatch[] }>(`/requests/${r.id}/matches`).then((m) => {
        const already = new Set((r.programmes ?? []).map((p) => p.programme));
        const eligible = m.items.filter((x) => x.eligible && !already.has(x.programme.code));
        forwardGroup = checkGroup('programmes', t('req.forwardTo'), eligible.map((x) => ({ value: x.programme.code, label: `${x.programme.title} (${x.programme.agency_name ?? x.programme.agency})` })));
        forwardBox.replaceChildren(eligible.length ? forwardGroup.wrap : h('p', { class: 'notice' }, t('req.noEligible')));
      }, (e) => forwardBox.replaceChildren(errorView(e, `GET /api/v1/requests/${r.id}/matches`)));
    }
  };
  action.input.addEventListener('change', sync);
  sync();
  const submit = h('button', { type: 'submit', class: 'primary' }, t('req.doStep'));
  const form = h('form', {
    class: 'form', novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      msg.clear();
      const a = action.input.value;
      const body: Record<string, unknown> = { action: a };
      if (comment.input.value.trim()) body.comment = comment.input.value.trim();
      if (a === 'forward') {
        const codes = forwardGroup?.value() ?? [];
        if (codes.length === 0) { msg.show(t('req.chooseProgramme'), 'error'); return; }
        body.programmes = codes;
      }
      if (a === 'accept' || a === 'decline') {
        if (!progField.input.value) { msg.show(t('req.chooseProgramme'), 'error'); return; }
        body.programme = progField.input.value;
      }
      if (a === 'complete') {
        body.outcome = {
          help_delivered: outcome.help_delivered.input.value.trim(),
          funds: outcome.funds.input.value ? Number(outcome.funds.input.value) : null,
          pilot_id: outcome.pilot_id.input.value ? Number(outcome.pilot_id.input.value) : null,
        };
      }
      submit.setAttribute('disabled', '');
      try {
        await post(`/requests/${r.id}/transitions`, body);
        navigate(`#/requests/${r.id}`);
      } catch (err) {
        if (err instanceof ApiError && (err.forbidden || err.status === 409)) msg.show(t(err.forbidden ? 'req.notYourStep' : 'req.refused', { message: err.message }), 'error');
        else msg.el.replaceChildren(errorView(err, `POST /api/v1/requests/${r.id}/transitions`));
      } finally {
        submit.removeAttribute('disabled');
      }
    },
  }, action.wrap, forwardBox, progField.wrap, outcomeBox, comment.wrap, submit, msg.el);
  sec.append(h('p', { class: 'hint' }, t('req.actionsHint')), form);
  return sec;
}

function matchesSection(r: AssistanceRequest): HTMLElement {
  return asyncSection(t('req.matches'), () => get<{ items: ProgrammeMatch[]; reference_date?: string }>(`/requests/${r.id}/matches`), (m) => {
    if (m.items.length === 0) return h('p', null, t('state.empty'));
    return [
      h('p', { class: 'hint' }, t('req.matchesHint', { date: fmtDate(m.reference_date ?? '') })),
      table(t('req.matches'), [t('prog.programme'), t('prog.agency'), t('req.eligible'), t('req.why')],
        m.items.map((x) => [
          h('a', { href: `#/programmes/${encodeURIComponent(x.programme.code)}` }, x.programme.title),
          x.programme.agency_name ?? x.programme.agency,
          x.eligible ? h('span', { class: 'badge badge-meets' }, t('req.eligibleYes')) : h('span', { class: 'badge badge-exceeds' }, t('req.eligibleNo')),
          x.reasons.length ? h('ul', { class: 'plain' }, x.reasons.map((why) => h('li', null, h('strong', null, tCode('req.criterion.', why.criterion)), ': ', why.message))) : '–',
        ]), { captionHidden: true }),
    ];
  }, { what: `GET /api/v1/requests/${r.id}/matches` });
}

// ---- the agency's inbox ----

export function inboxScreen(main: HTMLElement, _route: Route): void {
  main.append(pageHeader('inbox.title', 'inbox.intro'));
  const user = getState().user;
  if (!user) {
    main.append(h('p', { class: 'notice' }, t('state.signInRequired'), ' ', h('a', { href: '#/login?next=' + encodeURIComponent('#/inbox') }, t('nav.signIn'))));
    return;
  }
  const agency = user.role === 'agency-officer' ? user.scope || user.organisation_code || '' : '';
  const body = h('div', null, loading());
  main.append(body);
  (async () => {
    const programmes = await getAll<Programme>('/programmes', { agency: agency || null });
    const cities = await cityMap();
    const rows: { r: AssistanceRequest; p: Programme; status: string }[] = [];
    for (const p of programmes) {
      const reqs = await getAll<AssistanceRequest>('/requests', { programme: p.code });
      for (const r of reqs) rows.push({ r, p, status: r.programmes?.find((x) => x.programme === p.code)?.status ?? r.status });
    }
    return { programmes, cities, rows };
  })().then(({ programmes, cities, rows }) => {
    const waiting = rows.filter((x) => x.status === 'forwarded');
    const decided = rows.filter((x) => x.status !== 'forwarded');
    const render = (list: typeof rows, caption: string) => list.length === 0 ? h('p', null, t('state.empty')) :
      table(caption, [t('req.titleField'), t('req.city'), t('prog.programme'), t('req.type'), fmtDateTimeHeader(), t('req.programmeStatus')],
        list.map(({ r, p, status }) => [
          h('a', { href: `#/requests/${r.id}` }, `#${r.id} ${r.title}`),
          cityLabel(cities, r.city), p.title, tCode('req.type.', r.type), fmtDate((r.updated_at ?? '').slice(0, 10)), statusBadge('req.status.', status),
        ]), { captionHidden: true });
    body.replaceChildren(
      h('p', { class: 'intro' }, agency ? t('inbox.forAgency', { agency: programmes[0]?.agency_name ?? agency, n: fmtNumber(programmes.length) }) : t('inbox.all', { n: fmtNumber(programmes.length) })),
      h('section', { class: 'card', 'aria-labelledby': 'inbox-wait' }, h('h2', { id: 'inbox-wait' }, t('inbox.waiting', { n: fmtNumber(waiting.length) })), render(waiting, t('inbox.waiting', { n: waiting.length }))),
      h('section', { class: 'card', 'aria-labelledby': 'inbox-done' }, h('h2', { id: 'inbox-done' }, t('inbox.decided')), render(decided, t('inbox.decided'))));
  }, (e) => body.replaceChildren(errorView(e, 'GET /api/v1/programmes')));
}

function fmtDateTimeHeader(): string {
  return t('req.updated');
}

// ---- a city's requests (city page) ----

export function cityRequestsSection(city: City): HTMLElement {
  return asyncSection(t('req.cityTitle'), () => getAll<AssistanceRequest>('/requests', { city: city.code }), (items) => {
    const user = getState().user;
    const out: Node[] = [];
    if (items.length === 0) out.push(h('p', null, t('req.none')));
    else out.push(requestTable(items, new Map([[city.code, city]]), t('req.cityTitle')));
    if (user && (user.role === 'secretariat' || (user.role === 'city-officer' && user.scope === city.code)))
      out.push(h('p', null, h('a', { class: 'button', href: `#/requests/new?city=${encodeURIComponent(city.code)}` }, t('req.file'))));
    return out;
  }, { what: 'GET /api/v1/requests?city=', id: 'requests' });
}
