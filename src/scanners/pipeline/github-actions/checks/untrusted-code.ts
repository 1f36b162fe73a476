import {
  INERT_ACTIONS,
  PULL_REQUEST_REF,
  PWN_REQUEST_TRIGGERS,
  SHELL_ARTIFACT_DOWNLOAD,
  SHELL_PR_CHECKOUT,
  UNTRUSTED_REF_CONTEXTS,
} from '../contexts.js';
import { exposedContext, findExpressions } from '../expressions.js';
import type { FindingCollector } from '../report.js';
import type { SourceText, YamlSource } from '../source.js';
import { type Entry, type Job, type Step, type Workflow, actionName, jobTriggers, parseActionRef, stepInput } from '../workflow.js';

/**
 * Where a privileged job brings in code or files it must not trust: a checkout of the
 * pull request (or the triggering run's head), or a download of another run's artifacts.
 */
export interface UntrustedFetch {
  kind: 'checkout' | 'artifact';
  step: Step;
  /** File offset and length of the text to report (the `ref:` expression, the command…). */
  offset: number;
  length: number;
  /** Short description for messages, e.g. `ref: ${{ github.event.pull_request.head.sha }}`. */
  what: string;
  /** The first command that runs after the fetch, inside the same `run:` script. */
  sameStepCommand?: string;
}

/** What runs after an untrusted fetch, and how sure we are it executes the fetched content. */
export interface Execution {
  description: string;
  /** `run:` scripts and local actions surely execute the tree; other actions may. */
  certain: boolean;
}

/** The privileged triggers of a job under which a fetch of pull request code is untrusted. */
export function pwnTriggers(workflow: Workflow, job: Job): string[] {
  return jobTriggers(workflow, job).filter((t) => PWN_REQUEST_TRIGGERS.includes(t));
}

/**
 * The untrusted fetches of one job, in step order: only in workflows with a
 * privileged trigger (`pull_request_target`, `workflow_run`, `issue_comment`);
 * artifact downloads only under `workflow_run`.
 */
export function untrustedFetches(workflow: Workflow, job: Job): UntrustedFetch[] {
  const triggers = pwnTriggers(workflow, job);
  if (!triggers.length) return [];
  const source = workflow.source;
  const out: UntrustedFetch[] = [];
  for (const step of job.steps) {
    const fetch = checkoutOf(source, step, [...workflow.env, ...job.env]) ?? (triggers.includes('workflow_run') ? artifactDownloadOf(source, step) : undefined);
    if (fetch) out.push(fetch);
  }
  return out;
}

function checkoutOf(source: YamlSource, step: Step, inheritedEnv: Entry[]): UntrustedFetch | undefined {
  if (actionName(step.uses?.value) === 'actions/checkout') {
    for (const input of ['ref', 'repository']) {
      const text = stepInput(source, step, input);
      if (!text) continue;
      const hit = untrustedRef(text);
      if (hit) return { kind: 'checkout', step, offset: hit.offset, length: hit.length, what: `${input}: ${text.value.trim()}` };
    }
    return undefined;
  }
  if (step.run) {
    const variables = untrustedVariables(source, [...inheritedEnv, ...step.env]);
    const line = commandLines(step.run).find(
      (l) =>
        SHELL_PR_CHECKOUT.test(l.text) ||
        (GIT_REF_COMMAND.test(l.text) &&
          (untrustedRef({ raw: l.text, value: l.text, offset: l.offset }) || variables.some((v) => new RegExp(`\\$\\{?${v}\\b`).test(l.text)))),
    );
    if (line) return { kind: 'checkout', step, offset: line.offset, length: line.text.length, what: `\`${line.text}\``, ...sameStep(step.run, line.offset) };
  }
  return undefined;
}

/** git commands that move the work tree to another ref. */
const GIT_REF_COMMAND = /\bgit\s+(?:fetch|checkout|switch|pull|reset|merge)\b/;

/** Names of environment variables set from a context naming the pull request's code (`HEAD: ${{ github.head_ref }}`). */
function untrustedVariables(source: YamlSource, env: Entry[]): string[] {
  return env.filter((e) => {
    const text = source.sourceText(e.value);
    return text !== undefined && /^[A-Za-z_]\w*$/.test(e.key) && untrustedRef(text) !== undefined;
  }).map((e) => e.key);
}

/** The place in a checkout `ref`/`repository` value that names untrusted code, if any. */
function untrustedRef(text: SourceText): { offset: number; length: number } | undefined {
  for (const expression of findExpressions(text)) {
    if (exposedContext(expression.body, UNTRUSTED_REF_CONTEXTS) || PULL_REQUEST_REF.test(expression.body)) {
      return { offset: expression.offset, length: expression.body.length + 6 };
    }
  }
  const pr = PULL_REQUEST_REF.exec(text.raw);
  return pr ? { offset: text.offset + pr.index, length: pr[0].length } : undefined;
}

