// The pilot programme (docs/pilots.md): calls with their criteria, the
// ranking of the candidate cities by weighted sum and by TOPSIS with the
// sensitivity of the ranks to each weight (±20 %), and pilot projects with
// their results framework (baseline, target and the actual values from the
// city's data), milestones and progress reports with an approval step.
import { ApiError, get, getAll, post, API_BASE, type City, type Page } from '../api';
import { h } from '../dom';
import { t, tCode, cityName, fmtDate, fmtDateTime, fmtNumber, indicatorName, fmtUnit } from '../i18n';
import { mountChart, PALETTE } from '../charts';
import { navigate, type Route } from '../router';
import { getState } from '../store';
import { asyncSection, joinList, dataStatusBadge, errorView, facts, field, fmtUsd, loading, messageArea, pageHeader, statusBadge, table } from '../ui';
import { type Indicator, type Organisation } from '../api';
import { callFormScreen, callIsOpen, callTitle, canManagePilots, nextStatuses, projectFormScreen, todayIso } from './pilot_forms';

export interface Criterion {
  code: string;
  name: string;
  source: string;
  indicator?: string;
  scheme?: string;
  year?: number | null;
  direction: string;
  normalisation: string;
  target_value?: number | null;
  weight: number;
  weight_entered?: number;
  ideal?: number | null;
  anti_ideal?: number | null;
  note?: string;
}

interface PilotRating { criterion: string; city: string; value: number; assessor?: string; note?: string }

export interface PilotCall {
  ratings?: PilotRating[];
  id: number;
  title: string;
  /** The title in Chinese, or "" (the zh UI then shows `title`). */
  title_zh?: string;
  description?: string;
  opens?: string;
  closes?: string;
  eligible_countries?: string[];
  candidates: string[];
  missing_rule?: string;
  criteria: Criterion[];
  data_status?: string;
}

interface Cell { criterion: string; raw: number | null; provenance?: string; imputed?: boolean; used?: number | null; normalised?: number | null; topsis_normalised?: number | null; topsis_weighted?: number | null }

interface Candidate {
  city: string;
  ranked: boolean;
  missing: string[];
  cells: Cell[];
  weighted_sum: number | null;
  weighted_sum_rank: number | null;
  weighted_sum_rank_stable?: boolean | null;
  d_plus?: number | null;
  d_minus?: number | null;
  closeness: number | null;
  topsis_rank: number | null;
  topsis_rank_stable?: boolean | null;
}

interface Perturbation { criterion: string; factor: number; weights: number[]; weighted_sum_ranks: (number | null)[]; topsis_ranks: (number | null)[]; changed: string[] }

interface Ranking {
  call: { id: number; title: string; title_zh?: string; missing_rule?: string };
  computed_at?: string;
  sensitivity_step?: number;
  criteria: Criterion[];
  candidates: Candidate[];
  perturbations: Perturbation[];
}

export interface PilotProject {
  id: number;
  call_id?: number | null;
  title: string;
  city: string;
  summary?: string;
  themes?: string[];
  partners?: { kind: string; code?: string; name?: string; role?: string }[];
  budget?: number | null;
  currency?: string;
  funding?: { source: string; amount: number | null; currency?: string; note?: string }[];
  start?: string;
  end?: string;
  status: string;
  indicators?: { indicator: string; baseline_year: number; baseline_value: number; target_year: number; target_value: number; note?: string }[];
  milestones?: { title: string; due?: string; done?: string; note?: string }[];
  comparison_cities?: string[];
  practice_code?: string;
  data_status?: string;
}

interface PilotReport { id: number; period: string; progress?: string; problems?: string; next_steps?: string; status: string; author?: string | null; created_at?: string; submitted_at?: string; decided_by?: string | null; decided_at?: string; decision_note?: string }

interface ResultLine {
  indicator: string;
  unit?: string;
  baseline_year: number;
  baseline_value: number;
  target_year: number;
  target_value: number;
  actuals: { year: number; value: number; source_kind?: string; status?: string }[];
  latest?: { year: number; value: number } | null;
  achieved_percent?: number | null;
}

interface ProjectView { project: PilotProject; results: ResultLine[]; reports: PilotReport[] }

async function cityMap(): Promise<Map<string, City>> {
  try {
    return new Map((await getAll<City>('/cities')).map((c) => [c.code, c]));
  } catch {
    return new Map();
  }
}

const label = (cities: Map<string, City>, code: string) => (cities.get(code) ? cityName(cities.get(code)!) : code);

// ---- calls and projects ----

