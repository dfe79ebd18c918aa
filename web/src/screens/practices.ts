// Best practices (docs/practices.md): search in English or Chinese with
// facets, one practice with the measured evidence of each linked result, the
// form to submit one, and the review queue of the secretariat and experts.
// The workflow steps are offered by the practice's state; the server decides
// whether the signed-in role may take them.
import { ApiError, get, getAll, post, type City, type Indicator, type Page } from '../api';
import { h } from '../dom';
import { t, tCode, cityName, countryName, fmtDate, fmtDateTime, fmtNumber, indicatorName, enZh, fmtUnit } from '../i18n';
import { mountChart, PALETTE } from '../charts';
import { navigate, type Route } from '../router';
import { getState } from '../store';
import { asyncSection, checkGroup, dataStatusBadge, errorView, facts, field, fmtUsd, loading, messageArea, pageHeader, pager, statusBadge, table } from '../ui';

// ---- shapes (docs/api.md "Best practices") ----

interface YearRange { from: number; to: number }

interface PracticeResult {
  indicator_code: string;
  description?: string;
  before: YearRange;
  after: YearRange;
  claimed_before?: number | null;
  claimed_after?: number | null;
}

export interface Practice {
  code: string;
  city_code: string;
  city?: { code: string; name_en: string; name_local?: string; country_code?: string; region?: string; size_class?: string | null };
  title_en: string;
  title_local?: string;
  local_language?: string;
  summary_en?: string;
  summary_local?: string;
  start_year?: number;
  end_year?: number | null;
  themes?: string[];
  measure_types?: string[];
  situation_before?: string;
  objectives?: string;
  measures?: string;
  cost?: string;
  cost_usd?: number | null;
  funding_sources?: string[];
  partners?: string[];
  results?: PracticeResult[];
  lessons?: string;
  transfer_conditions?: string;
  contacts?: { name?: string; organisation?: string; email?: string }[];
  links?: { title?: string; url?: string }[];
  data_status?: string;
  status: string;
  evidence_level: string;
  score?: number;
  published_at?: string;
  created_by?: string;
  created_at?: string;
  updated_by?: string;
  updated_at?: string;
}

interface Facet { value: string; count: number }
type FacetName = 'theme' | 'measure_type' | 'country' | 'size_class' | 'evidence_level' | 'start_year';
interface PracticePage extends Page<Practice> { facets?: Partial<Record<FacetName, Facet[]>> }

interface TaxonomyEntry { code: string; name_en: string; name_zh?: string; description_en?: string }
interface Taxonomy { themes: TaxonomyEntry[]; measure_types: TaxonomyEntry[] }

interface Stats { n?: number; mean?: number | null; trend?: { slope?: number | null; lower?: number | null; upper?: number | null; p_value?: number | null } | number | null }

interface Evidence {
  level: string;
  level_name?: string;
  reason?: string;
  before?: Stats;
  after?: Stats;
  city_change?: number | null;
  city_change_percent?: number | null;
  comparison_candidates?: number;
  comparisons?: { city_code: string; before_mean: number | null; after_mean: number | null; change: number | null }[];
  peer_mean_change?: number | null;
  did?: number | null;
  did_standard_error?: number | null;
  did_lower?: number | null;
  did_upper?: number | null;
  placebo_p?: number | null;
  confidence?: number;
}

interface PracticeEvidence {
  practice_code: string;
  level: string;
  level_name?: string;
  results: {
    result: PracticeResult;
    indicator?: { code: string; name_en: string; name_zh?: string; unit: string; direction: string };
    series: { year: number; value: number; source_kind?: string }[];
    comparison_basis?: string;
    evidence: Evidence;
  }[];
}

interface Review { id: number; reviewer: string | null; reviewer_role?: string; verdict: string; comment?: string; at: string }
interface Adoption { id: number; city_code: string; year: number; note?: string; data_status?: string }

export const EVIDENCE_LEVELS = ['measured-improvement', 'not-distinguishable', 'worse-than-peers', 'no-data'];

// ---- helpers ----

let taxonomyCache: Promise<Taxonomy | null> | null = null;
function taxonomy(): Promise<Taxonomy | null> {
  taxonomyCache ??= get<Taxonomy>('/practice-taxonomy').catch(() => { taxonomyCache = null; return null; });
  return taxonomyCache;
}

function taxLabel(tax: Taxonomy | null, kind: 'themes' | 'measure_types', code: string): string {
  const e = tax?.[kind].find((x) => x.code === code);
  if (e) return enZh(e);
  return tCode(kind === 'themes' ? 'theme.' : 'practice.measure.', code);
}

/** The title in the language: the local title for Chinese when the practice's local language is Chinese. */
export function practiceTitle(p: Pick<Practice, 'title_en' | 'title_local' | 'local_language'>): string {
  return getState().lang === 'zh' && p.title_local && (p.local_language ?? '').startsWith('zh') ? p.title_local : p.title_en;
}

function practiceSummary(p: Practice): string {
  return getState().lang === 'zh' && p.summary_local && (p.local_language ?? '').startsWith('zh') ? p.summary_local : p.summary_en ?? '';
}

function years(p: Practice): string {
  if (!p.start_year) return '';
  return p.end_year ? `${p.start_year}–${p.end_year}` : t('practice.since', { year: p.start_year });
}

export function evidenceBadge(level: string | null | undefined): HTMLElement | string {
  if (!level) return '–';
  const kind = level === 'measured-improvement' ? 'meets' : level === 'worse-than-peers' ? 'exceeds' : 'unknown';
  return h('span', { class: `badge badge-${kind}`, 'data-evidence': level, title: t('practice.evidenceNote') }, tCode('practice.evidence.', level));
}

function practiceCityName(p: Practice, cities: Map<string, City>): string {
  const c = cities.get(p.city_code);
  if (c) return cityName(c);
  return p.city ? cityName({ name_en: p.city.name_en, name_local: p.city.name_local ?? '', country: p.city.country_code ?? '' }) : p.city_code;
}

