import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateCondition, isQuestionVisible, listConditionQuestions, visibleQuestions } from './conditions.ts';
import { buildCascadeVersion } from './questionnaire.fixtures.ts';
import type { Answers, OrganisationType } from './questionnaire.schema.ts';
import { checkQuestionnaireRules } from './questionnaire-rules.ts';

const version = buildCascadeVersion();

function visibleKeys(answers: Answers, orgType: OrganisationType = 'kommun'): string[] {
  return visibleQuestions(version, orgType, answers).map((question) => question.key);
}

test('the test questionnaire itself breaks no rule', () => {
  assert.deepEqual(checkQuestionnaireRules(version), []);
});

test('equals, in and answered compare codes strictly', () => {
  const answers = { a: 'yes', n: 5, m: ['x', 'y'], empty: '', none: [] };
  assert.equal(evaluateCondition({ question: 'a', equals: 'yes' }, answers), true);
  assert.equal(evaluateCondition({ question: 'a', equals: 'no' }, answers), false);
  assert.equal(evaluateCondition({ question: 'n', equals: 5 }, answers), true);
  assert.equal(evaluateCondition({ question: 'n', equals: '5' }, answers), false);
  assert.equal(evaluateCondition({ question: 'a', in: ['partly', 'yes'] }, answers), true);
  assert.equal(evaluateCondition({ question: 'a', in: ['partly', 'no'] }, answers), false);
  assert.equal(evaluateCondition({ question: 'a', answered: true }, answers), true);
  assert.equal(evaluateCondition({ question: 'missing', answered: false }, answers), true);
  assert.equal(evaluateCondition({ question: 'empty', answered: false }, answers), true);
  assert.equal(evaluateCondition({ question: 'none', answered: true }, answers), false);
});

test('a comparison with no answer is false, except answered: false', () => {
  for (const condition of [
    { question: 'missing', equals: 'yes' },
    { question: 'missing', in: ['yes'] },
    { question: 'missing', gt: -1 },
    { question: 'missing', lt: 1 },
    { question: 'missing', includes: 'x' },
    { question: 'missing', answered: true },
  ]) {
    assert.equal(evaluateCondition(condition, {}), false, JSON.stringify(condition));
  }
});

test('numeric comparisons hold only for numbers, and several operators form a range', () => {
  const answers = { n: 10, text: '10' };
  assert.equal(evaluateCondition({ question: 'n', gt: 10 }, answers), false);
  assert.equal(evaluateCondition({ question: 'n', gte: 10 }, answers), true);
  assert.equal(evaluateCondition({ question: 'n', lt: 10 }, answers), false);
  assert.equal(evaluateCondition({ question: 'n', lte: 10 }, answers), true);
  assert.equal(evaluateCondition({ question: 'text', gte: 10 }, answers), false);
  assert.equal(evaluateCondition({ question: 'n', gte: 5, lte: 9 }, answers), false);
  assert.equal(evaluateCondition({ question: 'n', gte: 5, lte: 15 }, answers), true);
});

test('includes looks inside a multiple-choice answer only', () => {
  const answers = { m: ['tool_a', 'tool_c'], single: 'tool_a' };
  assert.equal(evaluateCondition({ question: 'm', includes: 'tool_c' }, answers), true);
  assert.equal(evaluateCondition({ question: 'm', includes: 'tool_b' }, answers), false);
  assert.equal(evaluateCondition({ question: 'single', includes: 'tool_a' }, answers), false);
});

test('all, any and not combine and nest', () => {
  const answers = { a: 'yes', b: 'no', n: 3 };
  const aYes = { question: 'a', equals: 'yes' };
  const bYes = { question: 'b', equals: 'yes' };
  assert.equal(evaluateCondition({ all: [aYes, bYes] }, answers), false);
  assert.equal(evaluateCondition({ any: [aYes, bYes] }, answers), true);
  assert.equal(evaluateCondition({ not: bYes }, answers), true);
  assert.equal(evaluateCondition({ not: { not: aYes } }, answers), true);
  assert.equal(evaluateCondition({ all: [aYes, { any: [bYes, { question: 'n', lt: 5 }] }] }, answers), true);
  assert.equal(evaluateCondition({ all: [aYes, { any: [bYes, { question: 'n', gt: 5 }] }] }, answers), false);
  assert.equal(
    evaluateCondition({ any: [bYes, { not: { all: [aYes, { question: 'n', equals: 3 }] } }] }, answers),
    false,
  );
});

