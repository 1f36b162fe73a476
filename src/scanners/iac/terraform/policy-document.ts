/**
 * The `aws_iam_policy_document` data source rendered into the IAM JSON policy it
 * produces (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document),
 * so that policies written this way reach IAM analysis like any other.
 */
import { Unknown, type Value, isRecord } from '../graph.js';
import { type EvaluatedBlock, attributeValue, blocksOf } from './blocks.js';
import { parsePolicyValue } from './policy-value.js';
import { literalLines } from './values.js';

/** `statement` argument → IAM element, in output order. */
const STATEMENT_LISTS: [string, string][] = [
  ['actions', 'Action'],
  ['not_actions', 'NotAction'],
  ['resources', 'Resource'],
  ['not_resources', 'NotResource'],
];

/**
 * The policy document object (`{Version, Statement: [...]}`) a data source block
 * renders. Statements of `source_policy_documents` come first and statements of
 * `override_policy_documents` replace those with the same `Sid`, as the provider does;
 * a `dynamic "statement"` block adds an `Unknown` statement.
 */
export function renderPolicyDocument(block: EvaluatedBlock): { [key: string]: Value } {
  const statements: Value[] = [];
  const lines = new Map<string | number, number>();
  for (const source of listOf(attributeValue(block, 'source_policy_documents'))) statements.push(...statementsOf(source));
  for (const statement of block.blocks) {
    if (statement.type !== 'statement') continue;
    lines.set(statements.length, statement.line);
    statements.push(statement.dynamic ?? renderStatement(statement));
  }
  for (const override of listOf(attributeValue(block, 'override_policy_documents'))) {
    for (const replacement of statementsOf(override)) {
      const sid = isRecord(replacement) ? replacement.Sid : undefined;
      const index = typeof sid === 'string' ? statements.findIndex((s) => isRecord(s) && s.Sid === sid) : -1;
      if (index >= 0) statements[index] = replacement;
      else statements.push(replacement);
    }
  }
  literalLines.set(statements, { path: block.path, lines });
  const document: { [key: string]: Value } = { Version: attributeValue(block, 'version') ?? '2012-10-17' };
  const id = attributeValue(block, 'policy_id');
  if (id !== undefined && id !== null) document.Id = id;
  document.Statement = statements;
  return document;
}

function renderStatement(block: EvaluatedBlock): Value {
  const statement: { [key: string]: Value } = {};
  const lines = new Map<string | number, number>();
  const sid = attributeValue(block, 'sid');
  if (typeof sid === 'string' && sid !== '') statement.Sid = sid;
  else if (sid instanceof Unknown) statement.Sid = sid;
  statement.Effect = attributeValue(block, 'effect') ?? 'Allow';
  lines.set('Effect', block.attributes.get('effect')?.line ?? block.line);
  for (const [argument, element] of STATEMENT_LISTS) {
    const value = attributeValue(block, argument);
    if (value === undefined || value === null) continue;
    statement[element] = value;
    lines.set(element, block.attributes.get(argument)?.line ?? block.line);
  }
  for (const [type, element] of [
    ['principals', 'Principal'],
    ['not_principals', 'NotPrincipal'],
  ] as const) {
    const principals = blocksOf(block, type);
    if (principals.length === 0) continue;
    statement[element] = renderPrincipals(principals);
    lines.set(element, principals[0]!.line);
  }
  const conditions = blocksOf(block, 'condition');
  if (conditions.length > 0) {
    statement.Condition = renderConditions(conditions);
    lines.set('Condition', conditions[0]!.line);
  }
  literalLines.set(statement, { path: block.path, lines });
  return statement;
}

/** `principals { type = "*", identifiers = ["*"] }` renders `"Principal": "*"`. */
function renderPrincipals(blocks: EvaluatedBlock[]): Value {
  if (blocks.some((b) => b.dynamic)) return new Unknown('dynamic "principals"');
  const result: { [key: string]: Value } = {};
  for (const principal of blocks) {
    const type = attributeValue(principal, 'type');
    const identifiers = attributeValue(principal, 'identifiers') ?? [];
    if (type === '*') return '*';
    if (typeof type !== 'string') return new Unknown('principals { type = ... }');
    const existing = result[type];
    result[type] = Array.isArray(existing) && Array.isArray(identifiers) ? [...existing, ...identifiers] : identifiers;
  }
  return result;
}

/** `condition { test, variable, values }` blocks → `{test: {variable: values}}`. */
function renderConditions(blocks: EvaluatedBlock[]): Value {
  if (blocks.some((b) => b.dynamic)) return new Unknown('dynamic "condition"');
  const result: { [key: string]: { [key: string]: Value } } = {};
  for (const condition of blocks) {
    const test = attributeValue(condition, 'test');
    const variable = attributeValue(condition, 'variable');
    if (typeof test !== 'string' || typeof variable !== 'string') return new Unknown('condition { test = ... }');
    const operator = (result[test] ??= {});
    const values = attributeValue(condition, 'values') ?? [];
    const existing = operator[variable];
    operator[variable] = Array.isArray(existing) && Array.isArray(values) ? [...existing, ...values] : values;
  }
  return result;
}

const listOf = (value: Value | undefined): Value[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);

/** Statements of a policy given as JSON text or an encoded document, an `Unknown` when unreadable. */
function statementsOf(policy: Value): Value[] {
  const document = parsePolicyValue(policy);
  if (!isRecord(document)) return [document instanceof Unknown ? document : new Unknown(String(policy))];
  const statement = document.Statement;
  return Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
}
