import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AppError } from '../../src/app-error.ts';
import { resolveInside } from '../../src/cli/reports-command.ts';
import { runCli } from '../../src/cli.ts';
import { seedRound } from '../../src/reports/report.fixtures.ts';
import { importResponses } from '../../src/results/import-responses.service.ts';
import { isValidRoundLabel, toFileNameSlug } from '../../src/rounds/round-label.ts';
import { buildTestApp, signIn, type TestApp, type TestVisitor } from '../app.ts';

// Finding 11 of the security review: round labels were free text. Creation accepted "Kommuner 2026", which results
// and publication then refused, and a label with `../` made `reports feedback --out DIR` write outside DIR.

let testApp: TestApp;
let admin: TestVisitor;
const folder = mkdtempSync(join(tmpdir(), 'lagesbild-labels-'));

before(async () => {
  testApp = await buildTestApp();
  admin = await signIn(testApp, 'admin@skr.se', { kind: 'global', role: 'administrator' });
});
after(async () => {
  await testApp.close();
  rmSync(folder, { recursive: true, force: true });
});

const round = {
  population: 'list',
  organisationCodes: '0180',
  kommunVersion: 'skr-2023',
  regionVersion: 'skr-2023',
  opensAt: '2026-03-01T09:00',
  closesAt: '2026-03-31T23:59',
  reminderDays: '14, 7, 2',
};
const hostileLabels = ['Kommuner 2026', '../evil', '2026/../../x', '2026..', '.hidden', '-rf', 'a\\b', 'Omgång-2026'];

test('a new round needs a label of letters, digits, - _ . (no / or ..), as every route checks it', async () => {
  for (const label of hostileLabels) {
    const response = await admin.post('/rounds', { ...round, label });
    assert.equal(response.statusCode, 422, label);
    assert.match(response.body, /bara bokstäver a–z, siffror, -, _ och \./, label);
    assert.equal(isValidRoundLabel(label), false, label);
  }
  const created = await admin.post('/rounds', { ...round, label: 'Kommuner-2026' });
  assert.equal(created.statusCode, 303, created.body.slice(0, 500));
  // The label it accepted is one the results route accepts too.
  assert.notEqual((await admin.get('/results/Kommuner-2026')).statusCode, 400);
});

test('an import refuses a label the routes would refuse, and creates no round', async () => {
  for (const label of ['../evil', 'Kommuner 2026', '2026..']) {
    await assert.rejects(
      importResponses(testApp.database.db, testApp.clock, {
        rows: [{ row: 2, round: label, org: '0180', question: 'ciso_designated', value: 'ja' }],
        isDryRun: false,
        actor: { userId: null, label: 'test' },
        source: 'test.csv',
      }),
      (error: unknown) => error instanceof AppError && error.code === 'validation',
      label,
    );
  }
  const rounds = await testApp.database.db.selectFrom('rounds').select('label').execute();
  assert.deepEqual(
    rounds.map((row) => row.label),
    ['Kommuner-2026'],
  );
});

test('reports feedback writes only into its folder, even for a label stored before labels were restricted', async () => {
  const seeded = await seedRound(testApp.database.db, testApp.clock, {
    label: 'gammal',
    versions: { kommun: null, region: 'skr-2023' },
    questionKeys: ['ciso_designated'],
    responseShare: 1,
  });
  const legacy = '../../utanfor';
  await testApp.database.db.updateTable('rounds').set({ label: legacy }).where('id', '=', seeded.id).execute();
  const out = join(folder, 'a', 'out');
  const config = testApp.config.database;
  const code = await runCli(
    ['reports', 'feedback', '--round', legacy, '--out', out],
    { out: () => {}, err: () => {} },
    {
      DATABASE_URL: config.dialect === 'postgres' ? config.url : `sqlite:${config.file}`,
      SESSION_SECRET: 'a-session-secret-that-is-long-enough-123',
      LOG_LEVEL: 'silent',
    },
  );
  assert.equal(code, 0);
  const written = readdirSync(out);
  assert.ok(written.length > 0);
  for (const file of written) assert.match(file, /^aterkoppling-utanfor-\d{2}-[a-z0-9-]+\.pdf$/);
  assert.deepEqual(readdirSync(join(folder, 'a')), ['out']);
  assert.equal(existsSync(join(folder, 'utanfor')), false);
  assert.deepEqual(readdirSync(folder), ['a']);

  assert.equal(toFileNameSlug('../../x y'), 'x_y');
  assert.throws(() => resolveInside(out, '../x.pdf'), /Refusing to write/);
  assert.throws(() => resolveInside(out, '/etc/x.pdf'), /Refusing to write/);
  assert.equal(resolveInside(out, 'a.pdf'), join(out, 'a.pdf'));
});
