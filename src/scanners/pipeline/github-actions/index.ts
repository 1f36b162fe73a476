/**
 * GitHub Actions workflow analysis for the `pipeline` scanner: pwn requests, script
 * injection, unpinned actions, token permissions, secret exposure and self-hosted
 * runners. Rule metadata is in rules.ts, detection in checks/.
 */
export { analyzeWorkflow, isWorkflowPath } from './analyze.js';
export { GITHUB_ACTIONS_RULES, RULE_CATALOG, ruleId } from './rules.js';
