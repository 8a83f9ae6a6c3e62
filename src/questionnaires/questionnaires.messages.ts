/**
 * Messages of the questionnaire module. Placeholders in braces are filled by answer-validation.ts; `{question}`
 * is the question as respondents see it, e.g. "Fråga 4.2 (Informationssäkerhetstimmar per år)".
 */
import { defineMessages } from '../web/define-messages.ts';

export const messages = defineMessages({
  sv: {
    'questionnaires.question.numbered': 'Fråga {number} ({label})',
    'questionnaires.question.unnumbered': 'Frågan ”{label}”',
    'questionnaires.orgType.kommun.plural': 'kommuner',
    'questionnaires.orgType.region.plural': 'regioner',
    'questionnaires.answer.unknownQuestion': 'Frågan ”{key}” finns inte i enkäten.',
    'questionnaires.answer.notTargeted': '{question} ställs inte till {orgTypePlural}.',
    'questionnaires.answer.required': '{question}: frågan måste besvaras.',
    'questionnaires.answer.yesNo': '{question}: svara ja eller nej.',
    'questionnaires.answer.yesPartlyNo': '{question}: svara ja, delvis eller nej.',
    'questionnaires.answer.singleChoice': '{question}: välj ett av svarsalternativen.',
    'questionnaires.answer.multipleChoice': '{question}: välj bland svarsalternativen.',
    'questionnaires.answer.duplicateOption': '{question}: samma svarsalternativ är valt mer än en gång.',
    'questionnaires.answer.integer': '{question}: ange ett heltal.',
    'questionnaires.answer.integerBetween': '{question}: ange ett heltal mellan {min} och {max}.',
    'questionnaires.answer.integerAtLeast': '{question}: ange ett heltal som är minst {min}.',
    'questionnaires.answer.integerAtMost': '{question}: ange ett heltal som är högst {max}.',
    'questionnaires.answer.decimal': '{question}: ange ett tal.',
    'questionnaires.answer.decimalBetween': '{question}: ange ett tal mellan {min} och {max}.',
    'questionnaires.answer.decimalAtLeast': '{question}: ange ett tal som är minst {min}.',
    'questionnaires.answer.decimalAtMost': '{question}: ange ett tal som är högst {max}.',
    'questionnaires.answer.percentBetween': '{question}: ange en andel i procent mellan {min} och {max}.',
    'questionnaires.answer.text': '{question}: svaret ska vara text.',
    'questionnaires.answer.textTooLong': '{question}: svaret får vara högst {max} tecken långt (nu {length}).',
    'questionnaires.answer.textControlCharacters': '{question}: svaret innehåller otillåtna styrtecken.',
  },
  en: {
    'questionnaires.question.numbered': 'Question {number} ({label})',
    'questionnaires.question.unnumbered': 'The question “{label}”',
    'questionnaires.orgType.kommun.plural': 'municipalities',
    'questionnaires.orgType.region.plural': 'regions',
    'questionnaires.answer.unknownQuestion': 'The question “{key}” is not part of the questionnaire.',
    'questionnaires.answer.notTargeted': '{question} is not asked of {orgTypePlural}.',
    'questionnaires.answer.required': '{question}: this question must be answered.',
    'questionnaires.answer.yesNo': '{question}: answer yes or no.',
    'questionnaires.answer.yesPartlyNo': '{question}: answer yes, partly or no.',
    'questionnaires.answer.singleChoice': '{question}: choose one of the options.',
    'questionnaires.answer.multipleChoice': '{question}: choose among the options.',
    'questionnaires.answer.duplicateOption': '{question}: the same option is chosen more than once.',
    'questionnaires.answer.integer': '{question}: enter a whole number.',
    'questionnaires.answer.integerBetween': '{question}: enter a whole number between {min} and {max}.',
    'questionnaires.answer.integerAtLeast': '{question}: enter a whole number of at least {min}.',
    'questionnaires.answer.integerAtMost': '{question}: enter a whole number of at most {max}.',
    'questionnaires.answer.decimal': '{question}: enter a number.',
    'questionnaires.answer.decimalBetween': '{question}: enter a number between {min} and {max}.',
    'questionnaires.answer.decimalAtLeast': '{question}: enter a number of at least {min}.',
    'questionnaires.answer.decimalAtMost': '{question}: enter a number of at most {max}.',
    'questionnaires.answer.percentBetween': '{question}: enter a percentage between {min} and {max}.',
    'questionnaires.answer.text': '{question}: the answer must be text.',
    'questionnaires.answer.textTooLong': '{question}: the answer may be at most {max} characters long (now {length}).',
    'questionnaires.answer.textControlCharacters':
      '{question}: the answer contains control characters that are not allowed.',
  },
});

export type QuestionnaireMessageKey = keyof typeof messages.sv;
