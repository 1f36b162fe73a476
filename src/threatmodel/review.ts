/**
 * The fourth question of the Four Question Frame (Shostack): "Did we do a good job?".
 * One review of a threat model that every report (Markdown, HTML, PDF, JSON) prints the
 * same way: STRIDE-per-element coverage, open high-priority threats, threats without a
 * mitigation, elements no threat touches, what people removed or accepted, and, given the
 * previous model, what changed since.
 *
 * Coverage follows the STRIDE-per-element chart (Shostack, "Threat Modeling: Designing for
 * Security", table 3-9): external entities S R; processes S T R I D E; data stores T I D,
 * and R when the store is a log. Each applicable cell says whether threats were found, the
 * catalog examined the element and found none, or no rule covers it (a gap to review by hand).
 */
import type { Architecture, Element, Flow } from '../architecture/model.js';
import type { Removal } from '../architecture/overrides.js';
import { type ThreatCatalog, type ThreatRule, defaultThreatCatalog } from './catalog.js';
import type { Priority, Stride, Threat, ThreatModel } from './model.js';
import { ModelIndex, mayApply } from './predicate.js';
import type { ThreatRemoval } from './repository-decisions.js';
import type { PreviousThreat } from './threat-composer/decisions.js';
import { derivedValues } from './threat-composer/decisions.js';

/** STRIDE letters in their canonical order, with their names. */
export const STRIDE_NAMES: Record<Stride, string> = {
  S: 'Spoofing',
  T: 'Tampering',
  R: 'Repudiation',
  I: 'Information disclosure',
  D: 'Denial of service',
  E: 'Elevation of privilege',
};
const STRIDE = Object.keys(STRIDE_NAMES) as Stride[];

/** One cell of the coverage matrix. */
export type CoverageCell =
  /** Threats of this category on the element or on its flows; `top` is the highest priority. */
  | { state: 'threats'; count: number; top: Priority }
  /** `rules` catalog rules of this category could apply and none matched. */
  | { state: 'considered'; rules: number }
  /** The category applies to the element but no catalog rule covers it. */
  | { state: 'gap' }
  /** The category does not apply to this kind of element. */
  | { state: 'not-applicable' };

/** One element's row of the coverage matrix. */
export interface CoverageRow {
  element: string;
  name: string;
  kind: Element['kind'];
  cells: Record<Stride, CoverageCell>;
}

/** What changed since the previous model (threats matched by their stable ids). */
export interface ReviewChanges {
  /** Ids of threats that are new in this model. */
  added: string[];
  /** Threats of the previous model that no longer exist (the condition or element went away). */
  gone: PreviousThreat[];
  /** Threats whose derived priority changed. */
  reprioritised: { id: string; from: Priority; to: Priority }[];
}

/** The review. Lists hold threat or element ids, sorted. */
export interface Review {
  counts: Record<Priority, number> & { threats: number; identified: number; resolved: number; notUseful: number };
  /** Elements and flows with at least one threat, out of all elements and flows. */
  anchored: number;
  subjects: number;
  coverage: CoverageRow[];
  /** High-priority threats still `identified` with no mitigation in place. */
  openHigh: string[];
  /** Threats whose rule names no mitigation that applies. */
  withoutMitigation: string[];
  /** Elements with no threat on them or on their flows. */
  untouched: string[];
  /** Coverage gaps as `element id`, `letter` pairs, for "review by hand". */
  gaps: { element: string; stride: Stride }[];
  removedElements: Removal[];
  removedThreats: ThreatRemoval[];
  /** Threats a person accepted or marked not useful (status other than `identified`). */
  decided: string[];
  /** Present when a previous model was given. */
  changes?: ReviewChanges;
}

/** Inputs besides the model: people's removals, the previous model's threats, the catalog the model came from. */
export interface ReviewOptions {
  removedElements?: readonly Removal[];
  removedThreats?: readonly ThreatRemoval[];
  previous?: readonly PreviousThreat[];
  catalog?: ThreatCatalog;
}

const PRIORITY_RANK: Record<Priority, number> = { High: 0, Medium: 1, Low: 2 };

