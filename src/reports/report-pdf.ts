/**
 * Lays out a report document as a tagged PDF: for a report, a title page and a table of contents, then the blocks in
 * order; for a brief, the title and the blocks from the first page. The charts are the same SVGs the page shows,
 * with the same alternative texts.
 */
import type { PdfBlock, PdfDocument } from '../pdf/pdf-document.ts';
import { renderTaggedPdf } from '../pdf/tagged-pdf.ts';
import { translatorFor } from '../web/i18n.ts';
import type { ReportBlock, ReportDocument } from './report-document.ts';

function toPdfBlock(block: ReportBlock): PdfBlock {
  switch (block.kind) {
    case 'heading':
      return { kind: 'heading', level: block.level, text: block.text };
    case 'paragraph':
      return { kind: 'paragraph', text: block.text, look: block.isNote ? 'note' : 'body' };
    case 'list':
      return { kind: 'list', items: block.items };
    case 'chart':
      return { kind: 'figure', svg: block.svg, caption: block.caption, alt: block.alt };
    case 'table':
      return {
        kind: 'table',
        caption: block.caption,
        header: block.header,
        rows: block.rows,
        numericFrom: block.numericFrom,
      };
  }
}

/** Builds the PDF layout of a report document (exported for tests of the layout). */
export function buildReportPdfDocument(document: ReportDocument): PdfDocument {
  const t = translatorFor(document.language);
  const isReport = document.layout === 'report';
  const titlePage: PdfBlock[] = [
    ...(isReport ? [{ kind: 'space', height: 130 } as const] : []),
    { kind: 'paragraph', text: 'Lägesbild', look: 'brand' },
    { kind: 'heading', level: 1, text: document.title, isLarge: isReport },
    { kind: 'paragraph', text: document.subtitle, look: isReport ? 'lead' : 'body' },
    ...document.titleLines.map((line): PdfBlock => ({ kind: 'paragraph', text: line, look: 'title-line' })),
  ];
  const contents: PdfBlock[] = isReport
    ? [
        { kind: 'space', height: 40 },
        { kind: 'paragraph', text: document.footer, look: 'note' },
        { kind: 'page-break' },
        { kind: 'contents', title: t('reports.contents') },
        { kind: 'page-break' },
      ]
    : [];
  return {
    language: document.language,
    title: document.title,
    footer: document.footer,
    pageLabel: (page, pages) => t('reports.page', { page, pages }),
    hasTitlePage: isReport,
    blocks: [...titlePage, ...contents, ...document.blocks.map(toPdfBlock)],
  };
}

/** Renders a report document to tagged PDF bytes. */
export async function renderReportPdf(document: ReportDocument): Promise<Buffer> {
  return renderTaggedPdf(buildReportPdfDocument(document));
}
