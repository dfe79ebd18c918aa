// Assistance programmes of the agencies (docs/assistance.md): the list with
// filters by type, theme and agency, and one programme with the requests
// forwarded to it.
import { ApiError, get, getAll, post, type AssistanceRequest, type City, type Organisation, type Page, type Programme } from '../api';
import { h } from '../dom';
import { t, tCode, cityName, fmtDate, countryName } from '../i18n';
import { navigate, type Route } from '../router';
import { getState } from '../store';
import { asyncSection, checkGroup, messageArea, codeList, dataStatusBadge, errorView, facts, field, fmtUsd, loading, pageHeader, pager, statusBadge, table } from '../ui';
import { REQUEST_TYPES, THEMES } from './requests';

function budget(p: Programme): string {
  if (p.budget_min === null && p.budget_max === null) return '–';
  return `${fmtUsd(p.budget_min)} – ${fmtUsd(p.budget_max)}`;
}

function period(p: Programme): string {
  if (!p.open_from && !p.open_until) return '–';
  return `${fmtDate(p.open_from)} – ${p.open_until ? fmtDate(p.open_until) : t('prog.openEnded')}`;
}

export function programmesScreen(main: HTMLElement, route: Route): void {
  const q = route.query;
  main.append(pageHeader('prog.title', 'prog.intro'));
  const type = field({ name: 'type', label: t('req.type'), value: q.get('type') ?? '', options: [{ value: '', label: t('audit.all') }, ...REQUEST_TYPES.map((x) => ({ value: x, label: tCode('req.type.', x) }))] });
  const theme = field({ name: 'theme', label: t('req.theme'), value: q.get('theme') ?? '', options: [{ value: '', label: t('audit.all') }, ...THEMES.map((x) => ({ value: x, label: tCode('theme.', x) }))] });
  const go = () => navigate('#/programmes?' + new URLSearchParams({ type: type.input.value, theme: theme.input.value }).toString());
  type.input.addEventListener('change', go);
  theme.input.addEventListener('change', go);
  const body = h('div', null, loading());
  const role = getState().user?.role;
  const actions = role === 'agency-officer' || role === 'secretariat' ? h('p', { class: 'actions' }, h('a', { class: 'button', href: '#/programmes/new' }, t('prog.register'))) : null;
  main.append(...(actions ? [actions] : []), h('form', { class: 'controls', onsubmit: (e: Event) => { e.preventDefault(); go(); } }, type.wrap, theme.wrap), body);
  const page = Math.max(1, Number(q.get('page') ?? 1));
  get<Page<Programme>>('/programmes', { page, per_page: 50, type: q.get('type'), theme: q.get('theme'), agency: q.get('agency') }).then((p) => {
    if (p.items.length === 0) {
      body.replaceChildren(h('p', { class: 'notice' }, t('state.empty')));
      return;
    }
    body.replaceChildren(
      table(t('prog.title'), [t('prog.programme'), t('prog.agency'), t('prog.types'), t('prog.themes'), t('prog.budget'), t('prog.period')],
        p.items.map((x) => [
          h('a', { href: `#/programmes/${encodeURIComponent(x.code)}` }, x.title),
          x.agency_name || x.agency, codeList(x.types, 'req.type.'), codeList(x.themes, 'theme.'), budget(x), period(x),
        ]), { captionHidden: true }),
      pager(p.page, p.per_page, p.total, (n) => { const s = new URLSearchParams(q); s.set('page', String(n)); navigate('#/programmes?' + s.toString()); }));
  }, (e) => body.replaceChildren(errorView(e, 'GET /api/v1/programmes')));
}

export function programmeScreen(main: HTMLElement, route: Route): void {
  const code = route.params.code;
  const body = h('div', null, loading());
  main.append(body);
  get<Programme>(`/programmes/${encodeURIComponent(code)}`).then((p) => {
    const h1 = h('h1', { tabindex: '-1' }, p.title);
    body.replaceChildren(
      h('header', { class: 'page-header' }, h1, h('p', { class: 'intro' }, p.agency_name || p.agency, ' ', dataStatusBadge(p.data_status))),
      h('section', { class: 'card', 'aria-labelledby': 'prog-facts' }, h('h2', { id: 'prog-facts' }, t('prog.details')),
        facts([
          [t('prog.agency'), p.agency_name ? `${p.agency_name} (${p.agency})` : p.agency],
          [t('req.description'), p.description ? h('span', { class: 'prose' }, p.description) : null],
          [t('prog.types'), codeList(p.types, 'req.type.')],
          [t('prog.themes'), codeList(p.themes, 'theme.')],
          [t('prog.countries'), p.countries.length ? p.countries.map((c) => countryName(c)).join(', ') : t('prog.anyCountry')],
          [t('prog.sizeClasses'), p.size_classes.length ? p.size_classes.join(', ') : t('prog.anySize')],
          [t('prog.budget'), budget(p)],
          [t('prog.period'), period(p)],
          [t('city.note'), p.note ? h('span', { lang: 'en' }, p.note) : null],
        ])),
      asyncSection(t('prog.requests'), async () => {
        const [reqs, cities] = await Promise.all([getAll<AssistanceRequest>('/requests', { programme: p.code }), getAll<City>('/cities').catch(() => [] as City[])]);
        return { reqs, cities: new Map(cities.map((c) => [c.code, c])) };
      }, ({ reqs, cities }) => reqs.length === 0 ? h('p', null, t('state.empty')) :
        table(t('prog.requests'), [t('req.titleField'), t('req.city'), t('req.type'), t('req.programmeStatus')],
          reqs.map((r) => [
            h('a', { href: `#/requests/${r.id}` }, `#${r.id} ${r.title}`),
            cities.get(r.city) ? cityName(cities.get(r.city)!) : r.city,
            tCode('req.type.', r.type),
            statusBadge('req.status.', r.programmes?.find((x) => x.programme === p.code)?.status ?? r.status),
          ]), { captionHidden: true }), { what: 'GET /api/v1/requests?programme=' }));
    h1.focus();
  }, (e) => body.replaceChildren(errorView(e, `GET /api/v1/programmes/${code}`)));
}

