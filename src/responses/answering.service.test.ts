import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { completeAnswers, createOpenRound, reopenForOrganisation, updateRound } from '../../test/factories.ts';
import { grantUserRole } from '../accounts/accounts.service.ts';
import type { Actor } from '../audit/audit.service.ts';
import { findAuditEvents, verifyAuditLog } from '../audit/audit.service.ts';
import { createFixedClock } from '../clock.ts';
import { ensureOrganisationRegistry } from '../organisations/organisations.service.ts';
import { listConditionKeys, listQuestions } from '../questionnaires/conditions.ts';
import { listAnswerOptions } from '../questionnaires/question-wording.ts';
import { findShippedVersion } from '../questionnaires/questionnaire.fixtures.ts';
import { saveAnswer } from './answer-save.service.ts';
import { listVisibleKeys, loadAnsweringContext } from './answering.service.ts';
import { findResponse, listAnswerHistory, listAnswers } from './responses.service.ts';
import { submitResponse } from './submission.service.ts';

let database: TestDatabase;
const clock = createFixedClock(new Date('2026-03-01T08:00:00.000Z'));
let anna: Actor;
let bo: Actor;

before(async () => {
  database = await createTestDatabase();
  await ensureOrganisationRegistry(database.db, clock);
  const grant = async (email: string): Promise<Actor> => {
    const user = await grantUserRole(database.db, clock, {
      email,
      grant: { kind: 'organisation', organisationCode: '2584', role: 'respondent' },
      actor: { userId: null, label: 'test' },
    });
    return { userId: user.id, label: email };
  };
  anna = await grant('anna@kiruna.se');
  bo = await grant('bo@kiruna.se');
});
after(async () => database.drop());

async function newRound(codes = ['2584']): Promise<string> {
  return createOpenRound(database.db, { organisations: codes.map((code) => ({ code })) });
}

function save(roundId: string, actor: Actor, questionKey: string, value: unknown, baseRevision: number, code = '2584') {
  return saveAnswer(database.db, clock, { roundId, organisationCode: code, questionKey, value, baseRevision, actor });
}

test('the first save creates the response with the round’s version, and every change is kept with who and when', async () => {
  const roundId = await newRound();
  const saved = await save(roundId, anna, 'ciso_designated', 'yes', 0);
  assert.equal(saved.kind, 'saved');
  assert.deepEqual(saved.kind === 'saved' && { revision: saved.revision, savedAt: saved.savedAt }, {
    revision: 1,
    savedAt: '2026-03-01T08:00:00.000Z',
  });
  assert.ok(
    saved.kind === 'saved' && saved.visibleKeys.includes('ciso_time_share'),
    'the answer reveals the time share',
  );
  const response = await findResponse(database.db, roundId, '2584');
  assert.equal(response?.versionId, 'skr-2023');
  assert.equal(response?.status, 'in_progress');
  const changed = await save(roundId, anna, 'ciso_designated', 'no', 1);
  assert.equal(changed.kind === 'saved' && changed.revision, 2);
  assert.ok(changed.kind === 'saved' && !changed.visibleKeys.includes('ciso_time_share'));
  const history = await listAnswerHistory(database.db, response?.id ?? '');
  assert.deepEqual(
    history.map((change) => [
      change.questionKey,
      change.value,
      change.previousValue,
      change.revision,
      change.kind,
      change.changedBy,
    ]),
    [
      ['ciso_designated', 'yes', null, 1, 'save', anna.userId],
      ['ciso_designated', 'no', 'yes', 2, 'save', anna.userId],
    ],
  );
  const events = await findAuditEvents(
    database.db,
    { action: 'response.answer_saved', subjectId: response?.id ?? '' },
    { limit: 10 },
  );
  assert.equal(events.length, 2);
  assert.equal((await verifyAuditLog(database.db)).isIntact, true);
});

test('a save based on an older revision is refused as a conflict showing the other value, who and when', async () => {
  const roundId = await newRound();
  await save(roundId, anna, 'security_hours_per_year', '1 200', 0);
  const refused = await save(roundId, bo, 'security_hours_per_year', 900, 0);
  assert.deepEqual(refused, {
    kind: 'conflict',
    current: { value: 1200, revision: 1, updatedBy: 'anna@kiruna.se', updatedAt: '2026-03-01T08:00:00.000Z' },
  });
  const overwritten = await save(roundId, bo, 'security_hours_per_year', 900, 1);
  assert.equal(overwritten.kind === 'saved' && overwritten.revision, 2);
  const same = await save(roundId, anna, 'security_hours_per_year', '900', 1);
  assert.equal(same.kind === 'saved' && same.isChanged, false, 'the same value is no conflict and no change');
});

