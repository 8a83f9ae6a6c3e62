import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Language } from '../web/i18n.ts';
import { createWordingContext, describeCondition, formatNumber } from './condition-wording.ts';
import { describeBounds, describeMappings } from './question-facts.ts';
import { buildCascadeVersion } from './questionnaire.fixtures.ts';
import type { OrganisationType, Question } from './questionnaire.schema.ts';

const version = buildCascadeVersion();
const questions = version.sections.flatMap((section) => section.questions);

function findQuestion(key: string): Question {
  const question = questions.find((candidate) => candidate.key === key);
  if (!question) throw new Error(`no question ${key}`);
  return question;
}

function describe(key: string, orgType: OrganisationType, language: Language): string {
  const condition = findQuestion(key).showIf;
  if (!condition) throw new Error(`${key} has no condition`);
  return describeCondition(condition, createWordingContext(version, orgType, language));
}

test('every kind of condition reads as words, with question numbers and option labels', () => {
  const expected: Array<[string, string, string]> = [
    ['policy_year', '1.1 = Ja', '1.1 = Yes'],
    ['policy_recent', '1.2 ≥ 2020', '1.2 ≥ 2020'],
    ['review_note', '1.3 = Ja eller Delvis', '1.3 = Yes or Partly'],
    ['tool_a_detail', '1.5 omfattar Verktyg A', '1.5 includes Tool A'],
    ['low_or_high', '2.1 < 10 eller 2.1 > 90', '2.1 < 10 or 2.1 > 90'],
    ['middle', '2.1 ≥ 10 och 2.1 ≤ 90', '2.1 ≥ 10 and 2.1 ≤ 90'],
    ['nothing_yet', 'inte (1.1 är besvarad eller 1.5 är besvarad)', 'not (1.1 is answered or 1.5 is answered)'],
    [
      'combined',
      '1.1 = Ja och inte (1.3 = Nej) och (1.5 omfattar Verktyg B eller 2.1 ≥ 50)',
      '1.1 = Yes and not (1.3 = No) and (1.5 includes Tool B or 2.1 ≥ 50)',
    ],
  ];
  for (const [key, sv, en] of expected) {
    assert.equal(describe(key, 'kommun', 'sv'), sv, key);
    assert.equal(describe(key, 'kommun', 'en'), en, key);
  }
});

test('a question the organisation type is not asked is named by its label; numbers follow the type', () => {
  assert.equal(describe('after_region', 'kommun', 'sv'), '”Bara regioner” = Ja');
  assert.equal(describe('without_region_answer', 'kommun', 'en'), '“Regions only” is not answered');
  assert.equal(describe('after_region', 'region', 'sv'), '2.5 = Ja');
});

test('numbers are written the way each language writes them', () => {
  assert.equal(formatNumber(2020, 'sv'), '2020');
  assert.equal(formatNumber(100000, 'sv'), '100\u00a0000');
  assert.equal(formatNumber(0.5, 'sv'), '0,5');
  assert.equal(formatNumber(100000, 'en'), '100,000');
  const context = createWordingContext(version, 'kommun', 'sv');
  assert.equal(describeBounds(findQuestion('hours'), context), '0–100\u00a0000');
  assert.equal(describeBounds(findQuestion('staff_share'), context), '0–100');
  assert.equal(describeBounds(findQuestion('has_policy'), context), undefined);
});

test('mappings name the NIS2 point, the matching point of the law, leadership training, the MSB step and ISO', () => {
  const [section] = version.sections;
  if (!section) throw new Error('no section');
  const question: Question = {
    ...findQuestion('has_policy'),
    mapping: { nis2: ['c', 'g'], leadershipTraining: true, msbStep: 'anvanda', iso27001: ['5.24', 'A.5.29'] },
  };
  assert.deepEqual(describeMappings(question, section, createWordingContext(version, 'kommun', 'sv')), [
    'NIS2 art. 21.2 (c) = cybersäkerhetslagen 2 kap. 3 § 3 p.: Kontinuitetshantering, till exempel säkerhetskopiering och återställning efter katastrof, samt krishantering',
    'NIS2 art. 21.2 (g) = cybersäkerhetslagen 2 kap. 3 § 7 p.: Grundläggande cyberhygien och utbildning i cybersäkerhet',
    'Cybersäkerhetslagen 2 kap. 4 §: Ledningen ska genomgå utbildning i hantering av cybersäkerhetsrisker',
    'MSB:s metodstöd, steget Använda',
    'ISO/IEC 27001:2022: 5.24, A.5.29',
  ]);
  const english = describeMappings(
    { ...question, mapping: { nis2: ['j'] } },
    { ...section, msbStep: 'folja_upp_forbattra' },
    createWordingContext(version, 'kommun', 'en'),
  );
  assert.deepEqual(english, [
    'NIS2 Art. 21(2)(j) = Cybersecurity Act ch. 2 s. 3 point 10: Multi-factor authentication and secured communications, including secured emergency communication systems',
    'MSB’s method, the step Follow up and improve',
  ]);
});
