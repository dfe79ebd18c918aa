// The secretariat's forms of network events (docs/events.md): a new event
// (POST /events), its details edited (PUT /events/{id}), and the parts added
// one at a time on the event's page — an organiser, a session, a
// participant, a decision, a follow-up action with its owner and due date.
// The API saves an event whole (PUT replaces the record, one audit row per
// save), so each form sends the event as read with the new part appended;
// the server validates it again and names the field of an error
// ("actions[3].due_date"), which the form shows.
import { ApiError, get, getAll, post, request, type City, type KiEvent, type Organisation } from '../api';
import { h } from '../dom';
import { t, tCode, cityName } from '../i18n';
import { navigate } from '../router';
import { getState } from '../store';
import { errorView, field, loading, messageArea, pageHeader, type FieldOpts } from '../ui';
import { EVENT_KINDS } from './events';

type Field = ReturnType<typeof field>;

/** May the signed-in user record and change events (action manage-events)? */
export function canManageEvents(): boolean {
  return getState().user?.role === 'secretariat';
}

const ORG_ROLES = ['organiser', 'co-organiser', 'host', 'sponsor', 'co-sponsor', 'supporter'];
const PART_ROLES = ['participant', 'speaker', 'chair', 'co-chair', 'keynote', 'facilitator', 'rapporteur', 'observer'];
const eventRef = (e: KiEvent) => encodeURIComponent(e.code || String(e.id));

/** `#/events/new` or `#/events/{id}?edit=1`: the event's details. */
export function eventFormScreen(main: HTMLElement, id: string | null): void {
  main.append(pageHeader(id ? 'eventForm.editTitle' : 'eventForm.newTitle', 'eventForm.intro'));
  if (!canManageEvents()) {
    main.append(h('p', { class: 'notice', role: 'status', 'data-state': 'forbidden' }, t('eventForm.secretariatOnly')));
    return;
  }
  const body = h('div', null, loading());
  main.append(body);
  Promise.all([
    getAll<City>('/cities').catch(() => [] as City[]),
    id ? get<KiEvent>(`/events/${encodeURIComponent(id)}`) : Promise.resolve(null),
  ]).then(([cities, ev]) => {
    const sorted = [...cities].sort((a, b) => cityName(a).localeCompare(cityName(b)));
    const f: Record<string, Field> = {
      code: field({ name: 'code', label: t('eventForm.code'), required: true, value: ev?.code ?? '', hint: t('eventForm.codeHint') }),
      title: field({ name: 'title', label: t('eventForm.titleEn'), required: true, value: ev?.title ?? '' }),
      title_local: field({ name: 'title_local', label: t('eventForm.titleLocal'), value: ev?.title_local ?? '' }),
      kind: field({ name: 'kind', label: t('event.kind'), value: ev?.kind ?? 'workshop', options: EVENT_KINDS.map((k) => ({ value: k, label: tCode('event.kind.', k) })) }),
      status: field({ name: 'status', label: t('event.status'), value: ev?.status ?? 'planned', options: ['planned', 'held', 'cancelled'].map((k) => ({ value: k, label: tCode('event.status.', k) })) }),
      start_date: field({ name: 'start_date', label: t('eventForm.start'), required: true, value: ev?.start_date ?? '', hint: t('eventForm.dateHint') }),
      end_date: field({ name: 'end_date', label: t('eventForm.end'), value: ev?.end_date ?? '', hint: t('eventForm.dateHint') }),
      dates_note: field({ name: 'dates_note', label: t('eventForm.datesNote'), value: ev?.dates_note ?? '' }),
      venue: field({ name: 'venue', label: t('event.venue'), value: ev?.venue ?? '' }),
      city: field({ name: 'city', label: t('req.city'), value: ev?.city ?? '', options: [{ value: '', label: '–' }, ...sorted.map((c) => ({ value: c.code, label: cityName(c) }))] }),
      summary: field({ name: 'summary', label: t('event.summary'), multiline: true, value: ev?.summary ?? '' }),
      data_status: field({ name: 'data_status', label: t('city.dataStatus'), value: ev?.data_status ?? 'real', options: [{ value: 'real', label: t('state.real') }, { value: 'illustrative', label: t('state.illustrative') }] }),
      note: field({ name: 'note', label: t('city.note'), value: ev?.note ?? '' }),
    };
    if (ev) (f.code.input as HTMLInputElement).readOnly = true;
    const msg = messageArea();
    const send = async () => {
      msg.clear();
      for (const x of Object.values(f)) x.setError(null);
      const bad = (['code', 'title', 'start_date'] as const).filter((k) => !f[k].input.value.trim());
      if (bad.length) {
        for (const k of bad) f[k].setError(t('entry.required'));
        f[bad[0]].input.focus();
        msg.show(t('entry.fixErrors'), 'error');
        return;
      }
      const val = (k: string) => f[k].input.value.trim();
      const city = cities.find((c) => c.code === val('city'));
      const input: Record<string, unknown> = {
        ...(ev ?? {}),
        code: val('code'), title: val('title'), title_local: val('title_local'), kind: val('kind'), status: val('status'),
        start_date: val('start_date'), end_date: val('end_date'), dates_note: val('dates_note'), venue: val('venue'),
        city: val('city'), country: city ? (typeof city.country === 'string' ? city.country : city.country.code) : ev?.country ?? '',
        summary: f.summary.input.value.trim(), data_status: val('data_status'), note: val('note'),
      };
      try {
        const saved = ev ? await request<KiEvent>('PUT', `/events/${eventRef(ev)}`, { json: input }) : await post<KiEvent>('/events', input);
        navigate(`#/events/${eventRef(saved)}`);
      } catch (err) {
        const target = err instanceof ApiError && err.field ? f[err.field] : undefined;
        if (target) {
          target.setError((err as ApiError).message);
          target.input.focus();
          msg.show(t('entry.fixErrors'), 'error');
        } else if (err instanceof ApiError && (err.status === 409 || err.forbidden)) {
          msg.show(t('req.refused', { message: err.message }), 'error');
        } else msg.el.replaceChildren(errorView(err, ev ? `PUT /api/v1/events/${ev.id}` : 'POST /api/v1/events'));
      }
    };
    body.replaceChildren(h('form', { class: 'card form form-wide', novalidate: true, 'aria-label': t(ev ? 'eventForm.editTitle' : 'eventForm.newTitle'), onsubmit: (e: Event) => { e.preventDefault(); void send(); } },
      Object.values(f).map((x) => x.wrap),
      ev ? h('p', { class: 'hint' }, t('eventForm.partsHint')) : null,
      h('div', { class: 'button-row' },
        h('button', { type: 'submit', class: 'primary' }, t(ev ? 'eventForm.save' : 'eventForm.create')),
        h('a', { href: ev ? `#/events/${eventRef(ev)}` : '#/events' }, t('pilotForm.cancel'))),
      msg.el));
    (ev ? f.title : f.code).input.focus();
  }, (e) => body.replaceChildren(errorView(e, id ? `GET /api/v1/events/${id}` : 'GET /api/v1/cities')));
}