/** Review `model` (built on `architecture`). Pure and deterministic. */
export function reviewThreatModel(architecture: Architecture, model: ThreatModel, options: ReviewOptions = {}): Review {
  const catalog = options.catalog ?? defaultThreatCatalog();
  const index = new ModelIndex(architecture);
  const threats = model.threats;
  const anchorOf = (t: Threat) => ('element' in t.anchor ? t.anchor.element : t.anchor.flow);

  // Threats per element: on the element itself, or on a flow it sends or receives (STRIDE-per-interaction
  // threatens both ends: the sender can be spoofed, the receiver tampered with), letters applicable to it only.
  const onElement = new Map<string, Threat[]>();
  const add = (id: string | undefined, t: Threat) => {
    if (id !== undefined) onElement.set(id, [...(onElement.get(id) ?? []), t]);
  };
  for (const t of threats) {
    if ('element' in t.anchor) add(t.anchor.element, t);
    else {
      const flow = index.flows.get(t.anchor.flow);
      add(flow?.from, t);
      add(flow?.to, t);
    }
  }

  const coverage = architecture.elements.map((element) => coverageRow(element, onElement.get(element.id) ?? [], catalog, index));
  const gaps = coverage.flatMap((row) => STRIDE.filter((s) => row.cells[s].state === 'gap').map((stride) => ({ element: row.element, stride })));
  const anchored = new Set(threats.map(anchorOf));
  const sortedIds = (list: Threat[]) => list.map((t) => t.id).sort();

  return {
    counts: {
      threats: threats.length,
      High: threats.filter((t) => t.priority === 'High').length,
      Medium: threats.filter((t) => t.priority === 'Medium').length,
      Low: threats.filter((t) => t.priority === 'Low').length,
      identified: threats.filter((t) => t.status === 'identified').length,
      resolved: threats.filter((t) => t.status === 'resolved').length,
      notUseful: threats.filter((t) => t.status === 'notUseful').length,
    },
    anchored: anchored.size,
    subjects: architecture.elements.length + architecture.flows.length,
    coverage,
    openHigh: sortedIds(threats.filter((t) => t.priority === 'High' && t.status === 'identified' && !t.mitigations.some((m) => m.status === 'implemented'))),
    withoutMitigation: sortedIds(threats.filter((t) => t.mitigations.length === 0)),
    untouched: architecture.elements.filter((e) => !onElement.has(e.id)).map((e) => e.id).sort(),
    gaps,
    removedElements: [...(options.removedElements ?? [])],
    removedThreats: [...(options.removedThreats ?? [])],
    decided: sortedIds(threats.filter((t) => t.status !== 'identified')),
    ...(options.previous ? { changes: changesSince(threats, options.previous) } : {}),
  };
}

/** Which STRIDE categories apply to an element, per the STRIDE-per-element chart. */
export function applicableStride(element: Element): Stride[] {
  if (element.kind === 'external-entity') return ['S', 'R'];
  if (element.kind === 'process') return [...STRIDE];
  return element.type === 'log' ? ['T', 'R', 'I', 'D'] : ['T', 'I', 'D'];
}

function coverageRow(element: Element, threats: readonly Threat[], catalog: ThreatCatalog, index: ModelIndex): CoverageRow {
  const applicable = new Set(applicableStride(element));
  const incoming = index.incoming(element.id);
  const cells = {} as Record<Stride, CoverageCell>;
  for (const letter of STRIDE) {
    const found = threats.filter((t) => t.stride.includes(letter) && ('element' in t.anchor || applicable.has(letter)));
    if (found.length) {
      const top = found.map((t) => t.priority).sort((a, b) => PRIORITY_RANK[a] - PRIORITY_RANK[b])[0]!;
      cells[letter] = { state: 'threats', count: found.length, top };
      continue;
    }
    if (!applicable.has(letter)) {
      cells[letter] = { state: 'not-applicable' };
      continue;
    }
    const rules = catalog.rules.filter((rule) => rule.stride.includes(letter) && ruleMayApply(rule, element, incoming, index)).length;
    cells[letter] = rules ? { state: 'considered', rules } : { state: 'gap' };
  }
  return { element: element.id, name: element.name, kind: element.kind, cells };
}

/** An element rule that could hold on the element, or a flow rule that could hold on a flow into it. */
function ruleMayApply(rule: ThreatRule, element: Element, incoming: readonly Flow[], index: ModelIndex): boolean {
  const { appliesTo } = rule;
  if ('element' in appliesTo) return mayApply(appliesTo.element, { element }, index);
  return incoming.some((flow) => mayApply(appliesTo.flow, { flow }, index));
}

function changesSince(threats: readonly Threat[], previous: readonly PreviousThreat[]): ReviewChanges {
  const before = new Map(previous.map((p) => [p.key, p]));
  const now = new Set(threats.map((t) => t.id));
  const reprioritised: ReviewChanges['reprioritised'] = [];
  for (const t of threats) {
    const was = before.get(t.id)?.priority;
    const is = derivedValues(t).priority;
    if (was && was !== is) reprioritised.push({ id: t.id, from: was, to: is });
  }
  return {
    added: threats.filter((t) => !before.has(t.id)).map((t) => t.id).sort(),
    // Previous threats keyed only by a UUID (metadata lost) cannot be matched and are not reported as gone.
    gone: previous.filter((p) => p.key.startsWith('threat:') && !now.has(p.key)).sort((a, b) => (a.key < b.key ? -1 : 1)),
    reprioritised,
  };
}
