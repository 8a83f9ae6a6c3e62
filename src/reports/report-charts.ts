/**
 * The report charts as ECharts options rendered to SVG on the server; the same SVG string goes into the page
 * (as an image with a text alternative, beside a data table) and into the PDF.
 */
import type { CustomSeriesOption, EChartsOption } from 'echarts';
import { renderChartSvg } from '../charts/render-chart.ts';
import type { ShareInterval } from '../results/proportion-interval.ts';

/**
 * One bar or point: its label, its share with interval (null when suppressed), and the share as the reader's
 * language writes it (formatShare), which is what the chart prints: never "100" for 238 of 239.
 */
export interface ChartValue {
  label: string;
  interval: ShareInterval | null;
  text: string;
}

/** Prints each value's own text as its data label. */
function labelFormatter(values: readonly ChartValue[]): (params: { dataIndex: number }) => string {
  return (params) => values[params.dataIndex]?.text ?? '';
}

export const chartSize = { width: 640, height: 240 } as const;
const barColour = '#1d4f91';
const whiskerColour = '#1b1b1f';

function toPercent(share: number): number {
  return Math.round(share * 1000) / 10;
}

/** Error bars (the 95 % interval) drawn as whiskers over bars or points; horizontal for bar rows. */
function whiskerSeries(values: readonly ChartValue[], isHorizontal = false): CustomSeriesOption {
  const data = values.flatMap((value, index) =>
    value.interval ? [[index, toPercent(value.interval.lower), toPercent(value.interval.upper)]] : [],
  );
  return {
    type: 'custom',
    silent: true,
    z: 10,
    data,
    renderItem: (_params, api) => {
      const style = { stroke: whiskerColour, lineWidth: 1.5 };
      if (isHorizontal) {
        const [xLow = 0, y = 0] = api.coord([api.value(1), api.value(0)]);
        const [xHigh = 0] = api.coord([api.value(2), api.value(0)]);
        return {
          type: 'group',
          children: [
            { type: 'line', shape: { x1: xLow, y1: y, x2: xHigh, y2: y }, style },
            { type: 'line', shape: { x1: xLow, y1: y - 4, x2: xLow, y2: y + 4 }, style },
            { type: 'line', shape: { x1: xHigh, y1: y - 4, x2: xHigh, y2: y + 4 }, style },
          ],
        };
      }
      const low = api.coord([api.value(0), api.value(1)]);
      const high = api.coord([api.value(0), api.value(2)]);
      const [x = 0, yLow = 0] = low;
      const [, yHigh = 0] = high;
      return {
        type: 'group',
        children: [
          { type: 'line', shape: { x1: x, y1: yLow, x2: x, y2: yHigh }, style },
          { type: 'line', shape: { x1: x - 5, y1: yLow, x2: x + 5, y2: yLow }, style },
          { type: 'line', shape: { x1: x - 5, y1: yHigh, x2: x + 5, y2: yHigh }, style },
        ],
      };
    },
  };
}

/** Renders shares as vertical bars with 95 % interval whiskers; suppressed values show ".." instead of a bar. */
export function renderShareBarChart(values: readonly ChartValue[], options: { yAxisName: string }): string {
  const option: EChartsOption = {
    grid: { left: 56, right: 16, top: 28, bottom: 40 },
    xAxis: {
      type: 'category',
      data: values.map((value) => (value.interval ? value.label : `${value.label}\n..`)),
      axisLabel: { interval: 0, color: whiskerColour, fontSize: 11 },
    },
    yAxis: { type: 'value', min: 0, max: 100, name: options.yAxisName, axisLabel: { formatter: '{value} %' } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 36,
        itemStyle: { color: barColour },
        data: values.map((value) => (value.interval ? toPercent(value.interval.share) : null)),
        label: {
          show: true,
          position: 'insideBottom',
          color: '#ffffff',
          fontSize: 10,
          formatter: labelFormatter(values),
        },
      },
      whiskerSeries(values),
    ],
  };
  return renderChartSvg(option, chartSize);
}

/** Height in pixels of a bar-row chart with this many rows. */
export function findRowChartHeight(rows: number): number {
  return 40 + rows * 26;
}

/** Renders shares as horizontal bars, one row per question, with 95 % interval whiskers. */
export function renderShareRowChart(values: readonly ChartValue[], options: { xAxisName: string }): string {
  const option: EChartsOption = {
    grid: { left: 8, right: 24, top: 8, bottom: 32, containLabel: true },
    yAxis: {
      type: 'category',
      inverse: true,
      data: values.map((value) => (value.interval ? value.label : `${value.label} (..)`)),
      axisLabel: { color: whiskerColour, fontSize: 11 },
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: 100,
      name: options.xAxisName,
      nameLocation: 'middle',
      nameGap: 22,
      axisLabel: { formatter: '{value} %' },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 16,
        itemStyle: { color: barColour },
        data: values.map((value) => (value.interval ? toPercent(value.interval.share) : null)),
        label: {
          show: true,
          position: 'insideLeft',
          color: '#ffffff',
          fontSize: 10,
          formatter: labelFormatter(values),
        },
      },
      whiskerSeries(values, true),
    ],
  };
  return renderChartSvg(option, { width: chartSize.width, height: findRowChartHeight(values.length) });
}

/** Renders a trend over rounds as a line with 95 % interval whiskers; suppressed rounds leave a gap. */
export function renderTrendChart(values: readonly ChartValue[], options: { yAxisName: string }): string {
  const option: EChartsOption = {
    grid: { left: 56, right: 24, top: 28, bottom: 32 },
    xAxis: { type: 'category', data: values.map((value) => value.label), axisLabel: { color: whiskerColour } },
    yAxis: { type: 'value', min: 0, max: 100, name: options.yAxisName, axisLabel: { formatter: '{value} %' } },
    series: [
      {
        type: 'line',
        symbolSize: 8,
        itemStyle: { color: barColour },
        lineStyle: { color: barColour, width: 2 },
        data: values.map((value) => (value.interval ? toPercent(value.interval.share) : null)),
        label: { show: true, position: 'right', color: whiskerColour, fontSize: 10, formatter: labelFormatter(values) },
      },
      whiskerSeries(values),
    ],
  };
  return renderChartSvg(option, { width: chartSize.width, height: 200 });
}

/** Encodes an SVG as a data URL for an <img>, which the page's CSP allows while inline styles are not. */
export function toSvgDataUrl(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
