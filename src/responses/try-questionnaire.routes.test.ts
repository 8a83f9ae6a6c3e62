import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, type TestVisitor } from '../../test/app.ts';
import { completeAnswers, createOpenRound } from '../../test/factories.ts';
import { findAuditEvents } from '../audit/audit.service.ts';
import { findShippedVersion } from '../questionnaires/questionnaire.fixtures.ts';
import { saveImportedResponse } from './responses.service.ts';

let testApp: TestApp;
let analyst: TestVisitor;
let respondent: TestVisitor;
let roundId: string;

before(async () => {
  testApp = await buildTestApp();
  roundId = await createOpenRound(testApp.database.db, {
    label: '2026',
    versions: { kommun: 'skr-2026', region: 'skr-2026' },
    organisations: [{ code: '2584' }],
  });
  analyst = await signIn(testApp, 'analytiker@skr.se', { kind: 'global', role: 'analyst' });
  respondent = await signIn(testApp, 'anna@kiruna.se', {
    kind: 'organisation',
    organisationCode: '2584',
    role: 'respondent',
  });
});
after(async () => testApp.close());

function hiddenField(body: string, name: string): string {
  const raw = new RegExp(`name="${name}" value="([^"]*)"`).exec(body)?.[1] ?? '';
  return raw.replaceAll('&quot;', '"').replaceAll('&amp;', '&');
}

async function countStoredAnswers(): Promise<number[]> {
  const { db } = testApp.database;
  const count = async (table: 'responses' | 'answers' | 'answer_changes') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return [await count('responses'), await count('answers'), await count('answer_changes')];
}

test('a coordinator tries a version as a respondent would: validation, conditions, summary; nothing is stored', async () => {
  const round = await analyst.get(`/rounds/${roundId}`);
  assert.match(round.body, /href="\/questionnaires\/skr-2026\/try\?type=kommun">Prova enkäten<\/a>/);
  assert.match(round.body, /href="\/questionnaires\/skr-2026\/try\?type=region">Prova enkäten som region<\/a>/);
  const before = await countStoredAnswers();

  const first = await analyst.get('/questionnaires/skr-2026/try?type=kommun');
  assert.equal(first.statusCode, 200);
  assert.match(first.body, /Provläge: du svarar som en kommun skulle göra\./);
  assert.match(
    first.body,
    /Provsvaren sparas inte\. De räknas aldrig i resultat, exporteras inte och publiceras inte\./,
  );
  assert.match(first.body, /<h1>Organisation och resurser<\/h1>/);
  // The follow-up on the budget's size stays hidden until a budget is said to exist.
  assert.match(first.body, /<div class="question" data-question="budget_amount" id="question-budget_amount" hidden>/);

  const form = (body: string, fields: Record<string, string>) => ({
    type: 'kommun',
    section: 'organisation',
    answers: hiddenField(body, 'answers'),
    ...fields,
  });
  const invalid = await analyst.post(
    '/questionnaires/skr-2026/try',
    form(first.body, { q_security_hours_per_year: 'många', q_budget_allocated: 'yes', action: 'next' }),
  );
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.body, /<h1>Organisation och resurser<\/h1>/);
  assert.match(invalid.body, /name="q_security_hours_per_year" value="många"/);
  assert.match(invalid.body, /<div class="question" data-question="budget_amount" id="question-budget_amount">/);

  const next = await analyst.post(
    '/questionnaires/skr-2026/try',
    form(invalid.body, { q_security_hours_per_year: '1200', q_budget_allocated: 'yes', action: 'next' }),
  );
  assert.equal(next.statusCode, 200);
  assert.doesNotMatch(next.body, /<h1>Organisation och resurser<\/h1>/);
  assert.deepEqual(JSON.parse(hiddenField(next.body, 'answers')), {
    security_hours_per_year: 1200,
    budget_allocated: 'yes',
  });

  const summary = await analyst.post('/questionnaires/skr-2026/try', {
    type: 'kommun',
    section: hiddenField(next.body, 'section'),
    answers: hiddenField(next.body, 'answers'),
    action: 'summary',
  });
  assert.equal(summary.statusCode, 200);
  assert.match(summary.body, /<h1>Sammanfattning av provsvaren<\/h1>/);
  assert.match(summary.body, /1\s200 timmar/);
  // Required questions not yet answered are named, as they would stop a submission.
  assert.match(summary.body, /class="error-summary"/);

  assert.deepEqual(await countStoredAnswers(), before);
  assert.equal((await respondent.get('/questionnaires/skr-2026/try')).statusCode, 403);
});

test('test-mode answers reach no result, no export of answers and no audit event', async () => {
  const { db } = testApp.database;
  // Kiruna's submitted response is what the round's figures and exports hold.
  const answers = new Map(completeAnswers(findShippedVersion('skr-2026'), 'kommun'));
  answers.set('security_hours_per_year', 1200);
  await saveImportedResponse(db, testApp.clock, {
    roundId,
    organisationCode: '2584',
    versionId: 'skr-2026',
    answers,
    actor: { userId: null, label: 'test' },
  });
  const body = async (path: string) => {
    const reply = await analyst.get(path);
    assert.equal(reply.statusCode, 200, path);
    return reply.body;
  };
  const read = async () => ({
    results: await body('/api/results/2026'),
    answers: await body(`/api/rounds/${roundId}/answers?format=csv`),
    labels: await body(`/api/rounds/${roundId}/answers?format=labels.csv`),
  });
  const before = await read();
  assert.match(before.results, /"security_hours_per_year"/);
  assert.match(before.answers, /2584/);
  const eventsBefore = await findAuditEvents(db, {}, { limit: 1000 });

  // A whole trial as a kommun with numbers no real answer has, to the summary.
  const first = await analyst.get('/questionnaires/skr-2026/try?type=kommun');
  const next = await analyst.post('/questionnaires/skr-2026/try', {
    type: 'kommun',
    section: 'organisation',
    answers: hiddenField(first.body, 'answers'),
    q_security_hours_per_year: '4321',
    q_ciso_designated: 'no',
    q_budget_allocated: 'yes',
    q_budget_amount: '98765',
    action: 'next',
  });
  assert.equal(next.statusCode, 200);
  const summary = await analyst.post('/questionnaires/skr-2026/try', {
    type: 'kommun',
    section: hiddenField(next.body, 'section'),
    answers: hiddenField(next.body, 'answers'),
    action: 'summary',
  });
  assert.match(summary.body, /4\s321 timmar/);

  assert.deepEqual(await findAuditEvents(db, {}, { limit: 1000 }), eventsBefore, 'no audit event');
  const after = await read();
  assert.deepEqual(after, before);
  for (const text of Object.values(after)) {
    assert.doesNotMatch(text, /4321|98765/);
  }
});
