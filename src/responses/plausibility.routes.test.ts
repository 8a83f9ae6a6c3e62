import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, type TestVisitor } from '../../test/app.ts';
import { completeAnswers, createOpenRound } from '../../test/factories.ts';
import { findAuditEvents } from '../audit/audit.service.ts';
import { findShippedVersion } from '../questionnaires/questionnaire.fixtures.ts';
import { createImportedRound } from '../rounds/rounds.service.ts';
import { saveImportedResponse } from './responses.service.ts';

let testApp: TestApp;
let anna: TestVisitor;
let analyst: TestVisitor;
let roundId: string;
const actor = { userId: null, label: 'test' };
const section = () => `/answer/${roundId}/2584/sections/organisation`;

before(async () => {
  testApp = await buildTestApp();
  const { db } = testApp.database;
  // Kiruna answered 1 200 hours in 2023; skr-2026 warns at three times (or a third of) last round's number.
  const round2023 = await createImportedRound(db, testApp.clock, {
    label: '2023',
    versions: { kommun: 'skr-2023', region: null },
    organisationCodes: ['2584'],
    actor,
  });
  const answers = new Map(completeAnswers(findShippedVersion('skr-2023'), 'kommun'));
  answers.set('ciso_designated', 'yes').set('ciso_time_share', 50).set('security_hours_per_year', 1200);
  await saveImportedResponse(db, testApp.clock, {
    roundId: round2023.id,
    organisationCode: '2584',
    versionId: 'skr-2023',
    answers,
    actor,
  });
  roundId = await createOpenRound(db, {
    label: '2026',
    versions: { kommun: 'skr-2026', region: null },
    organisations: [{ code: '2584' }],
  });
  anna = await signIn(testApp, 'anna@kiruna.se', {
    kind: 'organisation',
    organisationCode: '2584',
    role: 'respondent',
  });
  analyst = await signIn(testApp, 'analytiker@skr.se', { kind: 'global', role: 'analyst' });
});
after(async () => testApp.close());

function revisionOf(body: string, key: string): string {
  return new RegExp(`name="rev_${key}" value="(\\d+)"`).exec(body)?.[1] ?? '0';
}

test('a tenfold number warns once without blocking; the explanation is kept; the coordinator marks it handled', async () => {
  const page = await anna.get(section());
  // The warning is in the page for the script, hidden while the answer does not warn.
  assert.match(
    page.body,
    /<div class="plausibility-warning" data-plausibility="security_hours_per_year" data-plausibility-previous="1200" hidden>/,
  );

  const warned = await anna.post(section(), {
    q_security_hours_per_year: '12000',
    rev_security_hours_per_year: revisionOf(page.body, 'security_hours_per_year'),
    action: 'next',
  });
  // Saved, but shown again to be checked instead of moving on.
  assert.equal(warned.statusCode, 200);
  assert.match(warned.body, /Svaren är sparade\. Kontrollera svaren som är markerade/);
  assert.match(
    warned.body,
    /<p data-warning="ratio_above">Svaret är minst 3 gånger så stort som i förra omgången \(1\s200 timmar\)\. Stämmer det\?<\/p>/,
  );
  assert.match(
    warned.body,
    /<input type="hidden" name="warned_security_hours_per_year" value="yes" data-warned="security_hours_per_year"\/>/,
  );
  assert.match(warned.body, /name="q_security_hours_per_year" value="12000"/);

  const explained = await anna.post(section(), {
    q_security_hours_per_year: '12000',
    rev_security_hours_per_year: revisionOf(warned.body, 'security_hours_per_year'),
    warned_security_hours_per_year: 'yes',
    explain_security_hours_per_year: 'Vi räknar nu med konsulternas timmar.',
    action: 'next',
  });
  assert.equal(explained.statusCode, 303);
  const again = await anna.get(section());
  assert.match(
    again.body,
    /<textarea id="explain-security_hours_per_year"[^>]*>Vi räknar nu med konsulternas timmar\.<\/textarea>/,
  );

  const review = await analyst.get(`/rounds/${roundId}/plausibility`);
  assert.equal(review.statusCode, 200);
  assert.match(review.body, /Ej hanterade varningar: 1/);
  assert.match(review.body, /Kiruna/);
  assert.match(review.body, /<dd>12\s000 timmar<\/dd>/);
  assert.match(review.body, /Vi räknar nu med konsulternas timmar\./);
  const handled = await analyst.post(`/rounds/${roundId}/plausibility/2584/security_hours_per_year/handled`, {});
  assert.equal(handled.statusCode, 303);
  const after = await analyst.get(`/rounds/${roundId}/plausibility`);
  assert.match(after.body, /Ej hanterade varningar: 0/);
  assert.match(after.body, /<p class="status-handled">Hanterad<\/p>/);
  const events = await findAuditEvents(testApp.database.db, { action: 'response.plausibility_handled' }, { limit: 5 });
  assert.deepEqual(
    events.map((event) => event.details),
    [{ questionKey: 'security_hours_per_year', warnings: ['ratio_above'] }],
  );

  // A new answer warns anew; an answer within the rules warns not at all and moves on.
  const current = await anna.get(section());
  const changed = await anna.post(section(), {
    q_security_hours_per_year: '400',
    rev_security_hours_per_year: revisionOf(current.body, 'security_hours_per_year'),
    action: 'next',
  });
  assert.equal(changed.statusCode, 200);
  assert.match(changed.body, /<p data-warning="ratio_below">/);
  assert.match((await analyst.get(`/rounds/${roundId}/plausibility`)).body, /Ej hanterade varningar: 1/);
  const plausible = await anna.post(section(), {
    q_security_hours_per_year: '1500',
    rev_security_hours_per_year: revisionOf(changed.body, 'security_hours_per_year'),
    action: 'next',
  });
  assert.equal(plausible.statusCode, 303);
  assert.match((await analyst.get(`/rounds/${roundId}/plausibility`)).body, /Inga svar i omgången ger någon varning/);
  // Respondents cannot see the review.
  assert.equal((await anna.get(`/rounds/${roundId}/plausibility`)).statusCode, 403);
});
