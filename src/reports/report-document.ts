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

/** Formats a share (0-1) as a whole percentage in the reader's language ("70 %" / "70%"). */
export function formatShare(share: number, language: Language): string {
  const value = Math.round(share * 100);
  return language === 'sv' ? `${value} %` : `${value}%`;
}

/** Formats an interval of shares as "64–75". */
export function formatInterval(interval: { lower: number; upper: number }): string {
  return `${Math.round(interval.lower * 100)}–${Math.round(interval.upper * 100)}`;
}

/** Formats a number with the reader's grouping and decimal mark, at most one decimal. */
export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(language === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 1 }).format(value);
}

/** Formats a p-value with two significant digits, or "< 0,001". */
export function formatPValue(pValue: number, language: Language): string {
  if (pValue < 0.001) return language === 'sv' ? '< 0,001' : '< 0.001';
  const text = pValue.toPrecision(2);
  return language === 'sv' ? text.replace('.', ',') : text;
}

/** Formats a signed difference of shares in percentage points ("+5", "−3"). */
export function formatPoints(difference: number): string {
  const value = Math.round(difference * 100);
  return value > 0 ? `+${value}` : value < 0 ? `−${Math.abs(value)}` : '0';
}

/** The mark of a suppressed cell, as in official Swedish statistics. */
export const suppressedMark = '..';
