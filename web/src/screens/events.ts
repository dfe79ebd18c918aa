// Events of the network (docs/events.md): seminars, workshops, network
// meetings, training courses and missions — the list by date, and one event
// with its organisers, sessions, participants, decisions, follow-up actions,
// documents and the cities, practices, requests and pilots it touched.
import { get, getAll, request, type City, type KiEvent, type Organisation, type Page } from '../api';
import { h } from '../dom';
import { t, tCode, cityName, fmtDate, fmtNumber, countryName } from '../i18n';
import { navigate, type Route } from '../router';
import { getState } from '../store';
import { canManageEvents, eventEditPanel, eventFormScreen } from './event_forms';
import { asyncSection, dataStatusBadge, entityHref, errorView, facts, field, loading, pageHeader, pager, statusBadge, table } from '../ui';

export const EVENT_KINDS = ['seminar', 'workshop', 'network-meeting', 'training-course', 'mission', 'conference'];

function dates(e: KiEvent): string {
  if (!e.end_date || e.end_date === e.start_date) return fmtDate(e.start_date);
  return `${fmtDate(e.start_date)} – ${fmtDate(e.end_date)}`;
}

/** The event's title in the language (the local title for Chinese when it is in Chinese). */
function title(e: KiEvent): string {
  return getState().lang === 'zh' && e.title_local && /[\u4e00-\u9fff]/.test(e.title_local) ? e.title_local : e.title;
}

export function eventsScreen(main: HTMLElement, route: Route): void {
  const q = route.query;
  main.append(pageHeader('event.title', 'event.intro'));
  if (canManageEvents()) main.append(h('p', { class: 'button-row' }, h('a', { class: 'button primary', href: '#/events/new' }, t('eventForm.newEvent'))));
  const kind = field({ name: 'kind', label: t('event.kind'), value: q.get('kind') ?? '', options: [{ value: '', label: t('audit.all') }, ...EVENT_KINDS.map((k) => ({ value: k, label: tCode('event.kind.', k) }))] });
  kind.input.addEventListener('change', () => navigate('#/events?' + new URLSearchParams({ kind: kind.input.value }).toString()));
  const body = h('div', null, loading());
  main.append(h('form', { class: 'controls', onsubmit: (e: Event) => e.preventDefault() }, kind.wrap), body);
  const page = Math.max(1, Number(q.get('page') ?? 1));
  Promise.all([
    get<Page<KiEvent>>('/events', { page, per_page: 50, kind: q.get('kind'), city: q.get('city') }),
    getAll<City>('/cities').catch(() => [] as City[]),
  ]).then(([p, cities]) => {
    const byCode = new Map(cities.map((c) => [c.code, c]));
    if (p.items.length === 0) {
      body.replaceChildren(h('p', { class: 'notice' }, t('state.empty')));
      return;
    }
    body.replaceChildren(
      h('ul', { class: 'event-list' }, p.items.map((e) => h('li', { class: 'card event-card' },
        h('h2', null, h('a', { href: `#/events/${encodeURIComponent(e.code || String(e.id))}` }, title(e))),
        h('p', { class: 'meta' },
          h('span', null, dates(e)), ' · ', tCode('event.kind.', e.kind), ' · ',
          e.city ? (byCode.get(e.city) ? cityName(byCode.get(e.city)!) : e.city) : e.venue || '', ' ',
          statusBadge('event.status.', e.status), ' ', dataStatusBadge(e.data_status)),
        e.summary ? h('p', { class: 'summary', lang: 'en' }, e.summary.length > 280 ? e.summary.slice(0, 277) + '…' : e.summary) : null))),
      pager(p.page, p.per_page, p.total, (n) => navigate(`#/events?page=${n}${q.get('kind') ? '&kind=' + q.get('kind') : ''}`)));
  }, (e) => body.replaceChildren(errorView(e, 'GET /api/v1/events')));
}

