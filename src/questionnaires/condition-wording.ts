/**
 * Display conditions in words, for coordinators ("Visas om 1.2 = Ja") and for the printed questionnaire. A
 * question is named by its number for the organisation type; one that type is not asked is named by its label.
 */
import type { Language, Translate } from '../web/i18n.ts';
import { translatorFor } from '../web/i18n.ts';
import { listQuestions } from './conditions.ts';
import { listAnswerOptions, numberQuestions } from './question-wording.ts';
import type {
  Comparison,
  Condition,
  OrganisationType,
  Question,
  QuestionnaireVersion,
} from './questionnaire.schema.ts';

export interface WordingContext {
  language: Language;
  t: Translate;
  numbers: ReadonlyMap<string, string>;
  questions: ReadonlyMap<string, Question>;
}

/** Builds what describing conditions and bounds needs for one version, organisation type and language. */
export function createWordingContext(
  version: QuestionnaireVersion,
  orgType: OrganisationType,
  language: Language,
): WordingContext {
  return {
    language,
    t: translatorFor(language),
    numbers: numberQuestions(version, orgType),
    questions: new Map(listQuestions(version).map((question) => [question.key, question])),
  };
}

/** Formats a number the way the language writes it ("1 000 000", "0,5"). */
export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(language === 'sv' ? 'sv-SE' : 'en-GB', {
    maximumFractionDigits: 6,
    useGrouping: 'min2',
  }).format(value);
}

function nameQuestion(key: string, context: WordingContext): string {
  const number = context.numbers.get(key);
  if (number !== undefined) return number;
  const question = context.questions.get(key);
  const label = question?.label ?? question?.text;
  const quoted = label ? label[context.language] : key;
  return context.language === 'sv' ? `”${quoted}”` : `“${quoted}”`;
}

function nameValue(value: string | number, key: string, context: WordingContext): string {
  if (typeof value === 'number') return formatNumber(value, context.language);
  const question = context.questions.get(key);
  const option = question ? listAnswerOptions(question).find((candidate) => candidate.code === value) : undefined;
  return option ? option.label[context.language] : value;
}

function describeComparison(comparison: Comparison, context: WordingContext): string {
  const { t } = context;
  const question = nameQuestion(comparison.question, context);
  const value = (code: string | number) => nameValue(code, comparison.question, context);
  const parts: string[] = [];
  if (comparison.answered !== undefined)
    parts.push(
      t(comparison.answered ? 'questionnaires.condition.answered' : 'questionnaires.condition.notAnswered', {
        question,
      }),
    );
  if (comparison.equals !== undefined) parts.push(`${question} = ${value(comparison.equals)}`);
  if (comparison.in !== undefined)
    parts.push(`${question} = ${comparison.in.map(value).join(` ${t('questionnaires.condition.or')} `)}`);
  if (comparison.includes !== undefined)
    parts.push(t('questionnaires.condition.includes', { question, value: value(comparison.includes) }));
  const symbols = { gt: '>', gte: '≥', lt: '<', lte: '≤' } as const;
  for (const operator of ['gt', 'gte', 'lt', 'lte'] as const) {
    const limit = comparison[operator];
    if (limit !== undefined) parts.push(`${question} ${symbols[operator]} ${value(limit)}`);
  }
  return parts.join(` ${t('questionnaires.condition.and')} `);
}

function describePart(condition: Condition, context: WordingContext, isNested: boolean): string {
  const { t } = context;
  if ('not' in condition)
    return t('questionnaires.condition.not', { condition: describePart(condition.not, context, false) });
  if ('all' in condition || 'any' in condition) {
    const [parts, word] =
      'all' in condition
        ? [condition.all, t('questionnaires.condition.and')]
        : [condition.any, t('questionnaires.condition.or')];
    const text = parts.map((part) => describePart(part, context, true)).join(` ${word} `);
    return isNested && parts.length > 1 ? `(${text})` : text;
  }
  const text = describeComparison(condition, context);
  // A comparison with several operators reads as "a and b"; inside a group it needs brackets to stay unambiguous.
  return isNested && text.includes(` ${t('questionnaires.condition.and')} `) ? `(${text})` : text;
}

/** Describes a display condition in words, e.g. "1.2 = Ja eller Delvis", without the leading "Visas om". */
export function describeCondition(condition: Condition, context: WordingContext): string {
  return describePart(condition, context, false);
}
