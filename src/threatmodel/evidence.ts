/**
 * Linking scanner findings to the DFD elements and flows they are about, so a threat on
 * an element can cite the findings that confirm it.
 *
 * The linking rule (the first tier that links a finding wins; a finding is linked to
 * every anchor of that tier):
 *  1. **Line**: the anchors with evidence in the finding's file at a line inside the
 *     finding's region (`startLine`..`endLine`). A SQL injection reported at the
 *     `execute` call links to the data store and the flow drawn from that very line; an
 *     IaC finding at a resource's first line links to the element that resource declares.
 *  2. **Resource**: for IaC, the element whose own declaring resource (IaC evidence whose
 *     `resource.id` is the element's name after `#` in its id) starts nearest above the
 *     finding's line in the same file: a finding on a property inside a resource links
 *     to the element of that resource (`MAPS_API_KEY` at template.yaml:130 → RoutesFunction
 *     declared at line 122). Evidence carries only a start line, so a property of a
 *     resource that is not an element is attributed to the element declared above it;
 *     give `Evidence` an `endLine` to make this exact.
 *  3. **File**: the processes with code evidence in the finding's file (code lives in
 *     processes: a debug-mode finding in app.py links to the Flask app).
 *  4. **Module**: the processes whose `sourceFiles` attribute (the files they import,
 *     transitively) holds the finding's file: an `eval` in a route module that server.js
 *     loads links to the Express app.
 * Findings in files the model has no evidence in (an IAM account export) link nowhere.
 */
import type { Finding } from '../core/finding.js';
import type { Element, Evidence } from '../architecture/model.js';
import type { Anchor } from './model.js';
import type { ModelIndex, Subject } from './predicate.js';

/** How a finding was linked (see the module comment). */
export type LinkTier = 'line' | 'resource' | 'file' | 'module';

/** Findings linked to each anchor id (element or flow id), each list sorted by path, line, rule id, id. */
export interface FindingLinks {
  byAnchor: Map<string, Finding[]>;
  tier: Map<string, LinkTier>;
}

interface Located {
  anchorId: string;
  element?: Element;
  evidence: Evidence;
}

/** Link every finding to the anchors of `index`'s model, by the rule in the module comment. Deterministic; never throws. */
export function linkFindings(index: ModelIndex, findings: readonly Finding[]): FindingLinks {
  const byPath = new Map<string, Located[]>();
  const add = (anchorId: string, evidence: Evidence, element?: Element) => {
    const list = byPath.get(evidence.path) ?? [];
    list.push({ anchorId, evidence, ...(element ? { element } : {}) });
    byPath.set(evidence.path, list);
  };
  for (const element of index.elements.values()) for (const ev of element.evidence ?? []) add(element.id, ev, element);
  for (const flow of index.flows.values()) for (const ev of flow.evidence ?? []) add(flow.id, ev);
  const importers = new Map<string, string[]>();
  for (const element of index.elements.values()) {
    const files = element.kind === 'process' ? element.attributes.sourceFiles : undefined;
    if (Array.isArray(files)) for (const file of files) importers.set(file, [...(importers.get(file) ?? []), element.id]);
  }

  const byAnchor = new Map<string, Finding[]>();
  const tier = new Map<string, LinkTier>();
  for (const finding of [...findings].sort(byLocation)) {
    const path = finding.location?.path;
    const start = finding.location?.startLine;
    if (typeof path !== 'string' || typeof start !== 'number') continue;
    const end = Math.max(start, finding.location.endLine ?? start);
    const here = byPath.get(path) ?? [];
    let hit: { ids: Set<string>; tier: LinkTier } | undefined;

    const byLine = here.filter((l) => l.evidence.line !== undefined && l.evidence.line >= start && l.evidence.line <= end);
    if (byLine.length) hit = { ids: new Set(byLine.map((l) => l.anchorId)), tier: 'line' };

    if (!hit) {
      const declared = here.filter((l) => l.element && l.evidence.source === 'iac' && l.evidence.line !== undefined && l.evidence.line <= start && declares(l.element, l.evidence));
      const nearest = Math.max(...declared.map((l) => l.evidence.line!));
      const ids = declared.filter((l) => l.evidence.line === nearest).map((l) => l.anchorId);
      if (ids.length) hit = { ids: new Set(ids), tier: 'resource' };
    }

    if (!hit) {
      const ids = here.filter((l) => l.element?.kind === 'process' && l.evidence.source === 'code').map((l) => l.anchorId);
      if (ids.length) hit = { ids: new Set(ids), tier: 'file' };
    }

    if (!hit) {
      const ids = (importers.get(path) ?? []).sort();
      if (ids.length) hit = { ids: new Set(ids), tier: 'module' };
    }

    if (!hit) continue;
    tier.set(finding.id, hit.tier);
    for (const id of hit.ids) {
      const list = byAnchor.get(id) ?? [];
      list.push(finding);
      byAnchor.set(id, list);
    }
  }
  return { byAnchor, tier };
}

/**
 * The ids whose linked findings count for a threat on `anchor`: the anchor itself; for
 * an element also every flow into or out of it; for a data store also the processes that
 * send flows into it (an injection in a function's code reaches the tables it writes).
 */
export function scopeOf(index: ModelIndex, anchor: Anchor): string[] {
  if ('flow' in anchor) return [anchor.flow];
  const ids = new Set<string>([anchor.element]);
  const element = index.elements.get(anchor.element);
  for (const flow of index.incoming(anchor.element)) {
    ids.add(flow.id);
    const sender = index.elements.get(flow.from);
    if (element?.kind === 'data-store' && sender?.kind === 'process') ids.add(sender.id);
  }
  for (const flow of index.outgoing(anchor.element)) ids.add(flow.id);
  return [...ids].sort();
}

/** The findings linked to anchors in `anchor`'s scope, de-duplicated and sorted by path, line, rule id, id. */
export function findingsInScope(links: FindingLinks, index: ModelIndex, anchor: Anchor): Finding[] {
  const out = new Map<string, Finding>();
  for (const id of scopeOf(index, anchor)) for (const f of links.byAnchor.get(id) ?? []) out.set(f.id, f);
  return [...out.values()].sort(byLocation);
}

/** The anchor of a predicate subject. */
export function anchorOf(subject: Subject): Anchor {
  return 'element' in subject ? { element: subject.element.id } : { flow: subject.flow.id };
}

/** Whether `evidence` is the resource that declares `element` (`process:lambda:template.yaml#routesfunction` ← `RoutesFunction`). */
function declares(element: Element, evidence: Evidence): boolean {
  const id = evidence.resource?.id;
  if (!id) return false;
  const hash = element.id.lastIndexOf('#');
  return (hash >= 0 && element.id.slice(hash + 1) === id.toLowerCase()) || element.name === id;
}

/** Sort findings by file, line, rule id, id. */
export function byLocation(a: Finding, b: Finding): number {
  return cmp(a.location?.path ?? '', b.location?.path ?? '') || (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) || cmp(a.ruleId, b.ruleId) || cmp(a.id, b.id);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
