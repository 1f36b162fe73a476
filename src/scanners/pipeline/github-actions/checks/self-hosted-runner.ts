import type { Node } from 'yaml';
import { PUBLIC_PR_TRIGGERS } from '../contexts.js';
import { contextReferences } from '../expressions.js';
import type { FindingCollector } from '../report.js';
import type { YamlSource } from '../source.js';
import { type Job, type Workflow, jobTriggers } from '../workflow.js';

/**
 * Rule `self-hosted-runner-public-pr`: a job of a pull request workflow whose
 * `runs-on` includes the `self-hosted` label — directly, in a label list, under
 * `labels:`, or through a `${{ matrix.<name> }}` whose matrix values include it.
 */
export function checkSelfHostedRunners(workflow: Workflow, findings: FindingCollector): void {
  const source = workflow.source;
  for (const job of workflow.jobs) {
    const triggers = jobTriggers(workflow, job).filter((t) => PUBLIC_PR_TRIGGERS.includes(t));
    if (!triggers.length) continue;
    const value = job.runsOn?.value;
    if (!value) continue;
    // `runs-on: {group, labels}`: the labels are the place to fix.
    const at = source.asMap(value) ? (source.get(value, 'labels')?.value ?? value) : value;
    const labels = runnerLabels(source, job, value);
    if (!labels.some((l) => l.toLowerCase() === 'self-hosted')) continue;
    findings.add({
      rule: 'self-hosted-runner-public-pr',
      offset: at.range?.[0] ?? 0,
      values: { job: job.id, runsOn: labels.join(', '), triggers: triggers.join(', ') },
      key: [job.id, 'runs-on'],
    });
  }
}

/** Every label `runs-on` may resolve to (union over matrix values). */
function runnerLabels(source: YamlSource, job: Job, node: Node): string[] {
  const labels: string[] = [];
  const scalars = (n: Node | undefined) => {
    const single = source.asString(n);
    if (single !== undefined) return [single];
    return source.items(n).map((i) => source.asString(i)).filter((s): s is string => s !== undefined);
  };
  const values = source.asMap(node) ? scalars(source.get(node, 'labels')?.value) : scalars(node);
  for (const value of values) {
    const matrixKeys = [...value.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].flatMap((m) =>
      contextReferences(m[1]!).filter((r) => r.startsWith('matrix.')).map((r) => r.slice('matrix.'.length)),
    );
    if (!matrixKeys.length) labels.push(value);
    for (const key of matrixKeys) labels.push(...matrixValues(source, job, key, scalars));
  }
  return labels;
}

function matrixValues(source: YamlSource, job: Job, key: string, scalars: (n: Node | undefined) => string[]): string[] {
  const matrix = source.get(job.strategy, 'matrix')?.value;
  const out: string[] = [];
  for (const entry of source.entries(matrix)) {
    if (entry.key.toLowerCase() === key) for (const item of source.items(entry.value)) out.push(...scalars(item));
    if (entry.key === 'include') for (const item of source.items(entry.value)) out.push(...scalars(source.entries(item).find((e) => e.key.toLowerCase() === key)?.value));
  }
  return out;
}
