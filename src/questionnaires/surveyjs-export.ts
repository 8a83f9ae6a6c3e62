/**
 * Exports a questionnaire version as SurveyJS JSON for one organisation type, in one language or with both as
 * SurveyJS localizable strings ({ sv, en }). Sections become pages, question keys become element names and
 * answer codes become choice values, so answers collected by SurveyJS validate with validateAnswers unchanged.
 */
import { freeTextMaxLength } from './answer-values.ts';
import { isQuestionTargeted, listQuestions } from './conditions.ts';
import { findNumericBounds, findQuestionText, listAnswerOptions, numberQuestions } from './question-wording.ts';
import type {
  Comparison,
  Condition,
  LocalisedText,
  OrganisationType,
  Question,
  QuestionnaireVersion,
} from './questionnaire.schema.ts';

export type SurveyJsLanguage = 'sv' | 'en' | 'both';
export type SurveyJsText = string | { sv: string; en: string };

export interface SurveyJsElement {
  type: 'radiogroup' | 'checkbox' | 'text' | 'comment';
  name: string;
  title: SurveyJsText;
  description?: SurveyJsText;
  isRequired: boolean;
  choices?: { value: string; text: SurveyJsText }[];
  inputType?: 'number';
  min?: number;
  max?: number;
  step?: number;
  maxLength?: number;
  visibleIf?: string;
}

export interface SurveyJsJson {
  title: SurveyJsText;
  locale: 'sv' | 'en';
  showQuestionNumbers: 'off';
  // Matches validateAnswers, which drops answers to hidden questions.
  clearInvisibleValues: 'onHidden';
  pages: { name: string; title: SurveyJsText; description: SurveyJsText; elements: SurveyJsElement[] }[];
}

/** Exports a version as SurveyJS JSON for one organisation type and language (or both languages). */
export function exportToSurveyJs(
  version: QuestionnaireVersion,
  orgType: OrganisationType,
  language: SurveyJsLanguage,
): SurveyJsJson {
  const text = (value: LocalisedText): SurveyJsText =>
    language === 'both' ? { sv: value.sv, en: value.en } : value[language];
  const numbers = numberQuestions(version, orgType);
  const visibility = createVisibilityTranslator(version, orgType);
  const pages = version.sections
    .map((section) => ({
      name: section.key,
      title: text(section.title),
      description: text(section.intro),
      elements: section.questions
        .filter((question) => isQuestionTargeted(version, question, orgType))
        .map((question) => {
          const title = findQuestionText(question, orgType);
          const number = numbers.get(question.key) ?? '';
          const element = createElement(
            question,
            text({ sv: `${number} ${title.sv}`, en: `${number} ${title.en}` }),
            text,
          );
          const visibleIf = visibility(question);
          return visibleIf === 'true' ? element : { ...element, visibleIf };
        }),
    }))
    .filter((page) => page.elements.length > 0);
  return {
    title: text(version.title),
    locale: language === 'en' ? 'en' : 'sv',
    showQuestionNumbers: 'off',
    clearInvisibleValues: 'onHidden',
    pages,
  };
}

function describeQuestion(question: Question): LocalisedText | undefined {
  const { help, unit } = question;
  if (!unit) return help;
  const sv = `Anges i ${unit.sv}.`;
  const en = `Given in ${unit.en}.`;
  return help ? { sv: `${help.sv} ${sv}`, en: `${help.en} ${en}` } : { sv, en };
}

function createElement(
  question: Question,
  title: SurveyJsText,
  text: (value: LocalisedText) => SurveyJsText,
): SurveyJsElement {
  const description = describeQuestion(question);
  const base = {
    name: question.key,
    title,
    isRequired: question.required,
    ...(description && { description: text(description) }),
  };
  const choices = listAnswerOptions(question).map((option) => ({ value: option.code, text: text(option.label) }));
  switch (question.type) {
    case 'yes_no':
    case 'yes_partly_no':
    case 'single_choice':
      return { ...base, type: 'radiogroup', choices };
    case 'multiple_choice':
      return { ...base, type: 'checkbox', choices };
    case 'integer':
    case 'decimal':
    case 'percent': {
      const { min, max } = findNumericBounds(question);
      const step = question.type === 'integer' ? { step: 1 } : {};
      return {
        ...base,
        type: 'text',
        inputType: 'number',
        ...(min !== undefined && { min }),
        ...(max !== undefined && { max }),
        ...step,
      };
    }
    case 'free_text':
      return { ...base, type: 'comment', maxLength: freeTextMaxLength };
  }
}

/**
 * Translates display conditions into SurveyJS expressions. SurveyJS keeps the value of a hidden question when
 * data is loaded in bulk, so each reference to a question is guarded by that question's own visibility: this
 * reproduces the cascade of conditions.ts whatever values the model holds.
 */
function createVisibilityTranslator(version: QuestionnaireVersion, orgType: OrganisationType) {
  const questions = new Map(listQuestions(version).map((question) => [question.key, question]));
  const cache = new Map<string, string>();
  const visibilityOf = (question: Question): string => {
    const cached = cache.get(question.key);
    if (cached !== undefined) return cached;
    const expression = !isQuestionTargeted(version, question, orgType)
      ? 'false'
      : question.showIf
        ? translate(question.showIf)
        : 'true';
    cache.set(question.key, expression);
    return expression;
  };
  const translate = (condition: Condition): string => {
    if ('all' in condition) return `(${condition.all.map(translate).join(' and ')})`;
    if ('any' in condition) return `(${condition.any.map(translate).join(' or ')})`;
    if ('not' in condition) return `!(${translate(condition.not)})`;
    const target = questions.get(condition.question);
    // Only a comparison that is nothing but `answered: false` holds for an unanswered question.
    const holdsWhenUnanswered = condition.answered === false && Object.keys(condition).length === 2;
    const guard = target ? visibilityOf(target) : 'false';
    if (guard === 'false') return String(holdsWhenUnanswered);
    const comparison = translateComparison(condition);
    if (guard === 'true') return comparison;
    return holdsWhenUnanswered ? `(!(${guard}) or ${comparison})` : `(${guard} and ${comparison})`;
  };
  return visibilityOf;
}

function formatLiteral(value: string | number): string {
  // Keys and codes are snake_case (checked on load), so a quoted code never needs escaping.
  return typeof value === 'number' ? String(value) : `'${value}'`;
}

function translateComparison(comparison: Comparison): string {
  const variable = `{${comparison.question}}`;
  const parts: string[] = [];
  if (comparison.answered !== undefined) parts.push(`${variable} ${comparison.answered ? 'notempty' : 'empty'}`);
  if (comparison.equals !== undefined) parts.push(`${variable} = ${formatLiteral(comparison.equals)}`);
  if (comparison.in !== undefined) parts.push(`${variable} anyof [${comparison.in.map(formatLiteral).join(', ')}]`);
  if (comparison.includes !== undefined) parts.push(`${variable} contains ${formatLiteral(comparison.includes)}`);
  const numeric = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
  for (const operator of ['gt', 'gte', 'lt', 'lte'] as const) {
    const limit = comparison[operator];
    const symbol = numeric[operator];
    // SurveyJS compares an empty value as if it were a number, so an unanswered question must not pass.
    if (limit !== undefined) parts.push(`(${variable} notempty and ${variable} ${symbol} ${limit})`);
  }
  return parts.length === 1 ? (parts[0] ?? 'false') : `(${parts.join(' and ')})`;
}
