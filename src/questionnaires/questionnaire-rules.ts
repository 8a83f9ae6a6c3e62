/**
 * The rules of a questionnaire version that its schema cannot express: unique keys and codes, conditions that
 * only look back at earlier questions and only compare with answers that can occur, and comparability with the
 * previous version.
 */
import { isChoiceType, isNumericType, listAnswerOptions } from './question-wording.ts';
import type { Comparison, Condition, Question, QuestionnaireVersion } from './questionnaire.schema.ts';
import { comparisonOperators } from './questionnaire.schema.ts';
import type { PathSegment, SchemaProblem } from './schema-errors.ts';

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
  const report = (path: Path, message: string) => problems.push({ path, message });
  const placed = placeQuestions(version);
  const firstByKey = new Map<string, PlacedQuestion>();
  const sectionKeys = new Map<string, number>();

  version.sections.forEach((section, sectionIndex) => {
    const first = sectionKeys.get(section.key);
    if (first !== undefined) report(['sections', sectionIndex, 'key'], `repeats the key of sections[${first}]`);
    else sectionKeys.set(section.key, sectionIndex);
  });
  if (version.previous === version.id) report(['previous'], 'cannot name the version itself');
  if (version.comparability && !version.previous) {
    report(['comparability'], 'needs previous: the id of the version the keys are compared with');
  }
  for (const entry of placed) {
    const first = firstByKey.get(entry.question.key);
    if (first) {
      report([...entry.path, 'key'], `repeats the question key '${entry.question.key}' of ${formatPath(first.path)}`);
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
    const why = isChoiceType(type)
      ? `${type} has the fixed options yes/no${type === 'yes_partly_no' ? '/partly' : ''}`
      : `${type} is not a choice type`;
    report([...path, 'options'], `are not allowed here: ${why}`);
  }
  if ((type === 'single_choice' || type === 'multiple_choice') && !question.options) {
    report([...path, 'options'], `are required for a ${type} question`);
  }
  const codes = new Map<string, number>();
  question.options?.forEach((option, index) => {
    const first = codes.get(option.code);
    if (first !== undefined)
      report([...path, 'options', index, 'code'], `repeats the option code '${option.code}' of options[${first}]`);
    else codes.set(option.code, index);
  });
  for (const name of ['min', 'max', 'unit'] as const) {
    if (question[name] !== undefined && !isNumericType(type))
      report([...path, name], `is only allowed on integer, decimal and percent questions, not ${type}`);
  }
  if (question.min !== undefined && question.max !== undefined && question.min > question.max) {
    report([...path, 'min'], `(${question.min}) is greater than max (${question.max})`);
  }
  if (type === 'percent') {
    if (question.min !== undefined && question.min < 0) report([...path, 'min'], 'of a percent must be at least 0');
    if (question.max !== undefined && question.max > 100) report([...path, 'max'], 'of a percent must be at most 100');
  }
  if (question.indicator && type !== 'yes_no' && type !== 'yes_partly_no') {
    report([...path, 'indicator'], `is only allowed on yes_no and yes_partly_no questions, not ${type}`);
  }
  const targets = question.targets ?? version.targets;
  question.targets?.forEach((target, index) => {
    if (!version.targets.includes(target))
      report([...path, 'targets', index], `'${target}' is not a target of the version`);
  });
  for (const orgType of ['kommun', 'region'] as const) {
    if (question.textByType?.[orgType] && !targets.includes(orgType)) {
      report([...path, 'textByType', orgType], `is never shown: the question does not target ${orgType}`);
    }
  }
}

type Report = (path: Path, message: string) => void;

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
  if (!target) return report([...path, 'question'], `refers to the unknown question '${condition.question}'`);
  if (target.index >= owner.index) {
    const where =
      target.index === owner.index ? 'the question itself' : `a later question (${formatPath(target.path)})`;
    return report([...path, 'question'], `refers to ${where}; a condition may only look at earlier questions`);
  }
  checkComparison(condition, path, target.question, report);
}

function checkComparison(comparison: Comparison, path: Path, target: Question, report: Report) {
  if (!comparisonOperators.some((operator) => comparison[operator] !== undefined)) {
    return report(path, `needs one of: ${comparisonOperators.join(', ')}`);
  }
  const { type } = target;
  const codes = listAnswerOptions(target).map((option) => option.code);
  const describe = `'${target.key}' (${type})`;
  const checkValue = (value: string | number, valuePath: Path) => {
    if (type === 'multiple_choice' || type === 'free_text') {
      return report(
        valuePath,
        `cannot compare ${describe} by value; use ${type === 'free_text' ? 'answered' : 'includes'}`,
      );
    }
    if (isNumericType(type)) {
      if (typeof value !== 'number') return report(valuePath, `must be a number to compare with ${describe}`);
      if (type === 'integer' && !Number.isInteger(value))
        report(valuePath, `${value} is not a whole number as ${describe} requires`);
      if ((target.min !== undefined && value < target.min) || (target.max !== undefined && value > target.max)) {
        report(valuePath, `${value} is outside the range of ${describe}`);
      }
      return;
    }
    if (typeof value !== 'string' || !codes.includes(value)) {
      report(
        valuePath,
        `${JSON.stringify(value)} is not an answer to ${describe}; expected one of: ${codes.join(', ')}`,
      );
    }
  };
  if (comparison.equals !== undefined) checkValue(comparison.equals, [...path, 'equals']);
  for (const [index, value] of (comparison.in ?? []).entries()) checkValue(value, [...path, 'in', index]);
  for (const operator of ['gt', 'gte', 'lt', 'lte'] as const) {
    if (comparison[operator] !== undefined && !isNumericType(type)) {
      report([...path, operator], `only compares numbers, and ${describe} is not numeric`);
    }
  }
  if (comparison.includes !== undefined) {
    if (type !== 'multiple_choice')
      report([...path, 'includes'], `only applies to multiple_choice, and ${describe} is not`);
    else if (!codes.includes(comparison.includes)) {
      report(
        [...path, 'includes'],
        `'${comparison.includes}' is not an option of ${describe}; expected one of: ${codes.join(', ')}`,
      );
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
      problems.push({
        path: ['comparability'],
        message: `has no entry for '${question.key}', which ${previous.id} also asks (${formatPath(path)}); say unchanged, reworded or changed`,
      });
    }
  }
  for (const [key, entry] of Object.entries(entries)) {
    if (!shared.has(key)) {
      problems.push({
        path: ['comparability', key],
        message: `'${key}' is not a question of both ${previous.id} and ${version.id}`,
        isAtKey: true,
      });
    } else if (entry.status === 'changed' && !entry.note) {
      problems.push({
        path: ['comparability', key, 'note'],
        message: 'is required when the status is changed: say why the series breaks',
      });
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
