// A city page: profile, membership, air quality (daily AQI calendar, annual
// means against the limits, monthly AQI trend), indicators with targets and
// progress, and scheme scores. Each section loads on its own and shows "not
// available yet" when its API route answers 404.
import { ApiError, get, getAll, type City, type DailyAqi, type Scheme, type SchemeScore, type Target, type Indicator, type IndicatorValue } from '../api';
import { h, uid } from '../dom';
import { t, tCode, cityName, cityOtherName, countryName, fmtNumber, fmtDate, fmtPeriod, enZh, indicatorName, type Key, fmtUnit } from '../i18n';
import { AQI_BANDS, mountChart, PALETTE } from '../charts';
import { type Route } from '../router';
import { getState } from '../store';
import { asyncSection, badge, dataStatusBadge, errorView, field, loading, table } from '../ui';
import { cityProblemsSection } from './problems';
import { cityRequestsSection } from './requests';
import { cityPilotsSection } from './pilots';
import { cityReportSection } from './exports';
import { cityPracticesSection } from './practices';
import { cityEventsSection } from './events';

type Disposer = () => void;

function dl(rows: [string, Node | string | null | undefined][]): HTMLElement {
  return h('dl', { class: 'facts' }, rows.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => [h('dt', null, k), h('dd', null, v!)]));
}

function list(codes: string[] | undefined, prefix: string): string {
  return (codes ?? []).map((c) => tCode(prefix, c)).join(getState().lang === 'zh' ? '、' : ', ') || '–';
}

export function cityScreen(main: HTMLElement, route: Route): Disposer {
  const code = route.params.code;
  const disposers: Disposer[] = [];
  let alive = true;
  const body = h('div', null, loading());
  main.append(body);

  get<City>(`/cities/${encodeURIComponent(code)}`).then((city) => {
    if (!alive) return;
    const other = cityOtherName(city);
    const h1 = h('h1', { tabindex: '-1', 'data-testid': 'city-name' }, cityName(city),
      other ? h('span', { class: 'other-name', lang: other.lang || null }, ' ', other.text) : null);
    document.title = `${cityName(city)} · KINet`;
    const m = city.membership;
    const profile = h('section', { class: 'card', 'aria-labelledby': 'sec-profile' },
      h('h2', { id: 'sec-profile' }, t('city.profile')),
      dl([
        [t('city.country'), countryName(city.country)],
        [t('city.region'), typeof city.country === 'object' ? city.country.region : ''],
        [t('city.province'), getState().lang === 'zh' ? city.province_local || city.province_en : city.province_en],
        [t('city.location'), city.lat !== null && city.lon !== null ? `${fmtNumber(city.lat, 4)}, ${fmtNumber(city.lon, 4)}` : null],
        [t('city.timeZone'), city.time_zone],
        [t('city.population'), city.population ? t('city.populationDetail', { n: fmtNumber(city.population.persons), year: city.population.year, kind: tCode('popkind.', city.population.kind) }) : null],
        [t('city.sizeClass'), city.size_class ? enZh(city.size_class) : null],
        [t('city.area'), city.area_km2 ? t('city.areaValue', { n: fmtNumber(city.area_km2) }) : null],
        [t('city.dataStatus'), dataStatusBadge(city.data_status)],
        [t('city.note'), city.note ? h('span', { lang: 'en' }, city.note) : null],
      ]));
    const membership = h('section', { class: 'card', 'aria-labelledby': 'sec-member' },
      h('h2', { id: 'sec-member' }, t('city.membership')),
      m ? dl([
        [t('city.status'), badge(tCode('status.', m.status), m.status)],
        [t('city.joined'), fmtDate(m.joined)],
        [t('city.modalities'), list(m.modalities, 'modality.')],
        [t('city.benefits'), list(m.benefits_accepted, 'benefit.')],
        [t('city.obligations'), list(m.obligations_accepted, 'obligation.')],
        [t('city.dataStatus'), dataStatusBadge(m.data_status)],
        [t('city.note'), m.note ? h('span', { lang: 'en' }, m.note) : null],
      ]) : h('p', null, t('city.notMember')));

    body.replaceChildren(
      h('header', { class: 'page-header' }, h1, h('p', { class: 'intro' }, countryName(city.country), ' ', dataStatusBadge(city.data_status))),
      h('div', { class: 'grid-2' }, profile, membership),
      cityNav(city),
      airSection(city, route, disposers, () => alive),
      stationsSection(city),
      targetsSection(city, disposers),
      schemesSection(city),
      cityProblemsSection(city),
      cityPracticesSection(city),
      cityRequestsSection(city),
      cityPilotsSection(city),
      cityEventsSection(city),
      cityReportSection(city),
    );
    h1.focus();
  }, (e) => {
    if (!alive) return;
    if (e instanceof ApiError && e.notFound) {
      body.replaceChildren(h('h1', { tabindex: '-1' }, code), h('p', { class: 'notice' }, t('city.notFound', { code })));
    } else body.replaceChildren(errorView(e, `GET /api/v1/cities/${code}`));
  });

  return () => {
    alive = false;
    for (const d of disposers) d();
  };
}

