/**
 * Findings from an earlier `guardian scan --format json` report, used as a threat model's
 * evidence instead of scanning again (a CI job that has just scanned passes its report).
 * The report is untrusted input: each finding is validated on the fields the threat model
 * reads, and a malformed one is skipped with a warning naming its index and field.
 */
import { z } from 'zod';
import type { Finding } from '../core/finding.js';
import type { ScanWarning } from '../core/warnings.js';

const findingSchema = z
  .object({
    id: z.string().min(1),
    ruleId: z.string().min(1),
    category: z.enum(['sast', 'secrets', 'sca', 'iac', 'iam', 'pipeline']),
    severity: z.enum(['critical', 'high', 'medium', 'low', 'info']),
    title: z.string(),
    message: z.string(),
    location: z.object({ path: z.string().min(1), startLine: z.number().int().min(1) }).loose(),
  })
  .loose();

/**
 * Read the findings of a Guardian JSON report (`{ findings: Finding[] }`, see
 * src/report/json.ts). `path` names the file in warnings (code `invalid-findings`,
 * source `threat-model`).
 * @throws Error when the text is not JSON or has no `findings` array: nothing could be used.
 */
export function readFindingsReport(text: string, path: string, warnings: { add(w: ScanWarning): void }): Finding[] {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not JSON (${(error as Error).message})`);
  }
  const list = (report as { findings?: unknown } | null)?.findings;
  if (!Array.isArray(list)) throw new Error(`${path}: no "findings" array; pass the JSON report of guardian scan`);
  const findings: Finding[] = [];
  list.forEach((item: unknown, index) => {
    const parsed = findingSchema.safeParse(item);
    if (parsed.success) findings.push(parsed.data as unknown as Finding);
    else {
      const issue = parsed.error.issues[0]!;
      warnings.add({ code: 'invalid-findings', source: 'threat-model', path, message: `findings[${index}].${issue.path.join('.')}: ${issue.message}; skipped` });
    }
  });
  return findings;
}