/**
 * One "add …" form of the event page: the fields, and how the new part is
 * appended to the event. The API's field names ("sessions[2].date") are
 * matched to the inputs by their last segment.
 */
function partForm(e: KiEvent, summary: string, specs: FieldOpts[], apply: (v: Record<string, string>, next: KiEvent) => void, saveLabel: string, testid: string): HTMLElement {
  const fields: Record<string, Field> = {};
  for (const s of specs) fields[s.name] = field({ ...s, name: `${testid}-${s.name}` });
  const msg = messageArea();
  return h('details', { class: 'part-form', 'data-testid': testid }, h('summary', null, summary), h('form', {
    class: 'form', novalidate: true,
    onsubmit: async (ev: Event) => {
      ev.preventDefault();
      msg.clear();
      for (const x of Object.values(fields)) x.setError(null);
      const missing = specs.filter((s) => s.required && !fields[s.name].input.value.trim());
      if (missing.length) {
        for (const s of missing) fields[s.name].setError(t('entry.required'));
        fields[missing[0].name].input.focus();
        return;
      }
      const v: Record<string, string> = {};
      for (const [k, x] of Object.entries(fields)) v[k] = x.input.value.trim();
      const next: KiEvent = JSON.parse(JSON.stringify(e));
      apply(v, next);
      try {
        await request('PUT', `/events/${eventRef(e)}`, { json: next });
        navigate(`#/events/${eventRef(e)}`);
      } catch (err) {
        const key = err instanceof ApiError && err.field ? err.field.replace(/^.*\./, '') : '';
        if (key && fields[key]) {
          fields[key].setError((err as ApiError).message);
          fields[key].input.focus();
        } else if (err instanceof ApiError && (err.forbidden || err.status === 400 || err.status === 409)) {
          msg.show(t('req.refused', { message: err.field ? `${err.field}: ${err.message}` : err.message }), 'error');
        } else msg.el.replaceChildren(errorView(err, `PUT /api/v1/events/${e.id}`));
      }
    },
  }, Object.values(fields).map((x) => x.wrap), h('button', { type: 'submit', class: 'primary' }, saveLabel), msg.el));
}

