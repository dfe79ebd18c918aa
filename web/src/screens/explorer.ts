// The indicator explorer: one indicator, one period, all cities that reported
// it, ranked, with the standard (when the catalogue gives one) and the cities'
// targets for that indicator as lines.
import { get, getAll, type City, type Indicator, type IndicatorValue, type Target } from '../api';
import { h } from '../dom';
import { t, tCode, cityName, fmtNumber, fmtPeriod, indicatorName, fmtUnit } from '../i18n';
import { mountChart } from '../charts';
import { setQuery, type Route } from '../router';
import { errorView, field, loading, pageHeader, table } from '../ui';

export function explorerScreen(main: HTMLElement, route: Route): () => void {
  main.append(pageHeader('explorer.title', 'explorer.intro'));
  const body = h('div', null, loading());
  main.append(body);
  let alive = true;
  let dispose: (() => void) | null = null;

  Promise.all([getAll<Indicator>('/indicators'), getAll<City>('/cities')]).then(([indicators, cities]) => {
    if (!alive) return;
    const cityBy = new Map(cities.map((c) => [c.code, c]));
    const thisYear = new Date().getFullYear();
    const indField = field({
      name: 'indicator', label: t('explorer.indicator'), value: route.query.get('indicator') ?? indicators[0]?.code,
      options: indicators.map((i) => ({ value: i.code, label: `${tCode('theme.', i.theme)} · ${indicatorName(i)}` })),
    });
    const periodField = field({
      name: 'period', label: t('explorer.period'), value: route.query.get('period') ?? String(thisYear - 1),
      options: Array.from({ length: 20 }, (_, i) => String(thisYear - i)).map((y) => ({ value: y, label: fmtPeriod(y) })),
    });
    const standardField = field({ name: 'standard', label: t('explorer.standard'), options: [] });
    standardField.wrap.hidden = true;
    const info = h('p', { class: 'hint' });
    const status = h('div', { 'aria-live': 'polite' });
    const chartEl = h('div', { class: 'chart chart-bars-wide', 'data-testid': 'explorer-chart' });
    const tableBox = h('div');
    body.replaceChildren(h('form', { class: 'controls', onsubmit: (e: Event) => e.preventDefault() }, indField.wrap, periodField.wrap, standardField.wrap), info, status, chartEl, tableBox);

    async function draw(): Promise<void> {
      const ind = indicators.find((i) => i.code === indField.input.value);
      const period = periodField.input.value;
      setQuery({ indicator: indField.input.value, period });
      if (dispose) { dispose(); dispose = null; }
      chartEl.hidden = true;
      tableBox.replaceChildren();
      status.replaceChildren(loading());
      if (!ind) { status.replaceChildren(); return; }
      info.textContent = `${fmtUnit(ind.unit)} · ${t(ind.direction === 'lower' ? 'explorer.direction.lower' : 'explorer.direction.higher')}${ind.definition_en ? ' · ' + (document.documentElement.lang === 'zh' ? ind.definition_zh || ind.definition_en : ind.definition_en) : ''}`;
      let values: IndicatorValue[];
      try {
        values = (await getAll<IndicatorValue>('/values', { indicator: ind.code, from: period, to: period })).filter((v) => v.period === period);
      } catch (e) {
        status.replaceChildren(errorView(e, 'GET /api/v1/values'));
        return;
      }
      if (values.length === 0) {
        status.replaceChildren(h('p', { class: 'notice' }, t('explorer.none', { period: fmtPeriod(period) })));
        return;
      }
      // Targets of the cities shown, for this indicator (a missing route leaves them out).
      const targets = new Map<string, Target>();
      await Promise.all(values.map(async (v) => {
        try {
          const ts = await getAll<Target>(`/cities/${encodeURIComponent(v.city_code)}/targets`);
          const tg = ts.find((x) => x.indicator_code === ind.code);
          if (tg) targets.set(v.city_code, tg);
        } catch { /* no targets route yet: no target marks */ }
      }));
      if (!alive) return;
      status.replaceChildren();
      const sorted = [...values].sort((a, b) => (ind.direction === 'lower' ? a.value - b.value : b.value - a.value));
      const names = sorted.map((v) => (cityBy.get(v.city_code) ? cityName(cityBy.get(v.city_code)!) : v.city_code));
      // The standard: the limit of this pollutant and statistic in a limit set of the air assessment.
      const limits = await airLimits(ind, period, values.map((v) => v.city_code));
      if (!alive) return;
      const wantSet = standardField.input.value;
      (standardField.input as HTMLSelectElement).replaceChildren(h('option', { value: '' }, t('explorer.noStandard')),
        ...limits.map((l) => h('option', { value: l.key, selected: l.key === wantSet }, `${l.label}: ${fmtNumber(l.limit)} ${fmtUnit(l.unit)}`)));
      standardField.wrap.hidden = limits.length === 0;
      if (!limits.some((l) => l.key === standardField.input.value) && limits.length) standardField.input.value = limits[0].key;
      const chosen = limits.find((l) => l.key === standardField.input.value) ?? null;
      const standard = chosen ? chosen.limit : null;
      chartEl.hidden = false;
      chartEl.style.height = `${Math.max(260, 28 * sorted.length + 80)}px`;
      const m = mountChart(chartEl, {
        grid: { left: 110, right: 40, top: 40, bottom: 30 },
        legend: { top: 4 },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        yAxis: { type: 'category', data: names, inverse: true },
        xAxis: { type: 'value', name: fmtUnit(ind.unit) },
        series: [
          {
            type: 'bar', name: indicatorName(ind), data: sorted.map((v) => v.value), itemStyle: { color: '#0072B2' }, barMaxWidth: 22,
            markLine: standard !== null ? { symbol: 'none', lineStyle: { color: '#000', type: 'solid', width: 2 }, label: { formatter: `${chosen?.label ?? t('explorer.standard')} ${fmtNumber(standard)}`, position: 'insideEndTop' }, data: [{ xAxis: standard }] } : undefined,
          },
          {
            type: 'scatter', name: t('city.target'), symbol: 'rect', symbolSize: [3, 20], itemStyle: { color: '#D55E00' },
            data: sorted.map((v) => targets.get(v.city_code)?.target_value ?? null),
          },
        ],
      }, t('explorer.chartLabel', { indicator: indicatorName(ind), period: fmtPeriod(period) }));
      dispose = m.dispose;
      tableBox.append(table(t('explorer.chartLabel', { indicator: indicatorName(ind), period: fmtPeriod(period) }),
        [t('table.city'), t('table.value'), t('city.target'), t('table.source'), t('table.flags')],
        sorted.map((v, i) => {
          const tg = targets.get(v.city_code);
          return [
            h('a', { href: `#/city/${encodeURIComponent(v.city_code)}` }, names[i]),
            `${fmtNumber(v.value)} ${fmtUnit(ind.unit)}`,
            tg ? `${fmtNumber(tg.target_value)} (${tg.target_year})` : '–',
            v.source ?? '',
            (v.flags ?? []).map((f) => f.reason).join('; '),
          ];
        })));
    }
    indField.input.addEventListener('change', () => void draw());
    periodField.input.addEventListener('change', () => void draw());
    standardField.input.addEventListener('change', () => void draw());
    void draw();
  }, (e) => {
    if (alive) body.replaceChildren(errorView(e, 'GET /api/v1/indicators'));
  });

  return () => {
    alive = false;
    if (dispose) dispose();
  };
}

