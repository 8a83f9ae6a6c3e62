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
  loadedPdfmake = pdfmake;
  return pdfmake;
}

/** Renders a pdfmake document definition to PDF bytes (Roboto, no network, no file access beyond the fonts). */
export async function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  return loadPdfmake()
    .createPdf({ ...definition, defaultStyle: { font: 'Roboto', fontSize: 10, ...definition.defaultStyle } })
    .getBuffer();
}
