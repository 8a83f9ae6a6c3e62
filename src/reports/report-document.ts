/**
 * A report as a flat list of blocks with every word already in the reader's language. The page and the PDF
 * render the same blocks, so they carry the same content; only the layout differs.
 */
import type { Language } from '../web/i18n.ts';

export type ReportBlock =
  | { kind: 'heading'; level: 2 | 3; text: string; id: string }
  | { kind: 'paragraph'; text: string; isNote?: boolean }
  | { kind: 'list'; items: string[]; id?: string }
  | { kind: 'chart'; svg: string; caption: string; alt: string; height: number }
  | { kind: 'table'; caption: string; header: string[]; rows: string[][]; numericFrom: number };

export interface ReportDocument {
  language: Language;
  title: string;
  subtitle: string;
  /** Lines on the title page under the title, e.g. the response rate. */
  titleLines: string[];
  blocks: ReportBlock[];
  footer: string;
  /** A report gets a title page and a table of contents in the PDF; a brief starts on its first page. */
  layout: 'report' | 'brief';
}

/** The mark of a suppressed cell, as in official Swedish statistics. */
export const suppressedMark = '..';