export function eventScreen(main: HTMLElement, route: Route): void {
  const id = route.params.id;
  if (id === 'new' || route.query.get('edit')) {
    eventFormScreen(main, id === 'new' ? null : id);
    return;
  }
  const body = h('div', null, loading());
  main.append(body);
  Promise.all([
    get<KiEvent>(`/events/${encodeURIComponent(id)}`),
    getAll<City>('/cities').catch(() => [] as City[]),
    getAll<Organisation>('/organisations').catch(() => [] as Organisation[]),
  ]).then(([e, cities, orgs]) => {
    const cityBy = new Map(cities.map((c) => [c.code, c]));
    const orgBy = new Map(orgs.map((o) => [o.code, o]));
    const orgName = (code: string) => {
      const o = orgBy.get(code);
      if (!o) return code;
      const local = getState().lang === 'zh' && o.name_local && /[\u4e00-\u9fff]/.test(o.name_local) ? o.name_local : o.name_en;
      return o.acronym ? `${local} (${o.acronym})` : local;
    };
    const cityLabel = (code: string) => (cityBy.get(code) ? cityName(cityBy.get(code)!) : code);
    const h1 = h('h1', { tabindex: '-1' }, title(e));
    const sections: Node[] = [];
    const card = (key: Parameters<typeof t>[0], ...content: (Node | null)[]) => {
      const hid = `ev-${key.replace(/\W/g, '-')}`;
      return h('section', { class: 'card', 'aria-labelledby': hid }, h('h2', { id: hid }, t(key)), ...content.filter((c): c is Node => c !== null));
    };
    sections.push(card('event.details', facts([
      [t('event.dates'), dates(e) + (e.dates_note ? ` (${e.dates_note})` : '')],
      [t('event.kind'), tCode('event.kind.', e.kind)],
      [t('event.status'), statusBadge('event.status.', e.status)],
      [t('event.venue'), e.venue || null],
      [t('req.city'), e.city ? h('a', { href: `#/city/${encodeURIComponent(e.city)}` }, cityLabel(e.city)) : null],
      [t('city.country'), e.country ? countryName(cityBy.get(e.city ?? '')?.country ?? e.country) : null],
      [t('event.otherTitle'), e.title_local && e.title_local !== title(e) ? h('span', { lang: 'zh' }, e.title_local) : e.title !== title(e) ? h('span', { lang: 'en' }, e.title) : null],
      [t('event.summary'), e.summary ? h('span', { class: 'prose', lang: 'en' }, e.summary) : null],
      [t('city.dataStatus'), dataStatusBadge(e.data_status)],
      [t('city.note'), e.note ? h('span', { lang: 'en' }, e.note) : null],
    ])));
    if (e.organisations?.length)
      sections.push(card('event.organisations', table(t('event.organisations'), [t('event.organisation'), t('event.role')],
        e.organisations.map((o) => [orgName(o.organisation), tCode('event.orgRole.', o.role) + (o.note ? ` · ${o.note}` : '')]), { captionHidden: true })));
    if (e.sessions?.length)
      sections.push(card('event.sessions', h('ol', { class: 'sessions' }, e.sessions.map((s) => h('li', null,
        h('strong', null, s.title), ' ',
        h('span', { class: 'meta' }, [s.date ? fmtDate(s.date) : '', s.start_time && s.end_time ? `${s.start_time}–${s.end_time}` : s.start_time ?? ''].filter(Boolean).join(' ')),
        s.chairs ? h('div', { class: 'meta' }, t('event.chairs'), ': ', s.chairs) : null,
        s.summary ? h('p', { lang: 'en' }, s.summary) : null)))));
    if (e.participants?.length)
      sections.push(card('event.participants', table(t('event.participants'), [t('event.participant'), t('event.organisation'), t('req.city'), t('event.role')],
        e.participants.map((p) => [
          p.name || (p.count && p.count > 1 ? t('event.people', { n: fmtNumber(p.count) }) : '–'),
          p.organisation ? orgName(p.organisation) : '–',
          p.city ? h('a', { href: `#/city/${encodeURIComponent(p.city)}` }, cityLabel(p.city)) : '–',
          tCode('event.partRole.', p.role ?? '') || '–',
        ]), { captionHidden: true })));
    if (e.decisions?.length)
      sections.push(card('event.decisions', h('ol', { class: 'decisions' }, e.decisions.map((d) => h('li', { value: d.number, lang: 'en' }, d.text)))));
    if (e.actions?.length)
      sections.push(card('event.actions', table(t('event.actions'), [t('event.action'), t('event.owner'), t('event.due'), t('event.status')],
        e.actions.map((a) => [
          `${a.number}. ${a.text}`, a.owner || '–', a.due_date ? fmtDate(a.due_date) : '–',
          getState().user?.role === 'secretariat' ? actionStatusSelect(e, a) : statusBadge('event.actionStatus.', a.status),
        ]), { captionHidden: true })));
    if (e.documents?.length)
      sections.push(card('event.documents', h('ul', null, e.documents.map((d) => h('li', null,
        d.url && /^https?:\/\//.test(d.url) ? h('a', { href: d.url, rel: 'noopener' }, d.title) : d.title,
        d.kind ? ` (${d.kind})` : '', d.note ? ` · ${d.note}` : '')))));
    if (e.links?.length)
      sections.push(card('event.links', h('ul', null, e.links.map((l) => {
        const href = entityHref(l.kind, l.ref);
        const label = l.kind === 'city' ? cityLabel(l.ref) : l.kind === 'organisation' ? orgName(l.ref) : `${tCode('event.linkKind.', l.kind)} ${l.ref}`;
        return h('li', null, href ? h('a', { href }, label) : label, l.note ? ` · ${l.note}` : '');
      }))));
    body.replaceChildren(
      h('header', { class: 'page-header' }, h1, h('p', { class: 'intro' }, dates(e), ' · ', tCode('event.kind.', e.kind), ' ', dataStatusBadge(e.data_status))),
      h('p', null, h('a', { href: '#/events' }, t('event.back'))),
      ...sections, eventEditPanel(e, cities, orgs) ?? '');
    h1.focus();
  }, (err) => body.replaceChildren(errorView(err, `GET /api/v1/events/${id}`)));
}

