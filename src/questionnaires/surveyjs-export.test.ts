import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Model, QuestionSelectBase, QuestionTextModel } from 'survey-core';
import { isQuestionTargeted, listQuestions, visibleQuestions } from './conditions.ts';
import { findNumericBounds, findQuestionText, listAnswerOptions, numberQuestions } from './question-wording.ts';
import { buildCascadeVersion } from './questionnaire.fixtures.ts';
import type { Answers, OrganisationType, QuestionnaireVersion } from './questionnaire.schema.ts';
import { loadShippedQuestionnaires } from './questionnaire-file.ts';
import { exportToSurveyJs } from './surveyjs-export.ts';

function findShipped(id: string): QuestionnaireVersion {
  const version = loadShippedQuestionnaires().find((candidate) => candidate.id === id);
  if (!version) throw new Error(`${id} is not shipped`);
  return version;
}

const skr2023 = findShipped('skr-2023');

const expectedTypes = {
  yes_no: 'radiogroup',
  yes_partly_no: 'radiogroup',
  single_choice: 'radiogroup',
  multiple_choice: 'checkbox',
  integer: 'text',
  decimal: 'text',
  percent: 'text',
  free_text: 'comment',
} as const;

function assertQuestionsSurvive(version: QuestionnaireVersion, orgType: OrganisationType) {
  const model = new Model(exportToSurveyJs(version, orgType, 'both'));
  const asked = listQuestions(version).filter((question) => isQuestionTargeted(version, question, orgType));
  const numbers = numberQuestions(version, orgType);
  assert.deepEqual(
    model.getAllQuestions().map((element) => element.name),
    asked.map((question) => question.key),
  );
  for (const language of ['sv', 'en'] as const) {
    model.locale = language;
    for (const question of asked) {
      const element = model.getQuestionByName(question.key);
      assert.ok(element, question.key);
      assert.equal(element.getType(), expectedTypes[question.type], question.key);
      assert.equal(element.isRequired, question.required, question.key);
      const title = `${numbers.get(question.key)} ${findQuestionText(question, orgType)[language]}`;
      assert.equal(element.title, title, question.key);
      if (element instanceof QuestionSelectBase) {
        assert.deepEqual(
          element.choices.map((choice) => [choice.value, choice.text]),
          listAnswerOptions(question).map((option) => [option.code, option.label[language]]),
          question.key,
        );
      }
      if (element instanceof QuestionTextModel) {
        const { min, max } = findNumericBounds(question);
        assert.equal(element.inputType, 'number', question.key);
        assert.deepEqual([element.min, element.max], [min, max], question.key);
      }
    }
  }
}

/** Loads the answers into a fresh SurveyJS model and lists the questions it shows. */
function listSurveyJsVisible(version: QuestionnaireVersion, orgType: OrganisationType, answers: Answers) {
  const model = new Model(exportToSurveyJs(version, orgType, 'sv'));
  model.mergeData(answers);
  return model
    .getAllQuestions()
    .filter((element) => element.isVisible)
    .map((element) => element.name);
}

test('every shipped question, option, type and bound survives the round trip into survey-core', () => {
  assertQuestionsSurvive(skr2023, 'kommun');
  assertQuestionsSurvive(skr2023, 'region');
  assertQuestionsSurvive(buildCascadeVersion(), 'region');
});

test('one-language export uses plain strings and the survey locale', () => {
  const json = exportToSurveyJs(skr2023, 'region', 'en');
  assert.equal(json.locale, 'en');
  assert.equal(json.title, 'Information security in municipalities and regions 2023');
  assert.deepEqual(
    json.pages.map((page) => page.name),
    ['organisation', 'identifiera_analysera', 'utforma', 'anvanda', 'folja_upp_forbattra'],
  );
  const hours = json.pages[0]?.elements.find((element) => element.name === 'security_hours_per_year');
  assert.deepEqual(hours, {
    name: 'security_hours_per_year',
    type: 'text',
    title: "1.4 How many hours a year do the region's staff work on information security in total?",
    description:
      "Include the coordinator's time and other staff's time, for example in IT, archives and legal. An estimate is enough. Given in hours.",
    isRequired: false,
    inputType: 'number',
    min: 0,
    max: 100000,
    step: 1,
  });
});

test('conditions become SurveyJS expressions, guarded so that hidden answers do not count', () => {
  const elements = exportToSurveyJs(buildCascadeVersion(), 'kommun', 'sv').pages.flatMap((page) => page.elements);
  const visibleIf = Object.fromEntries(elements.map((element) => [element.name, element.visibleIf]));
  assert.equal(visibleIf.has_policy, undefined);
  assert.equal(visibleIf.policy_year, "{has_policy} = 'yes'");
  assert.equal(
    visibleIf.policy_recent,
    "({has_policy} = 'yes' and ({policy_year} notempty and {policy_year} >= 2020))",
  );
  assert.equal(visibleIf.tool_a_detail, "{tools} contains 'tool_a'");
  assert.equal(visibleIf.after_region, 'false', 'region_only is never asked of a kommun');
  assert.equal(visibleIf.without_region_answer, undefined, 'always shown to a kommun');
});

test('SurveyJS shows exactly the questions isQuestionVisible shows, for many answer sets', () => {
  const version = buildCascadeVersion();
  const answerSets: Answers[] = [
    {},
    { has_policy: 'yes' },
    { has_policy: 'yes', policy_year: 2021, policy_recent: 'partly', review_note: 'Ny.' },
    { has_policy: 'no', policy_year: 2021, policy_recent: 'yes', review_note: 'Kvar.' },
    { has_policy: 'yes', policy_year: 2015, policy_recent: 'no', tools: ['tool_b'] },
    { has_policy: 'yes', policy_year: 2021, policy_recent: 'no', tools: ['tool_b'] },
    { has_policy: 'yes', tools: ['tool_a', 'tool_c'], staff_share: 50 },
    { tools: ['tool_a'], staff_share: 5 },
    { staff_share: 10 },
    { staff_share: 90.5 },
    { region_only: 'yes', has_policy: 'no' },
    { region_only: 'no', staff_share: 0 },
  ];
  for (const orgType of ['kommun', 'region'] as const) {
    for (const answers of answerSets) {
      const expected = visibleQuestions(version, orgType, answers).map((question) => question.key);
      assert.deepEqual(
        listSurveyJsVisible(version, orgType, answers),
        expected,
        `${orgType} ${JSON.stringify(answers)}`,
      );
    }
  }
});

test('the shipped follow-up questions behave the same in SurveyJS', () => {
  const answerSets: Answers[] = [
    {},
    { ciso_designated: 'yes', budget_allocated: 'yes', classification_risk_method: 'partly' },
    { ciso_designated: 'no', ciso_time_share: 40, incident_method: 'no', cooperation_external: 'yes' },
    { training_required: 'yes', incident_method: 'yes', cooperation_external: 'no', cooperation_partners: ['msb'] },
  ];
  for (const answers of answerSets) {
    const expected = visibleQuestions(skr2023, 'region', answers).map((question) => question.key);
    assert.deepEqual(listSurveyJsVisible(skr2023, 'region', answers), expected, JSON.stringify(answers));
  }
});
