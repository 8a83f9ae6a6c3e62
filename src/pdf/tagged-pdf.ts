/**
 * Renders a PdfDocument as a tagged, accessible PDF (PDF/UA-1) with pdfkit: a structure tree in reading order
 * (Document > H1–H3, P, L, Table, Figure with alternative text, TOC), running titles and page numbers as artifacts,
 * the document language, the title shown in a reader's title bar, bookmarks for the headings, and the PDF/UA
 * identifier in the XMP metadata. Fonts are embedded with a ToUnicode map, so extracted text is the drawn text.
 */
import { createRequire } from 'node:module';
import {
  drawChoices,
  drawFigure,
  drawHeading,
  drawList,
  drawNumberField,
  drawParagraph,
  drawTextField,
  measureBlock,
  measureLead,
} from './pdf-blocks.ts';
import { type PdfBlock, type PdfDocument, plainText } from './pdf-document.ts';
import { useSharedFonts } from './pdf-fonts.ts';
import { drawTable } from './pdf-table.ts';
import { artifact, drawText, type Flow, looks, measureText, tagged } from './pdf-text.ts';

const require = createRequire(import.meta.url);
type PdfKitDocument = new (options: PDFKit.PDFDocumentOptions) => PDFKit.PDFDocument;
let loadedPdfKit: PdfKitDocument | undefined;

/** pdfkit loads with the first PDF, not at start-up: a server busy with respondents never renders one. */
function loadPdfKit(): PdfKitDocument {
  loadedPdfKit ??= require('pdfkit');
  if (loadedPdfKit === undefined) throw new Error('pdfkit did not load');
  return loadedPdfKit;
}

/** A4 in points, and the margins of every page. */
const page = { width: 595.28, height: 841.89, side: 56, top: 56, bottom: 64 } as const;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A table of contents waiting for its page numbers: its element, its pages and where its entries start. */
interface PendingContents {
  element: PDFKit.PDFStructureElement;
  pages: number[];
  y: number;
  entries: Array<{ text: string; page: number }>;
}

function currentPage(flow: Flow): number {
  return flow.doc.bufferedPageRange().count;
}

/** Level-2 headings from a position on, in order, also inside blocks kept together. */
function listContentsHeadings(blocks: readonly PdfBlock[]): string[] {
  return blocks.flatMap((block) => {
    if (block.kind === 'heading' && block.level === 2) return [plainText(block.text)];
    if (block.kind === 'together') return listContentsHeadings(block.blocks);
    return [];
  });
}

const contentsEntryGap = 4;

/** Draws the contents' title now and keeps room for its entries, which are written once every page is known. */
function reserveContents(
  flow: Flow,
  parent: PDFKit.PDFStructureElement,
  title: string,
  following: readonly PdfBlock[],
): PendingContents {
  const { doc } = flow;
  drawHeading(flow, parent, { kind: 'heading', level: 2, text: title });
  const element = doc.struct('TOC');
  parent.add(element);
  const pending: PendingContents = { element, pages: [currentPage(flow)], y: doc.y, entries: [] };
  for (const text of listContentsHeadings(following)) {
    const height = measureText(flow, text, looks.body, flow.width - 40) + contentsEntryGap;
    if (doc.y + height > flow.bottom) {
      doc.addPage();
      pending.pages.push(currentPage(flow));
    }
    doc.y += height;
  }
  return pending;
}

function fillContents(flow: Flow, pending: PendingContents): void {
  const { doc } = flow;
  let pageIndex = 0;
  doc.switchToPage((pending.pages[0] ?? 1) - 1);
  doc.y = pending.y;
  for (const entry of pending.entries) {
    const height = measureText(flow, entry.text, looks.body, flow.width - 40) + contentsEntryGap;
    if (doc.y + height > flow.bottom) {
      pageIndex += 1;
      doc.switchToPage((pending.pages[pageIndex] ?? 1) - 1);
      doc.y = flow.top;
    }
    const item = doc.struct('TOCI');
    pending.element.add(item);
    const y = doc.y;
    tagged(flow, item, 'P', () => {
      drawText(flow, entry.text, looks.body, { x: flow.left, y, width: flow.width - 40 });
      drawText(flow, String(entry.page), looks.body, { x: flow.left + flow.width - 36, y, width: 36, align: 'right' });
    });
    item.end();
    doc.y = y + height;
  }
  pending.element.end();
}

