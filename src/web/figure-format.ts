/**
 * How figures are written wherever they are shown. A share is written the same way: tables, charts and their data tables, PDFs, feedback reports
 * and the display columns of open data. A share rounds to 100 % only when every respondent gave the answer and to
 * 0 % only when none did; otherwise it says "> 99 %" or "< 1 %", so that 238 of 239 is never printed as everyone.
 */
import type { Language } from './define-messages.ts';

/** Formats a share (0–1) as a percentage in the reader's language, "70 %" / "70%", never overstating. */
export function formatShare(share: number, language: Language, fractionDigits: 0 | 1 = 0): string {
  const scale = 10 ** fractionDigits;
  const rounded = Math.round(share * 100 * scale) / scale;
  const write = (value: number) => {
    const text = value.toFixed(fractionDigits);
    return language === 'sv' ? `${text.replace('.', ',')} %` : `${text}%`;
  };
  const step = 1 / scale;
  if (rounded >= 100 && share < 1) return `> ${write(100 - step)}`;
  if (rounded <= 0 && share > 0) return `< ${write(step)}`;
  return write(rounded);
}

/** Formats an interval of shares as whole percentages, "64–75". */
export function formatInterval(interval: { lower: number; upper: number }): string {
  return `${Math.round(interval.lower * 100)}–${Math.round(interval.upper * 100)}`;
}

/** Formats a number with the reader's grouping and decimal mark, at most one decimal. */
export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(language === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 1 }).format(value);
}

/** Formats a signed number with a true minus sign: "+1,5", "−2". */
export function formatSignedNumber(value: number, language: Language): string {
  const text = formatNumber(Math.abs(value), language);
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

/** Formats a p-value as it is printed beside a test: "p = 0,034" with two significant digits, or "p < 0,001". */
export function formatP(pValue: number, language: Language): string {
  if (pValue < 0.001) return language === 'sv' ? 'p < 0,001' : 'p < 0.001';
  const text = pValue.toPrecision(2);
  return `p = ${language === 'sv' ? text.replace('.', ',') : text}`;
}

/** Formats a signed difference of shares in percentage points ("+5", "−3"). */
export function formatPoints(difference: number): string {
  const value = Math.round(difference * 100);
  return value > 0 ? `+${value}` : value < 0 ? `−${Math.abs(value)}` : '0';
}
