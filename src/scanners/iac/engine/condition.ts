import { type PropertyPath, type Resource, type ResourceGraph, Unknown, type Value, containsUnknown, isRecord, valueAt } from '../graph.js';

/**
 * The condition language of IaC rules: a small, declarative test over one resource's
 * CloudFormation-shaped properties and its neighbours in the ResourceGraph.
 *
 * Results are three-valued (Kleene logic): `true`, `false` or `'unknown'` when a value the
 * test depends on could not be resolved statically. Rules report a finding only when
 * their requirement is definitely `false`, so unknown values never produce guesses.
 *
 * A path is `A.B.C` or a list of keys (for keys with dots). Inside `someItem`/`everyItem`
 * and rule `each` blocks paths are relative to the current element; `$` is the element
 * itself, `$key` its key (for map entries) and `$id` the resource's logical id.
 */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { referencedBy: GraphQuery }
  | { references: GraphQuery }
  | LeafCondition;

/** Resources of `types` linked to this one (through property `via`, when given) for which `where` holds. */
export interface GraphQuery {
  types: string[];
  via?: string;
  where?: Condition;
}

/** A test on the value at `path`; `default` is the value AWS uses when the property is absent. */
export interface LeafCondition {
  path: string | (string | number)[];
  default?: Value;
  exists?: boolean;
  equals?: Value;
  notEquals?: Value;
  in?: Value[];
  notIn?: Value[];
  matches?: string;
  contains?: Value;
  notContains?: Value;
  atLeast?: number;
  atMost?: number;
  /** `true`: the value is written in the template (not a reference or other unresolved expression). */
  literal?: boolean;
  someItem?: Condition;
  everyItem?: Condition;
}

export type Truth = boolean | 'unknown';

/** What a condition is evaluated against. */
export interface Subject {
  resource: Resource;
  graph: ResourceGraph;
  /** The current element inside `each`/`someItem`, and its path from the resource's properties. */
  value: Value;
  path: PropertyPath;
  key?: string;
}

/** Where a failing leaf looked, so the finding can point at that property's line. */
export interface Evaluation {
  truth: Truth;
  /** Absolute property path of the leaf that decided a `false`, when there is one. */
  at?: PropertyPath;
}

const regexCache = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let compiled = regexCache.get(source);
  if (!compiled) {
    // `(?i)` prefix, as in Semgrep and Checkov rules, means case-insensitive.
    compiled = source.startsWith('(?i)') ? new RegExp(source.slice(4), 'i') : new RegExp(source);
    regexCache.set(source, compiled);
  }
  return compiled;
}

const splitPath = (path: LeafCondition['path']): (string | number)[] =>
  Array.isArray(path) ? path : path === '$' ? [] : path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/** Evaluate `condition` on `subject` (see the module comment for the semantics). */
export function evaluate(condition: Condition, subject: Subject): Evaluation {
  if ('all' in condition) {
    let unknown = false;
    for (const part of condition.all) {
      const result = evaluate(part, subject);
      if (result.truth === false) return result;
      if (result.truth === 'unknown') unknown = true;
    }
    return { truth: unknown ? 'unknown' : true };
  }
  if ('any' in condition) {
    let unknown = false;
    let firstFalse: Evaluation | undefined;
    for (const part of condition.any) {
      const result = evaluate(part, subject);
      if (result.truth === true) return result;
      if (result.truth === 'unknown') unknown = true;
      else firstFalse ??= result;
    }
    return unknown ? { truth: 'unknown' } : (firstFalse ?? { truth: false });
  }
  if ('not' in condition) {
    const result = evaluate(condition.not, subject);
    return { truth: result.truth === 'unknown' ? 'unknown' : !result.truth, at: result.at };
  }
  if ('referencedBy' in condition || 'references' in condition) return evaluateGraph(condition, subject);
  return evaluateLeaf(condition, subject);
}

function evaluateGraph(condition: { referencedBy: GraphQuery } | { references: GraphQuery }, subject: Subject): Evaluation {
  const incoming = 'referencedBy' in condition;
  const query = incoming ? condition.referencedBy : condition.references;
  const edges = incoming ? subject.graph.referencesTo(subject.resource) : subject.graph.referencesFrom(subject.resource);
  let unknown = false;
  for (const edge of edges) {
    if (query.via && !edge.path.startsWith(query.via)) continue;
    const other = subject.graph.get(edge.stack, incoming ? edge.from : edge.to);
    if (!other || !query.types.includes(other.type)) continue;
    if (!query.where) return { truth: true };
    const result = evaluate(query.where, { resource: other, graph: subject.graph, value: other.properties, path: [] });
    if (result.truth === true) return { truth: true };
    if (result.truth === 'unknown') unknown = true;
  }
  return { truth: unknown ? 'unknown' : false };
}

