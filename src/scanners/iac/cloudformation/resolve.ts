import { Unknown, containsUnknown, pathKey, refTo, type Value } from '../graph.js';
import { type Raw, type RawObject, childLine, isRawObject } from './raw.js';

/**
 * What intrinsic functions can be resolved against: parameter defaults, mappings,
 * condition definitions and the logical ids of the template's resources.
 * Pseudo parameters other than `AWS::Partition` and `AWS::URLSuffix` are account- and
 * region-specific, so they stay `Unknown`.
 */
export interface TemplateScope {
  parameters: Map<string, Value>;
  mappings: RawObject;
  conditions: RawObject;
  resourceIds: Set<string>;
}

const PSEUDO_KNOWN: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com' };

/** Property was `!Ref AWS::NoValue`: the key is removed (CloudFormation semantics). */
const NO_VALUE = Symbol('AWS::NoValue');
type Resolved = Value | typeof NO_VALUE;

/**
 * Resolve a template fragment to a `Value`, following the CloudFormation intrinsic
 * function reference (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html).
 * Known inputs give concrete values; anything depending on a resource attribute, an
 * import or a parameter without default becomes `Unknown` carrying the resources it
 * names. `lines` receives the 1-based line of every property path under `path`.
 */
export function resolveValue(raw: Raw, scope: TemplateScope, path: (string | number)[], lines: Map<string, number>): Value {
  const out = resolve(raw, scope, path, lines);
  return out === NO_VALUE ? null : out;
}

function resolve(raw: Raw, scope: TemplateScope, path: (string | number)[], lines: Map<string, number>): Resolved {
  if (Array.isArray(raw)) {
    const out: Value[] = [];
    raw.forEach((item, i) => {
      const at = [...path, out.length];
      const line = childLine(raw, i);
      if (line !== undefined) lines.set(pathKey(at), line);
      const value = resolve(item, scope, at, lines);
      if (value !== NO_VALUE) out.push(value);
    });
    return out;
  }
  if (isRawObject(raw)) {
    const intrinsic = intrinsicName(raw);
    if (intrinsic) return resolveIntrinsic(intrinsic, raw[intrinsic]!, raw, scope, path, lines);
    const out: { [key: string]: Value } = {};
    for (const [key, item] of Object.entries(raw)) {
      const at = [...path, key];
      const line = childLine(raw, key);
      if (line !== undefined) lines.set(pathKey(at), line);
      const value = resolve(item, scope, at, lines);
      if (value !== NO_VALUE) out[key] = value;
    }
    return out;
  }
  return raw;
}

/**
 * `Guardian::Unresolved` is not CloudFormation: loaders of other formats (serverless.yml
 * variables such as `${ssm:/path}`) use it to carry an expression they cannot resolve.
 */
export const UNRESOLVED = 'Guardian::Unresolved';

