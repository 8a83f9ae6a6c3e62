/**
 * Measuring and drawing the blocks of a tagged PDF other than tables: headings, paragraphs, lists, figures and the
 * empty answer boxes of a printed questionnaire. Each block kind has its height (for keeping things together) and
 * its drawing with structure tags; decoration is an artifact.
 */
import { createRequire } from 'node:module';
import { type PdfBlock, plainText } from './pdf-document.ts';
import { layoutTable, measureTableStart } from './pdf-table.ts';
import { artifact, drawText, type Flow, ink, type Look, looks, measureText, tagged } from './pdf-text.ts';

const require = createRequire(import.meta.url);

type SvgToPdf = (
  document: PDFKit.PDFDocument,
  svg: string,
  x: number,
  y: number,
  options: {
    width: number;
    height: number;
    fontCallback: () => string;
    warningCallback: (warning: string) => void;
  },
) => void;
let loadedSvgToPdf: SvgToPdf | undefined;

/** svg-to-pdfkit draws an SVG's paths and text into the page; loaded with the first figure. */
function loadSvgToPdf(): SvgToPdf {
  loadedSvgToPdf ??= require('svg-to-pdfkit');
  if (loadedSvgToPdf === undefined) throw new Error('svg-to-pdfkit did not load');
  return loadedSvgToPdf;
}

/** The widest a chart is drawn, in points (its 640 pixels scaled down, as before). */
const figureWidth = 440;
const listIndent = 14;
const boxIndent = 8;
const boxColumn = 18;

type HeadingBlock = Extract<PdfBlock, { kind: 'heading' }>;
type FigureBlock = Extract<PdfBlock, { kind: 'figure' }>;

/** The look of a heading block. */
export function headingLook(block: HeadingBlock): Look {
  if (block.isCompact) return looks.compact;
  if (block.level === 1) return block.isLarge ? looks.h1Large : looks.h1;
  return block.level === 2 ? looks.h2 : looks.h3;
}

function paragraphLook(block: Extract<PdfBlock, { kind: 'paragraph' }>): Look {
  return looks[block.look ?? 'body'];
}

/** The drawn size of a figure: its SVG's pixel size scaled to fit the text width. */
function figureSize(flow: Flow, block: FigureBlock): { width: number; height: number } {
  const width = Number(/<svg[^>]*?\swidth="([\d.]+)"/.exec(block.svg)?.[1] ?? 640);
  const height = Number(/<svg[^>]*?\sheight="([\d.]+)"/.exec(block.svg)?.[1] ?? 240);
  const drawn = Math.min(flow.width, figureWidth);
  return { width: drawn, height: (drawn * height) / width };
}

/** The full height of a block on the page, with its spacing. */
export function measureBlock(flow: Flow, block: PdfBlock): number {
  switch (block.kind) {
    case 'heading': {
      const look = headingLook(block);
      return look.before + measureText(flow, block.text, look, flow.width) + look.after;
    }
    case 'paragraph': {
      const look = paragraphLook(block);
      return look.before + measureText(flow, block.text, look, flow.width - (block.indent ?? 0)) + look.after;
    }
    case 'list':
      return block.items.reduce(
        (total, item) => total + measureText(flow, item, looks.body, flow.width - listIndent) + 2,
        looks.body.after,
      );
    case 'table': {
      const layout = layoutTable(flow, block);
      const rows = layout.rowHeights.reduce((total, height) => total + height, 0);
      return looks.caption.before + layout.captionHeight + layout.headerHeight + rows + 8;
    }
    case 'figure':
      return (
        measureText(flow, block.caption, looks.caption, flow.width) +
        looks.caption.after +
        figureSize(flow, block).height +
        12
      );
    case 'choices':
      return block.options.reduce(
        (total, option) => total + measureText(flow, option, looks.body, flow.width - boxIndent - boxColumn) + 2,
        2,
      );
    case 'number-field':
      return 26;
    case 'text-field':
      return 70;
    case 'together':
      return block.blocks.reduce((total, child) => total + measureBlock(flow, child), 0);
    case 'space':
      return block.height;
    case 'contents':
    case 'page-break':
      return 0;
  }
}

/**
 * The height a block needs on the current page before a page break may come: a heading brings along what it
 * introduces (so a heading never ends a page), a paragraph its first lines, a table its caption, header and first row.
 */
export function measureLead(flow: Flow, blocks: readonly PdfBlock[], index: number): number {
  const block = blocks[index];
  if (block === undefined) return 0;
  switch (block.kind) {
    case 'heading':
      return measureBlock(flow, block) + measureLead(flow, blocks, index + 1);
    case 'paragraph': {
      const look = paragraphLook(block);
      const lines = 2 * (look.size * 1.2 + look.lineGap);
      return Math.min(measureBlock(flow, block), look.before + lines);
    }
    case 'list': {
      const first = block.items[0];
      return first === undefined ? 0 : measureText(flow, first, looks.body, flow.width - listIndent);
    }
    case 'table':
      return measureTableStart(flow, block);
    default:
      return measureBlock(flow, block);
  }
}

/** Draws a heading (H1–H3) and returns its text for the outline. */
export function drawHeading(flow: Flow, parent: PDFKit.PDFStructureElement, block: HeadingBlock): string {
  const look = headingLook(block);
  const { doc } = flow;
  if (doc.y > flow.top) doc.y += look.before;
  tagged(flow, parent, `H${block.level}`, () => {
    drawText(flow, block.text, look, { x: flow.left, y: doc.y, width: flow.width });
  });
  doc.y += look.after;
  return plainText(block.text);
}

