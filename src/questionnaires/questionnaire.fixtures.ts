/**
 * A small questionnaire for tests, built to exercise every kind of condition: a three-step cascade, numbers,
 * multiple choice, `not` over `any`, a question only regions see, and a nested combination.
 */
import type { Question, QuestionnaireVersion } from './questionnaire.schema.ts';
import { loadShippedQuestionnaires } from './questionnaire-file.ts';

function text(sv: string, en: string) {
  return { sv, en };
}

function question(key: string, type: Question['type'], extra: Partial<Question> = {}): Question {
  return { key, type, text: text(`Fråga ${key}?`, `Question ${key}?`), required: false, mapping: {}, ...extra };
}

const tools = [
  { code: 'tool_a', label: text('Verktyg A', 'Tool A') },
  { code: 'tool_b', label: text('Verktyg B', 'Tool B') },
  { code: 'tool_c', label: text('Verktyg C', 'Tool C') },
];

/** Builds a fresh copy of the test questionnaire, so a test may change it without affecting others. */
export function buildCascadeVersion(): QuestionnaireVersion {
  return {
    id: 'cascade-test',
    title: text('Testenkät', 'Test questionnaire'),
    year: 2024,
    targets: ['kommun', 'region'],
    sections: [
      {
        key: 'first',
        title: text('Första', 'First'),
        intro: text('Inledning.', 'Introduction.'),
        questions: [
          question('has_policy', 'yes_no', { required: true, label: text('Policy', 'Policy') }),
          question('policy_year', 'integer', {
            label: text('Policyns år', 'Year of the policy'),
            min: 1990,
            max: 2030,
            required: true,
            showIf: { question: 'has_policy', equals: 'yes' },
          }),
          question('policy_recent', 'yes_partly_no', { showIf: { question: 'policy_year', gte: 2020 } }),
          question('review_note', 'free_text', { showIf: { question: 'policy_recent', in: ['yes', 'partly'] } }),
          question('tools', 'multiple_choice', { options: tools }),
          question('tool_a_detail', 'free_text', { showIf: { question: 'tools', includes: 'tool_a' } }),
        ],
      },
      {
        key: 'second',
        title: text('Andra', 'Second'),
        intro: text('Inledning.', 'Introduction.'),
        questions: [
          question('staff_share', 'percent', { label: text('Andel personal', 'Share of staff') }),
          question('low_or_high', 'yes_no', {
            showIf: {
              any: [
                { question: 'staff_share', lt: 10 },
                { question: 'staff_share', gt: 90 },
              ],
            },
          }),
          question('middle', 'yes_no', { showIf: { question: 'staff_share', gte: 10, lte: 90 } }),
          question('nothing_yet', 'free_text', {
            showIf: {
              not: {
                any: [
                  { question: 'has_policy', answered: true },
                  { question: 'tools', answered: true },
                ],
              },
            },
          }),
          question('region_only', 'yes_no', { targets: ['region'], label: text('Bara regioner', 'Regions only') }),
          question('after_region', 'yes_no', { showIf: { question: 'region_only', equals: 'yes' } }),
          question('without_region_answer', 'yes_no', { showIf: { question: 'region_only', answered: false } }),
          question('combined', 'single_choice', {
            options: tools,
            required: true,
            showIf: {
              all: [
                { question: 'has_policy', equals: 'yes' },
                { not: { question: 'policy_recent', equals: 'no' } },
                {
                  any: [
                    { question: 'tools', includes: 'tool_b' },
                    { question: 'staff_share', gte: 50 },
                  ],
                },
              ],
            },
          }),
          question('hours', 'integer', { label: text('Timmar', 'Hours'), min: 0, max: 100000, required: true }),
        ],
      },
    ],
  };
}

let shipped: readonly QuestionnaireVersion[] | undefined;

/** A version as shipped in data/questionnaires, for tests that need its questions without a database. */
export function findShippedVersion(id: string): QuestionnaireVersion {
  shipped ??= loadShippedQuestionnaires();
  const version = shipped.find((candidate) => candidate.id === id);
  if (!version) throw new Error(`${id} is not shipped`);
  return version;
}

/** Every shipped version, oldest first, for tests. */
export function listShippedVersions(): readonly QuestionnaireVersion[] {
  shipped ??= loadShippedQuestionnaires();
  return shipped;
}
