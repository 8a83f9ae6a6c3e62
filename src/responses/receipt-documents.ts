/** The receipt mail and the PDF copy of all answers, in Swedish or English. */
import type { Content } from 'pdfmake/interfaces.js';
import { type RenderedMail, renderMailDocument } from '../mail/mail-document.ts';
import { renderPdf } from '../pdf/render-pdf.ts';
import { findQuestionText } from '../questionnaires/question-wording.ts';
import { type Language, translate } from '../web/i18n.ts';
import { formatAnswer, formatDateTime } from './answer-format.ts';
import type { AnsweringView } from './answer-view.ts';

/** Renders the receipt mail (plain text and HTML) sent to whoever submitted. */
export function renderReceiptMail(
  language: Language,
  view: Pick<AnsweringView, 'roundLabel' | 'organisationName' | 'submittedAt' | 'submittedBy'>,
  url: string,
): RenderedMail {
  const values = {
    round: view.roundLabel,
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

/** Renders every answer, questions in order with their numbers, and who submitted when, as a PDF. */
export async function renderReceiptPdf(language: Language, view: AnsweringView, printedAt: Date): Promise<Buffer> {
  const t = (key: Parameters<typeof translate>[1], params: Record<string, string> = {}) =>
    translate(language, key, params);
  const content: Content[] = [
    { text: view.version.title[language], style: 'title' },
    {
      text: t('responses.form.title', { round: view.roundLabel, organisation: view.organisationName }),
      style: 'subtitle',
    },
    {
      text:
        view.status === 'submitted' && view.submittedAt
          ? t('responses.pdf.submitted', {
              date: formatDateTime(view.submittedAt, language),
              who: view.submittedBy ?? '',
            })
          : t('responses.pdf.notSubmitted'),
    },
    { text: t('responses.pdf.printed', { date: formatDateTime(printedAt.toISOString(), language) }), color: '#555555' },
  ];
  for (const progress of view.progress) {
    content.push({ text: progress.section.title[language], style: 'section' });
    for (const question of progress.visible) {
      const answer = formatAnswer(question, view.answers.get(question.key)?.value ?? null, language);
      content.push({
        stack: [
          {
            text: `${view.numbers.get(question.key) ?? ''} ${findQuestionText(question, view.orgType)[language]}`,
            bold: true,
          },
          { text: answer ?? t('responses.question.unanswered'), italics: answer === null, margin: [12, 2, 0, 0] },
        ],
        margin: [0, 4, 0, 4],
        unbreakable: true,
      });
    }
  }
  return renderPdf({
    info: { title: `${t('responses.pdf.title')} – ${view.organisationName} ${view.roundLabel}` },
    content,
    styles: {
      title: { fontSize: 16, bold: true, margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 12, margin: [0, 0, 0, 8] },
      section: { fontSize: 13, bold: true, margin: [0, 14, 0, 4] },
    },
  });
}
