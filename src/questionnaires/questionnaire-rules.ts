/**
 * The rules of a questionnaire version that its schema cannot express: unique keys and codes, conditions that
 * only look back at earlier questions and only compare with answers that can occur, and comparability with the
 * previous version.
 */

import type { ProblemKey, ProblemParam } from './problem-text.ts';
import { isChoiceType, isNumericType, listAnswerOptions } from './question-wording.ts';
import type { Comparison, Condition, Question, QuestionnaireVersion } from './questionnaire.schema.ts';
import { comparisonOperators } from './questionnaire.schema.ts';
import { type PathSegment, type SchemaProblem, schemaProblem } from './schema-errors.ts';

type Path = PathSegment[];

interface PlacedQuestion {
  question: Question;
  path: Path;
  /** Position in document order, to tell earlier from later questions. */
  index: number;
}

function placeQuestions(version: QuestionnaireVersion): PlacedQuestion[] {
  return version.sections
    .flatMap((section, sectionIndex) =>
      section.questions.map((question, questionIndex) => ({
        question,
        path: ['sections', sectionIndex, 'questions', questionIndex],
      })),
    )
    .map((placed, index) => ({ ...placed, index }));
}

/** Lists the rule violations within one version, each with the path of the offending part. */
export function checkQuestionnaireRules(version: QuestionnaireVersion): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const report: Report = (path, key, params) => problems.push(schemaProblem(path, key, params));
  const placed = placeQuestions(version);
  const firstByKey = new Map<string, PlacedQuestion>();
  const sectionKeys = new Map<string, number>();

  version.sections.forEach((section, sectionIndex) => {
    const first = sectionKeys.get(section.key);
    if (first !== undefined)
      report(['sections', sectionIndex, 'key'], 'questionnaires.problem.sectionKeyRepeated', { first });
    else sectionKeys.set(section.key, sectionIndex);
  });
  if (version.previous === version.id) report(['previous'], 'questionnaires.problem.previousSelf');
  if (version.comparability && !version.previous) {
    report(['comparability'], 'questionnaires.problem.comparabilityNeedsPrevious');
  }
  for (const entry of placed) {
    const first = firstByKey.get(entry.question.key);
    if (first) {
      report([...entry.path, 'key'], 'questionnaires.problem.questionKeyRepeated', {
        key: entry.question.key,
        first: formatPath(first.path),
      });
      continue;
    }
    firstByKey.set(entry.question.key, entry);
  }
  for (const entry of placed) {
    checkQuestion(version, entry, report);
    if (entry.question.showIf)
      checkCondition(entry.question.showIf, [...entry.path, 'showIf'], entry, firstByKey, report);
  }
  return problems;
}

function checkQuestion(version: QuestionnaireVersion, { question, path }: PlacedQuestion, report: Report) {
  const { type } = question;
  if (question.options && !(type === 'single_choice' || type === 'multiple_choice')) {
    const key = !isChoiceType(type)
      ? 'questionnaires.problem.optionsNotChoice'
      : type === 'yes_partly_no'
        ? 'questionnaires.problem.optionsFixedPartly'
        : 'questionnaires.problem.optionsFixed';
    report([...path, 'options'], key, { type });
  }
  if ((type === 'single_choice' || type === 'multiple_choice') && !question.options) {
    report([...path, 'options'], 'questionnaires.problem.optionsRequired', { type });
  }
  const codes = new Map<string, number>();
  question.options?.forEach((option, index) => {
    const first = codes.get(option.code);
    if (first !== undefined)
      report([...path, 'options', index, 'code'], 'questionnaires.problem.optionCodeRepeated', {
        code: option.code,
        first,
      });
    else codes.set(option.code, index);
  });
  for (const name of ['min', 'max', 'unit'] as const) {
    if (question[name] !== undefined && !isNumericType(type))
      report([...path, name], 'questionnaires.problem.numericOnly', { type });
  }
  if (question.min !== undefined && question.max !== undefined && question.min > question.max) {
    report([...path, 'min'], 'questionnaires.problem.minAboveMax', { min: question.min, max: question.max });
  }
  if (type === 'percent') {
    if (question.min !== undefined && question.min < 0) report([...path, 'min'], 'questionnaires.problem.percentMin');
    if (question.max !== undefined && question.max > 100) report([...path, 'max'], 'questionnaires.problem.percentMax');
  }
  if (question.indicator && type !== 'yes_no' && type !== 'yes_partly_no') {
    report([...path, 'indicator'], 'questionnaires.problem.indicatorOnly', { type });
  }
  const targets = question.targets ?? version.targets;
  question.targets?.forEach((target, index) => {
    if (!version.targets.includes(target))
      report([...path, 'targets', index], 'questionnaires.problem.targetNotInVersion', { target });
  });
  for (const orgType of ['kommun', 'region'] as const) {
    if (question.textByType?.[orgType] && !targets.includes(orgType)) {
      report([...path, 'textByType', orgType], 'questionnaires.problem.textNeverShown', { orgType });
    }
  }
}

