// Data entry: one indicator value through a form with validation, and file
// uploads (indicator values CSV; a city's hourly monitoring CSV) answered with
// a per-row error report. An upload is all or nothing on the server.
import { ApiError, getAll, post, request, type City, type Indicator, type RowError, type UploadReport } from '../api';
import { h } from '../dom';
import { t, cityName, indicatorName, fmtNumber, fmtPeriod } from '../i18n';
import { type Route } from '../router';
import { getState } from '../store';
import { errorView, field, loading, messageArea, pageHeader } from '../ui';

export function entryScreen(main: HTMLElement, _route: Route): void {
  main.append(pageHeader('entry.title', 'entry.intro'));
  const user = getState().user;
  if (!user) {
    main.append(h('p', { class: 'notice' }, t('entry.signIn'), ' ', h('a', { href: '#/login?next=' + encodeURIComponent('#/entry') }, t('nav.signIn'))));
    return;
  }
  const body = h('div', { class: 'grid-2' }, loading());
  main.append(body);
  getAll<City>('/cities').then(async (cities) => {
    // A city officer enters data for their own city only.
    if (user.role === 'city-officer' && user.scope) cities = cities.filter((c) => c.code === user.scope);
    else if (user.role === 'national-coordinator' && user.scope)
      cities = cities.filter((c) => (typeof c.country === 'string' ? c.country : c.country.code) === user.scope);
    let indicators: Indicator[] | null = null;
    let indError: unknown = null;
    try {
      indicators = await getAll<Indicator>('/indicators');
    } catch (e) {
      indError = e;
    }
    body.replaceChildren(valueForm(cities, indicators, indError), uploadForm(cities), statusForm(cities, user.role));
  }, (e) => body.replaceChildren(errorView(e, 'GET /api/v1/cities')));
}

function cityOptions(cities: City[]) {
  return cities.map((c) => ({ value: c.code, label: cityName(c) }));
}

function valueForm(cities: City[], indicators: Indicator[] | null, indError: unknown): HTMLElement {
  const sec = h('section', { class: 'card', 'aria-labelledby': 'entry-form-h' }, h('h2', { id: 'entry-form-h' }, t('entry.formTitle')));
  if (!indicators) {
    sec.append(errorView(indError, 'GET /api/v1/indicators'));
    return sec;
  }
  const city = field({ name: 'city', label: t('entry.city'), required: true, options: cityOptions(cities) });
  const indicator = field({ name: 'indicator', label: t('entry.indicator'), required: true, options: indicators.map((i) => ({ value: i.code, label: indicatorName(i) })) });
  const period = field({ name: 'period', label: t('entry.period'), required: true, hint: t('entry.periodHint'), value: String(new Date().getFullYear() - 1), inputmode: 'numeric' });
  const value = field({ name: 'value', label: t('entry.value'), required: true, inputmode: 'decimal' });
  const unit = field({ name: 'unit', label: t('entry.unit'), value: indicators[0]?.unit ?? '' });
  const source = field({ name: 'source', label: t('entry.source') });
  const note = field({ name: 'note', label: t('entry.note') });
  indicator.input.addEventListener('change', () => {
    unit.input.value = indicators.find((i) => i.code === indicator.input.value)?.unit ?? '';
  });
  const fields: Record<string, ReturnType<typeof field>> = { city, indicator, period, value, unit, source, note };
  const msg = messageArea();
  const form = h('form', {
    class: 'form', novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      msg.clear();
      for (const f of Object.values(fields)) f.setError(null);
      const bad: [ReturnType<typeof field>, string][] = [];
      if (!/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(period.input.value.trim())) bad.push([period, t('entry.badPeriod')]);
      const num = Number(value.input.value.trim().replace(',', '.'));
      if (!value.input.value.trim()) bad.push([value, t('entry.required')]);
      else if (!Number.isFinite(num)) bad.push([value, t('entry.notNumber')]);
      if (bad.length) {
        for (const [f, m] of bad) f.setError(m);
        msg.show(t('entry.fixErrors'), 'error');
        bad[0][0].input.focus();
        return;
      }
      try {
        await post('/values', {
          city: city.input.value, indicator: indicator.input.value, period: period.input.value.trim(), value: num,
          unit: unit.input.value, source: source.input.value, note: note.input.value,
        });
        const ind = indicators.find((i) => i.code === indicator.input.value);
        const c = cities.find((x) => x.code === city.input.value);
        msg.show(t('entry.saved', { indicator: ind ? indicatorName(ind) : indicator.input.value, value: fmtNumber(num), city: c ? cityName(c) : city.input.value, period: fmtPeriod(period.input.value.trim()) }), 'ok');
      } catch (err) {
        if (err instanceof ApiError && err.field && fields[err.field]) {
          fields[err.field].setError(err.message);
          fields[err.field].input.focus();
          msg.show(t('entry.fixErrors'), 'error');
        } else if (err instanceof ApiError && (err.notFound || err.forbidden || err.unauthenticated)) {
          msg.el.replaceChildren(errorView(err, 'POST /api/v1/values'));
        } else {
          msg.show(t('state.error', { message: (err as Error).message }), 'error');
        }
      }
    },
  }, city.wrap, indicator.wrap, period.wrap, value.wrap, unit.wrap, source.wrap, note.wrap, h('button', { type: 'submit', class: 'primary' }, t('entry.save')), msg.el);
  sec.append(form);
  return sec;
}

