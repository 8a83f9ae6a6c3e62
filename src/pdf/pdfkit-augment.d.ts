/// <reference types="pdfkit" />
// pdfkit 0.19 takes these options on structure elements (layout and table attributes), which @types/pdfkit 0.17
// does not declare yet.
declare namespace PDFKit.Mixins {
  interface StructureElementOptions {
    /** Left, top, right, bottom in page coordinates from the top-left corner. */
    bbox?: [number, number, number, number];
    placement?: 'Block' | 'Inline';
    /** A header cell's scope (TH). */
    scope?: 'Row' | 'Column' | 'Both';
  }
}
