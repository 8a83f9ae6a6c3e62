import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findElements, readPdfInfo, readPdfText, readTaggedPdf } from '../../test/pdf.ts';
import { renderChartSvg } from '../charts/render-chart.ts';
import type { PdfBlock, PdfDocument } from './pdf-document.ts';
import { renderTaggedPdf } from './tagged-pdf.ts';

const chart = renderChartSvg(
  {
    xAxis: { type: 'category', data: ['A1', 'A2'] },
    yAxis: { type: 'value', max: 100 },
    series: [{ type: 'bar', data: [70, 60], label: { show: true } }],
  },
  { width: 400, height: 200 },
);

const rows = Array.from({ length: 70 }, (_, index) => [`Fråga ${index + 1}`, String(index * 3), `${index} %`]);

function sampleDocument(title: string): PdfDocument {
  const blocks: PdfBlock[] = [
    { kind: 'paragraph', text: 'Lägesbild', look: 'brand' },
    { kind: 'heading', level: 1, text: title, isLarge: true },
    { kind: 'paragraph', text: 'Svarsfrekvens: 250 av 290 kommuner (86 %).', look: 'lead' },
    { kind: 'page-break' },
    { kind: 'contents', title: 'Innehåll' },
    { kind: 'page-break' },
    { kind: 'heading', level: 2, text: 'Sammanfattning' },
    { kind: 'heading', level: 3, text: 'Fakta' },
    { kind: 'list', items: ['I sju av tio kommuner finns en informationssäkerhetsansvarig.', 'Åtgärd – 64 %'] },
    { kind: 'figure', svg: chart, caption: 'Andel per kommungrupp', alt: 'Andel per kommungrupp. A1: 70 %, A2: 60 %.' },
    { kind: 'heading', level: 2, text: 'Översikt: Organisation O.' },
    { kind: 'table', caption: 'Tabell över frågorna', header: ['Fråga', 'n', 'Andel ja'], rows, numericFrom: 1 },
    {
      kind: 'together',
      blocks: [
        {
          kind: 'heading',
          level: 3,
          isCompact: true,
          text: [{ text: '1.1 Finns en CISO?' }, { text: ' (obligatorisk)', look: 'muted' }],
        },
        { kind: 'choices', options: ['Ja', 'Nej', 'Delvis'], isMultiple: false },
        { kind: 'number-field', label: 'Svar', unit: 'timmar' },
        { kind: 'text-field' },
      ],
    },
  ];
  return {
    language: 'sv',
    title,
    footer: 'Framtagen med Lägesbild',
    pageLabel: (page, pages) => `Sida ${page} av ${pages}`,
    hasTitlePage: true,
    blocks,
  };
}

