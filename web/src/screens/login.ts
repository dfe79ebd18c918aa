import { ApiError, login } from '../api';
import { h } from '../dom';
import { t, tCode } from '../i18n';
import { navigate, type Route } from '../router';
import { getState } from '../store';
import { field, messageArea, pageHeader } from '../ui';

export function loginScreen(main: HTMLElement, route: Route): void {
  main.classList.add('narrow');
  main.append(pageHeader('login.title', 'login.intro'));
  const user = getState().user;
  if (user) main.append(h('p', { class: 'notice' }, t('login.already', { name: user.name || user.email, role: tCode('role.', user.role) })));
  const email = field({ name: 'email', label: t('login.email'), type: 'email', required: true, autocomplete: 'username' });
  const password = field({ name: 'password', label: t('login.password'), type: 'password', required: true, autocomplete: 'current-password' });
  const msg = messageArea();
  const submit = h('button', { type: 'submit', class: 'primary' }, t('login.submit'));
  const form = h('form', {
    class: 'card form', novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      msg.clear();
      email.setError(email.input.value.trim() ? null : t('entry.required'));
      password.setError(password.input.value ? null : t('entry.required'));
      if (!email.input.value.trim() || !password.input.value) {
        (email.input.value.trim() ? password.input : email.input).focus();
        return;
      }
      submit.setAttribute('disabled', '');
      try {
        await login(email.input.value.trim(), password.input.value);
        const next = route.query.get('next');
        navigate(next && next.startsWith('#/') ? next : '#/');
      } catch (err) {
        const m = err instanceof ApiError ? err.message : String(err);
        msg.show(t('login.failed', { message: m }), 'error');
        password.input.focus();
      } finally {
        submit.removeAttribute('disabled');
      }
    },
  }, email.wrap, password.wrap, submit, msg.el);
  main.append(form);
}
