/**
 * Positions for drawing an Architecture as a data-flow diagram: dagre's layered layout
 * (https://github.com/dagrejs/dagre/wiki) of a compound graph, left to right, with trust
 * boundaries as clusters nested by `parent` and elements inside their innermost boundary.
 *
 * Follows the conventions of the Mermaid rendering (../mermaid.ts): inputs are sorted by id
 * so the same model always gives the same layout, endpoints no element defines are still
 * drawn (kind `unknown`, labelled with their id), boundary `parent` cycles are cut, and
 * names are kept verbatim here (escaping is the renderer's job: every name is untrusted).
 * All coordinates are px with a top-left origin, rounded to 1 decimal.
 */
import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import { type Architecture, type TrustBoundary, inBoundaryCycle } from '../model.js';
import { mergeFlows } from './merge-flows.js';
import { avoidNodes, centred, clipEnds, runThroughLabel, selfLoop, union } from './route.js';
import { ellipsize, fitWidth, textWidth } from './text-width.js';
import { METRICS, type Box, type DiagramCluster, type DiagramEdge, type DiagramLayout, type DiagramNode, type LayoutOptions, type Point } from './types.js';

export type { DiagramCluster, DiagramEdge, DiagramLayout, DiagramNode, LayoutOptions } from './types.js';

/** Above this many nodes the cheaper ranker is used. */
const LARGE_MODEL_NODES = 150;

/** Layouts already computed with default options, per model object: the HTML and PDF reports of one run share one. */
const computed = new WeakMap<Architecture, DiagramLayout>();

/**
 * Lay out `model` as a left-to-right DFD (computed once per model object with default
 * options; callers must not mutate the result or the model afterwards). Never throws on malformed models: unknown flow
 * endpoints become `unknown` nodes, boundary parent cycles are cut, boundaries holding no
 * element (directly or below) are omitted, self-loops are drawn above their node, and an
 * empty model gives an empty layout of size 0×0.
 */
export function layoutArchitecture(model: Architecture, options: LayoutOptions = {}): DiagramLayout {
  if (options.maxLabel !== undefined) return computeLayout(model, options);
  let layout = computed.get(model);
  if (!layout) {
    layout = computeLayout(model, options);
    computed.set(model, layout);
  }
  return layout;
}