function artifactDownloadOf(source: YamlSource, step: Step): UntrustedFetch | undefined {
  const name = actionName(step.uses?.value);
  const at = (what: string): UntrustedFetch => ({ kind: 'artifact', step, offset: step.uses!.offset, length: step.uses!.raw.length, what });
  // actions/download-artifact reads another run only when given its run-id.
  if (name === 'actions/download-artifact' && stepInput(source, step, 'run-id')) return at(`\`${step.uses!.value}\` with run-id`);
  if (name === 'dawidd6/action-download-artifact') return at(`\`${step.uses!.value}\``);
  if (name === 'actions/github-script' && /\bdownloadArtifact\b/.test(stepInput(source, step, 'script')?.value ?? '')) return at('`actions/github-script` calling downloadArtifact');
  if (step.run) {
    const line = commandLines(step.run).find((l) => SHELL_ARTIFACT_DOWNLOAD.test(l.text));
    if (line) return { kind: 'artifact', step, offset: line.offset, length: line.text.length, what: `\`${line.text}\``, ...sameStep(step.run, line.offset) };
  }
  return undefined;
}

/** Non-empty, non-comment lines of a `run:` script with their file offsets. */
function commandLines(run: SourceText): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let offset = run.offset;
  for (const raw of run.raw.split('\n')) {
    const text = raw.trim().replace(/^[|>][-+0-9]*\s*$/, '');
    if (text && !text.startsWith('#')) out.push({ text, offset: offset + raw.indexOf(text) });
    offset += raw.length + 1;
  }
  // A plain or quoted one-line script: drop the quotes around the command.
  return out.map((l) => (/^["']/.test(l.text) ? { text: l.text.slice(1).replace(/["']$/, ''), offset: l.offset + 1 } : l));
}

/** The command after `offset` in the same script, also `cmd && next` on the same line. */
function sameStep(run: SourceText, offset: number): { sameStepCommand?: string } {
  const lines = commandLines(run);
  const index = lines.findIndex((l) => l.offset === offset);
  const chained = /(?:&&|;|\|\|)\s*(\S.*)$/.exec(lines[index]?.text ?? '')?.[1];
  const next = chained ?? lines[index + 1]?.text;
  return next ? { sameStepCommand: next } : {};
}

/** What runs after a fetch in its job, or undefined when nothing that could execute it follows. */
export function executionAfter(workflow: Workflow, job: Job, fetch: UntrustedFetch): Execution | undefined {
  const source = workflow.source;
  if (fetch.sameStepCommand) return { description: `runs \`${short(fetch.sameStepCommand)}\` in the same step`, certain: true };
  let possible: Execution | undefined;
  for (const step of job.steps.slice(fetch.step.index + 1)) {
    const line = source.position((step.run ?? step.uses)?.offset ?? 0).line;
    if (step.run) return { description: `runs \`${short(firstCommand(step.run.value))}\` (line ${line})`, certain: true };
    if (!step.uses) continue;
    const ref = parseActionRef(step.uses.value);
    if (ref.kind === 'local') return { description: `runs the local action \`${ref.path}\` from the checked-out tree (line ${line})`, certain: true };
    const name = actionName(step.uses.value);
    if (name && INERT_ACTIONS.some((re) => re.test(name))) continue;
    possible ??= { description: `runs \`${step.uses.value}\` (line ${line}), which may execute build files, hooks or configuration from it`, certain: false };
  }
  return possible;
}

function firstCommand(script: string): string {
  return script.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('#')) ?? script.trim();
}

function short(command: string): string {
  return command.length > 60 ? `${command.slice(0, 57)}...` : command;
}

/**
 * Rules `untrusted-checkout` and `untrusted-artifact`: a privileged job fetches the
 * pull request's code or another run's artifacts and then runs something.
 */
export function checkUntrustedCode(workflow: Workflow, findings: FindingCollector): void {
  for (const job of workflow.jobs) {
    const triggers = pwnTriggers(workflow, job);
    for (const fetch of untrustedFetches(workflow, job)) {
      const execution = executionAfter(workflow, job, fetch);
      if (!execution) continue;
      if (fetch.kind === 'checkout') {
        findings.add({
          rule: 'untrusted-checkout',
          offset: fetch.offset,
          length: fetch.length,
          values: { job: job.id, trigger: triggers.join(', '), ref: fetch.what, execution: execution.description },
          ...(execution.certain ? {} : { severity: 'high' as const }),
          key: [job.id, fetch.step.key, fetch.what],
        });
      } else {
        findings.add({
          rule: 'untrusted-artifact',
          offset: fetch.offset,
          length: fetch.length,
          values: { job: job.id, download: fetch.what, execution: execution.description },
          key: [job.id, fetch.step.key, fetch.what],
        });
      }
    }
  }
}
