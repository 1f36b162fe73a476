/**
 * The threat engine: questions 2 and 3 of the Four Question Frame ("What can go wrong?",
 * "What are we going to do about it?") answered from the Architecture model and the
 * scanners' findings, with the STRIDE catalog (catalog.ts) as the only threat knowledge.
 *
 * For every rule and every element or flow its `appliesTo` predicate selects, one threat
 * `threat:<rule id>:<anchor id>` is written in the threat grammar, with:
 *  - evidence: the model facts that make it apply, the controls found missing, and the
 *    findings that confirm it (linked by evidence.ts);
 *  - mitigations with a status derived from evidence (mitigations.ts);
 *  - a priority: the rule's default, raised to High by a confirming finding or by
 *    sensitive data on the anchor, lowered one step when every mitigation is in place
 *    and nothing confirms the threat.
 * The model and the findings are the only inputs: repository prose cannot add, remove or
 * soften a threat. Output is deterministic (threats sorted by id, evidence and findings
 * in a fixed order).
 */
import type { Finding } from '../core/finding.js';
import { type Architecture, type DataClass, type Element, type Flow, normalizeArchitecture } from '../architecture/model.js';
import { SENSITIVE_DATA, type ThreatCatalog, type ThreatRule, defaultThreatCatalog } from './catalog.js';
import { anchorOf, byLocation, findingsInScope, linkFindings } from './evidence.js';
import { deriveMitigation } from './mitigations.js';
import type { Priority, Threat, ThreatEvidence, ThreatModel, ThreatStatement } from './model.js';
import { ModelIndex, type PredicateContext, type Subject, evaluate, globToRegExp } from './predicate.js';

/** Options of generateThreats. */
export interface GenerateThreatsOptions {
  /** The catalog to evaluate (default: the bundled one, defaultThreatCatalog()). */
  catalog?: ThreatCatalog;
  /** Application name and description for the model (default: a generic name; never read from repository prose). */
  application?: { name: string; description: string };
}

const PRIORITIES: Priority[] = ['Low', 'Medium', 'High'];
/** How many of an anchor's own evidence entries a threat cites as model facts. */
const MAX_MODEL_EVIDENCE = 3;

/**
 * Generate the threat model of `model` given the run's `findings`. Deterministic: the
 * same model and findings (in any order) give a deep-equal result. Never throws on odd
 * input (missing evidence, dangling flow ends): such anchors are simply matched less.
 */
export function generateThreats(model: Architecture, findings: readonly Finding[], options: GenerateThreatsOptions = {}): ThreatModel {
  const catalog = options.catalog ?? defaultThreatCatalog();
  const normalized = normalizeArchitecture(model);
  const index = new ModelIndex(normalized);
  const allFindings = [...findings].filter((f) => f?.location && typeof f.ruleId === 'string').sort(byLocation);
  const links = linkFindings(index, allFindings);
  const scoped = new Map<string, Finding[]>();
  const predicates: PredicateContext = {
    index,
    findingsFor(subject) {
      const anchor = anchorOf(subject);
      const key = 'element' in anchor ? anchor.element : anchor.flow;
      let list = scoped.get(key);
      if (!list) {
        list = findingsInScope(links, index, anchor);
        scoped.set(key, list);
      }
      return list;
    },
  };

  const threats: Threat[] = [];
  for (const rule of catalog.rules) {
    const subjects: Subject[] = 'element' in rule.appliesTo ? normalized.elements.map((element) => ({ element })) : normalized.flows.map((flow) => ({ flow }));
    const where = 'element' in rule.appliesTo ? rule.appliesTo.element : rule.appliesTo.flow;
    for (const subject of subjects) {
      if (!evaluate(where, subject, predicates)) continue;
      threats.push(threatFor(rule, subject, { catalog, index, predicates, allFindings }));
    }
  }
  threats.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    application: options.application ?? { name: 'Application', description: 'Threat model derived by Guardian from the repository’s infrastructure as code, application code and scanner findings.' },
    threats,
    assumptions: normalized.assumptions,
  };
}

interface RuleContext {
  catalog: ThreatCatalog;
  index: ModelIndex;
  predicates: PredicateContext;
  allFindings: readonly Finding[];
}