/** Draws the running title (every page but the first) and the footer with the page number, as artifacts. */
function drawPageFrames(flow: Flow, document: PdfDocument): void {
  const { doc } = flow;
  const pages = currentPage(flow);
  for (let index = 0; index < pages; index += 1) {
    if (index === 0 && document.hasTitlePage) continue;
    doc.switchToPage(index);
    // Text below the bottom margin would make pdfkit start a new page; the frame is drawn with no margin.
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, bottom: 0 };
    artifact(flow, 'Pagination', () => {
      if (index > 0) drawText(flow, document.title, looks.running, { x: flow.left, y: 28, width: flow.width });
      const footerY = page.height - page.bottom + 24;
      if (document.footer)
        drawText(flow, document.footer, looks.running, { x: flow.left, y: footerY, width: flow.width - 90 });
      const label = document.pageLabel(index + 1, pages);
      drawText(flow, label, looks.running, { x: flow.left + flow.width - 90, y: footerY, width: 90, align: 'right' });
    });
    doc.page.margins = margins;
  }
}

function drawBlocks(
  flow: Flow,
  parent: PDFKit.PDFStructureElement,
  blocks: readonly PdfBlock[],
  state: { contents: PendingContents | undefined; outline: PDFKit.PDFOutline | undefined },
): void {
  const { doc } = flow;
  blocks.forEach((block, index) => {
    const lead = Math.min(measureLead(flow, blocks, index), flow.bottom - flow.top);
    if (block.kind !== 'page-break' && block.kind !== 'space' && doc.y + lead > flow.bottom && doc.y > flow.top) {
      doc.addPage();
    }
    switch (block.kind) {
      case 'heading': {
        const text = drawHeading(flow, parent, block);
        if (block.level === 2) {
          state.contents?.entries.push({ text, page: currentPage(flow) });
          state.outline = doc.outline.addItem(text);
        } else if (block.level === 3) {
          (state.outline ?? doc.outline).addItem(text);
        }
        break;
      }
      case 'paragraph':
        drawParagraph(flow, parent, block);
        break;
      case 'list':
        drawList(flow, parent, block.items);
        break;
      case 'table':
        drawTable(flow, parent, block, () => doc.addPage());
        break;
      case 'figure':
        drawFigure(flow, parent, block);
        break;
      case 'choices':
        drawChoices(flow, parent, block);
        break;
      case 'number-field':
        drawNumberField(flow, parent, block);
        break;
      case 'text-field':
        drawTextField(flow);
        break;
      case 'together': {
        const height = measureBlock(flow, block);
        if (doc.y + height > flow.bottom && height <= flow.bottom - flow.top && doc.y > flow.top) doc.addPage();
        drawBlocks(flow, parent, block.blocks, state);
        break;
      }
      case 'contents':
        state.contents = reserveContents(flow, parent, block.title, blocks.slice(index + 1));
        break;
      case 'space':
        doc.y += block.height;
        break;
      case 'page-break':
        doc.addPage();
        break;
    }
  });
}

/** Renders a document as a tagged PDF (PDF/UA-1) and returns its bytes. */
export async function renderTaggedPdf(document: PdfDocument): Promise<Buffer> {
  const PDFDocument = loadPdfKit();
  const language = document.language === 'sv' ? 'sv-SE' : 'en-GB';
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: page.top, bottom: page.bottom, left: page.side, right: page.side },
    pdfVersion: '1.7',
    tagged: true,
    lang: language,
    displayTitle: true,
    bufferPages: true,
    // No default font: Helvetica is not embedded, which PDF/UA forbids; every text names one of the shipped fonts.
    font: '',
    info: { Title: document.title, Creator: 'Lägesbild', Producer: 'Lägesbild' },
  });
  useSharedFonts(doc);
  // pdfkit writes the title into the XMP metadata unescaped; a title with "&" or "<" would break the XML.
  const escapedTitle = escapeXml(document.title);
  if (escapedTitle !== document.title) {
    const appendXml = doc.appendXML.bind(doc);
    doc.appendXML = (xml, newLine) =>
      appendXml(xml.replace(`>${document.title}</rdf:li>`, `>${escapedTitle}</rdf:li>`), newLine);
  }
  doc.appendXML(`
        <rdf:Description xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" rdf:about="">
            <pdfuaid:part>1</pdfuaid:part>
        </rdf:Description>`);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const flow: Flow = {
    doc,
    left: page.side,
    width: page.width - 2 * page.side,
    top: page.top,
    bottom: page.height - page.bottom,
  };
  const root = doc.struct('Document');
  doc.addStructure(root);
  const state: { contents: PendingContents | undefined; outline: PDFKit.PDFOutline | undefined } = {
    contents: undefined,
    outline: undefined,
  };
  drawBlocks(flow, root, document.blocks, state);
  if (state.contents) fillContents(flow, state.contents);
  drawPageFrames(flow, document);
  root.end();
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
