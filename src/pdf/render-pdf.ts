import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';

const require = createRequire(import.meta.url);

type Pdfmake = {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(definition: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
};

const fontFolder = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
let loadedPdfmake: Pdfmake | undefined;

/**
 * pdfmake 0.3 is a CommonJS singleton, loaded and configured on the first document rather than at start-up, so a
 * server that only serves respondents does not carry it.
 */
function loadPdfmake(): Pdfmake {
  if (loadedPdfmake !== undefined) return loadedPdfmake;
  const pdfmake: Pdfmake = require('pdfmake');
  pdfmake.setFonts({
    Roboto: {
      normal: join(fontFolder, 'Roboto-Regular.ttf'),
      bold: join(fontFolder, 'Roboto-Medium.ttf'),
      italics: join(fontFolder, 'Roboto-Italic.ttf'),
      bolditalics: join(fontFolder, 'Roboto-MediumItalic.ttf'),
    },
  });
  // Security: by default pdfmake fetches any URL and reads any file a document names. Documents here are built
  // from survey data, so nothing is fetched and only the bundled fonts may be read.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => path.startsWith(fontFolder));
  shareFontsBetweenDocuments();
  loadedPdfmake = pdfmake;
  return pdfmake;
}

/**
 * The parts of pdfkit's EmbeddedFont (one per font per document) that sharing touches: the fontkit font, the
 * document's subset of it, and the cache of laid-out words.
 */
interface EmbeddedFont {
  font: SharedFont;
  subset: unknown;
  layoutCache?: Record<string, unknown>;
}

/** The parts of a fontkit font that sharing touches: its subsets and its per-font cache of glyph objects. */
interface SharedFont {
  createSubset(): unknown;
  getGlyph(id: number, codePoints?: number[]): { codePoints: number[] } | null;
}

/** Laid-out words kept per font; beyond this the cache starts again (a bound on memory, not a tuning knob). */
const maximumCachedWords = 50_000;

/**
 * pdfkit parses every font again for each document and lays out every word again (fontkit shaping with the
 * font's GSUB/GPOS tables), which is most of a report's text measurement and most of the extra cost of the first
 * PDF of a process. This parses each font file once per process and shares it, with its laid-out words, between
 * documents; each document still embeds its own subset. Safe because rendering a document is synchronous and
 * pdfkit copies a laid-out run before changing it. Deliberate shortcut: pdfmake has no hook for this, so it wraps
 * pdfmake's PDFDocument.provideFont (the one place pdfmake opens a font) and fails loudly if that method is gone.
 */
function shareFontsBetweenDocuments(): void {
  const pdfmakeDocument: {
    prototype: {
      provideFont(this: PdfmakeDocument, family: string, bold: boolean, italics: boolean): EmbeddedFont;
    };
  } = require('pdfmake/js/PDFDocument.js').default;
  type PdfmakeDocument = { getFontFile(family: string, bold: boolean, italics: boolean): unknown };
  const provideFont = pdfmakeDocument.prototype.provideFont;
  if (typeof provideFont !== 'function') throw new Error('pdfmake no longer has PDFDocument.provideFont');
  const shared = new Map<unknown, { font: EmbeddedFont['font']; words: Record<string, unknown> }>();
  pdfmakeDocument.prototype.provideFont = function (family, bold, italics) {
    const embedded = provideFont.call(this, family, bold, italics);
    const file = this.getFontFile(family, bold, italics);
    const known = shared.get(file);
    if (!known) {
      keepCodePointsOfSubsetGlyphs(embedded.font);
      shared.set(file, { font: embedded.font, words: embedded.layoutCache ?? Object.create(null) });
    } else if (embedded.font !== known.font) {
      // A document's first use of this font: from now on the document uses the shared one.
      embedded.font = known.font;
      embedded.subset = known.font.createSubset();
      if (Object.keys(known.words).length > maximumCachedWords) known.words = Object.create(null);
    }
    if (embedded.layoutCache !== undefined) embedded.layoutCache = shared.get(file)?.words;
    return embedded;
  };
}

/**
 * fontkit caches one glyph object per glyph id with the code points it was first asked for, and pdfkit maps a glyph
 * to text (ToUnicode, what copying, searching and screen readers read) by those code points. Writing a document's
 * subset asks for the components of composite glyphs without code points (Roboto's colon is two full stops), so in a
 * shared font a later document's full stop would come out as no text at all. A glyph cached without code points
 * takes those of the first layout that asks for it with some.
 */
function keepCodePointsOfSubsetGlyphs(font: SharedFont): void {
  const getGlyph = font.getGlyph;
  font.getGlyph = function (id, codePoints = []) {
    const glyph = getGlyph.call(this, id, codePoints);
    if (glyph && glyph.codePoints.length === 0 && codePoints.length > 0) glyph.codePoints = codePoints;
    return glyph;
  };
}

/** Renders a pdfmake document definition to PDF bytes (Roboto, no network, no file access beyond the fonts). */
export async function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  return loadPdfmake()
    .createPdf({ ...definition, defaultStyle: { font: 'Roboto', fontSize: 10, ...definition.defaultStyle } })
    .getBuffer();
}
