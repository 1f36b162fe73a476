/**
 * How the threat-model PDF looks: page geometry (A4, pt), the standard-14 font families,
 * text styles, colours for priorities, mitigation statuses and coverage cells, and the
 * table layout. Kept apart from the content builders so that they only say what goes where.
 */
import type { FontFamily, Style, TableLayout } from 'pdfmake';
import type { Mitigation, Priority } from '../model.js';

/** A4 in pt (ISO 216: 210 × 297 mm). */
export const PAGE = { width: 595.28, height: 841.89 } as const;
/** Page margins [left, top, right, bottom] in pt; top and bottom leave room for the header and footer. */
export const MARGINS: [number, number, number, number] = [42, 56, 42, 52];
/** Width and height inside the margins, in pt, for each orientation. */
export const CONTENT = {
  portrait: { width: PAGE.width - MARGINS[0] - MARGINS[2], height: PAGE.height - MARGINS[1] - MARGINS[3] },
  landscape: { width: PAGE.height - MARGINS[0] - MARGINS[2], height: PAGE.width - MARGINS[1] - MARGINS[3] },
} as const;

/** The standard 14 fonts by their PDF names (ISO 32000-1, 9.6.2.2): nothing is embedded or read from disk. */
export const FONTS: Record<'Helvetica' | 'Courier', FontFamily> = {
  Helvetica: { normal: 'Helvetica', bold: 'Helvetica-Bold', italics: 'Helvetica-Oblique', bolditalics: 'Helvetica-BoldOblique' },
  Courier: { normal: 'Courier', bold: 'Courier-Bold', italics: 'Courier-Oblique', bolditalics: 'Courier-BoldOblique' },
};

export const INK = { text: '#1f2937', muted: '#6b7280', rule: '#d1d5db', heading: '#0f172a', accent: '#1e3a8a', band: '#f3f4f6' } as const;

/** Priority colours: text and a light fill for cells. */
export const PRIORITY_COLOR: Record<Priority, { text: string; fill: string }> = {
  High: { text: '#b91c1c', fill: '#fee2e2' },
  Medium: { text: '#b45309', fill: '#fef3c7' },
  Low: { text: '#475569', fill: '#e2e8f0' },
};

/** Mitigation status colours. */
export const STATUS_COLOR: Record<Mitigation['status'], string> = { missing: '#b91c1c', unknown: '#b45309', implemented: '#15803d' };

/** Coverage cells that are not threats: considered and cleared, gap, not applicable. */
export const COVERAGE_COLOR = {
  considered: { text: '#166534', fill: '#dcfce7' },
  gap: { text: '#6b21a8', fill: '#f3e8ff' },
  'not-applicable': { text: '#9ca3af', fill: '#ffffff' },
} as const;

export const DEFAULT_STYLE: Style = { font: 'Helvetica', fontSize: 9.5, lineHeight: 1.15, color: INK.text };

export const STYLES: Record<string, Style> = {
  title: { fontSize: 24, bold: true, color: INK.heading, margin: [0, 0, 0, 6] },
  kicker: { fontSize: 11, bold: true, color: INK.accent, characterSpacing: 1, margin: [0, 90, 0, 4] },
  lead: { fontSize: 11, color: INK.text, margin: [0, 4, 0, 8] },
  h1: { fontSize: 16, bold: true, color: INK.accent, margin: [0, 14, 0, 8] },
  h2: { fontSize: 12.5, bold: true, color: INK.heading, margin: [0, 12, 0, 6] },
  label: { fontSize: 8, bold: true, color: INK.muted },
  small: { fontSize: 8 },
  muted: { color: INK.muted },
  id: { font: 'Courier', fontSize: 7, color: INK.muted },
  th: { fontSize: 8.5, bold: true, color: INK.heading },
  td: { fontSize: 8.5 },
};

/** Header row on a grey band, thin horizontal rules, no vertical lines. */
export const TABLE_LAYOUT: TableLayout = {
  hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0.8 : i === (node.table.headerRows ?? 0) ? 0.8 : 0.4),
  vLineWidth: () => 0,
  hLineColor: () => INK.rule,
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 3,
  paddingBottom: () => 3,
  fillColor: (row, node) => (row < (node.table.headerRows ?? 0) ? INK.band : null),
};

/** Label-and-value rows under a threat: no lines, tight padding. */
export const DETAIL_LAYOUT: TableLayout = {
  hLineWidth: () => 0,
  vLineWidth: () => 0,
  paddingLeft: (i) => (i === 0 ? 0 : 4),
  paddingRight: () => 2,
  paddingTop: () => 1,
  paddingBottom: () => 1,
};
