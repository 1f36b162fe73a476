/**
 * Small pdfmake node builders the report sections share: headings that stay with what
 * follows them, tables with a repeated header row, label/value detail rows.
 */
import type { Content, TableCell, TableNode, TextNode } from 'pdfmake';
import { DETAIL_LAYOUT, TABLE_LAYOUT } from './theme.js';

/** `headlineLevel` of section headings (1), sub-headings (1) and threat heads (2); see keepWithNext in ../pdf.ts. */
export const HEADLINE = { heading: 1, threat: 2 } as const;

/** A heading: `h1` sections go into the table of contents and the PDF outline. */
export function heading(text: string, level: 'h1' | 'h2', extra: Partial<TextNode> = {}): TextNode {
  return { text, style: level, headlineLevel: HEADLINE.heading, ...(level === 'h1' ? { tocItem: true, outline: true } : {}), ...extra };
}

/**
 * A full-width table: `columns` as a header row repeated on every page, `rows` below, rows
 * kept whole across pages. Cells are strings (table text style) or nodes; `align` aligns
 * header cells per column (left by default) to match their values.
 */
export function dataTable(
  columns: readonly string[],
  rows: readonly TableCell[][],
  widths: NonNullable<TableNode['table']['widths']>,
  align: readonly ('left' | 'center' | 'right')[] = [],
): TableNode {
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths,
      body: [columns.map((c, i) => ({ text: c, style: 'th', alignment: align[i] ?? 'left' })), ...rows.map((row) => row.map((cell) => (typeof cell === 'string' ? { text: cell, style: 'td' } : cell)))],
    },
    layout: TABLE_LAYOUT,
    margin: [0, 2, 0, 10],
  };
}

/** Label/value rows (label column in small grey capitals), for the details under a threat. */
export function detailRows(rows: readonly [label: string, value: Content][], indent: number): TableNode {
  return {
    table: { widths: [58, '*'], body: rows.map(([label, value]) => [{ text: label.toUpperCase(), style: 'label', margin: [0, 1, 0, 0] }, value]) },
    layout: DETAIL_LAYOUT,
    margin: [indent, 2, 0, 0],
  };
}

/** `text`, or an italic grey note when `text` is empty. */
export function orNone(text: string, none: string): TextNode {
  return text ? { text } : { text: none, italics: true, style: 'muted' };
}
