// The network map: every city of the registry on an offline Natural Earth base
// map, coloured by membership status, data status, size class or the value of
// an indicator in a year; with the same cities as an accessible table.
import { ApiError, getAll, get, type City, type Indicator, type IndicatorValue, type Page, type Country } from '../api';
import { h } from '../dom';
import { t, tCode, cityName, cityOtherName, countryName, indicatorName, fmtNumber, fmtDate, enZh, fmtUnit } from '../i18n';
import { mountChart, PALETTE } from '../charts';
import { setQuery, type Route } from '../router';
import { errorView, field, loading, pageHeader, table, dataStatusBadge } from '../ui';
import { navigate } from '../router';

type ColourBy = 'status' | 'data' | 'size' | 'indicator';

interface Loaded {
  cities: City[];
  countries: number;
  indicators: Indicator[] | null; // null: the catalogue route is not available yet
}

const STATUS_COLOURS: Record<string, string> = {
  active: '#0072B2', suspended: '#E69F00', withdrawn: '#CC79A7', none: '#8a8a8a',
};

function statusOf(c: City): string {
  return c.membership?.status ?? 'none';
}

function categoryLabel(by: ColourBy, c: City): string {
  if (by === 'status') return statusOf(c) === 'none' ? t('map.nonMember') : tCode('status.', statusOf(c));
  if (by === 'data') return c.data_status === 'illustrative' ? t('state.illustrative') : t('state.real');
  return c.size_class ? enZh(c.size_class) : t('map.unknownClass');
}

