// Apache ECharts, only the parts the Book page draws: bars and a funnel, on SVG (crisp at any
// zoom, and the text of labels stays text). Imported lazily by Chart.tsx, so neither the
// content scripts nor the popup, nor the Book page's first paint, carry it.
import { BarChart, FunnelChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  FunnelChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  SVGRenderer,
]);

export type { EChartsCoreOption } from 'echarts/core';
export { echarts };
