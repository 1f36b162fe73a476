/**
 * The Terraform built-in functions Guardian evaluates statically
 * (https://developer.hashicorp.com/terraform/language/functions). A function returns
 * `undefined` when its result cannot be known; the evaluator then makes the call an
 * `Unknown`. Functions not listed here are always unknown.
 */
import { posix } from 'node:path';
import { Unknown, type Value, isRecord } from '../graph.js';
import { JsonEncoded, asBool, asNumber, asString, hasUnknown } from './values.js';

/** What a function may use besides its arguments. */
export interface FunctionContext {
  /** The call as written, for `Unknown` expressions. */
  text: string;
  /** A repository-relative file's contents, or `undefined` when unavailable. */
  readFile(path: string): string | undefined;
  /** Repository-relative directory of the root module: Terraform resolves relative paths against it. */
  rootDirectory: string;
}

type TerraformFunction = (args: Value[], context: FunctionContext) => Value | undefined;

const strings = (args: Value[]): string[] | undefined => {
  const result = args.map(asString);
  return result.every((s): s is string => s !== undefined) ? result : undefined;
};

const stringFunction =
  (apply: (...args: string[]) => Value | undefined): TerraformFunction =>
  (args) => {
    const known = strings(args);
    return known ? apply(...known) : undefined;
  };

const lists = (args: Value[]): Value[][] | undefined => (args.every(Array.isArray) ? (args as Value[][]) : undefined);

/** Terraform `format` verbs Guardian supports: %s %d %v %q %%. */
function format(spec: string, args: Value[]): string | undefined {
  let next = 0;
  let failed = false;
  const text = spec.replace(/%(%|[sdvqtf])/g, (_match, verb: string) => {
    if (verb === '%') return '%';
    const value = args[next++];
    if (value === undefined || value instanceof Unknown) {
      failed = true;
      return '';
    }
    if (verb === 'q') return JSON.stringify(asString(value) ?? '');
    if (verb === 'v' && typeof value === 'object' && value !== null) return JSON.stringify(value);
    const text = asString(value);
    if (text === undefined) failed = true;
    return text ?? '';
  });
  return failed ? undefined : text;
}

