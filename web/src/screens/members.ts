// Administration of members: the member cities with their status and
// participation, filtered by status; the secretariat changes a member's status.
import { ApiError, get, patch, type City, type Page } from '../api';
import { h } from '../dom';
import { t, tCode, cityName, cityOtherName, countryName, fmtDate, fmtNumber } from '../i18n';
import { navigate, type Route } from '../router';
import { getState } from '../store';
import { badge, dataStatusBadge, errorView, field, loading, messageArea, pageHeader, pager, table } from '../ui';

const STATUSES = ['active', 'suspended', 'withdrawn'];

export function membersScreen(main: HTMLElement, route: Route): void {
  main.append(pageHeader('members.title', 'members.intro'));
  const page = Math.max(1, Number(route.query.get('page') ?? 1));
  const status = route.query.get('status') ?? '';
  const filter = field({
    name: 'status', label: t('members.status'), value: status,
    options: [{ value: '', label: t('audit.all') }, ...STATUSES.map((s) => ({ value: s, label: tCode('status.', s) }))],
  });
  filter.input.addEventListener('change', () => navigate(`#/members?status=${filter.input.value}`));
  const body = h('div', null, loading());
  const msg = messageArea();
  main.append(h('form', { class: 'controls', onsubmit: (e: Event) => e.preventDefault() }, filter.wrap), msg.el, body);
  const isSec = getState().user?.role === 'secretariat';

  get<Page<City>>('/members', { page, per_page: 50, status: status || null }).then((p) => {
    const rows = p.items.map((c) => {
      const other = cityOtherName(c);
      const m = c.membership;
      const cells: (Node | string)[] = [
        h('span', null, h('a', { href: `#/city/${encodeURIComponent(c.code)}` }, cityName(c)), other ? h('span', { class: 'other-name', lang: other.lang || null }, ' ', other.text) : null),
        countryName(c.country),
        m ? badge(tCode('status.', m.status), m.status) : '–',
        m ? fmtDate(m.joined) : '–',
        (m?.modalities ?? []).map((x) => tCode('modality.', x)).join(getState().lang === 'zh' ? '、' : ', '),
        dataStatusBadge(m?.data_status) ?? '',
      ];
      if (isSec && m) {
        const sel = field({ name: 'status', label: t('members.change', { city: cityName(c) }), value: m.status, options: STATUSES.map((s) => ({ value: s, label: tCode('status.', s) })) });
        sel.wrap.classList.add('inline-field');
        sel.wrap.querySelector('label')!.classList.add('visually-hidden');
        const save = h('button', {
          type: 'button',
          onclick: async () => {
            try {
              await patch(`/members/${encodeURIComponent(c.code)}`, { status: sel.input.value });
              msg.show(t('members.saved'), 'ok');
            } catch (e) {
              msg.el.replaceChildren(errorView(e instanceof ApiError && e.status === 405 ? new ApiError(404, 'no_route', 'no route', null) : e, 'PATCH /api/v1/members/{code}'));
            }
          },
        }, t('members.save'));
        cells.push(h('div', { class: 'inline-form' }, sel.wrap, save));
      }
      return cells;
    });
    const headers = [t('table.city'), t('table.country'), t('table.status'), t('table.joined'), t('members.modalities'), t('city.dataStatus')];
    if (isSec) headers.push(t('table.actions'));
    body.replaceChildren(
      h('p', null, t('members.count', { n: fmtNumber(p.total) })),
      table(t('members.title'), headers, rows, { captionHidden: true }),
      pager(p.page, p.per_page, p.total, (n) => navigate(`#/members?status=${status}&page=${n}`)));
  }, (e) => body.replaceChildren(errorView(e, 'GET /api/v1/members')));
}
