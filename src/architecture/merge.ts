/**
 * Merge the Architectures that several extractors (IaC, code, design documents) produce for
 * one repository into one model.
 *
 * Matching rule (which elements are the same thing):
 * 1. the same id is the same element;
 * 2. a code process whose `handler` attribute (`src/activities.handler`, `src/activities.py`,
 *    `src/activities.py:handler`) names the same file and function as an IaC Lambda's
 *    `codeUri` + `handler` attributes (SAM `CodeUri: src/` + `Handler: activities.handler`)
 *    is that Lambda; paths match when one is a suffix of the other at a `/`, because a
 *    template's `CodeUri` is relative to the template's folder;
 * 3. elements of the same kind whose names are equal after `normalizedName` (lower-case
 *    letters and digits only: "Orders table" = "OrdersTable") are the same element.
 * A match joins elements of different inputs only, and only when it is unambiguous: when a
 * name or handler matches two elements of one input, nothing is joined and an assumption
 * says so. Two different ids from the same input are never joined (the extractor that made
 * them knows they differ).
 *
 * A merged element keeps the id, kind, type and name of its IaC part (else code, design,
 * model file; ties by id), unions evidence (sorted by path and line), data classes and
 * attributes (string lists are unioned; for other values the IaC part wins, `'unknown'`
 * never wins over a known value, and each conflict becomes an assumption), and is `stated`
 * if any part is. Flows are re-pointed to merged ids and de-duplicated by (from, to, label);
 * boundaries are unioned by id. The result is the same whatever the order of `parts`.
 */
import type { Architecture, Element, Evidence, Flow, TrustBoundary } from './model.js';
import { normalizeArchitecture, stableId } from './model.js';

/** The name-matching key: lower-case letters and digits only ("Orders-Table" → "orderstable"). */
export function normalizedName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Merge extractor outputs into one deterministic model (see the module comment for the
 * matching rule). Never throws on well-typed input; flows whose endpoints no part defines
 * are kept as they are.
 */
export function mergeArchitectures(parts: Architecture[]): Architecture {
  const notes: string[] = [];
  const instances: Instance[] = parts.flatMap((part, index) => part.elements.map((element) => ({ element, part: index })));
  const groups = new Groups(instances);

  for (const [code, iac] of handlerMatches(instances, notes)) groups.join(code, iac, notes);
  for (const ids of nameMatches(parts, notes)) {
    for (let i = 1; i < ids.length; i++) groups.join(ids[0]!, ids[i]!, notes);
  }

  const alias = new Map<string, string>();
  const elements: Element[] = [];
  for (const members of groups.members()) {
    const merged = mergeElements(members, notes);
    for (const m of members) alias.set(m.element.id, merged.id);
    elements.push(merged);
  }

  return normalizeArchitecture({
    elements,
    flows: mergeFlows(parts, alias, notes),
    boundaries: mergeBoundaries(parts),
    assumptions: [...parts.flatMap((p) => p.assumptions), ...notes],
  });
}

interface Instance {
  element: Element;
  /** Index of the input the element came from. */
  part: number;
}

// ── Grouping ──

/** Union-find over element ids that refuses to join two ids of the same input. */
class Groups {
  private readonly parent = new Map<string, string>();
  /** For each root: input index → ids of that input in the group. */
  private readonly origins = new Map<string, Map<number, Set<string>>>();
  private readonly byId = new Map<string, Instance[]>();

  constructor(instances: Instance[]) {
    for (const instance of instances) {
      const id = instance.element.id;
      if (!this.byId.has(id)) {
        this.byId.set(id, []);
        this.parent.set(id, id);
        this.origins.set(id, new Map());
      }
      this.byId.get(id)!.push(instance);
      const origin = this.origins.get(id)!;
      if (!origin.has(instance.part)) origin.set(instance.part, new Set());
      origin.get(instance.part)!.add(id);
    }
  }

  private root(id: string): string {
    let r = id;
    while (this.parent.get(r) !== r) r = this.parent.get(r)!;
    this.parent.set(id, r);
    return r;
  }

  join(a: string, b: string, notes: string[]): void {
    const ra = this.root(a);
    const rb = this.root(b);
    if (ra === rb) return;
    const oa = this.origins.get(ra)!;
    const ob = this.origins.get(rb)!;
    for (const [part, ids] of ob) {
      const mine = oa.get(part);
      if (mine && [...ids].some((id) => !mine.has(id))) {
        notes.push(`${a} and ${b} look like the same element but were kept apart: joining them would merge different elements of one source`);
        return;
      }
    }
    const [keep, drop] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent.set(drop, keep);
    const target = this.origins.get(keep)!;
    for (const [part, ids] of this.origins.get(drop)!) {
      if (!target.has(part)) target.set(part, new Set());
      for (const id of ids) target.get(part)!.add(id);
    }
    this.origins.delete(drop);
  }

