/**
 * Charts of one question's published figures, rendered on the server with ECharts. The page embeds them as
 * `data:` images: ECharts' SVG carries style attributes, which the page's CSP (no inline styles) would block
 * inline, while an image is its own document. The data table after each chart carries the same figures.
 */
import { renderChartSvg } from '../charts/render-chart.ts';
import { formatNumber, formatShare } from '../web/figure-format.ts';
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
  const labels = categories.map((category) => wrapLabel(category.label));
  const rowHeight = (label: string) => Math.max(Math.max(1, series.length) * 22, countLines(label) * lineHeight + 8);
  const height = Math.max(160, 60 + labels.reduce((sum, label) => sum + rowHeight(label), 0));
  const svg = renderChartSvg(
    {
      color: palette,
      grid: { left: 200, right: 40, top: 30, bottom: 30 },
      legend: { top: 0, data: series.map((entry) => entry.name) },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      yAxis: { type: 'category', inverse: true, data: labels, axisLabel: { lineHeight } },
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
export function renderNumberChart(
  series: readonly ChartSeries<NumberGroup>[],
  unit: string,
  language: Language,
): string {
  const labels = series.map((entry) => wrapLabel(entry.name));
  const height = Math.max(
    120,
    50 + labels.reduce((sum, label) => sum + Math.max(32, countLines(label) * lineHeight + 8), 0),
  );
  // ECharts writes numbers with a decimal point; the reader's language decides the mark (formatNumber).
  const format = (value: number) => formatNumber(value, language);
  const svg = renderChartSvg(
    {
      color: palette,
      grid: { left: 200, right: 60, top: 20, bottom: 30 },
      xAxis: { type: 'value', name: unit, axisLabel: { formatter: format } },
      yAxis: { type: 'category', inverse: true, data: labels, axisLabel: { lineHeight } },
      series: [
        {
          type: 'bar',
          label: {
            show: true,
            position: 'right',
            formatter: (params: { value: unknown }) => format(Number(params.value)),
          },
          data: series.map((entry) => entry.group.median),
        },
      ],
    },
    { width, height },
  );
  return toDataUri(svg);
}

const lineHeight = 14;
/** Characters per line of an axis label: what fits in the 200 pixels left of the bars at ECharts' 12 px. */
const labelLineLength = 30;

/** Breaks a label into lines at spaces instead of cutting it: the reader sees the whole answer or group. */
export function wrapLabel(text: string, length = labelLineLength): string {
  const lines: string[] = [];
  for (const word of text.split(/\s+/u).filter((part) => part !== '')) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= length) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

function countLines(label: string): number {
  return label.split('\n').length;
}

function toDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