export function mapScreen(main: HTMLElement, route: Route): () => void {
  const header = pageHeader('map.title');
  main.append(header);
  const body = h('div', null, loading());
  main.append(body);
  let disposeChart: (() => void) | null = null;
  let alive = true;

  const by = (route.query.get('by') as ColourBy) || 'status';
  const thisYear = new Date().getFullYear();

  (async () => {
    const [cities, countries] = await Promise.all([getAll<City>('/cities'), get<Page<Country>>('/countries', { per_page: 1 })]);
    let indicators: Indicator[] | null = null;
    try {
      indicators = await getAll<Indicator>('/indicators');
    } catch {
      indicators = null;
    }
    return { cities, countries: countries.total, indicators } as Loaded;
  })().then(async (data) => {
    if (!alive) return;
    const members = data.cities.filter((c) => c.membership).length;
    header.append(h('p', { class: 'intro' }, t('map.intro', { members: fmtNumber(members), cities: fmtNumber(data.cities.length), countries: fmtNumber(data.countries) })));

    const byField = field({
      name: 'by', label: t('map.colourBy'), value: by,
      options: [
        { value: 'status', label: t('map.byStatus') },
        { value: 'data', label: t('map.byDataStatus') },
        { value: 'size', label: t('map.bySize') },
        { value: 'indicator', label: t('map.byIndicator') },
      ],
    });
    const indField = field({
      name: 'indicator', label: t('map.indicator'), value: route.query.get('indicator') ?? data.indicators?.[0]?.code ?? '',
      options: (data.indicators ?? []).map((i) => ({ value: i.code, label: indicatorName(i) })),
    });
    const years = Array.from({ length: 20 }, (_, i) => String(thisYear - i));
    const yearField = field({ name: 'year', label: t('map.year'), value: route.query.get('year') ?? String(thisYear - 1), options: years.map((y) => ({ value: y, label: y })) });
    const controls = h('form', { class: 'controls', onsubmit: (e: Event) => e.preventDefault() }, byField.wrap, indField.wrap, yearField.wrap);
    const chartEl = h('div', { class: 'chart chart-map', 'data-testid': 'map' });
    const status = h('div', { class: 'chart-status', 'aria-live': 'polite' });

    const tableWrap = h('div');
    body.replaceChildren(controls, status, chartEl, h('h2', null, t('map.listTitle')), tableWrap);

    tableWrap.append(table(t('map.listTitle'),
      [t('table.city'), t('table.country'), t('table.status'), t('table.joined'), t('table.population')],
      data.cities.map((c) => {
        const other = cityOtherName(c);
        return [
          h('span', null, h('a', { href: `#/city/${encodeURIComponent(c.code)}` }, cityName(c)),
            other ? h('span', { class: 'other-name', lang: other.lang || null }, ' ', other.text) : null, ' ', dataStatusBadge(c.data_status)),
          countryName(c.country),
          c.membership ? tCode('status.', c.membership.status) : t('map.nonMember'),
          c.membership ? fmtDate(c.membership.joined) : '–',
          c.population ? fmtNumber(c.population.persons) : '–',
        ];
      }), { captionHidden: true }));

    const located = data.cities.filter((c) => c.lat !== null && c.lon !== null);
    const lons = located.map((c) => c.lon as number);
    const lats = located.map((c) => c.lat as number);
    const bounding = located.length
      ? [[Math.min(...lons) - 12, Math.max(...lats) + 8], [Math.max(...lons) + 12, Math.min(...lats) - 8]]
      : [[60, 55], [180, -15]];

    const geo = {
      map: 'world', roam: true, boundingCoords: bounding,
      itemStyle: { areaColor: '#eef1f4', borderColor: '#9aa5b1', borderWidth: 0.5 },
      emphasis: { disabled: true }, select: { disabled: true }, silent: true,
      label: { show: false },
    };
    const point = (c: City, value?: number | null) => ({
      name: cityName(c), code: c.code, value: [c.lon, c.lat, value ?? null],
    });

    // The base map (about 100 KB) is a separate chunk, loaded with the first map.
    const { registerWorld } = await import('../worldmap');
    if (!alive) return;
    registerWorld();

    async function draw(): Promise<void> {
      const mode = byField.input.value as ColourBy;
      indField.wrap.hidden = mode !== 'indicator';
      yearField.wrap.hidden = mode !== 'indicator';
      setQuery(mode === 'indicator' ? { by: mode, indicator: indField.input.value, year: yearField.input.value } : { by: mode });
      status.replaceChildren();
      let option: Record<string, unknown>;
      if (mode === 'indicator') {
        if (!data.indicators) {
          status.replaceChildren(errorView(new ApiError(404, 'no_route', 'no route', null), 'GET /api/v1/indicators'));
          return;
        }
        const ind = data.indicators.find((i) => i.code === indField.input.value);
        let values: IndicatorValue[] = [];
        try {
          values = await getAll<IndicatorValue>('/values', { indicator: indField.input.value, from: yearField.input.value, to: yearField.input.value });
        } catch (e) {
          status.replaceChildren(errorView(e, 'GET /api/v1/values'));
          return;
        }
        const byCity = new Map(values.filter((v) => v.period === yearField.input.value).map((v) => [v.city_code, v.value]));
        if (byCity.size === 0) status.append(h('p', { class: 'notice' }, t('map.valuesMissing', { year: yearField.input.value })));
        const nums = [...byCity.values()];
        const lower = ind?.direction === 'lower';
        option = {
          geo,
          tooltip: { trigger: 'item', formatter: (p: { name: string; value: (number | null)[] }) => `${p.name}: ${p.value[2] === null ? t('map.noValue') : fmtNumber(p.value[2]) + ' ' + fmtUnit(ind?.unit)}` },
          visualMap: nums.length ? {
            type: 'continuous', min: Math.min(...nums), max: Math.max(...nums), dimension: 2, seriesIndex: 0,
            inRange: { color: lower ? ['#1a9850', '#fee08b', '#d73027'] : ['#d73027', '#fee08b', '#1a9850'] },
            calculable: true, left: 8, bottom: 8, text: [fmtNumber(Math.max(...nums)), fmtNumber(Math.min(...nums))],
          } : undefined,
          series: [
            { type: 'scatter', coordinateSystem: 'geo', symbolSize: 11, data: located.filter((c) => byCity.has(c.code)).map((c) => point(c, byCity.get(c.code))), itemStyle: { borderColor: '#fff', borderWidth: 1 } },
            { type: 'scatter', coordinateSystem: 'geo', name: t('map.noValue'), symbolSize: 7, data: located.filter((c) => !byCity.has(c.code)).map((c) => point(c)), itemStyle: { color: '#b0b0b0' } },
          ],
        };
      } else {
        const groups = new Map<string, City[]>();
        for (const c of located) {
          const k = categoryLabel(mode, c);
          if (!groups.has(k)) groups.set(k, []);
          groups.get(k)!.push(c);
        }
        const keys = [...groups.keys()];
        option = {
          geo,
          legend: { top: 8, left: 8, orient: 'vertical', backgroundColor: 'rgba(255,255,255,0.85)', padding: 8 },
          tooltip: { trigger: 'item', formatter: (p: { name: string; seriesName: string }) => `${p.name} · ${p.seriesName}` },
          series: keys.map((k, i) => {
            const sample = groups.get(k)![0];
            const colour = mode === 'status' ? STATUS_COLOURS[statusOf(sample)] ?? PALETTE[i % PALETTE.length] : PALETTE[i % PALETTE.length];
            return {
              type: 'scatter', coordinateSystem: 'geo', name: k, symbolSize: mode === 'status' && statusOf(sample) === 'none' ? 7 : 11,
              data: groups.get(k)!.map((c) => point(c)), itemStyle: { color: colour, borderColor: '#fff', borderWidth: 1 },
            };
          }),
        };
      }
      if (!alive) return;
      if (disposeChart) disposeChart();
      const label = t('map.chartLabel');
      const m = mountChart(chartEl, option, label, (chart) => chart.on('click', (p) => {
        const d = p.data as { code?: string } | undefined;
        if (d?.code) navigate(`#/city/${encodeURIComponent(d.code)}`);
      }));
      disposeChart = m.dispose;
    }
    for (const f of [byField, indField, yearField]) f.input.addEventListener('change', () => void draw());
    void draw();
  }, (e) => {
    if (alive) body.replaceChildren(errorView(e, 'GET /api/v1/cities'));
  });

  return () => {
    alive = false;
    if (disposeChart) disposeChart();
  };
}