async function cityMap(): Promise<Map<string, City>> {
  try {
    return new Map((await getAll<City>('/cities')).map((c) => [c.code, c]));
  } catch {
    return new Map();
  }
}

const canSubmit = () => ['secretariat', 'city-officer', 'national-coordinator'].includes(getState().user?.role ?? '');
const canReview = () => ['secretariat', 'expert'].includes(getState().user?.role ?? '');

// ---- the list: search and facets ----

const FILTERS: FacetName[] = ['theme', 'measure_type', 'country', 'size_class', 'evidence_level', 'start_year'];
/** The query parameter of each facet (the facet of start years filters with year_from/year_to). */
const PARAM: Record<FacetName, string> = { theme: 'theme', measure_type: 'measure_type', country: 'country', size_class: 'size_class', evidence_level: 'evidence', start_year: 'year' };

export function practicesScreen(main: HTMLElement, route: Route): void {
  const q = route.query;
  main.append(pageHeader('practice.title', 'practice.intro'));
  const query = field({ name: 'q', label: t('practice.search'), type: 'search', value: q.get('q') ?? '', hint: t('practice.searchHint') });
  const lang = field({ name: 'lang', label: t('practice.lang'), value: q.get('lang') ?? 'any', options: ['any', 'en', 'zh'].map((l) => ({ value: l, label: t(`practice.lang.${l}` as 'practice.lang.any') })) });
  const search = (extra: Record<string, string | null> = {}) => {
    const s = new URLSearchParams(q);
    s.delete('page');
    s.set('q', query.input.value.trim());
    s.set('lang', lang.input.value);
    for (const [k, v] of Object.entries(extra)) { if (v === null) s.delete(k); else s.set(k, v); }
    for (const [k, v] of [...s.entries()]) if (!v || (k === 'lang' && v === 'any')) s.delete(k);
    navigate('#/practices' + (s.toString() ? '?' + s.toString() : ''));
  };
  const form = h('form', { class: 'controls search-form', role: 'search', onsubmit: (e: Event) => { e.preventDefault(); search(); } },
    query.wrap, lang.wrap, h('button', { type: 'submit', class: 'primary' }, t('practice.searchButton')));
  const actions = h('p', { class: 'actions' });
  if (canSubmit()) actions.append(h('a', { class: 'button', href: '#/practices/new' }, t('practice.submitNew')));
  if (canReview()) actions.append(h('a', { class: 'button', href: '#/practices/review' }, t('nav.review')));
  actions.append(h('a', { href: '#/practices/analysis' }, t('practice.analysis')));
  const facetsBox = h('aside', { class: 'facets', 'aria-label': t('practice.facets') }, loading());
  const results = h('div', { class: 'results', 'aria-live': 'polite' }, loading());
  main.append(form, actions, h('div', { class: 'with-facets' }, facetsBox, results));

  const page = Math.max(1, Number(q.get('page') ?? 1));
  const year = q.get('year');
  const params: Record<string, string | number | null> = {
    q: q.get('q'), lang: q.get('lang'), page, per_page: 20,
    theme: q.get('theme'), measure_type: q.get('measure_type'), country: q.get('country'), size_class: q.get('size_class'),
    evidence: q.get('evidence'), year_from: year, year_to: year, city: q.get('city'), status: q.get('status'), indicator: q.get('indicator'),
  };
  Promise.all([get<PracticePage>('/practices', params), taxonomy(), cityMap()]).then(([p, tax, cities]) => {
    // Facets: each value a toggle link with its count; the active ones first, marked.
    const facetLabel = (f: FacetName, v: string) => {
      if (f === 'theme') return taxLabel(tax, 'themes', v);
      if (f === 'measure_type') return taxLabel(tax, 'measure_types', v);
      if (f === 'evidence_level') return tCode('practice.evidence.', v);
      if (f === 'country') {
        const c = [...cities.values()].find((x) => typeof x.country === 'object' && x.country.code === v);
        return c ? countryName(c.country) : v;
      }
      if (f === 'size_class') {
        const c = [...cities.values()].find((x) => x.size_class?.code === v);
        return c?.size_class ? enZh(c.size_class) : v;
      }
      return v;
    };
    const groups = FILTERS.map((f) => {
      const vals = p.facets?.[f] ?? [];
      if (vals.length === 0) return null;
      const active = q.get(PARAM[f]);
      const hid = `facet-${f}`;
      return h('section', { class: 'facet', 'aria-labelledby': hid },
        h('h2', { id: hid }, t(`practice.facet.${f}` as 'practice.facet.theme')),
        h('ul', null, vals.map((v) => h('li', null, h('button', {
          type: 'button',
          'aria-pressed': String(active === v.value),
          class: 'facet-value' + (active === v.value ? ' facet-on' : ''),
          onclick: () => search({ [PARAM[f]]: active === v.value ? null : v.value }),
        }, facetLabel(f, v.value), ' ', h('span', { class: 'count' }, `(${fmtNumber(v.count)})`))))));
    }).filter((x): x is HTMLElement => x !== null);
    facetsBox.replaceChildren(...(groups.length ? groups : [h('p', { class: 'hint' }, t('practice.noFacets'))]));

    const chips = FILTERS.filter((f) => q.get(PARAM[f])).map((f) => h('button', {
      type: 'button', class: 'chip', onclick: () => search({ [PARAM[f]]: null }),
      'aria-label': t('practice.removeFilter', { filter: facetLabel(f, q.get(PARAM[f])!) }),
    }, facetLabel(f, q.get(PARAM[f])!), ' ×'));
    const summary = h('p', { class: 'result-count', 'data-testid': 'practice-count' },
      q.get('q') ? t('practice.hitsFor', { n: fmtNumber(p.total), q: q.get('q')! }) : t('practice.hits', { n: fmtNumber(p.total) }));
    if (p.items.length === 0) {
      results.replaceChildren(summary, ...chips, h('p', { class: 'notice' }, t('practice.none')));
      return;
    }
    results.replaceChildren(summary, h('div', { class: 'chips' }, chips),
      h('ol', { class: 'practice-list', start: (p.page - 1) * p.per_page + 1 }, p.items.map((x) => practiceCard(x, tax, cities))),
      pager(p.page, p.per_page, p.total, (n) => { const s = new URLSearchParams(q); s.set('page', String(n)); navigate('#/practices?' + s.toString()); }));
  }, (e) => {
    facetsBox.replaceChildren();
    results.replaceChildren(errorView(e, 'GET /api/v1/practices'));
  });
}

