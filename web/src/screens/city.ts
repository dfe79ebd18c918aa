// A city page: profile, membership, air quality (daily AQI calendar, annual
// means against the limits, monthly AQI trend), indicators with targets and
// progress, and scheme scores. Each section loads on its own and shows "not
// available yet" when its API route answers 404.
import { ApiError, get, getAll, type City, type DailyAqi, type Scheme, type SchemeScore, type Target, type Indicator, type IndicatorValue } from '../api';
import { h, uid } from '../dom';
import { t, tCode, cityName, cityOtherName, countryName, fmtNumber, fmtDate, fmtPeriod, enZh, indicatorName, type Key } from '../i18n';
import { AQI_BANDS, mountChart, PALETTE } from '../charts';
import { type Route } from '../router';
import { getState } from '../store';
import { asyncSection, badge, dataStatusBadge, errorView, field, loading, table } from '../ui';

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
        [t('city.population'), city.population ? t('city.populationDetail', { n: fmtNumber(city.population.persons), year: city.population.year, kind: city.population.kind }) : null],
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
        [t('city.benefits'), (m.benefits_accepted ?? []).join(', ') || '–'],
        [t('city.obligations'), (m.obligations_accepted ?? []).join(', ') || '–'],
        [t('city.dataStatus'), dataStatusBadge(m.data_status)],
        [t('city.note'), m.note ? h('span', { lang: 'en' }, m.note) : null],
      ]) : h('p', null, t('city.notMember')));

    body.replaceChildren(
      h('header', { class: 'page-header' }, h1, h('p', { class: 'intro' }, countryName(city.country), ' ', dataStatusBadge(city.data_status))),
      h('div', { class: 'grid-2' }, profile, membership),
      airSection(city, route, disposers, () => alive),
      targetsSection(city),
      schemesSection(city),
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

function airSection(city: City, route: Route, disposers: Disposer[], alive: () => boolean): HTMLElement {
  const headingId = uid('h');
  const content = h('div', null, loading());
  const sec = h('section', { class: 'card', 'aria-labelledby': headingId, id: 'air' }, h('h2', { id: headingId }, t('city.air')), content);
  // The daily AQI of up to twenty years, in two requests of at most ten years each.
  const today = new Date();
  const y = today.getUTCFullYear();
  const windows = [
    [`${y - 9}-01-01`, today.toISOString().slice(0, 10)],
    [`${y - 19}-01-01`, `${y - 10}-12-31`],
  ];
  const path = `/cities/${encodeURIComponent(city.code)}/air/daily`;

  Promise.all(windows.map(([from, to]) => get<{ items: DailyAqi[] }>(path, { from, to }))).then((answers) => {
    const resp = { items: answers.flatMap((a) => a.items).sort((a, b) => a.date.localeCompare(b.date)) };
    if (!alive()) return;
    const days = resp.items.filter((d) => d.aqi !== null && d.aqi !== undefined);
    if (days.length === 0) {
      content.replaceChildren(h('p', { class: 'notice' }, t('state.noData')));
      return;
    }
    const perYear = new Map<string, number>();
    for (const d of days) perYear.set(d.date.slice(0, 4), (perYear.get(d.date.slice(0, 4)) ?? 0) + 1);
    const years = [...perYear.keys()].sort().reverse();
    // The latest year with most of its days, else the year with the most days.
    const fullest = years.find((y) => (perYear.get(y) ?? 0) >= 300) ?? [...years].sort((a, b) => (perYear.get(b) ?? 0) - (perYear.get(a) ?? 0))[0];
    const wanted = route.query.get('year');
    const yearField = field({ name: 'year', label: t('city.year'), value: wanted && years.includes(wanted) ? wanted : fullest, options: years.map((y) => ({ value: y, label: y })) });
    const calEl = h('div', { class: 'chart chart-calendar', 'data-testid': 'aqi-calendar' });
    const calNote = h('p', { class: 'chart-note' });
    const annualBox = h('div');
    const trendEl = h('div', { class: 'chart chart-trend' });
    const yearlyBox = h('div');
    const legend = h('ul', { class: 'aqi-legend', 'aria-label': t('city.daily') },
      AQI_BANDS.map((b) => h('li', null, h('span', { class: 'swatch', style: `background:${b.color}` }), `${t(b.key as Key)} ${b.min}–${b.max}`)));
    content.replaceChildren(
      h('form', { class: 'controls', onsubmit: (e: Event) => e.preventDefault() }, yearField.wrap),
      h('h3', null, t('city.daily')), legend, calEl, calNote,
      h('h3', null, t('city.annual')), annualBox,
      h('h3', null, t('city.trends')), h('p', { class: 'chart-note' }, t('city.trendsLabel')), trendEl, yearlyBox);

    let local: Disposer[] = [];
    const drawYear = () => {
      for (const d of local) d();
      local = [];
      const year = yearField.input.value;
      const yd = days.filter((d) => d.date.startsWith(year));
      calNote.textContent = t('city.days', { n: fmtNumber(yd.length) });
      const narrow = calEl.clientWidth > 0 && calEl.clientWidth < 560;
      const cal = mountChart(calEl, {
        tooltip: { formatter: (p: { value: [string, number] }) => t('city.aqiDay', { date: fmtDate(p.value[0]), aqi: p.value[1] }) },
        visualMap: {
          type: 'piecewise', show: false, dimension: 1,
          pieces: AQI_BANDS.map((b) => ({ min: b.min, max: b.max === 500 ? 10000 : b.max + 0.999, color: b.color })),
        },
        calendar: {
          range: year, orient: narrow ? 'vertical' : 'horizontal',
          top: narrow ? 40 : 30, left: narrow ? 40 : 40, right: 10, bottom: 10,
          cellSize: narrow ? [Math.floor((calEl.clientWidth - 60) / 7), 'auto'] : ['auto', 16],
          dayLabel: { nameMap: getState().lang === 'zh' ? 'ZH' : 'EN', firstDay: 1 },
          monthLabel: { nameMap: getState().lang === 'zh' ? 'ZH' : 'EN' },
          yearLabel: { show: false },
          itemStyle: { borderColor: '#fff', borderWidth: 1, color: '#f2f2f2' },
          splitLine: { lineStyle: { color: '#888', width: 1 } },
        },
        series: [{ type: 'heatmap', coordinateSystem: 'calendar', data: yd.map((d) => [d.date, d.aqi]) }],
      }, t('city.dailyLabel', { year }));
      if (narrow) calEl.style.height = '1000px';
      local.push(cal.dispose);
      annualBox.replaceChildren(loading());
      void annual(city, year, annualBox, local);
    };
    yearField.input.addEventListener('change', drawYear);
    drawYear();
    disposers.push(() => { for (const d of local) d(); });

    // Trend: the monthly mean of the daily AQI over all years with data.
    const months = new Map<string, { sum: number; n: number }>();
    for (const d of days) {
      const k = d.date.slice(0, 7);
      const m = months.get(k) ?? { sum: 0, n: 0 };
      m.sum += d.aqi as number;
      m.n += 1;
      months.set(k, m);
    }
    const keys = [...months.keys()].sort();
    const trend = mountChart(trendEl, {
      grid: { left: 50, right: 20, top: 30, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: keys.map(fmtPeriod) },
      yAxis: { type: 'value', name: 'AQI' },
      series: [{
        type: 'line', name: 'AQI', data: keys.map((k) => Math.round(months.get(k)!.sum / months.get(k)!.n)), showSymbol: false, lineStyle: { color: PALETTE[0] },
        markLine: { symbol: 'none', label: { formatter: 'AQI 100', position: 'insideStartTop' }, lineStyle: { color: '#b35806', type: 'dashed' }, data: [{ yAxis: 100 }] },
      }],
    }, t('city.trendsLabel'));
    disposers.push(trend.dispose);
    void yearlyTrend(city, years.filter((y) => (perYear.get(y) ?? 0) >= 300).sort(), yearlyBox, disposers);
  }, (e) => {
    if (alive()) content.replaceChildren(errorView(e, `GET /api/v1/cities/${city.code}/air/daily`));
  });
  return sec;
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
  aqi_categories?: { level: number; name_en: string; name_zh: string; days: number }[];
  compliance?: { set_id: string; set_version?: string; level?: string; rows: ComplianceRow[] }[];
}

function verdictBadge(v: string): HTMLElement | string {
  if (!v) return '–';
  const key: Key | null = v === 'meets' || v === 'pass' || v === 'compliant' ? 'city.meets' : v === 'exceeds' || v === 'fail' || v === 'exceeded' ? 'city.exceeds' : null;
  return badge(key ? t(key) : v, key === 'city.meets' ? 'meets' : key ? 'exceeds' : 'unknown');
}

async function annual(city: City, year: string, box: HTMLElement, local: Disposer[]): Promise<void> {
  let data: AnnualAssessment;
  try {
    data = await get<AnnualAssessment>(`/cities/${encodeURIComponent(city.code)}/air/annual`, { year });
  } catch (e) {
    box.replaceChildren(errorView(e, `GET /api/v1/cities/${city.code}/air/annual`));
    return;
  }
  if (!box.isConnected) return; // the user has left the page meanwhile
  const sets = (data.compliance ?? []).filter((s) => s.rows.length > 0);
  if (sets.length === 0) {
    box.replaceChildren(h('p', { class: 'notice' }, t('state.noData')));
    return;
  }
  const setField = field({ name: 'limits', label: t('city.limitSet'), value: sets[0].set_id, options: sets.map((s) => ({ value: s.set_id, label: s.set_version ? `${s.set_id} (${s.set_version})` : s.set_id })) });
  const chartEl = h('div', { class: 'chart chart-bars', 'data-testid': 'annual-chart' });
  const tableBox = h('div');
  const cats = h('p', { class: 'chart-note' }, (data.aqi_categories ?? []).map((c) => `${enZh(c)} ${fmtNumber(c.days)}`).join(' · '));
  box.replaceChildren(h('form', { class: 'controls', onsubmit: (e: Event) => e.preventDefault() }, setField.wrap), cats, chartEl, tableBox);
  let dispose: Disposer | null = null;
  const draw = () => {
    if (dispose) dispose();
    const set = sets.find((s) => s.set_id === setField.input.value) ?? sets[0];
    const yearly = set.rows.filter((r) => /year|annual/.test(r.averaging) || /annual|year/.test(r.statistic));
    const rows = (yearly.length ? yearly : set.rows).filter((r) => r.value !== null);
    const labels = rows.map((r) => r.pollutant);
    tableBox.replaceChildren(table(t('city.annualLabel', { year }),
      [t('city.pollutant'), t('city.mean'), t('city.limit', { name: '' }).trim(), t('table.unit'), t('city.verdict')],
      set.rows.map((r) => [`${r.pollutant} · ${r.statistic}`, fmtNumber(r.value), fmtNumber(r.limit), r.unit, verdictBadge(r.verdict)]),
      { captionHidden: true }));
    // Each bar is the statistic as a share of its limit, so pollutants with
    // different units share one axis and the limit is one line at 100 %.
    const c = mountChart(chartEl, {
      grid: { left: 56, right: 30, top: 30, bottom: 40 },
      tooltip: {
        trigger: 'axis',
        formatter: (ps: { dataIndex: number }[]) => {
          const r = rows[ps[0].dataIndex];
          return `${r.pollutant} · ${r.statistic}<br>${fmtNumber(r.value)} ${r.unit} / ${fmtNumber(r.limit)} ${r.unit}`;
        },
      },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0 } },
      yAxis: { type: 'value', name: t('city.ofLimit'), axisLabel: { formatter: '{value} %' } },
      series: [{
        type: 'bar', name: t('city.mean'), barMaxWidth: 44,
        label: { show: true, position: 'top', formatter: (p: { dataIndex: number }) => `${fmtNumber(rows[p.dataIndex].value)}` },
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

/** The annual means of the pollutants measured in µg/m³, year by year (one request per year). */
async function yearlyTrend(city: City, years: string[], box: HTMLElement, disposers: Disposer[]): Promise<void> {
  if (years.length < 2) return;
  const answers = await Promise.all(years.map((year) =>
    get<AnnualAssessment>(`/cities/${encodeURIComponent(city.code)}/air/annual`, { year }).catch(() => null)));
  if (!box.isConnected) return;
  const series = new Map<string, (number | null)[]>();
  let setId = '';
  answers.forEach((a, i) => {
    const set = a?.compliance?.find((s) => s.rows.length > 0);
    if (!set) return;
    setId ||= set.set_id;
    for (const r of set.rows) {
      if (!(/year|annual/.test(r.averaging) || /annual|year/.test(r.statistic)) || r.unit !== 'ug/m3') continue;
      if (!series.has(r.pollutant)) series.set(r.pollutant, years.map(() => null));
      series.get(r.pollutant)![i] = r.value;
    }
  });
  if (series.size === 0) return;
  const el = h('div', { class: 'chart chart-trend' });
  box.replaceChildren(h('p', { class: 'chart-note' }, t('city.yearlyLabel', { unit: 'µg/m³' })), el);
  const c = mountChart(el, {
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    legend: { top: 4 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: years },
    yAxis: { type: 'value', name: 'µg/m³' },
    series: [...series.entries()].map(([pol, data], i) => ({ type: 'line', name: pol, data, color: PALETTE[i % PALETTE.length], symbolSize: 7 })),
  }, t('city.yearlyLabel', { unit: 'µg/m³' }));
  disposers.push(c.dispose);
}

// ---- targets and progress ----

function progressBadge(s: string | undefined): HTMLElement {
  const map: Record<string, Key> = { 'on-track': 'city.onTrack', on_track: 'city.onTrack', 'off-track': 'city.offTrack', off_track: 'city.offTrack', achieved: 'city.achieved' };
  const key = s ? map[s] : undefined;
  return badge(key ? t(key) : s || t('city.unknownProgress'), s ?? 'unknown');
}

type Loaded<T> = { ok: true; data: T } | { ok: false; error: unknown };

async function attempt<T>(p: Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, data: await p };
  } catch (error) {
    return { ok: false, error };
  }
}

function targetsSection(city: City): HTMLElement {
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
    else out.push(table(t('city.targets'),
      [t('explorer.indicator'), t('city.baseline'), t('city.target'), t('city.latest'), t('city.progress')],
      targets.data.map((tg) => {
        const ind = tg.indicator ?? indicators.get(tg.indicator_code);
        const unit = ind?.unit ?? '';
        const p = tg.progress ?? null;
        return [
          ind ? h('a', { href: `#/explorer?indicator=${encodeURIComponent(tg.indicator_code)}` }, indicatorName(ind)) : tg.indicator_code,
          `${fmtNumber(tg.baseline_value)} ${unit} (${tg.baseline_year})`,
          `${fmtNumber(tg.target_value)} ${unit} (${tg.target_year})`,
          p?.latest_value !== undefined && p?.latest_value !== null ? `${fmtNumber(p.latest_value)} ${unit}${p.latest_period ? ' (' + fmtPeriod(p.latest_period) + ')' : ''}` : '–',
          progressBadge(p?.status ?? tg.status),
        ];
      }), { captionHidden: true }));
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
      out.push(table(t('city.values'), [t('explorer.indicator'), t('table.period'), t('table.value'), t('table.source')],
        [...latest.values()].map((v) => {
          const ind = indicators.get(v.indicator_code);
          return [
            h('a', { href: `#/explorer?indicator=${encodeURIComponent(v.indicator_code)}&period=${encodeURIComponent(v.period.slice(0, 4))}` }, ind ? indicatorName(ind) : v.indicator_code),
            fmtPeriod(v.period), `${fmtNumber(v.value)} ${v.unit ?? ind?.unit ?? ''}`, v.source ?? '',
          ];
        }), { captionHidden: true }));
    }
    return out;
  }, { what: `GET /api/v1/cities/${city.code}/targets` });
}

