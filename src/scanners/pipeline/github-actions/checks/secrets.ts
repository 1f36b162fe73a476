import { findExpressions, secretNames } from '../expressions.js';
import type { FindingCollector } from '../report.js';
import type { YamlSource } from '../source.js';
import { type Entry, type Job, type Workflow, actionName, parseActionRef, stepInput } from '../workflow.js';
import { executionAfter, untrustedFetches } from './untrusted-code.js';

/**
 * Rules `secrets-exposed-to-untrusted-code` and `secrets-inherit`.
 *
 * A job that fetches untrusted code (see untrusted-code.ts) and then runs something
 * exposes the secrets of every later step (`env:`, `with:`, `run:`), of the job's and
 * the workflow's `env:`, and a token handed to the untrusted checkout itself (which
 * actions/checkout stores in `.git/config` unless `persist-credentials: false`).
 */
export function checkSecrets(workflow: Workflow, findings: FindingCollector): void {
  const source = workflow.source;
  const reported = new Set<number>();
  for (const job of workflow.jobs) {
    checkInherit(source, job, findings);
    const fetch = untrustedFetches(workflow, job).find((f) => executionAfter(workflow, job, f));
    if (!fetch) continue;
    const untrustedLine = source.position(fetch.offset).line;
    const report = (entries: Entry[], place: string, stepLabel: string) => {
      for (const entry of entries) {
        const text = source.sourceText(entry.value);
        if (!text) continue;
        for (const expression of findExpressions(text)) {
          if (reported.has(expression.offset)) continue;
          for (const secret of secretNames(expression.body)) {
            reported.add(expression.offset);
            findings.add({
              rule: 'secrets-exposed-to-untrusted-code',
              offset: expression.offset,
              length: expression.body.length + 6,
              values: { secret, place: place.replace('{key}', entry.key), job: job.id, untrustedLine },
              key: [job.id, stepLabel, secret],
            });
          }
        }
      }
    };
    report(workflow.env, "the workflow's `env:` ({key}), seen by every step", '(workflow env)');
    report(job.env, "the job's `env:` ({key}), seen by every step", '(job env)');
    const checkout = fetch.step;
    if (actionName(checkout.uses?.value) === 'actions/checkout' && stepInput(source, checkout, 'persist-credentials')?.value !== 'false') {
      report(checkout.with.filter((e) => e.key === 'token' || e.key === 'ssh-key'), `the untrusted checkout (\`{key}:\`), which leaves it in .git/config`, checkout.key);
    }
    // A `run:` fetch that goes on to run code in the same script exposes that step too.
    for (const step of job.steps.slice(fetch.sameStepCommand ? checkout.index : checkout.index + 1)) {
      report(step.env, `step '${step.label}' (\`env: {key}\`)`, step.key);
      report(step.with, `step '${step.label}' (\`with: {key}\`)`, step.key);
      if (step.run) report([{ key: 'run', keyNode: undefined, value: source.resolve(source.get(step.node, 'run')?.value) }], `the \`run:\` script of step '${step.label}'`, step.key);
    }
  }
}

function checkInherit(source: YamlSource, job: Job, findings: FindingCollector): void {
  if (!job.uses || !job.secrets || source.asString(job.secrets.value) !== 'inherit') return;
  if (parseActionRef(job.uses.value).kind !== 'remote') return;
  findings.add({
    rule: 'secrets-inherit',
    offset: job.secrets.value?.range?.[0] ?? job.uses.offset,
    length: 'inherit'.length,
    values: { job: job.id, workflow: job.uses.value.trim() },
    key: [job.id, job.uses.value.trim().replace(/@[^@]*$/, '').toLowerCase()],
  });
}