// ---- air quality ----

// ---- air quality ----
//
// The years with monitoring data are found with GET /air/annual for each of
// the last twenty years (a year without data is a fast 404); the annual
// answers also give the trend. The daily AQI is read for the chosen year only.

const AIR_YEARS = 20;

function airSection(city: City, route: Route, disposers: Disposer[], alive: () => boolean): HTMLElement {
  const headingId = uid('h');
  const content = h('div', null, loading());
  const sec = h('section', { class: 'card', 'aria-labelledby': headingId, id: 'air' }, h('h2', { id: headingId }, t('city.air')), content);
  const base = `/cities/${encodeURIComponent(city.code)}/air`;
  const now = new Date().getUTCFullYear();
  const candidates = Array.from({ length: AIR_YEARS }, (_, i) => String(now - i));

  Promise.all(candidates.map((year) => attempt(get<AnnualAssessment>(`${base}/annual`, { year })))).then((answers) => {
    if (!alive()) return;
    const missing = answers.find((a) => !a.ok && !(a.error instanceof ApiError && a.error.notFound && !a.error.routeMissing));
    const annualBy = new Map<string, AnnualAssessment>();
    answers.forEach((a, i) => { if (a.ok) annualBy.set(candidates[i], a.data); });
    if (annualBy.size === 0) {
      content.replaceChildren(missing && !missing.ok ? errorView(missing.error, `GET /api/v1${base}/annual`) : h('p', { class: 'notice' }, t('city.noMonitoring')));
      return;
    }
    const days = (y: string) => annualBy.get(y)?.aqi?.find((r) => r.level === 'city')?.aqi_days ?? 0;
    const years = [...annualBy.keys()].sort().reverse();
    // The latest year with most of its days, else the year with the most days.
    const fullest = years.find((y) => days(y) >= 300) ?? [...years].sort((a, b) => days(b) - days(a))[0];
    const wanted = route.query.get('year');
    const yearField = field({ name: 'year', label: t('city.year'), value: wanted && years.includes(wanted) ? wanted : fullest, options: years.map((y) => ({ value: y, label: y })) });
    const calEl = h('div', { class: 'chart chart-calendar', 'data-testid': 'aqi-calendar' });
    const calNote = h('p', { class: 'chart-note' });
    const annualBox = h('div');
    const trendBox = h('div');
    const legend = h('ul', { class: 'aqi-legend', 'aria-label': t('city.daily') },
      AQI_BANDS.map((b) => h('li', null, h('span', { class: 'swatch', style: `background:${b.color}` }), `${t(b.key as Key)} ${b.min}–${b.max}`)));
    content.replaceChildren(
      h('form', { class: 'controls', onsubmit: (e: Event) => e.preventDefault() }, yearField.wrap),
      h('h3', null, t('city.daily')), legend, calNote, calEl,
      h('h3', null, t('city.annual')), annualBox,
      h('h3', null, t('city.trends')), trendBox);

    let local: Disposer[] = [];
    const drawYear = () => {
      for (const d of local) d();
      local = [];
      const year = yearField.input.value;
      annualView(annualBy.get(year)!, year, annualBox, local);
      calNote.textContent = t('app.loading');
      calEl.hidden = true;
      get<{ items: DailyAqi[] }>(`${base}/daily`, { from: `${year}-01-01`, to: `${year}-12-31` }).then((resp) => {
        if (!calEl.isConnected || yearField.input.value !== year) return;
        const yd = resp.items.filter((d) => d.aqi !== null && d.aqi !== undefined);
        calNote.textContent = t('city.days', { n: fmtNumber(yd.length) });
        calEl.hidden = false;
        local.push(calendar(calEl, year, yd));
      }, (e) => {
        calNote.replaceChildren(errorView(e, `GET /api/v1${base}/daily`));
      });
    };
    yearField.input.addEventListener('change', drawYear);
    drawYear();
    disposers.push(() => { for (const d of local) d(); });
    const d = yearlyTrend([...annualBy.keys()].sort(), annualBy, trendBox);
    if (d) disposers.push(d);
  });
  return sec;
}

