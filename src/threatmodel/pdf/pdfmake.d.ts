/**
 * The part of pdfmake 0.3 (https://pdfmake.github.io/docs/0.3/) the threat-model PDF uses.
 * pdfmake ships no types and @types/pdfmake describes 0.2, so this declares only what
 * src/threatmodel/pdf/ relies on: the server-side singleton (`module.exports = new pdfmake()`,
 * node_modules/pdfmake/js/index.js), the document definition and the content nodes.
 */
declare module 'pdfmake' {
  /** A margin: all sides, [horizontal, vertical] or [left, top, right, bottom], in pt. */
  export type Margin = number | [number, number] | [number, number, number, number];
  export type PageOrientation = 'portrait' | 'landscape';

  /** Text style properties shared by nodes, inlines and the style dictionary. */
  export interface Style {
    font?: string;
    fontSize?: number;
    bold?: boolean;
    italics?: boolean;
    color?: string;
    fillColor?: string;
    background?: string;
    alignment?: 'left' | 'right' | 'center' | 'justify';
    lineHeight?: number;
    characterSpacing?: number;
    margin?: Margin;
    noWrap?: boolean;
  }

  /** Properties every content node may carry. */
  export interface NodeBase extends Style {
    style?: string | string[];
    pageBreak?: 'before' | 'after';
    pageOrientation?: PageOrientation;
    /** Read back by `pageBreakBefore` to keep headings with what follows them. */
    headlineLevel?: number;
    unbreakable?: boolean;
    id?: string;
    /** Table of contents entry (heading nodes). */
    tocItem?: boolean;
    tocMargin?: Margin;
    /** PDF outline (bookmark) entry. */
    outline?: boolean;
    outlineText?: string;
    /** Table cells only. */
    colSpan?: number;
    rowSpan?: number;
  }

  export interface TextNode extends NodeBase {
    text: string | Inline[];
  }
  export type Inline = string | TextNode;
  export interface StackNode extends NodeBase {
    stack: Content[];
  }
  export interface ColumnsNode extends NodeBase {
    columns: (Content & { width?: number | string })[];
    columnGap?: number;
  }
  export interface ListNode extends NodeBase {
    ul: Content[];
    markerColor?: string;
  }
  export interface SvgNode extends NodeBase {
    svg: string;
    /** Scale to fit inside [width, height] pt, keeping the aspect ratio. */
    fit?: [number, number];
    width?: number;
  }
  export interface TocNode extends NodeBase {
    toc: { title?: Content; numberStyle?: Style; textStyle?: Style };
  }
  /** Cell and line geometry of a table, as layout callbacks see it. */
  export interface TableNodeInfo {
    table: { body: unknown[][]; widths?: unknown[]; headerRows?: number };
  }
  export interface TableLayout {
    hLineWidth?: (i: number, node: TableNodeInfo) => number;
    vLineWidth?: (i: number, node: TableNodeInfo) => number;
    hLineColor?: (i: number, node: TableNodeInfo) => string;
    vLineColor?: (i: number, node: TableNodeInfo) => string;
    paddingLeft?: (i: number, node: TableNodeInfo) => number;
    paddingRight?: (i: number, node: TableNodeInfo) => number;
    paddingTop?: (i: number, node: TableNodeInfo) => number;
    paddingBottom?: (i: number, node: TableNodeInfo) => number;
    fillColor?: (rowIndex: number, node: TableNodeInfo, columnIndex: number) => string | null;
  }
  /** An empty object fills a cell covered by a col/rowSpan. */
  export type TableCell = Content | Record<string, never>;
  export interface TableNode extends NodeBase {
    table: {
      body: TableCell[][];
      /** Column widths in pt, `'auto'` (content) or `'*'` (share of what is left). */
      widths?: (number | 'auto' | '*' | `${number}%`)[];
      headerRows?: number;
      dontBreakRows?: boolean;
      keepWithHeaderRows?: number;
    };
    layout?: TableLayout | 'noBorders' | 'lightHorizontalLines' | 'headerLineOnly';
  }
  export type Content = string | TextNode | StackNode | ColumnsNode | ListNode | SvgNode | TocNode | TableNode | Content[];

  /** What `pageBreakBefore` learns about a laid-out leaf node. */
  export interface NodeInfo {
    headlineLevel?: number;
    style?: string | string[];
    text?: unknown;
    pageNumbers: number[];
    pages: number;
    startPosition: { pageNumber: number; top: number; verticalRatio: number; pageInnerHeight: number };
  }
  export interface NodeQueries {
    getFollowingNodesOnPage(): NodeInfo[];
    getNodesOnNextPage(): NodeInfo[];
    getPreviousNodesOnPage(): NodeInfo[];
  }
  export interface PageSize {
    width: number;
    height: number;
    orientation: PageOrientation;
  }
  export type DynamicContent = (currentPage: number, pageCount: number, pageSize: PageSize) => Content;

  export interface DocumentDefinition {
    content: Content;
    info?: { title?: string; author?: string; subject?: string; keywords?: string; creator?: string; producer?: string; creationDate?: Date; modDate?: Date };
    pageSize?: 'A4' | 'LETTER';
    pageOrientation?: PageOrientation;
    pageMargins?: Margin;
    /** Deflate page streams (default true). */
    compress?: boolean;
    defaultStyle?: Style;
    styles?: Record<string, Style>;
    header?: DynamicContent;
    footer?: DynamicContent;
    pageBreakBefore?: (currentNode: NodeInfo, nodes: NodeQueries) => boolean;
    language?: string;
  }

  /** Font files per style; for the standard 14 fonts, their PDF names (`Helvetica-Bold`). */
  export interface FontFamily {
    normal: string;
    bold: string;
    italics: string;
    bolditalics: string;
  }
  export interface OutputDocument {
    getBuffer(): Promise<Buffer>;
  }
  export interface PdfMake {
    setFonts(fonts: Record<string, FontFamily>): void;
    setUrlAccessPolicy(callback: (url: string) => boolean): void;
    setLocalAccessPolicy(callback: (path: string) => boolean): void;
    createPdf(docDefinition: DocumentDefinition, options?: Record<string, never>): OutputDocument;
  }
  const pdfmake: PdfMake;
  export default pdfmake;
}
