import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildWarmUpDocument, warmUpReportRendering } from './report-warm-up.ts';
import { renderReportDocumentPdf } from './reports.service.ts';

test('the warm-up report has every kind of block and renders to a PDF of several pages', async () => {
  const document = buildWarmUpDocument('sv');
  assert.deepEqual(
    new Set(document.blocks.map((block) => block.kind)),
    new Set(['heading', 'paragraph', 'list', 'chart', 'table']),
  );
  const pdf = await renderReportDocumentPdf(document);
  assert.ok((pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length > 2);
});

test('warming up renders in every language and reports the time it took', async () => {
  assert.ok((await warmUpReportRendering()) > 0);
});
