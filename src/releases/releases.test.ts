import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { buildTestApp, signIn, type TestApp, TestVisitor } from '../../test/app.ts';
import { AppError } from '../app-error.ts';
import { findAuditEvents } from '../audit/audit.service.ts';
import { publishForTest, seedRound } from '../reports/report.fixtures.ts';
import { findAnsweringWindow } from '../responses/round-rules.ts';
import { importResponses } from '../results/import-responses.service.ts';
import { countRoundComputations } from '../results/results.service.ts';
import {
  findRoundByLabel,
  listRoundOrganisations,
  type Round,
  reopenRoundForOrganisation,
} from '../rounds/rounds.service.ts';
import { findRelease, listReleases, startCorrection } from './releases.service.ts';

const questionKeys = ['ciso_designated', 'incident_method', 'security_hours_per_year', 'respondent_role'];
let testApp: TestApp;
let anonymous: TestVisitor;
let round: Round;
const actor = { userId: null, label: 'test' };

before(async () => {
  testApp = await buildTestApp();
  const { db } = testApp.database;
  round = await seedRound(db, testApp.clock, {
    label: '2023',
    versions: { kommun: 'skr-2023', region: 'skr-2023' },
    questionKeys,
  });
  anonymous = new TestVisitor(testApp.app);
});
after(async () => testApp?.close());

function csvRows(body: string): Record<string, string>[] {
  return parse(body, { columns: true, bom: true, skip_empty_lines: true });
}

function nationalYes(rows: Record<string, string>[], key: string): string | undefined {
  return rows.find(
    (row) =>
      row.question_key === key &&
      row.group_kind === 'organisation-type' &&
      row.group_key === 'kommun' &&
      row.answer_code === 'yes',
  )?.count;
}

/** Imports rows (numbered from 2, as in a file) through the import service, as the CLI and the web do. */
function importRows(rows: { round: string; org: string; question: string; value: string }[]) {
  return importResponses(testApp.database.db, testApp.clock, {
    rows: rows.map((row, index) => ({ ...row, row: index + 2 })),
    isDryRun: false,
    actor,
    source: 'test',
  });
}

async function expectFrozen(action: () => Promise<unknown>): Promise<void> {
  await assert.rejects(action, (error) => error instanceof AppError && error.message === 'rounds.frozen');
}

test('publishing freezes the figures: imports, reopenings and answers are refused while the round is published', async () => {
  const { db } = testApp.database;
  const outcome = await publishForTest(db, testApp.clock, '2023');
  assert.equal(outcome.release.version, 1);
  assert.match(outcome.release.answersSha256, /^[0-9a-f]{64}$/);
  assert.equal(outcome.release.errata, null);

  await expectFrozen(() => importRows([{ round: '2023', org: '0180', question: 'ciso_designated', value: 'no' }]));
  await expectFrozen(() =>
    reopenRoundForOrganisation(db, testApp.clock, {
      roundId: round.id,
      organisationCode: '0180',
      until: new Date(testApp.clock.now().getTime() + 86_400_000).toISOString(),
      actor,
    }),
  );
  const published = await findRoundByLabel(db, '2023');
  assert.ok(published);
  const [invited] = await listRoundOrganisations(db, round.id);
  assert.ok(invited);
  // Even an organisation reopened before publication could not save: the answering window is closed.
  const reopened = { ...invited, reopenedUntil: new Date(testApp.clock.now().getTime() + 86_400_000).toISOString() };
  assert.equal(findAnsweringWindow(published, reopened, testApp.clock.now()).isOpen, false);

  // The coordinator's import page and the CLI say why, in plain words.
  const coordinator = await signIn(testApp, 'samordnare@skr.se', { kind: 'global', role: 'administrator' });
  const refused = await coordinator.post(`/rounds/${round.id}/organisations/0180/reopen`, {
    until: '2026-03-20T12:00',
  });
  assert.equal(refused.statusCode, 409);
  assert.match(refused.body, /Omgången är publicerad, så dess svar kan inte ändras/);
});

