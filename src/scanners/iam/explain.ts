/**
 * `guardian iam explain`: may this principal perform this action on this resource, and
 * which statements decide it. The CLI parses arguments and prints `formatExplanation`.
 */
import type { ActionCatalog } from './actions.js';
import { type EvaluateOptions, type Evaluation, evaluate } from './evaluate.js';
import type { IamPrincipal, Request } from './model.js';

/** What to explain: the principal by ARN, id or name, one action and one resource ARN. */
export interface ExplainQuery {
  principal: string;
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

/** The principal that was found, the request as evaluated, and the evaluation. */
export interface ExplainResult {
  principal: Pick<IamPrincipal, 'id' | 'type' | 'name' | 'arn' | 'source'>;
  request: Request;
  evaluation: Evaluation;
  /** Notes on the query itself, e.g. an action the catalog does not know. */
  notes: string[];
}

/**
 * Find the principal (exact ARN or id first, then exact name; a name shared by a user and a
 * role is an error asking for the ARN), canonicalise the action's casing when `catalog`
 * is given, and evaluate. Returns `{error}` instead of throwing.
 */
export function explain(
  principals: readonly IamPrincipal[],
  query: ExplainQuery,
  options: EvaluateOptions & { catalog?: ActionCatalog } = {},
): ExplainResult | { error: string } {
  const wanted = query.principal.trim();
  if (!wanted) return { error: 'no principal given' };
  if (!/^[^:\s]+:[^:\s]+$/.test(query.action.trim())) return { error: `action "${query.action}" is not of the form service:Action` };
  if (!query.resource.trim()) return { error: 'no resource given (use "*" for actions without resources)' };
  let found = principals.filter((p) => p.arn === wanted || p.id === wanted);
  if (found.length === 0) found = principals.filter((p) => p.name === wanted);
  if (found.length === 0) {
    const lower = wanted.toLowerCase();
    const near = principals.filter((p) => p.name.toLowerCase().includes(lower)).map((p) => p.arn ?? p.id);
    return { error: `no principal named ${wanted}${near.length ? `; did you mean ${near.slice(0, 5).join(', ')}?` : ''}` };
  }
  if (found.length > 1) return { error: `${wanted} is ambiguous: ${found.map((p) => `${p.type} ${p.arn ?? p.id}`).join(', ')}; give the ARN` };
  const principal = found[0]!;

  const notes: string[] = [];
  let action = query.action.trim();
  if (options.catalog) {
    const canonical = options.catalog.canonical(action);
    if (canonical) action = canonical;
    else notes.push(`${action} is not in the IAM action catalog; evaluated as written`);
  }
  const request: Request = { action, resource: query.resource.trim(), ...(query.context ? { context: query.context } : {}) };
  return {
    principal: { id: principal.id, type: principal.type, name: principal.name, ...(principal.arn ? { arn: principal.arn } : {}), ...(principal.source ? { source: principal.source } : {}) },
    request,
    evaluation: evaluate(principal, request, options),
    notes,
  };
}

const DECISION_TEXT: Record<Evaluation['decision'], string> = {
  allowed: 'ALLOWED',
  'explicit-deny': 'DENIED (explicit deny)',
  'implicit-deny': 'DENIED (implicit deny)',
  unknown: 'UNKNOWN',
};

/**
 * Plain-text explanation: the decision line, the reason, then one line per contributing
 * statement (`Allow identity AdminAccess sid=Admin policies/admin.json:4`), then notes.
 */
export function formatExplanation(result: ExplainResult): string {
  const { principal, request, evaluation } = result;
  const lines = [
    `${DECISION_TEXT[evaluation.decision]}: ${principal.type} ${principal.arn ?? principal.name} → ${request.action} on ${request.resource}`,
    `  because ${evaluation.because}`,
  ];
  if (evaluation.reasons.length) lines.push('  statements:');
  for (const reason of evaluation.reasons) {
    const where = reason.source ? ` ${reason.source.path}:${reason.source.line}` : '';
    const sid = reason.sid ? ` sid=${reason.sid}` : '';
    const how = reason.matched === 'unknown' ? ' (may match: depends on unresolved values)' : '';
    lines.push(`    ${reason.effect.padEnd(5)} ${reason.kind.padEnd(8)} ${reason.policy}${sid}${where}${how}`);
  }
  for (const note of result.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}