test('a condition lists the questions it reads, each once, nested parts included', () => {
  assert.deepEqual(listConditionQuestions({ question: 'a', equals: 'yes' }), ['a']);
  assert.deepEqual(
    listConditionQuestions({
      all: [
        { question: 'b', gte: 10 },
        { any: [{ question: 'a', equals: 'yes' }, { not: { question: 'b', answered: true } }] },
        { not: { question: 'c', includes: 'x' } },
      ],
    }),
    ['b', 'a', 'c'],
  );
});

test('with no answers only unconditional questions and negated conditions show', () => {
  assert.deepEqual(visibleKeys({}), [
    'has_policy',
    'tools',
    'staff_share',
    'nothing_yet',
    'without_region_answer',
    'hours',
  ]);
});

test('a chain of conditions shows each step once the step before is answered', () => {
  const answers = { has_policy: 'yes', policy_year: 2021, policy_recent: 'partly', review_note: 'Ny 2021.' };
  assert.deepEqual(visibleKeys(answers).slice(0, 4), ['has_policy', 'policy_year', 'policy_recent', 'review_note']);
});

test('hiding a question hides, in cascade, the questions that depend on its answer', () => {
  // policy_year still holds 2021, but has_policy = no hides it, so policy_recent and review_note go too.
  const answers = { has_policy: 'no', policy_year: 2021, policy_recent: 'yes', review_note: 'Kvar.' };
  const keys = visibleKeys(answers);
  assert.equal(keys.includes('policy_year'), false);
  assert.equal(keys.includes('policy_recent'), false);
  assert.equal(keys.includes('review_note'), false);
  assert.equal(isQuestionVisible(version, 'kommun', 'review_note', answers), false);
  assert.equal(isQuestionVisible(version, 'kommun', 'review_note', { ...answers, has_policy: 'yes' }), true);
});

test('a hidden question counts as unanswered inside not', () => {
  const base = { has_policy: 'yes', tools: ['tool_b'], policy_year: 2021, policy_recent: 'no' };
  assert.equal(isQuestionVisible(version, 'kommun', 'combined', base), false);
  // An old year hides policy_recent, so its 'no' no longer counts and not(policy_recent = no) holds.
  assert.equal(isQuestionVisible(version, 'kommun', 'combined', { ...base, policy_year: 2015 }), true);
  assert.equal(
    isQuestionVisible(version, 'kommun', 'combined', { ...base, policy_year: 2015, tools: ['tool_c'] }),
    false,
  );
  assert.equal(
    isQuestionVisible(version, 'kommun', 'combined', { ...base, policy_year: 2015, tools: [], staff_share: 50 }),
    true,
  );
});

test('numbers choose between alternative follow-up questions', () => {
  assert.deepEqual(
    [5, 10, 90, 95].map((share) => {
      const keys = visibleKeys({ staff_share: share });
      return [keys.includes('low_or_high'), keys.includes('middle')];
    }),
    [
      [true, false],
      [false, true],
      [false, true],
      [true, false],
    ],
  );
});

test('multiple choice shows a follow-up when the option is chosen', () => {
  assert.equal(visibleKeys({ tools: ['tool_b', 'tool_a'] }).includes('tool_a_detail'), true);
  assert.equal(visibleKeys({ tools: ['tool_b'] }).includes('tool_a_detail'), false);
});

test('questions for another organisation type are hidden and count as unanswered', () => {
  const answers = { region_only: 'yes' };
  assert.deepEqual(
    visibleKeys(answers, 'kommun').filter((key) => key.includes('region')),
    ['without_region_answer'],
  );
  assert.deepEqual(
    visibleKeys(answers, 'region').filter((key) => key.includes('region')),
    ['region_only', 'after_region'],
  );
});

test('a version asks nothing of an organisation type it does not target', () => {
  const kommunOnly = { ...buildCascadeVersion(), targets: ['kommun' as const] };
  assert.deepEqual(visibleQuestions(kommunOnly, 'region', {}), []);
});