function evaluateLeaf(condition: LeafCondition, subject: Subject): Evaluation {
  const steps = splitPath(condition.path);
  let value: Value | undefined;
  let at: PropertyPath = subject.path;
  if (steps[0] === '$key') value = subject.key ?? null;
  else if (steps[0] === '$id') value = subject.resource.id;
  else {
    value = valueAt(subject.value, steps);
    at = [...subject.path, ...steps];
  }
  if ((condition.someItem || condition.everyItem) && !(value instanceof Unknown)) return evaluateItems(condition, value ?? condition.default, subject, at);
  const result = test(condition, value ?? condition.default, value === undefined);
  return result === false ? { truth: false, at } : { truth: result };
}

/** `someItem` / `everyItem`: a failing `everyItem` points at the first element that fails. */
function evaluateItems(c: LeafCondition, value: Value | undefined, subject: Subject, at: PropertyPath): Evaluation {
  const items = itemsOf(value);
  if (items === 'unknown') return { truth: 'unknown' };
  const inner = (c.someItem ?? c.everyItem)!;
  let unknown = false;
  for (const [key, item] of items) {
    const path = [...at, key];
    const result = evaluate(inner, { ...subject, value: item, path, key: String(key) });
    if (c.someItem && result.truth === true) return { truth: true };
    if (c.everyItem && result.truth === false) return { truth: false, at: path };
    if (result.truth === 'unknown') unknown = true;
  }
  if (unknown) return { truth: 'unknown' };
  return c.everyItem ? { truth: true } : { truth: false, at };
}

function test(c: LeafCondition, value: Value | undefined, absent: boolean): Truth {
  if (c.literal !== undefined) {
    const literal = !absent && !(value instanceof Unknown) && !containsUnknown(value);
    return literal === c.literal;
  }
  if (c.exists !== undefined) {
    if (value instanceof Unknown) return c.exists ? true : 'unknown';
    const present = value !== undefined && value !== null;
    return present === c.exists;
  }
  if (value instanceof Unknown) return 'unknown';
  if ('equals' in c) return equal(value, c.equals);
  if ('notEquals' in c) return negate(equal(value, c.notEquals));
  if (c.in) return anyOf(c.in.map((v) => equal(value, v)));
  if (c.notIn) return negate(anyOf(c.notIn.map((v) => equal(value, v))));
  if (c.matches !== undefined) return typeof value === 'string' || typeof value === 'number' ? regex(c.matches).test(String(value)) : false;
  if ('contains' in c || 'notContains' in c) {
    const wanted = 'contains' in c ? c.contains : c.notContains;
    const list = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
    const found = anyOf(list.map((item) => equal(item, wanted)));
    return 'contains' in c ? found : negate(found);
  }
  if (c.atLeast !== undefined || c.atMost !== undefined) {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (Number.isNaN(n)) return false;
    return (c.atLeast === undefined || n >= c.atLeast) && (c.atMost === undefined || n <= c.atMost);
  }
  return 'unknown';
}

/** Entries of a list or map; `'unknown'` when the collection itself is unresolved. */
function itemsOf(value: Value | undefined): [string | number, Value][] | 'unknown' {
  if (value instanceof Unknown) return 'unknown';
  if (Array.isArray(value)) return value.map((item, i) => [i, item]);
  if (isRecord(value)) return Object.entries(value);
  return [];
}

/**
 * Equality as CloudFormation reads values: booleans and numbers also match their string
 * forms (`"true"`, `"30"`), strings compare case-sensitively.
 */
function equal(value: Value | undefined, expected: Value | undefined): Truth {
  if (value instanceof Unknown) return 'unknown';
  if (value === undefined || value === null) return expected === null || expected === undefined;
  if (typeof expected === 'boolean' || typeof expected === 'number') return String(value).toLowerCase() === String(expected);
  if (typeof expected === 'string') return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) === expected : false;
  return JSON.stringify(value) === JSON.stringify(expected);
}

const negate = (t: Truth): Truth => (t === 'unknown' ? t : !t);
const anyOf = (ts: Truth[]): Truth => (ts.includes(true) ? true : ts.includes('unknown') ? 'unknown' : false);
