import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildTestApp, signIn, type TestApp } from '../../test/app.ts';
import { findAuditEvents } from '../audit/audit.service.ts';
import { seedRound } from './report.fixtures.ts';

let testApp: TestApp;

before(async () => {
  testApp = await buildTestApp();
  await seedRound(testApp.database.db, testApp.clock, {
    label: '2023',
    versions: { kommun: null, region: 'skr-2023' },
    questionKeys: ['ciso_designated', 'incident_method', 'training_required', 'leadership_training'],
    responseShare: 1,
  });
});
after(async () => testApp?.close());

test('a coordinator starts the bulk run from the web, follows its progress and downloads one PDF per organisation', async () => {
  const administrator = await signIn(testApp, 'samordnare@skr.se', { kind: 'global', role: 'administrator' });
  assert.equal((await administrator.get('/reports/feedback-jobs')).statusCode, 200);
  const started = await administrator.post('/reports/feedback-jobs', { round: '2023' });
  assert.equal(started.statusCode, 303);
  const location = String(started.headers.location);
  assert.match(location, /^\/reports\/feedback-jobs\/[0-9a-f-]{36}$/);

  let page = await administrator.get(location);
  for (let attempt = 0; attempt < 300 && !page.body.includes('archive.zip'); attempt += 1) {
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /Misslyckades/);
    if (page.body.includes('Pågår')) assert.equal(page.headers.refresh, '3');
    await sleep(200);
    page = await administrator.get(location);
  }
  assert.match(page.body, /21 av 21 rapporter klara/);
  assert.equal(page.headers.refresh, undefined);

  const download = await administrator.get(`${location}/archive.zip`);
  assert.equal(download.statusCode, 200);
  assert.equal(download.headers['content-type'], 'application/zip');
  const folder = mkdtempSync(join(tmpdir(), 'lagesbild-jobs-'));
  try {
    writeFileSync(join(folder, 'a.zip'), download.rawPayload);
    const script =
      'import json, sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(json.dumps([n for n in z.namelist() if z.read(n)[:5] == b"%PDF-"]))';
    const names: string[] = JSON.parse(
      execFileSync('python3', ['-c', script, join(folder, 'a.zip')], { encoding: 'utf8' }),
    );
    assert.equal(names.length, 21);
    assert.ok(names.includes('aterkoppling-2023-12-region-skane.pdf'), names.join(', '));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const { db } = testApp.database;
  assert.equal((await findAuditEvents(db, { action: 'report.feedback_bulk_exported' }, { limit: 5 })).length, 1);
  assert.equal((await findAuditEvents(db, { action: 'report.feedback_archive_downloaded' }, { limit: 5 })).length, 1);
});

test('analysts and organisation users cannot start or download bulk runs', async () => {
  const analyst = await signIn(testApp, 'analys@skr.se', { kind: 'global', role: 'analyst' });
  assert.equal((await analyst.post('/reports/feedback-jobs', { round: '2023' })).statusCode, 403);
  assert.equal((await analyst.get('/reports/feedback-jobs')).statusCode, 403);
});