export function pilotsScreen(main: HTMLElement, _route: Route): void {
  main.append(pageHeader('pilot.title', 'pilot.intro'));
  if (canManagePilots())
    main.append(h('p', { class: 'button-row' },
      h('a', { class: 'button primary', href: '#/pilots/calls/new' }, t('pilotForm.newCall')),
      h('a', { class: 'button', href: '#/pilots/projects/new' }, t('pilotForm.newProject'))));
  const calls = h('div', null, loading());
  const projects = h('div', null, loading());
  main.append(
    h('section', { class: 'card', 'aria-labelledby': 'pc-h' }, h('h2', { id: 'pc-h' }, t('pilot.calls')), calls),
    h('section', { class: 'card', 'aria-labelledby': 'pp-h' }, h('h2', { id: 'pp-h' }, t('pilot.projects')), projects));
  cityMap().then((cities) => {
    get<Page<PilotCall>>('/pilot-calls', { per_page: 100 }).then((p) => {
      calls.replaceChildren(p.items.length === 0 ? h('p', null, t('state.empty')) :
        table(t('pilot.calls'), [t('pilot.call'), t('pilot.open'), t('pilot.candidates'), t('pilot.criteria')],
          p.items.map((c) => [
            h('a', { href: `#/pilots/calls/${c.id}` }, callTitle(c)),
            `${fmtDate(c.opens)} – ${fmtDate(c.closes)}`,
            joinList(c.candidates.map((x) => label(cities, x))),
            c.criteria.map((x) => x.name).join(', '),
          ]), { captionHidden: true }));
    }, (e) => calls.replaceChildren(errorView(e, 'GET /api/v1/pilot-calls')));
    get<Page<PilotProject>>('/pilots', { per_page: 100 }).then((p) => {
      projects.replaceChildren(p.items.length === 0 ? h('p', null, t('state.empty')) :
        table(t('pilot.projects'), [t('pilot.project'), t('table.city'), t('pilot.period'), t('pilot.budget'), t('event.status')],
          p.items.map((x) => [
            h('a', { href: `#/pilots/projects/${x.id}` }, x.title),
            h('a', { href: `#/city/${encodeURIComponent(x.city)}` }, label(cities, x.city)),
            `${fmtDate(x.start)} – ${fmtDate(x.end)}`,
            fmtUsd(x.budget ?? null),
            [statusBadge('pilot.status.', x.status), ' ', dataStatusBadge(x.data_status) ?? ''].reduce<HTMLElement>((el, c) => { el.append(c); return el; }, h('span')),
          ]), { captionHidden: true }));
    }, (e) => projects.replaceChildren(errorView(e, 'GET /api/v1/pilots')));
  });
}

// ---- one call: criteria, ranking, sensitivity ----

function stable(s: boolean | null | undefined): HTMLElement | string {
  if (s === null || s === undefined) return '';
  return h('span', { class: `badge badge-${s ? 'stable' : 'unstable'}`, title: t(s ? 'pilot.stableNote' : 'pilot.unstableNote') }, t(s ? 'pilot.stable' : 'pilot.unstable'));
}

export function pilotCallScreen(main: HTMLElement, route: Route): () => void {
  const id = route.params.id;
  if (id === 'new' || route.query.get('edit')) {
    callFormScreen(main, id === 'new' ? null : id);
    return () => {};
  }
  const disposers: (() => void)[] = [];
  const body = h('div', null, loading());
  main.append(body);
  Promise.all([get<PilotCall>(`/pilot-calls/${encodeURIComponent(id)}`), cityMap(), getAll<Indicator>('/indicators').catch(() => [] as Indicator[])]).then(([call, cities, inds]) => {
    const indBy = new Map(inds.map((i) => [i.code, i]));
    const h1 = h('h1', { tabindex: '-1' }, callTitle(call));
    const weightSum = call.criteria.reduce((a, c) => a + c.weight, 0) || 1;
    const criteria = table(t('pilot.criteria'), [t('pilot.criterion'), t('pilot.source'), t('pilot.direction'), t('pilot.normalisation'), t('pilot.weight')],
      call.criteria.map((c) => [
        c.name,
        [tCode('pilot.sourceKind.', c.source), c.indicator ? ` · ${indBy.get(c.indicator) ? indicatorName(indBy.get(c.indicator)!) : c.indicator}` : '', c.scheme ? ` · ${c.scheme}` : '', c.year ? ` (${c.year})` : ''].join(''),
        tCode('pilot.dir.', c.direction) + (c.direction === 'target' && c.target_value !== null && c.target_value !== undefined ? ` ${fmtNumber(c.target_value)}` : ''),
        tCode('pilot.norm.', c.normalisation),
        // Weights are entered on any scale; the share is what the ranking uses.
        `${fmtNumber(c.weight)} (${fmtNumber((c.weight / weightSum) * 100, 1)} %)`,
      ]), { captionHidden: true });
    const ranking = h('div', null, loading());
    body.replaceChildren(
      h('header', { class: 'page-header' }, h1, h('p', { class: 'intro' }, `${fmtDate(call.opens)} – ${fmtDate(call.closes)}`, ' ', dataStatusBadge(call.data_status))),
      h('p', null, h('a', { href: '#/pilots' }, t('pilot.back'))),
      canManagePilots() ? h('p', { class: 'button-row' },
        callIsOpen(call) ? h('a', { class: 'button', href: `#/pilots/calls/${call.id}?edit=1` }, t('pilotForm.editCall')) : h('span', { class: 'hint' }, t('pilotForm.callClosedShort', { date: fmtDate(call.closes) })),
        h('a', { class: 'button', href: `#/pilots/projects/new?call=${call.id}` }, t('pilotForm.projectFromCall'))) : '',
      h('section', { class: 'card', 'aria-labelledby': 'call-h' }, h('h2', { id: 'call-h' }, t('pilot.callDetails')),
        call.description ? h('p', { class: 'prose', lang: 'en' }, call.description) : null,
        facts([
          [t('pilot.candidates'), joinList(call.candidates.map((x) => label(cities, x)))],
          [t('pilot.countries'), (call.eligible_countries ?? []).join(', ') || null],
          [t('pilot.missingRule'), call.missing_rule ? tCode('pilot.missing.', call.missing_rule) : null],
        ]),
        h('h3', null, t('pilot.criteria')), criteria),
      ratingsSection(call, cities),
      h('section', { class: 'card', 'aria-labelledby': 'rank-h' }, h('h2', { id: 'rank-h' }, t('pilot.ranking')), ranking));
    h1.focus();
    get<Ranking>(`/pilot-calls/${encodeURIComponent(id)}/ranking`).then((r) => {
      ranking.replaceChildren(...renderRanking(r, cities, disposers, id));
    }, (e) => ranking.replaceChildren(errorView(e, `GET /api/v1/pilot-calls/${id}/ranking`)));
  }, (e) => body.replaceChildren(errorView(e, `GET /api/v1/pilot-calls/${id}`)));
  return () => { for (const d of disposers) d(); };
}

