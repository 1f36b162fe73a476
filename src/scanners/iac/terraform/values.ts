/**
 * Terraform values as graph `Value`s, with two kinds of partly known value the loader
 * needs so that policies built from unknown pieces still reach IAM analysis with their
 * structure: a JSON encoding of a value with unknown leaves (`jsonencode`, a policy
 * document data source) and a string template with unknown interpolations.
 */
import { Unknown, type Value, isRecord } from '../graph.js';

/** `jsonencode(value)` (or a rendered policy document) where `value` has unknown leaves. */
export class JsonEncoded extends Unknown {
  constructor(
    readonly value: Value,
    expression: string,
  ) {
    super(expression, refsIn(value));
  }
}

/** A string template some of whose interpolations are unknown: `"${aws_s3_bucket.b.arn}/*"`. */
export class PartialTemplate extends Unknown {
  constructor(
    readonly parts: readonly (string | Unknown)[],
    expression: string,
  ) {
    super(expression, unique(parts.flatMap((p) => (p instanceof Unknown ? p.refs : []))));
  }
}

/** Where the entries of an object or tuple built by an HCL literal were written. */
export interface LiteralLines {
  path: string;
  lines: Map<string | number, number>;
}

/** Lines of object and tuple literals (and rendered policy statements), keyed by the value object. */
export const literalLines = new WeakMap<object, LiteralLines>();

/** All resource references under `value`, each once. */
export function refsIn(...values: (Value | undefined)[]): string[] {
  const found = new Set<string>();
  const visit = (value: Value | undefined): void => {
    if (value instanceof Unknown) for (const ref of value.refs) found.add(ref);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (isRecord(value)) Object.values(value).forEach(visit);
  };
  values.forEach(visit);
  return [...found];
}

/** True when `value` is or contains an `Unknown`. */
export function hasUnknown(value: Value | undefined): boolean {
  if (value instanceof Unknown) return true;
  if (Array.isArray(value)) return value.some(hasUnknown);
  if (isRecord(value)) return Object.values(value).some(hasUnknown);
  return false;
}

const unique = (items: string[]) => [...new Set(items)];

const MAX_EXPRESSION = 300;

/** An `Unknown` for the expression written as `text` that mentions `values`' references. */
export function unknownOf(text: string, ...values: (Value | undefined)[]): Unknown {
  return new Unknown(text.length > MAX_EXPRESSION ? `${text.slice(0, MAX_EXPRESSION - 3)}...` : text, refsIn(...values));
}

/**
 * The text `value` stands for when it is used as a string (Terraform's automatic
 * conversion of primitives), or `undefined` when it is not a known primitive.
 */
export function asString(value: Value | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Terraform's conversion of a value to bool (`"true"`/`"false"` strings convert). */
export function asBool(value: Value | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** Terraform's conversion of a value to number (numeric strings convert). */
export function asNumber(value: Value | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
