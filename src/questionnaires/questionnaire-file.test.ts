import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { repositoryPath } from '../paths.ts';
import type { QuestionnaireVersion } from './questionnaire.schema.ts';
import {
  checkQuestionnaireFile,
  loadShippedQuestionnaires,
  type ParseResult,
  parseQuestionnaire,
} from './questionnaire-file.ts';

const shippedPath = (id: string) => repositoryPath('data', 'questionnaires', `${id}.yaml`);
const original2023 = readFileSync(shippedPath('skr-2023'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'lagesbild-questionnaire-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The 1-based line on which `fragment` starts in `text`; the fragment must occur exactly once. */
function lineOf(text: string, fragment: string): number {
  const index = text.indexOf(fragment);
  assert.notEqual(index, -1, `fragment not found: ${fragment}`);
  assert.equal(text.indexOf(fragment, index + 1), -1, `fragment not unique: ${fragment}`);
  return text.slice(0, index).split('\n').length;
}

/** Writes a copy of the shipped 2023 file with one replacement, returning its path and new text. */
function breakShippedFile(name: string, from: string, to: string) {
  assert.equal(original2023.split(from).length, 2, `not unique in skr-2023.yaml: ${from}`);
  const text = original2023.replace(from, to);
  const path = join(scratch, name);
  writeFileSync(path, text);
  return { path, text };
}

function errorsOf(result: ParseResult) {
  assert.equal(result.ok, false, 'expected errors');
  return result.ok ? [] : result.errors;
}

test('both shipped questionnaires pass the check', () => {
  assert.deepEqual(checkQuestionnaireFile(shippedPath('skr-2019')), {
    ok: true,
    lines: [
      'data/questionnaires/skr-2019.yaml: OK',
      'skr-2019 (Kommunernas informationssäkerhetsarbete 2019): 5 sections, 25 questions (kommun 25)',
    ],
  });
  assert.deepEqual(checkQuestionnaireFile(shippedPath('skr-2023')), {
    ok: true,
    lines: [
      'data/questionnaires/skr-2023.yaml: OK',
      'skr-2023 (Informationssäkerhet i kommuner och regioner 2023): 5 sections, 51 questions (kommun 50, region 50)',
      'compared with skr-2019: 21 unchanged, 3 reworded, 1 changed, 26 added, 0 removed',
    ],
  });
});

test('loadShippedQuestionnaires reads every shipped version, oldest first', () => {
  assert.deepEqual(
    loadShippedQuestionnaires().map((version) => [version.id, version.previous]),
    [
      ['skr-2019', undefined],
      ['skr-2023', 'skr-2019'],
      ['skr-2026', 'skr-2023'],
    ],
  );
});

test('a wrong question type is reported with file, path, line and column', () => {
  const { path, text } = breakShippedFile(
    'wrong-type.yaml',
    'key: ciso_designated\n        type: yes_no',
    'key: ciso_designated\n        type: yes_or_no',
  );
  const result = checkQuestionnaireFile(path);
  const line = lineOf(text, 'type: yes_or_no');
  assert.equal(result.ok, false);
  assert.deepEqual(result.lines, [
    `${path}:${line}:15: sections[0].questions[1].type must be one of: yes_no, yes_partly_no, single_choice, multiple_choice, integer, decimal, percent, free_text (found the text 'yes_or_no')`,
    `1 error in ${path}`,
  ]);
});

test('a condition on an unknown key is reported at the key it names', () => {
  const { path, text } = breakShippedFile(
    'unknown-key.yaml',
    "showIf: { question: budget_allocated, equals: 'yes' }",
    "showIf: { question: budget_alocated, equals: 'yes' }",
  );
  const line = lineOf(text, 'question: budget_alocated');
  assert.deepEqual(checkQuestionnaireFile(path).lines, [
    `${path}:${line}:29: sections[0].questions[5].showIf.question refers to the unknown question 'budget_alocated'`,
    `1 error in ${path}`,
  ]);
});

test('a duplicate key is reported, and so is the comparability entry it orphans', () => {
  const { path, text } = breakShippedFile('duplicate.yaml', 'key: security_forum', 'key: budget_allocated');
  const keyLine = text.split('\n').findLastIndex((line) => line.includes('key: budget_allocated')) + 1;
  assert.deepEqual(checkQuestionnaireFile(path).lines, [
    `${path}:${keyLine}:14: sections[0].questions[6].key repeats the question key 'budget_allocated' of sections[0].questions[4]`,
    `${path}:${lineOf(text, '  security_forum: { status: unchanged }')}:3: comparability.security_forum 'security_forum' is not a question of both skr-2019 and skr-2023`,
    `2 errors in ${path}`,
  ]);
});

test('a file that cannot be read fails the check', () => {
  const result = checkQuestionnaireFile(join(scratch, 'missing.yaml'));
  assert.equal(result.ok, false);
  assert.equal(result.lines.length, 1);
  assert.match(result.lines[0] ?? '', /missing\.yaml: cannot be read \(ENOENT/u);
});

const header = `id: test-1
title: { sv: Test, en: Test }
year: 2024
targets: [kommun]
sections:
  - key: only
    title: { sv: Avsnitt, en: Section }
    intro: { sv: Inledning, en: Introduction }
    questions:
`;

function parseQuestions(questions: string, findVersion?: (id: string) => QuestionnaireVersion | undefined) {
  return errorsOf(parseQuestionnaire(header + questions, 'test.yaml', findVersion ? { findVersion } : {}));
}

function brief(errors: ReturnType<typeof parseQuestions>) {
  return errors.map((error) => `${error.line}:${error.column} ${error.path} ${error.message}`);
}

const yesNo = (key: string, extra = '') =>
  `      - key: ${key}\n        type: yes_no\n        required: true\n        text: { sv: Fråga?, en: Question? }\n        mapping: {}\n${extra}`;

test('a YAML syntax error names its line', () => {
  const errors = errorsOf(parseQuestionnaire('id: x\ntitle: [unclosed\n', 'broken.yaml'));
  assert.equal(errors[0]?.file, 'broken.yaml');
  assert.equal(errors[0]?.line, 3);
});

test('a missing property is reported at the mapping that lacks it, an unknown one at its key', () => {
  const questions = `      - key: a\n        type: yes_no\n        text: { sv: Fråga?, en: Question? }\n        mapping: {}\n        colour: blue\n`;
  assert.deepEqual(brief(parseQuestions(questions)), [
    '10:9 sections[0].questions[0].required is required',
    '14:9 sections[0].questions[0].colour is not a known property (allowed: key, type, text, label, textByType, help, required, unit, min, max, plausible, options, targets, showIf, indicator, mapping)',
  ]);
});

test('a malformed condition is explained in the branch the author meant', () => {
  const questions = `${yesNo('a')}${yesNo('b', '        showIf: { all: [{ question: a, equalz: "yes" }, { anything: 1 }] }\n')}`;
  assert.deepEqual(brief(parseQuestions(questions)), [
    '20:40 sections[0].questions[1].showIf.all[0].equalz is not a known property (allowed: question, equals, in, answered, gt, gte, lt, lte, includes)',
    '20:57 sections[0].questions[1].showIf.all[1] must have one of the properties: all, any, not, question',
  ]);
});

test('conditions may only look back, and only at answers that can occur', () => {
  const questions = [
    yesNo('a', '        showIf: { question: b, equals: "yes" }\n'),
    yesNo('b', '        showIf: { question: b, answered: true }\n'),
    yesNo('c', '        showIf: { any: [{ question: a, equals: "ja" }, { question: a, gt: 3 }, { question: a }] }\n'),
  ].join('');
  assert.deepEqual(brief(parseQuestions(questions)), [
    '15:29 sections[0].questions[0].showIf.question refers to a later question (sections[0].questions[1]); a condition may only look at earlier questions',
    '21:29 sections[0].questions[1].showIf.question refers to the question itself; a condition may only look at earlier questions',
    '27:48 sections[0].questions[2].showIf.any[0].equals "ja" is not an answer to \'a\' (yes_no); expected one of: yes, no',
    "27:75 sections[0].questions[2].showIf.any[1].gt only compares numbers, and 'a' (yes_no) is not numeric",
    '27:80 sections[0].questions[2].showIf.any[2] needs one of: equals, in, answered, gt, gte, lt, lte, includes',
  ]);
});

test('option, bound and indicator rules are checked', () => {
  const questions = `      - key: hours
        type: integer
        required: true
        text: { sv: Timmar?, en: Hours? }
        min: 10
        max: 5
        options:
          - { code: x, label: { sv: X, en: X } }
          - { code: x, label: { sv: Y, en: Y } }
        indicator: { sv: finns timmar, en: there are hours }
        mapping: {}
      - key: pick
        type: single_choice
        required: true
        text: { sv: Välj, en: Choose }
        unit: { sv: st, en: pcs }
        mapping: {}
`;
  assert.deepEqual(brief(parseQuestions(questions)), [
    '16:9 sections[0].questions[0].options are not allowed here: integer is not a choice type',
    "18:21 sections[0].questions[0].options[1].code repeats the option code 'x' of options[0]",
    '14:14 sections[0].questions[0].min (10) is greater than max (5)',
    '19:9 sections[0].questions[0].indicator is only allowed on yes_no and yes_partly_no questions, not integer',
    '21:9 sections[0].questions[1].options are required for a single_choice question',
    '25:9 sections[0].questions[1].unit is only allowed on integer, decimal and percent questions, not single_choice',
  ]);
});

test('comparability must cover exactly the keys shared with the previous version', () => {
  const previous = loadShippedQuestionnaires()[0];
  const withComparability = header.replace(
    'targets: [kommun]\n',
    'targets: [kommun]\nprevious: skr-2019\ncomparability:\n  policy_adopted: { status: changed }\n  new_thing: { status: unchanged }\n',
  );
  const text = `${withComparability}${yesNo('policy_adopted')}${yesNo('ciso_designated')}${yesNo('new_thing')}`;
  const errors = errorsOf(parseQuestionnaire(text, 'test.yaml', { findVersion: () => previous }));
  assert.deepEqual(brief(errors), [
    "6:1 comparability has no entry for 'ciso_designated', which skr-2019 also asks (sections[0].questions[1]); say unchanged, reworded or changed",
    '7:19 comparability.policy_adopted.note is required when the status is changed: say why the series breaks',
    "8:3 comparability.new_thing 'new_thing' is not a question of both skr-2019 and test-1",
  ]);
  const missing = errorsOf(parseQuestionnaire(text, 'test.yaml', { findVersion: () => undefined }));
  assert.deepEqual(brief(missing), ["5:11 previous names the version 'skr-2019', which was not found"]);
});

test('a file that expands aliases without bound is refused, not expanded', () => {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (const [index, name] of ['b', 'c', 'd', 'e', 'f', 'g'].entries()) {
    const previous = index === 0 ? 'a' : ['b', 'c', 'd', 'e', 'f'][index - 1];
    lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
  }
  assert.deepEqual(brief(errorsOf(parseQuestionnaire(lines.join('\n'), 'bomb.yaml'))), [
    '1:1  Excessive alias count indicates a resource exhaustion attack',
  ]);
});