function uploadForm(cities: City[]): HTMLElement {
  const kind = field({
    name: 'kind', label: t('entry.kind'), value: 'monitoring',
    options: [{ value: 'monitoring', label: t('entry.kindMonitoring') }, { value: 'values', label: t('entry.kindValues') }],
  });
  const city = field({ name: 'city', label: t('entry.city'), options: cityOptions(cities) });
  const format = field({ name: 'format', label: t('entry.format'), value: 'long', options: [{ value: 'long', label: t('entry.formatLong') }, { value: 'wide', label: t('entry.formatWide') }] });
  const status = field({ name: 'status', label: t('entry.importStatus'), value: 'draft', options: [{ value: 'draft', label: t('valueStatus.draft') }, { value: 'submitted', label: t('valueStatus.submitted') }] });
  const file = field({ name: 'file', label: t('entry.file'), type: 'file', required: true });
  const help = h('p', { class: 'hint' });
  const syncKind = () => {
    const mon = kind.input.value === 'monitoring';
    city.wrap.hidden = !mon;
    format.wrap.hidden = !mon;
    status.wrap.hidden = mon;
    file.input.setAttribute('accept', mon ? '.csv,.gz,text/csv' : '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    help.textContent = mon ? t('entry.monitoringHelp') : t('entry.uploadHelp');
  };
  kind.input.addEventListener('change', syncKind);
  syncKind();
  const msg = messageArea();
  const report = h('div', { 'data-testid': 'upload-report' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('entry.upload'));
  const form = h('form', {
    class: 'form', novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      msg.clear();
      report.replaceChildren();
      const f = (file.input as HTMLInputElement).files?.[0];
      if (!f) {
        file.setError(t('entry.chooseFile'));
        file.input.focus();
        return;
      }
      file.setError(null);
      const fd = new FormData();
      fd.append('file', f, f.name);
      let path = '/values/import';
      if (kind.input.value === 'monitoring') {
        path = `/cities/${encodeURIComponent(city.input.value)}/monitoring`;
        fd.append('format', format.input.value);
      } else {
        fd.append('status', status.input.value);
      }
      submit.setAttribute('disabled', '');
      msg.show(t('entry.uploading'), 'ok');
      try {
        const res = await request<UploadReport>('POST', path, { body: fd });
        const files = (res.files as { rows?: number }[] | undefined) ?? [];
        const n = files.reduce((a, f) => a + (f.rows ?? 0), 0) || Number(res.rows ?? 0);
        msg.show(t('entry.uploadOk', { n: fmtNumber(n) }), 'ok');
        report.append(summary(res));
        const issues = (res.issues as RowError[] | undefined) ?? [];
        if (issues.length) report.append(h('h3', null, t('entry.flagged', { n: fmtNumber(issues.length) })), rowList(issues.slice(0, 200)));
        // Values import: rows stored with quality flags.
        const flagged = (res.flagged as { row: number; location?: string; key?: string; flags?: { code: string; reason: string }[] }[] | undefined) ?? [];
        if (flagged.length)
          report.append(h('h3', null, t('entry.flagged', { n: fmtNumber(flagged.length) })),
            h('ol', { class: 'row-errors' }, flagged.slice(0, 200).map((f) => h('li', null, `${f.location ?? t('entry.line') + ' ' + f.row}${f.key ? ' (' + f.key + ')' : ''}: ${(f.flags ?? []).map((x) => x.reason || x.code).join('; ')}`))));
      } catch (err) {
        const rows = err instanceof ApiError ? rowErrors(err) : undefined;
        if (rows && rows.length) {
          msg.show(t('entry.uploadFailed', { n: fmtNumber(rows.length) }), 'error');
          report.append(rowReport(rows));
          report.querySelector<HTMLElement>('h3')?.focus();
        } else {
          msg.clear();
          report.append(errorView(err, `POST /api/v1${path}`));
        }
      } finally {
        submit.removeAttribute('disabled');
      }
    },
  }, kind.wrap, city.wrap, format.wrap, status.wrap, help, file.wrap, submit, msg.el);
  return h('section', { class: 'card', 'aria-labelledby': 'entry-upload-h' }, h('h2', { id: 'entry-upload-h' }, t('entry.uploadTitle')), form, report);
}

/**
 * The per-row errors of a refused upload: the report {"ok":false,"errors":[…]},
 * or one error whose message names the line and column as the file readers do
 * ("upload.csv:3: column time: …").
 */
function rowErrors(err: ApiError): RowError[] | undefined {
  const list = err.details.errors as RowError[] | undefined;
  if (Array.isArray(list) && list.length) return list;
  const m = /^(.*?):(\d+): column ([^:]+): (.*)$/s.exec(err.message);
  if (m) return [{ file: m[1] || undefined, row: Number(m[2]), field: m[3], message: m[4] }];
  const l = /^(.*?):(\d+): (.*)$/s.exec(err.message);
  if (l && (err.status === 400 || err.status === 422)) return [{ file: l[1] || undefined, row: Number(l[2]), field: err.field, message: l[3] }];
  return undefined;
}

function rowReport(rows: RowError[]): HTMLElement {
  return h('div', { class: 'row-report', role: 'alert' },
    h('h3', { tabindex: '-1' }, t('entry.reportTitle')),
    rowList(rows));
}

function rowList(rows: RowError[]): HTMLElement {
  return h('ol', { class: 'row-errors' }, rows.map((r) =>
    h('li', { 'data-row': r.line ?? r.row, 'data-field': r.field ?? '', 'data-file': r.file ?? '' },
      t(r.file ? 'entry.rowErrorFile' : 'entry.rowError', { file: r.file ?? '', line: r.line ?? r.row, column: r.field ?? '–', message: r.message }))));
}

function summary(res: UploadReport): HTMLElement {
  const entries = Object.entries(res).filter(([k, v]) => k !== 'ok' && k !== 'errors' && (typeof v === 'number' || typeof v === 'string'));
  return h('dl', { class: 'facts' }, entries.map(([k, v]) => [h('dt', null, k), h('dd', null, typeof v === 'number' ? fmtNumber(v) : String(v))]));
}

/** Moves values one step: submit (city officer), endorse (national coordinator), publish (secretariat), or back to draft. */
function statusForm(cities: City[], role: string): HTMLElement {
  const city = field({ name: 'city', label: t('entry.city'), options: cityOptions(cities) });
  const next = role === 'national-coordinator' ? 'endorsed' : role === 'secretariat' ? 'published' : 'submitted';
  const to = field({ name: 'to', label: t('entry.statusTo'), value: next, options: ['submitted', 'endorsed', 'published', 'draft'].map((x) => ({ value: x, label: t(`valueStatus.${x}` as 'valueStatus.draft') })) });
  const year = String(new Date().getFullYear() - 1);
  const from = field({ name: 'from', label: t('entry.from'), value: year, inputmode: 'numeric' });
  const until = field({ name: 'until', label: t('entry.to'), value: year, inputmode: 'numeric' });
  const msg = messageArea();
  const form = h('form', {
    class: 'form', novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      msg.clear();
      try {
        const res = await post<{ items: unknown[] }>('/values/status', { status: to.input.value, city: city.input.value, from: from.input.value.trim(), to: until.input.value.trim() });
        msg.show(t('entry.moved', { n: fmtNumber(res.items?.length ?? 0), status: t(`valueStatus.${to.input.value}` as 'valueStatus.draft') }), 'ok');
      } catch (err) {
        if (err instanceof ApiError && (err.status === 409 || err.forbidden)) msg.show(t('req.refused', { message: err.message }), 'error');
        else msg.el.replaceChildren(errorView(err, 'POST /api/v1/values/status'));
      }
    },
  }, city.wrap, to.wrap, h('div', { class: 'controls' }, from.wrap, until.wrap), h('button', { type: 'submit', class: 'primary' }, t('entry.move')), msg.el);
  return h('section', { class: 'card', 'aria-labelledby': 'entry-status-h' }, h('h2', { id: 'entry-status-h' }, t('entry.statusTitle')), h('p', { class: 'hint' }, t('entry.statusIntro')), form);
}