  /** Each group's instances, groups in order of their smallest id. */
  members(): Instance[][] {
    const groups = new Map<string, Instance[]>();
    for (const id of [...this.byId.keys()].sort()) {
      const root = this.root(id);
      if (!groups.has(root)) groups.set(root, []);
      groups.get(root)!.push(...this.byId.get(id)!);
    }
    return [...groups.values()];
  }
}

const hasSource = (evidence: Evidence[], source: Evidence['source']) => evidence.some((e) => e.source === source);

/** Which input wins on conflicts: IaC, then code, design, model file. */
function rank(evidence: Evidence[]): number {
  if (hasSource(evidence, 'iac')) return 0;
  if (hasSource(evidence, 'code')) return 1;
  if (hasSource(evidence, 'design')) return 2;
  if (hasSource(evidence, 'model-file')) return 3;
  return 4;
}

/** Same (kind, normalised name) across inputs, when unambiguous. */
function nameMatches(parts: Architecture[], notes: string[]): string[][] {
  const byKey = new Map<string, Map<number, Set<string>>>();
  parts.forEach((part, index) => {
    for (const element of part.elements) {
      const name = normalizedName(element.name);
      if (!name) continue;
      const key = `${element.kind}|${name}`;
      if (!byKey.has(key)) byKey.set(key, new Map());
      const perPart = byKey.get(key)!;
      if (!perPart.has(index)) perPart.set(index, new Set());
      perPart.get(index)!.add(element.id);
    }
  });
  const matches: string[][] = [];
  for (const key of [...byKey.keys()].sort()) {
    const perPart = byKey.get(key)!;
    if (perPart.size < 2) continue;
    const ambiguous = [...perPart.values()].filter((ids) => ids.size > 1);
    if (ambiguous.length) {
      const [kind, name] = key.split('|');
      for (const ids of ambiguous) notes.push(`The ${kind} name "${name}" matches ${[...ids].sort().join(', ')} in one source; they were not joined with other sources by name`);
      continue;
    }
    const ids = [...new Set([...perPart.values()].map((s) => [...s][0]!))].sort();
    if (ids.length > 1) matches.push(ids);
  }
  return matches;
}

// ── Handler matching ──

const SOURCE_EXTENSION = /\.(?:py|js|mjs|cjs|ts|mts|cts|jsx|tsx|go|rb|java|cs|php)$/;

/** Path with forward slashes, no `./`, no trailing `/`. */
function cleanPath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/\/{2,}/g, '/')
    .replace(/^(?:\.\/)+/, '')
    .replace(/\/(?:\.\/)+/g, '/')
    .replace(/\/$/, '');
}

/**
 * Keys an IaC Lambda answers to: `file` (code folder + module path, no extension) and
 * `full` (file + `.` + function). `Handler: pkg.mod.handler` with `CodeUri: src/` →
 * file `src/pkg/mod`, full `src/pkg/mod.handler`.
 */
function iacKeys(attributes: Element['attributes']): { file: string; full: string } | undefined {
  const handler = attributes.handler;
  if (typeof handler !== 'string' || !handler.includes('.')) return undefined;
  const codeUri = typeof attributes.codeUri === 'string' && attributes.codeUri !== 'unknown' ? cleanPath(attributes.codeUri) : '';
  const dot = handler.lastIndexOf('.');
  const fn = handler.slice(dot + 1);
  const head = handler.slice(0, dot);
  // Node handlers may carry a folder (`lib/index.handler`); Python modules use dots.
  const slash = head.lastIndexOf('/');
  const module = head.slice(0, slash + 1) + head.slice(slash + 1).replace(/\./g, '/');
  const file = cleanPath(codeUri ? `${codeUri}/${module}` : module);
  return { file, full: `${file}.${fn}` };
}

