import type { RuleDescriptor } from '../../../core/finding.js';
import type { FindingDraft } from '../../../core/fingerprint.js';
import type { ScanWarning } from '../../../core/warnings.js';
import type { Resource } from '../../iac/graph.js';
import { type AnalyzedProject, type CheckContext } from './checks/context.js';
import { checkPlaintextVariables, checkPrivilegedMode } from './checks/environment.js';
import { checkOverbroadRoles, checkSharedServiceRoles } from './checks/service-role.js';
import { checkWebhook } from './checks/webhook.js';
import { projectsFromApiOutput } from './from-api.js';
import { RoleIndex, projectsFromResources } from './from-resource.js';
import type { CodeBuildProject } from './model.js';
import { describePipelineRule } from './rule.js';
import { CODEBUILD_RULES } from './rules.js';
import { PatternReader, webhookExposure } from './webhook-exposure.js';

/** Findings (drafts: core assigns ids and fingerprints) and warnings of one analysis. */
export interface PipelineAnalysis {
  findings: FindingDraft[];
  warnings: ScanWarning[];
}

/** Descriptors of every CodeBuild rule (category `pipeline`), for reports. */
export const CODEBUILD_RULE_DESCRIPTORS: readonly RuleDescriptor[] = CODEBUILD_RULES.map(describePipelineRule);

/** Run every per-project check, then the checks across projects; an unexpected error becomes a warning. */
function runChecks(projects: readonly CodeBuildProject[], ctx: CheckContext, crossProject: (analyzed: AnalyzedProject[]) => void): void {
  const analyzed: AnalyzedProject[] = [];
  for (const project of projects) {
    try {
      const item = { project, exposure: webhookExposure(project, ctx.patterns) };
      analyzed.push(item);
      checkWebhook(item, ctx);
      checkPrivilegedMode(item, ctx);
      checkPlaintextVariables(item, ctx);
    } catch (error) {
      ctx.warnings.push({ source: 'pipeline', code: 'analysis-error', path: project.path, line: project.line, message: `CodeBuild project ${project.name} could not be fully checked: ${(error as Error).message}` });
    }
  }
  try {
    crossProject(analyzed);
  } catch (error) {
    ctx.warnings.push({ source: 'pipeline', code: 'analysis-error', message: `CodeBuild service-role checks failed: ${(error as Error).message}` });
  }
}

function newContext(warnings: ScanWarning[] = []): CheckContext {
  return { findings: [], warnings, patterns: new PatternReader(warnings) };
}

/**
 * Check the `AWS::CodeBuild::Project` resources among `resources` (the ResourceGraph's
 * resources: CloudFormation-shaped properties from any IaC format). Pass every resource
 * of the scan: the shared-role check compares projects with one another and the
 * over-broad-role check reads `AWS::IAM::Role` / `AWS::IAM::Policy` resources.
 *
 * Never throws: malformed properties and unexpected errors become warnings.
 * Rules: see `CODEBUILD_RULE_DESCRIPTORS`; AWS guidance:
 * https://docs.aws.amazon.com/codebuild/latest/userguide/webhooks.html
 */
export function analyzeCodeBuildProjects(resources: Iterable<Resource>): PipelineAnalysis {
  const all = [...resources];
  const ctx = newContext();
  const roles = new RoleIndex(all);
  const projects = projectsFromResources(all, roles, ctx.warnings);
  runChecks(projects, ctx, (analyzed) => {
    checkSharedServiceRoles(analyzed, ctx);
    checkOverbroadRoles(analyzed, roles, all, ctx);
  });
  return { findings: ctx.findings, warnings: ctx.warnings };
}

/**
 * Check one file if it is `aws codebuild batch-get-projects` output (JSON with a
 * top-level `projects` array of CodeBuild projects); `undefined` for any other file.
 * `path` is repository-relative and used in findings. The shared-role check compares
 * the projects of this file; roles are ARNs here, so the over-broad-role check does not apply.
 *
 * Never throws.
 */
export function analyzeCodeBuildApiOutput(path: string, text: string): PipelineAnalysis | undefined {
  let parsed: ReturnType<typeof projectsFromApiOutput>;
  try {
    parsed = projectsFromApiOutput(path, text);
  } catch (error) {
    return { findings: [], warnings: [{ source: 'pipeline', code: 'parse-error', path, message: `Could not read ${path} as CodeBuild batch-get-projects output: ${(error as Error).message}` }] };
  }
  if (!parsed) return undefined;
  const ctx = newContext(parsed.warnings);
  runChecks(parsed.projects, ctx, (analyzed) => checkSharedServiceRoles(analyzed, ctx));
  return { findings: ctx.findings, warnings: ctx.warnings };
}
