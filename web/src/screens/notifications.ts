// In-app notifications (docs/assistance.md): the bell in the header with the
// unread count, and the list, where a notification opens its record and is
// marked read.
import { get, post, type NotificationPage } from '../api';
import { h } from '../dom';
import { t, fmtDateTime, fmtNumber } from '../i18n';
import { navigate, type Route } from '../router';
import { getState } from '../store';
import { entityHref, errorView, loading, messageArea, pageHeader, pager } from '../ui';

/** The bell: a link to the notifications with the unread count in its name; refreshed on each render. */
export function notificationBell(): HTMLElement | null {
  if (!getState().user) return null;
  const count = h('span', { class: 'bell-count', hidden: true });
  const label = h('span', { class: 'visually-hidden' }, t('notif.title'));
  const link = h('a', { href: '#/notifications', class: 'bell', 'data-testid': 'bell', title: t('notif.title') },
    bellIcon(), label, count);
  get<NotificationPage>('/notifications', { unread: 'true', per_page: 1 }).then((p) => {
    const n = p.unread ?? p.total ?? 0;
    count.hidden = n === 0;
    count.textContent = fmtNumber(n);
    label.textContent = n ? t('notif.bellUnread', { n: fmtNumber(n) }) : t('notif.title');
  }, () => { /* no notifications route: the bell stays without a count */ });
  return link;
}

/** A bell drawn in SVG (no icon font or emoji font needed). */
function bellIcon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '22');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M12 2a6 6 0 0 0-6 6v3.6L4.3 15a1 1 0 0 0 .9 1.5h13.6a1 1 0 0 0 .9-1.5L18 11.6V8a6 6 0 0 0-6-6Zm0 20a3 3 0 0 0 3-3H9a3 3 0 0 0 3 3Z');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

export function notificationsScreen(main: HTMLElement, route: Route): void {
  main.append(pageHeader('notif.title', 'notif.intro'));
  if (!getState().user) {
    main.append(h('p', { class: 'notice' }, t('state.signInRequired'), ' ', h('a', { href: '#/login?next=' + encodeURIComponent('#/notifications') }, t('nav.signIn'))));
    return;
  }
  const unreadOnly = route.query.get('unread') === 'true';
  const page = Math.max(1, Number(route.query.get('page') ?? 1));
  const msg = messageArea();
  const body = h('div', null, loading());
  const toggle = h('a', { href: unreadOnly ? '#/notifications' : '#/notifications?unread=true' }, t(unreadOnly ? 'notif.showAll' : 'notif.showUnread'));
  const readAll = h('button', {
    type: 'button',
    onclick: async () => {
      try {
        const r = await post<{ marked: number }>('/notifications/read-all', {});
        navigate('#/notifications' + (unreadOnly ? '?unread=true' : ''));
        msg.show(t('notif.marked', { n: fmtNumber(r.marked) }), 'ok');
      } catch (e) {
        msg.el.replaceChildren(errorView(e, 'POST /api/v1/notifications/read-all'));
      }
    },
  }, t('notif.readAll'));
  main.append(h('p', { class: 'actions' }, readAll, ' ', toggle), msg.el, body);
  get<NotificationPage>('/notifications', { page, per_page: 50, unread: unreadOnly ? 'true' : null }).then((p) => {
    if (p.items.length === 0) {
      body.replaceChildren(h('p', { class: 'notice' }, t('notif.none')));
      return;
    }
    body.replaceChildren(
      h('p', null, t('notif.unreadCount', { n: fmtNumber(p.unread ?? 0) })),
      h('ul', { class: 'notifications' }, p.items.map((n) => {
        const href = entityHref(n.entity, n.entity_id);
        const open = async (e: Event) => {
          e.preventDefault();
          if (!n.read_at) {
            try { await post(`/notifications/${n.id}/read`, {}); } catch { /* still open the record */ }
          }
          if (href) navigate(href);
          else navigate('#/notifications');
        };
        return h('li', { class: n.read_at ? 'read' : 'unread', 'data-id': n.id },
          h('time', { datetime: n.at }, fmtDateTime(n.at)), ' ',
          n.read_at ? null : h('span', { class: 'badge badge-unread' }, t('notif.new')), ' ',
          h('a', { href: href ?? '#/notifications', onclick: open }, n.message));
      })),
      pager(p.page, p.per_page, p.total, (x) => navigate(`#/notifications?page=${x}${unreadOnly ? '&unread=true' : ''}`)));
  }, (e) => body.replaceChildren(errorView(e, 'GET /api/v1/notifications')));
}
