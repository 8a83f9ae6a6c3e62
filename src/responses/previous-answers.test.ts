import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTestApp, signIn, type TestApp, type TestVisitor } from '../../test/app.ts';
import { completeAnswers, createOpenRound } from '../../test/factories.ts';
import { findShippedVersion } from '../questionnaires/questionnaire.fixtures.ts';
import { createImportedRound } from '../rounds/rounds.service.ts';
import { saveAnswer } from './answer-save.service.ts';
import { loadAnsweringContext } from './answering.service.ts';
import { confirmPrefilledAnswers, findPreviousAnswers, listPrefilledKeys } from './previous-answers.service.ts';
import { saveImportedResponse } from './responses.service.ts';

let testApp: TestApp;
let anna: TestVisitor;
let roundId: string;
let breakRoundId: string;
const actor = { userId: null, label: 'test' };

before(async () => {
  testApp = await buildTestApp();
  const { db } = testApp.database;
  const clock = testApp.clock;
  // Kiruna answered in 2023 (skr-2023); Luleå in 2019 (skr-2019), where the CISO's time share was a band.
  const round2023 = await createImportedRound(db, clock, {
    label: '2023',
    versions: { kommun: 'skr-2023', region: null },
    organisationCodes: ['2584'],
    actor,
  });
  const answers2023 = new Map(completeAnswers(findShippedVersion('skr-2023'), 'kommun'));
  answers2023.set('ciso_designated', 'yes').set('ciso_time_share', 50).set('security_hours_per_year', 1200);
  await saveImportedResponse(db, clock, {
    roundId: round2023.id,
    organisationCode: '2584',
    versionId: 'skr-2023',
    answers: answers2023,
    actor,
  });
  const round2019 = await createImportedRound(db, clock, {
    label: '2019',
    versions: { kommun: 'skr-2019', region: null },
    organisationCodes: ['2580'],
    actor,
  });
  await saveImportedResponse(db, clock, {
    roundId: round2019.id,
    organisationCode: '2580',
    versionId: 'skr-2019',
    answers: new Map<string, string>([
      ['ciso_designated', 'yes'],
      ['ciso_time_share', 'from_25_to_49'],
    ]),
    actor,
  });
  roundId = await createOpenRound(db, {
    label: '2026',
    versions: { kommun: 'skr-2026', region: null },
    organisations: [{ code: '2584' }],
  });
  breakRoundId = await createOpenRound(db, {
    label: '2024',
    versions: { kommun: 'skr-2023', region: null },
    organisations: [{ code: '2580' }],
  });
  anna = await signIn(testApp, 'anna@kiruna.se', {
    kind: 'organisation',
    organisationCode: '2584',
    role: 'respondent',
  });
});
after(async () => testApp.close());

test('a comparable question shows last round’s answer; a series break shows none', async () => {
  const page = await anna.get(`/answer/${roundId}/2584/sections/organisation`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /data-previous="ciso_designated"><p class="muted">Förra omgången \(2023\): Ja<\/p>/);
  assert.match(page.body, /Förra omgången \(2023\): 1.200 timmar/);
  assert.doesNotMatch(page.body, /Ifyllt från förra omgången/);

  const { db } = testApp.database;
  const luleå = await loadAnsweringContext(db, testApp.clock, breakRoundId, '2580');
  const previous = await findPreviousAnswers(db, luleå);
  assert.deepEqual(previous.get('ciso_designated'), { roundLabel: '2019', value: 'yes' });
  assert.equal(previous.has('ciso_time_share'), false, 'changed between skr-2019 and skr-2023');
});

test('starting from last round’s answers copies them, marked until confirmed or changed; submission waits', async () => {
  const { db } = testApp.database;
  const clock = testApp.clock;
  const overview = await anna.get(`/answer/${roundId}/2584`);
  assert.match(overview.body, /Utgå från förra omgångens svar/);
  const prefilled = await anna.post(`/answer/${roundId}/2584/prefill`, {});
  assert.equal(prefilled.statusCode, 200);
  const context = await loadAnsweringContext(db, clock, roundId, '2584');
  const marked = await listPrefilledKeys(db, context);
  assert.match(prefilled.body, new RegExp(`${marked.size} svar har fyllts i från förra omgången`));
  assert.equal(context.answers.get('ciso_time_share')?.value, 50);
  assert.ok(marked.has('ciso_designated') && marked.has('ciso_time_share'));
  assert.equal(context.answers.has('supervisory_registration'), false, 'new in 2026: nothing to copy');

  const section = await anna.get(`/answer/${roundId}/2584/sections/organisation`);
  assert.match(section.body, /Ifyllt från förra omgången \(2023\)\. Bekräfta att det stämmer eller ändra det\./);
  assert.match(section.body, /name="confirm_ciso_designated" value="yes"/);

  const refused = await anna.post(`/answer/${roundId}/2584/submit`, {});
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /Svaret är ifyllt från förra omgången: bekräfta det eller ändra det\./);
  assert.match(
    refused.body,
    /<h2 id="unconfirmed-title">Svar ifyllda från förra omgången som ska bekräftas eller ändras<\/h2>/,
  );
  assert.match(
    refused.body,
    /id="unconfirmed-ciso_designated" href="[^"]+\/sections\/organisation#confirm-ciso_designated"/,
  );

  // Changing an answer removes its mark; confirming in the form removes the others of that section.
  await saveAnswer(db, clock, {
    roundId,
    organisationCode: '2584',
    questionKey: 'security_hours_per_year',
    value: 1500,
    baseRevision: context.answers.get('security_hours_per_year')?.revision ?? 0,
    actor,
  });
  assert.equal((await listPrefilledKeys(db, context)).has('security_hours_per_year'), false);
  const form: Record<string, string> = { action: 'save' };
  const fresh = await loadAnsweringContext(db, clock, roundId, '2584');
  for (const question of fresh.version.sections[0]?.questions ?? []) {
    const answer = fresh.answers.get(question.key);
    if (!answer) continue;
    form[`q_${question.key}`] = Array.isArray(answer.value) ? String(answer.value[0]) : String(answer.value);
    form[`rev_${question.key}`] = String(answer.revision);
    form[`confirm_${question.key}`] = 'yes';
  }
  const saved = await anna.post(`/answer/${roundId}/2584/sections/organisation`, form);
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));
  const remaining = await listPrefilledKeys(db, fresh);
  assert.equal(remaining.has('ciso_designated'), false);
  assert.equal(remaining.has('respondent_role'), false);

  // The rest confirmed, the new question answered: the response is submitted.
  await confirmPrefilledAnswers(db, fresh.response?.id ?? '', [...remaining]);
  await saveAnswer(db, clock, {
    roundId,
    organisationCode: '2584',
    questionKey: 'supervisory_registration',
    value: 'yes',
    baseRevision: 0,
    actor,
  });
  const submitted = await anna.post(`/answer/${roundId}/2584/submit`, {});
  assert.equal(submitted.statusCode, 303, submitted.body.slice(0, 300));
});
