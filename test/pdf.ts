/**
 * Reads PDFs in tests with readers independent of the renderer: poppler's pdfinfo and pdftotext, and Mozilla's
 * pdf.js for the structure tree (what a screen reader gets), its alternative texts and the text of each element.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { type PdfBlock, type PdfDocument, plainText } from '../src/pdf/pdf-document.ts';

function withPdfFile<T>(pdf: Uint8Array, read: (file: string) => T): T {
  const folder = mkdtempSync(join(tmpdir(), 'lagesbild-pdf-'));
  try {
    const file = join(folder, 'document.pdf');
    writeFileSync(file, pdf);
    return read(file);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * pdftotext's text of a PDF in the order it was drawn (-raw), with all whitespace runs as one space (wrapped lines
 * join with either).
 */
/**
 * The text pdftotext extracts from the pages' content, without the running title at the top of each page and the
 * footer and page number at the bottom (artifacts, which pdftotext prints between the lines of a paragraph that
 * runs on to the next page).
 */
export function readPdfContentText(pdf: Uint8Array, document: PdfDocument, pages: number): string {
  const raw = withPdfFile(pdf, (file) => execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }));
  const artifacts = [
    document.title,
    document.footer ?? '',
    ...Array.from({ length: pages }, (_, index) => document.pageLabel(index + 1, pages)),
  ].filter((text) => text !== '');
  // An artifact line holds nothing but running titles, footers and page numbers (pdftotext may join them).
  const isArtifactLine = (line: string) =>
    artifacts.reduce((rest, artifact) => rest.replaceAll(artifact, ''), line).trim() === '';
  return raw
    .split('\f')
    .map((page, index) => {
      const lines = page.split('\n').filter((line) => line.trim() !== '');
      // A title page carries no running title, footer or page number.
      if (index === 0 && document.hasTitlePage) return lines.join('\n');
      if (index > 0 && lines[0] !== undefined && isArtifactLine(lines[0])) lines.shift();
      while (lines.length > 0 && isArtifactLine(lines.at(-1) ?? '')) lines.pop();
      return lines.join('\n');
    })
    .join('\n')
    .replace(/\s+/g, ' ');
}

export function readPdfText(pdf: Uint8Array): string {
  return withPdfFile(pdf, (file) => execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' })).replace(
    /\s+/g,
    ' ',
  );
}

/** pdfinfo's fields ("Tagged", "Pages", "Title" ...). */
export function readPdfInfo(pdf: Uint8Array): Record<string, string> {
  const output = withPdfFile(pdf, (file) => execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
  return Object.fromEntries(
    output
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .flatMap((match) => (match?.[1] && match[2] !== undefined ? [[match[1].trim(), match[2].trim()]] : [])),
  );
}

/** One element of the structure tree as pdf.js reads it, with the text of its marked content. */
export interface StructureElement {
  role: string;
  alt: string | undefined;
  text: string;
  children: StructureElement[];
}

interface PdfjsNode {
  role?: string;
  type?: string;
  id?: string;
  alt?: string;
  children?: PdfjsNode[];
}

function toElement(node: PdfjsNode, textById: Map<string, string>): StructureElement {
  const children = (node.children ?? []).filter((child) => child.role !== undefined);
  const elements = children.map((child) => toElement(child, textById));
  const ownText = (node.children ?? [])
    .filter((child) => child.type === 'content' && child.id !== undefined)
    .map((child) => textById.get(child.id ?? '') ?? '')
    .join('');
  return {
    role: node.role ?? '',
    alt: node.alt,
    text: (ownText + elements.map((element) => element.text).join(' ')).replace(/\s+/g, ' ').trim(),
    children: elements,
  };
}

/** What pdf.js reads of a tagged PDF: metadata, and the structure tree of each page in page order. */
export interface TaggedPdf {
  title: string;
  language: string;
  xmp: string;
  pages: StructureElement[];
  /** Text drawn outside any marked content: neither tagged nor an artifact. */
  untagged: string[];
}

/** Reads a PDF's metadata and per-page structure trees with pdf.js. */
export async function readTaggedPdf(pdf: Uint8Array): Promise<TaggedPdf> {
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, disableFontFace: true }).promise;
  try {
    const metadata = await document.getMetadata();
    const info: Record<string, unknown> = { ...metadata.info };
    const pages: StructureElement[] = [];
    const untagged: string[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const textById = new Map<string, string>();
      let current: string | undefined;
      // Marked content nests (an artifact inside nothing, a tagged sequence inside nothing): text outside all of
      // it is neither tagged nor an artifact, which PDF/UA forbids.
      let depth = 0;
      for (const item of (await page.getTextContent({ includeMarkedContent: true })).items) {
        if ('type' in item && (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent')) {
          depth += 1;
          if (item.type === 'beginMarkedContentProps') current = item.id ?? undefined;
        } else if ('type' in item && item.type === 'endMarkedContent') {
          depth -= 1;
          current = undefined;
        } else if ('str' in item) {
          if (depth === 0 && item.str.trim() !== '') untagged.push(item.str);
          if (current !== undefined)
            textById.set(current, (textById.get(current) ?? '') + item.str + (item.hasEOL ? ' ' : ''));
        }
      }
      const tree: PdfjsNode | null = await page.getStructTree();
      pages.push(tree ? toElement(tree, textById) : { role: '', alt: undefined, text: '', children: [] });
    }
    return {
      title: String(info.Title ?? ''),
      language: String(info.Language ?? ''),
      xmp: metadata.metadata?.getRaw() ?? '',
      pages,
      untagged,
    };
  } finally {
    await document.destroy();
  }
}

