/**
 * Lays out a report document as a PDF: a title page, a table of contents, then the blocks in order, with the
 * title and page numbers on every page. The charts are the same SVGs the page shows.
 */
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { renderPdf } from '../pdf/render-pdf.ts';
import type { ReportBlock, ReportDocument } from './report-document.ts';

const ink = '#1b1b1f';
const accent = '#1d4f91';
const muted = '#4a4a55';
/** A4 width minus the side margins, in points. */
const contentWidth = 595.28 - 2 * 56;

function blockToContent(block: ReportBlock): Content {
  switch (block.kind) {
    case 'heading':
      return block.level === 2
        ? { text: block.text, style: 'h2', tocItem: true, headlineLevel: 1, id: block.id }
        : { text: block.text, style: 'h3', headlineLevel: 1, id: block.id };
    case 'paragraph':
      return { text: block.text, style: block.isNote ? 'note' : 'paragraph' };
    case 'list':
      return { ul: block.items, style: 'paragraph', margin: [0, 0, 0, 8] };
    case 'chart':
      // Scaled from the chart's pixel size to the text width; the caption stays with its chart.
      return {
        stack: [
          { text: block.caption, style: 'caption' },
          { svg: block.svg, width: Math.min(contentWidth, 440) },
        ],
        unbreakable: true,
        margin: [0, 4, 0, 8],
      };
    case 'table': {
      const header: TableCell[] = block.header.map((text, index) => ({
        text,
        style: 'tableHeader',
        alignment: index >= block.numericFrom ? 'right' : 'left',
      }));
      const rows: TableCell[][] = block.rows.map((row) =>
        row.map((text, index) =>
          index >= block.numericFrom ? { text, alignment: 'right', noWrap: true } : { text, alignment: 'left' },
        ),
      );
      return {
        stack: [
          { text: block.caption, style: 'caption' },
          {
            table: {
              headerRows: 1,
              dontBreakRows: true,
              widths: block.header.map((_, index) => (index === 0 ? '*' : 'auto')),
              body: [header, ...rows],
            },
            layout: 'lightHorizontalLines',
            style: 'table',
          },
        ],
        margin: [0, 4, 0, 8],
      };
    }
  }
}

/** Builds the pdfmake definition of a report document (exported for tests of the layout). */
export function buildReportPdfDefinition(
  document: ReportDocument,
  labels: { contents: string; page: (page: number, pages: number) => string },
): TDocumentDefinitions {
  const isReport = document.layout === 'report';
  return {
    info: { title: document.title, creator: 'Lägesbild', producer: 'Lägesbild' },
    language: document.language === 'sv' ? 'sv-SE' : 'en-GB',
    pageSize: 'A4',
    pageMargins: [56, 56, 56, 56],
    header: (currentPage) =>
      currentPage === 1 ? '' : { text: document.title, style: 'running', margin: [56, 24, 56, 0] },
    footer: (currentPage, pageCount) =>
      currentPage === 1 && isReport
        ? ''
        : {
            columns: [
              { text: document.footer, style: 'running' },
              { text: labels.page(currentPage, pageCount), style: 'running', alignment: 'right', width: 'auto' },
            ],
            margin: [56, 16, 56, 0],
          },
    content: [
      { text: 'Lägesbild', style: 'brand', margin: [0, isReport ? 140 : 0, 0, isReport ? 24 : 8] },
      { text: document.title, style: isReport ? 'title' : 'briefTitle' },
      { text: document.subtitle, style: isReport ? 'subtitle' : 'paragraph' },
      ...document.titleLines.map((line): Content => ({ text: line, style: 'titleLine' })),
      ...(isReport
        ? [
            { text: document.footer, style: 'note', margin: [0, 48, 0, 0], pageBreak: 'after' } satisfies Content,
            { toc: { title: { text: labels.contents, style: 'h2' } }, pageBreak: 'after' } satisfies Content,
          ]
        : []),
      ...document.blocks.map(blockToContent),
    ],
    // A heading never ends a page: it moves to the next one with the content it introduces.
    pageBreakBefore: (node, queries) => node.headlineLevel === 1 && queries.getFollowingNodesOnPage().length < 2,
    styles: {
      brand: { fontSize: 14, bold: true, color: accent },
      title: { fontSize: 26, bold: true, color: ink, margin: [0, 0, 0, 12] },
      briefTitle: { fontSize: 18, bold: true, color: ink, margin: [0, 0, 0, 6] },
      subtitle: { fontSize: 14, color: muted, margin: [0, 0, 0, 24] },
      titleLine: { fontSize: 12, color: ink, margin: [0, 0, 0, 6] },
      h2: { fontSize: 16, bold: true, color: accent, margin: [0, 16, 0, 6] },
      h3: { fontSize: 12, bold: true, color: ink, margin: [0, 12, 0, 4] },
      paragraph: { fontSize: 10, lineHeight: 1.25, margin: [0, 0, 0, 6] },
      note: { fontSize: 9, color: muted, lineHeight: 1.2, margin: [0, 0, 0, 6] },
      caption: { fontSize: 9, bold: true, color: muted, margin: [0, 0, 0, 3] },
      table: { fontSize: 9 },
      tableHeader: { bold: true, color: ink },
      running: { fontSize: 8, color: muted },
    },
    defaultStyle: { color: ink },
  };
}

/** Renders a report document to PDF bytes. */
export async function renderReportPdf(
  document: ReportDocument,
  labels: { contents: string; page: (page: number, pages: number) => string },
): Promise<Buffer> {
  return renderPdf(buildReportPdfDefinition(document, labels));
}