test('a document is tagged PDF/UA: title shown, language, structure in reading order, tables, figures, contents', async () => {
  const pdf = await renderTaggedPdf(sampleDocument('Informationssäkerhet i kommuner & regioner 2023'));
  const info = readPdfInfo(pdf);
  assert.equal(info.Tagged, 'yes');
  assert.equal(info.Title, 'Informationssäkerhet i kommuner & regioner 2023');
  assert.ok(pdf.includes('/DisplayDocTitle true'), 'the title bar shows the title, not the file name');

  const tagged = await readTaggedPdf(pdf);
  assert.deepEqual(tagged.untagged, [], 'every piece of text is tagged or an artifact');
  assert.equal(tagged.language, 'sv-SE');
  assert.match(tagged.xmp, /<pdfuaid:part>1<\/pdfuaid:part>/);
  assert.match(
    tagged.xmp,
    /<dc:title>\s*<rdf:Alt>\s*<rdf:li xml:lang="x-default">Informationssäkerhet i kommuner &#38; regioner/,
  );

  const headings = findElements(tagged, /^H\d$/).map((element) => `${element.role} ${element.text}`);
  assert.deepEqual(headings, [
    'H1 Informationssäkerhet i kommuner & regioner 2023',
    'H2 Innehåll',
    'H2 Sammanfattning',
    'H3 Fakta',
    'H2 Översikt: Organisation O.',
    'H3 1.1 Finns en CISO? (obligatorisk)',
  ]);
  // The contents list each level-2 heading with the page it is on.
  const pageOf = (text: string) =>
    tagged.pages.findIndex((page) => findElements({ ...tagged, pages: [page] }, 'H2').some((h) => h.text === text)) + 1;
  assert.deepEqual(
    findElements(tagged, 'TOCI').map((element) => element.text),
    [`Sammanfattning ${pageOf('Sammanfattning')}`, `Översikt: Organisation O. ${pageOf('Översikt: Organisation O.')}`],
  );
  assert.equal(pageOf('Sammanfattning'), 3);

  const headerCells = findElements(tagged, 'TH').map((element) => element.text);
  assert.deepEqual(headerCells, ['Fråga', 'n', 'Andel ja', ...rows.map((row) => row[0])]);
  assert.equal(findElements(tagged, 'TD').length, rows.length * 2);
  assert.ok(pdf.includes('/Scope /Column') && pdf.includes('/Scope /Row'), 'header cells name their scope');
  assert.deepEqual(
    findElements(tagged, 'Caption').map((element) => element.text),
    ['Tabell över frågorna'],
  );

  const [figure] = findElements(tagged, 'Figure');
  assert.equal(figure?.alt, 'Andel per kommungrupp. A1: 70 %, A2: 60 %.');
  assert.deepEqual(
    findElements(tagged, 'LBody').map((element) => element.text),
    ['I sju av tio kommuner finns en informationssäkerhetsansvarig.', 'Åtgärd – 64 %', 'Ja', 'Nej', 'Delvis'],
  );

  // Running titles and page numbers are artifacts: drawn, extracted as text, but not in the structure tree.
  const text = readPdfText(pdf);
  const pages = Number(info.Pages);
  assert.ok(pages >= 5);
  assert.ok(text.includes(`Sida ${pages} av ${pages}`));
  const everything = JSON.stringify(tagged.pages);
  assert.doesNotMatch(everything, /Sida \d+ av/);
  assert.doesNotMatch(everything, /Framtagen med Lägesbild/);
});

test('text extracted from a PDF is the text drawn, also for documents after the first of the process', async () => {
  // Composite glyphs ("Ö" holds "O", ":" holds ".") laid out first once made later documents lose "O" and ".".
  await renderTaggedPdf({
    ...sampleDocument('Öst: Ökning; Åtgärd…'),
    blocks: [{ kind: 'heading', level: 1, text: 'Ökning: Öst; Åtgärd… Ö:' }],
  });
  const document = sampleDocument('Organisation O. OLLE.');
  const pdf = await renderTaggedPdf(document);
  const text = readPdfText(pdf);
  const tagged = await readTaggedPdf(pdf);
  const drawn = findElements(tagged, /^(H\d|P|Lbl|LBody|TH|TD|Caption)$/).map((element) => element.text);
  assert.ok(drawn.includes('Organisation O. OLLE.'));
  for (const piece of drawn) assert.ok(text.includes(piece), `pdftotext lost: ${piece}`);
  for (const row of rows) assert.ok(text.includes(row.join(' ')), `row: ${row.join(' ')}`);
});

test('an SVG that cannot be drawn fails the PDF instead of leaving part of a chart out', async () => {
  const figure = (svg: string): PdfDocument => ({
    ...sampleDocument('x'),
    blocks: [{ kind: 'figure', svg, caption: 'x', alt: 'x' }],
  });
  const broken = '<svg width="100" height="50" xmlns="http://www.w3.org/2000/svg"><path d="M 0 0 L 5"/></svg>';
  await assert.rejects(
    renderTaggedPdf(figure(broken)),
    /could not be drawn in the PDF: SvgPath: command L with 1 numbers/,
  );
  // svg-to-pdfkit would read an image's file or URL; a chart never has one, so an SVG with one is refused.
  const image = '<svg width="100" height="50" xmlns="http://www.w3.org/2000/svg"><image href="/etc/passwd"/></svg>';
  await assert.rejects(renderTaggedPdf(figure(image)), /could not be drawn in the PDF: it refers to an image/);
});

test('the reader used above does see text that is neither tagged nor an artifact', async () => {
  // A plain pdfkit document, as pdfmake wrote them: its text is outside any marked content.
  const { default: PDFDocument } = await import('pdfkit');
  const plain = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  plain.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => plain.on('end', resolve));
  plain.text('Otaggad text');
  plain.end();
  await ended;
  const pdf = Buffer.concat(chunks);
  assert.equal(readPdfInfo(pdf).Tagged, 'no');
  assert.deepEqual((await readTaggedPdf(pdf)).untagged, ['Otaggad text']);
});
