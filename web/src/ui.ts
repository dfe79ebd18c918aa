// Shared pieces of the screens: loading/error/"not available yet" states,
// labelled form fields, tables and a pager.
import { ApiError } from './api';
import { h, uid } from './dom';
import { t, tCode, locale, type Key } from './i18n';
import { getState } from './store';

/** A panel for an error: 404 → "not available yet", 401 → sign in, 403, network, other. */
export function errorView(e: unknown, what: string): HTMLElement {
  if (e instanceof ApiError) {
    if (e.routeMissing)
      return h('div', { class: 'notice notice-na', role: 'status', 'data-state': 'not-available' },
        h('strong', null, t('state.notAvailable')), ' ', t('state.notAvailableText', { what }));
    if (e.notFound) return h('div', { class: 'notice', role: 'status', 'data-state': 'not-found' }, t('state.notFound', { message: e.message }));
    if (e.unauthenticated)
      return h('div', { class: 'notice', role: 'status', 'data-state': 'sign-in' },
        t('state.signInRequired'), ' ', h('a', { href: '#/login' }, t('nav.signIn')));
    if (e.forbidden) return h('div', { class: 'notice', role: 'status', 'data-state': 'forbidden' }, t('state.forbidden'));
    if (e.network) return h('div', { class: 'notice notice-error', role: 'alert' }, t('state.network'));
    return h('div', { class: 'notice notice-error', role: 'alert' }, t('state.error', { message: e.message }));
  }
  console.warn(e);
  return h('div', { class: 'notice notice-error', role: 'alert' }, t('state.error', { message: String((e as Error)?.message ?? e) }));
}

export function loading(): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, t('app.loading'));
}

/** A section that loads its content: shows "loading", then the content or an error state. */
export function asyncSection<T>(
  title: string,
  load: () => Promise<T>,
  render: (data: T) => Node | Node[],
  opts: { what: string; level?: 'h2' | 'h3'; id?: string } = { what: '' },
): HTMLElement {
  const headingId = uid('h');
  const body = h('div', { class: 'section-body' }, loading());
  const sec = h('section', { class: 'card', 'aria-labelledby': headingId, id: opts.id ?? null },
    h(opts.level ?? 'h2', { id: headingId }, title), body);
  load().then(
    (data) => {
      body.replaceChildren(...([] as Node[]).concat(render(data)));
    },
    (e) => {
      body.replaceChildren(errorView(e, opts.what));
    },
  );
  return sec;
}

export interface FieldOpts {
  name: string;
  label: string;
  type?: string;
  value?: string;
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  inputmode?: string;
  options?: { value: string; label: string }[];
  /** A multi-line text area instead of an input. */
  multiline?: boolean;
  min?: string;
  step?: string;
}

/** A labelled input or select with a slot for its error message. */
export type FieldInput = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export function field(o: FieldOpts): { wrap: HTMLElement; input: FieldInput; setError: (msg: string | null) => void } {
  const id = uid('f');
  const errId = id + '-err';
  const hintId = id + '-hint';
  const describedBy = [o.hint ? hintId : '', errId].filter(Boolean).join(' ');
  let input: FieldInput;
  if (o.multiline) {
    input = h('textarea', { id, name: o.name, required: o.required, rows: 4, 'aria-describedby': describedBy });
    input.value = o.value ?? '';
  } else if (o.options) {
    input = h('select', { id, name: o.name, required: o.required, 'aria-describedby': describedBy },
      o.options.map((op) => h('option', { value: op.value, selected: op.value === o.value }, op.label)));
  } else {
    input = h('input', {
      id, name: o.name, type: o.type ?? 'text', value: o.value ?? '', required: o.required,
      autocomplete: o.autocomplete ?? null, inputmode: o.inputmode ?? null, 'aria-describedby': describedBy,
      min: o.min ?? null, step: o.step ?? null,
    });
  }
  const err = h('p', { id: errId, class: 'field-error', 'aria-live': 'polite' });
  const wrap = h('div', { class: 'field' },
    h('label', { for: id }, o.label, o.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    o.hint ? h('p', { id: hintId, class: 'hint' }, o.hint) : null,
    input, err);
  return {
    wrap, input,
    setError(msg) {
      err.textContent = msg ?? '';
      if (msg) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}

/** A data table with a caption and column headers. */
export function table(caption: string, headers: string[], rows: (Node | string)[][], opts: { captionHidden?: boolean } = {}): HTMLElement {
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', null,
      h('caption', { class: opts.captionHidden ? 'visually-hidden' : null }, caption),
      h('thead', null, h('tr', null, headers.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', null, rows.map((r) => h('tr', null, r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', null, c))))))));
}

