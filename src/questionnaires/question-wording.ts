/**
 * How a question reads to one organisation type: its number, its text and its answer options. Pure, so the
 * form, the SurveyJS export, receipts and error messages all number and word questions the same way.
 */
import { isQuestionTargeted } from './conditions.ts';
import type {
  LocalisedText,
  OrganisationType,
  Question,
  QuestionnaireVersion,
  QuestionOption,
  QuestionType,
} from './questionnaire.schema.ts';

const yes: QuestionOption = { code: 'yes', label: { sv: 'Ja', en: 'Yes' } };
const partly: QuestionOption = { code: 'partly', label: { sv: 'Delvis', en: 'Partly' } };
const no: QuestionOption = { code: 'no', label: { sv: 'Nej', en: 'No' } };

/** Returns whether answers to this type of question are codes chosen from a list. */
export function isChoiceType(type: QuestionType): boolean {
  return type === 'yes_no' || type === 'yes_partly_no' || type === 'single_choice' || type === 'multiple_choice';
}

/** Returns whether answers to this type of question are numbers. */
export function isNumericType(type: QuestionType): boolean {
  return type === 'integer' || type === 'decimal' || type === 'percent';
}

/** Lists the answer options of a question, including the fixed ones of yes/no and yes/partly/no questions. */
export function listAnswerOptions(question: Question): readonly QuestionOption[] {
  if (question.type === 'yes_no') return [yes, no];
  if (question.type === 'yes_partly_no') return [yes, partly, no];
  return question.options ?? [];
}

/** Returns the bounds a numeric answer must keep, with percent always within 0-100. */
export function findNumericBounds(question: Question): { min: number | undefined; max: number | undefined } {
  if (question.type === 'percent')
    return { min: Math.max(question.min ?? 0, 0), max: Math.min(question.max ?? 100, 100) };
  return { min: question.min, max: question.max };
}

/** Returns the question's text as worded for the given organisation type. */
export function findQuestionText(question: Question, orgType: OrganisationType): LocalisedText {
  return question.textByType?.[orgType] ?? question.text;
}

/**
 * Numbers the questions an organisation type is asked as "section.question" (e.g. "4.2"). Conditions do not
 * renumber: a number must not change while the respondent answers.
 */
export function numberQuestions(version: QuestionnaireVersion, orgType: OrganisationType): Map<string, string> {
  const numbers = new Map<string, string>();
  let sectionNumber = 0;
  for (const section of version.sections) {
    const asked = section.questions.filter((question) => isQuestionTargeted(version, question, orgType));
    if (asked.length === 0) continue;
    sectionNumber += 1;
    for (const [index, question] of asked.entries()) numbers.set(question.key, `${sectionNumber}.${index + 1}`);
  }
  return numbers;
}
