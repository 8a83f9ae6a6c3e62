import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findShippedVersion } from '../questionnaires/questionnaire.fixtures.ts';
import { assessNis2Coverage, judgeCoverage, listMeasureQuestions } from './nis2-coverage.ts';

const version = findShippedVersion('skr-2023');
const incident = listMeasureQuestions(version, 'kommun').get('b') ?? [];

test('incident handling (b) is decided by its four yes/no questions, in questionnaire order', () => {
  assert.deepEqual(
    incident.map((item) => item.key),
    ['incident_method', 'incident_reporting_deadlines', 'logging_monitoring', 'incident_lessons_learned'],
  );
  // incidents_reported_count maps to (b) too, but a number describes rather than judges.
  assert.ok(!incident.some((item) => item.key === 'incidents_reported_count'));
});

test('covered needs every deciding answer yes; partly needs one yes or partly; otherwise a gap', () => {
  const all = new Map(incident.map((item) => [item.key, 'yes']));
  assert.equal(judgeCoverage(incident, all).status, 'covered');
  assert.deepEqual(judgeCoverage(incident, all).openQuestions, []);
  const oneNo = new Map([...all, ['logging_monitoring', 'no']]);
  const partly = judgeCoverage(incident, oneNo);
  assert.equal(partly.status, 'partly');
  assert.deepEqual(
    partly.openQuestions.map((item) => item.key),
    ['logging_monitoring'],
  );
  assert.equal(partly.nextStep, 'anvanda');
  const none = judgeCoverage(incident, new Map([['incident_method', 'no']]));
  assert.equal(none.status, 'gap');
  // The earliest MSB step among the open questions: incident_method lies in Utforma, before Använda.
  assert.equal(none.nextStep, 'utforma');
  assert.equal(judgeCoverage(incident, new Map([['incident_method', 'partly']])).status, 'partly');
  assert.equal(judgeCoverage([], all).status, 'not-measured');
});

test('an organisation answering yes everywhere covers all ten measures', () => {
  const answers = new Map(
    version.sections.flatMap((section) => section.questions).map((question) => [question.key, 'yes'] as const),
  );
  const coverage = assessNis2Coverage(version, 'region', answers);
  assert.deepEqual(
    coverage.map((measure) => measure.point),
    ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'],
  );
  assert.ok(coverage.every((measure) => measure.status === 'covered'));
});