test('two saves racing on the same revision: exactly one wins', async () => {
  const roundId = await newRound();
  await save(roundId, anna, 'security_forum', 'yes', 0);
  const results = await Promise.all([
    save(roundId, anna, 'security_forum', 'no', 1),
    save(roundId, bo, 'security_forum', 'no', 1),
  ]);
  // Equal values do not conflict; different ones must.
  assert.equal(results.filter((result) => result.kind === 'saved').length, 2);
  const racing = await Promise.all([
    save(roundId, anna, 'budget_allocated', 'yes', 0),
    save(roundId, bo, 'budget_allocated', 'no', 0),
  ]);
  assert.deepEqual(racing.map((result) => result.kind).sort(), ['conflict', 'saved']);
});

test('clearing an answer keeps its revision, so a stale save after the clear is still a conflict', async () => {
  const roundId = await newRound();
  await save(roundId, anna, 'security_hours_per_year', 50, 0);
  const cleared = await save(roundId, anna, 'security_hours_per_year', null, 1);
  assert.equal(cleared.kind === 'saved' && cleared.revision, 2);
  const context = await loadAnsweringContext(database.db, clock, roundId, '2584');
  assert.equal(context.answers.has('security_hours_per_year'), false);
  assert.equal((await save(roundId, bo, 'security_hours_per_year', 70, 1)).kind, 'conflict');
  const again = await save(roundId, bo, 'security_hours_per_year', 70, 2);
  assert.equal(again.kind === 'saved' && again.revision, 3);
  const history = await listAnswerHistory(database.db, context.response?.id ?? '');
  assert.deepEqual(
    history.map((change) => [change.value, change.revision]),
    [
      [50, 1],
      [null, 2],
      [70, 3],
    ],
  );
});

test('an invalid answer is refused with messages in both languages; a hidden question cannot be answered', async () => {
  const roundId = await newRound();
  await save(roundId, anna, 'ciso_designated', 'no', 0);
  const invalid = await save(roundId, anna, 'security_hours_per_year', 'many', 0);
  assert.equal(invalid.kind, 'invalid');
  assert.match(invalid.kind === 'invalid' ? (invalid.errors[0]?.message.sv ?? '') : '', /heltal/);
  assert.match(invalid.kind === 'invalid' ? (invalid.errors[0]?.message.en ?? '') : '', /whole number/);
  const hidden = await save(roundId, anna, 'ciso_time_share', 50, 0);
  assert.equal(hidden.kind, 'invalid');
  assert.match(hidden.kind === 'invalid' ? (hidden.errors[0]?.message.sv ?? '') : '', /visas inte/);
  const context = await loadAnsweringContext(database.db, clock, roundId, '2584');
  assert.deepEqual([...context.answers.keys()], ['ciso_designated']);
  await assert.rejects(save(roundId, anna, 'medical_devices_included', 'yes', 0), { code: 'not_found' });
  await assert.rejects(save(roundId, anna, 'ciso_designated', 'yes', 0, '0180'), { code: 'not_found' });
});

test('submit requires the visible required questions, drops hidden answers, and later changes are recorded', async () => {
  const roundId = await newRound();
  const missing = await submitResponse(database.db, clock, { roundId, organisationCode: '2584', actor: anna });
  assert.equal(missing.kind, 'invalid');
  const version = findShippedVersion('skr-2023');
  const revisions = new Map<string, number>();
  for (const [key, value] of completeAnswers(version, 'kommun')) {
    const result = await save(roundId, anna, key, value, 0);
    assert.equal(result.kind, 'saved', key);
    revisions.set(key, result.kind === 'saved' ? result.revision : 0);
  }
  // The complete answers say yes and give a time share; saying no hides it, and it must not be submitted.
  assert.equal((await save(roundId, anna, 'ciso_time_share', 40, 1)).kind, 'saved');
  assert.equal((await save(roundId, anna, 'ciso_designated', 'no', 1)).kind, 'saved');
  const submitted = await submitResponse(database.db, clock, { roundId, organisationCode: '2584', actor: anna });
  assert.equal(submitted.kind, 'submitted');
  const response = await findResponse(database.db, roundId, '2584');
  assert.deepEqual([response?.status, response?.submittedBy], ['submitted', 'anna@kiruna.se']);
  const answers = await listAnswers(database.db, response?.id ?? '');
  assert.equal(
    answers.some((answer) => answer.questionKey === 'ciso_time_share'),
    false,
  );
  const history = await listAnswerHistory(database.db, response?.id ?? '');
  assert.deepEqual(
    history.filter((change) => change.kind === 'discard').map((change) => [change.questionKey, change.previousValue]),
    [['ciso_time_share', 40]],
  );

  clock.advance(60_000);
  const changed = await save(roundId, bo, 'security_forum', 'no', revisions.get('security_forum') ?? 0);
  assert.equal(changed.kind, 'saved');
  assert.equal((await findResponse(database.db, roundId, '2584'))?.status, 'submitted');
  const last = (await listAnswerHistory(database.db, response?.id ?? '')).at(-1);
  assert.deepEqual(
    [last?.questionKey, last?.value, last?.changedBy, last?.changedAt],
    ['security_forum', 'no', bo.userId, '2026-03-01T08:01:00.000Z'],
  );
  const emptied = await save(roundId, bo, 'security_forum', null, 2);
  assert.equal(emptied.kind, 'invalid', 'a required answer of a submitted response cannot be emptied');
});

