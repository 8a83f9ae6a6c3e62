/** The receipt mail and the PDF copy of all answers, in Swedish or English. */

import { type RenderedMail, renderMailDocument } from '../mail/mail-document.ts';
import type { PdfBlock, PdfDocument } from '../pdf/pdf-document.ts';
import { renderTaggedPdf } from '../pdf/tagged-pdf.ts';
import { findQuestionText } from '../questionnaires/question-wording.ts';
import { type Language, translate } from '../web/i18n.ts';
import { formatAnswer, formatDateTime } from './answer-format.ts';
import type { AnsweringView } from './answer-view.ts';

/** Renders the receipt mail (plain text and HTML) sent to whoever submitted. */
export function renderReceiptMail(
  language: Language,
  view: Pick<AnsweringView, 'roundTitle' | 'organisationName' | 'submittedAt' | 'submittedBy'>,
  url: string,
): RenderedMail {
  const values = {
    round: view.roundTitle,
    organisation: view.organisationName,
    date: view.submittedAt ? formatDateTime(view.submittedAt, language) : '',
    who: view.submittedBy ?? '',
  };
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key, values);
  return renderMailDocument({
    language,
    subject: t('responses.mail.subject'),
    paragraphs: [
      [t('responses.mail.greeting')],
      [t('responses.mail.body')],
      [t('responses.mail.changes')],
      [t('responses.mail.link')],
      [{ href: url }],
    ],
  });
}

/** Builds the PDF document of every answer, questions in order with their numbers, and who submitted when. */
export function buildReceiptPdfDocument(language: Language, view: AnsweringView, printedAt: Date): PdfDocument {
  const t = (key: Parameters<typeof translate>[1], params: Record<string, string | number> = {}) =>
    translate(language, key, params);
  const blocks: PdfBlock[] = [
    { kind: 'heading', level: 1, text: view.version.title[language] },
    {
      kind: 'paragraph',
      text: t('responses.form.title', { round: view.roundTitle, organisation: view.organisationName }),
      look: 'title-line',
    },
    {
      kind: 'paragraph',
      text:
        view.status === 'submitted' && view.submittedAt
          ? t('responses.pdf.submitted', {
              date: formatDateTime(view.submittedAt, language),
              who: view.submittedBy ?? '',
            })
          : t('responses.pdf.notSubmitted'),
    },
    {
      kind: 'paragraph',
      text: t('responses.pdf.printed', { date: formatDateTime(printedAt.toISOString(), language) }),
      look: 'muted',
    },
  ];
  for (const progress of view.progress) {
    blocks.push({ kind: 'heading', level: 2, text: progress.section.title[language] });
    for (const question of progress.visible) {
      const answer = formatAnswer(question, view.answers.get(question.key)?.value ?? null, language);
      blocks.push({
        kind: 'together',
        blocks: [
          {
            kind: 'paragraph',
            text: `${view.numbers.get(question.key) ?? ''} ${findQuestionText(question, view.orgType)[language]}`,
            look: 'strong',
          },
          {
            kind: 'paragraph',
            text: answer ?? t('responses.question.unanswered'),
            look: answer === null ? 'emphasis' : 'body',
            indent: 12,
          },
        ],
      });
    }
  }
  return {
    language,
    title: `${t('responses.pdf.title')} – ${view.organisationName} ${view.roundLabel}`,
    pageLabel: (page, pages) => t('responses.pdf.page', { page, pages }),
    hasTitlePage: false,
    blocks,
  };
}

/** Renders every answer and who submitted when as a tagged PDF. */
export async function renderReceiptPdf(language: Language, view: AnsweringView, printedAt: Date): Promise<Buffer> {
  return renderTaggedPdf(buildReceiptPdfDocument(language, view, printedAt));
}