// ---- scheme scores ----

function schemesSection(city: City): HTMLElement {
  const year = String(new Date().getFullYear() - 1);
  return asyncSection(t('city.schemes'), async () => {
    const schemes = await getAll<Scheme>('/schemes');
    const rows: { scheme: Scheme; score: SchemeScore | null; error?: unknown }[] = [];
    for (const s of schemes) {
      try {
        const scores = await getAll<SchemeScore>(`/schemes/${encodeURIComponent(s.id)}/scores`, { year });
        rows.push({ scheme: s, score: scores.find((x) => x.city_code === city.code || x.city === city.code || (typeof x.city === 'object' && x.city?.code === city.code)) ?? null });
      } catch (e) {
        rows.push({ scheme: s, score: null, error: e });
      }
    }
    return rows;
  }, (rows) => {
    if (rows.length === 0) return h('p', null, t('state.empty'));
    return table(t('city.schemes'), [t('city.scheme'), t('city.score'), t('city.designation')],
      rows.map(({ scheme, score, error }) => [
        enZh(scheme),
        error ? errorView(error, `GET /api/v1/schemes/${scheme.id}/scores`) : score ? t('city.points', { score: fmtNumber(score.score ?? score.total ?? null), max: fmtNumber(score.max_score ?? scheme.max_score ?? null) }) : t('state.noData'),
        score?.designation ? String(score.designation) : '–',
      ]), { captionHidden: true });
  }, { what: 'GET /api/v1/schemes' });
}
