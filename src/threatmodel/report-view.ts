/**
 * What every threat-model report shows, in plain text, before any format escapes it: the
 * threat sentence, the name of what a threat is on, evidence lines, threats grouped by
 * STRIDE category and by element, and the mitigation roll-up. Markdown, HTML and PDF
 * writers read these so that the three say the same thing in the same words.
 */
import type { Architecture } from '../architecture/model.js';
import type { Mitigation, Priority, Stride, Threat, ThreatEvidence, ThreatModel } from './model.js';
import { type Review, STRIDE_NAMES } from './review.js';
import { composeStatement, withoutArticle } from './threat-composer/text.js';

export { STRIDE_NAMES };

/** Everything a threat-model report is written from. No clock, no environment: the same input gives the same report. */
export interface ThreatModelReport {
  architecture: Architecture;
  model: ThreatModel;
  review: Review;
  /** `Guardian <version>`, for the report's colophon. */
  generator: string;
}

/** Priorities from most to least urgent. */
export const PRIORITY_ORDER: readonly Priority[] = ['High', 'Medium', 'Low'];

/** How a mitigation status reads in a report. */
export const MITIGATION_STATUS_TEXT: Record<Mitigation['status'], string> = { implemented: 'in place', missing: 'missing', unknown: 'not visible' };

/** How a threat status reads in a report (Threat Composer's statuses). */
export const THREAT_STATUS_TEXT: Record<Threat['status'], string> = { identified: 'identified', resolved: 'resolved (accepted)', notUseful: 'not useful' };

/** The sentence Threat Composer builds from the grammar fields (the same words as the .tc.json export). */
export function threatSentence(threat: Threat): string {
  return composeStatement({ ...threat.statement, threatSource: withoutArticle(threat.statement.threatSource) });
}

/** Threats by priority (High first), then id. */
export function byPriority(threats: readonly Threat[]): Threat[] {
  return [...threats].sort((a, b) => PRIORITY_ORDER.indexOf(a.priority) - PRIORITY_ORDER.indexOf(b.priority) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Name of an element id, or the id itself when the model has no such element. */
export function elementName(architecture: Architecture, id: string): string {
  return architecture.elements.find((e) => e.id === id)?.name ?? id;
}

/** What a threat is on: the element's name, or `sender → receiver: label` for a flow. */
export function anchorName(threat: Threat, architecture: Architecture): string {
  if ('element' in threat.anchor) return elementName(architecture, threat.anchor.element);
  const id = threat.anchor.flow;
  const flow = architecture.flows.find((f) => f.id === id);
  if (!flow) return id;
  return `${elementName(architecture, flow.from)} → ${elementName(architecture, flow.to)}: ${flow.label}`;
}

/** The element a threat concerns: its anchor, or the receiver of its flow. */
export function anchorElement(threat: Threat, architecture: Architecture): string {
  if ('element' in threat.anchor) return threat.anchor.element;
  const id = threat.anchor.flow;
  return architecture.flows.find((f) => f.id === id)?.to ?? id;
}

/** One evidence entry as text parts: what it is, and where (`path:line`, `''` when nowhere). */
export function evidenceText(e: ThreatEvidence): { kind: ThreatEvidence['kind']; text: string; place: string } {
  const place = 'path' in e && e.path ? `${e.path}${e.line ? `:${e.line}` : ''}` : '';
  if (e.kind === 'finding') return { kind: e.kind, text: `finding ${e.ruleId} (${e.severity})`, place };
  // Notes often name their place already ("... (template.yaml:12)"): do not repeat it.
  return { kind: e.kind, text: e.kind === 'missing-control' ? `missing control: ${e.note}` : e.note, place: e.note.includes(place) ? '' : place };
}

/** Threats grouped by their first STRIDE letter, in STRIDE order, each group by priority; empty groups left out. */
export function threatsByStride(model: ThreatModel): { stride: Stride; name: string; threats: Threat[] }[] {
  const sorted = byPriority(model.threats);
  return (Object.keys(STRIDE_NAMES) as Stride[])
    .map((stride) => ({ stride, name: STRIDE_NAMES[stride], threats: sorted.filter((t) => t.stride[0] === stride) }))
    .filter((group) => group.threats.length > 0);
}

/** Threats grouped by the element they concern (see anchorElement), elements by name, each group by priority. */
export function threatsByElement(model: ThreatModel, architecture: Architecture): { element: string; name: string; threats: Threat[] }[] {
  const groups = new Map<string, Threat[]>();
  for (const threat of byPriority(model.threats)) {
    const id = anchorElement(threat, architecture);
    groups.set(id, [...(groups.get(id) ?? []), threat]);
  }
  return [...groups.entries()]
    .map(([element, threats]) => ({ element, name: elementName(architecture, element), threats }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en') || (a.element < b.element ? -1 : 1));
}

/** Threat counts per element id and priority, for diagram badges. */
export function threatCountsByElement(model: ThreatModel, architecture: Architecture): Map<string, Record<Priority, number>> {
  const counts = new Map<string, Record<Priority, number>>();
  for (const threat of model.threats) {
    if (threat.status !== 'identified') continue;
    const id = anchorElement(threat, architecture);
    const entry = counts.get(id) ?? { High: 0, Medium: 0, Low: 0 };
    entry[threat.priority]++;
    counts.set(id, entry);
  }
  return counts;
}

/** One row of the mitigation roll-up: a catalog mitigation in one status, over all the threats it answers. */
export interface MitigationRow {
  ref: string;
  title: string;
  status: Mitigation['status'];
  content: string;
  /** Distinct reasons, in threat priority order. */
  reasons: string[];
  /** Ids of the threats it answers. */
  threats: string[];
  /** Ids of findings whose fix implements it. */
  findings: string[];
}

/** Mitigations rolled up by catalog id and status: missing first, then not visible, then in place; by title within. */
export function mitigationRows(model: ThreatModel): MitigationRow[] {
  const rows = new Map<string, MitigationRow>();
  for (const threat of byPriority(model.threats)) {
    for (const m of threat.mitigations) {
      const key = `${m.ref}\u0000${m.status}`;
      const row = rows.get(key) ?? { ref: m.ref, title: m.title, status: m.status, content: m.content, reasons: [], threats: [], findings: [] };
      if (!row.reasons.includes(m.statusReason)) row.reasons.push(m.statusReason);
      row.threats.push(threat.id);
      for (const f of m.findings) if (!row.findings.includes(f)) row.findings.push(f);
      rows.set(key, row);
    }
  }
  const order: Mitigation['status'][] = ['missing', 'unknown', 'implemented'];
  return [...rows.values()].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status) || a.title.localeCompare(b.title, 'en') || (a.ref < b.ref ? -1 : 1));
}
