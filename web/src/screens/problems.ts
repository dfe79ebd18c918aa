// A city's problems and matches (docs/matching.md): the problem profile
// derived from the city's data (failed standards, off-track targets,
// significant worsening), and for each problem the practices with measured
// improvement and the mentor cities that solved it, plus the peer cities that
// are most similar — each with the explanation why. From a problem a city
// officer files an assistance request.
import { get, type City, type Page } from '../api';
import { h } from '../dom';
import { t, tCode, cityName, cityOtherName, fmtNumber, fmtPeriod, fmtUnit } from '../i18n';
import { mountChart } from '../charts';
import { type Route } from '../router';
import { getState } from '../store';
import { asyncSection, badge, errorView, facts, loading, table } from '../ui';
import { evidenceBadge, practiceTitle } from './practices';

export interface Problem {
  code: string;
  city: string;
  indicator: string;
  indicator_name_en?: string;
  indicator_name_zh?: string;
  theme?: string;
  unit?: string;
  direction?: string;
  kind: string;
  severity: string;
  severity_score?: number;
  severity_rule?: string;
  year?: number | null;
  value?: number | null;
  summary?: string;
  standard?: { limit_set: string; level?: string; statistic?: string; pollutant?: string; limit: number; unit: string; source?: string } | null;
  target?: { baseline_year: number; baseline_value: number; target_year: number; target_value: number; expected_at_latest?: number | null; projected_at_target?: number | null; reason?: string } | null;
  trend?: { from_year: number; to_year: number; n: number; p_value?: number | null; sen_slope?: number | null; relative_slope_percent?: number | null } | null;
  series?: { year: number; value: number }[];
  illustrative?: boolean;
}

interface ProblemPage extends Page<Problem> {
  counts?: { high?: number; medium?: number; low?: number };
  notes?: string[];
  year?: number | null;
  published_only?: boolean;
}

interface PracticeMatch { rank: number; code: string; title_en: string; title_local?: string; city: string; evidence_level: string; relevance?: string; improvement_percent?: number | null; score?: number; explanation?: string }
interface MentorMatch { rank: number; city: string; city_name_en?: string; city_name_local?: string; improvement_percent?: number | null; score?: number; explanation?: string; from_year?: number; to_year?: number }
interface PeerMatch { rank: number; city: string; city_name_en?: string; city_name_local?: string; score: number; coverage?: number; features?: { feature: string; similarity: number | null; weight: number; detail?: string }[]; unknown?: string[]; explanation?: string }

interface Matches {
  city: string;
  problems: { problem: Problem; practices: PracticeMatch[]; mentors: MentorMatch[]; notes?: string[] }[];
  peers: PeerMatch[];
  not_used?: string[];
  config?: { source?: string };
}

export function problemIndicatorName(p: Pick<Problem, 'indicator' | 'indicator_name_en' | 'indicator_name_zh'>): string {
  return (getState().lang === 'zh' ? p.indicator_name_zh || p.indicator_name_en : p.indicator_name_en || p.indicator_name_zh) || p.indicator;
}

function severityBadge(s: string): HTMLElement {
  return h('span', { class: `badge badge-sev-${s}`, 'data-severity': s }, tCode('problem.severity.', s));
}

function otherCityName(m: { city: string; city_name_en?: string; city_name_local?: string }): string {
  if (getState().lang === 'zh' && m.city_name_local && /[\u4e00-\u9fff]/.test(m.city_name_local)) return m.city_name_local;
  return m.city_name_en || m.city;
}

/** What the problem is, in one line, from its numbers. */
function problemLine(p: Problem): string {
  const unit = fmtUnit(p.unit);
  if (p.kind === 'exceeds-standard' && p.standard)
    return t('problem.lineStandard', { value: fmtNumber(p.value ?? null), unit, limit: fmtNumber(p.standard.limit), set: p.standard.limit_set + (p.standard.level ? ' ' + p.standard.level : ''), year: p.year ?? '' });
  if (p.kind === 'off-track-target' && p.target)
    return t('problem.lineTarget', { value: fmtNumber(p.value ?? null), unit, target: fmtNumber(p.target.target_value), year: p.target.target_year, expected: fmtNumber(p.target.expected_at_latest ?? null) });
  if (p.kind === 'worsening' && p.trend)
    return t('problem.lineTrend', { slope: fmtNumber(p.trend.sen_slope ?? null), unit, from: p.trend.from_year, to: p.trend.to_year, p: fmtNumber(p.trend.p_value ?? null, 3) });
  return p.summary ?? '';
}

function requestHref(city: string, p: Problem): string {
  const q = new URLSearchParams({ city, problem: p.code, indicator: p.indicator, theme: p.theme ?? '', title: `${problemIndicatorName(p)}: ${tCode('problem.kind.', p.kind)}` });
  return `#/requests/new?${q.toString()}`;
}