function renderRanking(r: Ranking, cities: Map<string, City>, disposers: (() => void)[], id: string): Node[] {
  const ranked = [...r.candidates].sort((a, b) => (a.weighted_sum_rank ?? 1e9) - (b.weighted_sum_rank ?? 1e9));
  const names = ranked.map((c) => label(cities, c.city));
  const step = Math.round((r.sensitivity_step ?? 0.2) * 100);
  const rankTable = h('div', { 'data-testid': 'ranking-table' }, table(t('pilot.ranking'),
    [t('table.city'), t('pilot.weightedSum'), t('pilot.wsRank'), t('pilot.closeness'), t('pilot.topsisRank'), t('pilot.missingData')],
    ranked.map((c) => [
      h('a', { href: `#/city/${encodeURIComponent(c.city)}` }, label(cities, c.city)),
      c.weighted_sum === null ? '–' : fmtNumber(c.weighted_sum, 3),
      c.weighted_sum_rank === null ? t('pilot.notRanked') : h('span', null, String(c.weighted_sum_rank), ' ', stable(c.weighted_sum_rank_stable)),
      c.closeness === null ? '–' : fmtNumber(c.closeness, 3),
      c.topsis_rank === null ? t('pilot.notRanked') : h('span', null, String(c.topsis_rank), ' ', stable(c.topsis_rank_stable)),
      c.missing.length ? c.missing.map((m) => r.criteria.find((k) => k.code === m)?.name ?? m).join(', ') : '–',
    ]), { captionHidden: true }));
  const chartEl = h('div', { class: 'chart chart-ranking', 'data-testid': 'ranking-chart' });
  const out: Node[] = [
    h('p', { class: 'hint' }, t('pilot.rankingHint', { step })),
    rankTable,
    h('p', null, h('a', { class: 'button', href: `${API_BASE}/pilot-calls/${encodeURIComponent(id)}/ranking.csv`, download: `pilot-call-${id}-ranking.csv` }, t('pilot.downloadCsv'))),
    h('h3', null, t('pilot.scoresChart')), chartEl,
  ];
  queueMicrotask(() => {
    if (!chartEl.isConnected) return;
    chartEl.style.height = `${Math.max(220, 44 * ranked.length + 80)}px`;
    disposers.push(mountChart(chartEl, {
      grid: { left: 110, right: 40, top: 36, bottom: 30 },
      legend: { top: 4 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      yAxis: { type: 'category', data: names, inverse: true },
      xAxis: { type: 'value', min: 0, max: 1 },
      series: [
        { type: 'bar', name: t('pilot.weightedSum'), data: ranked.map((c) => c.weighted_sum), color: PALETTE[0], barMaxWidth: 16, label: { show: true, position: 'right', formatter: (p: { value: number | null }) => (p.value === null ? '' : fmtNumber(p.value, 2)) } },
        { type: 'bar', name: t('pilot.closeness'), data: ranked.map((c) => c.closeness), color: PALETTE[1], barMaxWidth: 16, label: { show: true, position: 'right', formatter: (p: { value: number | null }) => (p.value === null ? '' : fmtNumber(p.value, 2)) } },
      ],
    }, t('pilot.chartLabel')).dispose);
  });

  // Sensitivity: for each perturbation, the rank of each candidate (the order of r.candidates).
  if (r.perturbations.length) {
    const order = r.candidates.map((c) => c.city);
    const base = new Map(r.candidates.map((c) => [c.city, c]));
    const cell = (rank: number | null, baseRank: number | null) => {
      const changed = rank !== baseRank;
      return h('span', { class: changed ? 'rank-changed' : null, title: changed ? t('pilot.changedFrom', { rank: baseRank ?? '–' }) : null }, rank === null ? '–' : String(rank), changed ? h('span', { class: 'visually-hidden' }, ` (${t('pilot.changedFrom', { rank: baseRank ?? '–' })})`) : null);
    };
    const critName = new Map(r.criteria.map((c) => [c.code, c.name]));
    const sens = (which: 'weighted_sum' | 'topsis') => table(t(which === 'weighted_sum' ? 'pilot.sensWs' : 'pilot.sensTopsis'),
      [t('pilot.perturbation'), ...order.map((c) => label(cities, c))],
      [
        [h('strong', null, t('pilot.baseline')), ...order.map((c) => String((which === 'weighted_sum' ? base.get(c)?.weighted_sum_rank : base.get(c)?.topsis_rank) ?? '–'))],
        ...r.perturbations.map((p) => [
          `${critName.get(p.criterion) ?? p.criterion} ${p.factor > 1 ? '+' : '−'}${fmtNumber(Math.abs(p.factor - 1) * 100, 0)} %`,
          ...order.map((c, i) => cell((which === 'weighted_sum' ? p.weighted_sum_ranks : p.topsis_ranks)[i] ?? null, (which === 'weighted_sum' ? base.get(c)?.weighted_sum_rank : base.get(c)?.topsis_rank) ?? null)),
        ]),
      ]);
    out.push(h('h3', null, t('pilot.sensitivity')), h('p', { class: 'hint' }, t('pilot.sensitivityHint', { step })),
      h('div', { 'data-testid': 'sensitivity' }, sens('weighted_sum'), sens('topsis')));
  }

  // The reasoning: every criterion value of every candidate with its source.
  out.push(h('details', { class: 'reasoning' }, h('summary', null, t('pilot.reasoning')),
    table(t('pilot.reasoning'), [t('table.city'), t('pilot.criterion'), t('pilot.raw'), t('pilot.normalised'), t('pilot.topsisWeighted'), t('pilot.provenance')],
      r.candidates.flatMap((c) => c.cells.map((x) => [
        label(cities, c.city), r.criteria.find((k) => k.code === x.criterion)?.name ?? x.criterion,
        x.raw === null ? t('pilot.missingValue') : fmtNumber(x.raw) + (x.imputed ? ` (${t('pilot.imputed')})` : ''),
        fmtNumber(x.normalised ?? null, 3), fmtNumber(x.topsis_weighted ?? null, 4), x.provenance ?? '–',
      ])), { captionHidden: true })));
  return out;
}

// ---- one project: results framework, milestones, reports ----

export function pilotProjectScreen(main: HTMLElement, route: Route): () => void {
  const id = route.params.id;
  if (id === 'new' || route.query.get('edit')) {
    projectFormScreen(main, route.query, id === 'new' ? null : id);
    return () => {};
  }
  const disposers: (() => void)[] = [];
  const body = h('div', null, loading());
  main.append(body);
  Promise.all([get<ProjectView>(`/pilots/${encodeURIComponent(id)}`), cityMap(), getAll<Indicator>('/indicators').catch(() => [] as Indicator[]),
    getAll<Organisation>('/organisations').catch(() => [] as Organisation[])]).then(([v, cities, inds, orgs]) => {
    const p = v.project;
    const orgBy = new Map(orgs.map((o) => [o.code, o]));
    const partnerName = (x: { code?: string; name?: string }) => {
      const o = x.code ? orgBy.get(x.code) : undefined;
      return x.name || (o ? (o.acronym ? `${o.name_en} (${o.acronym})` : o.name_en) : x.code ?? '');
    };
    const indBy = new Map(inds.map((i) => [i.code, i]));
    const h1 = h('h1', { tabindex: '-1' }, p.title);
    const frameworkCharts = h('div', { class: 'framework' });
    body.replaceChildren(
      h('header', { class: 'page-header' }, h1, h('p', { class: 'intro' },
        h('a', { href: `#/city/${encodeURIComponent(p.city)}` }, label(cities, p.city)), ' · ', `${fmtDate(p.start)} – ${fmtDate(p.end)}`, ' ', statusBadge('pilot.status.', p.status), ' ', dataStatusBadge(p.data_status))),
      h('p', null, h('a', { href: '#/pilots' }, t('pilot.back'))),
      manageSection(p) ?? '',
      h('div', { class: 'grid-2' },
        h('section', { class: 'card', 'aria-labelledby': 'pj-h' }, h('h2', { id: 'pj-h' }, t('pilot.projectDetails')),
          p.summary ? h('p', { class: 'prose', lang: 'en' }, p.summary) : null,
          facts([
            [t('practice.themes'), joinList((p.themes ?? []).map((x) => tCode('theme.', x)))],
            [t('pilot.budget'), p.budget !== null && p.budget !== undefined ? fmtUsd(p.budget) : null],
            [t('pilot.call'), p.call_id ? h('a', { href: `#/pilots/calls/${p.call_id}` }, `#${p.call_id}`) : null],
            [t('pilot.comparison'), joinList((p.comparison_cities ?? []).map((c) => label(cities, c))) || null],
            [t('pilot.practice'), p.practice_code ? h('a', { href: `#/practices/${encodeURIComponent(p.practice_code)}` }, p.practice_code) : null],
          ])),
        h('section', { class: 'card', 'aria-labelledby': 'pj-partners' }, h('h2', { id: 'pj-partners' }, t('pilot.partners')),
          (p.partners ?? []).length ? h('ul', null, (p.partners ?? []).map((x) => h('li', null,
            x.kind === 'mentor-city' && x.code ? h('a', { href: `#/city/${encodeURIComponent(x.code)}` }, label(cities, x.code)) : partnerName(x),
            ` · ${tCode('pilot.partnerKind.', x.kind)}${x.role ? ' (' + x.role + ')' : ''}`))) : h('p', null, '–'),
          (p.funding ?? []).length ? [h('h3', null, t('pilot.funding')), h('ul', null, (p.funding ?? []).map((f) => h('li', null, `${f.source}: ${fmtUsd(f.amount)}${f.note ? ' · ' + f.note : ''}`)))] : null)),
      h('section', { class: 'card', 'aria-labelledby': 'pj-rf' }, h('h2', { id: 'pj-rf' }, t('pilot.framework')),
        h('p', { class: 'hint' }, t('pilot.frameworkHint')),
        v.results.length === 0 ? h('p', null, t('state.empty')) : [
          table(t('pilot.framework'), [t('explorer.indicator'), t('city.baseline'), t('city.target'), t('city.latest'), t('pilot.achieved')],
            v.results.map((r) => {
              const ind = indBy.get(r.indicator);
              const unit = fmtUnit(r.unit ?? ind?.unit);
              return [
                ind ? indicatorName(ind) : r.indicator,
                `${fmtNumber(r.baseline_value)} ${unit} (${r.baseline_year})`,
                `${fmtNumber(r.target_value)} ${unit} (${r.target_year})`,
                r.latest ? `${fmtNumber(r.latest.value)} ${unit} (${r.latest.year})` : '–',
                r.achieved_percent === null || r.achieved_percent === undefined ? '–' : `${fmtNumber(r.achieved_percent, 0)} %`,
              ];
            }), { captionHidden: true }),
          frameworkCharts,
        ]),
      milestonesSection(p, canWriteReport(p, cities)),
      reportsSection(p, v.reports, canWriteReport(p, cities)));
    h1.focus();
    queueMicrotask(() => {
      for (const r of v.results) {
        const el = h('div', { class: 'chart chart-framework', 'data-testid': 'framework-chart' });
        frameworkCharts.append(el);
        disposers.push(frameworkChart(el, r, indBy.get(r.indicator)));
      }
    });
  }, (e) => body.replaceChildren(errorView(e, `GET /api/v1/pilots/${id}`)));
  return () => { for (const d of disposers) d(); };
}

/** Baseline, the straight path to the target, and the actual values year by year. */
function frameworkChart(el: HTMLElement, r: ResultLine, ind: Indicator | undefined): () => void {
  const last = Math.max(r.target_year, ...r.actuals.map((a) => a.year));
  const first = Math.min(r.baseline_year, ...r.actuals.map((a) => a.year));
  const years = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const actual = new Map(r.actuals.map((a) => [a.year, a.value]));
  const path = years.map((y) => (y >= r.baseline_year && y <= r.target_year
    ? Math.round((r.baseline_value + ((r.target_value - r.baseline_value) * (y - r.baseline_year)) / Math.max(1, r.target_year - r.baseline_year)) * 100) / 100
    : null));
  const name = ind ? indicatorName(ind) : r.indicator;
  const unit = fmtUnit(r.unit ?? ind?.unit);
  return mountChart(el, {
    title: { text: name, left: 0, top: 0, textStyle: { fontSize: 14 } },
    grid: { left: 56, right: 20, top: 56, bottom: 30 },
    legend: { top: 24 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value', name: unit, scale: true },
    series: [
      { type: 'line', name: t('pilot.actual'), data: years.map((y) => actual.get(y) ?? null), color: PALETTE[0], symbolSize: 8, connectNulls: true },
      { type: 'line', name: t('pilot.pathToTarget'), data: path, color: PALETTE[5], lineStyle: { type: 'dashed' }, symbol: 'none' },
      {
        type: 'scatter', name: t('pilot.baselineTarget'), color: '#000', symbolSize: 11, symbol: 'diamond',
        data: years.map((y) => (y === r.baseline_year ? r.baseline_value : y === r.target_year ? r.target_value : null)),
      },
    ],
  }, t('pilot.frameworkLabel', { name })).dispose;
}

/**
 * May the signed-in user write and submit this project's reports and mark its
 * milestones done (action write-pilot-report: the project city's officer, its
 * country's national coordinator, the secretariat)?
 */
function canWriteReport(p: PilotProject, cities: Map<string, City>): boolean {
  const user = getState().user;
  if (!user) return false;
  if (user.role === 'secretariat') return true;
  if (user.role === 'city-officer') return user.scope === p.city;
  if (user.role === 'national-coordinator') {
    const c = cities.get(p.city)?.country;
    return !!c && user.scope === (typeof c === 'string' ? c : c.code);
  }
  return false;
}

const isFinal = (p: PilotProject) => p.status === 'completed' || p.status === 'cancelled';

/** Refusals (403, 409, 412) are shown with the server's words; other errors as states. */
function showRefusal(msg: ReturnType<typeof messageArea>, err: unknown, what: string): void {
  if (err instanceof ApiError && (err.forbidden || err.status === 409 || err.status === 412 || (err.status === 400 && !err.routeMissing)))
    msg.show(t('req.refused', { message: err.field ? `${err.field}: ${err.message}` : err.message }), 'error');
  else msg.el.replaceChildren(errorView(err, what));
}

/**
 * The secretariat's panel on a project: correct it (the project form,
 * prefilled, saved with PUT), move its status along the table of
 * docs/pilots.md (planned → active → completed, planned | active →
 * cancelled, completed → active) and turn a completed project into a draft
 * best practice in one step (POST /pilots/{id}/practice), then link to it.
 */
function manageSection(p: PilotProject): HTMLElement | null {
  if (!canManagePilots()) return null;
  const msg = messageArea();
  const parts: (Node | null)[] = [
    h('p', { class: 'button-row' }, h('a', { class: 'button', href: `#/pilots/projects/${p.id}?edit=1`, 'data-testid': 'edit-project' }, t('pilotForm.editProject'))),
  ];
  const next = nextStatuses(p);
  if (next.length) {
    const sel = field({ name: 'status', label: t('pilotForm.newStatus'), value: next[0], options: next.map((x) => ({ value: x, label: tCode('pilot.status.', x) })) });
    parts.push(h('form', { class: 'controls', onsubmit: async (e: Event) => {
      e.preventDefault();
      msg.clear();
      try {
        await post(`/pilots/${p.id}/status`, { status: sel.input.value });
        navigate(`#/pilots/projects/${p.id}`);
      } catch (err) { showRefusal(msg, err, `POST /api/v1/pilots/${p.id}/status`); }
    } }, sel.wrap, h('button', { type: 'submit' }, t('pilotForm.changeStatus'))),
    h('p', { class: 'hint' }, t('pilotForm.statusHint')));
  }
  if (p.practice_code) {
    parts.push(h('p', null, t('pilotForm.becamePractice'), ' ', h('a', { href: `#/practices/${encodeURIComponent(p.practice_code)}`, 'data-testid': 'practice-link' }, p.practice_code)));
  } else if (p.status === 'completed') {
    parts.push(h('p', null, h('button', { type: 'button', class: 'primary', onclick: async () => {
      msg.clear();
      try {
        const r = await post<{ practice_code: string }>(`/pilots/${p.id}/practice`, {});
        msg.el.replaceChildren(h('p', { class: 'message message-ok' }, t('pilotForm.practiceCreated'), ' ',
          h('a', { href: `#/practices/${encodeURIComponent(r.practice_code)}`, 'data-testid': 'practice-link' }, r.practice_code)));
      } catch (err) { showRefusal(msg, err, `POST /api/v1/pilots/${p.id}/practice`); }
    } }, t('pilotForm.toPractice'))), h('p', { class: 'hint' }, t('pilotForm.toPracticeHint')));
  }
  return h('section', { class: 'card', 'aria-labelledby': 'pj-manage' }, h('h2', { id: 'pj-manage' }, t('pilotForm.manage')), ...parts, msg.el);
}

/**
 * Milestones with their due and done dates; those who write the project's
 * reports mark an open one done, the secretariat adds one while the
 * project is not completed or cancelled.
 */
function milestonesSection(p: PilotProject, canWrite: boolean): HTMLElement {
  const msg = messageArea();
  const list = p.milestones ?? [];
  const markDone = (n: number) => {
    const date = h('input', { type: 'date', value: todayIso(), 'aria-label': t('pilotForm.doneOn', { n }) });
    return h('span', { class: 'button-row' }, date, h('button', { type: 'button', onclick: async () => {
      msg.clear();
      try {
        await post(`/pilots/${p.id}/milestones/${n}/done`, { date: date.value });
        navigate(`#/pilots/projects/${p.id}`);
      } catch (err) { showRefusal(msg, err, `POST /api/v1/pilots/${p.id}/milestones/${n}/done`); }
    } }, t('pilotForm.markDone', { n })));
  };
  const sec = h('section', { class: 'card', 'aria-labelledby': 'pj-ms' }, h('h2', { id: 'pj-ms' }, t('pilot.milestones')),
    list.length === 0 ? h('p', null, '–') :
      table(t('pilot.milestones'), [t('pilot.milestone'), t('event.due'), t('pilot.done')],
        list.map((m, i) => [m.title, fmtDate(m.due), m.done ? fmtDate(m.done)
          : h('span', null, h('span', { class: 'badge badge-open' }, t('pilot.notDone')), ' ', canWrite && !isFinal(p) ? markDone(i + 1) : null)]), { captionHidden: true }),
    msg.el);
  if (canManagePilots() && !isFinal(p)) {
    const title = field({ name: 'milestone-title', label: t('pilot.milestone'), required: true });
    const due = field({ name: 'milestone-due', label: t('event.due'), type: 'date', required: true });
    const note = field({ name: 'milestone-note', label: t('pilotForm.note') });
    const m2 = messageArea();
    sec.append(h('details', null, h('summary', null, t('pilotForm.addMilestone')), h('form', { class: 'form', novalidate: true, onsubmit: async (e: Event) => {
      e.preventDefault();
      m2.clear();
      title.setError(null);
      due.setError(null);
      if (!title.input.value.trim()) { title.setError(t('entry.required')); title.input.focus(); return; }
      if (!due.input.value) { due.setError(t('entry.required')); due.input.focus(); return; }
      try {
        await post(`/pilots/${p.id}/milestones`, { title: title.input.value.trim(), due: due.input.value, note: note.input.value.trim() });
        navigate(`#/pilots/projects/${p.id}`);
      } catch (err) {
        const target = err instanceof ApiError ? ({ title, due } as Record<string, ReturnType<typeof field>>)[err.field ?? ''] : undefined;
        if (target) target.setError((err as ApiError).message);
        else showRefusal(m2, err, `POST /api/v1/pilots/${p.id}/milestones`);
      }
    } }, title.wrap, due.wrap, note.wrap, h('button', { type: 'submit', class: 'primary' }, t('pilotForm.saveMilestone')), m2.el)));
  }
  return sec;
}

function reportsSection(p: PilotProject, reports: PilotReport[], canWrite: boolean): HTMLElement {
  const user = getState().user;
  const sec = h('section', { class: 'card', 'aria-labelledby': 'pj-rep' }, h('h2', { id: 'pj-rep' }, t('pilot.reports')));
  const msg = messageArea();
  const act = async (r: PilotReport, to: string, note = '') => {
    msg.clear();
    try {
      await post(`/pilot-reports/${r.id}/status`, { to, note });
      navigate(`#/pilots/projects/${p.id}`);
    } catch (err) {
      if (err instanceof ApiError && (err.forbidden || err.status === 409)) msg.show(t('req.refused', { message: err.message }), 'error');
      else msg.el.replaceChildren(errorView(err, `POST /api/v1/pilot-reports/${r.id}/status`));
    }
  };
  if (reports.length === 0) sec.append(h('p', null, t('pilot.noReports')));
  else sec.append(h('ul', { class: 'reports' }, reports.map((r) => h('li', { class: 'card' },
    h('h3', null, t('pilot.reportFor', { period: r.period }), ' ', statusBadge('pilot.reportStatus.', r.status)),
    facts([
      [t('pilot.progress'), r.progress ? h('span', { class: 'prose' }, r.progress) : null],
      [t('pilot.problems'), r.problems ? h('span', { class: 'prose' }, r.problems) : null],
      [t('pilot.nextSteps'), r.next_steps ? h('span', { class: 'prose' }, r.next_steps) : null],
      [t('pilot.author'), r.created_at ? [r.author, fmtDateTime(r.created_at)].filter(Boolean).join(' · ') : null],
      [t('pilot.decision'), r.decided_at ? [r.decided_by, fmtDateTime(r.decided_at), r.decision_note].filter(Boolean).join(' · ') : null],
    ]),
    canWrite && (r.status === 'draft' || r.status === 'returned') ? h('button', { type: 'button', onclick: () => void act(r, 'submitted') }, t('pilot.submitReport')) : null,
    user?.role === 'secretariat' && r.status === 'submitted' ? h('div', { class: 'button-row' },
      h('button', { type: 'button', class: 'primary', onclick: () => void act(r, 'approved') }, t('pilot.approve')),
      h('button', { type: 'button', onclick: () => void act(r, 'returned') }, t('pilot.return'))) : null))));
  sec.append(msg.el);
  if (canWrite && !isFinal(p)) {
    const f = {
      period: field({ name: 'period', label: t('pilot.period'), required: true, value: String(new Date().getFullYear()) }),
      progress: field({ name: 'progress', label: t('pilot.progress'), multiline: true, required: true }),
      problems: field({ name: 'problems', label: t('pilot.problems'), multiline: true }),
      next_steps: field({ name: 'next_steps', label: t('pilot.nextSteps'), multiline: true }),
    };
    const m2 = messageArea();
    sec.append(h('details', null, h('summary', null, t('pilot.newReport')), h('form', {
      class: 'form', novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        m2.clear();
        if (!f.progress.input.value.trim()) { f.progress.setError(t('entry.required')); f.progress.input.focus(); return; }
        try {
          await post(`/pilots/${p.id}/reports`, { period: f.period.input.value.trim(), progress: f.progress.input.value, problems: f.problems.input.value, next_steps: f.next_steps.input.value });
          navigate(`#/pilots/projects/${p.id}`);
        } catch (err) {
          const target = err instanceof ApiError && err.field ? (f as Record<string, ReturnType<typeof field>>)[err.field] : undefined;
          if (target) target.setError((err as ApiError).message);
          else m2.el.replaceChildren(errorView(err, `POST /api/v1/pilots/${p.id}/reports`));
        }
      },
    }, Object.values(f).map((x) => x.wrap), h('button', { type: 'submit', class: 'primary' }, t('pilot.saveReport')), m2.el)));
  }
  return sec;
}

/** The pilots of a city (city page). */
export function cityPilotsSection(city: City): HTMLElement {
  return asyncSection(t('pilot.cityTitle'), () => getAll<PilotProject>('/pilots', { city: city.code }), (items) =>
    items.length === 0 ? h('p', null, t('pilot.noneForCity')) :
      table(t('pilot.cityTitle'), [t('pilot.project'), t('pilot.period'), t('event.status')],
        items.map((x) => [h('a', { href: `#/pilots/projects/${x.id}` }, x.title), `${fmtDate(x.start)} – ${fmtDate(x.end)}`, statusBadge('pilot.status.', x.status)]), { captionHidden: true }),
  { what: 'GET /api/v1/pilots?city=', id: 'pilots' });
}

/**
 * The assessors' ratings of the call's rating criteria, one input per
 * candidate and criterion; the secretariat and experts save a changed value
 * (POST /pilot-calls/{id}/ratings), then the ranking is recomputed on reload.
 */
function ratingsSection(call: PilotCall, cities: Map<string, City>): HTMLElement | string {
  const rated = call.criteria.filter((c) => c.source === 'rating');
  if (rated.length === 0) return '';
  const role = getState().user?.role;
  const canRate = role === 'secretariat' || role === 'expert';
  const value = (city: string, crit: string) => call.ratings?.find((r) => r.city === city && r.criterion === crit)?.value ?? null;
  const msg = messageArea();
  const rows = call.candidates.map((city) => [
    label(cities, city),
    ...rated.map((c) => {
      const v = value(city, c.code);
      if (!canRate) return v === null ? t('pilot.missingValue') : fmtNumber(v);
      const input = h('input', { type: 'number', step: 'any', value: v === null ? '' : String(v), 'aria-label': t('pilot.ratingOf', { criterion: c.name, city: label(cities, city) }), class: 'rating-input' });
      input.addEventListener('change', async () => {
        msg.clear();
        if (input.value === '') return;
        try {
          await post(`/pilot-calls/${call.id}/ratings`, { criterion: c.code, city, value: Number(input.value) });
          msg.show(t('pilot.ratingSaved', { criterion: c.name, city: label(cities, city), value: fmtNumber(Number(input.value)) }), 'ok');
        } catch (err) {
          if (err instanceof ApiError && err.field) msg.show(`${err.field}: ${err.message}`, 'error');
          else msg.el.replaceChildren(errorView(err, `POST /api/v1/pilot-calls/${call.id}/ratings`));
        }
      });
      return input;
    }),
  ]);
  return h('section', { class: 'card', 'aria-labelledby': 'rate-h' }, h('h2', { id: 'rate-h' }, t('pilot.ratings')),
    h('p', { class: 'hint' }, t(canRate ? 'pilot.ratingsHintEdit' : 'pilot.ratingsHint')),
    table(t('pilot.ratings'), [t('table.city'), ...rated.map((c) => c.name)], rows, { captionHidden: true }),
    canRate ? h('p', null, h('button', { type: 'button', onclick: () => navigate(`#/pilots/calls/${call.id}`) }, t('pilot.recompute'))) : null,
    msg.el);
}
