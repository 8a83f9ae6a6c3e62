import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateAnswers } from './answer-validation.ts';
import { numberQuestions } from './question-wording.ts';
import { buildCascadeVersion } from './questionnaire.fixtures.ts';
import type { QuestionnaireVersion } from './questionnaire.schema.ts';
import { loadShippedQuestionnaires } from './questionnaire-file.ts';

function findShipped(id: string): QuestionnaireVersion {
  const version = loadShippedQuestionnaires().find((candidate) => candidate.id === id);
  if (!version) throw new Error(`${id} is not shipped`);
  return version;
}

const skr2023 = findShipped('skr-2023');
const fixture = buildCascadeVersion();

function errorCodes(result: ReturnType<typeof validateAnswers>) {
  return result.errors.map((error) => [error.key, error.code]);
}

test('questions are numbered per organisation type, section by section', () => {
  const kommun = numberQuestions(skr2023, 'kommun');
  const region = numberQuestions(skr2023, 'region');
  assert.equal(kommun.get('security_hours_per_year'), '1.4');
  assert.equal(kommun.get('municipal_companies_included'), '1.8');
  assert.equal(kommun.get('medical_devices_included'), undefined);
  assert.equal(region.get('medical_devices_included'), '1.8');
  assert.equal(region.get('legal_requirements_identified'), '2.1');
  assert.equal(kommun.get('comment'), '5.9');
});

test('a number out of range names the question by number and label in Swedish and English', () => {
  const result = validateAnswers(skr2023, 'kommun', { security_hours_per_year: 250000 });
  assert.deepEqual(result.errors, [
    {
      key: 'security_hours_per_year',
      code: 'out_of_range',
      message: {
        // Swedish groups thousands with a no-break space, so "100 000" never breaks over two lines.
        sv: 'Fråga 1.4 (Informationssäkerhetstimmar per år): ange ett heltal mellan 0 och 100\u00a0000.',
        en: 'Question 1.4 (Information security hours per year): enter a whole number between 0 and 100,000.',
      },
    },
  ]);
  assert.deepEqual(result.answers, {});
});

test('answers are normalised: numbers from form text, codes trimmed, choices in option order', () => {
  const result = validateAnswers(skr2023, 'kommun', {
    ciso_designated: ' yes ',
    ciso_time_share: '37,5',
    security_hours_per_year: '1 500',
    budget_allocated: true,
    budget_amount: '2\u00a0000\u00a0000',
    cooperation_external: 'yes',
    cooperation_partners: ['skr', 'msb'],
    comment: '  Rad ett\r\nRad två  ',
  });
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.answers, {
    ciso_designated: 'yes',
    ciso_time_share: 37.5,
    security_hours_per_year: 1500,
    budget_allocated: 'yes',
    budget_amount: 2000000,
    cooperation_external: 'yes',
    cooperation_partners: ['msb', 'skr'],
    comment: 'Rad ett\nRad två',
  });
});

test('a single ticked box becomes a list of one', () => {
  const result = validateAnswers(skr2023, 'kommun', { cooperation_external: 'yes', cooperation_partners: 'msb' });
  assert.deepEqual(result.answers.cooperation_partners, ['msb']);
});

test('wrong types and unknown codes are errors in questionnaire order', () => {
  const result = validateAnswers(skr2023, 'kommun', {
    cooperation_external: 'yes',
    cooperation_partners: ['msb', 'unknown_partner'],
    ciso_designated: 'kanske',
    respondent_role: 'ciso',
    budget_allocated: 'yes',
    budget_amount: '12,5',
    classification_risk_method: 'yes',
    classification_model: 'excel',
    awareness_activities: 1,
    incidents_reported_count: 'många',
  });
  assert.deepEqual(errorCodes(result), [
    ['ciso_designated', 'invalid_option'],
    ['budget_amount', 'not_a_number'],
    ['classification_model', 'invalid_option'],
    ['awareness_activities', 'invalid_option'],
    ['incidents_reported_count', 'not_a_number'],
    ['cooperation_partners', 'invalid_option'],
  ]);
  assert.deepEqual(result.errors[0]?.message, {
    sv: 'Fråga 1.2 (Utpekad informationssäkerhetssamordnare): svara ja eller nej.',
    en: 'Question 1.2 (Designated information security coordinator): answer yes or no.',
  });
  assert.deepEqual(result.errors[1]?.message, {
    sv: 'Fråga 1.6 (Budget för informationssäkerhet): ange ett heltal mellan 0 och 1\u00a0000\u00a0000\u00a0000.',
    en: 'Question 1.6 (Information security budget): enter a whole number between 0 and 1,000,000,000.',
  });
  assert.deepEqual(result.answers, {
    respondent_role: 'ciso',
    budget_allocated: 'yes',
    classification_risk_method: 'yes',
    cooperation_external: 'yes',
  });
});

test('percent answers must lie within 0-100', () => {
  const result = validateAnswers(skr2023, 'kommun', { ciso_designated: 'yes', ciso_time_share: 101 });
  assert.deepEqual(
    result.errors[0]?.message.sv,
    'Fråga 1.3 (Informationssäkerhetssamordnarens arbetstid): ange en andel i procent mellan 0 och 100.',
  );
  assert.equal(result.errors[0]?.code, 'out_of_range');
});

