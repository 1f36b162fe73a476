/**
 * A laid-out DFD (./layout.ts) as a standalone SVG 1.1 document in classic DFD notation
 * (Shostack, "Threat Modeling", ch. 2): external entities as rectangles, processes as
 * rounded rectangles, data stores as open-ended boxes, trust boundaries as dashed red
 * boxes, data flows as arrows.
 *
 * The SVG must render both in browsers (the HTML report) and in pdfmake, whose
 * svg-to-pdfkit port (https://github.com/alafr/SVG-to-PDFKit) reads presentation attributes
 * only: so no <style>, no CSS classes, no <marker> (arrowheads are polygons), no
 * foreignObject, no external references, `font-weight="bold"` (not 700) and explicit text
 * baselines. Every text is repository data and is XML-escaped; the output is a pure
 * function of its input.
 */
import type { DiagramCluster, DiagramEdge, DiagramLayout, DiagramNode } from './types.js';
import { METRICS } from './types.js';
import { textWidth } from './text-width.js';

/** Per-element threat counts, keyed by element id. */
export type ThreatCounts = Map<string, { High: number; Medium: number; Low: number }>;

/** Options for {@link diagramSvg}. */
export interface DiagramSvgOptions {
  /** Threat counts per element id: a badge on the node (red High, else amber Medium, else grey Low). */
  threatCounts?: ThreatCounts;
  /** A heading drawn above the diagram. */
  title?: string;
}

const FONT = 'Helvetica, Arial, sans-serif';
const TITLE_BAND = 30;
const LEGEND_BAND = 40;

/** Fill and stroke per DFD kind; `boundary` for trust boundaries. */
const PALETTE = {
  'external-entity': { fill: '#eef2ff', stroke: '#4338ca' },
  process: { fill: '#ecfdf5', stroke: '#047857' },
  'data-store': { fill: '#fff7ed', stroke: '#c2410c' },
  unknown: { fill: '#f3f4f6', stroke: '#6b7280' },
  boundary: { fill: 'none', stroke: '#dc2626' },
} as const;

const BADGE = { High: '#dc2626', Medium: '#d97706', Low: '#64748b' } as const;

/**
 * Render `layout` as an SVG string (`<svg xmlns=… width height viewBox>…</svg>`), with an
 * optional title band above and a legend row below the diagram. Node tooltips (`<title>`)
 * give the full name and type. Same input → same string.
 */
export function diagramSvg(layout: DiagramLayout, options: DiagramSvgOptions = {}): string {
  const top = options.title ? TITLE_BAND : 0;
  const legend = legendItems(Boolean(options.threatCounts), layout.nodes.some((n) => n.kind === 'unknown'));
  const width = Math.max(layout.width, legend.width + 2 * METRICS.margin, 200);
  const height = top + layout.height + LEGEND_BAND;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" font-family="${FONT}">`,
    `<rect x="0" y="0" width="${n(width)}" height="${n(height)}" fill="#ffffff"/>`,
  ];
  if (options.title) out.push(text(METRICS.margin, 20, options.title, { size: 14, bold: true, fill: '#0f172a' }));
  for (const c of layout.clusters) out.push(cluster(c, top));
  for (const e of layout.edges) out.push(edgeLine(e, top));
  for (const e of layout.edges) if (e.labelBox) out.push(edgeLabel(e, top));
  for (const node of layout.nodes) out.push(nodeShape(node, top, options.threatCounts?.get(node.id)));
  out.push(legend.draw(METRICS.margin, top + layout.height + 12));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function cluster(c: DiagramCluster, dy: number): string {
  const { stroke } = PALETTE.boundary;
  return [
    `<g>`,
    `<title>${esc(`Trust boundary: ${c.name} (${c.kind})`)}</title>`,
    `<rect x="${n(c.x)}" y="${n(c.y + dy)}" width="${n(c.width)}" height="${n(c.height)}" rx="10" ry="10" fill="none" stroke="${stroke}" stroke-width="1.5" stroke-dasharray="7 4"/>`,
    text(c.x + 10, c.y + dy + 15, c.label, { size: METRICS.titleFont, bold: true, fill: '#b91c1c' }),
    `</g>`,
  ].join('');
}

function edgeLine(e: DiagramEdge, dy: number): string {
  const points = e.points.map((p) => ({ x: p.x, y: p.y + dy }));
  if (points.length < 2) return '';
  const colour = e.crossesBoundary ? '#334155' : '#64748b';
  const strokeWidth = e.crossesBoundary ? 1.6 : 1.2;
  const tip = points[points.length - 1]!;
  const back = points[points.length - 2]!;
  return [
    `<path d="${roundedPath(points)}" fill="none" stroke="${colour}" stroke-width="${strokeWidth}"/>`,
    `<polygon points="${arrowHead(back, tip)}" fill="${colour}" stroke="${colour}" stroke-width="1"/>`,
  ].join('');
}

