/**
 * Validates one organisation's answers to a questionnaire version: a draft may be incomplete, a submission must
 * answer every visible required question. Answers to questions that the conditions hide are dropped, never
 * stored, so a changed earlier answer cannot leave stale answers behind.
 */
import { type AnswerErrorCode, type AnswerProblem, normaliseAnswer } from './answer-values.ts';
import { visibleQuestions } from './conditions.ts';
import { findQuestionText, numberQuestions } from './question-wording.ts';
import type {
  AnswerValue,
  LocalisedText,
  OrganisationType,
  Question,
  QuestionnaireVersion,
} from './questionnaire.schema.ts';
import { messages, type QuestionnaireMessageKey } from './questionnaires.messages.ts';

export interface AnswerError {
  key: string;
  code: AnswerErrorCode;
  message: LocalisedText;
}

export interface AnswerValidation {
  /** The normalised answers to visible questions, in questionnaire order. */
  answers: Record<string, AnswerValue>;
  errors: AnswerError[];
  /** Keys of answers given to hidden questions, which were dropped. */
  discarded: string[];
}

export interface ValidationOptions {
  /** 'submit' also requires every visible required question to be answered; a 'draft' may be incomplete. */
  mode?: 'draft' | 'submit';
}

const numberFormats = { sv: new Intl.NumberFormat('sv-SE'), en: new Intl.NumberFormat('en-GB') };

function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/gu, (placeholder, name: string) => values[name] ?? placeholder);
}

function formatMessage(
  key: QuestionnaireMessageKey,
  textValues: (language: 'sv' | 'en') => Record<string, string>,
  numericValues: Readonly<Record<string, number>> = {},
): LocalisedText {
  const fill = (language: 'sv' | 'en') => {
    const numbers = Object.fromEntries(
      Object.entries(numericValues).map(([name, value]) => [name, numberFormats[language].format(value)]),
    );
    return fillTemplate(messages[language][key], { ...textValues(language), ...numbers });
  };
  return { sv: fill('sv'), en: fill('en') };
}

/** Validates and normalises answers for an organisation of the given type. */
export function validateAnswers(
  version: QuestionnaireVersion,
  orgType: OrganisationType,
  answers: Readonly<Record<string, unknown>>,
  options: ValidationOptions = {},
): AnswerValidation {
  const numbers = numberQuestions(version, orgType);
  const byKey = new Map(
    version.sections.flatMap((section) => section.questions).map((question) => [question.key, question]),
  );
  const nameQuestion = (question: Question) => (language: 'sv' | 'en') => {
    const label = question.label?.[language] ?? findQuestionText(question, orgType)[language];
    const number = numbers.get(question.key);
    const template =
      messages[language][number ? 'questionnaires.question.numbered' : 'questionnaires.question.unnumbered'];
    return { question: fillTemplate(template, { number: number ?? '', label }) };
  };

  const candidates: Record<string, AnswerValue> = {};
  const problems = new Map<string, AnswerProblem>();
  const unknownErrors: AnswerError[] = [];
  for (const [key, raw] of Object.entries(answers)) {
    const question = byKey.get(key);
    if (!question) {
      unknownErrors.push({
        key,
        code: 'unknown_question',
        message: formatMessage('questionnaires.answer.unknownQuestion', () => ({ key })),
      });
      continue;
    }
    const normalised = normaliseAnswer(question, raw);
    if (normalised.kind === 'value') candidates[key] = normalised.value;
    else if (normalised.kind === 'invalid') problems.set(key, normalised);
  }

  const visible = visibleQuestions(version, orgType, candidates);
  const visibleKeys = new Set(visible.map((question) => question.key));
  const result: AnswerValidation = { answers: {}, errors: [], discarded: [] };
  for (const question of byKey.values()) {
    const { key } = question;
    const isGiven = key in candidates || problems.has(key);
    if (!visibleKeys.has(key)) {
      if (isGiven && numbers.has(key)) result.discarded.push(key);
      else if (isGiven) {
        const orgTypePlural = (language: 'sv' | 'en') => messages[language][`questionnaires.orgType.${orgType}.plural`];
        const message = formatMessage('questionnaires.answer.notTargeted', (language) => ({
          ...nameQuestion(question)(language),
          orgTypePlural: orgTypePlural(language),
        }));
        result.errors.push({ key, code: 'not_targeted', message });
      }
      continue;
    }
    const problem = problems.get(key);
    const value = candidates[key];
    if (problem) {
      result.errors.push({
        key,
        code: problem.code,
        message: formatMessage(problem.messageKey, nameQuestion(question), problem.values),
      });
    } else if (value !== undefined) {
      result.answers[key] = value;
    } else if (options.mode === 'submit' && question.required) {
      result.errors.push({
        key,
        code: 'required',
        message: formatMessage('questionnaires.answer.required', nameQuestion(question)),
      });
    }
  }
  result.errors.push(...unknownErrors);
  return result;
}