function calendar(el: HTMLElement, year: string, days: DailyAqi[]): Disposer {
  const narrow = el.clientWidth > 0 && el.clientWidth < 560;
  if (narrow) el.style.height = '1000px';
  const zh = getState().lang === 'zh';
  return mountChart(el, {
    tooltip: { formatter: (p: { value: [string, number] }) => t('city.aqiDay', { date: fmtDate(p.value[0]), aqi: p.value[1] }) },
    visualMap: {
      type: 'piecewise', show: false, dimension: 1,
      pieces: AQI_BANDS.map((b) => ({ min: b.min, max: b.max === 500 ? 100000 : b.max + 0.999, color: b.color })),
    },
    calendar: {
      range: year, orient: narrow ? 'vertical' : 'horizontal',
      top: narrow ? 40 : 30, left: 40, right: 10, bottom: 10,
      cellSize: narrow ? [Math.max(10, Math.floor((el.clientWidth - 60) / 7)), 'auto'] : ['auto', 16],
      dayLabel: { nameMap: zh ? 'ZH' : 'EN', firstDay: 1 },
      monthLabel: { nameMap: zh ? 'ZH' : 'EN' },
      yearLabel: { show: false },
      itemStyle: { borderColor: '#fff', borderWidth: 1, color: '#f2f2f2' },
      splitLine: { lineStyle: { color: '#888', width: 1 } },
    },
    series: [{ type: 'heatmap', coordinateSystem: 'calendar', data: days.map((d) => [d.date, d.aqi]) }],
  }, t('city.dailyLabel', { year })).dispose;
}

interface ComplianceRow {
  pollutant: string;
  averaging: string;
  statistic: string;
  limit: number;
  unit: string;
  value: number | null;
  verdict: string;
  data_valid?: boolean;
}

interface AnnualAssessment {
  year: number;
  aqi_rule_set?: string;
  aqi_categories?: { level: number | string; name_en: string; name_zh: string; days: number }[];
  aqi?: { level: string; id: string; aqi_days: number; good_days: number; good_ratio: number | null; max_aqi: number | null }[];
  compliance?: { set_id: string; set_version?: string; level?: string; rows: ComplianceRow[] }[];
}


function verdictBadge(v: string): HTMLElement | string {
  if (!v) return '–';
  const ok = v === 'attained' || v === 'meets';
  const bad = v === 'exceeded' || v === 'exceeds' || v === 'not-attained';
  return badge(ok ? t('city.meets') : bad ? t('city.exceeds') : v === 'insufficient data' ? t('city.insufficient') : v, ok ? 'meets' : bad ? 'exceeds' : 'unknown');
}

const setKey = (s: { set_id: string; level?: string }) => `${s.set_id}/${s.level ?? ''}`;
const setLabel = (s: { set_id: string; level?: string }) => (s.level ? `${s.set_id} · ${s.level}` : s.set_id);
const isAnnual = (r: ComplianceRow) => /year|annual/.test(r.averaging) || /annual|year/.test(r.statistic);

