// The app shell: header with the main menu and the language switch, the
// router, and the screens. Screens are functions that fill <main> and may
// return a cleanup function (charts to dispose).
import './style.css';
import { loadSession, logout } from './api';
import { h, clear } from './dom';
import { t, htmlLang, tCode } from './i18n';
import { currentRoute, match, navigate, type Route } from './router';
import { getState, setState, subscribe } from './store';
import { loginScreen } from './screens/login';
import { mapScreen } from './screens/map';
import { cityScreen } from './screens/city';
import { explorerScreen } from './screens/explorer';
import { entryScreen } from './screens/entry';
import { membersScreen } from './screens/members';
import { usersScreen } from './screens/users';
import { auditScreen } from './screens/audit';
import { requestsScreen, requestNewScreen, requestScreen, inboxScreen } from './screens/requests';
import { programmesScreen, programmeScreen, programmeNewScreen } from './screens/programmes';
import { notificationsScreen, notificationBell } from './screens/notifications';
import { eventsScreen, eventScreen } from './screens/events';
import { practicesScreen, practiceScreen, practiceNewScreen, practiceReviewScreen, practiceAnalysisScreen } from './screens/practices';
import { problemsScreen } from './screens/problems';
import { pilotsScreen, pilotCallScreen, pilotProjectScreen } from './screens/pilots';
import { exportsScreen } from './screens/exports';
import { errorView, pageHeader } from './ui';

export type Cleanup = void | (() => void);
export type Screen = (main: HTMLElement, route: Route) => Cleanup;

interface RouteDef {
  pattern: string;
  screen: Screen;
  nav?: NavId;
}

type NavId = 'map' | 'explorer' | 'practices' | 'pilots' | 'events' | 'programmes' | 'requests' | 'inbox' | 'entry' | 'exports' | 'members' | 'users' | 'audit';

const routes: RouteDef[] = [
  { pattern: '/', screen: mapScreen, nav: 'map' },
  { pattern: '/login', screen: loginScreen },
  { pattern: '/city/:code', screen: cityScreen, nav: 'map' },
  { pattern: '/explorer', screen: explorerScreen, nav: 'explorer' },
  { pattern: '/entry', screen: entryScreen, nav: 'entry' },
  { pattern: '/members', screen: membersScreen, nav: 'members' },
  { pattern: '/users', screen: usersScreen, nav: 'users' },
  { pattern: '/audit', screen: auditScreen, nav: 'audit' },
  { pattern: '/requests', screen: requestsScreen, nav: 'requests' },
  { pattern: '/requests/new', screen: requestNewScreen, nav: 'requests' },
  { pattern: '/requests/:id', screen: requestScreen, nav: 'requests' },
  { pattern: '/inbox', screen: inboxScreen, nav: 'inbox' },
  { pattern: '/programmes', screen: programmesScreen, nav: 'programmes' },
  { pattern: '/programmes/new', screen: programmeNewScreen, nav: 'programmes' },
  { pattern: '/programmes/:code', screen: programmeScreen, nav: 'programmes' },
  { pattern: '/notifications', screen: notificationsScreen },
  { pattern: '/events', screen: eventsScreen, nav: 'events' },
  { pattern: '/events/:id', screen: eventScreen, nav: 'events' },
  { pattern: '/practices', screen: practicesScreen, nav: 'practices' },
  { pattern: '/practices/new', screen: practiceNewScreen, nav: 'practices' },
  { pattern: '/practices/review', screen: practiceReviewScreen, nav: 'practices' },
  { pattern: '/practices/analysis', screen: practiceAnalysisScreen, nav: 'practices' },
  { pattern: '/practices/:code', screen: practiceScreen, nav: 'practices' },
  { pattern: '/city/:code/problems', screen: problemsScreen, nav: 'map' },
  { pattern: '/exports', screen: exportsScreen, nav: 'exports' },
  { pattern: '/pilots', screen: pilotsScreen, nav: 'pilots' },
  { pattern: '/pilots/calls/:id', screen: pilotCallScreen, nav: 'pilots' },
  { pattern: '/pilots/projects/:id', screen: pilotProjectScreen, nav: 'pilots' },
];

const notFound: Screen = (main) => {
  main.append(pageHeader('app.notFoundTitle', 'app.notFoundText'), h('p', null, h('a', { href: '#/' }, t('app.backHome'))));
};

const app = document.getElementById('app')!;
let cleanup: Cleanup;
let menuOpen = false;