/** Keys a code process's `handler` attribute gives: always `file`, `full` when it names a function. */
function codeKeys(handler: string): { file: string; full?: string } {
  const path = cleanPath(handler.trim());
  const separated = /^(.*?)(?:\.[a-z]+)?[:#]([\w$]+)$/i.exec(path);
  if (separated) {
    const file = separated[1]!.replace(SOURCE_EXTENSION, '');
    return { file, full: `${file}.${separated[2]}` };
  }
  if (SOURCE_EXTENSION.test(path)) return { file: path.replace(SOURCE_EXTENSION, '') };
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  if (dot > slash) return { file: path.slice(0, dot), full: path };
  return { file: path };
}

/** Whether two paths name the same file: equal, or one ends with `/` + the other. */
function samePath(a: string, b: string): boolean {
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}

/** [code process id, IaC Lambda id] pairs whose handlers match unambiguously, sorted. */
function handlerMatches(instances: Instance[], notes: string[]): [string, string][] {
  const lambdas = new Map<string, { file: string; full: string }>();
  const code = new Map<string, string>();
  for (const { element } of instances) {
    if (element.kind !== 'process') continue;
    if (hasSource(element.evidence, 'iac')) {
      const keys = iacKeys(element.attributes);
      if (keys) lambdas.set(element.id, keys);
    } else if (hasSource(element.evidence, 'code') && typeof element.attributes.handler === 'string') {
      code.set(element.id, element.attributes.handler);
    }
  }
  const pairs: [string, string][] = [];
  for (const codeId of [...code.keys()].sort()) {
    const keys = codeKeys(code.get(codeId)!);
    const candidates = [...lambdas.entries()]
      .filter(([, lambda]) => (keys.full ? samePath(keys.full, lambda.full) : samePath(keys.file, lambda.file)))
      .map(([id]) => id)
      .sort();
    if (candidates.length === 1) pairs.push([codeId, candidates[0]!]);
    else if (candidates.length > 1) notes.push(`${codeId} (handler ${code.get(codeId)}) matches several functions (${candidates.join(', ')}); it was not joined with any`);
  }
  return pairs;
}

// ── Elements ──

type AttributeValue = Element['attributes'][string];

/** Attributes each source writes in its own notation (`activities.handler` vs `src/activities.py`): differences are not conflicts. */
const SAME_IN_OTHER_NOTATION = new Set(['handler']);

const evidenceKey = (e: Evidence) => JSON.stringify([e.path, e.line ?? 0, e.source, e.note, e.resource?.stack ?? '', e.resource?.id ?? '', e.resource?.type ?? '']);

/** Evidence de-duplicated and sorted by path, line, source, note. */
function unionEvidence(lists: Evidence[][]): Evidence[] {
  const byKey = new Map<string, Evidence>();
  for (const list of lists) for (const e of list) byKey.set(evidenceKey(e), e);
  const entries = [...byKey].map(([key, e]) => ({ key, path: e.path, line: e.line ?? 0, e }));
  entries.sort((a, b) => (a.path !== b.path ? (a.path < b.path ? -1 : 1) : a.line - b.line || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  return entries.map((x) => x.e);
}

/** Sort by (rank, id, content) so that the same inputs in any order give the same winner. */
function byPreference<T extends { id: string; evidence: Evidence[] }>(items: T[]): T[] {
  const keyed = items.map((item) => ({ item, rank: rank(item.evidence), json: JSON.stringify(item) }));
  keyed.sort((a, b) => a.rank - b.rank || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0) || (a.json < b.json ? -1 : a.json > b.json ? 1 : 0));
  return keyed.map((k) => k.item);
}

const where = (e: { evidence: Evidence[] }) => {
  const first = unionEvidence([e.evidence])[0];
  return first ? `${first.path}${first.line ? `:${first.line}` : ''}` : 'no evidence';
};
const show = (value: unknown) => JSON.stringify(value);

/** Equal, or one string refines the other (`python` in code, `python3.12` in IaC): not a conflict. */
function agrees(a: AttributeValue, b: AttributeValue): boolean {
  if (show(a) === show(b)) return true;
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x.startsWith(y) || y.startsWith(x);
}

function mergeElements(members: Instance[], notes: string[]): Element {
  const ordered = byPreference(members.map((m) => m.element));
  const winner = ordered[0]!;
  const data = [...new Set(ordered.flatMap((e) => e.data ?? []))].sort();
  const boundary = ordered.find((e) => e.boundary)?.boundary;
  const attributes: Element['attributes'] = {};
  const keys = [...new Set(ordered.flatMap((e) => Object.keys(e.attributes)))].sort();
  for (const key of keys) {
    const holders = ordered.filter((e) => e.attributes[key] !== undefined);
    const values = holders.map((e) => e.attributes[key]!);
    if (values.every(Array.isArray)) {
      attributes[key] = [...new Set((values as string[][]).flat())].sort();
      continue;
    }
    const known = holders.filter((e) => e.attributes[key] !== 'unknown');
    const chosen: AttributeValue = known[0]?.attributes[key] ?? 'unknown';
    attributes[key] = chosen;
    const other = known.find((e) => !agrees(e.attributes[key]!, chosen));
    if (other && !SAME_IN_OTHER_NOTATION.has(key)) {
      notes.push(`${winner.id}: attribute "${key}" is ${show(chosen)} at ${where(known[0]!)} but ${show(other.attributes[key])} at ${where(other)}; ${show(chosen)} is used`);
    }
  }
  return {
    id: winner.id,
    kind: winner.kind,
    type: winner.type,
    name: winner.name,
    ...(boundary ? { boundary } : {}),
    ...(data.length ? { data } : {}),
    attributes,
    origin: ordered.some((e) => e.origin === 'stated') ? 'stated' : 'inferred',
    evidence: unionEvidence(ordered.map((e) => e.evidence)),
  };
}

// ── Flows ──

const FLOW_FACTS = ['protocol', 'authentication', 'authorization', 'encryptedInTransit'] as const;

function mergeFlows(parts: Architecture[], alias: Map<string, string>, notes: string[]): Flow[] {
  const canonical = new Map<string, Flow[]>();
  for (const flow of parts.flatMap((p) => p.flows)) {
    const from = alias.get(flow.from) ?? flow.from;
    const to = alias.get(flow.to) ?? flow.to;
    // Two ends that merging made one are the same element talking to itself: not a DFD flow.
    if (from === to && flow.from !== flow.to) continue;
    const moved = { ...flow, from, to };
    const key = stableId('flow', `${from}->${to}`, flow.label);
    if (!canonical.has(key)) canonical.set(key, []);
    canonical.get(key)!.push(from === flow.from && to === flow.to ? flow : { ...moved, id: key });
  }
  // A group keeps its members' id when they agree on one (an extractor's own id scheme), else the canonical id.
  const byId = new Map<string, Flow[]>();
  for (const [key, flows] of canonical) {
    const ids = new Set(flows.map((f) => f.id));
    const id = ids.size === 1 ? [...ids][0]! : key;
    if (!byId.has(id)) byId.set(id, []);
    byId.get(id)!.push(...flows);
  }
  return [...byId.entries()].map(([id, flows]) => mergeFlowGroup(id, flows, notes));
}

function mergeFlowGroup(id: string, flows: Flow[], notes: string[]): Flow {
  const ordered = byPreference(flows);
  const winner = ordered[0]!;
  const merged: Flow = {
    id,
    from: winner.from,
    to: winner.to,
    label: winner.label,
    origin: ordered.some((f) => f.origin === 'stated') ? 'stated' : 'inferred',
    evidence: unionEvidence(ordered.map((f) => f.evidence)),
  };
  for (const fact of FLOW_FACTS) {
    const known = ordered.filter((f) => f[fact] !== undefined && f[fact] !== 'unknown');
    const value = known[0]?.[fact] ?? ordered.find((f) => f[fact] !== undefined)?.[fact];
    if (value === undefined) continue;
    (merged as unknown as Record<string, unknown>)[fact] = value;
    const other = known.find((f) => f[fact] !== value);
    if (other) notes.push(`${id}: ${fact} is ${show(value)} at ${where(known[0]!)} but ${show(other[fact])} at ${where(other)}; ${show(value)} is used`);
  }
  const data = [...new Set(ordered.flatMap((f) => f.data ?? []))].sort();
  if (data.length) merged.data = data;
  const crosses = ordered.find((f) => f.crosses)?.crosses;
  if (crosses) merged.crosses = crosses;
  return merged;
}

// ── Boundaries ──

function mergeBoundaries(parts: Architecture[]): TrustBoundary[] {
  const byId = new Map<string, TrustBoundary[]>();
  for (const boundary of parts.flatMap((p) => p.boundaries)) {
    if (!byId.has(boundary.id)) byId.set(boundary.id, []);
    byId.get(boundary.id)!.push(boundary);
  }
  // Prefer a version that knows its parent; then the smallest, for order independence.
  return [...byId.values()].map(
    (versions) =>
      versions
        .map((b) => ({ b, json: JSON.stringify(b) }))
        .sort((x, y) => Number(!x.b.parent) - Number(!y.b.parent) || (x.json < y.json ? -1 : x.json > y.json ? 1 : 0))[0]!.b,
  );
}
