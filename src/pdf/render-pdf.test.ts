import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderChartSvg } from '../charts/render-chart.ts';
import { renderPdf } from './render-pdf.ts';

test('a PDF with Swedish text and an ECharts SVG renders, and pdftotext reads the text back', async () => {
  const svg = renderChartSvg(
    {
      xAxis: { type: 'category', data: ['A1', 'A2'] },
      yAxis: { type: 'value', max: 100 },
      series: [{ type: 'bar', data: [70, 60], label: { show: true } }],
    },
    { width: 400, height: 200 },
  );
  assert.match(svg, /^<svg/);
  const pdf = await renderPdf({ content: [{ text: 'I sju av tio kommuner – åäö ÅÄÖ' }, { svg, width: 300 }] });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const folder = mkdtempSync(join(tmpdir(), 'lagesbild-pdf-'));
  try {
    writeFileSync(join(folder, 'test.pdf'), pdf);
    const text = execFileSync('pdftotext', ['-layout', join(folder, 'test.pdf'), '-'], { encoding: 'utf8' });
    assert.match(text, /I sju av tio kommuner – åäö ÅÄÖ/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a document that names a remote image or a local file is refused, not fetched', async () => {
  await assert.rejects(renderPdf({ content: [{ image: 'http://127.0.0.1:9/x.png' }] }));
  await assert.rejects(renderPdf({ content: [{ image: '/etc/passwd' }] }));
});

test('documents rendered after others, with the fonts shared between them, are the same bytes as the first', async () => {
  const definition = { content: [{ text: 'Informationssäkerhet i kommuner', bold: true }, { text: 'Åtgärd – 64 %' }] };
  // The creation date and the file identifier derived from it differ between renderings; nothing else may.
  const normalise = (pdf: Buffer) =>
    pdf
      .toString('latin1')
      .replace(/\(D:[^)]*\)/g, '')
      .replace(/\/ID \[<[0-9a-f]+> <[0-9a-f]+>\]/, '');
  const first = await renderPdf(definition);
  await renderPdf({ content: [{ text: 'Andra ord, andra glyfer: xyz QWERTY', bold: true }] });
  const again = await renderPdf(definition);
  assert.equal(normalise(again), normalise(first));
});

test('text stays readable in a document rendered after one whose colon drew its full stop without text', async () => {
  // Writing the first document's subset draws the bold colon's two full stops, glyphs without code points.
  await renderPdf({ content: [{ text: 'Andra glyfer:', bold: true }] });
  const pdf = await renderPdf({ content: [{ text: '1.1 Vilken roll har du?', bold: true }] });
  const folder = mkdtempSync(join(tmpdir(), 'lagesbild-pdf-'));
  try {
    writeFileSync(join(folder, 'test.pdf'), pdf);
    assert.match(execFileSync('pdftotext', [join(folder, 'test.pdf'), '-'], { encoding: 'utf8' }), /1\.1 Vilken roll/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
