/**
 * AWS CodeBuild checks for the `pipeline` scanner: webhook filter groups (pull requests
 * from anyone, no filters, unanchored ACTOR_ACCOUNT_ID / HEAD_REF / BASE_REF patterns),
 * privileged builds of outside pull requests, plain-text secrets, and service roles
 * (shared between pull-request and release builds, or allowing `*`). Projects come from
 * the ResourceGraph or from `aws codebuild batch-get-projects` output; rule metadata is
 * in rules.ts, detection in checks/.
 */
export { analyzeCodeBuildApiOutput, analyzeCodeBuildProjects, CODEBUILD_RULE_DESCRIPTORS, type PipelineAnalysis } from './analyze.js';
export type { CodeBuildProject } from './model.js';
export { CODEBUILD_RULES } from './rules.js';
