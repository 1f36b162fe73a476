/**
 * IAM string matching: the `*` / `?` wildcards of the Action, Resource and `*Like`
 * condition elements, ARN parsing and segment-wise ARN matching, and policy variables
 * (`${aws:username}`) resolved from the request context.
 *
 * Follows https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html,
 * .../reference_policies_elements_resource.html and
 * .../reference_policies_variables.html.
 */
import { Unknown } from '../iac/graph.js';
import type { PolicyString } from './model.js';

/** Request context: condition keys (matched case-insensitively) → one or several values. */
export type RequestContext = Readonly<Record<string, string | readonly string[]>>;

/** Tri-state result of a test whose inputs may be unresolved. */
export type Tri = boolean | 'unknown';

/** Logical AND over tri-states: any `false` wins, then any `'unknown'`. */
export function and3(...values: Tri[]): Tri {
  if (values.includes(false)) return false;
  return values.includes('unknown') ? 'unknown' : true;
}

/** Logical OR over tri-states: any `true` wins, then any `'unknown'`. */
export function or3(...values: Tri[]): Tri {
  if (values.includes(true)) return true;
  return values.includes('unknown') ? 'unknown' : false;
}

/** Logical NOT over a tri-state. */
export const not3 = (value: Tri): Tri => (value === 'unknown' ? 'unknown' : !value);

/** Values of `key` in `context`, keys compared case-insensitively (IAM condition keys are). `undefined` when absent. */
export function contextValues(context: RequestContext | undefined, key: string): readonly string[] | undefined {
  if (!context) return undefined;
  const direct = context[key];
  if (direct !== undefined) return typeof direct === 'string' ? [direct] : direct;
  const lower = key.toLowerCase();
  for (const [name, value] of Object.entries(context)) if (name.toLowerCase() === lower) return typeof value === 'string' ? [value] : value;
  return undefined;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Regular-expression source for a wildcard pattern without variables: `*` any run, `?` one character. */
function wildcardSource(text: string): string {
  let out = '';
  for (const ch of text) out += ch === '*' ? '.*' : ch === '?' ? '.' : escapeRegExp(ch);
  return out;
}

const VARIABLE = /\$\{([^}]*)\}/g;
// The three escapes IAM defines for literal special characters inside patterns.
const LITERAL_VARIABLES: Record<string, string> = { '*': '*', '?': '?', $: '$' };

/**
 * Compile an IAM pattern to an anchored RegExp. With `context`, policy variables are
 * replaced by their (literal, single) value; a variable that is missing or multi-valued
 * makes the result `Unknown`. `${*}`, `${?}`, `${$}` are literal characters, and
 * `${key, 'default'}` falls back to the default when the key is absent.
 */
export function compilePattern(pattern: string, options: { ignoreCase?: boolean; context?: RequestContext } = {}): RegExp | Unknown {
  let source = '';
  let last = 0;
  if (options.context !== undefined || pattern.includes('${')) {
    for (const match of pattern.matchAll(VARIABLE)) {
      source += wildcardSource(pattern.slice(last, match.index));
      last = match.index + match[0].length;
      const resolved = resolveVariable(match[1] ?? '', options.context);
      if (resolved === undefined) return new Unknown(`${pattern} (policy variable ${match[0]} not in the request context)`);
      source += escapeRegExp(resolved);
    }
  }
  source += wildcardSource(pattern.slice(last));
  return new RegExp(`^${source}$`, options.ignoreCase ? 'is' : 's');
}

/** The literal value of the policy variable body `aws:username` or `aws:username, 'anon'`. */
function resolveVariable(body: string, context: RequestContext | undefined): string | undefined {
  const literal = LITERAL_VARIABLES[body.trim()];
  if (literal !== undefined) return literal;
  const [key = '', fallback] = body.split(/,(.*)/s).map((part) => part.trim());
  const values = contextValues(context, key);
  if (values && values.length === 1) return values[0];
  const quoted = fallback?.match(/^'(.*)'$/s);
  return values === undefined && quoted ? quoted[1] : undefined;
}

