import type { Policy } from './model.js';
import { parseJsonWithLines, parsePolicyDocument } from './parse.js';

/**
 * Read a service control policy exported with `aws organizations describe-policy`
 * (`{"Policy": {"PolicySummary": {"Name", "Type": "SERVICE_CONTROL_POLICY", ...}, "Content": "<JSON>"}}`,
 * AWS Organizations API reference, DescribePolicy). Returns the policy (kind `scp`), an
 * error naming what is wrong with an export of that shape, or `undefined` for any other
 * JSON; never throws.
 */
export function parseServiceControlPolicy(path: string, text: string): { policy: Policy } | { error: string } | undefined {
  let root: unknown;
  try {
    root = parseJsonWithLines(text).value;
  } catch {
    return undefined;
  }
  const policy = (root as { Policy?: { PolicySummary?: { Name?: unknown; Type?: unknown }; Content?: unknown } } | null)?.Policy;
  if (!policy || policy.PolicySummary?.Type !== 'SERVICE_CONTROL_POLICY') return undefined;
  if (typeof policy.Content !== 'string') return { error: 'Policy.Content must be the policy document as a JSON string' };
  const parsed = parsePolicyDocument(policy.Content, { path, line: lineOfContent(text) });
  const name = typeof policy.PolicySummary.Name === 'string' ? policy.PolicySummary.Name : path;
  return { policy: { name: `SCP ${name}`, kind: 'scp', statements: parsed.statements, source: { path, line: lineOfContent(text) } } };
}

const lineOfContent = (text: string): number => text.slice(0, Math.max(0, text.indexOf('"Content"'))).split('\n').length;
