import * as echarts from 'echarts';

export type ChartSize = { width: number; height: number };

/**
 * Renders an ECharts option to an SVG string on the server. The same SVG goes into the page and the PDF.
 * Animation is off (a static image), and label outlines are transparent because pdfmake ignores the white
 * outline ECharts draws and would show a dark smear.
 */
export function renderChartSvg(option: echarts.EChartsOption, size: ChartSize): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
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