/**
 * Every element of a role in reading order, over all pages. pdf.js also lists, on a later page, the empty cells of
 * a table that continues there; elements with neither text nor alternative text are left out.
 */
export function findElements(pdf: TaggedPdf, role: string | RegExp): StructureElement[] {
  const found: StructureElement[] = [];
  const visit = (element: StructureElement) => {
    const isRole = typeof role === 'string' ? element.role === role : role.test(element.role);
    if (isRole && (element.text !== '' || element.alt !== undefined)) found.push(element);
    for (const child of element.children) visit(child);
  };
  for (const page of pdf.pages) visit(page);
  return found;
}

function flattenBlocks(blocks: readonly PdfBlock[]): PdfBlock[] {
  return blocks.flatMap((block) => (block.kind === 'together' ? flattenBlocks(block.blocks) : [block]));
}

/**
 * Checks a rendered PDF against the document it was rendered from, with the independent readers: tagged (pdfinfo),
 * the title, the language, every heading in order at its level, every table's header cells, every figure's
 * alternative text (pdf.js), and every paragraph, list item and table cell in the extracted text (pdftotext).
 */
export async function assertPdfShowsDocument(pdf: Uint8Array, document: PdfDocument): Promise<TaggedPdf> {
  const info = readPdfInfo(pdf);
  assert.equal(info.Tagged, 'yes', 'pdfinfo: Tagged');
  assert.equal(info.Title, document.title);
  const tagged = await readTaggedPdf(pdf);
  assert.equal(tagged.language, document.language === 'sv' ? 'sv-SE' : 'en-GB');
  assert.match(tagged.xmp, /<pdfuaid:part>1<\/pdfuaid:part>/, 'PDF/UA identifier');
  assert.deepEqual(tagged.untagged, [], 'all text is tagged or an artifact');
  const blocks = flattenBlocks(document.blocks);
  const expectedHeadings = blocks.flatMap((block) => {
    if (block.kind === 'heading') return [`H${block.level} ${plainText(block.text)}`.trim()];
    if (block.kind === 'contents') return [`H2 ${block.title}`];
    return [];
  });
  const headings = findElements(tagged, /^H\d$/).map((element) => `${element.role} ${element.text}`);
  assert.deepEqual(headings, expectedHeadings, 'headings in order');
  const tables = blocks.filter((block) => block.kind === 'table');
  const headerCells = findElements(tagged, 'TH').map((element) => element.text);
  assert.deepEqual(
    headerCells,
    tables
      .flatMap((table) => [...table.header, ...table.rows.map((row) => row[0] ?? '')])
      .filter((text) => text !== ''),
    'header cells of every table: the column headers and each row header',
  );
  const figures = blocks.filter((block) => block.kind === 'figure');
  assert.deepEqual(
    findElements(tagged, 'Figure').map((element) => element.alt),
    figures.map((figure) => figure.alt),
    'alternative texts',
  );
  // A line may break after a hyphen ("NIS2-" / "direktivet"); the extracted text then has a line break there.
  const normalise = (value: string) => value.replace(/\s+/g, ' ').replace(/- /g, '-').trim();
  const text = normalise(readPdfContentText(pdf, document, Number(info.Pages)));
  for (const block of blocks) {
    const pieces =
      block.kind === 'paragraph' || block.kind === 'heading'
        ? [plainText(block.text)]
        : block.kind === 'list'
          ? block.items
          : block.kind === 'choices'
            ? block.options
            : block.kind === 'table'
              ? [block.caption, block.header.join(' '), ...block.rows.map((row) => row.join(' '))]
              : [];
    for (const piece of pieces) assert.ok(text.includes(normalise(piece)), `pdftotext lost: ${piece}`);
  }
  return tagged;
}