function edgeLabel(e: DiagramEdge, dy: number): string {
  const box = e.labelBox!;
  const y = box.y + dy;
  const lines: string[] = [];
  const cx = box.x + box.width / 2;
  let baseline = y + METRICS.labelPad / 2 + METRICS.labelLine - 3;
  if (e.label) {
    lines.push(text(cx, baseline, e.label, { size: METRICS.labelFont, fill: '#1e293b', anchor: 'middle' }));
    baseline += METRICS.labelLine;
  }
  if (e.authentication) {
    // An unauthenticated flow across a trust boundary is the classic spoofing entry point: shown in red.
    const risky = e.crossesBoundary && e.authentication.split('/').includes('none');
    lines.push(text(cx, baseline, `auth: ${e.authentication}`, { size: METRICS.authFont, fill: risky ? '#b91c1c' : '#475569', anchor: 'middle', bold: risky }));
  }
  const tooltip = `${e.flowIds.length} flow${e.flowIds.length === 1 ? '' : 's'}: ${e.from} → ${e.to}`;
  return `<g><title>${esc(tooltip)}</title><rect x="${n(box.x)}" y="${n(y)}" width="${n(box.width)}" height="${n(box.height)}" rx="3" ry="3" fill="#ffffff" stroke="#e2e8f0" stroke-width="0.8"/>${lines.join('')}</g>`;
}

function nodeShape(node: DiagramNode, dy: number, counts: { High: number; Medium: number; Low: number } | undefined): string {
  const { fill, stroke } = PALETTE[node.kind] ?? PALETTE.unknown;
  const x = node.x;
  const y = node.y + dy;
  const w = node.width;
  const h = node.height;
  const parts = [`<g>`, `<title>${esc(`${node.name} (${node.kind}: ${node.type})`)}</title>`];
  parts.push(shape(node.kind, x, y, w, h, fill, stroke));
  const cx = x + w / 2;
  const cy = y + h / 2;
  parts.push(text(cx, cy - 1, node.label, { size: METRICS.nameFont, bold: true, fill: '#0f172a', anchor: 'middle' }));
  parts.push(text(cx, cy + 13, node.type, { size: METRICS.typeFont, fill: '#475569', anchor: 'middle' }));
  if (counts) parts.push(badge(x + w - 2, y + 2, counts));
  parts.push(`</g>`);
  return parts.join('');
}

/** The DFD symbol for `kind` filling the box. */
function shape(kind: DiagramNode['kind'], x: number, y: number, w: number, h: number, fill: string, stroke: string, rx = 16): string {
  const box = `x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}"`;
  switch (kind) {
    case 'external-entity':
      return `<rect ${box} fill="${fill}" stroke="${stroke}" stroke-width="1.5"/>`;
    case 'process':
      return `<rect ${box} rx="${rx}" ry="${rx}" fill="${fill}" stroke="${stroke}" stroke-width="1.5"/>`;
    case 'data-store':
      return [
        `<rect ${box} fill="${fill}" stroke="none"/>`,
        `<line x1="${n(x)}" y1="${n(y)}" x2="${n(x + w)}" y2="${n(y)}" stroke="${stroke}" stroke-width="2"/>`,
        `<line x1="${n(x)}" y1="${n(y + h)}" x2="${n(x + w)}" y2="${n(y + h)}" stroke="${stroke}" stroke-width="2"/>`,
      ].join('');
    default:
      return `<rect ${box} fill="${fill}" stroke="${stroke}" stroke-width="1.2" stroke-dasharray="4 3"/>`;
  }
}

/** A circle at (cx, cy) with the most severe non-zero count; nothing when all are 0. */
function badge(cx: number, cy: number, counts: { High: number; Medium: number; Low: number }): string {
  const level = (['High', 'Medium', 'Low'] as const).find((l) => Number(counts[l]) > 0);
  if (!level) return '';
  const count = Math.floor(Number(counts[level]));
  const shown = count > 99 ? '99+' : String(count);
  const r = shown.length > 2 ? 11 : 9;
  const tooltip = `Threats: ${Number(counts.High) || 0} high, ${Number(counts.Medium) || 0} medium, ${Number(counts.Low) || 0} low`;
  return [
    `<g><title>${esc(tooltip)}</title>`,
    `<circle cx="${n(cx)}" cy="${n(cy)}" r="${r}" fill="${BADGE[level]}" stroke="#ffffff" stroke-width="1.5"/>`,
    text(cx, cy + 3.5, shown, { size: 10, bold: true, fill: '#ffffff', anchor: 'middle' }),
    `</g>`,
  ].join('');
}