/** Draws a paragraph (P) in its look. */
export function drawParagraph(
  flow: Flow,
  parent: PDFKit.PDFStructureElement,
  block: Extract<PdfBlock, { kind: 'paragraph' }>,
): void {
  const look = paragraphLook(block);
  const indent = block.indent ?? 0;
  if (flow.doc.y > flow.top) flow.doc.y += look.before;
  tagged(flow, parent, 'P', () =>
    drawText(flow, block.text, look, { x: flow.left + indent, y: flow.doc.y, width: flow.width - indent }),
  );
  flow.doc.y += look.after;
}

/** Draws a bulleted list: L > LI > Lbl (the bullet) + LBody. */
export function drawList(flow: Flow, parent: PDFKit.PDFStructureElement, items: readonly string[]): void {
  const { doc } = flow;
  const list = doc.struct('L');
  parent.add(list);
  for (const text of items) {
    const height = measureText(flow, text, looks.body, flow.width - listIndent);
    if (doc.y + Math.min(height, 30) > flow.bottom) doc.addPage();
    const item = doc.struct('LI');
    list.add(item);
    const y = doc.y;
    tagged(flow, item, 'Lbl', () => drawText(flow, '•', looks.body, { x: flow.left + 3, y: doc.y, width: listIndent }));
    doc.y = y;
    tagged(flow, item, 'LBody', () =>
      drawText(flow, text, looks.body, { x: flow.left + listIndent, y: doc.y, width: flow.width - listIndent }),
    );
    item.end();
    doc.y += 2;
  }
  list.end();
  doc.y += looks.body.after;
}

/** Draws a figure: its caption (P), then the SVG as a Figure with its alternative text and bounding box. */
export function drawFigure(flow: Flow, parent: PDFKit.PDFStructureElement, block: FigureBlock): void {
  const { doc } = flow;
  doc.y += 4;
  tagged(flow, parent, 'P', () =>
    drawText(flow, block.caption, looks.caption, { x: flow.left, y: doc.y, width: flow.width }),
  );
  doc.y += looks.caption.after;
  // Security: svg-to-pdfkit opens the file or URL an <image> names; charts are drawn from survey data, never images.
  if (/<image\b/i.test(block.svg)) throw new Error('A chart could not be drawn in the PDF: it refers to an image.');
  const size = figureSize(flow, block);
  const x = flow.left;
  const y = doc.y;
  tagged(
    flow,
    parent,
    'Figure',
    () => {
      // The SVG's own text (axis labels, values) is part of the figure; its Alt text says the same in words.
      loadSvgToPdf()(doc, block.svg, x, y, {
        width: size.width,
        height: size.height,
        fontCallback: () => 'regular',
        warningCallback: (warning) => {
          throw new Error(`A chart could not be drawn in the PDF: ${warning}`);
        },
      });
    },
    // PDF/UA: a figure always has an alternative text; the caption stands in for a missing one.
    { alt: block.alt || block.caption, bbox: [x, y, x + size.width, y + size.height], placement: 'Block' },
  );
  doc.y = y + size.height + 8;
}

/** Draws options to tick on paper: a list whose boxes (round for one answer, square for several) are artifacts. */
export function drawChoices(
  flow: Flow,
  parent: PDFKit.PDFStructureElement,
  block: Extract<PdfBlock, { kind: 'choices' }>,
): void {
  const { doc } = flow;
  const list = doc.struct('L');
  parent.add(list);
  doc.y += 2;
  for (const option of block.options) {
    const item = doc.struct('LI');
    list.add(item);
    const y = doc.y;
    artifact(flow, 'Layout', () => {
      const x = flow.left + boxIndent;
      doc.lineWidth(0.8).strokeColor(ink);
      if (block.isMultiple) doc.rect(x + 0.5, y + 1.5, 8, 8).stroke();
      else doc.circle(x + 4.5, y + 5.5, 4.2).stroke();
    });
    const textX = flow.left + boxIndent + boxColumn;
    tagged(flow, item, 'LBody', () =>
      drawText(flow, option, looks.body, { x: textX, y: doc.y, width: flow.width - boxIndent - boxColumn }),
    );
    item.end();
    doc.y += 2;
  }
  list.end();
}

/** Draws "Svar: [box] unit" as one paragraph whose box is an artifact. */
export function drawNumberField(
  flow: Flow,
  parent: PDFKit.PDFStructureElement,
  block: Extract<PdfBlock, { kind: 'number-field' }>,
): void {
  const { doc } = flow;
  const y = doc.y + 2;
  const label = `${block.label}:`;
  doc.font(looks.body.font).fontSize(looks.body.size);
  const labelWidth = doc.widthOfString(label) + 6;
  const x = flow.left + boxIndent;
  const paragraph = doc.struct('P');
  parent.add(paragraph);
  const write = (text: string, at: number) => {
    const content = doc.markStructureContent('P');
    doc
      .font(looks.body.font)
      .fontSize(looks.body.size)
      .fillColor(ink)
      .text(text, at, y + 4, { lineBreak: false });
    doc.endMarkedContent();
    paragraph.add(content);
  };
  write(label, x);
  artifact(flow, 'Layout', () =>
    doc
      .lineWidth(0.8)
      .strokeColor(ink)
      .rect(x + labelWidth, y, 150, 18)
      .stroke(),
  );
  if (block.unit) write(block.unit, x + labelWidth + 156);
  paragraph.end();
  doc.y = y + 24;
}

/** Draws an empty box to write an answer in, as an artifact. */
export function drawTextField(flow: Flow): void {
  const { doc } = flow;
  const y = doc.y + 2;
  artifact(flow, 'Layout', () => doc.lineWidth(0.8).strokeColor(ink).rect(flow.left, y, flow.width, 64).stroke());
  doc.y = y + 68;
}