/** The events held in or linked to a city (city page). */
export function cityEventsSection(city: City): HTMLElement {
  return asyncSection(t('event.cityTitle'), () => getAll<KiEvent>('/events', { city: city.code }), (items) =>
    items.length === 0 ? h('p', null, t('event.noneForCity')) :
      table(t('event.cityTitle'), [t('event.title'), t('event.dates'), t('event.kind')],
        items.map((e) => [h('a', { href: `#/events/${encodeURIComponent(e.code || String(e.id))}` }, title(e)), dates(e), tCode('event.kind.', e.kind)]), { captionHidden: true }),
  { what: 'GET /api/v1/events?city=', id: 'events' });
}

const ACTION_STATUSES = ['open', 'in-progress', 'done', 'cancelled'];

/** The secretariat sets a follow-up action's status in place (PUT /events/{id}/actions/{number}). */
function actionStatusSelect(e: KiEvent, a: NonNullable<KiEvent['actions']>[number]): HTMLElement {
  const sel = h('select', { 'aria-label': t('event.setStatus', { n: a.number }), 'data-action': a.number },
    ACTION_STATUSES.map((x) => h('option', { value: x, selected: x === a.status }, tCode('event.actionStatus.', x))));
  const note = h('span', { class: 'meta', role: 'status' });
  sel.addEventListener('change', async () => {
    note.textContent = '';
    try {
      await request('PUT', `/events/${encodeURIComponent(String(e.id))}/actions/${a.number}`, { json: { status: sel.value } });
      note.textContent = ' ' + t('report.saved');
    } catch (err) {
      sel.value = a.status;
      note.replaceChildren(errorView(err, `PUT /api/v1/events/${e.id}/actions/${a.number}`));
    }
  });
  return h('span', null, sel, note);
}