function navItems(): { id: NavId; href: string; label: string }[] {
  const role = getState().user?.role;
  const items: { id: NavId; href: string; label: string }[] = [
    { id: 'map', href: '#/', label: t('nav.map') },
    { id: 'explorer', href: '#/explorer', label: t('nav.explorer') },
    { id: 'practices', href: '#/practices', label: t('nav.practices') },
    { id: 'pilots', href: '#/pilots', label: t('nav.pilots') },
    { id: 'events', href: '#/events', label: t('nav.events') },
    { id: 'programmes', href: '#/programmes', label: t('nav.programmes') },
    { id: 'requests', href: '#/requests', label: t('nav.requests') },
  ];
  if (role === 'agency-officer') items.push({ id: 'inbox', href: '#/inbox', label: t('nav.inbox') });
  if (getState().user) items.push({ id: 'entry', href: '#/entry', label: t('nav.entry') });
  items.push({ id: 'exports', href: '#/exports', label: t('nav.exports') });
  items.push({ id: 'members', href: '#/members', label: t('nav.members') });
  if (role === 'secretariat') {
    items.push({ id: 'users', href: '#/users', label: t('nav.users') });
    items.push({ id: 'audit', href: '#/audit', label: t('nav.audit') });
  }
  return items;
}

function renderHeader(active: RouteDef['nav'] | undefined): HTMLElement {
  const s = getState();
  const menuId = 'main-menu';
  const toggle = h('button', {
    type: 'button', class: 'menu-toggle', 'aria-expanded': String(menuOpen), 'aria-controls': menuId,
    onclick: () => {
      menuOpen = !menuOpen;
      toggle.setAttribute('aria-expanded', String(menuOpen));
      nav.classList.toggle('open', menuOpen);
    },
  }, h('span', { class: 'menu-icon', 'aria-hidden': 'true' }, '☰'), ' ', t('nav.menu'));
  const nav = h('nav', { id: menuId, class: 'main-nav' + (menuOpen ? ' open' : ''), 'aria-label': t('nav.label') },
    h('ul', null, navItems().map((it) =>
      h('li', null, h('a', { href: it.href, 'aria-current': it.id === active ? 'page' : null }, it.label)))));
  const other = s.lang === 'en' ? 'zh' : 'en';
  // The visible name is in the other language (with its lang), followed by a
  // hidden explanation in the current one, so the accessible name contains the visible text.
  const langBtn = h('button', {
    type: 'button', class: 'lang-switch', 'data-testid': 'lang-switch',
    onclick: () => setState({ lang: other }),
  }, h('span', { lang: htmlLang(other) }, t('nav.switchTo')), h('span', { class: 'visually-hidden' }, ` (${t('nav.switchToLabel')})`));
  const account = s.user
    ? h('div', { class: 'account' },
        notificationBell(),
        h('span', { class: 'who' }, t('nav.signedInAs', { name: s.user.name || s.user.email }), ' · ', tCode('role.', s.user.role)),
        h('button', { type: 'button', class: 'link-button', onclick: () => { void logout().then(() => navigate('#/')); } }, t('nav.signOut')))
    : h('div', { class: 'account' }, h('a', { href: '#/login', class: 'sign-in' }, t('nav.signIn')));
  return h('header', { class: 'site-header' },
    h('div', { class: 'bar' },
      h('a', { href: '#/', class: 'brand' }, h('span', { class: 'brand-name' }, t('app.name')), h('span', { class: 'brand-tag' }, t('app.tagline'))),
      toggle,
      h('div', { class: 'tools' }, langBtn, account)),
    nav);
}

function render(focusMain: boolean): void {
  const route = currentRoute();
  let def: RouteDef | undefined;
  for (const r of routes) {
    const p = match(r.pattern, route.path);
    if (p) {
      def = r;
      route.params = p;
      break;
    }
  }
  if (typeof cleanup === 'function') cleanup();
  cleanup = undefined;
  document.documentElement.lang = htmlLang();
  document.title = t('app.name');
  clear(app);
  const main = h('main', { id: 'main', tabindex: '-1' });
  app.append(
    h('a', { href: '#main', class: 'skip-link', onclick: (e: Event) => { e.preventDefault(); main.focus(); } }, t('app.skip')),
    renderHeader(def?.nav),
    main,
    h('footer', { class: 'site-footer' }, h('p', null, t('app.footer'))));
  try {
    cleanup = (def?.screen ?? notFound)(main, route);
  } catch (e) {
    main.append(errorView(e, route.path));
  }
  const h1 = main.querySelector('h1');
  if (h1) document.title = `${h1.textContent} · ${t('app.name')}`;
  if (focusMain) (h1 as HTMLElement | null ?? main).focus({ preventScroll: false });
  document.body.dataset.ready = '1';
}

window.addEventListener('hashchange', () => {
  menuOpen = false;
  render(true);
});
subscribe((s, prev) => {
  if (!s.ready) return;
  if (s.lang !== prev.lang || s.user !== prev.user || s.ready !== prev.ready) {
    render(false);
    // Keep the keyboard user where they were: on the language switch.
    if (s.lang !== prev.lang) app.querySelector<HTMLElement>('.lang-switch')?.focus();
  }
});

document.documentElement.lang = htmlLang();
loadSession().catch(() => setState({ ready: true }));
