import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, type TestVisitor } from '../../test/app.ts';
import { completeAnswers, createOpenRound } from '../../test/factories.ts';
import { sealPendingAuditEvents } from '../audit/audit.service.ts';
import type { AnswerValue } from '../questionnaires/questionnaire.schema.ts';
import { findQuestionnaireVersion } from '../questionnaires/questionnaires.service.ts';
import { saveImportedResponse } from './responses.service.ts';

let testApp: TestApp;
let admin: TestVisitor;
let anna: TestVisitor;

before(async () => {
  testApp = await buildTestApp();
  admin = await signIn(testApp, 'samordnare@skr.se', { kind: 'global', role: 'administrator' });
  anna = await signIn(testApp, 'anna@kiruna.se', {
    kind: 'organisation',
    organisationCode: '2584',
    role: 'respondent',
  });
});
after(async () => {
  await testApp.close();
});

async function responseRow(roundId: string) {
  return testApp.database.db
    .selectFrom('responses')
    .select(['id', 'status'])
    .where('round_id', '=', roundId)
    .where('organisation_code', '=', '2584')
    .executeTakeFirstOrThrow();
}

test('a submitted response is sent back with a comment, seen and mailed, resubmitted, then marked reviewed', async () => {
  const db = testApp.database.db;
  const roundId = await createOpenRound(db, { label: '2026-granskning', organisations: [{ code: '2584' }] });
  const version = await findQuestionnaireVersion(db, 'skr-2023');
  await saveImportedResponse(db, testApp.clock, {
    roundId,
    organisationCode: '2584',
    versionId: version.id,
    answers: new Map<string, AnswerValue>(completeAnswers(version, 'kommun')),
    actor: { userId: null, label: 'test' },
  });
  const annaAccount = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'anna@kiruna.se')
    .executeTakeFirstOrThrow();
  await db.updateTable('responses').set({ submitter_id: annaAccount.id }).where('round_id', '=', roundId).execute();
  const overviewPath = `/answer/${roundId}/2584`;

  // The coordinator sees the review form; the respondent does not.
  const coordinatorView = await admin.get(overviewPath);
  assert.match(coordinatorView.body, /<h2 id="review-heading">Granskning<\/h2>/);
  assert.doesNotMatch((await anna.get(overviewPath)).body, /review-heading/);
  assert.equal((await anna.post(`${overviewPath}/review`, { decision: 'reviewed', comment: '' })).statusCode, 403);

  // Sending back needs a comment; the form says so in Swedish and nothing changes.
  const missing = await admin.post(`${overviewPath}/review`, { decision: 'returned', comment: '   ' });
  assert.equal(missing.statusCode, 422);
  assert.match(missing.body, /Skriv en kommentar om vad som behöver kompletteras\./);
  assert.equal((await responseRow(roundId)).status, 'submitted');

  const comment = 'Fråga 3 saknar en förklaring av <ledningens> beslut.';
  const returned = await admin.post(`${overviewPath}/review`, { decision: 'returned', comment });
  assert.equal(returned.statusCode, 303);
  assert.equal(returned.headers.location, `${overviewPath}?review=returned`);
  assert.match((await admin.get(String(returned.headers.location))).body, /Svaret är skickat tillbaka/);
  const response = await responseRow(roundId);
  assert.equal(response.status, 'in_progress');

  await testApp.sendDueMail();
  const mail = testApp.sentMail.find((candidate) => candidate.to === 'anna@kiruna.se');
  assert.ok(mail, 'the submitter gets the comment by mail');
  assert.match(mail.subject, /^Komplettering begärd: Lägesbild 2026-granskning, Kiruna/);
  assert.ok(mail.text.includes(comment));

  const annaView = await anna.get(overviewPath);
  assert.match(annaView.body, /Komplettering begärd .* av samordnare@skr\.se:/);
  assert.ok(annaView.body.includes('Fråga 3 saknar en förklaring av &lt;ledningens> beslut.'));

  // A response no longer submitted cannot be reviewed.
  assert.equal((await admin.post(`${overviewPath}/review`, { decision: 'reviewed', comment: '' })).statusCode, 409);

  const follow = await admin.get(`/rounds/${roundId}/follow-up`);
  assert.match(follow.body, /<li>Komplettering begärd: 1<\/li>/);

  testApp.clock.advance(60_000);
  const resubmitted = await anna.post(`${overviewPath}/submit`, {});
  assert.equal(resubmitted.statusCode, 303, resubmitted.body.slice(0, 400));
  assert.equal((await responseRow(roundId)).status, 'submitted');
  assert.match((await admin.get(`/rounds/${roundId}/follow-up`)).body, /<li>Väntar på granskning: 1<\/li>/);

  testApp.clock.advance(60_000);
  const reviewed = await admin.post(`${overviewPath}/review`, { decision: 'reviewed', comment: '' });
  assert.equal(reviewed.statusCode, 303);
  assert.match((await admin.get(`/rounds/${roundId}/follow-up`)).body, /<li>Granskat: 1<\/li>/);
  assert.match((await anna.get(overviewPath)).body, /Svaret är granskat/);

  // The history shows each step, and the audit log has both decisions.
  const history = await anna.get(`${overviewPath}/history`);
  assert.ok(history.body.includes(`Komplettering begärd: ${comment.replace('<', '&lt;')}`));
  assert.match(history.body, /<td>Granskat<\/td>/);
  await sealPendingAuditEvents(db); // on PostgreSQL the newest events may still wait for the sealer
  const audit = await db
    .selectFrom('audit_events')
    .select('action')
    .where('subject_id', '=', response.id)
    .where('action', 'in', ['response.returned', 'response.reviewed'])
    .orderBy('sequence')
    .execute();
  assert.deepEqual(
    audit.map((row) => row.action),
    ['response.returned', 'response.reviewed'],
  );
});