function canFile(city: string): boolean {
  const u = getState().user;
  return !!u && (u.role === 'secretariat' || (u.role === 'city-officer' && u.scope === city));
}

export function problemsScreen(main: HTMLElement, route: Route): () => void {
  const code = route.params.code;
  const disposers: (() => void)[] = [];
  const body = h('div', null, loading());
  main.append(body);
  const enc = encodeURIComponent(code);
  get<City>(`/cities/${enc}`).then((city) => {
    const other = cityOtherName(city);
    const h1 = h('h1', { tabindex: '-1' }, t('problem.title', { city: cityName(city) }), other ? h('span', { class: 'other-name', lang: other.lang || null }, ' ', other.text) : null);
    const profile = h('div', null, loading());
    const peers = h('div', null, loading());
    body.replaceChildren(
      h('header', { class: 'page-header' }, h1, h('p', { class: 'intro' }, t('problem.intro'))),
      h('p', null, h('a', { href: `#/city/${enc}` }, t('problem.backToCity', { city: cityName(city) }))),
      profile,
      h('section', { class: 'card', 'aria-labelledby': 'peers-h' }, h('h2', { id: 'peers-h' }, t('problem.peers')), peers));
    h1.focus();
    Promise.all([get<ProblemPage>(`/cities/${enc}/problems`, { per_page: 100 }), get<Matches>(`/cities/${enc}/matches`, { limit: 5 }).catch((e) => e as Error)]).then(([pp, matches]) => {
      const m = matches instanceof Error ? null : matches;
      const byProblem = new Map((m?.problems ?? []).map((x) => [x.problem.code, x]));
      const counts = pp.counts ?? {};
      const head = h('section', { class: 'card', 'aria-labelledby': 'prof-h' }, h('h2', { id: 'prof-h' }, t('problem.profile')),
        h('p', { 'data-testid': 'problem-counts' }, t('problem.counts', { n: fmtNumber(pp.total), high: fmtNumber(counts.high ?? 0), medium: fmtNumber(counts.medium ?? 0), low: fmtNumber(counts.low ?? 0) }),
          pp.published_only ? ' ' + t('problem.publishedOnly') : ''),
        pp.notes?.length ? h('details', null, h('summary', null, t('problem.notes')), h('ul', null, pp.notes.map((n) => h('li', { lang: 'en' }, n)))) : null);
      const cards = pp.items.map((p, i) => problemCard(city, p, byProblem.get(p.code), matches instanceof Error ? matches : null, i, disposers));
      profile.replaceChildren(head, ...(pp.items.length ? cards : [h('p', { class: 'notice' }, t('problem.none'))]));
      if (!m) peers.replaceChildren(errorView(matches, `GET /api/v1/cities/${code}/matches`));
      else if (m.peers.length === 0) peers.replaceChildren(h('p', null, t('state.empty')));
      else peers.replaceChildren(
        h('p', { class: 'hint' }, t('problem.peersHint')),
        table(t('problem.peers'), [t('table.city'), t('problem.similarity'), t('problem.why')],
          m.peers.map((x) => [
            h('a', { href: `#/city/${encodeURIComponent(x.city)}` }, otherCityName(x)),
            `${fmtNumber(x.score * 100, 0)} %${x.coverage !== undefined && x.coverage < 1 ? ' · ' + t('problem.coverage', { n: fmtNumber(x.coverage * 100, 0) }) : ''}`,
            h('div', null, x.explanation ? h('p', { lang: 'en' }, x.explanation) : null,
              x.features?.length ? h('ul', { class: 'plain features' }, x.features.map((f) => h('li', null,
                h('strong', null, tCode('problem.feature.', f.feature)), ': ',
                f.similarity === null ? t('problem.unknown') : `${fmtNumber(f.similarity * 100, 0)} %`, ` × ${fmtNumber(f.weight)}`, f.detail ? h('span', { class: 'meta', lang: 'en' }, ` — ${f.detail}`) : null))) : null),
          ]), { captionHidden: true }),
        m.not_used?.length ? h('p', { class: 'hint' }, t('problem.notUsed'), ' ', h('span', { lang: 'en' }, m.not_used.join('; '))) : h('span'));
    }, (e) => {
      profile.replaceChildren(errorView(e, `GET /api/v1/cities/${code}/problems`));
      peers.replaceChildren();
    });
  }, (e) => body.replaceChildren(errorView(e, `GET /api/v1/cities/${code}`)));
  return () => { for (const d of disposers) d(); };
}

