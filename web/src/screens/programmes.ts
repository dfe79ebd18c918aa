// Assistance programmes of the agencies (docs/assistance.md): the list with
// filters by type, theme and agency, and one programme with the requests
// forwarded to it.
import { get, getAll, type AssistanceRequest, type City, type Page, type Programme } from '../api';
import { h } from '../dom';
import { t, tCode, cityName, fmtDate, countryName } from '../i18n';
import { navigate, type Route } from '../router';
import { asyncSection, codeList, dataStatusBadge, errorView, facts, field, fmtUsd, loading, pageHeader, pager, statusBadge, table } from '../ui';
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
  main.append(h('form', { class: 'controls', onsubmit: (e: Event) => { e.preventDefault(); go(); } }, type.wrap, theme.wrap), body);
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