function annualView(data: AnnualAssessment, year: string, box: HTMLElement, local: Disposer[]): void {
  const sets = (data.compliance ?? []).filter((s) => s.rows.length > 0);
  if (sets.length === 0) {
    box.replaceChildren(h('p', { class: 'notice' }, t('state.noData')));
    return;
  }
  const setField = field({ name: 'limits', label: t('city.limitSet'), value: setKey(sets[0]), options: sets.map((s) => ({ value: setKey(s), label: setLabel(s) })) });
  const chartEl = h('div', { class: 'chart chart-bars', 'data-testid': 'annual-chart' });
  const tableBox = h('div');
  const cats = h('p', { class: 'chart-note' }, t('city.categoryDays'), ' ', (data.aqi_categories ?? []).map((c) => `${enZh(c)} ${fmtNumber(c.days)}`).join(' · '));
  box.replaceChildren(h('form', { class: 'controls', onsubmit: (e: Event) => e.preventDefault() }, setField.wrap), cats, chartEl, tableBox);
  let dispose: Disposer | null = null;
  const draw = () => {
    if (dispose) dispose();
    const set = sets.find((s) => setKey(s) === setField.input.value) ?? sets[0];
    const yearly = set.rows.filter(isAnnual);
    const rows = (yearly.length ? yearly : set.rows).filter((r) => r.value !== null);
    tableBox.replaceChildren(table(t('city.annualLabel', { year }),
      [t('city.pollutant'), t('city.statistic'), t('city.value'), t('city.limitValue'), t('table.unit'), t('city.verdict')],
      set.rows.map((r) => [r.pollutant, `${r.statistic} (${r.averaging})`, fmtNumber(r.value, 1), fmtNumber(r.limit), fmtUnit(r.unit), verdictBadge(r.verdict)]),
      { captionHidden: true }));
    // Each bar is the statistic as a share of its limit, so pollutants with
    // different units share one axis and the limit is one line at 100 %.
    const c = mountChart(chartEl, {
      grid: { left: 56, right: 30, top: 30, bottom: 40 },
      tooltip: {
        trigger: 'axis',
        formatter: (ps: { dataIndex: number }[]) => {
          const r = rows[ps[0].dataIndex];
          return `${r.pollutant} · ${r.statistic}<br>${fmtNumber(r.value, 1)} / ${fmtNumber(r.limit)} ${fmtUnit(r.unit)}`;
        },
      },
      xAxis: { type: 'category', data: rows.map((r) => r.pollutant), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', name: t('city.ofLimit'), axisLabel: { formatter: '{value} %' } },
      series: [{
        type: 'bar', name: t('city.mean'), barMaxWidth: 44,
        label: { show: true, position: 'top', formatter: (p: { dataIndex: number }) => `${fmtNumber(rows[p.dataIndex].value, 1)}` },
        data: rows.map((r) => ({ value: r.value === null ? null : Math.round((r.value / r.limit) * 1000) / 10, itemStyle: { color: r.value !== null && r.value > r.limit ? '#D55E00' : '#0072B2' } })),
        markLine: { symbol: 'none', lineStyle: { color: '#000', width: 2, type: 'solid' }, label: { formatter: t('city.limit', { name: '' }).trim(), position: 'insideStartTop' }, data: [{ yAxis: 100 }] },
      }],
    }, t('city.annualLabel', { year }));
    dispose = c.dispose;
  };
  setField.input.addEventListener('change', draw);
  draw();
  local.push(() => { if (dispose) dispose(); });
}

/** The annual means (µg/m³, city level, first limit set) and the share of good days, year by year. */
function yearlyTrend(years: string[], annualBy: Map<string, AnnualAssessment>, box: HTMLElement): Disposer | null {
  if (years.length < 2) {
    box.replaceChildren(h('p', null, t('city.trendNeedsYears')));
    return null;
  }
  const series = new Map<string, (number | null)[]>();
  const good: (number | null)[] = [];
  years.forEach((y, i) => {
    const a = annualBy.get(y)!;
    // HJ 663-2013 needs at least 324 daily values for an annual statistic; a
    // part-year (e.g. a series starting in March) would bias the trend.
    const aqiYear = a.aqi?.find((r) => r.level === 'city');
    const g = aqiYear && aqiYear.aqi_days >= 324 ? aqiYear.good_ratio : null;
    good.push(g === null || g === undefined ? null : Math.round(g * 1000) / 10);
    const set = a.compliance?.find((s) => s.rows.length > 0);
    for (const r of set?.rows ?? []) {
      if (!isAnnual(r) || r.unit !== 'ug/m3') continue;
      if (!series.has(r.pollutant)) series.set(r.pollutant, years.map(() => null));
      series.get(r.pollutant)![i] = r.value === null || r.data_valid === false ? null : Math.round(r.value * 10) / 10;
    }
  });
  const el = h('div', { class: 'chart chart-trend' });
  box.replaceChildren(h('p', { class: 'chart-note' }, t('city.yearlyLabel', { unit: 'µg/m³' }), ' ', t('city.validYears')), el);
  return mountChart(el, {
    grid: { left: 50, right: 60, top: 40, bottom: 30 },
    legend: { top: 4 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: years },
    yAxis: [{ type: 'value', name: 'µg/m³' }, { type: 'value', name: t('city.goodDays'), min: 0, max: 100, axisLabel: { formatter: '{value} %' }, splitLine: { show: false } }],
    series: [
      ...[...series.entries()].map(([pol, data], i) => ({ type: 'line', name: pol, data, color: PALETTE[i % PALETTE.length], symbolSize: 7 })),
      { type: 'line', name: t('city.goodDays'), data: good, yAxisIndex: 1, color: '#000000', lineStyle: { type: 'dashed' }, symbol: 'diamond', symbolSize: 8 },
    ],
  }, t('city.yearlyLabel', { unit: 'µg/m³' })).dispose;
}

// ---- targets and progress ----

function progressBadge(s: string | undefined): HTMLElement {
  const map: Record<string, Key> = { 'on-track': 'city.onTrack', on_track: 'city.onTrack', 'off-track': 'city.offTrack', off_track: 'city.offTrack', achieved: 'city.achieved', 'insufficient-data': 'city.unknownProgress' };
  const key = s ? map[s] : undefined;
  return h('span', { class: `badge badge-${s ?? 'unknown'}`, 'data-progress': s ?? '' }, key ? t(key) : s || t('city.unknownProgress'));
}

type Loaded<T> = { ok: true; data: T } | { ok: false; error: unknown };

async function attempt<T>(p: Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, data: await p };
  } catch (error) {
    return { ok: false, error };
  }
}

