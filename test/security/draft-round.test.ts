import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findShippedVersion } from '../../src/questionnaires/questionnaire.fixtures.ts';
import { buildTestApp, signIn, type TestApp } from '../app.ts';
import { createOpenRound } from '../factories.ts';

// Finding 13 of the security review: a respondent opened the overview of a draft (not yet opened) round of their
// own organisation by its id. Respondents see a round only once it is open; coordinators while they prepare it.

let testApp: TestApp;
let roundId: string;
const version = findShippedVersion('skr-2023');
const section = version.sections[0]?.key ?? '';
const question = version.sections[0]?.questions[0]?.key ?? '';

before(async () => {
  testApp = await buildTestApp();
  roundId = await createOpenRound(testApp.database.db, {
    label: 'Utkast-2027',
    status: 'draft',
    opensAt: null,
    closesAt: null,
    organisations: [{ code: '2584' }],
  });
});
after(async () => {
  await testApp.close();
});

const readPaths = (id: string) => [
  `/answer/${id}/2584`,
  `/answer/${id}/2584/sections/${section}`,
  `/answer/${id}/2584/summary`,
  `/answer/${id}/2584/receipt`,
  `/answer/${id}/2584/receipt.pdf`,
  `/answer/${id}/2584/history`,
];

test('a respondent gets 404 for every page of a draft round of their own organisation, and can change nothing', async () => {
  const respondent = await signIn(testApp, 'svarare@kiruna.se', {
    kind: 'organisation',
    organisationCode: '2584',
    role: 'respondent',
  });
  const unknownId = '00000000-0000-4000-8000-000000000000';
  for (const path of readPaths(roundId)) {
    const response = await respondent.get(path);
    assert.equal(response.statusCode, 404, `${path}: ${response.statusCode}`);
    assert.doesNotMatch(response.body, new RegExp(question));
    // The same answer as for a round that does not exist, so a draft's existence is not revealed.
    const unknown = await respondent.get(path.replace(roundId, unknownId));
    assert.equal(unknown.statusCode, 404);
  }
  const posted = await respondent.post(`/answer/${roundId}/2584/sections/${section}`, { [question]: 'ja' });
  assert.equal(posted.statusCode, 404);
  const submitted = await respondent.post(`/answer/${roundId}/2584/submit`, {});
  assert.equal(submitted.statusCode, 404);
  const api = await respondent.json('PUT', `/api/responses/${roundId}/2584/answers/${question}`, {
    value: 'ja',
    baseRevision: 0,
  });
  assert.equal(api.statusCode, 404, api.body);
  const my = await respondent.get('/my');
  assert.doesNotMatch(my.body, /Utkast-2027/);
  const stored = await testApp.database.db
    .selectFrom('responses')
    .select('id')
    .where('round_id', '=', roundId)
    .execute();
  assert.deepEqual(stored, []);
});

test('a coordinator previews the draft, and respondents see the round once it is opened', async () => {
  const analyst = await signIn(testApp, 'analytiker@skr.se', { kind: 'global', role: 'analyst' });
  assert.equal((await analyst.get(`/answer/${roundId}/2584`)).statusCode, 200);

  await testApp.database.db
    .updateTable('rounds')
    .set({ status: 'open', opens_at: '2026-02-01T07:00:00.000Z', closes_at: '2026-04-01T21:59:00.000Z' })
    .where('id', '=', roundId)
    .execute();
  const respondent = await signIn(testApp, 'svarare2@kiruna.se', {
    kind: 'organisation',
    organisationCode: '2584',
    role: 'respondent',
  });
  for (const path of readPaths(roundId)) {
    assert.equal((await respondent.get(path)).statusCode, 200, path);
  }
});
