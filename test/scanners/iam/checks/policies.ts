import { Unknown } from '../../../../src/scanners/iac/graph.js';
import type { Value } from '../../../../src/scanners/iac/graph.js';
import type { Policy, PolicyKind } from '../../../../src/scanners/iam/model.js';
import { parsePolicyDocument } from '../../../../src/scanners/iam/parse.js';

/** A statement as written in IAM JSON (may hold `Unknown` leaves). */
export type JsonStatement = { [key: string]: Value };

/**
 * A Policy built the way loaders build them: the IAM JSON document normalised by the real
 * parser (parse.ts). Fails the test if the document does not parse cleanly.
 */
export function policy(kind: PolicyKind, statements: JsonStatement[], name = `test-${kind}-policy`): Policy {
  const parsed = parsePolicyDocument({ Version: '2012-10-17', Statement: statements }, { path: 'infra/policy.json', line: 10 });
  if (parsed.problems.length > 0) throw new Error(`fixture does not parse: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return { name, kind, statements: parsed.statements, source: { path: 'infra/policy.json', line: 10 } };
}

/** An unresolved IaC expression, as a loader produces for `!GetAtt Role.Arn`. */
export const unresolved = (expression: string): Unknown => new Unknown(expression);