function computeLayout(model: Architecture, options: LayoutOptions): DiagramLayout {
  const maxLabel = Math.max(4, Math.floor(options.maxLabel ?? 36));
  const elements = uniqueById(model.elements ?? []);
  const boundaries = uniqueById(model.boundaries ?? []);
  const merged = mergeFlows(model.flows ?? []);

  const boundaryById = new Map(boundaries.map((b) => [b.id, b]));
  const parentOf = (id: string) => {
    const b = boundaryById.get(id);
    return b?.parent && boundaryById.has(b.parent) && !inBoundaryCycle(b, boundaryById) ? b.parent : undefined;
  };
  const homeOf = new Map<string, string | undefined>();
  for (const e of elements) homeOf.set(e.id, e.boundary && boundaryById.has(e.boundary) ? e.boundary : undefined);
  const kept = new Set<string>();
  for (const home of homeOf.values()) for (let b = home; b && !kept.has(b); b = parentOf(b)) kept.add(b);

  const nodes: DiagramNode[] = elements.map((e) => nodeFor(e.id, e.kind, e.type, e.name, maxLabel));
  const known = new Set(elements.map((e) => e.id));
  const missing = [...new Set(merged.flatMap((f) => [f.from, f.to]).filter((id) => !known.has(id)))].sort();
  for (const id of missing) nodes.push(nodeFor(id, 'unknown', 'unknown', id, maxLabel));
  if (nodes.length === 0) return { width: 0, height: 0, nodes: [], clusters: [], edges: [] };

  // A node with a self-loop reserves the loop and its label above it (symmetrically, so its centre stays put).
  const loopRoom = new Map<string, number>();
  const labelSize = merged.map((m) => labelBoxSize(m.label, m.authentication));
  merged.forEach((m, i) => {
    if (m.from === m.to) loopRoom.set(m.from, METRICS.loopHeight + (labelSize[i]?.height ?? 0) + 4);
  });
  const buildGraph = (withClusters: boolean) => {
    const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ compound: withClusters });
    // network-simplex ranks best but grows super-linearly; tight-tree is ~3x faster on large models.
    const ranker = nodes.length > LARGE_MODEL_NODES ? 'tight-tree' : 'network-simplex';
    g.setGraph({ rankdir: 'LR', nodesep: 36, edgesep: 24, ranksep: 56, marginx: 0, marginy: 0, ranker });
    g.setDefaultEdgeLabel(() => ({}));
    if (withClusters) for (const b of boundaries) if (kept.has(b.id)) g.setNode(`b:${b.id}`, { width: 0, height: 0 });
    for (const b of boundaries) {
      const parent = parentOf(b.id);
      if (withClusters && kept.has(b.id) && parent) g.setParent(`b:${b.id}`, `b:${parent}`);
    }
    for (const n of nodes) {
      const room = loopRoom.get(n.id) ?? 0;
      const loopWidth = room > 0 ? Math.max(...merged.flatMap((m, i) => (m.from === n.id && m.to === n.id ? [labelSize[i]?.width ?? 0] : []))) : 0;
      g.setNode(`n:${n.id}`, { width: Math.max(n.width, loopWidth + 8), height: n.height + 2 * room });
      const home = homeOf.get(n.id);
      if (withClusters && home) g.setParent(`n:${n.id}`, `b:${home}`);
    }
    merged.forEach((m, i) => {
      if (m.from !== m.to) g.setEdge(`n:${m.from}`, `n:${m.to}`, { ...labelSize[i], labelpos: 'c', minlen: 1 });
    });
    return g;
  };
  let g = buildGraph(true);
  try {
    dagre.layout(g);
  } catch {
    // Dagre's compound layout has failed on graph shapes it does not handle; a flat layout still
    // draws every element and flow, and the boundary boxes are then built around their children.
    g = buildGraph(false);
    dagre.layout(g);
  }

  const reserved = new Map<string, Box>();
  for (const n of nodes) {
    const d = g.node(`n:${n.id}`);
    const box = centred(d.x ?? 0, d.y ?? 0, d.width, d.height);
    reserved.set(n.id, box);
    n.x = box.x + (box.width - n.width) / 2;
    n.y = box.y + (box.height - n.height) / 2;
  }
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  // Horizontal extent of each rank's column, for routing edges around the nodes in it.
  const rankOf = (n: Box) => g.node(`n:${(n as DiagramNode).id}`)?.rank ?? 0;
  const columns = new Map<number, { left: number; right: number }>();
  for (const n of nodes) {
    const box = reserved.get(n.id)!;
    const col = columns.get(rankOf(n));
    columns.set(rankOf(n), { left: Math.min(col?.left ?? Infinity, box.x), right: Math.max(col?.right ?? -Infinity, box.x + box.width) });
  }
  const lanes = new Map<number, number>();
  const column = (n: Box) => columns.get(rankOf(n)) ?? { left: n.x, right: n.x + n.width };
  const edges = merged.map((m, i) => {
    const from = nodeById.get(m.from)!;
    const to = nodeById.get(m.to)!;
    const size = labelSize[i]!;
    const edge: DiagramEdge = { flowIds: m.flowIds, from: m.from, to: m.to, label: m.label, points: [], crossesBoundary: m.declaresCrossing || homeOf.get(m.from) !== homeOf.get(m.to) };
    if (m.authentication) edge.authentication = m.authentication;
    if (m.from === m.to) {
      const { points, labelCentre } = selfLoop(from);
      edge.points = points;
      if (size.width > 0) edge.labelBox = centred(labelCentre.x, labelCentre.y - size.height / 2, size.width, size.height);
    } else {
      const d = g.edge(`n:${m.from}`, `n:${m.to}`);
      edge.points = clipEnds((d.points ?? []).map((p: Point) => ({ ...p })), from, to);
      if (size.width > 0 && d.x !== undefined && d.y !== undefined) {
        edge.labelBox = centred(d.x, d.y, size.width, size.height);
        edge.points = runThroughLabel(edge.points, edge.labelBox);
      }
      edge.points = avoidNodes(edge.points, from, to, nodes, column, lanes);
    }
    return edge;
  });

  const clusters = clusterBoxes(boundaries.filter((b) => kept.has(b.id)), parentOf, nodes, reserved, homeOf, (id) => {
    const d = g.node(`b:${id}`);
    return d && d.x !== undefined && d.y !== undefined ? centred(d.x, d.y, d.width, d.height) : undefined;
  });
  return finish(nodes, clusters, edges);
}

function nodeFor(id: string, kind: DiagramNode['kind'], type: string, name: string, maxLabel: number): DiagramNode {
  const full = (typeof name === 'string' && name.trim()) || id || '?';
  const label = ellipsize(full, maxLabel);
  const shownType = String(type ?? '');
  const text = Math.max(textWidth(label, METRICS.nameFont), textWidth(shownType, METRICS.typeFont));
  const width = Math.max(METRICS.minNodeWidth, text + 2 * METRICS.nodePadX + (kind === 'process' ? 2 * METRICS.processPadX : 0));
  return { id, kind, type: shownType, name: full, label, x: 0, y: 0, width: Math.ceil(width), height: METRICS.nodeHeight };
}

