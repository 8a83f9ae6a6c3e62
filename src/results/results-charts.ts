/**
 * Charts of one question's published figures, rendered on the server with ECharts. The page embeds them as
 * `data:` images: ECharts' SVG carries style attributes, which the page's CSP (no inline styles) would block
 * inline, while an image is its own document. The data table after each chart carries the same figures.
 */
import { renderChartSvg } from '../charts/render-chart.ts';
import { formatShare } from '../web/figure-format.ts';
import type { Language } from '../web/i18n.ts';
import type { ChoiceGroup, NumberGroup } from './results.schema.ts';

export interface ChartSeries<Group> {
  name: string;
  group: Group;
}

const width = 640;
const palette = ['#1f5f8b', '#c05621', '#2f855a', '#6b46c1', '#b7791f', '#2c7a7b'];

/** Renders a horizontal bar chart of the share per answer, one bar per shown group, as a data: URI. */
export function renderChoiceChart(
  categories: readonly { code: string; label: string }[],
  series: readonly ChartSeries<ChoiceGroup>[],
  language: Language,
): string {
  const height = Math.max(160, 60 + categories.length * Math.max(1, series.length) * 22);
  const svg = renderChartSvg(
    {
      color: palette,
      grid: { left: 200, right: 40, top: 30, bottom: 30 },
      legend: { top: 0, data: series.map((entry) => entry.name) },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      yAxis: { type: 'category', inverse: true, data: categories.map((category) => truncate(category.label, 32)) },
      series: series.map((entry) => {
        const shares = categories.map(
          (category) => entry.group.answers.find((answer) => answer.code === category.code)?.share ?? 0,
        );
        return {
          type: 'bar' as const,
          name: entry.name,
          // The printed label never rounds 238 of 239 up to 100 % (formatShare); the bar keeps the exact length.
          label: {
            show: true,
            position: 'right' as const,
            formatter: (params: { dataIndex: number }) => formatShare(shares[params.dataIndex] ?? 0, language, 1),
          },
          data: shares.map((share) => Math.round(share * 1000) / 10),
        };
      }),
    },
    { width, height },
  );
  return toDataUri(svg);
}

/** Renders the median of each shown group as a bar, with the quartiles in the table, as a data: URI. */
export function renderNumberChart(series: readonly ChartSeries<NumberGroup>[], unit: string): string {
  const svg = renderChartSvg(
    {
      color: palette,
      grid: { left: 200, right: 60, top: 20, bottom: 30 },
      xAxis: { type: 'value', name: unit },
      yAxis: { type: 'category', inverse: true, data: series.map((entry) => truncate(entry.name, 32)) },
      series: [
        {
          type: 'bar',
          label: { show: true, position: 'right' },
          data: series.map((entry) => entry.group.median),
        },
      ],
    },
    { width, height: Math.max(120, 50 + series.length * 32) },
  );
  return toDataUri(svg);
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

function toDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
