/**
 * CodeBuild buildspec checks for the `pipeline` scanner: secrets in `env.variables` and
 * secrets exported through `env.exported-variables`.
 */
export { analyzeBuildspec, BUILDSPEC_RULE_DESCRIPTORS, isBuildspecPath } from './analyze.js';
export { BUILDSPEC_RULES } from './rules.js';
