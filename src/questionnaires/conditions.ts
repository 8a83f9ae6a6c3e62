/**
 * Display conditions. Pure and free of Node imports: the browser bundle evaluates the same rules.
 *
 * Semantics, exactly:
 * - A question is shown only to the organisation types it targets (its own `targets`, else the version's).
 * - Questions are resolved in document order. A question is visible when it is targeted and its `showIf` holds
 *   over the answers of the visible questions before it. An answer to a hidden question counts as no answer, so
 *   hiding a question also hides, in cascade, the questions that depend on its answer being present.
 * - A comparison with no answer is false, except `answered: false`, which is true. An empty text or an empty
 *   list counts as no answer.
 * - `equals` is strict equality with the code or number; `in` is equality with any listed value; `gt`, `gte`,
 *   `lt`, `lte` hold only for numeric answers; `includes` holds when a multiple-choice answer contains the code.
 *   Several operators in one comparison must all hold, so `{ gte: 10, lte: 20 }` is a range.
 * - `all` holds when every part holds, `any` when at least one does, `not` when its part does not.
 */
import type {
  Answers,
  AnswerValue,
  Comparison,
  Condition,
  OrganisationType,
  Question,
  QuestionnaireVersion,
} from './questionnaire.schema.ts';

/** Returns whether a value counts as an answer: present, and not an empty text or empty list. */
export function isAnswered(value: AnswerValue | undefined): value is AnswerValue {
  if (value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Evaluates a condition against answers that are already limited to the visible questions. */
export function evaluateCondition(condition: Condition, answers: Answers): boolean {
  if ('all' in condition) return condition.all.every((part) => evaluateCondition(part, answers));
  if ('any' in condition) return condition.any.some((part) => evaluateCondition(part, answers));
  if ('not' in condition) return !evaluateCondition(condition.not, answers);
  return evaluateComparison(condition, answers);
}

/** Lists the questions whose answers a condition reads, each once, in the order they first appear. */
export function listConditionQuestions(condition: Condition): string[] {
  if ('all' in condition) return [...new Set(condition.all.flatMap(listConditionQuestions))];
  if ('any' in condition) return [...new Set(condition.any.flatMap(listConditionQuestions))];
  if ('not' in condition) return listConditionQuestions(condition.not);
  return [condition.question];
}

function evaluateComparison(comparison: Comparison, answers: Answers): boolean {
  const raw = answers[comparison.question];
  const answer = isAnswered(raw) ? raw : undefined;
  const checks: boolean[] = [];
  if (comparison.answered !== undefined) checks.push(comparison.answered === (answer !== undefined));
  if (comparison.equals !== undefined) checks.push(answer === comparison.equals);
  if (comparison.in !== undefined) checks.push(comparison.in.some((value) => value === answer));
  if (comparison.includes !== undefined) {
    const code = comparison.includes;
    checks.push(Array.isArray(answer) && answer.includes(code));
  }
  const number = typeof answer === 'number' ? answer : undefined;
  if (comparison.gt !== undefined) checks.push(number !== undefined && number > comparison.gt);
  if (comparison.gte !== undefined) checks.push(number !== undefined && number >= comparison.gte);
  if (comparison.lt !== undefined) checks.push(number !== undefined && number < comparison.lt);
  if (comparison.lte !== undefined) checks.push(number !== undefined && number <= comparison.lte);
  // A comparison without an operator is rejected when the file is loaded; here it must not show anything.
  return checks.length > 0 && checks.every(Boolean);
}

// Versions are not changed once parsed, and the pages and saves list their questions many times per request.
const questionLists = new WeakMap<QuestionnaireVersion, readonly Question[]>();

/** Lists every question of a version in document order, across sections. */
export function listQuestions(version: QuestionnaireVersion): readonly Question[] {
  const cached = questionLists.get(version);
  if (cached) return cached;
  const questions = Object.freeze(version.sections.flatMap((section) => section.questions));
  questionLists.set(version, questions);
  return questions;
}

const conditionKeyLists = new WeakMap<QuestionnaireVersion, readonly string[]>();

/**
 * The keys whose answers can change what is visible, or be hidden: every question with a condition and every
 * question a condition reads. `visibleQuestions` reads no other answer, so over these answers alone it gives the
 * same questions as over all of them.
 */
export function listConditionKeys(version: QuestionnaireVersion): readonly string[] {
  const cached = conditionKeyLists.get(version);
  if (cached) return cached;
  const keys = new Set<string>();
  for (const question of listQuestions(version)) {
    if (!question.showIf) continue;
    keys.add(question.key);
    for (const key of listConditionQuestions(question.showIf)) keys.add(key);
  }
  const list = Object.freeze([...keys]);
  conditionKeyLists.set(version, list);
  return list;
}

/** Returns whether a question is asked of the given organisation type at all, regardless of answers. */
export function isQuestionTargeted(
  version: QuestionnaireVersion,
  question: Question,
  orgType: OrganisationType,
): boolean {
  return version.targets.includes(orgType) && (question.targets ?? version.targets).includes(orgType);
}

/** Lists the questions an organisation of the given type sees with these answers, in document order. */
export function visibleQuestions(
  version: QuestionnaireVersion,
  orgType: OrganisationType,
  answers: Answers,
): Question[] {
  const visible: Question[] = [];
  const seen: Record<string, AnswerValue> = {};
  for (const question of listQuestions(version)) {
    if (!isQuestionTargeted(version, question, orgType)) continue;
    if (question.showIf && !evaluateCondition(question.showIf, seen)) continue;
    visible.push(question);
    const answer = answers[question.key];
    if (answer !== undefined) seen[question.key] = answer;
  }
  return visible;
}

/** Returns whether the question with this key is shown, following conditions through hidden questions. */
export function isQuestionVisible(
  version: QuestionnaireVersion,
  orgType: OrganisationType,
  key: string,
  answers: Answers,
): boolean {
  return visibleQuestions(version, orgType, answers).some((question) => question.key === key);
}
