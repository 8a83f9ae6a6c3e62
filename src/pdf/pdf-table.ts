/**
 * Tables in a tagged PDF: Table > Caption, THead > TR > TH (scope column), TBody > TR > TH (scope row) + TD.
 * Columns size to their content like a browser's automatic table layout; a row never breaks across pages, and a
 * page that continues a table repeats its header row as an artifact (a screen reader hears the header once).
 */
import type { PdfBlock } from './pdf-document.ts';
import { artifact, type Flow, ink, looks, measureText, measureWidth, rule, tagged } from './pdf-text.ts';

type TableBlock = Extract<PdfBlock, { kind: 'table' }>;

const paddingX = 4;
const paddingY = 3;

export interface TableLayout {
  widths: number[];
  headerHeight: number;
  rowHeights: number[];
  captionHeight: number;
}

/** Widths of cell texts on one line, per look, measured once for the column widths and reused for the rows. */
type LineWidths = Map<string, number>;

function columnWidths(flow: Flow, block: TableBlock, lineWidths: LineWidths): number[] {
  const count = block.header.length;
  const minimum = new Array<number>(count).fill(0);
  const maximum = new Array<number>(count).fill(0);
  const measure = (cells: readonly string[], look: typeof looks.cell, isHeader: boolean) => {
    cells.forEach((text, column) => {
      if (column >= count) return;
      const width = measureWidth(flow, text, look);
      // A number never wraps (as "468* (p < 0,001)" split over two lines would read as two values); words do.
      const isUnbroken = column >= block.numericFrom && !isHeader;
      const narrowest = isUnbroken
        ? width
        : Math.max(0, ...text.split(/\s+/).map((word) => measureWidth(flow, word, look)));
      minimum[column] = Math.max(minimum[column] ?? 0, narrowest + 2 * paddingX);
      lineWidths.set(`${look.font}:${text}`, width);
      maximum[column] = Math.max(maximum[column] ?? 0, width + 2 * paddingX);
    });
  };
  measure(block.header, looks.headerCell, true);
  for (const row of block.rows) measure(row, looks.cell, false);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const available = flow.width;
  if (sum(maximum) <= available) {
    // Everything fits on one line: the first column, the labels, takes the rest of the width.
    const widths = [...maximum];
    widths[0] = (widths[0] ?? 0) + available - sum(maximum);
    return widths;
  }
  if (sum(minimum) >= available) return minimum.map((width) => (width * available) / sum(minimum));
  const slack = sum(maximum) - sum(minimum);
  return minimum.map(
    (width, column) => width + ((available - sum(minimum)) * ((maximum[column] ?? 0) - width)) / slack,
  );
}

function rowHeight(
  flow: Flow,
  cells: readonly string[],
  widths: number[],
  look: typeof looks.cell,
  lineWidths: LineWidths,
): number {
  // Most cells fit on one line: only those that wrap need pdfkit's line wrapper to measure them.
  const oneLine = measureText(flow, 'X', look, 1000);
  let height = oneLine;
  cells.forEach((text, column) => {
    const width = (widths[column] ?? 0) - 2 * paddingX;
    const lineWidth = lineWidths.get(`${look.font}:${text}`);
    if (lineWidth === undefined || lineWidth > width) height = Math.max(height, measureText(flow, text, look, width));
  });
  return height + 2 * paddingY;
}

// A table is measured for the page-break decision and again to draw it; every flow has the same width.
const measuredTables = new WeakMap<TableBlock, TableLayout>();

/** Measures a table's columns and rows at the flow's width. */
export function layoutTable(flow: Flow, block: TableBlock): TableLayout {
  const known = measuredTables.get(block);
  if (known) return known;
  const lineWidths: LineWidths = new Map();
  const widths = columnWidths(flow, block, lineWidths);
  const layout = {
    widths,
    headerHeight: rowHeight(flow, block.header, widths, looks.headerCell, lineWidths),
    rowHeights: block.rows.map((row) => rowHeight(flow, row, widths, looks.cell, lineWidths)),
    captionHeight: measureText(flow, block.caption, looks.caption, flow.width) + looks.caption.after,
  };
  measuredTables.set(block, layout);
  return layout;
}

/** The height a table needs before its first page break is allowed: caption, header and first row. */
export function measureTableStart(flow: Flow, block: TableBlock): number {
  const layout = layoutTable(flow, block);
  return looks.caption.before + layout.captionHeight + layout.headerHeight + (layout.rowHeights[0] ?? 0);
}

function drawCells(
  flow: Flow,
  cells: readonly string[],
  widths: number[],
  y: number,
  at: { block: TableBlock; look: typeof looks.cell },
  cell: (index: number, draw: () => void) => void,
): void {
  let x = flow.left;
  cells.forEach((text, column) => {
    const width = widths[column] ?? 0;
    const cellX = x;
    const { look } = at;
    cell(column, () => {
      flow.doc
        .font(look.font)
        .fontSize(look.size)
        .fillColor(look.color)
        .text(text, cellX + paddingX, y + paddingY, {
          width: width - 2 * paddingX,
          lineGap: look.lineGap,
          align: column >= at.block.numericFrom ? 'right' : 'left',
        });
    });
    x += width;
  });
}

function drawRule(flow: Flow, y: number, weight: number, color: string): void {
  artifact(flow, 'Layout', () => {
    flow.doc
      .moveTo(flow.left, y)
      .lineTo(flow.left + flow.width, y)
      .lineWidth(weight)
      .strokeColor(color)
      .stroke();
  });
}

/** Draws a table under a parent structure element, starting at the flow's current position. */
export function drawTable(
  flow: Flow,
  parent: PDFKit.PDFStructureElement,
  block: TableBlock,
  newPage: () => void,
): void {
  const { doc } = flow;
  const layout = layoutTable(flow, block);
  const table = doc.struct('Table');
  parent.add(table);
  doc.y += looks.caption.before;
  tagged(flow, table, 'Caption', () => {
    doc.font(looks.caption.font).fontSize(looks.caption.size).fillColor(looks.caption.color);
    doc.text(block.caption, flow.left, doc.y, { width: flow.width, lineGap: looks.caption.lineGap });
  });
  doc.y += looks.caption.after;

  const drawHeader = (header: (index: number, draw: () => void) => void) => {
    const y = doc.y;
    drawCells(flow, block.header, layout.widths, y, { block, look: looks.headerCell }, header);
    doc.y = y + layout.headerHeight;
    drawRule(flow, doc.y, 0.8, ink);
  };
  const head = doc.struct('THead');
  table.add(head);
  const headerRow = doc.struct('TR');
  head.add(headerRow);
  drawHeader((_, draw) => tagged(flow, headerRow, 'TH', draw, { scope: 'Column' }));
  headerRow.end();
  head.end();

  const body = doc.struct('TBody');
  table.add(body);
  block.rows.forEach((cells, index) => {
    const height = layout.rowHeights[index] ?? 0;
    if (doc.y + height > flow.bottom) {
      newPage();
      drawHeader((_, draw) => artifact(flow, 'Pagination', draw));
    }
    const row = doc.struct('TR');
    body.add(row);
    const y = doc.y;
    drawCells(flow, cells, layout.widths, y, { block, look: looks.cell }, (column, draw) => {
      if (column === 0) tagged(flow, row, 'TH', draw, { scope: 'Row' });
      else tagged(flow, row, 'TD', draw);
    });
    row.end();
    doc.y = y + height;
    if (index < block.rows.length - 1) drawRule(flow, doc.y, 0.4, rule);
  });
  body.end();
  table.end();
  doc.y += 8;
}
