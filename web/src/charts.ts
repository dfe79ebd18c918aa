// ECharts, tree-shaken: only the charts and components the screens use, drawn
// with the SVG renderer (crisp, small, selectable text).
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  CalendarComponent,
  GeoComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  AriaComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { getState } from './store';

echarts.use([
  BarChart, HeatmapChart, LineChart, ScatterChart,
  CalendarComponent, GeoComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent,
  TitleComponent, TooltipComponent, VisualMapComponent, AriaComponent, SVGRenderer,
]);

export { echarts };

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
 * Mounts a chart in el; returns a dispose function. The chart resizes with
 * its container and carries an accessible label (role="img").
 */
export function mountChart(el: HTMLElement, option: echarts.EChartsCoreOption, label: string): { chart: echarts.ECharts; dispose: () => void } {
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', label);
  const chart = echarts.init(el, null, { renderer: 'svg', locale: getState().lang === 'zh' ? 'ZH' : 'EN' });
  chart.setOption({
    textStyle: { fontFamily: FONT },
    aria: { enabled: true, label: { description: label } },
    animation: false,
    ...option,
  });
  const ro = new ResizeObserver(() => chart.resize());
  ro.observe(el);
  return {
    chart,
    dispose() {
      ro.disconnect();
      chart.dispose();
    },
  };
}