/** Replace the policy variables of `text` from `context`; `Unknown` when one cannot be resolved. */
export function resolvePolicyVariables(text: string, context: RequestContext | undefined): string | Unknown {
  let failed = false;
  const out = text.replace(VARIABLE, (whole, body: string) => {
    const value = resolveVariable(body, context);
    if (value === undefined) failed = true;
    return value ?? whole;
  });
  return failed ? new Unknown(`${text} (unresolved policy variable)`) : out;
}

/**
 * `*`/`?` wildcard match of `value` against `pattern` (no variables). Greedy matching with
 * one backtrack point (the last `*`): O(n·m) at worst, never exponential like a regular
 * expression built from `*a*a*a…` could be.
 */
export function matchesWildcard(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  let i = 0;
  let j = 0;
  let star = -1;
  let resume = 0;
  while (j < v.length) {
    if (i < p.length && (p[i] === '?' || (p[i] !== '*' && p[i] === v[j]))) {
      i++;
      j++;
    } else if (i < p.length && p[i] === '*') {
      star = i++;
      resume = j;
    } else if (star !== -1) {
      i = star + 1;
      j = ++resume;
    } else return false;
  }
  while (p[i] === '*') i++;
  return i === p.length;
}

/** Whether an Action/NotAction entry (`s3:Get*`, `*`) covers `action`; IAM compares actions case-insensitively. */
export function matchAction(pattern: PolicyString, action: string): Tri {
  if (pattern instanceof Unknown) return 'unknown';
  return matchesWildcard(pattern, action, true);
}

/** The six parts of an ARN: `arn:partition:service:region:account:resource`. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon, e.g. `role/path/Name`, `function:f:1`, `bucket/key`. */
  resource: string;
}

/** Parse an ARN; `undefined` when `text` is not `arn:` followed by at least five colon-separated fields. */
export function parseArn(text: string): Arn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

/** Split an ARN or ARN pattern into its six segments, the last one keeping its colons. */
function arnSegments(text: string): string[] | undefined {
  const parts = text.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/**
 * Whether a Resource entry or `Arn*` condition value covers the ARN `arn`. As IAM does,
 * each of the six colon-delimited segments is matched on its own (a `*` in the region
 * does not swallow the account), case-sensitively; `*` alone matches anything. A pattern
 * that is not ARN-shaped is matched as a whole string. Policy variables are resolved from
 * `context`; an unresolvable variable or an `Unknown` pattern gives `'unknown'`.
 */
export function matchArn(pattern: PolicyString, arn: string, context?: RequestContext): Tri {
  if (pattern instanceof Unknown) return 'unknown';
  if (pattern === '*') return true;
  if (!pattern.includes('${')) {
    const want = arnSegments(pattern);
    const have = arnSegments(arn);
    if (!want || !have) return matchesWildcard(pattern, arn);
    return want.every((segment, i) => matchesWildcard(segment, have[i] ?? ''));
  }
  // Variables may contain colons (`${aws:username}`): hide them before splitting into segments.
  const variables: string[] = [];
  const masked = pattern.replace(VARIABLE, (whole) => `\uE000${variables.push(whole) - 1}\uE000`);
  const unmask = (segment: string): string => segment.replace(/\uE000(\d+)\uE000/g, (_, i: string) => variables[Number(i)] ?? '');
  const want = arnSegments(masked)?.map(unmask) ?? [unmask(masked)];
  const have = want.length === 6 ? arnSegments(arn) : [arn];
  if (!have) return false;
  let result: Tri = true;
  want.forEach((segment, i) => {
    const re = compilePattern(segment, { context: context ?? {} });
    result = and3(result, re instanceof Unknown ? 'unknown' : re.test(have[i] ?? ''));
  });
  return result;
}

/** The account id of an ARN (`''` for S3 buckets and other account-less ARNs), or `undefined` when not an ARN. */
export const accountOfArn = (arn: string): string | undefined => parseArn(arn)?.account;
