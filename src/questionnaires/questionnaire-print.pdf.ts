/**
 * The printable questionnaire as a tagged PDF document: every question with its number, text, help, condition and
 * empty boxes to tick or fill in. Rendered by pdf/tagged-pdf.ts; pure, so tests can read the document.
 */
import type { PdfBlock, PdfDocument } from '../pdf/pdf-document.ts';
import { translatorFor } from '../web/i18n.ts';
import type { PrintedAnswer, PrintedQuestion, PrintedQuestionnaire } from './questionnaire-print.ts';

function answerSpace(answer: PrintedAnswer, answerLabel: string): PdfBlock[] {
  const instruction: PdfBlock = { kind: 'paragraph', text: answer.instruction, look: 'muted' };
  switch (answer.kind) {
    case 'choice':
      return [instruction, { kind: 'choices', options: answer.options, isMultiple: answer.isMultiple }];
    case 'number':
      return [instruction, { kind: 'number-field', label: answerLabel, unit: answer.unit }];
    case 'text':
      return [instruction, { kind: 'text-field' }];
  }
}

function questionBlock(question: PrintedQuestion, labels: { required: string; answer: string }): PdfBlock {
  const heading: PdfBlock = {
    kind: 'heading',
    level: 3,
    isCompact: true,
    text: [
      { text: `${question.number} ${question.text}` },
      ...(question.isRequired ? [{ text: ` (${labels.required})`, look: 'muted' as const }] : []),
    ],
  };
  // A question, its help and its boxes stay on one page.
  return {
    kind: 'together',
    blocks: [
      heading,
      ...(question.condition ? [{ kind: 'paragraph', text: question.condition, look: 'emphasis' } as const] : []),
      ...(question.help ? [{ kind: 'paragraph', text: question.help, look: 'muted' } as const] : []),
      ...answerSpace(question.answer, labels.answer),
      { kind: 'space', height: 8 },
    ],
  };
}

/** Builds the tagged PDF document of a printed questionnaire: title, sections as H2, questions as H3. */
export function buildQuestionnairePdf(printed: PrintedQuestionnaire): PdfDocument {
  const t = translatorFor(printed.language);
  const labels = { required: t('questionnaires.print.required'), answer: t('questionnaires.print.answer') };
  return {
    language: printed.language,
    title: printed.title,
    pageLabel: (page, pages) => t('questionnaires.print.page', { page, pages }),
    hasTitlePage: false,
    blocks: [
      { kind: 'heading', level: 1, text: printed.title },
      { kind: 'paragraph', text: printed.lead },
      ...printed.sections.flatMap((section): PdfBlock[] => [
        { kind: 'heading', level: 2, text: `${section.number} ${section.title}` },
        { kind: 'paragraph', text: section.intro },
        ...section.questions.map((question) => questionBlock(question, labels)),
      ]),
    ],
  };
}