interface TargetProgress {
  status?: string;
  reason?: string;
  latest_period?: string;
  latest_value?: number | null;
  expected_value?: number | null;
  milestones?: { year: number; value: number; status?: string; observed?: number | null }[];
}

function targetsSection(city: City, disposers: Disposer[]): HTMLElement {
  const code = encodeURIComponent(city.code);
  return asyncSection(t('city.indicators'), async () => {
    const [targets, values, indicators] = await Promise.all([
      attempt(getAll<Target>(`/cities/${code}/targets`)),
      attempt(getAll<IndicatorValue>('/values', { city: city.code })),
      getAll<Indicator>('/indicators').catch(() => [] as Indicator[]),
    ]);
    return { targets, values, indicators: new Map(indicators.map((i) => [i.code, i])) };
  }, ({ targets, values, indicators }) => {
    const out: Node[] = [h('h3', null, t('city.targets'))];
    if (!targets.ok) out.push(errorView(targets.error, `GET /api/v1/cities/${city.code}/targets`));
    else if (targets.data.length === 0) out.push(h('p', null, t('state.empty')));
    else {
      const name = (tg: Target) => {
        const ind = tg.indicator ?? indicators.get(tg.indicator_code);
        return ind ? indicatorName(ind) : tg.indicator_code;
      };
      out.push(h('div', { 'data-testid': 'targets-table' }, table(t('city.targets'),
        [t('explorer.indicator'), t('city.baseline'), t('city.target'), t('city.latest'), t('city.expected'), t('city.progress')],
        targets.data.map((tg) => {
          const unit = fmtUnit((tg as Target & { unit?: string }).unit ?? indicators.get(tg.indicator_code)?.unit);
          const p = (tg.progress ?? null) as TargetProgress | null;
          return [
            h('a', { href: `#/explorer?indicator=${encodeURIComponent(tg.indicator_code)}` }, name(tg)),
            `${fmtNumber(tg.baseline_value)} ${unit} (${tg.baseline_year})`,
            `${fmtNumber(tg.target_value)} ${unit} (${tg.target_year})`,
            p?.latest_value !== undefined && p?.latest_value !== null ? `${fmtNumber(p.latest_value)} ${unit}${p.latest_period ? ' (' + fmtPeriod(p.latest_period) + ')' : ''}` : '–',
            p?.expected_value !== undefined && p?.expected_value !== null ? `${fmtNumber(p.expected_value)} ${unit}` : '–',
            h('span', null, progressBadge(p?.status ?? tg.status), p?.reason ? h('span', { class: 'reason', lang: 'en' }, ' ', p.reason) : null),
          ];
        }), { captionHidden: true })));
      // One chart at a time: the chosen target's values, the straight path from the baseline to the target, and the milestones.
      const withSeries = targets.data.filter((tg) => ((tg as Target & { series?: unknown[] }).series ?? []).length > 0);
      if (withSeries.length) {
        const pick = field({ name: 'target-chart', label: t('city.progressChart'), options: withSeries.map((tg, i) => ({ value: String(i), label: `${name(tg)} → ${tg.target_year}` })) });
        const el = h('div', { class: 'chart chart-trend', 'data-testid': 'target-chart' });
        let dispose: Disposer | null = null;
        const draw = () => {
          if (dispose) dispose();
          const tg = withSeries[Number(pick.input.value)];
          dispose = targetChart(el, tg, name(tg), fmtUnit((tg as Target & { unit?: string }).unit ?? indicators.get(tg.indicator_code)?.unit));
        };
        pick.input.addEventListener('change', draw);
        out.push(h('form', { class: 'controls', onsubmit: (e: Event) => e.preventDefault() }, pick.wrap), el);
        queueMicrotask(() => { if (el.isConnected) draw(); });
        disposers.push(() => { if (dispose) dispose(); });
      }
    }
    out.push(h('h3', null, t('city.values')));
    if (!values.ok) out.push(errorView(values.error, 'GET /api/v1/values?city='));
    else if (values.data.length === 0) out.push(h('p', null, t('state.empty')));
    else {
      // The latest value of each indicator.
      const latest = new Map<string, IndicatorValue>();
      for (const v of values.data) {
        const cur = latest.get(v.indicator_code);
        if (!cur || v.period > cur.period) latest.set(v.indicator_code, v);
      }
      out.push(table(t('city.values'), [t('explorer.indicator'), t('table.period'), t('table.value'), t('city.status.valueStatus'), t('table.source')],
        [...latest.values()].map((v) => {
          const ind = indicators.get(v.indicator_code);
          return [
            h('a', { href: `#/explorer?indicator=${encodeURIComponent(v.indicator_code)}&period=${encodeURIComponent(v.period.slice(0, 4))}` }, ind ? indicatorName(ind) : v.indicator_code),
            fmtPeriod(v.period), `${fmtNumber(v.value)} ${fmtUnit(v.unit ?? ind?.unit)}`, v.status ? tCode('valueStatus.', v.status) : '–', v.source ?? '',
          ];
        }), { captionHidden: true }));
      out.push(h('p', null, h('a', { class: 'button', href: `/api/v1/values.csv?city=${code}`, download: `kinet-${city.code}-values.csv` }, t('city.downloadValues'))));
    }
    return out;
  }, { what: `GET /api/v1/cities/${city.code}/targets`, id: 'targets' });
}

