import type { RuleDescriptor } from '../../../core/finding.js';
import type { FindingDraft } from '../../../core/fingerprint.js';
import { cweUrl, owaspForCwes } from '../../../core/references.js';
import { type PropertyPath, type Resource, type ResourceGraph, Unknown, type Value, isRecord, lineOf, valueAt } from '../graph.js';
import { type Subject, evaluate } from './condition.js';
import type { IacRule } from './rule.js';

/** Counters of one run: what was checked and how often a value was unknown. */
export interface IacRunStats {
  checks: number;
  unknown: number;
}

/** How a resource is named to people: the CDK construct path, else its logical id or address. */
export const displayName = (resource: Resource): string => resource.constructPath ?? resource.id;

/**
 * Run `rules` over every resource of `graph` and return finding drafts (category `iac`).
 * Each finding points at the property that failed (its line), or at the resource.
 * `fingerprintKey` is the stack-independent identity `type|id|element`, so findings keep
 * their fingerprints when lines move.
 */
export function runIacRules(rules: readonly IacRule[], graph: ResourceGraph, stats: IacRunStats = { checks: 0, unknown: 0 }): FindingDraft[] {
  const findings: FindingDraft[] = [];
  const byType = new Map<string, IacRule[]>();
  for (const rule of rules) for (const type of rule.resources) byType.set(type, [...(byType.get(type) ?? []), rule]);

  for (const resource of graph.resources) {
    for (const rule of byType.get(resource.type) ?? []) {
      const base: Subject = { resource, graph, value: resource.properties, path: [] };
      if (rule.when && evaluate(rule.when, base).truth !== true) continue;
      for (const subject of subjectsOf(rule, base)) {
        stats.checks++;
        const result = evaluate(rule.require, subject);
        if (result.truth === 'unknown') stats.unknown++;
        if (result.truth !== false) continue;
        findings.push(toFinding(rule, subject, result.at ?? subject.path));
      }
    }
  }
  return findings;
}

/** The subjects a rule checks on a resource: the resource, or each matching element of `each.path`. */
function subjectsOf(rule: IacRule, base: Subject): Subject[] {
  if (!rule.each) return [base];
  const steps = Array.isArray(rule.each.path) ? rule.each.path : rule.each.path.split('.');
  const collection = valueAt(base.value, steps);
  if (collection === undefined || collection instanceof Unknown) return [];
  const entries: [string | number, Value][] = Array.isArray(collection) ? collection.map((v, i) => [i, v]) : isRecord(collection) ? Object.entries(collection) : [];
  const subjects: Subject[] = [];
  for (const [key, value] of entries) {
    const subject: Subject = { ...base, value, path: [...steps, key], key: String(key) };
    if (!rule.each.where || evaluate(rule.each.where, subject).truth === true) subjects.push(subject);
  }
  return subjects;
}

function toFinding(rule: IacRule, subject: Subject, at: PropertyPath): FindingDraft {
  const { resource } = subject;
  const line = lineOf(resource, at);
  const name = displayName(resource);
  const origin = resource.generatedBy ? ` (created by ${resource.generatedBy.type} ${resource.generatedBy.id})` : '';
  const message = rule.message
    .replaceAll('{resource}', name)
    .replaceAll('{key}', subject.key ?? '')
    .replaceAll('{type}', resource.type);
  return {
    ruleId: rule.id,
    category: 'iac',
    severity: rule.severity,
    title: rule.title,
    message: `${message}${origin}`,
    cwe: rule.cwe,
    owasp: owaspForCwes(rule.cwe),
    location: { path: resource.source.path, startLine: line, snippet: `${resource.type} ${name}` },
    remediation: { text: rule.remediation.text, ...(rule.remediation.example ? { example: rule.remediation.example } : {}) },
    references: rule.references,
    fingerprintKey: [resource.type, resource.id, subject.key ?? '', subject.path.join('.')].join('|'),
  };
}

/** SARIF-ready descriptor of an IaC rule. */
export function describeIacRule(rule: IacRule): RuleDescriptor {
  return {
    id: rule.id,
    title: rule.title,
    description: rule.rationale,
    severity: rule.severity,
    category: 'iac',
    cwe: rule.cwe,
    owasp: owaspForCwes(rule.cwe),
    remediation: rule.remediation.example ? `${rule.remediation.text}\n\n${rule.remediation.example}` : rule.remediation.text,
    references: [...rule.references, ...rule.cwe.map(cweUrl)],
    precision: 'high',
  };
}
