/**
 * The printable questionnaire as a plain model, so the print page and the PDF show exactly the same questions,
 * numbers, instructions and conditions for one organisation type and language.
 */
import type { Language } from '../web/i18n.ts';
import { createWordingContext, describeCondition } from './condition-wording.ts';
import { isQuestionTargeted } from './conditions.ts';
import { describeBounds, nameOrganisationTypes } from './question-facts.ts';
import { findQuestionText, listAnswerOptions } from './question-wording.ts';
import type { OrganisationType, Question, QuestionnaireVersion } from './questionnaire.schema.ts';

export type PrintedAnswer =
  | { kind: 'choice'; isMultiple: boolean; instruction: string; options: string[] }
  | { kind: 'number'; instruction: string; unit: string | undefined }
  | { kind: 'text'; instruction: string };

export interface PrintedQuestion {
  key: string;
  number: string;
  text: string;
  isRequired: boolean;
  help: string | undefined;
  /** "Besvaras bara om 1.1 = Ja.", or undefined when the question is always asked. */
  condition: string | undefined;
  answer: PrintedAnswer;
}

export interface PrintedQuestionnaire {
  title: string;
  lead: string;
  language: Language;
  sections: Array<{ number: string; title: string; intro: string; questions: PrintedQuestion[] }>;
}

/** Builds the printable questionnaire of a version for one organisation type, in one language. */
export function buildPrintedQuestionnaire(
  version: QuestionnaireVersion,
  orgType: OrganisationType,
  language: Language,
): PrintedQuestionnaire {
  const wording = createWordingContext(version, orgType, language);
  const { t } = wording;
  const describeAnswer = (question: Question): PrintedAnswer => {
    switch (question.type) {
      case 'yes_no':
      case 'yes_partly_no':
      case 'single_choice':
      case 'multiple_choice': {
        const isMultiple = question.type === 'multiple_choice';
        return {
          kind: 'choice',
          isMultiple,
          instruction: t(isMultiple ? 'questionnaires.print.chooseMany' : 'questionnaires.print.chooseOne'),
          options: listAnswerOptions(question).map((option) => option.label[language]),
        };
      }
      case 'integer':
      case 'decimal':
      case 'percent': {
        const type = t(`questionnaires.print.numberType.${question.type}`);
        const bounds = describeBounds(question, wording);
        return {
          kind: 'number',
          instruction: bounds
            ? t('questionnaires.print.numberBounds', { type, bounds })
            : t('questionnaires.print.number', { type }),
          unit: question.unit?.[language],
        };
      }
      case 'free_text':
        return { kind: 'text', instruction: t('questionnaires.print.freeText') };
    }
  };
  const sections = version.sections
    .map((section) => ({
      section,
      questions: section.questions.filter((question) => isQuestionTargeted(version, question, orgType)),
    }))
    .filter((entry) => entry.questions.length > 0)
    .map(({ section, questions }, index) => ({
      number: String(index + 1),
      title: section.title[language],
      intro: section.intro[language],
      questions: questions.map((question) => ({
        key: question.key,
        number: wording.numbers.get(question.key) ?? '',
        text: findQuestionText(question, orgType)[language],
        isRequired: question.required,
        help: question.help?.[language],
        condition: question.showIf
          ? t('questionnaires.print.answerIf', { condition: describeCondition(question.showIf, wording) })
          : undefined,
        answer: describeAnswer(question),
      })),
    }));
  return {
    title: t('questionnaires.print.title', {
      title: version.title[language],
      orgTypePlural: nameOrganisationTypes([orgType], t),
    }),
    lead: t('questionnaires.print.lead'),
    language,
    sections,
  };
}
