/**
 * Text in a tagged PDF: the looks (font, size, colour, spacing) and the two things every block does with text,
 * measuring it for the layout and drawing it inside the marked content of its structure element.
 */

import type { PdfRun, PdfText } from './pdf-document.ts';
import type { FontName } from './pdf-fonts.ts';

export const ink = '#1b1b1f';
export const accent = '#1d4f91';
export const muted = '#4a4a55';
export const rule = '#c4c4cc';

export interface Look {
  font: FontName;
  size: number;
  color: string;
  /** Extra space between the lines of one paragraph. */
  lineGap: number;
  /** Space above, left out at the top of a page. */
  before: number;
  after: number;
}

const look = (font: FontName, size: number, color: string, lineGap: number, before: number, after: number): Look => ({
  font,
  size,
  color,
  lineGap,
  before,
  after,
});

export const looks = {
  body: look('regular', 10, ink, 2.5, 0, 6),
  note: look('regular', 9, muted, 1.8, 0, 6),
  lead: look('regular', 14, muted, 2, 0, 20),
  'title-line': look('regular', 12, ink, 2, 0, 6),
  brand: look('medium', 14, accent, 0, 0, 10),
  strong: look('medium', 10.5, ink, 2, 4, 2),
  emphasis: look('italic', 10, ink, 2, 0, 4),
  muted: look('regular', 9.5, muted, 2, 0, 3),
  h1: look('medium', 18, ink, 2, 0, 8),
  h1Large: look('medium', 26, ink, 3, 0, 14),
  h2: look('medium', 15, accent, 2, 16, 6),
  h3: look('medium', 12, ink, 2, 12, 4),
  compact: look('medium', 10.5, ink, 2, 8, 2),
  caption: look('medium', 9, muted, 1, 4, 3),
  cell: look('regular', 9, ink, 1, 0, 0),
  headerCell: look('medium', 9, ink, 1, 0, 0),
  running: look('regular', 8, muted, 0, 0, 0),
} as const satisfies Record<string, Look>;

/** Where blocks flow: the document, the content box of its pages, and the structure element they go into. */
export interface Flow {
  doc: PDFKit.PDFDocument;
  left: number;
  width: number;
  top: number;
  bottom: number;
}

function runsOf(text: PdfText): readonly PdfRun[] {
  return (typeof text === 'string' ? [{ text }] : text).filter((run) => run.text !== '');
}

function fontOf(base: Look, run: PdfRun): FontName {
  if (run.look === 'strong') return base.font === 'italic' ? 'mediumItalic' : 'medium';
  if (run.look === 'emphasis') return base.font === 'medium' ? 'mediumItalic' : 'italic';
  return base.font;
}

/** The height of a text of this look wrapped to a width (measured in the widest of its runs' fonts). */
export function measureText(flow: Flow, text: PdfText, base: Look, width: number): number {
  const runs = runsOf(text);
  if (runs.length === 0) return 0;
  const font = runs.some((run) => fontOf(base, run) === 'medium') ? 'medium' : base.font;
  flow.doc.font(font).fontSize(base.size);
  return flow.doc.heightOfString(runs.map((run) => run.text).join(''), { width, lineGap: base.lineGap });
}

/** The width of a text on one line in a look. */
export function measureWidth(flow: Flow, text: string, base: Look): number {
  flow.doc.font(base.font).fontSize(base.size);
  return flow.doc.widthOfString(text);
}

/** Draws text at a position, wrapping to a width; the caller has opened the marked content it belongs to. */
export function drawText(
  flow: Flow,
  text: PdfText,
  base: Look,
  at: { x: number; y: number; width: number; align?: 'left' | 'right' | 'center' },
): void {
  const runs = runsOf(text);
  const { doc } = flow;
  runs.forEach((run, index) => {
    doc
      .font(fontOf(base, run))
      .fontSize(base.size)
      .fillColor(run.look === 'muted' ? muted : base.color);
    const options = {
      width: at.width,
      lineGap: base.lineGap,
      align: at.align ?? 'left',
      continued: index < runs.length - 1,
    };
    if (index === 0) doc.text(run.text, at.x, at.y, options);
    else doc.text(run.text, options);
  });
}

/**
 * Adds a structure element under a parent and draws its content inside one marked-content sequence; pdfkit carries
 * the sequence over when text flows onto a new page. Returns the element, already ended.
 */
export function tagged(
  flow: Flow,
  parent: PDFKit.PDFStructureElement,
  tag: string,
  draw: () => void,
  options: PDFKit.Mixins.StructureElementOptions = {},
): PDFKit.PDFStructureElement {
  const element = flow.doc.struct(tag, options);
  parent.add(element);
  const content = flow.doc.markStructureContent(tag);
  draw();
  flow.doc.endMarkedContent();
  // Added after drawing, so that every page the content flowed onto is in the parent tree.
  element.add(content);
  element.end();
  return element;
}

/** Draws decoration (rules, boxes, running titles) as an artifact, outside the structure tree. */
export function artifact(flow: Flow, type: 'Layout' | 'Pagination', draw: () => void): void {
  flow.doc.markContent('Artifact', { type });
  draw();
  flow.doc.endMarkedContent();
}