test('an autosave reads only the answers the conditions need, yet shows and discards what all the answers would', async () => {
  const roundId = await newRound();
  const version = findShippedVersion('skr-2023');
  const conditionKeys = listConditionKeys(version);
  assert.ok(conditionKeys.length > 0 && conditionKeys.length < listQuestions(version).length / 2, 'a narrower read');
  const revisions = new Map<string, number>();
  /** Saves one answer and compares its visible questions with those of the whole response, read afresh. */
  const saveAndCompare = async (key: string, value: unknown) => {
    const result = await save(roundId, anna, key, value, revisions.get(key) ?? 0);
    assert.equal(result.kind, 'saved', `${key}: ${JSON.stringify(result)}`);
    if (result.kind !== 'saved') return;
    revisions.set(key, result.revision);
    const whole = await loadAnsweringContext(database.db, clock, roundId, '2584');
    assert.deepEqual(result.visibleKeys, listVisibleKeys(whole), `after saving ${key}`);
  };
  for (const [key, value] of completeAnswers(version, 'kommun')) await saveAndCompare(key, value);
  // Every answer of every question that a condition reads, and back: the conditions' cascades both ways.
  for (const question of listQuestions(version).filter((candidate) => conditionKeys.includes(candidate.key))) {
    const codes = listAnswerOptions(question).map((option) => option.code);
    if (codes.length === 0) continue;
    const first = codes[0] ?? '';
    for (const code of [...codes.slice(1), first]) {
      const context = await loadAnsweringContext(database.db, clock, roundId, '2584');
      if (!listVisibleKeys(context).includes(question.key)) continue;
      await saveAndCompare(question.key, question.type === 'multiple_choice' ? [code] : code);
    }
  }
  for (const [key, value] of completeAnswers(version, 'kommun')) {
    const current = await loadAnsweringContext(database.db, clock, roundId, '2584');
    if (!current.answers.has(key)) await saveAndCompare(key, value);
  }
  const submitted = await submitResponse(database.db, clock, { roundId, organisationCode: '2584', actor: anna });
  assert.equal(submitted.kind, 'submitted');
  // After the submission an answer that hides another discards it: a submitted response's save reads it whole.
  const response = await findResponse(database.db, roundId, '2584');
  const isTimeShareStored = async () =>
    (await listAnswers(database.db, response?.id ?? '')).some((answer) => answer.questionKey === 'ciso_time_share');
  const countDiscards = async () =>
    (await listAnswerHistory(database.db, response?.id ?? '')).filter(
      (change) => change.kind === 'discard' && change.questionKey === 'ciso_time_share',
    ).length;
  assert.equal(await isTimeShareStored(), true);
  const discardsBefore = await countDiscards();
  await saveAndCompare('ciso_designated', 'no');
  assert.equal(await isTimeShareStored(), false);
  assert.equal(await countDiscards(), discardsBefore + 1);
});

test('after closing everything is read-only; reopening for one organisation lets only that one answer', async () => {
  const roundId = await newRound(['2584', '0180']);
  await save(roundId, anna, 'security_forum', 'yes', 0);
  await updateRound(database.db, roundId, { status: 'closed' });
  assert.equal((await save(roundId, anna, 'security_forum', 'no', 1)).kind, 'closed');
  assert.equal(
    (await submitResponse(database.db, clock, { roundId, organisationCode: '2584', actor: anna })).kind,
    'closed',
  );
  assert.equal((await loadAnsweringContext(database.db, clock, roundId, '2584')).window.reason, 'closed');

  await reopenForOrganisation(database.db, roundId, '2584', '2026-03-08T08:00:00.000Z');
  assert.equal((await save(roundId, anna, 'security_forum', 'no', 1)).kind, 'saved');
  assert.equal((await save(roundId, anna, 'security_forum', 'yes', 0, '0180')).kind, 'closed');

  const passed = await newRound();
  await updateRound(database.db, passed, { closesAt: '2026-03-01T07:59:00.000Z' });
  assert.equal((await save(passed, anna, 'security_forum', 'yes', 0)).kind, 'closed', 'past the closing time');
});
