// The ECharts library, tree-shaken to the charts and components the screens
// use, with the SVG renderer (crisp, small, selectable text). Loaded on
// demand by charts.ts (a dynamic import, so it is a chunk of its own that
// screens without a chart never fetch) and by worldmap.ts.
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

echarts.use([
  BarChart, HeatmapChart, LineChart, ScatterChart,
  CalendarComponent, GeoComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent,
  TitleComponent, TooltipComponent, VisualMapComponent, AriaComponent, SVGRenderer,
]);

export { echarts };
