/** Small hand-made Architecture models and findings for the threat-model tests. */
import type { Architecture, Element, Flow, TrustBoundary } from '../../src/architecture/model.js';
import type { Finding } from '../../src/core/finding.js';

export const BOUNDARIES: TrustBoundary[] = [
  { id: 'boundary:internet', kind: 'internet', name: 'Internet' },
  { id: 'boundary:aws-account', kind: 'aws-account', name: 'AWS account' },
  { id: 'boundary:stack:t.yaml', kind: 'stack', name: 't.yaml', parent: 'boundary:aws-account' },
];

/** An element with IaC evidence at `line` of t.yaml, declared by resource `name`. */
export function element(kind: Element['kind'], type: string, name: string, extra: Partial<Element> = {}, line = 10): Element {
  return {
    id: `${kind}:${type}:t.yaml#${name.toLowerCase()}`,
    kind,
    type,
    name,
    boundary: kind === 'external-entity' ? 'boundary:internet' : 'boundary:stack:t.yaml',
    attributes: {},
    origin: 'inferred',
    evidence: [{ source: 'iac', path: 't.yaml', line, resource: { stack: 't.yaml', id: name, type: 'X' }, note: `${name} declared` }],
    ...extra,
  };
}

export function flow(from: Element, to: Element, label: string, extra: Partial<Flow> = {}, line = 50): Flow {
  return {
    id: `flow:${from.id}->${to.id}:${label.toLowerCase().replace(/\s+/g, '-')}`,
    from: from.id,
    to: to.id,
    label,
    origin: 'inferred',
    evidence: [{ source: 'iac', path: 't.yaml', line, note: `${label} declared` }],
    ...extra,
  };
}

export function model(elements: Element[], flows: Flow[] = []): Architecture {
  return { elements, flows, boundaries: BOUNDARIES, assumptions: [] };
}

export function finding(ruleId: string, path: string, line: number, extra: Partial<Finding> = {}): Finding {
  return {
    id: `${ruleId}:${path}:${line}`,
    ruleId,
    category: 'iac',
    severity: 'high',
    title: ruleId,
    message: ruleId,
    cwe: [],
    location: { path, startLine: line },
    fingerprint: `${ruleId}${path}${line}`,
    remediation: { text: 'fix it' },
    ...extra,
  };
}

export const USERS = element('external-entity', 'user', 'Users', { id: 'external-entity:user:internet-users' }, 1);
export const INTERNET = { crosses: ['boundary:internet', 'boundary:aws-account', 'boundary:stack:t.yaml'] };
