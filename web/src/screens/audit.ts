// The audit log (secretariat): every data change, newest first, filtered by
// record type, record and actor.
import { get, type AuditEntry, type Page } from '../api';
import { h } from '../dom';
import { t, fmtDateTime } from '../i18n';
import { navigate, type Route } from '../router';
import { errorView, field, loading, pageHeader, pager, table } from '../ui';

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '∅';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function auditScreen(main: HTMLElement, route: Route): void {
  main.append(pageHeader('audit.title', 'audit.intro'));
  const q = route.query;
  const page = Math.max(1, Number(q.get('page') ?? 1));
  const entity = field({ name: 'entity', label: t('audit.filterEntity'), value: q.get('entity') ?? '' });
  const entityId = field({ name: 'entity_id', label: t('audit.entity'), value: q.get('entity_id') ?? '' });
  const actor = field({ name: 'actor', label: t('audit.who'), value: q.get('actor') ?? '' });
  const params = () => new URLSearchParams({ entity: entity.input.value.trim(), entity_id: entityId.input.value.trim(), actor: actor.input.value.trim() });
  const form = h('form', {
    class: 'controls',
    onsubmit: (e: Event) => { e.preventDefault(); navigate('#/audit?' + params().toString()); },
  }, entity.wrap, entityId.wrap, actor.wrap, h('button', { type: 'submit' }, t('audit.filter')));
  const body = h('div', null, loading());
  main.append(form, body);
  get<Page<AuditEntry>>('/audit', { page, per_page: 50, entity: q.get('entity'), entity_id: q.get('entity_id'), actor: q.get('actor') }).then((p) => {
    body.replaceChildren(
      table(t('audit.title'), [t('audit.when'), t('audit.who'), t('audit.action'), t('audit.entity'), t('audit.change')],
        p.items.map((a) => [
          h('time', { datetime: a.at }, fmtDateTime(a.at)),
          a.actor ?? '–',
          a.action,
          `${a.entity} ${a.entity_id}`,
          h('span', { class: 'change' }, a.field ? `${a.field}: ` : '', h('del', null, show(a.old_value)), ' → ', h('ins', null, show(a.new_value))),
        ]), { captionHidden: true }),
      pager(p.page, p.per_page, p.total, (n) => { const s = params(); s.set('page', String(n)); navigate('#/audit?' + s.toString()); }));
  }, (e) => body.replaceChildren(errorView(e, 'GET /api/v1/audit')));
}
