/**
 * Threat Composer v1 export (https://github.com/awslabs/threat-composer, schema
 * `schemas/threat-composer-v1.schema.json`) of a ThreatModel and its Architecture, and the
 * import of the human decisions a previous export collected.
 *
 * The export is deterministic: ids are UUIDs derived from Guardian's stable ids, arrays are
 * sorted by those ids and nothing depends on time, so the same model gives a byte-identical
 * file. Every string respects the schema's `maxLength` (cut with `…`). Guardian's own ids,
 * rule, anchor, derived status and priority, evidence and references travel as `custom:`
 * metadata, which Threat Composer keeps on import and export.
 */
import type { Architecture } from '../architecture/model.js';
import type { Mitigation, Threat, ThreatModel } from './model.js';
import { derivedValues } from './threat-composer/decisions.js';
import {
  CUSTOM_KEYS,
  LIMITS,
  MITIGATION_STATUS,
  STRIDE_ORDER,
  THREAT_STATUS,
  type ThreatComposerAssumption,
  type ThreatComposerDocument,
  type ThreatComposerMetadata,
  type ThreatComposerMitigation,
  type ThreatComposerThreat,
} from './threat-composer/format.js';
import { applicationMarkdown, architectureMarkdown, dataflowMarkdown } from './threat-composer/markdown.js';
import { type GrammarFields, composeStatement, oneLine, truncate, withoutArticle } from './threat-composer/text.js';
import { deterministicUuid } from './threat-composer/uuid.js';

export { applyDecisions, readPreviousThreatModel } from './threat-composer/decisions.js';
export type { PreviousThreat, PreviousThreatModel, ReadDecisionsOptions, ThreatDecision, ThreatDecisions } from './threat-composer/decisions.js';
export type { ThreatComposerDocument } from './threat-composer/format.js';
export { deterministicUuid } from './threat-composer/uuid.js';
export { composeStatement } from './threat-composer/text.js';

export interface ThreatComposerOptions {
  /** Mermaid source of the DFD (from `toMermaid`), embedded in the data-flow description. */
  mermaid?: string;
}

/**
 * The Threat Composer v1 document for `model` and `architecture`:
 * - `applicationInfo`: the application's name and description;
 * - `architecture.description`: components and trust boundaries as Markdown tables;
 * - `dataflow.description`: the flows as a Markdown table, plus `options.mermaid` in a
 *   ```mermaid block;
 * - `threats`: one per Guardian threat (sorted by id; `numericId` 1…n), id =
 *   `deterministicUuid(threat.id)`, the grammar fields and the statement Threat Composer
 *   would render, metadata `Priority`, `STRIDE`, `Comments` (a person's, carried over) and
 *   `custom:` entries, tags = element type (`data-flow` for flows) and the rule id's last
 *   segment, status `threatIdentified` | `threatResolved` | `threatResolvedNotUseful`;
 * - `mitigations`: each distinct mitigation once (sorted by id), content = title, Comments =
 *   what to do, status `mitigationResolved` when implemented, else `mitigationIdentified`;
 * - `mitigationLinks`: every (mitigation, threat) pair;
 * - `assumptions`: the model's and the architecture's, de-duplicated and sorted;
 *   `assumptionLinks` is empty because assumptions are plain text with no anchor.
 * Never throws for well-typed input.
 */
export function toThreatComposer(model: ThreatModel, architecture: Architecture, options: ThreatComposerOptions = {}): ThreatComposerDocument {
  const threats = [...model.threats].sort(byId);
  const elementTypes = new Map(architecture.elements.map((e) => [e.id, String(e.type)]));

  const mitigations = new Map<string, Mitigation>();
  for (const threat of threats) for (const m of threat.mitigations) if (!mitigations.has(m.id)) mitigations.set(m.id, m);
  const sortedMitigations = [...mitigations.values()].sort(byId);

  const mitigationLinks: ThreatComposerDocument['mitigationLinks'] = [];
  const linked = new Set<string>();
  for (const threat of threats) {
    const linkedId = deterministicUuid(threat.id);
    for (const m of [...threat.mitigations].sort(byId)) {
      const mitigationId = deterministicUuid(m.id);
      if (linked.has(`${mitigationId} ${linkedId}`)) continue;
      linked.add(`${mitigationId} ${linkedId}`);
      mitigationLinks.push({ mitigationId, linkedId });
    }
  }

  const assumptionTexts = [...new Set([...model.assumptions, ...architecture.assumptions].map(oneLine).filter(Boolean))].sort();

  return {
    schema: 1,
    applicationInfo: {
      name: truncate(oneLine(model.application.name), LIMITS.applicationName),
      description: applicationMarkdown(model.application.description),
    },
    architecture: { description: architectureMarkdown(architecture) },
    dataflow: { description: dataflowMarkdown(architecture, options.mermaid) },
    assumptions: assumptionTexts.map(exportAssumption),
    mitigations: sortedMitigations.map(exportMitigation),
    assumptionLinks: [],
    mitigationLinks,
    threats: threats.map((t, i) => exportThreat(t, i + 1, elementTypes)),
  };
}