function targetChart(el: HTMLElement, tg: Target, name: string, unit: string): Disposer {
  const series = ((tg as Target & { series?: { year: number; value: number }[] }).series ?? []);
  const p = (tg.progress ?? null) as TargetProgress | null;
  const milestones = p?.milestones ?? tg.milestones ?? [];
  const lo = Math.min(tg.baseline_year, ...series.map((s) => s.year));
  const hi = Math.max(tg.target_year, ...series.map((s) => s.year));
  const years = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  const by = new Map(series.map((s) => [s.year, s.value]));
  const span = Math.max(1, tg.target_year - tg.baseline_year);
  const path = years.map((y) => (y >= tg.baseline_year && y <= tg.target_year ? Math.round((tg.baseline_value + ((tg.target_value - tg.baseline_value) * (y - tg.baseline_year)) / span) * 100) / 100 : null));
  const ms = new Map(milestones.map((m) => [m.year, m.value]));
  return mountChart(el, {
    grid: { left: 56, right: 20, top: 40, bottom: 30 },
    legend: { top: 4 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value', name: unit, scale: true },
    series: [
      { type: 'line', name, data: years.map((y) => by.get(y) ?? null), color: PALETTE[0], symbolSize: 7, connectNulls: true },
      { type: 'line', name: t('city.path'), data: path, color: PALETTE[5], lineStyle: { type: 'dashed' }, symbol: 'none' },
      { type: 'scatter', name: t('city.target'), data: years.map((y) => (y === tg.target_year ? tg.target_value : null)), color: '#000', symbol: 'diamond', symbolSize: 12 },
      ...(milestones.length ? [{ type: 'scatter', name: t('city.milestone'), data: years.map((y) => ms.get(y) ?? null), color: PALETTE[1], symbol: 'triangle', symbolSize: 10 }] : []),
    ],
  }, t('city.progressLabel', { name })).dispose;
}

// ---- scheme scores ----

interface ScoreDetail extends SchemeScore {
  designated?: boolean | null;
  failed_criteria?: { rule: string; failed_items?: string[]; explanation?: string }[];
  missing?: string[];
  items?: { item: string; indicator?: string; value?: number | null; points?: number | null; max_points?: number | null; met?: boolean | null }[];
}

function schemesSection(city: City): HTMLElement {
  const sec = h('section', { class: 'card', 'aria-labelledby': 'sec-schemes', id: 'schemes' }, h('h2', { id: 'sec-schemes' }, t('city.schemes')));
  const now = new Date().getFullYear();
  const year = field({ name: 'scheme-year', label: t('city.schemeYear'), value: String(now - 1), options: Array.from({ length: 30 }, (_, i) => String(now - 1 - i)).map((y) => ({ value: y, label: fmtPeriod(y) })) });
  const body = h('div', null, loading());
  sec.append(h('form', { class: 'controls', onsubmit: (e: Event) => e.preventDefault() }, year.wrap), body);
  const draw = async () => {
    body.replaceChildren(loading());
    let schemes: Scheme[];
    try {
      schemes = await getAll<Scheme>('/schemes');
    } catch (e) {
      body.replaceChildren(errorView(e, 'GET /api/v1/schemes'));
      return;
    }
    const rows = await Promise.all(schemes.map(async (s) => {
      try {
        const scores = await getAll<ScoreDetail>(`/schemes/${encodeURIComponent(s.id)}/scores`, { year: year.input.value, city: city.code });
        return { scheme: s, score: scores.find((x) => x.city_code === city.code || x.city === city.code) ?? null, error: null as unknown };
      } catch (e) {
        return { scheme: s, score: null, error: e };
      }
    }));
    if (rows.length === 0) {
      body.replaceChildren(h('p', null, t('state.empty')));
      return;
    }
    body.replaceChildren(table(t('city.schemes'), [t('city.scheme'), t('city.score'), t('city.rank'), t('city.designation'), t('city.failed')],
      rows.map(({ scheme, score, error }) => [
        enZh(scheme),
        error ? errorView(error, `GET /api/v1/schemes/${scheme.id}/scores`) : score ? t('city.points', { score: fmtNumber(score.score ?? score.total ?? null), max: fmtNumber(score.max_score ?? scheme.max_score ?? null) }) : t('state.noData'),
        score?.rank ? String(score.rank) : '–',
        score?.designation ? badge(tCode('designation.', String(score.designation)), score.designated ? 'meets' : score.designated === false ? 'exceeds' : 'unknown') : '–',
        score ? h('div', null,
          (score.failed_criteria ?? []).length ? h('ul', { class: 'plain' }, (score.failed_criteria ?? []).map((f) => h('li', { lang: 'en' }, f.explanation || f.rule))) : null,
          (score.missing ?? []).length ? h('p', { class: 'meta' }, t('city.missingItems'), ': ', (score.missing ?? []).join(', ')) : null) : '–',
      ]), { captionHidden: true }));
  };
  year.input.addEventListener('change', () => void draw());
  // Default year: the latest year in which the city reported a value.
  getAll<IndicatorValue>('/values', { city: city.code }).then((vals) => {
    const latest = vals.map((v) => v.period.slice(0, 4)).sort().pop();
    if (latest && [...(year.input as HTMLSelectElement).options].some((o) => o.value === latest)) year.input.value = latest;
  }, () => {}).finally(() => void draw());
  return sec;
}

// ---- stations ----

interface Station { code: string; name_en?: string; name_local?: string; name?: string; type?: string; lat?: number | null; lon?: number | null; active_from?: string | null; active_to?: string | null; data_status?: string }

function stationsSection(city: City): HTMLElement {
  return asyncSection(t('city.stations'), () => getAll<Station>(`/cities/${encodeURIComponent(city.code)}/stations`), (items) =>
    items.length === 0 ? h('p', null, t('state.empty')) : h('div', { 'data-testid': 'stations' }, table(t('city.stations'),
      [t('city.stationCode'), t('users.name'), t('city.stationType'), t('city.location'), t('city.stationActive')],
      items.map((s) => {
        const zhName = getState().lang === 'zh' && s.name_local ? s.name_local : s.name_en || s.name || s.code;
        return [
          s.code, zhName, s.type ? tCode('stationType.', s.type) : '–',
          s.lat !== null && s.lat !== undefined && s.lon !== null && s.lon !== undefined ? `${fmtNumber(s.lat, 3)}, ${fmtNumber(s.lon, 3)}` : '–',
          s.active_from || s.active_to ? `${s.active_from ? fmtDate(s.active_from) : '…'} – ${s.active_to ? fmtDate(s.active_to) : '…'}` : '–',
        ];
      }), { captionHidden: true })),
  { what: `GET /api/v1/cities/${city.code}/stations`, id: 'stations' });
}

// ---- on this page ----

/** Links to the sections of the city page (buttons: the hash is the router's). */
function cityNav(city: City): HTMLElement {
  const items: [string, string][] = [
    ['air', t('city.air')], ['targets', t('city.indicators')], ['schemes', t('city.schemes')], ['problems', t('problem.profile')],
    ['practices', t('nav.practices')], ['requests', t('req.cityTitle')], ['pilots', t('pilot.cityTitle')], ['events', t('nav.events')], ['report', t('report.cityTitle')],
  ];
  return h('nav', { class: 'on-page', 'aria-label': t('city.onThisPage') },
    h('ul', null, items.map(([id, label]) => h('li', null, h('a', {
      href: `#/city/${encodeURIComponent(city.code)}`,
      onclick: (e: Event) => {
        e.preventDefault();
        const target = document.getElementById(id);
        if (!target) return;
        target.scrollIntoView({ behavior: 'smooth', block: 'start' });
        const heading = target.querySelector<HTMLElement>('h2');
        if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus({ preventScroll: true }); }
      },
    }, label)))));
}
