/**
 * Small questions the policy checks ask about one statement: does it allow an action,
 * does it cover every resource, who are its principals, which conditions restrict it.
 *
 * `Unknown` values (unresolved IaC expressions) never count as wildcards: a statement
 * whose resource is `!Sub arn:aws:s3:::${Bucket}/*` is not "every resource".
 */
import { Unknown } from '../../iac/graph.js';
import type { Condition, PolicyString, Principals, Statement } from '../model.js';
import { type Tri, matchAction, not3, or3 } from '../patterns.js';

/** The resolved strings of a policy element, dropping `Unknown`s. */
export const literals = (values: readonly PolicyString[] | undefined): string[] =>
  (values ?? []).filter((v): v is string => typeof v === 'string');

/** How a value appears in a message: strings as written, `Unknown` by its expression. */
export const shown = (value: PolicyString): string => (value instanceof Unknown ? value.expression : value);

/**
 * True for a Resource entry that matches every resource: `*`, or an ARN pattern whose
 * every segment after `arn:` is `*` or empty (`arn:aws:*:*:*:*`, `arn:*`).
 */
export function isEveryResource(pattern: PolicyString): boolean {
  if (typeof pattern !== 'string') return false;
  if (pattern === '*') return true;
  if (!pattern.startsWith('arn:')) return false;
  const [partition = '', ...rest] = pattern.slice(4).split(':');
  return /^(\*|aws|aws-cn|aws-us-gov)$/.test(partition) && rest.every((segment) => segment === '' || /^\*+$/.test(segment));
}

/** True when the statement's Resource element covers every resource. */
export const coversEveryResource = (statement: Statement): boolean => (statement.resources ?? []).some(isEveryResource);

/**
 * Whether the statement's Action/NotAction element covers `action` (`iam:PassRole`):
 * `true`, `false`, or `'unknown'` when an `Unknown` entry decides.
 */
export function coversAction(statement: Statement, action: string): Tri {
  if (statement.actions) return or3(...statement.actions.map((pattern) => matchAction(pattern, action)));
  if (statement.notActions) return not3(or3(...statement.notActions.map((pattern) => matchAction(pattern, action))));
  return false;
}

/** `*` and `service:*` entries of the Action element (partial wildcards such as `s3:Get*` excluded). */
export const serviceWildcards = (statement: Statement): string[] =>
  literals(statement.actions).filter((a) => a === '*' || /^[a-z0-9-]+:\*$/i.test(a));

/** Conditions of the statement on `key`, compared case-insensitively as IAM does. */
export const conditionsOn = (statement: Statement, key: string): Condition[] =>
  statement.conditions.filter((c) => c.key.toLowerCase() === key.toLowerCase());

/**
 * A condition that can only narrow who matches: not a negated operator (`StringNotEquals`
 * passes every value but one), not `…IfExists` (passes when the key is absent, as it is
 * for direct calls), not `Null`.
 */
export const isNarrowing = (condition: Condition): boolean =>
  !condition.ifExists && condition.operator !== 'Null' && !/Not/.test(condition.operator);

/** True when the operator gives `*` and `?` their wildcard meaning (`StringLike`; `ArnEquals` and `ArnLike` alike). */
export const isLikeOperator = (condition: Condition): boolean => /Like$|^Arn/.test(condition.operator);

/**
 * Whether `value` matches anything under `condition`'s operator: a bare `*` (or `?`-only)
 * with a …Like operator, or an all-wildcard ARN (`arn:aws:*:*:*:*`) with an Arn operator.
 */
export function isWildcardValue(condition: Condition, value: PolicyString): boolean {
  if (typeof value !== 'string' || !isLikeOperator(condition)) return false;
  return /^[*?]+$/.test(value) || (condition.operator.startsWith('Arn') && isEveryResource(value));
}

/**
 * True when the condition restricts callers: its key is one of `keys` (lower-cased), it
 * narrows (see isNarrowing) and no value is a bare wildcard. `Unknown` values count as
 * restricting: an unresolved account id is still an account id.
 */
export function isRestricting(condition: Condition, keys: ReadonlySet<string>): boolean {
  if (!keys.has(condition.key.toLowerCase()) || !isNarrowing(condition)) return false;
  return condition.values.length > 0 && !condition.values.some((value) => isWildcardValue(condition, value));
}

/** Values of one kind (`AWS`, `Service`, `Federated`, `CanonicalUser`) of a Principal element. */
export function principalValues(principals: Principals | undefined, kind: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser'): PolicyString[] {
  if (principals === undefined || principals === '*') return [];
  return principals[kind] ?? [];
}

/**
 * How an Allow statement opens itself to everyone, for messages: `"Principal": "*"`,
 * `{"AWS": "*"}`, or `NotPrincipal`; `undefined` when it names its principals.
 */
export function publicPrincipal(statement: Statement): string | undefined {
  if (statement.effect !== 'Allow') return undefined;
  if (statement.principals === '*') return '"Principal": "*"';
  if (principalValues(statement.principals, 'AWS').some((p) => p === '*')) return '"Principal": {"AWS": "*"}';
  if (statement.notPrincipals !== undefined) return 'NotPrincipal (everyone except the listed principals)';
  return undefined;
}

/** How a statement is named in messages: its Sid, else its 1-based position (`#2`). */
export const label = (statement: Statement, index: number): string => (statement.sid ? `"${statement.sid}"` : `#${index + 1}`);
