import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, type TestVisitor } from '../../test/app.ts';
import { recordAuditEvent, runAuditVerification } from './audit.service.ts';

let testApp: TestApp;
let analyst: TestVisitor;

before(async () => {
  testApp = await buildTestApp();
  analyst = await signIn(testApp, 'analytiker@skr.se', { kind: 'global', role: 'analyst' });
  for (let index = 1; index <= 60; index += 1) {
    await testApp.database.db.transaction().execute((trx) =>
      recordAuditEvent(trx, testApp.clock, {
        actor: { userId: null, label: 'test' },
        action: index % 2 === 0 ? 'answer.changed' : 'response.submitted',
        subjectType: 'response',
        subjectId: `r${index}`,
        details: { note: '<script>alert(1)</script>' },
      }),
    );
  }
});
after(async () => {
  await testApp.close();
});

test('coordinators page through the audit log by sequence, newest first, details escaped', async () => {
  const first = await analyst.get('/admin/audit?action=answer.changed');
  assert.equal(first.statusCode, 200);
  assert.equal((first.body.match(/<code>answer\.changed<\/code>/g) ?? []).length, 30);
  assert.doesNotMatch(first.body, /<script>alert/);
  const all = await analyst.get('/admin/audit');
  const older = /href="\/admin\/audit\?before=(\d+)"/.exec(all.body)?.[1];
  assert.ok(older, 'a link to older events');
  const second = await analyst.get(`/admin/audit?before=${older}`);
  assert.match(second.body, /<th scope="row">1<\/th>/);
});

test('filters by subject and by actor e-mail; the signed-in event of the analyst is found', async () => {
  const bySubject = await analyst.get('/admin/audit?subjectType=response&subjectId=r7');
  assert.match(bySubject.body, /response r7/);
  assert.doesNotMatch(bySubject.body, /response r8/);
  const byActor = await analyst.get('/admin/audit?actor=analytiker%40skr.se');
  assert.match(byActor.body, /user\.signed_in/);
  const nobody = await analyst.get('/admin/audit?actor=ingen%40skr.se');
  assert.match(nobody.body, /Inga händelser matchar filtret/);
});

test('control characters in a filter are refused with 400, and respondents are refused', async () => {
  assert.equal((await analyst.get('/admin/audit?action=%00x')).statusCode, 400);
  const respondent = await signIn(testApp, 'svar@kommun.se', {
    kind: 'organisation',
    organisationCode: '0180',
    role: 'respondent',
  });
  assert.equal((await respondent.get('/admin/audit')).statusCode, 403);
});

test('the page shows the newest verification with its time at the top, and a broken log loudly', async () => {
  await runAuditVerification(testApp.database.db, testApp.clock);
  const intact = await analyst.get('/admin/audit');
  assert.match(
    intact.body,
    /Senaste kontrollen av loggen \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\): obruten, \d+ händelser stämmer/,
  );
  assert.doesNotMatch(intact.body, /role="alert"/);

  await testApp.database.db
    .updateTable('audit_events')
    .set({ subject_id: 'forged' })
    .where('sequence', '=', 5)
    .execute();
  await runAuditVerification(testApp.database.db, testApp.clock);
  const broken = await analyst.get('/admin/audit');
  assert.match(
    broken.body,
    /<div class="error-summary" role="alert" id="audit-verification"><h2>Granskningsloggen är bruten<\/h2>/,
  );
  assert.match(broken.body, /fann: event 5 is altered/);
});
