/**
 * The Architecture's elements as a table, for the terminal and Markdown reports: one row
 * per element with its name, kind, type, trust boundary, data classes, whether a person
 * stated it or Guardian inferred it, and the first piece of evidence (`path:line`).
 */
import { markdownTable } from '../core/markdown.js';
import type { Architecture, Element, ElementKind } from './model.js';

export const COMPONENT_COLUMNS = ['Name', 'Kind', 'Type', 'Boundary', 'Data', 'Source', 'Evidence'] as const;

const KIND_ORDER: Record<ElementKind, number> = { 'external-entity': 0, process: 1, 'data-store': 2 };

/**
 * Rows of plain text (no escaping), sorted by kind (external entities, processes, data
 * stores), then name, then id. Boundary is the boundary's name (its id when undefined in the
 * model); Data is comma-separated; Source is `inferred` or `stated`; Evidence is the first
 * evidence item as `path:line` (or `path`), empty when there is none.
 */
export function componentsTable(model: Architecture): { columns: string[]; rows: string[][] } {
  const boundaryNames = new Map(model.boundaries.map((b) => [b.id, b.name]));
  const rows = [...model.elements].sort(compare).map((e) => {
    const first = e.evidence[0];
    return [
      e.name,
      e.kind,
      e.type,
      e.boundary ? (boundaryNames.get(e.boundary) ?? e.boundary) : '',
      (e.data ?? []).join(', '),
      e.origin,
      first ? `${first.path}${first.line ? `:${first.line}` : ''}` : '',
    ];
  });
  return { columns: [...COMPONENT_COLUMNS], rows };
}

/** The components table as a GitHub-flavoured Markdown table (`_No components._` when empty). */
export function componentsMarkdown(model: Architecture): string {
  const { columns, rows } = componentsTable(model);
  if (!rows.length) return '_No components._\n';
  return markdownTable(columns, rows);
}

function compare(a: Element, b: Element): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