/** The secretariat's panel on an event page; null for everyone else. */
export function eventEditPanel(e: KiEvent, cities: City[], orgs: Organisation[]): HTMLElement | null {
  if (!canManageEvents()) return null;
  const cityOptions = [{ value: '', label: '–' }, ...[...cities].sort((a, b) => cityName(a).localeCompare(cityName(b))).map((c) => ({ value: c.code, label: cityName(c) }))];
  const orgOptions = orgs.map((o) => ({ value: o.code, label: o.acronym ? `${o.name_en} (${o.acronym})` : o.name_en }));
  const decisions = e.decisions ?? [];
  const nextNumber = (xs: { number: number }[] | undefined) => Math.max(0, ...(xs ?? []).map((x) => x.number)) + 1;
  return h('section', { class: 'card', 'aria-labelledby': 'ev-edit' }, h('h2', { id: 'ev-edit' }, t('eventForm.panel')),
    h('p', null, h('a', { class: 'button', href: `#/events/${eventRef(e)}?edit=1` }, t('eventForm.editDetails'))),
    partForm(e, t('eventForm.addOrganisation'), [
      { name: 'organisation', label: t('event.organisation'), required: true, options: [{ value: '', label: '–' }, ...orgOptions] },
      { name: 'role', label: t('event.role'), value: 'organiser', options: ORG_ROLES.map((r) => ({ value: r, label: tCode('event.orgRole.', r) })) },
      { name: 'note', label: t('pilotForm.note') },
    ], (v, next) => { next.organisations = [...(next.organisations ?? []), { organisation: v.organisation, role: v.role, note: v.note }]; }, t('eventForm.saveOrganisation'), 'add-organisation'),
    partForm(e, t('eventForm.addSession'), [
      { name: 'title', label: t('eventForm.sessionTitle'), required: true },
      { name: 'date', label: t('eventForm.sessionDate'), type: 'date', value: /^\d{4}-\d{2}-\d{2}$/.test(e.start_date) ? e.start_date : '' },
      { name: 'start_time', label: t('eventForm.startTime'), type: 'time' },
      { name: 'end_time', label: t('eventForm.endTime'), type: 'time' },
      { name: 'chairs', label: t('event.chairs') },
      { name: 'summary', label: t('event.summary'), multiline: true },
    ], (v, next) => {
      next.sessions = [...(next.sessions ?? []), { number: nextNumber(next.sessions), title: v.title, date: v.date || null, start_time: v.start_time, end_time: v.end_time, chairs: v.chairs, summary: v.summary }];
    }, t('eventForm.saveSession'), 'add-session'),
    partForm(e, t('eventForm.addParticipant'), [
      { name: 'name', label: t('eventForm.participantName'), required: true, hint: t('eventForm.participantHint') },
      { name: 'organisation', label: t('event.organisation'), options: [{ value: '', label: '–' }, ...orgOptions] },
      { name: 'city', label: t('req.city'), options: cityOptions },
      { name: 'role', label: t('event.role'), value: 'participant', options: PART_ROLES.map((r) => ({ value: r, label: tCode('event.partRole.', r) })) },
      { name: 'count', label: t('eventForm.count'), type: 'number', min: '1', value: '1' },
    ], (v, next) => {
      next.participants = [...(next.participants ?? []), { name: v.name, organisation: v.organisation, city: v.city, role: v.role, count: Number(v.count) || 1 }];
    }, t('eventForm.saveParticipant'), 'add-participant'),
    partForm(e, t('eventForm.addDecision'), [
      { name: 'text', label: t('eventForm.decisionText'), required: true, multiline: true },
    ], (v, next) => { next.decisions = [...(next.decisions ?? []), { number: nextNumber(next.decisions), text: v.text }]; }, t('eventForm.saveDecision'), 'add-decision'),
    partForm(e, t('eventForm.addAction'), [
      { name: 'text', label: t('event.action'), required: true, multiline: true },
      { name: 'decision', label: t('eventForm.followsDecision'), options: [{ value: '', label: '–' }, ...decisions.map((d) => ({ value: String(d.number), label: `${d.number}. ${d.text.length > 60 ? d.text.slice(0, 57) + '…' : d.text}` }))] },
      { name: 'owner', label: t('event.owner'), required: true },
      { name: 'due_date', label: t('event.due'), type: 'date' },
    ], (v, next) => {
      next.actions = [...(next.actions ?? []), { number: nextNumber(next.actions), decision: v.decision ? Number(v.decision) : null, text: v.text, owner: v.owner, due_date: v.due_date || null, status: 'open' }];
    }, t('eventForm.saveAction'), 'add-action'));
}
