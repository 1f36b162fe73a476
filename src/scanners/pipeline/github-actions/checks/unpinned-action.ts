import type { Severity } from '../../../../core/severity.js';
import { FIRST_PARTY_OWNERS } from '../contexts.js';
import type { FindingCollector } from '../report.js';
import type { SourceText } from '../source.js';
import { type Workflow, parseActionRef } from '../workflow.js';

/** A full commit SHA: 40 hex digits (SHA-1), or 64 for repositories using SHA-256. */
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/**
 * Rule `unpinned-action`: a step's action, a job's reusable workflow or a container
 * action referenced by a movable tag or branch instead of a full commit SHA (image
 * digest for `docker://`). Local `./` references are part of the repository and fine.
 * Actions by GitHub (`actions/*`, `github/*`) are reported as low, others as medium.
 */
export function checkUnpinnedActions(workflow: Workflow, findings: FindingCollector): void {
  for (const job of workflow.jobs) {
    if (job.uses) report(findings, job.id, '(job)', job.uses, 'Reusable workflow');
    for (const step of job.steps) if (step.uses) report(findings, job.id, step.key, step.uses, 'Action');
  }
}

function report(findings: FindingCollector, job: string, step: string, uses: SourceText, kind: string): void {
  const ref = parseActionRef(uses.value);
  let pin: string;
  let refKind: string;
  let name: string;
  let severity: Severity | undefined;
  if (ref.kind === 'local') return;
  if (ref.kind === 'docker') {
    if (ref.digest) return;
    const tag = /:([^/:@]+)$/.exec(ref.image)?.[1];
    pin = tag ?? 'latest';
    refKind = tag ? 'a mutable image tag' : 'the implicit, mutable `latest` tag';
    name = ref.image.replace(/:[^/:@]+$/, '');
    kind = 'Container action';
  } else {
    // Without '@' GitHub rejects the workflow: nothing runs, nothing to pin.
    if (ref.ref === undefined || FULL_SHA.test(ref.ref)) return;
    pin = ref.ref;
    refKind = /^v?\d+(?:\.\d+)*$/.test(pin)
      ? 'a version tag'
      : /^[0-9a-f]{7,39}$/i.test(pin)
        ? 'an abbreviated commit SHA, which a branch or tag named like it can shadow'
        : 'a branch or tag';
    name = uses.value.trim().replace(/@[^@]*$/, '');
    if (FIRST_PARTY_OWNERS.includes(ref.owner)) severity = 'low';
  }
  findings.add({
    rule: 'unpinned-action',
    offset: uses.offset,
    length: uses.raw.length,
    values: { kind, reference: name, job, ref: pin, refKind },
    ...(severity ? { severity } : {}),
    key: [job, step, name.toLowerCase()],
  });
}