function problemCard(city: City, p: Problem, m: Matches['problems'][number] | undefined, matchError: Error | null, i: number, disposers: (() => void)[]): HTMLElement {
  const hid = `problem-${i}`;
  const chartEl = h('div', { class: 'chart chart-spark' });
  const card = h('section', { class: 'card problem-card', 'aria-labelledby': hid, 'data-problem': p.code },
    h('h2', { id: hid }, problemIndicatorName(p), ' · ', tCode('problem.kind.', p.kind), ' ', severityBadge(p.severity), p.illustrative ? [' ', badge(t('state.illustrative'), 'illustrative')] : null),
    h('p', null, problemLine(p)),
    facts([
      [t('problem.severityRule'), p.severity_rule ? h('span', { lang: 'en' }, p.severity_rule) : null],
      [t('problem.standardSource'), p.standard?.source ? h('span', { lang: 'en' }, p.standard.source) : null],
      [t('problem.targetReason'), p.target?.reason ? h('span', { lang: 'en' }, p.target.reason) : null],
      [t('problem.code'), h('code', null, p.code)],
    ]),
    (p.series?.length ?? 0) > 1 ? chartEl : null);
  if ((p.series?.length ?? 0) > 1) {
    queueMicrotask(() => {
      if (!chartEl.isConnected) return;
      const series = p.series!;
      const limit = p.standard?.limit ?? p.target?.target_value ?? null;
      disposers.push(mountChart(chartEl, {
        grid: { left: 50, right: 20, top: 24, bottom: 24 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: series.map((s) => fmtPeriod(String(s.year))) },
        yAxis: { type: 'value', name: fmtUnit(p.unit), scale: true },
        series: [{
          type: 'line', name: problemIndicatorName(p), data: series.map((s) => s.value), color: '#0072B2', symbolSize: 6,
          markLine: limit !== null ? { symbol: 'none', lineStyle: { color: '#D55E00', type: 'dashed', width: 2 }, label: { formatter: `${p.standard ? t('explorer.standard') : t('city.target')} ${fmtNumber(limit)}` }, data: [{ yAxis: limit }] } : undefined,
        }],
      }, t('problem.chartLabel', { name: problemIndicatorName(p) })).dispose);
    });
  }
  const practices = h('div', { class: 'match-col' }, h('h3', null, t('problem.practices')));
  const mentors = h('div', { class: 'match-col' }, h('h3', null, t('problem.mentors')));
  if (!m) {
    const e = matchError ? errorView(matchError, `GET /api/v1/cities/${city.code}/matches`) : h('p', null, t('state.empty'));
    practices.append(e);
  } else {
    practices.append(m.practices.length === 0 ? h('p', null, t('problem.noPractices')) : h('ol', { class: 'matches' }, m.practices.map((x) => h('li', null,
      h('a', { href: `#/practices/${encodeURIComponent(x.code)}` }, practiceTitle({ title_en: x.title_en, title_local: x.title_local, local_language: /[\u4e00-\u9fff]/.test(x.title_local ?? '') ? 'zh' : '' })),
      ' ', evidenceBadge(x.evidence_level),
      x.explanation ? h('p', { class: 'why', lang: 'en' }, x.explanation) : null))));
    mentors.append(m.mentors.length === 0 ? h('p', null, t('problem.noMentors')) : h('ol', { class: 'matches' }, m.mentors.map((x) => h('li', null,
      h('a', { href: `#/city/${encodeURIComponent(x.city)}` }, otherCityName(x)),
      x.improvement_percent !== null && x.improvement_percent !== undefined ? ` · ${t('problem.improved', { n: fmtNumber(x.improvement_percent, 0) })}` : '',
      x.explanation ? h('p', { class: 'why', lang: 'en' }, x.explanation) : null))));
    if (m.notes?.length) mentors.append(h('p', { class: 'hint', lang: 'en' }, m.notes.join(' ')));
  }
  card.append(h('div', { class: 'grid-2 matches-grid' }, practices, mentors));
  if (canFile(city.code)) card.append(h('p', null, h('a', { class: 'button primary', href: requestHref(city.code, p) }, t('problem.fileRequest'))));
  return card;
}

/** The city page's summary of the problem profile with a link to the full screen. */
export function cityProblemsSection(city: City): HTMLElement {
  const enc = encodeURIComponent(city.code);
  return asyncSection(t('problem.profile'), () => get<ProblemPage>(`/cities/${enc}/problems`, { per_page: 5 }), (pp) => {
    const counts = pp.counts ?? {};
    return [
      h('p', null, t('problem.counts', { n: fmtNumber(pp.total), high: fmtNumber(counts.high ?? 0), medium: fmtNumber(counts.medium ?? 0), low: fmtNumber(counts.low ?? 0) })),
      pp.items.length ? h('ul', null, pp.items.map((p) => h('li', null, severityBadge(p.severity), ' ', problemIndicatorName(p), ' · ', tCode('problem.kind.', p.kind), ': ', problemLine(p)))) : h('p', null, t('problem.none')),
      h('p', null, h('a', { class: 'button', href: `#/city/${enc}/problems`, 'data-testid': 'problems-link' }, t('problem.openMatches'))),
    ];
  }, { what: `GET /api/v1/cities/${city.code}/problems`, id: 'problems' });
}