test('a correction is a new version with an erratum; both versions stay at their own addresses', async () => {
  const { db } = testApp.database;
  const before = csvRows((await anonymous.get('/published/2023/open-data/figures.csv')).body);
  const yesBefore = Number(nationalYes(before, 'ciso_designated'));

  await startCorrection(db, testApp.clock, { label: '2023', actor });
  // During the correction the public still sees version 1.
  const answers = await listRoundOrganisations(db, round.id);
  const kommuner = answers.map((organisation) => organisation.organisationCode).filter((code) => code.length === 4);
  const report = await importRows(
    kommuner.slice(0, 40).map((org) => ({ round: '2023', org, question: 'ciso_designated', value: 'yes' })),
  );
  assert.ok(report.changed > 0, 'the correction changed answers');
  assert.equal(
    nationalYes(csvRows((await anonymous.get('/published/2023/open-data/figures.csv')).body), 'ciso_designated'),
    String(yesBefore),
  );

  // Changed answers need an erratum.
  const administrator = await signIn(testApp, 'admin@skr.se', { kind: 'global', role: 'administrator' });
  const withoutErrata = await administrator.post('/admin/publication/2023/publish', { errataSv: '  ' });
  assert.equal(withoutErrata.statusCode, 422);
  assert.match(withoutErrata.body, /Skriv en rättelsenotis/);
  const errataSv = 'Svaren från 40 kommuner på fråga 1.2 var felaktigt importerade och har rättats.';
  const published = await administrator.post('/admin/publication/2023/publish', {
    errataSv,
    errataEn: 'The answers of 40 municipalities to question 1.2 had been imported wrongly and have been corrected.',
  });
  assert.equal(published.statusCode, 303);

  const releases = await listReleases(db, round.id);
  assert.deepEqual(
    releases.map((release) => release.version),
    [1, 2],
  );
  assert.notEqual(releases[0]?.answersSha256, releases[1]?.answersSha256);

  const current = csvRows((await anonymous.get('/published/2023/open-data/figures.csv')).body);
  const first = csvRows((await anonymous.get('/published/2023/versions/1/open-data/figures.csv')).body);
  const second = csvRows((await anonymous.get('/published/2023/versions/2/open-data/figures.csv')).body);
  assert.deepEqual(current, second);
  assert.equal(nationalYes(first, 'ciso_designated'), String(yesBefore));
  // Version 2 minus version 1 must not give away the corrected kommuner's answers: where few of a group changed,
  // version 2 withholds the figure (here even the national one may go, when its difference would pin a county's).
  const yesAfter = nationalYes(second, 'ciso_designated');
  assert.ok(yesAfter === '' || Number(yesAfter) > yesBefore);
  assert.notDeepEqual(second, first);
  assert.ok(first.every((row) => row.release_version === '1'));
  assert.ok(second.every((row) => row.release_version === '2'));

  // The erratum is on every public page of the round and in the open data's metadata.
  for (const path of ['/published', '/published/2023/kommuner', '/published/2023/regioner']) {
    const page = await anonymous.get(path);
    assert.equal(page.statusCode, 200, path);
    assert.ok(page.body.includes(errataSv), `${path} shows the erratum`);
  }
  const earlier = await anonymous.get('/published/2023/versions/1/kommuner');
  assert.equal(earlier.statusCode, 200);
  assert.match(earlier.body, /Detta är version 1\. Den har ersatts av version 2\./);
  const metadata = JSON.parse((await anonymous.get('/published/2023/open-data/figures.json')).body);
  assert.deepEqual([metadata.release.version, metadata.release.errata.sv], [2, errataSv]);
  const codebook = JSON.parse((await anonymous.get('/published/2023/open-data/codebook.json')).body);
  assert.equal(codebook.release.errata.sv, errataSv);
  assert.equal((await anonymous.get('/published/2023/versions/3/kommuner')).statusCode, 404);

  const events = await findAuditEvents(db, { subjectType: 'round' }, { limit: 20 });
  const actions = events.map((event) => event.action);
  assert.ok(actions.includes('round.correction_started'));
  assert.equal(actions.filter((action) => action === 'round.published').length, 2);
});

test('public pages, PDFs and open data of a published round serve the stored release and compute nothing', async () => {
  const { db } = testApp.database;
  const { release } = await findRelease(db, testApp.clock, { label: '2023', reader: { isCoordinator: false } });
  const computations = countRoundComputations();
  const paths = [
    '/published',
    '/published/2023/kommuner',
    '/published/2023/regioner?lang=en',
    '/published/2023/kommuner/report.pdf',
    '/published/2023/versions/1/regioner',
    '/published/2023/open-data/figures.csv',
    '/published/2023/open-data/figures.xlsx',
    '/published/2023/open-data/figures.json',
    '/published/2023/open-data/codebook.json',
    '/published/2023/open-data/dataset.jsonld',
    '/published/2023/open-data/jsonstat/ciso_designated',
    '/published/2023/versions/1/open-data/figures.csv',
    '/published/open-data/figures.csv',
    '/published/catalog.ttl',
    '/published/indicators/ciso_designated',
  ];
  for (const path of paths) {
    const response = await anonymous.get(path);
    assert.equal(response.statusCode, 200, path);
  }
  const ownReader = await signIn(testApp, 'ciso@stockholm.se', {
    kind: 'organisation',
    organisationCode: '0180',
    role: 'reader',
  });
  assert.equal((await ownReader.get('/reports/feedback/2023/0180')).statusCode, 200);
  assert.equal(countRoundComputations(), computations, 'no request recomputed the round');
  // The national page shows exactly the stored figures.
  const page = await anonymous.get('/published/2023/kommuner');
  const respondents = release.results.responseRates.find((rate) => rate.groupId === 'kommun')?.submitted;
  assert.match(page.body, new RegExp(`Svarsfrekvens: ${respondents} av 290 kommuner har svarat`));
});
