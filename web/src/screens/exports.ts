// Reports and exports (docs/reports.md): the city report (HTML or PDF, in
// English or Chinese) with the narrative its officers write, the network
// report, and every table as CSV or XLSX. Downloads are plain links to the
// API, so the browser streams them.
import { ApiError, API_BASE, get, getAll, request, type City } from '../api';
import { h } from '../dom';
import { t, fmtDateTime } from '../i18n';
import { getState } from '../store';
import { asyncSection, errorView, field, loading, messageArea, pageHeader, table } from '../ui';
import { type Route } from '../router';

interface ExportTable { name: string; title?: string; public?: string; columns?: string[] }

interface Narrative { summary?: string; achievements?: string; challenges?: string; needs?: string; status?: string; updated_by?: string; updated_at?: string }

const LANGS = [{ value: 'en', label: 'English' }, { value: 'zh', label: '中文' }];

function qs(q: Record<string, string>): string {
  return new URLSearchParams(q).toString();
}

/** Download links for a report: HTML and PDF in English and Chinese for a year. */
function reportLinks(path: string, year: string, name: string): HTMLElement {
  const links = ['html', 'pdf'].flatMap((format) => LANGS.map((l) => h('a', {
    class: 'button', href: `${API_BASE}${path}?${qs({ year, lang: l.value, format })}`,
    download: `${name}-${year}-${l.value}.${format}`, 'data-format': format, 'data-lang': l.value,
    lang: l.value === 'zh' ? 'zh' : null,
  }, `${format.toUpperCase()} · ${l.label}`)));
  return h('div', { class: 'button-row downloads' }, links);
}

function yearOptions(): { value: string; label: string }[] {
  const now = new Date().getFullYear();
  return Array.from({ length: 30 }, (_, i) => String(now - 1 - i)).map((y) => ({ value: y, label: y }));
}

/** The city page's report section: year, downloads, and the narrative editor for its officers. */
export function cityReportSection(city: City): HTMLElement {
  const enc = encodeURIComponent(city.code);
  const sec = h('section', { class: 'card', 'aria-labelledby': 'report-h', id: 'report' }, h('h2', { id: 'report-h' }, t('report.cityTitle')));
  const year = field({ name: 'report-year', label: t('city.year'), value: String(new Date().getFullYear() - 1), options: yearOptions() });
  const links = h('div');
  const draw = () => links.replaceChildren(reportLinks(`/cities/${enc}/report`, year.input.value, `kinet-${city.code}`));
  year.input.addEventListener('change', draw);
  draw();
  sec.append(h('p', { class: 'hint' }, t('report.cityHint')), h('form', { class: 'controls', onsubmit: (e: Event) => e.preventDefault() }, year.wrap), links);
  const user = getState().user;
  if (user && (user.role === 'secretariat' || (user.role === 'city-officer' && user.scope === city.code))) {
    const editor = h('div');
    const open = h('details', { class: 'narrative' }, h('summary', null, t('report.writeNarrative')), editor);
    open.addEventListener('toggle', () => { if (open.open) narrativeEditor(editor, enc, year.input.value); });
    year.input.addEventListener('change', () => { if (open.open) narrativeEditor(editor, enc, year.input.value); });
    sec.append(open);
  }
  return sec;
}