function practiceCard(p: Practice, tax: Taxonomy | null, cities: Map<string, City>): HTMLElement {
  const title = practiceTitle(p);
  return h('li', { class: 'card practice-card' },
    h('h2', null, h('a', { href: `#/practices/${encodeURIComponent(p.code)}`, lang: title === p.title_en ? 'en' : 'zh' }, title)),
    h('p', { class: 'meta' }, practiceCityName(p, cities), ' · ', years(p), ' · ',
      (p.themes ?? []).map((x) => taxLabel(tax, 'themes', x)).join(getState().lang === 'zh' ? '、' : ', '), ' ', evidenceBadge(p.evidence_level), ' ',
      p.status !== 'published' ? statusBadge('practice.status.', p.status) : null, ' ', dataStatusBadge(p.data_status)),
    practiceSummary(p) ? h('p', { class: 'summary' }, clip(practiceSummary(p), 300)) : null);
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

// ---- one practice ----

export function practiceScreen(main: HTMLElement, route: Route): () => void {
  const code = route.params.code;
  const disposers: (() => void)[] = [];
  const body = h('div', null, loading());
  main.append(body);
  const path = `/practices/${encodeURIComponent(code)}`;
  Promise.all([get<Practice>(path), taxonomy(), cityMap(), getAll<Indicator>('/indicators').catch(() => [] as Indicator[])]).then(([p, tax, cities, inds]) => {
    const indBy = new Map(inds.map((i) => [i.code, i]));
    const title = practiceTitle(p);
    const other = title === p.title_en ? p.title_local : p.title_en;
    const h1 = h('h1', { tabindex: '-1', 'data-testid': 'practice-title' }, title, other ? h('span', { class: 'other-name', lang: title === p.title_en ? 'zh' : 'en' }, ' ', other) : null);
    const text = (key: Parameters<typeof t>[0], v: string | undefined) => (v ? h('section', { class: 'card' }, h('h2', null, t(key)), h('p', { class: 'prose' }, v)) : null);
    const summaryEn = p.summary_en ? h('p', { class: 'prose', lang: 'en' }, p.summary_en) : null;
    const summaryLocal = p.summary_local ? h('p', { class: 'prose', lang: p.local_language || null }, p.summary_local) : null;
    const zhFirst = getState().lang === 'zh';
    body.replaceChildren(...[
      h('header', { class: 'page-header' }, h1,
        h('p', { class: 'intro' }, h('a', { href: `#/city/${encodeURIComponent(p.city_code)}` }, practiceCityName(p, cities)), ' · ', years(p), ' ',
          evidenceBadge(p.evidence_level), ' ', statusBadge('practice.status.', p.status), ' ', dataStatusBadge(p.data_status))),
      h('p', null, h('a', { href: '#/practices' }, t('practice.back'))),
      h('section', { class: 'card', 'aria-labelledby': 'pr-sum' }, h('h2', { id: 'pr-sum' }, t('practice.summary')),
        ...(zhFirst ? [summaryLocal, summaryEn] : [summaryEn, summaryLocal]).filter((x): x is HTMLParagraphElement => x !== null),
        facts([
          [t('practice.themes'), (p.themes ?? []).map((x) => taxLabel(tax, 'themes', x)).join(getState().lang === 'zh' ? '、' : ', ')],
          [t('practice.measureTypes'), (p.measure_types ?? []).map((x) => taxLabel(tax, 'measure_types', x)).join(getState().lang === 'zh' ? '、' : ', ')],
          [t('practice.years'), years(p)],
          [t('practice.cost'), [p.cost, p.cost_usd ? fmtUsd(p.cost_usd) : ''].filter(Boolean).join(' · ')],
          [t('practice.funding'), (p.funding_sources ?? []).join('; ')],
          [t('practice.partners'), (p.partners ?? []).join('; ')],
          [t('practice.published'), p.published_at ? fmtDate(p.published_at.slice(0, 10)) : null],
        ])),
      workflowPanel(p),
      evidenceSection(p, indBy, cities, disposers),
      text('practice.situation', p.situation_before),
      text('practice.objectives', p.objectives),
      text('practice.measures', p.measures),
      text('practice.lessons', p.lessons),
      text('practice.transfer', p.transfer_conditions),
      (p.contacts?.length || p.links?.length) ? h('section', { class: 'card' }, h('h2', null, t('practice.contacts')),
        h('ul', null,
          (p.contacts ?? []).map((c) => h('li', null, [c.name, c.organisation].filter(Boolean).join(', '), c.email ? [' · ', h('a', { href: `mailto:${c.email}` }, c.email)] : null)),
          (p.links ?? []).map((l) => h('li', null, l.url && /^https?:\/\//.test(l.url) ? h('a', { href: l.url, rel: 'noopener' }, l.title || l.url) : l.title ?? '')))) : null,
      reviewsSection(p),
      adoptionsSection(p, cities),
    ].filter((x): x is HTMLElement => x !== null));
    h1.focus();
  }, (e) => body.replaceChildren(errorView(e, `GET /api/v1${path}`)));
  return () => { for (const d of disposers) d(); };
}

/** The measured evidence of each linked result: the city's series with the before and after windows, and the comparison with peers. */
function evidenceSection(p: Practice, indBy: Map<string, Indicator>, cities: Map<string, City>, disposers: (() => void)[]): HTMLElement {
  return asyncSection(t('practice.evidence'), () => get<PracticeEvidence>(`/practices/${encodeURIComponent(p.code)}/evidence`), (ev) => {
    const out: Node[] = [h('p', null, t('practice.overall'), ' ', evidenceBadge(ev.level)), h('p', { class: 'hint' }, t('practice.evidenceMethod'))];
    if (ev.results.length === 0) out.push(h('p', null, t('practice.noResults')));
    ev.results.forEach((r, i) => {
      const ind = indBy.get(r.result.indicator_code);
      const name = ind ? indicatorName(ind) : r.indicator ? enZh(r.indicator) : r.result.indicator_code;
      const unit = fmtUnit(r.indicator?.unit ?? ind?.unit);
      const e = r.evidence;
      const chartEl = h('div', { class: 'chart chart-evidence', 'data-testid': 'evidence-chart' });
      const conf = Math.round((e.confidence ?? 0.95) * 100);
      out.push(h('div', { class: 'evidence-result' },
        h('h3', null, `${i + 1}. ${name}`, ' ', evidenceBadge(e.level)),
        r.result.description ? h('p', { lang: 'en' }, r.result.description) : null,
        e.reason ? h('p', { class: 'hint' }, e.reason) : null,
        r.series.length ? chartEl : h('p', { class: 'notice' }, t('practice.noSeries')),
        facts([
          [t('practice.before'), `${r.result.before.from}–${r.result.before.to}: ${t('practice.meanOf', { mean: fmtNumber(e.before?.mean ?? null), unit, n: e.before?.n ?? 0 })}`],
          [t('practice.after'), `${r.result.after.from}–${r.result.after.to}: ${t('practice.meanOf', { mean: fmtNumber(e.after?.mean ?? null), unit, n: e.after?.n ?? 0 })}`],
          [t('practice.cityChange'), e.city_change === null || e.city_change === undefined ? '–' : `${fmtSigned(e.city_change)} ${unit} (${fmtSigned(e.city_change_percent ?? null)} %)`],
          [t('practice.peers'), `${r.comparison_basis ?? ''} · ${t('practice.peerCount', { n: e.comparisons?.length ?? 0 })} · ${t('practice.peerChange', { v: fmtSigned(e.peer_mean_change ?? null), unit })}`],
          [t('practice.did'), e.did === null || e.did === undefined ? '–' : `${fmtSigned(e.did)} ${unit} (${t('practice.interval', { conf, lo: fmtSigned(e.did_lower ?? null), hi: fmtSigned(e.did_upper ?? null) })}${e.did_standard_error !== null && e.did_standard_error !== undefined ? ', SE ' + fmtNumber(e.did_standard_error) : ''})`],
          [t('practice.placebo'), e.placebo_p === null || e.placebo_p === undefined ? null : fmtNumber(e.placebo_p, 3)],
          [t('practice.direction'), r.indicator?.direction === 'higher' || ind?.direction === 'higher' ? t('explorer.direction.higher') : t('explorer.direction.lower')],
        ]),
        e.comparisons?.length ? h('details', null, h('summary', null, t('practice.peerTable')),
          table(t('practice.peerTable'), [t('table.city'), t('practice.before'), t('practice.after'), t('practice.change')],
            e.comparisons.map((c) => [cities.get(c.city_code) ? cityName(cities.get(c.city_code)!) : c.city_code, fmtNumber(c.before_mean), fmtNumber(c.after_mean), fmtSigned(c.change)]), { captionHidden: true })) : null));
      if (r.series.length) {
        // Draw once the element is in the document (it sizes the chart).
        queueMicrotask(() => {
          if (!chartEl.isConnected) return;
          disposers.push(evidenceChart(chartEl, r.series, r.result, e, name, unit));
        });
      }
    });
    return out;
  }, { what: `GET /api/v1/practices/${p.code}/evidence` });
}

function fmtSigned(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  return (n > 0 ? '+' : '') + fmtNumber(n);
}

function evidenceChart(el: HTMLElement, series: { year: number; value: number }[], r: PracticeResult, e: Evidence, name: string, unit: string): () => void {
  const yearsAll = series.map((s) => s.year);
  const lo = Math.min(...yearsAll, r.before.from);
  const hi = Math.max(...yearsAll, r.after.to);
  const cats = Array.from({ length: hi - lo + 1 }, (_, i) => String(lo + i));
  const by = new Map(series.map((s) => [String(s.year), s.value]));
  const meanLine = (range: YearRange, mean: number | null | undefined) =>
    cats.map((y) => (mean !== null && mean !== undefined && +y >= range.from && +y <= range.to ? mean : null));
  return mountChart(el, {
    grid: { left: 56, right: 20, top: 40, bottom: 30 },
    legend: { top: 4 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: cats },
    yAxis: { type: 'value', name: unit, scale: true },
    series: [
      {
        type: 'line', name, data: cats.map((y) => by.get(y) ?? null), color: PALETTE[0], symbolSize: 7, connectNulls: false,
        markArea: {
          silent: true,
          data: [
            [{ name: t('practice.before'), xAxis: String(r.before.from), itemStyle: { color: 'rgba(213,94,0,0.08)' } }, { xAxis: String(r.before.to) }],
            [{ name: t('practice.after'), xAxis: String(r.after.from), itemStyle: { color: 'rgba(0,158,115,0.10)' } }, { xAxis: String(r.after.to) }],
          ],
          label: { color: '#333' },
        },
      },
      { type: 'line', name: t('practice.meanBefore'), data: meanLine(r.before, e.before?.mean), color: '#D55E00', lineStyle: { type: 'dashed', width: 2 }, symbol: 'none' },
      { type: 'line', name: t('practice.meanAfter'), data: meanLine(r.after, e.after?.mean), color: '#009E73', lineStyle: { type: 'dashed', width: 2 }, symbol: 'none' },
    ],
  }, t('practice.chartLabel', { name })).dispose;
}

/** Submit, review, publish and withdraw, as the state allows. */
function workflowPanel(p: Practice): HTMLElement | null {
  const user = getState().user;
  if (!user) return null;
  const steps: { action: string; label: string; path: string; body?: () => Record<string, unknown> | null }[] = [];
  const comment = field({ name: 'comment', label: t('practice.reviewComment'), multiline: true });
  const msg = messageArea();
  const enc = encodeURIComponent(p.code);
  if (p.status === 'draft' && canSubmit()) steps.push({ action: 'submit', label: t('practice.doSubmit'), path: `/practices/${enc}/submit` });
  if (p.status === 'submitted' && canReview()) {
    steps.push({ action: 'accept', label: t('practice.verdict.accept'), path: `/practices/${enc}/review`, body: () => ({ verdict: 'accept', comment: comment.input.value.trim() }) });
    steps.push({
      action: 'revise', label: t('practice.verdict.revise'), path: `/practices/${enc}/review`,
      body: () => {
        if (!comment.input.value.trim()) { comment.setError(t('practice.commentRequired')); comment.input.focus(); return null; }
        return { verdict: 'revise', comment: comment.input.value.trim() };
      },
    });
  }
  if (canReview() && p.status !== 'draft')
    steps.push({
      action: 'comment', label: t('practice.verdict.comment'), path: `/practices/${enc}/review`,
      body: () => {
        if (!comment.input.value.trim()) { comment.setError(t('practice.commentRequired')); comment.input.focus(); return null; }
        return { verdict: 'comment', comment: comment.input.value.trim() };
      },
    });
  if (p.status === 'reviewed' && user.role === 'secretariat') steps.push({ action: 'publish', label: t('practice.doPublish'), path: `/practices/${enc}/publish` });
  if ((p.status === 'reviewed' || p.status === 'published') && user.role === 'secretariat')
    steps.push({ action: 'withdraw', label: t('practice.doWithdraw'), path: `/practices/${enc}/withdraw`, body: () => ({ reason: comment.input.value.trim() }) });
  if (steps.length === 0) return null;
  const buttons = steps.map((s) => h('button', {
    type: 'button', class: s.action === 'accept' || s.action === 'publish' || s.action === 'submit' ? 'primary' : null, 'data-action': s.action,
    onclick: async () => {
      msg.clear();
      comment.setError(null);
      const b = s.body ? s.body() : {};
      if (b === null) return;
      try {
        await post(s.path, b);
        navigate(`#/practices/${enc}`);
      } catch (err) {
        if (err instanceof ApiError && (err.forbidden || err.status === 409)) msg.show(t('req.refused', { message: err.message }), 'error');
        else msg.el.replaceChildren(errorView(err, `POST /api/v1${s.path}`));
      }
    },
  }, s.label));
  const needsComment = steps.some((s) => s.body);
  return h('section', { class: 'card', 'aria-labelledby': 'pr-flow' }, h('h2', { id: 'pr-flow' }, t('practice.workflow')),
    h('p', { class: 'hint' }, t('practice.workflowHint', { status: tCode('practice.status.', p.status) })),
    needsComment ? comment.wrap : null, h('div', { class: 'button-row' }, buttons), msg.el);
}

function reviewsSection(p: Practice): HTMLElement {
  return asyncSection(t('practice.reviews'), () => get<{ items: Review[] }>(`/practices/${encodeURIComponent(p.code)}/reviews`), (r) =>
    r.items.length === 0 ? h('p', null, t('practice.noReviews')) :
      h('ul', { class: 'reviews' }, r.items.map((x) => h('li', null,
        h('strong', null, tCode('practice.verdict.', x.verdict)), ' · ', x.reviewer ?? '', x.reviewer_role ? (x.reviewer ? ` (${tCode('role.', x.reviewer_role)})` : tCode('role.', x.reviewer_role)) : '', ' · ',
        h('time', { datetime: x.at }, fmtDateTime(x.at)), x.comment ? h('p', { class: 'prose' }, x.comment) : null))),
  { what: `GET /api/v1/practices/${p.code}/reviews` });
}

function adoptionsSection(p: Practice, cities: Map<string, City>): HTMLElement {
  return asyncSection(t('practice.adoptions'), () => get<{ items: Adoption[] }>(`/practices/${encodeURIComponent(p.code)}/adoptions`), (r) => [
    r.items.length === 0 ? h('p', null, t('practice.noAdoptions')) :
      table(t('practice.adoptions'), [t('table.city'), t('city.year'), t('city.note')],
        r.items.map((a) => [h('a', { href: `#/city/${encodeURIComponent(a.city_code)}` }, cities.get(a.city_code) ? cityName(cities.get(a.city_code)!) : a.city_code), String(a.year), a.note || '–']), { captionHidden: true }),
    adoptionForm(p, cities),
  ].filter((x): x is HTMLElement => x !== null), { what: `GET /api/v1/practices/${p.code}/adoptions` });
}

/** Recording that a city adopted the practice (its officer, its national coordinator, the secretariat). */
function adoptionForm(p: Practice, cities: Map<string, City>): HTMLElement | null {
  const u = getState().user;
  if (!u || !['secretariat', 'city-officer', 'national-coordinator'].includes(u.role)) return null;
  let list = [...cities.values()].filter((c) => c.membership && c.code !== p.city_code);
  if (u.role === 'city-officer') list = list.filter((c) => c.code === u.scope);
  if (u.role === 'national-coordinator') list = list.filter((c) => (typeof c.country === 'string' ? c.country : c.country.code) === u.scope);
  if (list.length === 0) return null;
  const city = field({ name: 'city_code', label: t('table.city'), options: list.map((c) => ({ value: c.code, label: cityName(c) })) });
  const year = field({ name: 'year', label: t('city.year'), type: 'number', value: String(new Date().getFullYear() - 1) });
  const note = field({ name: 'note', label: t('city.note') });
  const msg = messageArea();
  return h('details', null, h('summary', null, t('practice.recordAdoption')), h('form', {
    class: 'form', novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      msg.clear();
      try {
        await post(`/practices/${encodeURIComponent(p.code)}/adoptions`, { city_code: city.input.value, year: Number(year.input.value), note: note.input.value.trim() });
        navigate(`#/practices/${encodeURIComponent(p.code)}`);
      } catch (err) {
        if (err instanceof ApiError && (err.forbidden || err.status === 409 || err.status === 400)) msg.show(t('req.refused', { message: err.message }), 'error');
        else msg.el.replaceChildren(errorView(err, `POST /api/v1/practices/${p.code}/adoptions`));
      }
    },
  }, city.wrap, year.wrap, note.wrap, h('button', { type: 'submit', class: 'primary' }, t('practice.saveAdoption')), msg.el));
}

// ---- submit a practice ----

export function practiceNewScreen(main: HTMLElement, _route: Route): void {
  main.append(pageHeader('practice.newTitle', 'practice.newIntro'));
  const user = getState().user;
  if (!user) {
    main.append(h('p', { class: 'notice' }, t('state.signInRequired'), ' ', h('a', { href: '#/login?next=' + encodeURIComponent('#/practices/new') }, t('nav.signIn'))));
    return;
  }
  const body = h('div', null, loading());
  main.append(body);
  Promise.all([getAll<City>('/cities'), taxonomy(), getAll<Indicator>('/indicators').catch(() => [] as Indicator[])]).then(([cities, tax, inds]) => {
    if (user.role === 'city-officer' && user.scope) cities = cities.filter((c) => c.code === user.scope);
    if (user.role === 'national-coordinator' && user.scope) cities = cities.filter((c) => (typeof c.country === 'string' ? c.country : c.country.code) === user.scope);
    const year = new Date().getFullYear();
    const f = {
      city_code: field({ name: 'city_code', label: t('req.city'), required: true, options: cities.map((c) => ({ value: c.code, label: cityName(c) })) }),
      code: field({ name: 'code', label: t('practice.code'), required: true, hint: t('practice.codeHint') }),
      title_en: field({ name: 'title_en', label: t('practice.titleEn'), required: true }),
      title_local: field({ name: 'title_local', label: t('practice.titleLocal') }),
      local_language: field({ name: 'local_language', label: t('practice.localLanguage'), value: 'zh', options: [{ value: 'zh', label: '中文' }, { value: 'ja', label: '日本語' }, { value: 'en', label: 'English' }, { value: 'th', label: 'ไทย' }, { value: 'vi', label: 'Tiếng Việt' }, { value: 'id', label: 'Bahasa Indonesia' }] }),
      summary_en: field({ name: 'summary_en', label: t('practice.summaryEn'), multiline: true }),
      summary_local: field({ name: 'summary_local', label: t('practice.summaryLocal'), multiline: true }),
      start_year: field({ name: 'start_year', label: t('practice.startYear'), required: true, type: 'number', value: String(year - 5), inputmode: 'numeric' }),
      end_year: field({ name: 'end_year', label: t('practice.endYear'), type: 'number', inputmode: 'numeric', hint: t('practice.endYearHint') }),
    };
    const themes = checkGroup('themes', t('practice.themes') + ' *', (tax?.themes ?? []).map((x) => ({ value: x.code, label: enZh(x) })));
    const measures = checkGroup('measure_types', t('practice.measureTypes') + ' *', (tax?.measure_types ?? []).map((x) => ({ value: x.code, label: enZh(x) })));
    const g = {
      situation_before: field({ name: 'situation_before', label: t('practice.situation'), multiline: true }),
      objectives: field({ name: 'objectives', label: t('practice.objectives'), multiline: true }),
      measures: field({ name: 'measures', label: t('practice.measures'), multiline: true }),
      cost: field({ name: 'cost', label: t('practice.cost'), multiline: true }),
      cost_usd: field({ name: 'cost_usd', label: t('practice.costUsd'), type: 'number', min: '0' }),
      funding_sources: field({ name: 'funding_sources', label: t('practice.funding'), hint: t('practice.listHint') }),
      partners: field({ name: 'partners', label: t('practice.partners'), hint: t('practice.listHint') }),
      lessons: field({ name: 'lessons', label: t('practice.lessons'), multiline: true }),
      transfer_conditions: field({ name: 'transfer_conditions', label: t('practice.transfer'), multiline: true }),
      contact_name: field({ name: 'contact_name', label: t('practice.contactName') }),
      contact_email: field({ name: 'contact_email', label: t('practice.contactEmail'), type: 'email' }),
      data_status: field({ name: 'data_status', label: t('city.dataStatus'), value: 'real', options: [{ value: 'real', label: t('state.real') }, { value: 'illustrative', label: t('state.illustrative') }] }),
    };
    // One quantified result linked to an indicator of the city (more can be added).
    const resultsBox = h('div', { class: 'results-box' });
    const resultRows: ReturnType<typeof resultRow>[] = [];
    const addResult = () => {
      const r = resultRow(inds, resultRows.length + 1, Number(f.start_year.input.value) || year - 5);
      resultRows.push(r);
      resultsBox.append(r.el);
    };
    addResult();
    const msg = messageArea();
    const all: Record<string, ReturnType<typeof field>> = { ...f, ...g };
    const send = async (submit: boolean) => {
      msg.clear();
      for (const x of Object.values(all)) x.setError(null);
      const bad: [ReturnType<typeof field>, string][] = [];
      for (const k of ['code', 'title_en'] as const) if (!f[k].input.value.trim()) bad.push([f[k], t('entry.required')]);
      if (f.code.input.value.trim() && !/^[a-z0-9][a-z0-9-]*$/.test(f.code.input.value.trim())) bad.push([f.code, t('practice.codeHint')]);
      if (!/^\d{4}$/.test(f.start_year.input.value.trim())) bad.push([f.start_year, t('practice.badYear')]);
      if (bad.length) {
        for (const [x, m] of bad) x.setError(m);
        bad[0][0].input.focus();
        msg.show(t('entry.fixErrors'), 'error');
        return;
      }
      if (themes.value().length === 0 || measures.value().length === 0) {
        msg.show(t('practice.chooseTaxonomy'), 'error');
        return;
      }
      const list = (x: ReturnType<typeof field>) => x.input.value.split(';').map((s) => s.trim()).filter(Boolean);
      const input = {
        code: f.code.input.value.trim(), city_code: f.city_code.input.value,
        title_en: f.title_en.input.value.trim(), title_local: f.title_local.input.value.trim(), local_language: f.local_language.input.value,
        summary_en: f.summary_en.input.value.trim(), summary_local: f.summary_local.input.value.trim(),
        start_year: Number(f.start_year.input.value), end_year: f.end_year.input.value ? Number(f.end_year.input.value) : null,
        themes: themes.value(), measure_types: measures.value(),
        situation_before: g.situation_before.input.value, objectives: g.objectives.input.value, measures: g.measures.input.value,
        cost: g.cost.input.value, cost_usd: g.cost_usd.input.value ? Number(g.cost_usd.input.value) : null,
        funding_sources: list(g.funding_sources), partners: list(g.partners),
        results: resultRows.map((r) => r.value()).filter((r): r is PracticeResult => r !== null),
        lessons: g.lessons.input.value, transfer_conditions: g.transfer_conditions.input.value,
        contacts: g.contact_name.input.value.trim() ? [{ name: g.contact_name.input.value.trim(), organisation: '', email: g.contact_email.input.value.trim() }] : [],
        links: [], data_status: g.data_status.input.value,
      };
      try {
        const created = await post<Practice>('/practices', input);
        if (submit) await post(`/practices/${encodeURIComponent(created.code)}/submit`, {});
        navigate(`#/practices/${encodeURIComponent(created.code)}`);
      } catch (err) {
        const name = err instanceof ApiError && err.field ? err.field.replace(/\[.*$/, '') : '';
        if (name && all[name]) {
          all[name].setError((err as ApiError).message);
          all[name].input.focus();
          msg.show(t('entry.fixErrors'), 'error');
        } else msg.el.replaceChildren(errorView(err, 'POST /api/v1/practices'));
      }
    };
    body.replaceChildren(h('form', { class: 'card form form-wide', novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void send(true); } },
      h('h2', null, t('practice.partRecord')), Object.values(f).map((x) => x.wrap), themes.wrap, measures.wrap,
      h('h2', null, t('practice.partStory')), [g.situation_before, g.objectives, g.measures, g.cost, g.cost_usd, g.funding_sources, g.partners].map((x) => x.wrap),
      h('h2', null, t('practice.partResults')), h('p', { class: 'hint' }, t('practice.resultsHint')), resultsBox,
      h('button', { type: 'button', onclick: addResult }, t('practice.addResult')),
      h('h2', null, t('practice.partLessons')), [g.lessons, g.transfer_conditions, g.contact_name, g.contact_email, g.data_status].map((x) => x.wrap),
      h('div', { class: 'button-row' }, h('button', { type: 'submit', class: 'primary' }, t('practice.saveSubmit')), h('button', { type: 'button', onclick: () => void send(false) }, t('req.saveDraft'))),
      msg.el));
  }, (e) => body.replaceChildren(errorView(e, 'GET /api/v1/cities')));
}

function resultRow(inds: Indicator[], n: number, start: number): { el: HTMLElement; value: () => PracticeResult | null } {
  const ind = field({ name: `result-${n}-indicator`, label: t('practice.resultIndicator'), options: [{ value: '', label: t('practice.noIndicator') }, ...inds.map((i) => ({ value: i.code, label: `${indicatorName(i)} (${fmtUnit(i.unit)})` }))] });
  const desc = field({ name: `result-${n}-description`, label: t('practice.resultDescription') });
  const bf = field({ name: `result-${n}-before-from`, label: t('practice.beforeFrom'), type: 'number', value: String(start - 4) });
  const bt = field({ name: `result-${n}-before-to`, label: t('practice.beforeTo'), type: 'number', value: String(start - 1) });
  const af = field({ name: `result-${n}-after-from`, label: t('practice.afterFrom'), type: 'number', value: String(start + 1) });
  const at = field({ name: `result-${n}-after-to`, label: t('practice.afterTo'), type: 'number', value: String(start + 4) });
  return {
    el: h('fieldset', { class: 'result-row' }, h('legend', null, t('practice.resultN', { n })), ind.wrap, desc.wrap, h('div', { class: 'controls' }, bf.wrap, bt.wrap, af.wrap, at.wrap)),
    value: () => (ind.input.value ? {
      indicator_code: ind.input.value, description: desc.input.value.trim(),
      before: { from: Number(bf.input.value), to: Number(bt.input.value) }, after: { from: Number(af.input.value), to: Number(at.input.value) },
      claimed_before: null, claimed_after: null,
    } : null),
  };
}

// ---- review queue ----

export function practiceReviewScreen(main: HTMLElement, _route: Route): void {
  main.append(pageHeader('practice.reviewTitle', 'practice.reviewIntro'));
  if (!getState().user) {
    main.append(h('p', { class: 'notice' }, t('state.signInRequired'), ' ', h('a', { href: '#/login?next=' + encodeURIComponent('#/practices/review') }, t('nav.signIn'))));
    return;
  }
  const body = h('div', null, loading());
  main.append(body);
  Promise.all([
    getAll<Practice>('/practices', { status: 'submitted' }),
    getAll<Practice>('/practices', { status: 'reviewed' }),
    cityMap(),
  ]).then(([submitted, reviewed, cities]) => {
    const list = (items: Practice[], caption: string) => items.length === 0 ? h('p', null, t('state.empty')) :
      table(caption, [t('practice.titleEn'), t('table.city'), t('practice.years'), t('practice.evidenceShort'), t('req.updated')],
        items.map((p) => [
          h('a', { href: `#/practices/${encodeURIComponent(p.code)}` }, practiceTitle(p)),
          practiceCityName(p, cities), years(p), evidenceBadge(p.evidence_level), fmtDate((p.updated_at ?? '').slice(0, 10)),
        ]), { captionHidden: true });
    body.replaceChildren(
      h('section', { class: 'card', 'aria-labelledby': 'rv-sub' }, h('h2', { id: 'rv-sub' }, t('practice.toReview', { n: fmtNumber(submitted.length) })), list(submitted, t('practice.toReview', { n: submitted.length }))),
      h('section', { class: 'card', 'aria-labelledby': 'rv-rev' }, h('h2', { id: 'rv-rev' }, t('practice.toPublish', { n: fmtNumber(reviewed.length) })), list(reviewed, t('practice.toPublish', { n: reviewed.length }))));
  }, (e) => body.replaceChildren(errorView(e, 'GET /api/v1/practices?status=submitted')));
}

// ---- analysis across practices ----

interface AnalysisRow { dimension: string; value: string; by: string; by_value: string; practices: number; measured_improvement: number; not_distinguishable: number; worse_than_peers: number; no_data: number; median_improvement_percent: number | null }

export function practiceAnalysisScreen(main: HTMLElement, _route: Route): void {
  main.append(pageHeader('practice.analysisTitle', 'practice.analysisIntro'));
  const body = h('div', null, loading());
  main.append(body);
  Promise.all([get<{ rows: AnalysisRow[]; uptake: { practice_code: string; practice_city: string; adoptions: Adoption[] }[] }>('/practice-analysis'), taxonomy()]).then(([a, tax]) => {
    const label = (r: AnalysisRow) => (r.dimension === 'theme' ? taxLabel(tax, 'themes', r.value) : taxLabel(tax, 'measure_types', r.value));
    const part = (dimension: string, by: string, caption: string) => {
      const rows = a.rows.filter((r) => r.dimension === dimension && r.by === by);
      if (rows.length === 0) return null;
      return h('section', { class: 'card' }, h('h2', null, caption),
        table(caption, [dimension === 'theme' ? t('practice.themes') : t('practice.measureTypes'), ...(by === 'all' ? [] : [by === 'region' ? t('city.region') : t('city.sizeClass')]),
          t('practice.count'), tCode('practice.evidence.', 'measured-improvement'), tCode('practice.evidence.', 'not-distinguishable'), tCode('practice.evidence.', 'worse-than-peers'), tCode('practice.evidence.', 'no-data'), t('practice.median')],
        rows.map((r) => [label(r), ...(by === 'all' ? [] : [r.by_value]), fmtNumber(r.practices), fmtNumber(r.measured_improvement), fmtNumber(r.not_distinguishable), fmtNumber(r.worse_than_peers), fmtNumber(r.no_data), r.median_improvement_percent === null ? '–' : `${fmtNumber(r.median_improvement_percent, 1)} %`]),
        { captionHidden: true }));
    };
    body.replaceChildren(
      ...[part('theme', 'all', t('practice.byTheme')), part('measure_type', 'all', t('practice.byMeasure')), part('measure_type', 'size_class', t('practice.byMeasureSize')), part('measure_type', 'region', t('practice.byMeasureRegion'))].filter((x): x is HTMLElement => x !== null),
      h('section', { class: 'card' }, h('h2', null, t('practice.uptake')),
        a.uptake.length === 0 ? h('p', null, t('practice.noAdoptions')) :
          h('ul', null, a.uptake.map((u) => h('li', null, h('a', { href: `#/practices/${encodeURIComponent(u.practice_code)}` }, u.practice_code), ' → ',
            u.adoptions.map((x) => `${x.city_code} (${x.year})`).join(', '))))));
  }, (e) => body.replaceChildren(errorView(e, 'GET /api/v1/practice-analysis')));
}

/** The practices of a city (city page): its own, in any state the caller may see. */
export function cityPracticesSection(city: City): HTMLElement {
  return asyncSection(t('practice.cityTitle'), async () => {
    const [p, tax] = await Promise.all([get<PracticePage>('/practices', { city: city.code, per_page: 50 }), taxonomy()]);
    return { items: p.items, tax };
  }, ({ items, tax }) => {
    const out: Node[] = [];
    if (items.length === 0) out.push(h('p', null, t('practice.noneForCity')));
    else out.push(h('ul', { class: 'plain practice-mini' }, items.map((p) => h('li', null,
      h('a', { href: `#/practices/${encodeURIComponent(p.code)}` }, practiceTitle(p)), ' · ', years(p), ' · ',
      (p.themes ?? []).map((x) => taxLabel(tax, 'themes', x)).join(getState().lang === 'zh' ? '、' : ', '), ' ', evidenceBadge(p.evidence_level),
      p.status !== 'published' ? [' ', statusBadge('practice.status.', p.status)] : null))));
    const u = getState().user;
    if (u && (u.role === 'secretariat' || (u.role === 'city-officer' && u.scope === city.code)))
      out.push(h('p', null, h('a', { class: 'button', href: '#/practices/new' }, t('practice.submitNew'))));
    return out;
  }, { what: 'GET /api/v1/practices?city=', id: 'practices' });
}
