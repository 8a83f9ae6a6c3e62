/**
 * The printable questionnaire as a pdfmake document: every question with its number, text, help, condition and
 * empty boxes to tick or fill in. Rendered by pdf/render-pdf.ts; pure, so tests can read the definition.
 */
import type { Column, Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { translatorFor } from '../web/i18n.ts';
import type { PrintedAnswer, PrintedQuestion, PrintedQuestionnaire } from './questionnaire-print.ts';

// A4 is 595 points wide; with 50-point margins a full-width element is 495 points.
const contentWidth = 495;
const ink = '#1b1b1f';
const muted = '#4a4a55';

function box(isRound: boolean): Column {
  const shape = isRound
    ? { type: 'ellipse' as const, x: 5, y: 6.5, r1: 4.5, r2: 4.5, lineWidth: 0.8, lineColor: ink }
    : { type: 'rect' as const, x: 0.5, y: 2, w: 9, h: 9, lineWidth: 0.8, lineColor: ink };
  return { canvas: [shape], width: 16 };
}

function answerSpace(answer: PrintedAnswer, answerLabel: string): Content[] {
  const instruction: Content = { text: answer.instruction, color: muted, fontSize: 9, margin: [0, 2, 0, 3] };
  if (answer.kind === 'choice') {
    return [
      instruction,
      ...answer.options.map(
        (option): Content => ({
          columns: [box(!answer.isMultiple), { text: option, width: '*' }],
          margin: [8, 1, 0, 1],
        }),
      ),
    ];
  }
  if (answer.kind === 'number') {
    return [
      instruction,
      {
        columns: [
          { text: `${answerLabel}:`, width: 'auto', margin: [0, 3, 6, 0] },
          { canvas: [{ type: 'rect', x: 0, y: 0, w: 150, h: 18, lineWidth: 0.8, lineColor: ink }], width: 156 },
          { text: answer.unit ?? '', width: '*', margin: [0, 3, 0, 0] },
        ],
        margin: [8, 0, 0, 0],
      },
    ];
  }
  return [
    instruction,
    { canvas: [{ type: 'rect', x: 0, y: 0, w: contentWidth, h: 64, lineWidth: 0.8, lineColor: ink }] },
  ];
}

function questionBlock(question: PrintedQuestion, labels: { required: string; answer: string }): Content {
  const heading = question.isRequired
    ? [{ text: `${question.number} ${question.text}` }, { text: ` (${labels.required})`, bold: false, color: muted }]
    : `${question.number} ${question.text}`;
  const condition: Content[] = question.condition
    ? [{ text: question.condition, italics: true, margin: [0, 2, 0, 0] }]
    : [];
  const help: Content[] = question.help ? [{ text: question.help, color: muted, margin: [0, 2, 0, 0] }] : [];
  return {
    // Keeps a question, its help and its boxes on one page; level 2 marks a question for pageBreakBefore.
    unbreakable: true,
    headlineLevel: 2,
    margin: [0, 0, 0, 12],
    stack: [
      { text: heading, bold: true, fontSize: 10.5 },
      ...condition,
      ...help,
      ...answerSpace(question.answer, labels.answer),
    ],
  };
}

/** Builds the PDF document definition of a printed questionnaire, with page numbers and document metadata. */
export function buildQuestionnairePdf(printed: PrintedQuestionnaire): TDocumentDefinitions {
  const t = translatorFor(printed.language);
  const labels = { required: t('questionnaires.print.required'), answer: t('questionnaires.print.answer') };
  return {
    pageSize: 'A4',
    pageMargins: [50, 50, 50, 60],
    info: { title: printed.title, creator: 'Lägesbild', producer: 'Lägesbild' },
    footer: (currentPage, pageCount) => ({
      text: t('questionnaires.print.page', { page: currentPage, pages: pageCount }),
      alignment: 'center',
      fontSize: 8,
      color: muted,
      margin: [0, 24, 0, 0],
    }),
    content: [
      { text: printed.title, fontSize: 18, bold: true, margin: [0, 0, 0, 6] },
      { text: printed.lead, margin: [0, 0, 0, 14] },
      ...printed.sections.flatMap((section, index): Content[] => [
        {
          text: `${section.number} ${section.title}`,
          fontSize: 14,
          bold: true,
          margin: [0, index === 0 ? 0 : 8, 0, 4],
          headlineLevel: 1,
        },
        { text: section.intro, margin: [0, 0, 0, 10] },
        ...section.questions.map((question) => questionBlock(question, labels)),
      ]),
    ],
    // A section heading moves to the next page when none of its questions fits below it.
    pageBreakBefore: (node, nodes) =>
      node.headlineLevel === 1 && !nodes.getFollowingNodesOnPage().some((next) => next.headlineLevel === 2),
  };
}