type Report = (path: Path, key: ProblemKey, params?: Readonly<Record<string, ProblemParam>>) => void;

function checkCondition(
  condition: Condition,
  path: Path,
  owner: PlacedQuestion,
  questions: ReadonlyMap<string, PlacedQuestion>,
  report: Report,
) {
  if ('all' in condition || 'any' in condition) {
    const [operator, parts] = 'all' in condition ? ['all', condition.all] : ['any', condition.any];
    for (const [index, part] of parts.entries())
      checkCondition(part, [...path, operator, index], owner, questions, report);
    return;
  }
  if ('not' in condition) return checkCondition(condition.not, [...path, 'not'], owner, questions, report);
  const target = questions.get(condition.question);
  if (!target)
    return report([...path, 'question'], 'questionnaires.problem.unknownQuestion', { key: condition.question });
  if (target.index >= owner.index) {
    return target.index === owner.index
      ? report([...path, 'question'], 'questionnaires.problem.conditionSelf')
      : report([...path, 'question'], 'questionnaires.problem.conditionLater', { path: formatPath(target.path) });
  }
  checkComparison(condition, path, target.question, report);
}

function checkComparison(comparison: Comparison, path: Path, target: Question, report: Report) {
  if (!comparisonOperators.some((operator) => comparison[operator] !== undefined)) {
    return report(path, 'questionnaires.problem.needsOperator', { operators: comparisonOperators.join(', ') });
  }
  const { type } = target;
  const codes = listAnswerOptions(target).map((option) => option.code);
  const describe = `'${target.key}' (${type})`;
  const checkValue = (value: string | number, valuePath: Path) => {
    if (type === 'multiple_choice' || type === 'free_text') {
      return report(valuePath, 'questionnaires.problem.compareByValue', {
        target: describe,
        operator: type === 'free_text' ? 'answered' : 'includes',
      });
    }
    if (isNumericType(type)) {
      if (typeof value !== 'number')
        return report(valuePath, 'questionnaires.problem.mustBeNumber', { target: describe });
      if (type === 'integer' && !Number.isInteger(value))
        report(valuePath, 'questionnaires.problem.notWhole', { value, target: describe });
      if ((target.min !== undefined && value < target.min) || (target.max !== undefined && value > target.max)) {
        report(valuePath, 'questionnaires.problem.outsideRange', { value, target: describe });
      }
      return;
    }
    if (typeof value !== 'string' || !codes.includes(value)) {
      report(valuePath, 'questionnaires.problem.notAnAnswer', {
        value: JSON.stringify(value),
        target: describe,
        codes: codes.join(', '),
      });
    }
  };
  if (comparison.equals !== undefined) checkValue(comparison.equals, [...path, 'equals']);
  for (const [index, value] of (comparison.in ?? []).entries()) checkValue(value, [...path, 'in', index]);
  for (const operator of ['gt', 'gte', 'lt', 'lte'] as const) {
    if (comparison[operator] !== undefined && !isNumericType(type)) {
      report([...path, operator], 'questionnaires.problem.numbersOnly', { target: describe });
    }
  }
  if (comparison.includes !== undefined) {
    if (type !== 'multiple_choice')
      report([...path, 'includes'], 'questionnaires.problem.includesOnlyMultiple', { target: describe });
    else if (!codes.includes(comparison.includes)) {
      report([...path, 'includes'], 'questionnaires.problem.notAnOption', {
        code: comparison.includes,
        target: describe,
        codes: codes.join(', '),
      });
    }
  }
}

/** Lists problems with a version's comparability table against the version it names as `previous`. */
export function checkComparability(version: QuestionnaireVersion, previous: QuestionnaireVersion): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const previousKeys = new Set(placeQuestions(previous).map(({ question }) => question.key));
  const entries = version.comparability ?? {};
  const shared = new Set<string>();
  for (const { question, path } of placeQuestions(version)) {
    if (!previousKeys.has(question.key)) continue;
    shared.add(question.key);
    if (!entries[question.key]) {
      problems.push(
        schemaProblem(['comparability'], 'questionnaires.problem.comparabilityMissing', {
          key: question.key,
          previous: previous.id,
          path: formatPath(path),
        }),
      );
    }
  }
  for (const [key, entry] of Object.entries(entries)) {
    if (!shared.has(key)) {
      const params = { key, previous: previous.id, version: version.id };
      problems.push(
        schemaProblem(['comparability', key], 'questionnaires.problem.comparabilityNotShared', params, true),
      );
    } else if (entry.status === 'changed' && !entry.note) {
      problems.push(schemaProblem(['comparability', key, 'note'], 'questionnaires.problem.comparabilityNoteRequired'));
    }
  }
  return problems;
}

/** Formats a path the way error messages show it, e.g. `sections[2].questions[4].type`. */
export function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join('');
}