function threatFor(rule: ThreatRule, subject: Subject, ctx: RuleContext): Threat {
  const anchor = anchorOf(subject);
  const anchorId = 'element' in anchor ? anchor.element : anchor.flow;
  const scopeFindings = ctx.predicates.findingsFor(subject);
  const confirmGlobs = rule.confirmedBy.map(globToRegExp);
  const confirming = scopeFindings.filter((f) => confirmGlobs.some((g) => g.test(f.ruleId)));
  const data = dataOf(subject, ctx.index);
  const names = namesOf(subject, ctx.index);

  const derived = rule.mitigations.map((ref) => deriveMitigation(ctx.catalog.mitigations.get(ref)!, subject, { predicates: ctx.predicates, scopeFindings, allFindings: ctx.allFindings }));
  const mitigations = derived.map((d) => d.mitigation);

  const evidence: ThreatEvidence[] = [];
  const own = 'element' in subject ? subject.element.evidence : subject.flow.evidence;
  for (const ev of (own ?? []).slice(0, MAX_MODEL_EVIDENCE)) evidence.push({ kind: 'model', note: ev.note, path: ev.path, ...(ev.line !== undefined ? { line: ev.line } : {}) });
  if (data.length) {
    const first = own?.[0];
    evidence.push({ kind: 'model', note: `${names.element} ${'element' in subject ? 'holds' : 'carries'} ${joinData(data)} data`, ...(first ? { path: first.path, ...(first.line !== undefined ? { line: first.line } : {}) } : {}) });
  }
  for (const d of derived) if (d.missingControl) evidence.push(d.missingControl);
  for (const f of confirming) evidence.push({ kind: 'finding', findingId: f.id, ruleId: f.ruleId, severity: f.severity, path: f.location.path, line: f.location.startLine });

  const { priority, priorityReason } = prioritize(rule, names.element, data, confirming, mitigations.map((m) => m.status));
  return {
    id: `threat:${rule.id}:${anchorId}`,
    rule: rule.id,
    stride: [...rule.stride],
    anchor,
    statement: statementFor(rule, names, data),
    priority,
    priorityReason,
    evidence,
    mitigations,
    references: [...rule.references],
    status: 'identified',
  };
}

function prioritize(rule: ThreatRule, name: string, data: DataClass[], confirming: Finding[], statuses: string[]): { priority: Priority; priorityReason: string } {
  let priority = rule.priority.default;
  let reason = `Rule default ${priority}.`;
  const raiseWhen: readonly DataClass[] = rule.priority.raiseWhenData ?? SENSITIVE_DATA;
  const sensitive = data.filter((d) => raiseWhen.includes(d));
  const first = confirming[0];
  if (first) {
    priority = 'High';
    reason = `High: confirmed by ${first.ruleId} at ${first.location.path}:${first.location.startLine}${confirming.length > 1 ? ` and ${confirming.length - 1} more finding${confirming.length > 2 ? 's' : ''}` : ''}.`;
  } else if (sensitive.length && priority !== 'High') {
    priority = 'High';
    reason = `High: ${name} ${joinData(sensitive)} data is at stake (rule default ${rule.priority.default}).`;
  }
  if (!first && statuses.length > 0 && statuses.every((s) => s === 'implemented')) {
    const lowered = PRIORITIES[Math.max(0, PRIORITIES.indexOf(priority) - 1)]!;
    reason = `${lowered}: every mitigation is in place (${reason.replace(/\.$/, '')}).`;
    priority = lowered;
  }
  return { priority, priorityReason: reason };
}

interface Names {
  element: string;
  flow: string;
  from: string;
  to: string;
}

function namesOf(subject: Subject, index: ModelIndex): Names {
  if ('element' in subject) return { element: subject.element.name, flow: '', from: '', to: '' };
  const from = nameOf(index.elements.get(subject.flow.from), subject.flow.from);
  const to = nameOf(index.elements.get(subject.flow.to), subject.flow.to);
  return { element: to, flow: subject.flow.label, from, to };
}

function nameOf(element: Element | undefined, id: string): string {
  return element?.name ?? id;
}

/** Data classes at stake: the element's, or the flow's plus its receiver's. Sorted. */
function dataOf(subject: Subject, index: ModelIndex): DataClass[] {
  const set = new Set<DataClass>();
  if ('element' in subject) subject.element.data?.forEach((d) => set.add(d));
  else {
    const flow: Flow = subject.flow;
    flow.data?.forEach((d) => set.add(d));
    index.elements.get(flow.to)?.data?.forEach((d) => set.add(d));
  }
  return [...set].sort();
}

function joinData(data: readonly DataClass[]): string {
  return data.length <= 1 ? (data[0] ?? '') : `${data.slice(0, -1).join(', ')} and ${data[data.length - 1]}`;
}

function statementFor(rule: ThreatRule, names: Names, data: DataClass[]): ThreatStatement {
  const values: Record<string, string> = { ...names, data: data.length ? `${joinData(data)} data` : '' };
  const fill = (template: string, fallbackData: string) =>
    template
      .replace(/\{([a-z]+)\}/g, (_, key: string) => (key === 'data' && !values.data ? fallbackData : (values[key] ?? '')))
      .replace(/\s{2,}/g, ' ')
      .trim();
  const t = rule.threat;
  return {
    threatSource: fill(t.threatSource, 'its data'),
    prerequisites: fill(t.prerequisites, 'its data'),
    threatAction: fill(t.threatAction, 'its data'),
    threatImpact: fill(t.threatImpact, 'its data'),
    impactedGoal: [...t.impactedGoal],
    impactedAssets: [...new Set(t.impactedAssets.map((a) => fill(a, '')).filter((a) => a.length > 0))],
  };
}