function narrativeEditor(box: HTMLElement, enc: string, year: string): void {
  box.replaceChildren(loading());
  const lang = getState().lang;
  const path = `/cities/${enc}/report/narrative`;
  get<Narrative>(path, { year, lang }).catch((e) => {
    if (e instanceof ApiError && e.notFound && !e.routeMissing) return {} as Narrative;
    throw e;
  }).then((n) => {
    const f = {
      summary: field({ name: 'summary', label: t('report.summary'), multiline: true, value: n.summary ?? '' }),
      achievements: field({ name: 'achievements', label: t('report.achievements'), multiline: true, value: n.achievements ?? '' }),
      challenges: field({ name: 'challenges', label: t('report.challenges'), multiline: true, value: n.challenges ?? '' }),
      needs: field({ name: 'needs', label: t('report.needs'), multiline: true, value: n.needs ?? '' }),
      status: field({ name: 'status', label: t('event.status'), value: n.status ?? 'draft', options: [{ value: 'draft', label: t('practice.status.draft') }, { value: 'published', label: t('practice.status.published') }] }),
    };
    const msg = messageArea();
    box.replaceChildren(
      h('p', { class: 'hint' }, t('report.narrativeHint', { year, lang: lang === 'zh' ? '中文' : 'English' }), n.updated_by ? ` ${t('report.lastSaved', { who: n.updated_by, when: fmtDateTime(n.updated_at) })}` : ''),
      h('form', {
        class: 'form', novalidate: true,
        onsubmit: async (e: Event) => {
          e.preventDefault();
          msg.clear();
          try {
            await request('PUT', `${path}?${qs({ year, lang })}`, {
              json: { summary: f.summary.input.value, achievements: f.achievements.input.value, challenges: f.challenges.input.value, needs: f.needs.input.value, status: f.status.input.value },
            });
            msg.show(t('report.saved'), 'ok');
          } catch (err) {
            msg.el.replaceChildren(errorView(err, `PUT /api/v1${path}`));
          }
        },
      }, Object.values(f).map((x) => x.wrap), h('button', { type: 'submit', class: 'primary' }, t('report.saveNarrative')), msg.el));
  }, (e) => box.replaceChildren(errorView(e, `GET /api/v1${path}`)));
}

export function exportsScreen(main: HTMLElement, _route: Route): void {
  main.append(pageHeader('export.title', 'export.intro'));
  const year = field({ name: 'year', label: t('city.year'), value: String(new Date().getFullYear() - 1), options: yearOptions() });
  const links = h('div');
  const draw = () => links.replaceChildren(reportLinks('/network/report', year.input.value, 'kinet-network'));
  year.input.addEventListener('change', draw);
  draw();
  main.append(
    h('section', { class: 'card', 'aria-labelledby': 'net-h' }, h('h2', { id: 'net-h' }, t('report.networkTitle')),
      h('p', { class: 'hint' }, t('report.networkHint')), h('form', { class: 'controls', onsubmit: (e: Event) => e.preventDefault() }, year.wrap), links),
    // Every page of the listing: the tables may outnumber one page (50 by default).
    asyncSection(t('export.tables'), () => getAll<ExportTable>('/exports'), (items) => {
      if (items.length === 0) return h('p', null, t('state.empty'));
      return [
        h('p', { class: 'hint' }, t('export.hint')),
        h('p', null, h('a', { class: 'button primary', href: `${API_BASE}/exports/all?format=xlsx`, download: 'kinet-all.xlsx' }, t('export.all'))),
        table(t('export.tables'), [t('export.table'), t('export.who'), t('export.columns'), t('export.download')],
          items.map((x) => [
            h('span', null, x.title || x.name, ' ', h('code', null, x.name)),
            x.public ? t(x.public === 'no' ? 'export.publicNo' : x.public === 'all rows' ? 'export.publicAll' : 'export.publicPublished') : '–',
            (x.columns ?? []).join(', ') || '–',
            h('span', { class: 'button-row' },
              h('a', { href: `${API_BASE}/exports/${encodeURIComponent(x.name)}?format=csv`, download: `kinet-${x.name}.csv`, 'aria-label': `${x.title || x.name} CSV` }, 'CSV'), ' ',
              h('a', { href: `${API_BASE}/exports/${encodeURIComponent(x.name)}?format=xlsx`, download: `kinet-${x.name}.xlsx`, 'aria-label': `${x.title || x.name} XLSX` }, 'XLSX')),
          ]), { captionHidden: true }),
      ];
    }, { what: 'GET /api/v1/exports' }));
}
