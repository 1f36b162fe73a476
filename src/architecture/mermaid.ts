/**
 * The Architecture as a Mermaid flowchart (https://mermaid.js.org/syntax/flowchart.html),
 * drawn as a data-flow diagram: one subgraph per trust boundary (nested by `parent`),
 * external entities as rectangles `["…"]`, processes as stadiums `(["…"])`, data stores as
 * cylinders `[("…")]`, and one edge per flow labelled `<label> · <authentication>`.
 *
 * Every name is repository data, so labels are always quoted and every character Mermaid
 * (or the HTML it renders into) treats specially is written as a Mermaid entity code `#NN;`;
 * node ids are generated, never taken from names. Output order is the model's id order, so
 * the same model always gives the same text.
 */
import { type Architecture, type Element, type TrustBoundary, inBoundaryCycle } from './model.js';

/** Render `model` as Mermaid `flowchart LR` text (lines joined with `\n`, trailing newline). */
export function toMermaid(model: Architecture): string {
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const elements = [...model.elements].sort(byId);
  const boundaries = [...model.boundaries].sort(byId);
  const flows = [...model.flows].sort(byId);

  const ids = new NodeIds();
  const boundaryById = new Map(boundaries.map((b) => [b.id, b]));
  const parentOf = (b: TrustBoundary) => (b.parent && boundaryById.has(b.parent) && !inBoundaryCycle(b, boundaryById) ? b.parent : undefined);
  const childBoundaries = new Map<string | undefined, TrustBoundary[]>();
  for (const b of boundaries) push(childBoundaries, parentOf(b), b);
  const childElements = new Map<string | undefined, Element[]>();
  for (const e of elements) push(childElements, e.boundary && boundaryById.has(e.boundary) ? e.boundary : undefined, e);

  const lines = ['flowchart LR'];
  const emit = (boundary: string | undefined, indent: string) => {
    for (const e of childElements.get(boundary) ?? []) lines.push(`${indent}${ids.of('n', e.id)}${shape(e)}`);
    for (const b of childBoundaries.get(boundary) ?? []) {
      lines.push(`${indent}subgraph ${ids.of('b', b.id)}["${escapeLabel(b.name || b.id)}"]`);
      emit(b.id, `${indent}  `);
      lines.push(`${indent}end`);
    }
  };
  emit(undefined, '  ');

  // Endpoints no element defines are still drawn, labelled with their id, so no flow is lost.
  const known = new Set(elements.map((e) => e.id));
  const missing = [...new Set(flows.flatMap((f) => [f.from, f.to]).filter((id) => !known.has(id)))].sort();
  for (const id of missing) lines.push(`  ${ids.of('n', id)}["${escapeLabel(id)}"]`);

  for (const f of flows) {
    const label = [f.label, f.authentication].filter(Boolean).join(' · ');
    const arrow = label ? `-->|"${escapeLabel(label)}"|` : '-->';
    lines.push(`  ${ids.of('n', f.from)} ${arrow} ${ids.of('n', f.to)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Node shape by DFD kind. */
function shape(e: Element): string {
  const label = `"${escapeLabel(e.name || e.id)}"`;
  switch (e.kind) {
    case 'external-entity':
      return `[${label}]`;
    case 'process':
      return `([${label}])`;
    case 'data-store':
      return `[(${label})]`;
    default:
      return `[${label}]`;
  }
}

/**
 * Text safe inside a quoted Mermaid label: whitespace collapsed to single spaces, and
 * quotes, `#`, `&`, `<`, `>`, brackets, braces, parentheses, `|`, `;`, `%`, `\` and backticks as
 * decimal entity codes (`"` → `#34;`), which Mermaid decodes when it draws the label.
 */
export function escapeLabel(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/["#&<>[\]{}()|;`\\%]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** Sanitised, collision-free Mermaid ids: `n_<id with [^A-Za-z0-9_] as _>`, `_2`, `_3` on clashes. */
class NodeIds {
  private readonly assigned = new Map<string, string>();
  private readonly used = new Set<string>();

  of(prefix: 'n' | 'b', id: string): string {
    const key = `${prefix}\u0000${id}`;
    const existing = this.assigned.get(key);
    if (existing) return existing;
    const base = `${prefix}_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
    let candidate = base;
    for (let n = 2; this.used.has(candidate); n++) candidate = `${base}_${n}`;
    this.assigned.set(key, candidate);
    this.used.add(candidate);
    return candidate;
  }
}


function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
