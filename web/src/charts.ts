// Charts: the colours shared by the screens and mountChart(), which draws an
// ECharts option into an element. ECharts itself (about 500 kB) is in its
// own chunk (echarts_lib.ts), fetched by the first chart drawn, so the
// screens without charts (forms, lists, events …) never load it. Only types
// are imported here: they vanish from the bundle.
import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { t } from './i18n';
import { getState } from './store';

let lib: Promise<typeof import('./echarts_lib')> | null = null;

/** The ECharts chunk, fetched once. */
export function loadECharts(): Promise<typeof import('./echarts_lib')> {
  lib ??= import('./echarts_lib');
  return lib;
}

export const FONT = 'system-ui, "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

/** HJ 633-2012 AQI categories with their official colours. */
export const AQI_BANDS = [
  { min: 0, max: 50, color: '#00E400', key: 'aqi.good' },
  { min: 51, max: 100, color: '#FFFF00', key: 'aqi.moderate' },
  { min: 101, max: 150, color: '#FF7E00', key: 'aqi.light' },
  { min: 151, max: 200, color: '#FF0000', key: 'aqi.medium' },
  { min: 201, max: 300, color: '#99004C', key: 'aqi.heavy' },
  { min: 301, max: 500, color: '#7E0023', key: 'aqi.severe' },
] as const;

/** Palette for categories (colour-blind friendly, Okabe–Ito). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#999999', '#000000'];

/**
 * Mounts a chart in el once the ECharts chunk is loaded; returns a dispose
 * function (safe before the chart exists: it is then never drawn). The
 * chart resizes with its container and carries an accessible label
 * (role="img"); onReady receives it (e.g. to listen to clicks). When the
 * chunk cannot be loaded the element says so.
 */
export function mountChart(el: HTMLElement, option: EChartsCoreOption, label: string, onReady?: (chart: ECharts) => void): { dispose: () => void } {
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', label);
  let disposed = false;
  let chart: ECharts | null = null;
  let ro: ResizeObserver | null = null;
  loadECharts().then(({ echarts }) => {
    if (disposed) return;
    chart = echarts.init(el, null, { renderer: 'svg', locale: getState().lang === 'zh' ? 'ZH' : 'EN' });
    chart.setOption({
      textStyle: { fontFamily: FONT },
      aria: { enabled: true, label: { description: label } },
      animation: false,
      ...option,
    });
    const c = chart;
    ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    onReady?.(chart);
  }, (e: unknown) => {
    console.warn(e);
    if (!disposed) el.replaceChildren(t('state.network'));
  });
  return {
    dispose() {
      disposed = true;
      ro?.disconnect();
      chart?.dispose();
    },
  };
}