/** Function name → implementation. */
export const FUNCTIONS: Record<string, TerraformFunction> = {
  jsonencode: ([value], context) => (value === undefined ? undefined : hasUnknown(value) ? new JsonEncoded(value, context.text) : JSON.stringify(value)),
  jsondecode: ([text]) => (typeof text === 'string' ? (JSON.parse(text) as Value) : undefined),
  lower: stringFunction((s) => s.toLowerCase()),
  upper: stringFunction((s) => s.toUpperCase()),
  trimspace: stringFunction((s) => s.trim()),
  chomp: stringFunction((s) => s.replace(/(\r?\n)+$/, '')),
  trimprefix: stringFunction((s, prefix) => (prefix && s.startsWith(prefix) ? s.slice(prefix.length) : s)),
  trimsuffix: stringFunction((s, suffix) => (suffix && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s)),
  startswith: stringFunction((s, prefix) => s.startsWith(prefix ?? '')),
  endswith: stringFunction((s, suffix) => s.endsWith(suffix ?? '')),
  format: ([spec, ...args]) => (typeof spec === 'string' ? format(spec, args) : undefined),
  join: ([separator, list]) => {
    const items = Array.isArray(list) ? strings(list) : undefined;
    return typeof separator === 'string' && items ? items.join(separator) : undefined;
  },
  split: stringFunction((separator, s) => (s === '' ? [] : (s ?? '').split(separator ?? ''))),
  // Patterns in slashes are regular expressions in Terraform; only plain substrings are replaced here.
  replace: stringFunction((s, search, replacement) => (search && /^\/.*\/$/.test(search) ? undefined : s.split(search ?? '').join(replacement ?? ''))),
  tostring: ([value]) => (value === null ? null : asString(value)),
  tonumber: ([value]) => (value === null ? null : asNumber(value)),
  tobool: ([value]) => (value === null ? null : asBool(value)),
  tolist: ([value]) => (Array.isArray(value) ? value : undefined),
  toset: ([value]) => (Array.isArray(value) && !hasUnknown(value) ? [...new Map(value.map((v) => [JSON.stringify(v), v])).values()] : undefined),
  tomap: ([value]) => (isRecord(value) ? value : undefined),
  concat: (args) => lists(args)?.flat(),
  merge: (args) => {
    const maps = args.filter((a) => a !== null);
    return maps.every(isRecord) ? Object.assign({}, ...maps) : undefined;
  },
  length: ([value]) => (Array.isArray(value) ? value.length : isRecord(value) ? Object.keys(value).length : typeof value === 'string' ? [...value].length : undefined),
  lookup: ([map, key, fallback]) => {
    const name = asString(key);
    if (!isRecord(map) || name === undefined) return undefined;
    return name in map ? map[name] : fallback;
  },
  element: ([list, index]) => {
    const i = asNumber(index);
    return Array.isArray(list) && list.length > 0 && i !== undefined ? list[Math.floor(i) % list.length] : undefined;
  },
  one: ([list]) => (Array.isArray(list) && list.length <= 1 ? (list[0] ?? null) : undefined),
  coalesce: (args) => {
    for (const arg of args) {
      if (arg instanceof Unknown) return undefined;
      if (arg !== null && arg !== '') return arg;
    }
    return undefined;
  },
  compact: ([list]) => (Array.isArray(list) && !list.some((v) => v instanceof Unknown) ? list.filter((v) => v !== null && v !== '') : undefined),
  distinct: ([list]) => (Array.isArray(list) && !hasUnknown(list) ? [...new Map(list.map((v) => [JSON.stringify(v), v])).values()] : undefined),
  flatten: ([list]) => (Array.isArray(list) ? flatten(list) : undefined),
  keys: ([map]) => (isRecord(map) ? Object.keys(map).sort() : undefined),
  values: ([map]) => (isRecord(map) ? Object.keys(map).sort().map((k) => map[k]!) : undefined),
  contains: ([list, value]) => (Array.isArray(list) && !hasUnknown(list) && value !== undefined && !hasUnknown(value) ? list.some((v) => JSON.stringify(v) === JSON.stringify(value)) : undefined),
  zipmap: ([names, values]) => {
    const keys = Array.isArray(names) ? strings(names) : undefined;
    return keys && Array.isArray(values) && keys.length === values.length ? Object.fromEntries(keys.map((k, i) => [k, values[i]!])) : undefined;
  },
  min: (args) => numbers(args, (ns) => Math.min(...ns)),
  max: (args) => numbers(args, (ns) => Math.max(...ns)),
  abs: (args) => numbers(args, ([n]) => Math.abs(n!)),
  ceil: (args) => numbers(args, ([n]) => Math.ceil(n!)),
  floor: (args) => numbers(args, ([n]) => Math.floor(n!)),
  // try() picks the first argument that evaluates without error; an unknown one may yet fail.
  try: ([first]) => (first === undefined || first instanceof Unknown ? undefined : first),
  file: ([path], context) => {
    const relative = asString(path);
    if (relative === undefined || posix.isAbsolute(relative)) return undefined;
    const resolved = posix.normalize(posix.join(context.rootDirectory, relative));
    return resolved.startsWith('../') ? undefined : context.readFile(resolved);
  },
};

function numbers(args: Value[], apply: (ns: number[]) => number): number | undefined {
  const ns = args.map(asNumber);
  return ns.length > 0 && ns.every((n): n is number => n !== undefined) ? apply(ns) : undefined;
}

function flatten(list: Value[]): Value[] {
  return list.flatMap((item) => (Array.isArray(item) ? flatten(item) : [item]));
}
