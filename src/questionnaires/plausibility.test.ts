import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findPlausibilityRule, findPlausibilityWarnings, listPossibleWarnings } from './plausibility.ts';
import type { Question } from './questionnaire.schema.ts';

const hours: Question = {
  key: 'hours',
  type: 'integer',
  text: { sv: 'Timmar', en: 'Hours' },
  required: false,
  min: 0,
  plausible: { max: 5000, ratio: 3 },
  mapping: {},
};
const plan: Question = {
  key: 'plan',
  type: 'yes_no',
  text: { sv: 'Plan?', en: 'Plan?' },
  required: true,
  indicator: { sv: 'har en plan', en: 'have a plan' },
  mapping: {},
};

test('a number three times or a third of last round, or outside the plausible range, warns', () => {
  const rule = findPlausibilityRule(hours);
  assert.deepEqual(rule, { max: 5000, ratio: 3 });
  assert.deepEqual(findPlausibilityWarnings(rule, 300, 100), ['ratio_above']);
  assert.deepEqual(findPlausibilityWarnings(rule, 299, 100), []);
  assert.deepEqual(findPlausibilityWarnings(rule, 34, 100), []);
  assert.deepEqual(findPlausibilityWarnings(rule, 33, 100), ['ratio_below']);
  assert.deepEqual(findPlausibilityWarnings(rule, 6000, 1000), ['above_max', 'ratio_above']);
  // No earlier answer, or an earlier zero, gives no ratio to compare with.
  assert.deepEqual(findPlausibilityWarnings(rule, 4000, undefined), []);
  assert.deepEqual(findPlausibilityWarnings(rule, 4000, 0), []);
  assert.deepEqual(findPlausibilityWarnings(rule, null, 100), []);
});

test('yes become no on an indicator question warns; other questions never do', () => {
  const rule = findPlausibilityRule(plan);
  assert.deepEqual(rule, { isIndicator: true });
  assert.deepEqual(findPlausibilityWarnings(rule, 'no', 'yes'), ['yes_to_no']);
  assert.deepEqual(findPlausibilityWarnings(rule, 'yes', 'no'), []);
  assert.equal(findPlausibilityRule({ ...plan, indicator: undefined }), undefined);
});

test('only the warnings a rule can give are offered, those comparing with last round only when it is known', () => {
  const rule = findPlausibilityRule(hours);
  assert.ok(rule);
  assert.deepEqual(listPossibleWarnings(rule, true), ['ratio_above', 'ratio_below', 'above_max']);
  assert.deepEqual(listPossibleWarnings(rule, false), ['above_max']);
  assert.deepEqual(listPossibleWarnings({ isIndicator: true }, true), ['yes_to_no']);
});