export function pager(page: number, perPage: number, total: number, go: (page: number) => void): HTMLElement {
  const pages = Math.max(1, Math.ceil(total / perPage));
  return h('nav', { class: 'pager', 'aria-label': t('pager.label') },
    h('button', { type: 'button', disabled: page <= 1, onclick: () => go(page - 1) }, t('pager.prev')),
    h('span', { 'aria-live': 'polite' }, t('pager.info', { page, pages, total })),
    h('button', { type: 'button', disabled: page >= pages, onclick: () => go(page + 1) }, t('pager.next')));
}

export function badge(text: string, kind: string): HTMLElement {
  return h('span', { class: `badge badge-${kind}` }, text);
}

export function dataStatusBadge(s: string | undefined): HTMLElement | null {
  if (!s) return null;
  return s === 'illustrative'
    ? h('span', { class: 'badge badge-illustrative', title: t('state.illustrativeNote') }, t('state.illustrative'))
    : badge(t('state.real'), 'real');
}

export function pageHeader(titleKey: Key, introKey?: Key, introParams?: Record<string, string | number>): HTMLElement {
  return h('header', { class: 'page-header' },
    h('h1', { tabindex: '-1' }, t(titleKey)),
    introKey ? h('p', { class: 'intro' }, t(introKey, introParams)) : null);
}

/** A live message area for the result of a form. */
export function messageArea(): { el: HTMLElement; show: (msg: string, kind: 'ok' | 'error') => void; clear: () => void } {
  const el = h('div', { class: 'message', role: 'status', 'aria-live': 'polite' });
  return {
    el,
    show(msg, kind) {
      el.className = `message message-${kind}`;
      el.textContent = msg;
    },
    clear() {
      el.className = 'message';
      el.textContent = '';
    },
  };
}

/** A definition list of facts; rows whose value is empty are left out. */
export function facts(rows: [string, Node | string | null | undefined][]): HTMLElement {
  return h('dl', { class: 'facts' }, rows.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => [h('dt', null, k), h('dd', null, v!)]));
}

/** A badge for a workflow status, translated with prefix ("request.status.") when a string exists. */
export function statusBadge(prefix: string, status: string | null | undefined): HTMLElement | string {
  if (!status) return '–';
  return h('span', { class: `badge badge-${status}`, 'data-status': status }, tCode(prefix, status));
}

/** Codes translated with prefix and joined for the language. */
export function codeList(codes: string[] | null | undefined, prefix: string): string {
  return (codes ?? []).map((c) => tCode(prefix, c)).join(getState().lang === 'zh' ? '、' : ', ') || '–';
}

/** A group of checkboxes with a legend; value() gives the checked values. */
export function checkGroup(name: string, legend: string, options: { value: string; label: string }[], checked: string[] = []): { wrap: HTMLElement; value: () => string[] } {
  const boxes = options.map((o) => {
    const id = uid('c');
    const input = h('input', { type: 'checkbox', id, name, value: o.value, checked: checked.includes(o.value) });
    return { input, el: h('div', { class: 'check' }, input, h('label', { for: id }, o.label)) };
  });
  return {
    wrap: h('fieldset', { class: 'field check-group' }, h('legend', null, legend), boxes.map((b) => b.el)),
    value: () => boxes.filter((b) => b.input.checked).map((b) => b.input.value),
  };
}

/** The hash of the app's page for an entity named in a notification, audit entry or link. */
export function entityHref(kind: string, id: string | number): string | null {
  const ref = encodeURIComponent(String(id));
  switch (kind) {
    case 'request': return `#/requests/${ref}`;
    case 'programme': return `#/programmes/${ref}`;
    case 'event': return `#/events/${ref}`;
    case 'practice': return `#/practices/${ref}`;
    case 'pilot': case 'project': case 'pilot-project': return `#/pilots/projects/${ref}`;
    case 'call': case 'pilot-call': return `#/pilots/calls/${ref}`;
    case 'city': return `#/city/${ref}`;
    default: return null;
  }
}

/** Money in US dollars for the language. */
export function fmtUsd(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(n);
}

/** Items joined for the language (、 in Chinese). */
export function joinList(items: string[]): string {
  return items.join(getState().lang === 'zh' ? '、' : ', ');
}