interface Limit { key: string; label: string; limit: number; unit: string }

interface AnnualCompliance {
  compliance?: { set_id: string; level?: string; rows: { pollutant: string; statistic: string; averaging: string; limit: number; unit: string }[] }[];
}

/**
 * The limits of the indicator's pollutant and statistic in the limit sets the
 * air assessment applies, read from the annual assessment of the first city
 * (of up to three) that has monitoring data in the year. Empty for other
 * indicators or when no city has monitoring data.
 */
async function airLimits(ind: Indicator, period: string, cities: string[]): Promise<Limit[]> {
  const x = ind as Indicator & { pollutant?: string; statistic?: string };
  if (!x.pollutant || !x.statistic || !/^\d{4}$/.test(period)) return [];
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  for (const city of cities.slice(0, 3)) {
    try {
      const a = await get<AnnualCompliance>(`/cities/${encodeURIComponent(city)}/air/annual`, { year: period });
      const out: Limit[] = [];
      for (const set of a.compliance ?? []) {
        const row = set.rows.find((r) => norm(r.pollutant) === norm(x.pollutant!) && norm(r.statistic) === norm(x.statistic!));
        if (row) out.push({ key: `${set.set_id}/${set.level ?? ''}`, label: set.level ? `${set.set_id} ${set.level}` : set.set_id, limit: row.limit, unit: row.unit });
      }
      return out;
    } catch {
      /* no monitoring data for this city and year: try the next */
    }
  }
  return [];
}