/** The legend row: one sample symbol and caption per notation used. */
function legendItems(withThreats: boolean, withUnknown: boolean): { width: number; draw: (x: number, y: number) => string } {
  const items: { label: string; draw: (x: number, y: number) => string }[] = [
    { label: 'External entity', draw: (x, y) => shape('external-entity', x, y, 26, 16, PALETTE['external-entity'].fill, PALETTE['external-entity'].stroke) },
    { label: 'Process', draw: (x, y) => shape('process', x, y, 26, 16, PALETTE.process.fill, PALETTE.process.stroke, 8) },
    { label: 'Data store', draw: (x, y) => shape('data-store', x, y, 26, 16, PALETTE['data-store'].fill, PALETTE['data-store'].stroke) },
    {
      label: 'Trust boundary',
      draw: (x, y) => `<rect x="${n(x)}" y="${n(y)}" width="26" height="16" rx="4" ry="4" fill="none" stroke="${PALETTE.boundary.stroke}" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    },
    { label: 'Data flow', draw: (x, y) => edgeLine({ flowIds: [], from: '', to: '', label: '', crossesBoundary: true, points: [{ x, y: y + 8 }, { x: x + 26, y: y + 8 }] }, 0) },
  ];
  if (withUnknown) items.push({ label: 'Undefined endpoint', draw: (x, y) => shape('unknown', x, y, 26, 16, PALETTE.unknown.fill, PALETTE.unknown.stroke) });
  if (withThreats) {
    for (const level of ['High', 'Medium'] as const) {
      items.push({ label: `${level} threats`, draw: (x, y) => `<circle cx="${n(x + 13)}" cy="${n(y + 8)}" r="8" fill="${BADGE[level]}" stroke="#ffffff" stroke-width="1.5"/>` });
    }
  }
  const itemWidth = (label: string) => 26 + 6 + Math.ceil(textWidth(label, 11)) + 18;
  const width = items.reduce((sum, item) => sum + itemWidth(item.label), 0);
  return {
    width,
    draw: (x0, y) => {
      let x = x0;
      const parts: string[] = [];
      for (const item of items) {
        parts.push(item.draw(x, y), text(x + 32, y + 12, item.label, { size: 11, fill: '#334155' }));
        x += itemWidth(item.label);
      }
      return `<g>${parts.join('')}</g>`;
    },
  };
}

/**
 * A polyline through `points` with its bends rounded (quadratic curves of radius ≤ 12 px).
 * It passes through every point, so it runs through the label that dagre placed on it
 * (a B-spline would only approach it).
 */
function roundedPath(points: { x: number; y: number }[]): string {
  const parts = [`M${pt(points[0]!)}`];
  for (let i = 1; i < points.length - 1; i++) {
    const [a, p, b] = [points[i - 1]!, points[i]!, points[i + 1]!];
    const lenIn = Math.hypot(p.x - a.x, p.y - a.y);
    const lenOut = Math.hypot(b.x - p.x, b.y - p.y);
    const r = Math.min(12, lenIn / 2, lenOut / 2);
    const turn = Math.abs((p.x - a.x) * (b.y - p.y) - (p.y - a.y) * (b.x - p.x)) / (lenIn * lenOut || 1);
    if (r < 0.5 || turn < 0.01) {
      parts.push(`L${pt(p)}`);
      continue;
    }
    const enter = { x: p.x - ((p.x - a.x) / lenIn) * r, y: p.y - ((p.y - a.y) / lenIn) * r };
    const leave = { x: p.x + ((b.x - p.x) / lenOut) * r, y: p.y + ((b.y - p.y) / lenOut) * r };
    parts.push(`L${pt(enter)}`, `Q${pt(p)} ${pt(leave)}`);
  }
  parts.push(`L${pt(points[points.length - 1]!)}`);
  return parts.join(' ');
}

/** A 10×8 px triangle whose tip is `tip`, pointing away from `from`. */
function arrowHead(from: { x: number; y: number }, tip: { x: number; y: number }): string {
  const length = Math.hypot(tip.x - from.x, tip.y - from.y) || 1;
  const ux = (tip.x - from.x) / length;
  const uy = (tip.y - from.y) / length;
  const bx = tip.x - ux * 10;
  const by = tip.y - uy * 10;
  return [tip, { x: bx - uy * 4, y: by + ux * 4 }, { x: bx + uy * 4, y: by - ux * 4 }].map(pt).join(' ');
}

function text(x: number, y: number, content: string, style: { size: number; fill: string; bold?: boolean; anchor?: 'middle' }): string {
  const attrs = [`x="${n(x)}"`, `y="${n(y)}"`, `font-family="${FONT}"`, `font-size="${style.size}"`, `fill="${style.fill}"`];
  if (style.bold) attrs.push('font-weight="bold"');
  if (style.anchor) attrs.push(`text-anchor="${style.anchor}"`);
  return `<text ${attrs.join(' ')}>${esc(content)}</text>`;
}

/**
 * XML text: `& < > " '` as entities, whitespace runs as one space, and characters XML 1.0
 * forbids (C0 controls, lone surrogates, U+FFFE/U+FFFF) dropped, so any name stays well-formed.
 */
export function esc(value: string): string {
  let kept = '';
  for (const ch of String(value).replace(/\s+/g, ' ')) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x20 && !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff) kept += ch;
  }
  return kept.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function pt(p: { x: number; y: number }): string {
  return `${n(p.x)},${n(p.y)}`;
}

/** A number with at most one decimal, never `-0`. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10 + 0);
}