/** The document as the text of a `.tc.json` file: 2-space indented JSON with a final newline. */
export function serializeThreatComposer(document: ThreatComposerDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

function exportThreat(threat: Threat, numericId: number, elementTypes: Map<string, string>): ThreatComposerThreat {
  const field = (text: string) => truncate(oneLine(text), LIMITS.grammarField);
  const list = (items: string[]) => items.map(oneLine).filter(Boolean).map((i) => truncate(i, LIMITS.grammarField));
  const grammar: GrammarFields = {
    threatSource: field(withoutArticle(oneLine(threat.statement.threatSource))),
    prerequisites: field(threat.statement.prerequisites),
    threatAction: field(threat.statement.threatAction),
    threatImpact: field(threat.statement.threatImpact),
    impactedGoal: list(threat.statement.impactedGoal),
    impactedAssets: list(threat.statement.impactedAssets),
  };
  const derived = derivedValues(threat);
  const stride = STRIDE_ORDER.filter((letter) => threat.stride.includes(letter));
  const anchorId = 'element' in threat.anchor ? threat.anchor.element : threat.anchor.flow;

  const metadata: ThreatComposerMetadata[] = [
    { key: 'Priority', value: threat.priority },
    { key: 'STRIDE', value: stride },
  ];
  const comments = threat.comments?.trim();
  if (comments) metadata.push({ key: 'Comments', value: truncate(comments, LIMITS.comments) });
  metadata.push(
    custom(CUSTOM_KEYS.guardianId, threat.id),
    custom(CUSTOM_KEYS.rule, threat.rule),
    custom(CUSTOM_KEYS.anchor, anchorId),
    custom(CUSTOM_KEYS.derivedStatus, THREAT_STATUS[derived.status]),
    custom(CUSTOM_KEYS.derivedPriority, derived.priority),
    custom(CUSTOM_KEYS.priorityReason, threat.priorityReason),
  );
  if (threat.evidence.length) metadata.push(custom(CUSTOM_KEYS.evidence, threat.evidence.map(describeEvidence)));
  if (threat.references.length) metadata.push(custom(CUSTOM_KEYS.references, [...threat.references]));

  const elementType = 'element' in threat.anchor ? (elementTypes.get(threat.anchor.element) ?? 'element') : 'data-flow';
  return {
    id: deterministicUuid(threat.id),
    numericId,
    displayOrder: numericId,
    metadata,
    tags: tags([elementType, shortRuleId(threat.rule)]),
    ...grammar,
    statement: truncate(composeStatement(grammar), LIMITS.statement),
    status: THREAT_STATUS[threat.status],
  };
}

function exportMitigation(mitigation: Mitigation, index: number): ThreatComposerMitigation {
  const metadata: ThreatComposerMetadata[] = [];
  const what = mitigation.content.trim();
  if (what) metadata.push({ key: 'Comments', value: truncate(what, LIMITS.comments) });
  metadata.push(
    custom(CUSTOM_KEYS.guardianId, mitigation.id),
    custom(CUSTOM_KEYS.mitigationRef, mitigation.ref),
    custom(CUSTOM_KEYS.mitigationEvidence, mitigation.status),
    custom(CUSTOM_KEYS.statusReason, mitigation.statusReason),
  );
  if (mitigation.findings.length) metadata.push(custom(CUSTOM_KEYS.findings, [...mitigation.findings]));
  return {
    id: deterministicUuid(mitigation.id),
    numericId: index + 1,
    displayOrder: index + 1,
    metadata,
    tags: tags([mitigation.ref]),
    content: truncate(oneLine(mitigation.title) || mitigation.ref, LIMITS.content),
    status: MITIGATION_STATUS[mitigation.status],
  };
}

function exportAssumption(text: string, index: number): ThreatComposerAssumption {
  return { id: deterministicUuid(`assumption:${text}`), numericId: index + 1, displayOrder: index + 1, content: truncate(text, LIMITS.content) };
}

/** One evidence item as a line of text: what it is and where (`path:line`). */
function describeEvidence(evidence: Threat['evidence'][number]): string {
  const at = (path?: string, line?: number) => (path ? ` (${path}${line ? `:${line}` : ''})` : '');
  switch (evidence.kind) {
    case 'finding':
      return `Finding ${evidence.ruleId} (${evidence.severity})${at(evidence.path, evidence.line)}`;
    case 'missing-control':
      return `Missing ${evidence.control}: ${evidence.note}${at(evidence.path, evidence.line)}`;
    case 'model':
      return `${evidence.note}${at(evidence.path, evidence.line)}`;
  }
}

/** A `custom:` entry; string values are capped at LIMITS.customValue. */
function custom(key: `custom:${string}`, value: string | string[]): ThreatComposerMetadata {
  const cap = (s: string) => truncate(oneLine(s), LIMITS.customValue);
  return { key, value: typeof value === 'string' ? cap(value) : value.map(cap) };
}

/** The rule id's last segment (after `.`, `:` or `/`), which reads well as a tag. */
function shortRuleId(rule: string): string {
  const segments = rule.split(/[.:/]/).filter(Boolean);
  return segments[segments.length - 1] ?? rule;
}

/** Non-empty, de-duplicated tags of at most LIMITS.tag characters, in the order given. */
function tags(candidates: string[]): string[] {
  const kept = candidates.map((t) => truncate(oneLine(t), LIMITS.tag)).filter(Boolean);
  return [...new Set(kept)];
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
