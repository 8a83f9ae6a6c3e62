/**
 * The fonts of every PDF (Roboto, shipped in ./fonts with its licence), parsed once per process and shared between
 * documents, with the repair that keeps their text layer whole.
 */
import { join } from 'node:path';
import { codePath } from '../paths.ts';

const fontFolder = codePath('pdf', 'fonts');

const fontFiles = {
  regular: 'Roboto-Regular.ttf',
  medium: 'Roboto-Medium.ttf',
  italic: 'Roboto-Italic.ttf',
  mediumItalic: 'Roboto-MediumItalic.ttf',
} as const;

export type FontName = keyof typeof fontFiles;
const fontNames: readonly FontName[] = ['regular', 'medium', 'italic', 'mediumItalic'];

/** The parts of a fontkit glyph and font that the repair touches. */
interface FontkitGlyph {
  codePoints: number[];
}
interface FontkitFont {
  getGlyph(id: number, codePoints?: number[]): FontkitGlyph | null;
}

/** pdfkit's EmbeddedFont (one per font per document): the parsed font, and its cache of laid-out words. */
interface EmbeddedFont {
  font: FontkitFont;
  layoutCache?: Record<string, unknown>;
}
type EmbeddedFontClass = new (document: PDFKit.PDFDocument, font: FontkitFont, id: string) => EmbeddedFont;

/** The fields of pdfkit's document that sharing fonts reaches into (pdfkit has no public way to pass a font in). */
interface FontInternals {
  _font: EmbeddedFont;
  _fontFamilies: Record<string, EmbeddedFont>;
  _fontCount: number;
}

function isFontInternals(document: object): document is FontInternals {
  return (
    '_fontFamilies' in document &&
    typeof document._fontFamilies === 'object' &&
    '_fontCount' in document &&
    typeof document._fontCount === 'number' &&
    '_font' in document
  );
}

/** Laid-out words kept per font; beyond this the cache starts again (a bound on memory, not a tuning knob). */
const maximumCachedWords = 50_000;
const sharedFonts = new Map<
  FontName,
  { font: FontkitFont; words: Record<string, unknown>; create: EmbeddedFontClass }
>();

/**
 * Why text went missing from extracted text (issue 12, point 6): fontkit caches one glyph object per glyph id,
 * with the code points it was first asked for. Its TrueType subsetter asks for the components of composite glyphs
 * ("O" inside "Ö", "." inside ":" and "…") by id alone, so a component that the document had not laid out by
 * then is cached with no code points. With the font shared between documents, the next document that draws "O"
 * gets that cached glyph, pdfkit writes no ToUnicode entry for it, and copy or pdftotext lose the character
 * (Medium lost "O" and "." first because bold headings are where "Ö" and ":" come before "O" and "."). The repair:
 * a glyph asked for with its code points gets them, cached or not.
 */
function keepCodePoints(font: FontkitFont): void {
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id, codePoints = []) => {
    const glyph = getGlyph(id, codePoints);
    if (glyph && glyph.codePoints.length === 0 && codePoints.length > 0) glyph.codePoints = codePoints;
    return glyph;
  };
}

/**
 * Registers the fonts on a new document under their names (regular, medium, italic, mediumItalic). pdfkit parses a
 * font file again for every document and lays out every word again (fontkit shaping), which is most of a report's
 * text measurement; so the first document of the process opens each font as usual and later documents get a new
 * EmbeddedFont (their own subset and ToUnicode map) over the same parsed font and laid-out words. Safe because
 * rendering a document is synchronous and pdfkit copies a laid-out run before changing it. Fails loudly if
 * pdfkit's internals have moved.
 */
export function useSharedFonts(document: PDFKit.PDFDocument): void {
  if (!isFontInternals(document)) throw new Error('pdfkit no longer keeps fonts in _fontFamilies');
  for (const name of fontNames) {
    document.registerFont(name, join(fontFolder, fontFiles[name]));
    const known = sharedFonts.get(name);
    if (known) {
      if (Object.keys(known.words).length > maximumCachedWords) known.words = Object.create(null);
      document._fontCount += 1;
      const embedded = new known.create(document, known.font, `F${document._fontCount}`);
      embedded.layoutCache = known.words;
      document._fontFamilies[name] = embedded;
      continue;
    }
    document.font(name);
    const embedded = document._font;
    keepCodePoints(embedded.font);
    embedded.layoutCache ??= Object.create(null);
    sharedFonts.set(name, {
      font: embedded.font,
      words: embedded.layoutCache ?? Object.create(null),
      // pdfkit does not export EmbeddedFont; its constructor is reached through the instance it made.
      create: embedded.constructor as EmbeddedFontClass,
    });
  }
}