/** Registering a programme: agency officers for their agency, the secretariat for any agency. */
export function programmeNewScreen(main: HTMLElement, _route: Route): void {
  main.append(pageHeader('prog.newTitle', 'prog.newIntro'));
  const user = getState().user;
  if (!user) {
    main.append(h('p', { class: 'notice' }, t('state.signInRequired'), ' ', h('a', { href: '#/login?next=' + encodeURIComponent('#/programmes/new') }, t('nav.signIn'))));
    return;
  }
  const body = h('div', null, loading());
  main.append(body);
  getAll<Organisation>('/organisations').then((orgs) => {
    let agencies = orgs.filter((o) => o.type === 'agency' || o.type === 'un-body' || o.type === 'ngo');
    if (user.role === 'agency-officer') agencies = orgs.filter((o) => o.code === (user.scope || user.organisation_code));
    const f = {
      agency: field({ name: 'agency', label: t('prog.agency'), required: true, options: agencies.map((o) => ({ value: o.code, label: o.acronym ? `${o.name_en} (${o.acronym})` : o.name_en })) }),
      code: field({ name: 'code', label: t('practice.code'), required: true, hint: t('practice.codeHint') }),
      title: field({ name: 'title', label: t('req.titleField'), required: true }),
      description: field({ name: 'description', label: t('req.description'), multiline: true }),
      countries: field({ name: 'countries', label: t('prog.countries'), hint: t('prog.codesHint') }),
      size_classes: field({ name: 'size_classes', label: t('prog.sizeClasses'), hint: t('prog.codesHint') }),
      budget_min: field({ name: 'budget_min', label: t('prog.budgetMin'), type: 'number', min: '0' }),
      budget_max: field({ name: 'budget_max', label: t('prog.budgetMax'), type: 'number', min: '0' }),
      open_from: field({ name: 'open_from', label: t('prog.openFrom'), type: 'date' }),
      open_until: field({ name: 'open_until', label: t('prog.openUntil'), type: 'date' }),
      data_status: field({ name: 'data_status', label: t('city.dataStatus'), value: 'real', options: [{ value: 'real', label: t('state.real') }, { value: 'illustrative', label: t('state.illustrative') }] }),
    };
    const types = checkGroup('types', t('prog.types') + ' *', REQUEST_TYPES.map((x) => ({ value: x, label: tCode('req.type.', x) })));
    const themes = checkGroup('themes', t('prog.themes'), THEMES.map((x) => ({ value: x, label: tCode('theme.', x) })));
    const msg = messageArea();
    const list = (x: { input: { value: string } }) => x.input.value.split(/[,;\s]+/).map((v) => v.trim()).filter(Boolean);
    const num = (x: { input: { value: string } }) => (x.input.value === '' ? null : Number(x.input.value));
    const form = h('form', {
      class: 'card form', novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        msg.clear();
        for (const x of Object.values(f)) x.setError(null);
        for (const k of ['code', 'title'] as const) if (!f[k].input.value.trim()) { f[k].setError(t('entry.required')); f[k].input.focus(); msg.show(t('entry.fixErrors'), 'error'); return; }
        if (types.value().length === 0) { msg.show(t('prog.chooseType'), 'error'); return; }
        try {
          const p = await post<Programme>('/programmes', {
            code: f.code.input.value.trim(), agency: f.agency.input.value, title: f.title.input.value.trim(), description: f.description.input.value,
            types: types.value(), themes: themes.value(), countries: list(f.countries), size_classes: list(f.size_classes),
            budget_min: num(f.budget_min), budget_max: num(f.budget_max), open_from: f.open_from.input.value || null, open_until: f.open_until.input.value || null,
            data_status: f.data_status.input.value,
          });
          navigate(`#/programmes/${encodeURIComponent(p.code)}`);
        } catch (err) {
          const target = err instanceof ApiError && err.field ? (f as Record<string, ReturnType<typeof field>>)[err.field] : undefined;
          if (target) { target.setError((err as ApiError).message); target.input.focus(); msg.show(t('entry.fixErrors'), 'error'); }
          else msg.el.replaceChildren(errorView(err, 'POST /api/v1/programmes'));
        }
      },
    }, f.agency.wrap, f.code.wrap, f.title.wrap, f.description.wrap, types.wrap, themes.wrap,
    [f.countries, f.size_classes, f.budget_min, f.budget_max, f.open_from, f.open_until, f.data_status].map((x) => x.wrap),
    h('button', { type: 'submit', class: 'primary' }, t('prog.save')), msg.el);
    body.replaceChildren(form);
  }, (e) => body.replaceChildren(errorView(e, 'GET /api/v1/organisations')));
}
