// Administration of users (secretariat): the accounts, and a form to add one.
import { ApiError, get, post, type Page, type User } from '../api';
import { h } from '../dom';
import { t, tCode } from '../i18n';
import { navigate, type Route } from '../router';
import { dataStatusBadge, errorView, field, loading, messageArea, pageHeader, pager, table } from '../ui';

const ROLES = ['secretariat', 'national-coordinator', 'city-officer', 'agency-officer', 'expert'];

export function usersScreen(main: HTMLElement, route: Route): void {
  main.append(pageHeader('users.title', 'users.intro'));
  const page = Math.max(1, Number(route.query.get('page') ?? 1));
  const body = h('div', null, loading());
  main.append(body);

  get<Page<User>>('/users', { page, per_page: 50 }).then((p) => {
    body.replaceChildren(
      table(t('users.title'), [t('users.email'), t('users.name'), t('users.role'), t('users.scope'), t('city.dataStatus')],
        p.items.map((u) => [u.email, u.name, tCode('role.', u.role), u.scope || '–', dataStatusBadge(u.data_status) ?? '']), { captionHidden: true }),
      pager(p.page, p.per_page, p.total, (n) => navigate(`#/users?page=${n}`)),
      addUserForm());
  }, (e) => body.replaceChildren(errorView(e, 'GET /api/v1/users')));
}

function addUserForm(): HTMLElement {
  const f = {
    email: field({ name: 'email', label: t('users.email'), type: 'email', required: true, autocomplete: 'off' }),
    name: field({ name: 'name', label: t('users.name'), required: true }),
    role: field({ name: 'role', label: t('users.role'), value: 'city-officer', options: ROLES.map((r) => ({ value: r, label: tCode('role.', r) })) }),
    scope: field({ name: 'scope', label: t('users.scope') }),
    password: field({ name: 'password', label: t('users.password'), type: 'password', required: true, autocomplete: 'new-password' }),
  };
  const msg = messageArea();
  const form = h('form', {
    class: 'form', novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      msg.clear();
      let bad: HTMLElement | null = null;
      for (const k of ['email', 'name', 'password'] as const) {
        const empty = !f[k].input.value.trim();
        f[k].setError(empty ? t('entry.required') : null);
        if (empty && !bad) bad = f[k].input;
      }
      if (bad) { bad.focus(); return; }
      try {
        const u = await post<User>('/users', {
          email: f.email.input.value.trim(), name: f.name.input.value.trim(), role: f.role.input.value,
          scope: f.scope.input.value.trim(), organisation_code: '', password: f.password.input.value,
        });
        msg.show(t('users.created', { email: u?.email ?? f.email.input.value }), 'ok');
      } catch (err) {
        const key = err instanceof ApiError ? err.field as keyof typeof f | null : null;
        if (key && f[key]) { f[key].setError((err as Error).message); f[key].input.focus(); }
        else msg.el.replaceChildren(errorView(err, 'POST /api/v1/users'));
      }
    },
  }, Object.values(f).map((x) => x.wrap), h('button', { type: 'submit', class: 'primary' }, t('users.create')), msg.el);
  return h('section', { class: 'card', 'aria-labelledby': 'add-user-h' }, h('h2', { id: 'add-user-h' }, t('users.add')), form);
}
