import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';

const require = createRequire(import.meta.url);
let loadedEcharts: typeof Echarts | undefined;

/**
 * ECharts is loaded on the first chart, not at start-up: it is the largest library here (tens of MB once compiled)
 * and a server busy with respondents never draws a chart. The CommonJS build loads synchronously, so callers stay
 * synchronous; the first chart of a process pays the load once.
 */
function loadEcharts(): typeof Echarts {
  if (loadedEcharts === undefined) {
    const loaded: typeof Echarts = require('echarts');
    loadedEcharts = loaded;
  }
  return loadedEcharts;
}

export type ChartSize = { width: number; height: number };

/**
 * Renders an ECharts option to an SVG string on the server. The same SVG goes into the page and the PDF.
 * Animation is off (a static image), and label outlines are transparent because svg-to-pdfkit ignores the white
 * outline ECharts draws and would show a dark smear.
 */
export function renderChartSvg(option: Echarts.EChartsOption, size: ChartSize): string {
  const chart = loadEcharts().init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: 'Roboto, Helvetica, Arial, sans-serif', textBorderColor: 'transparent' },
      ...option,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
