import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, signIn } from '../../test/app.ts';
import { buildWarmUpDocument, findStartedReportWarmUp, warmUpReportRendering } from './report-warm-up.ts';
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

test('the server warms up after serving the first coordinator, not after respondents or visitors', async () => {
  const testApp = await buildTestApp({ isReportWarmUpEnabled: true });
  try {
    await testApp.app.inject({ method: 'GET', url: '/' });
    const respondent = await signIn(testApp, 'ciso@ale.se', {
      kind: 'organisation',
      organisationCode: '1440',
      role: 'respondent',
    });
    await respondent.get('/my');
    assert.equal(findStartedReportWarmUp(), undefined);
    const coordinator = await signIn(testApp, 'samordnare@myndighet.se', { kind: 'global', role: 'analyst' });
    await coordinator.get('/results');
    const warmUp = findStartedReportWarmUp();
    assert.ok(warmUp, 'a coordinator was served, so the warm-up has started');
    assert.ok((await warmUp) > 0);
  } finally {
    await testApp.close();
  }
});