/** Size of an edge label: the label line and an `auth: …` line, or 0×0 with no text. */
function labelBoxSize(label: string, authentication: string | undefined): { width: number; height: number } {
  const lines = [label ? textWidth(label, METRICS.labelFont) : -1, authentication ? textWidth(`auth: ${authentication}`, METRICS.authFont) : -1].filter((w) => w >= 0);
  if (lines.length === 0) return { width: 0, height: 0 };
  return { width: Math.ceil(Math.max(...lines) + 2 * METRICS.labelPad), height: lines.length * METRICS.labelLine + METRICS.labelPad };
}

/**
 * Boundary boxes, innermost first: dagre's cluster box grown where needed so that it holds
 * every child (node, reserved self-loop room, nested box) with padding and a title band.
 */
function clusterBoxes(
  boundaries: TrustBoundary[],
  parentOf: (id: string) => string | undefined,
  nodes: DiagramNode[],
  reserved: Map<string, Box>,
  homeOf: Map<string, string | undefined>,
  dagreBox: (id: string) => Box | undefined,
): DiagramCluster[] {
  const depthOf = (id: string) => {
    let depth = 0;
    for (let p = parentOf(id); p; p = parentOf(p)) depth++;
    return depth;
  };
  const byDepth = boundaries.map((b) => ({ b, depth: depthOf(b.id) })).sort((a, z) => z.depth - a.depth || (a.b.id < z.b.id ? -1 : 1));
  const boxes = new Map<string, Box>();
  for (const { b } of byDepth) {
    const children: Box[] = nodes.filter((n) => homeOf.get(n.id) === b.id).map((n) => reserved.get(n.id) ?? n);
    for (const inner of boundaries) if (parentOf(inner.id) === b.id && boxes.has(inner.id)) children.push(boxes.get(inner.id)!);
    const { clusterPad: pad, clusterTitle: title } = METRICS;
    let box = union(children.map((c) => ({ x: c.x - pad, y: c.y - pad - title, width: c.width + 2 * pad, height: c.height + 2 * pad + title })));
    const fromDagre = dagreBox(b.id);
    if (fromDagre && fromDagre.width > 0) box = box ? union([box, fromDagre])! : fromDagre;
    boxes.set(b.id, box ?? { x: 0, y: 0, width: 0, height: 0 });
  }
  return byDepth
    .map(({ b, depth }) => {
      const box = boxes.get(b.id)!;
      const label = fitWidth(b.name || b.id, Math.max(20, box.width - 2 * METRICS.clusterPad), METRICS.titleFont, true);
      return { id: b.id, kind: b.kind, name: b.name || b.id, label, ...box, depth };
    })
    .sort((a, z) => a.depth - z.depth || (a.id < z.id ? -1 : 1));
}

/** Shift everything so the drawing starts at the margin, size it, and round to 0.1 px. */
function finish(nodes: DiagramNode[], clusters: DiagramCluster[], edges: DiagramEdge[]): DiagramLayout {
  const all: Box[] = [...nodes, ...clusters, ...edges.flatMap((e) => [...e.points.map((p) => ({ ...p, width: 0, height: 0 })), ...(e.labelBox ? [e.labelBox] : [])])];
  const bounds = union(all)!;
  const dx = METRICS.margin - bounds.x;
  const dy = METRICS.margin - bounds.y;
  const r = (v: number) => Math.round(v * 10) / 10 + 0;
  const place = <T extends Box>(b: T): T => ({ ...b, x: r(b.x + dx), y: r(b.y + dy), width: r(b.width), height: r(b.height) });
  return {
    width: r(bounds.width + 2 * METRICS.margin),
    height: r(bounds.height + 2 * METRICS.margin),
    nodes: nodes.map(place),
    clusters: clusters.map(place),
    edges: edges.map((e) => {
      const out: DiagramEdge = { ...e, points: e.points.map((p) => ({ x: r(p.x + dx), y: r(p.y + dy) })) };
      if (e.labelBox) out.labelBox = place(e.labelBox);
      return out;
    }),
  };
}

/** Entries sorted by id, the first of each id kept; entries without a string id dropped. */
function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (item && typeof item.id === 'string' && !seen.has(item.id)) seen.set(item.id, item);
  return [...seen.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