const INTRINSICS = new Set([UNRESOLVED, 'Ref', 'Condition', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::If', 'Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or', 'Fn::FindInMap', 'Fn::Base64', 'Fn::Cidr', 'Fn::GetAZs', 'Fn::ImportValue', 'Fn::Select', 'Fn::Split', 'Fn::Transform', 'Fn::ToJsonString', 'Fn::Length']);

/** The intrinsic function an object stands for: it has exactly one key, an intrinsic name. */
export function intrinsicName(raw: RawObject): string | undefined {
  const keys = Object.keys(raw);
  return keys.length === 1 && INTRINSICS.has(keys[0]!) ? keys[0] : undefined;
}

function resolveIntrinsic(name: string, arg: Raw, container: RawObject, scope: TemplateScope, path: (string | number)[], lines: Map<string, number>): Resolved {
  const sub = (value: Raw) => resolve(value, scope, path, new Map());
  switch (name) {
    case 'Ref':
      return resolveRef(String(arg), scope);
    case UNRESOLVED:
      return new Unknown(String(arg));
    case 'Fn::GetAtt': {
      const [id, attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split(/\.(.*)/s);
      return new Unknown(`!GetAtt ${id}.${attribute ?? ''}`, scope.resourceIds.has(id!) ? [refTo(id!, attribute)] : []);
    }
    case 'Fn::Sub':
      return resolveSub(arg, scope);
    case 'Fn::Join': {
      if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('!Join (malformed)');
      const separator = sub(arg[0]!);
      const items = sub(arg[1]!);
      if (typeof separator !== 'string' || !Array.isArray(items)) return unknownOf('!Join', [separator, items]);
      if (items.every((i) => typeof i === 'string' || typeof i === 'number')) return items.join(separator);
      return unknownOf(`!Join ${items.map(String).join(separator)}`, items);
    }
    case 'Fn::If': {
      if (!Array.isArray(arg) || arg.length !== 3) return new Unknown('!If (malformed)');
      const condition = evaluateCondition(String(arg[0]), scope, 0);
      if (condition === undefined) {
        // Either branch may deploy: keep the branches' references, decide nothing.
        return unknownOf(`!If ${String(arg[0])}`, [sub(arg[1]!), sub(arg[2]!)]);
      }
      const branch = condition ? 1 : 2;
      const line = childLine(arg, branch) ?? childLine(container, name);
      if (line !== undefined) lines.set(pathKey(path), line);
      return resolve(arg[branch]!, scope, path, lines);
    }
    case 'Fn::FindInMap': {
      if (!Array.isArray(arg) || arg.length < 3) return new Unknown('!FindInMap (malformed)');
      const keys = arg.slice(0, 3).map((k) => sub(k));
      if (!keys.every((k) => typeof k === 'string')) return unknownOf('!FindInMap', keys);
      const [map, top, second] = keys as string[];
      const found = (scope.mappings[map!] as RawObject | undefined)?.[top!];
      const value = isRawObject(found) ? found[second!] : undefined;
      return value === undefined ? new Unknown(`!FindInMap [${keys.join(', ')}]`) : sub(value);
    }
    case 'Fn::Select': {
      if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('!Select (malformed)');
      const index = sub(arg[0]!);
      const list = sub(arg[1]!);
      if (Array.isArray(list) && (typeof index === 'number' || typeof index === 'string') && list[Number(index)] !== undefined) return list[Number(index)]!;
      return unknownOf('!Select', [list]);
    }
    case 'Fn::Split': {
      if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('!Split (malformed)');
      const separator = sub(arg[0]!);
      const source = sub(arg[1]!);
      if (typeof separator === 'string' && typeof source === 'string') return source.split(separator);
      return unknownOf('!Split', [source]);
    }
    case 'Fn::Base64':
      // Rules care about the content (user data scripts), not its encoding.
      return sub(arg);
    case 'Fn::ToJsonString': {
      const value = sub(arg);
      if (value === NO_VALUE || containsUnknown(value)) return unknownOf('!ToJsonString', [value]);
      return JSON.stringify(value);
    }
    case 'Condition':
    case 'Fn::Equals':
    case 'Fn::Not':
    case 'Fn::And':
    case 'Fn::Or': {
      const value = evaluateCondition(container, scope, 0);
      return value ?? new Unknown(name);
    }
    default:
      // Fn::ImportValue, Fn::GetAZs, Fn::Cidr, Fn::Transform, Fn::Length: known only at deploy time.
      return unknownOf(`!${name.replace('Fn::', '')}`, [sub(arg)]);
  }
}

function resolveRef(name: string, scope: TemplateScope): Resolved {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (PSEUDO_KNOWN[name]) return PSEUDO_KNOWN[name];
  if (name.startsWith('AWS::')) return new Unknown(name);
  if (scope.parameters.has(name)) return scope.parameters.get(name)!;
  if (scope.resourceIds.has(name)) return new Unknown(`!Ref ${name}`, [name]);
  return new Unknown(`!Ref ${name}`);
}

/** `Fn::Sub` with `${Name}`, `${Resource.Attr}`, `${!Literal}` and an optional variable map. */
function resolveSub(arg: Raw, scope: TemplateScope): Value {
  const [template, variables] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
  if (typeof template !== 'string') return new Unknown('!Sub (malformed)');
  const local = new Map<string, Value>();
  if (isRawObject(variables)) for (const [k, v] of Object.entries(variables)) local.set(k, resolve(v, scope, [], new Map()) as Value);
  const refs: string[] = [];
  let known = true;
  const text = template.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    let value: Resolved;
    if (local.has(name)) value = local.get(name)!;
    else if (name.includes('.')) {
      const [id, attribute] = name.split(/\.(.*)/s) as [string, string];
      value = new Unknown(`\${${name}}`, scope.resourceIds.has(id) ? [refTo(id, attribute)] : []);
    } else value = resolveRef(name, scope);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    known = false;
    if (value instanceof Unknown) refs.push(...value.refs);
    return whole;
  });
  return known ? text : new Unknown(text, refs);
}

/** Evaluate a condition (by name or as a condition function); undefined when it depends on unknowns. */
function evaluateCondition(condition: Raw, scope: TemplateScope, depth: number): boolean | undefined {
  if (depth > 20) return undefined;
  if (typeof condition === 'string') {
    const definition = scope.conditions[condition];
    return definition === undefined ? undefined : evaluateCondition(definition, scope, depth + 1);
  }
  if (typeof condition === 'boolean') return condition;
  if (!isRawObject(condition)) return undefined;
  const name = intrinsicName(condition);
  const arg = name ? condition[name]! : undefined;
  const list = Array.isArray(arg) ? arg : [];
  switch (name) {
    case 'Condition':
      return evaluateCondition(String(arg), scope, depth + 1);
    case 'Fn::Equals': {
      const [a, b] = list.map((item) => resolve(item, scope, [], new Map()));
      if (a === undefined || b === undefined || containsUnknown(a as Value) || containsUnknown(b as Value)) return undefined;
      return JSON.stringify(a) === JSON.stringify(b);
    }
    case 'Fn::Not': {
      const value = evaluateCondition(list[0]!, scope, depth + 1);
      return value === undefined ? undefined : !value;
    }
    case 'Fn::And':
    case 'Fn::Or': {
      const values = list.map((item) => evaluateCondition(item, scope, depth + 1));
      if (name === 'Fn::And') return values.includes(false) ? false : values.includes(undefined) ? undefined : true;
      return values.includes(true) ? true : values.includes(undefined) ? undefined : false;
    }
    default:
      return undefined;
  }
}

/** An `Unknown` that carries every resource reference found in `parts`. */
function unknownOf(expression: string, parts: Resolved[]): Unknown {
  const refs = new Set<string>();
  const collect = (value: Resolved) => {
    if (value instanceof Unknown) value.refs.forEach((r) => refs.add(r));
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
  };
  parts.forEach(collect);
  return new Unknown(expression, [...refs]);
}
