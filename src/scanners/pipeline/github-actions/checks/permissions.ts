import type { Node } from 'yaml';
import { BROAD_WRITE_SCOPES, PRIVILEGED_UNTRUSTED_TRIGGERS } from '../contexts.js';
import type { FindingCollector } from '../report.js';
import { type Entry, type Workflow, jobTriggers } from '../workflow.js';

/**
 * Rules `missing-permissions` and `excessive-permissions` on the GITHUB_TOKEN
 * `permissions:` of the workflow and its jobs
 * (https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#permissions).
 */
export function checkPermissions(workflow: Workflow, findings: FindingCollector): void {
  const source = workflow.source;
  const privileged = workflow.triggers.filter((t) => PRIVILEGED_UNTRUSTED_TRIGGERS.includes(t));
  const triggers = workflow.triggers.join(', ') || 'no events';

  if (!workflow.permissions) {
    const unset = workflow.jobs.filter((job) => !job.permissions).map((job) => `'${job.id}'`);
    if (unset.length) {
      const at = workflow.onKey?.range?.[0] ?? 0;
      findings.add({
        rule: 'missing-permissions',
        offset: at,
        length: 2,
        values: { triggers, jobs: unset.join(', ') },
        ...(privileged.length ? { severity: 'medium' as const } : {}),
        key: ['workflow'],
      });
    }
  }

  const blocks: { level: string; key: string; entry: Entry; privileged: string[] }[] = [];
  if (workflow.permissions) blocks.push({ level: 'at workflow level', key: 'workflow', entry: workflow.permissions, privileged });
  for (const job of workflow.jobs) {
    if (!job.permissions) continue;
    const jobPrivileged = jobTriggers(workflow, job).filter((t) => PRIVILEGED_UNTRUSTED_TRIGGERS.includes(t));
    blocks.push({ level: `on job '${job.id}'`, key: job.id, entry: job.permissions, privileged: jobPrivileged });
  }

  for (const { level, key, entry, privileged } of blocks) {
    const all = source.asString(entry.value);
    if (all === 'write-all') {
      findings.add({
        rule: 'excessive-permissions',
        offset: start(entry.value ?? entry.keyNode),
        length: all.length,
        values: {
          scope: '`permissions: write-all`',
          level,
          triggers,
          why: privileged.length
            ? 'any GitHub user can trigger it, so one script injection or compromised step gets write access to every scope'
            : 'every step, including third-party actions, gets write access to every scope',
        },
        ...(privileged.length ? {} : { severity: 'medium' as const }),
        key: [key, 'write-all'],
      });
      continue;
    }
    if (!privileged.length) continue;
    for (const scope of source.entries(entry.value)) {
      if (!BROAD_WRITE_SCOPES.includes(scope.key) || source.asString(scope.value) !== 'write') continue;
      findings.add({
        rule: 'excessive-permissions',
        offset: start(scope.keyNode),
        length: scope.key.length,
        values: {
          scope: `\`${scope.key}: write\``,
          level,
          triggers: privileged.join(', '),
          why: `a script injection or malicious dependency in this workflow, which any GitHub user can trigger, gets ${scope.key === 'id-token' ? 'cloud credentials through OIDC' : `write access to ${scope.key}`}`,
        },
        key: [key, scope.key],
      });
    }
  }
}

function start(node: Node | undefined): number {
  return node?.range?.[0] ?? 0;
}
