/**
 * Condition block evaluation against a request context, tri-state (true / false /
 * 'unknown'), following the IAM condition operator reference
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)
 * and the multivalued-key rules
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
 *
 * Static analysis rarely knows the whole request, so by default a key the context does not
 * carry makes a test `'unknown'` wherever its presence matters; `missingKeys: 'absent'`
 * treats the context as complete and applies AWS's rules for absent keys instead.
 */
import { Unknown } from '../iac/graph.js';
import type { Condition, PolicyString } from './model.js';
import { type RequestContext, type Tri, and3, compilePattern, contextValues, matchArn, matchesWildcard, not3, or3 } from './patterns.js';

/** How to treat condition keys absent from the context. */
export interface ConditionOptions {
  /** `'unknown'` (default): the request may carry the key; `'absent'`: the context is complete. */
  missingKeys?: 'unknown' | 'absent';
}

/** Compares one context value with one policy value; `'unknown'` when a side cannot be interpreted. */
type Comparator = (contextValue: string, policyValue: string, context: RequestContext) => Tri;

const parseNumber = (text: string): number | undefined => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined);

/** ISO 8601 date or epoch seconds, as the Date operators accept. */
function parseDate(text: string): number | undefined {
  if (/^\d+$/.test(text.trim())) return Number(text) * 1000;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function numeric(test: (a: number, b: number) => boolean): Comparator {
  return (a, b) => {
    const x = parseNumber(a);
    const y = parseNumber(b);
    return x === undefined || y === undefined ? 'unknown' : test(x, y);
  };
}

function date(test: (a: number, b: number) => boolean): Comparator {
  return (a, b) => {
    const x = parseDate(a);
    const y = parseDate(b);
    return x === undefined || y === undefined ? 'unknown' : test(x, y);
  };
}

const like: Comparator = (a, b, context) => {
  if (!b.includes('${')) return matchesWildcard(b, a);
  const re = compilePattern(b, { context });
  return re instanceof Unknown ? 'unknown' : re.test(a);
};

const equals: Comparator = (a, b, context) => {
  if (!b.includes('${')) return a === b;
  const re = compilePattern(b.replace(/[*?]/g, (ch) => `\${${ch}}`), { context });
  return re instanceof Unknown ? 'unknown' : re.test(a);
};

/**
 * Positive comparators by operator name; each negated operator (`StringNotEquals`, …) is
 * the negation of one of these, listed in NEGATED.
 */
const COMPARATORS: Record<string, Comparator> = {
  StringEquals: equals,
  StringEqualsIgnoreCase: (a, b, context) => equals(a.toLowerCase(), b.toLowerCase(), context),
  StringLike: like,
  NumericEquals: numeric((a, b) => a === b),
  NumericLessThan: numeric((a, b) => a < b),
  NumericLessThanEquals: numeric((a, b) => a <= b),
  NumericGreaterThan: numeric((a, b) => a > b),
  NumericGreaterThanEquals: numeric((a, b) => a >= b),
  DateEquals: date((a, b) => a === b),
  DateLessThan: date((a, b) => a < b),
  DateLessThanEquals: date((a, b) => a <= b),
  DateGreaterThan: date((a, b) => a > b),
  DateGreaterThanEquals: date((a, b) => a >= b),
  Bool: (a, b) => a.toLowerCase() === b.toLowerCase(),
  BinaryEquals: (a, b) => a === b,
  IpAddress: (a, b) => ipInCidr(a, b),
  ArnEquals: (a, b, context) => matchArn(b, a, context),
  ArnLike: (a, b, context) => matchArn(b, a, context),
};

const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

/** True when Guardian can evaluate `operator` (without `IfExists` / set prefix). */
export const isSupportedOperator = (operator: string): boolean => operator === 'Null' || operator in COMPARATORS || operator in NEGATED;

/** Whether one context value satisfies the operator against any of the policy values (negated: none). */
function matchOne(operator: string, contextValue: string, policyValues: readonly PolicyString[], context: RequestContext): Tri {
  const positive = NEGATED[operator] ?? operator;
  const compare = COMPARATORS[positive];
  if (!compare) return 'unknown';
  const any = or3(...policyValues.map((value) => (value instanceof Unknown ? 'unknown' : compare(contextValue, value, context))));
  return operator in NEGATED ? not3(any) : any;
}

/**
 * Evaluate one condition test. Absent key: `…IfExists` → true; `Null` → compares absence;
 * `ForAllValues` → true, `ForAnyValue` → false; a negated operator → true, others → false —
 * each of those only when `missingKeys: 'absent'`, otherwise `'unknown'` (except IfExists).
 * An unsupported operator or an `Unknown` policy value that decides gives `'unknown'`.
 */
export function evaluateCondition(condition: Condition, context: RequestContext = {}, options: ConditionOptions = {}): Tri {
  const { operator, set, ifExists } = condition;
  if (!isSupportedOperator(operator)) return 'unknown';
  const values = contextValues(context, condition.key);
  const complete = options.missingKeys === 'absent';
  if (operator === 'Null') {
    if (values === undefined && !complete) return 'unknown';
    const absent = values === undefined || values.length === 0;
    return or3(
      ...condition.values.map((value): Tri => (value instanceof Unknown ? 'unknown' : value.toLowerCase() === 'true' ? absent : value.toLowerCase() === 'false' ? !absent : 'unknown')),
    );
  }
  if (values === undefined || values.length === 0) {
    if (ifExists) return true;
    if (!complete) return 'unknown';
    if (set === 'ForAllValues') return true;
    if (set === 'ForAnyValue') return false;
    return operator in NEGATED;
  }
  const results = values.map((value) => matchOne(operator, value, condition.values, context));
  if (set === 'ForAllValues') return and3(...results);
  if (set === 'ForAnyValue') return or3(...results);
  // A single-valued operator on several values: positive if any matches, negated if none does.
  return operator in NEGATED ? and3(...results) : or3(...results);
}

/** All conditions of a statement must hold (AND across operators and keys). */
export function evaluateConditions(conditions: readonly Condition[], context: RequestContext = {}, options: ConditionOptions = {}): Tri {
  return and3(...conditions.map((condition) => evaluateCondition(condition, context, options)));
}

/** IPv4 or IPv6 address (`10.1.2.3`, `2001:db8::1`) as a bigint and its bit width; `undefined` if malformed. */
function parseIp(text: string): { value: bigint; bits: 32 | 128 } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const octets = text.split('.').map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    return { value: octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n), bits: 32 };
  }
  if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(':')) return undefined;
  let groups = text;
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) becomes two hex groups.
  const v4 = groups.match(/(\d{1,3}(?:\.\d{1,3}){3})$/);
  if (v4?.[1]) {
    const tail = parseIp(v4[1]);
    if (!tail) return undefined;
    groups = groups.slice(0, -v4[1].length) + `${(tail.value >> 16n).toString(16)}:${(tail.value & 0xffffn).toString(16)}`;
  }
  const halves = groups.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return { value: all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n), bits: 128 };
}

/** Whether `ip` lies in `cidr` (`203.0.113.0/24`, `2001:db8::/32`, or a bare address); `'unknown'` when malformed. */
export function ipInCidr(ip: string, cidr: string): Tri {
  const [base = '', prefixText] = cidr.trim().split('/');
  const address = parseIp(ip.trim());
  const network = parseIp(base);
  if (!address || !network) return 'unknown';
  if (address.bits !== network.bits) return false;
  const prefix = prefixText === undefined ? network.bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > network.bits) return 'unknown';
  const shift = BigInt(network.bits - prefix);
  return address.value >> shift === network.value >> shift;
}
