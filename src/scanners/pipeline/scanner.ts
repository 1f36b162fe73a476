import type { FindingDraft } from '../../core/fingerprint.js';
import type { Scanner, ScanContext, ScannerOutput } from '../../core/scanner.js';
import type { ScanWarning } from '../../core/warnings.js';
import { resourceGraphOf } from '../iac/context.js';
import type { Resource } from '../iac/graph.js';
import { BUILDSPEC_RULE_DESCRIPTORS, analyzeBuildspec, isBuildspecPath } from './buildspec/analyze.js';
import { CODEBUILD_RULE_DESCRIPTORS, analyzeCodeBuildApiOutput, analyzeCodeBuildProjects } from './codebuild/analyze.js';
import { GITHUB_ACTIONS_RULES, analyzeWorkflow, isWorkflowPath } from './github-actions/index.js';

/** JSON that may be `aws codebuild batch-get-projects` output (the analyser checks the content cheaply first). */
const CODEBUILD_API_OUTPUT = /\.json$/i;

/**
 * CI/CD trust boundaries: GitHub Actions workflows, AWS CodeBuild projects (from the
 * ResourceGraph and from `batch-get-projects` output) and buildspec files.
 */
export class PipelineScanner implements Scanner {
  readonly id = 'pipeline' as const;
  readonly title = 'Pipelines (CI/CD)';

  async scan(ctx: ScanContext): Promise<ScannerOutput> {
    const findings: FindingDraft[] = [];
    const collect = (result: { findings: FindingDraft[]; warnings: readonly ScanWarning[] } | undefined) => {
      if (!result) return;
      findings.push(...result.findings);
      for (const warning of result.warnings) ctx.warnings.add(warning);
    };
    const counts = { workflows: 0, buildspecs: 0, projects: 0 };
    for (const file of ctx.files) {
      const workflow = isWorkflowPath(file.path);
      const buildspec = !workflow && isBuildspecPath(file.path);
      const apiOutput = !workflow && !buildspec && CODEBUILD_API_OUTPUT.test(file.path);
      if (!workflow && !buildspec && !apiOutput) continue;
      const text = await ctx.workspace.readText(file);
      if (text === undefined) continue;
      if (workflow) {
        counts.workflows++;
        collect(analyzeWorkflow(file.path, text));
      } else if (buildspec) {
        counts.buildspecs++;
        collect(analyzeBuildspec(file.path, text));
      } else {
        collect(analyzeCodeBuildApiOutput(file.path, text));
      }
    }
    const { graph } = await resourceGraphOf(ctx);
    // Roles and projects are compared within a stack: hand over each stack that has a project, whole.
    const stacks = new Set([...graph.ofType('AWS::CodeBuild::Project')].map((project) => project.stack));
    const byStack = new Map<string, Resource[]>();
    for (const resource of graph.resources) if (stacks.has(resource.stack)) byStack.set(resource.stack, [...(byStack.get(resource.stack) ?? []), resource]);
    for (const resources of byStack.values()) {
      counts.projects += resources.filter((r) => r.type === 'AWS::CodeBuild::Project').length;
      collect(analyzeCodeBuildProjects(resources));
    }
    return {
      findings,
      rules: [...GITHUB_ACTIONS_RULES, ...CODEBUILD_RULE_DESCRIPTORS, ...BUILDSPEC_RULE_DESCRIPTORS],
      stats: counts,
    };
  }
}
