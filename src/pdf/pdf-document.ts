/**
 * A document to print as a tagged PDF: the logical content in reading order, every word already in the reader's
 * language. The renderer (tagged-pdf.ts) decides the layout and writes each block with its structure tag, so
 * screen readers and text extraction see what the eye sees.
 */
import type { Language } from '../web/i18n.ts';

/** A piece of text with one look; the runs of a paragraph flow on as one text, wrapping together. */
export interface PdfRun {
  text: string;
  look?: 'strong' | 'muted' | 'emphasis';
}

/** Plain text, or runs of text with different looks. */
export type PdfText = string | readonly PdfRun[];

/** How a paragraph looks; the tag is P whatever the look. */
export type ParagraphLook = 'body' | 'note' | 'lead' | 'title-line' | 'brand' | 'strong' | 'emphasis' | 'muted';

export type PdfBlock =
  /** H1–H3; `isLarge` for a title page's title, `isCompact` for many short headings such as questions. */
  | { kind: 'heading'; level: 1 | 2 | 3; text: PdfText; isLarge?: boolean; isCompact?: boolean }
  | { kind: 'paragraph'; text: PdfText; look?: ParagraphLook; indent?: number }
  | { kind: 'list'; items: readonly string[] }
  /** A table: a caption, one header row (TH, scope column), rows whose first cell heads the row (TH, scope row). */
  | {
      kind: 'table';
      caption: string;
      header: readonly string[];
      rows: readonly (readonly string[])[];
      /** Columns from this index on are numbers: right-aligned. */
      numericFrom: number;
    }
  /** An SVG drawing (a chart) with its caption above and an alternative text that states what it shows. */
  | { kind: 'figure'; svg: string; caption: string; alt: string }
  /** Options with an empty box each, to tick on paper: a list whose boxes are decoration. */
  | { kind: 'choices'; options: readonly string[]; isMultiple: boolean }
  /** A label, an empty box to write a number in, and the unit after it. */
  | { kind: 'number-field'; label: string; unit: string | undefined }
  /** An empty box to write text in. */
  | { kind: 'text-field' }
  /** Blocks kept on one page whenever they fit on one. */
  | { kind: 'together'; blocks: readonly PdfBlock[] }
  /** The table of contents: the level-2 headings that follow, with their pages. */
  | { kind: 'contents'; title: string }
  | { kind: 'space'; height: number }
  | { kind: 'page-break' };

export interface PdfDocument {
  language: Language;
  /** The document title: in the title bar of a PDF reader, and above every page but the first. */
  title: string;
  /** Text at the foot of every page, left of the page number. */
  footer?: string;
  /** The page number as the reader's language writes it ("Sida 2 av 9"). */
  pageLabel: (page: number, pages: number) => string;
  /** A title page: the first page has no running title, footer or page number. */
  hasTitlePage: boolean;
  blocks: readonly PdfBlock[];
}

/** The text of a PdfText, runs joined. */
export function plainText(text: PdfText): string {
  return typeof text === 'string' ? text : text.map((run) => run.text).join('');
}
