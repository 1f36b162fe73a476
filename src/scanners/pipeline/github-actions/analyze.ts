import type { FindingDraft } from '../../../core/fingerprint.js';
import type { ScanWarning } from '../../../core/warnings.js';
import { checkPermissions } from './checks/permissions.js';
import { checkScriptInjection } from './checks/script-injection.js';
import { checkSecrets } from './checks/secrets.js';
import { checkSelfHostedRunners } from './checks/self-hosted-runner.js';
import { checkUnpinnedActions } from './checks/unpinned-action.js';
import { checkUntrustedCode } from './checks/untrusted-code.js';
import { FindingCollector } from './report.js';
import { YamlSource } from './source.js';
import { type Workflow, readWorkflow } from './workflow.js';

/** `source` of the warnings this analysis raises. */
const WARNING_SOURCE = 'pipeline';

const CHECKS: readonly ((workflow: Workflow, findings: FindingCollector) => void)[] = [
  checkUntrustedCode,
  checkScriptInjection,
  checkUnpinnedActions,
  checkPermissions,
  checkSecrets,
  checkSelfHostedRunners,
];

/**
 * Is `path` a GitHub Actions workflow file: `*.yml` or `*.yaml` directly inside a
 * `.github/workflows/` directory (GitHub ignores subdirectories)? Accepts
 * repository-relative or absolute paths, with `/` or `\` separators.
 */
export function isWorkflowPath(path: string): boolean {
  return /(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(path.replace(/\\/g, '/'));
}

/**
 * Analyze one GitHub Actions workflow file with every rule of `GITHUB_ACTIONS_RULES`.
 *
 * @param path repository-relative path with forward slashes, used in findings and warnings
 * @param text the file's content
 * @returns finding drafts (category `pipeline`, 1-based lines and columns pointing at
 *   the offending expression, `uses:` value or key; `fingerprintKey` built from the job
 *   id, step name/id/index and a rule-specific part, never a line number) and warnings.
 *   Never throws: malformed YAML gives a `parse-error` warning with the line, a file
 *   that is not a workflow an `invalid-workflow` warning, and an unexpected failure an
 *   `analysis-error` warning; the findings of that file are then empty.
 */
export function analyzeWorkflow(path: string, text: string): { findings: FindingDraft[]; warnings: ScanWarning[] } {
  try {
    const parsed = YamlSource.parse(path, text, WARNING_SOURCE);
    if (!parsed.source) return { findings: [], warnings: parsed.warnings };
    const { workflow, warnings } = readWorkflow(parsed.source, WARNING_SOURCE);
    if (!workflow) return { findings: [], warnings };
    const findings = new FindingCollector(parsed.source);
    for (const check of CHECKS) check(workflow, findings);
    return { findings: findings.drafts, warnings };
  } catch (error) {
    return {
      findings: [],
      warnings: [{ code: 'analysis-error', message: `GitHub Actions analysis of ${path} failed: ${(error as Error).message}`, path, source: WARNING_SOURCE }],
    };
  }
}