test('a multiple-choice answer may not repeat an option', () => {
  const result = validateAnswers(skr2023, 'region', {
    cooperation_external: 'yes',
    cooperation_partners: ['msb', 'msb'],
  });
  assert.deepEqual(result.errors, [
    {
      key: 'cooperation_partners',
      code: 'duplicate_option',
      message: {
        sv: 'Fråga 5.8 (Samverkanspartner): samma svarsalternativ är valt mer än en gång.',
        en: 'Question 5.8 (Cooperation partners): the same option is chosen more than once.',
      },
    },
  ]);
});

test('free text is limited in length and may not hold control characters', () => {
  const tooLong = validateAnswers(skr2023, 'kommun', { comment: 'å'.repeat(4001) });
  assert.deepEqual(tooLong.errors[0]?.message, {
    sv: 'Fråga 5.9 (Övriga kommentarer): svaret får vara högst 4\u00a0000 tecken långt (nu 4\u00a0001).',
    en: 'Question 5.9 (Other comments): the answer may be at most 4,000 characters long (now 4,001).',
  });
  assert.deepEqual(validateAnswers(skr2023, 'kommun', { comment: 'å'.repeat(4000) }).errors, []);
  assert.deepEqual(errorCodes(validateAnswers(skr2023, 'kommun', { comment: 'Hej\u0007' })), [
    ['comment', 'control_characters'],
  ]);
  assert.deepEqual(errorCodes(validateAnswers(skr2023, 'kommun', { comment: 'Hej\u009b' })), [
    ['comment', 'control_characters'],
  ]);
  assert.deepEqual(errorCodes(validateAnswers(skr2023, 'kommun', { comment: 42 })), [['comment', 'not_text']]);
  assert.deepEqual(validateAnswers(skr2023, 'kommun', { comment: 'Rad\tett\nRad två' }).answers, {
    comment: 'Rad\tett\nRad två',
  });
});

test('unknown keys and questions for the other organisation type are rejected', () => {
  const result = validateAnswers(skr2023, 'kommun', { medical_devices_included: 'yes', favourite_colour: 'blue' });
  assert.deepEqual(result.errors, [
    {
      key: 'medical_devices_included',
      code: 'not_targeted',
      message: {
        sv: 'Frågan ”Medicintekniska produkter omfattas” ställs inte till kommuner.',
        en: 'The question “Medical devices included” is not asked of municipalities.',
      },
    },
    {
      key: 'favourite_colour',
      code: 'unknown_question',
      message: {
        sv: 'Frågan ”favourite_colour” finns inte i enkäten.',
        en: 'The question “favourite_colour” is not part of the questionnaire.',
      },
    },
  ]);
  assert.deepEqual(result.discarded, []);
});

test('answers to hidden questions are dropped and reported, even when invalid', () => {
  const result = validateAnswers(skr2023, 'kommun', {
    ciso_designated: 'no',
    ciso_time_share: 50,
    budget_allocated: 'no',
    budget_amount: 'inte relevant',
    cooperation_external: 'no',
    cooperation_partners: ['msb'],
  });
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.discarded, ['ciso_time_share', 'budget_amount', 'cooperation_partners']);
  assert.deepEqual(result.answers, { ciso_designated: 'no', budget_allocated: 'no', cooperation_external: 'no' });
});

test('dropping follows the cascade of conditions', () => {
  const answers = { has_policy: 'no', policy_year: 2021, policy_recent: 'yes', review_note: 'Kvar.', hours: 3 };
  const result = validateAnswers(fixture, 'region', answers);
  assert.deepEqual(result.discarded, ['policy_year', 'policy_recent', 'review_note']);
  assert.deepEqual(result.answers, { has_policy: 'no', hours: 3 });
});

test('a draft may be incomplete; a submission must answer every visible required question', () => {
  assert.deepEqual(validateAnswers(fixture, 'kommun', {}, { mode: 'draft' }).errors, []);
  assert.deepEqual(errorCodes(validateAnswers(fixture, 'kommun', {}, { mode: 'submit' })), [
    ['has_policy', 'required'],
    ['hours', 'required'],
  ]);
  const submitted = validateAnswers(fixture, 'kommun', { has_policy: 'yes', tools: ['tool_b'] }, { mode: 'submit' });
  assert.deepEqual(errorCodes(submitted), [
    ['policy_year', 'required'],
    ['combined', 'required'],
    ['hours', 'required'],
  ]);
  assert.deepEqual(submitted.errors[0]?.message, {
    sv: 'Fråga 1.2 (Policyns år): frågan måste besvaras.',
    en: 'Question 1.2 (Year of the policy): this question must be answered.',
  });
});

test('submitting the shipped 2023 questionnaire empty asks for its 40 visible required questions', () => {
  const result = validateAnswers(skr2023, 'kommun', {}, { mode: 'submit' });
  assert.equal(result.errors.length, 40);
  assert.equal(
    result.errors.every((error) => error.code === 'required'),
    true,
  );
  const keys = result.errors.map((error) => error.key);
  assert.equal(keys.includes('respondent_role'), true);
  assert.equal(keys.includes('ciso_time_share'), false, 'hidden until ciso_designated is yes');
  assert.equal(keys.includes('security_hours_per_year'), false, 'not required');
  assert.equal(keys.includes('medical_devices_included'), false, 'regions only');
});

test('empty values count as no answer rather than as errors', () => {
  const result = validateAnswers(fixture, 'kommun', { has_policy: '', tools: [], hours: null, staff_share: '  ' });
  assert.deepEqual(result, { answers: {}, errors: [], discarded: [] });
});
