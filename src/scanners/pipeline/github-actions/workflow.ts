import type { Node } from 'yaml';
import type { ScanWarning } from '../../../core/warnings.js';
import type { SourceText, YamlSource } from './source.js';

/**
 * The parts of a workflow file the checks read, with their YAML nodes for positions.
 * Shapes follow the workflow syntax reference
 * (https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions).
 */

/** A `key: value` entry of a mapping. */
export interface Entry {
  key: string;
  keyNode: Node | undefined;
  value: Node | undefined;
}

/** One entry of `jobs.<id>.steps`. */
export interface Step {
  /** 0-based position in the job. */
  index: number;
  node: Node | undefined;
  /** `name`, else `id`, else `#<1-based index>`: what messages call the step. */
  label: string;
  /**
   * What fingerprints call the step: `name`, else `id`, else the action (without its
   * ref) or the first script line, so adding a step elsewhere in the job keeps it.
   */
  key: string;
  /** `uses:` value, when the step runs an action. */
  uses?: SourceText;
  /** `run:` script, when the step runs a shell script. */
  run?: SourceText;
  with: Entry[];
  env: Entry[];
}

/** One entry of `jobs`. */
export interface Job {
  id: string;
  keyNode: Node | undefined;
  node: Node | undefined;
  steps: Step[];
  /** `uses:` of a job that calls a reusable workflow. */
  uses?: SourceText;
  permissions?: Entry;
  runsOn?: Entry;
  secrets?: Entry;
  strategy?: Node;
  /** The job's `if:` condition, without `${{ }}`. */
  condition?: string;
  env: Entry[];
}

/** A workflow file. */
export interface Workflow {
  source: YamlSource;
  /** Event names under `on:`, in file order. */
  triggers: string[];
  /** The `on` key node (where workflow-level findings point), when present. */
  onKey?: Node;
  permissions?: Entry;
  env: Entry[];
  jobs: Job[];
}

/**
 * Read the workflow model out of a parsed file. A file that is not a mapping, or has no
 * `on` or `jobs`, yields a `invalid-workflow` warning (with the file and line) and no
 * model; malformed parts of a job (a step that is not a mapping) are skipped silently,
 * as GitHub would refuse the file anyway and the rest can still be checked.
 */
export function readWorkflow(source: YamlSource, warningSource: string): { workflow?: Workflow; warnings: ScanWarning[] } {
  const root = source.root();
  const invalid = (message: string, node?: Node) => ({
    warnings: [{ code: 'invalid-workflow', message: `${source.path}: ${message}`, path: source.path, line: source.start(node).line, source: warningSource }],
  });
  if (!source.asMap(root)) return invalid('not a GitHub Actions workflow: expected a mapping with `on:` and `jobs:`', root);
  const on = source.get(root, 'on');
  const jobs = source.get(root, 'jobs');
  if (!on) return invalid('no `on:` key: not a GitHub Actions workflow', root);
  if (!jobs || !source.asMap(jobs.value)) return invalid('`jobs:` is missing or not a mapping', jobs?.keyNode ?? root);

  const workflow: Workflow = {
    source,
    triggers: triggerNames(source, on.value),
    env: source.entries(source.get(root, 'env')?.value),
    jobs: source.entries(jobs.value).map((entry) => readJob(source, entry)),
  };
  if (on.keyNode) workflow.onKey = on.keyNode;
  const permissions = source.get(root, 'permissions');
  if (permissions) workflow.permissions = { key: 'permissions', ...permissions };
  return { workflow, warnings: [] };
}

function triggerNames(source: YamlSource, on: Node | undefined): string[] {
  const single = source.asString(on);
  if (single !== undefined) return [single];
  if (source.asSeq(on)) return source.items(on).map((n) => source.asString(n)).filter((n): n is string => n !== undefined);
  return source.entries(on).map((e) => e.key);
}

function readJob(source: YamlSource, entry: Entry): Job {
  const node = entry.value;
  const job: Job = {
    id: entry.key,
    keyNode: entry.keyNode,
    node,
    steps: source.items(source.get(node, 'steps')?.value).flatMap((step, index) => (step && source.asMap(step) ? [readStep(source, step, index)] : [])),
    env: source.entries(source.get(node, 'env')?.value),
  };
  const uses = source.sourceText(source.get(node, 'uses')?.value);
  if (uses) job.uses = uses;
  for (const key of ['permissions', 'runs-on', 'secrets'] as const) {
    const found = source.get(node, key);
    if (!found) continue;
    const e = { key, ...found };
    if (key === 'permissions') job.permissions = e;
    else if (key === 'runs-on') job.runsOn = e;
    else job.secrets = e;
  }
  const condition = source.asString(source.get(node, 'if')?.value);
  if (condition !== undefined) job.condition = condition.replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1').trim();
  const strategy = source.get(node, 'strategy')?.value;
  if (strategy) job.strategy = strategy;
  return job;
}

function readStep(source: YamlSource, node: Node, index: number): Step {
  const name = source.asString(source.get(node, 'name')?.value);
  const id = source.asString(source.get(node, 'id')?.value);
  const uses = source.sourceText(source.get(node, 'uses')?.value);
  const run = source.sourceText(source.get(node, 'run')?.value);
  const what = uses ? `uses:${uses.value.trim().replace(/@[^@]*$/, '')}` : `run:${run?.value.trim().split('\n')[0] ?? ''}`;
  return {
    index,
    node,
    label: name ?? id ?? `#${index + 1}`,
    key: name ?? id ?? what,
    ...(uses ? { uses } : {}),
    ...(run ? { run } : {}),
    with: source.entries(source.get(node, 'with')?.value),
    env: source.entries(source.get(node, 'env')?.value),
  };
}

/**
 * The events a job can run for: the workflow's triggers, narrowed by a job `if:` in
 * which every `||` alternative requires `github.event_name == '<event>'` (the common
 * way to split one workflow into per-event jobs). Other conditions do not narrow.
 */
export function jobTriggers(workflow: Workflow, job: Job): string[] {
  if (!job.condition) return workflow.triggers;
  const allowed = new Set<string>();
  for (const alternative of job.condition.split('||')) {
    const events = [...alternative.matchAll(/github\.event_name\s*==\s*'([\w-]+)'/gi)].map((m) => m[1]!);
    if (events.length !== 1 || /github\.event_name\s*!=/i.test(alternative)) return workflow.triggers;
    allowed.add(events[0]!);
  }
  return workflow.triggers.filter((t) => allowed.has(t));
}

/** The `with:` input of a step by name, as source text. */
export function stepInput(source: YamlSource, step: Step, name: string): SourceText | undefined {
  return source.sourceText(step.with.find((e) => e.key === name)?.value);
}

/**
 * An action reference split into parts: `owner/repo[/path]@ref`, a local `./path`,
 * or a `docker://image` (https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idstepsuses).
 */
export type ActionRef =
  | { kind: 'local'; path: string }
  | { kind: 'docker'; image: string; digest?: string }
  | { kind: 'remote'; owner: string; repo: string; path: string; ref?: string };

export function parseActionRef(uses: string): ActionRef {
  const value = uses.trim();
  if (value.startsWith('./') || value.startsWith('../')) return { kind: 'local', path: value };
  if (value.toLowerCase().startsWith('docker://')) {
    const image = value.slice('docker://'.length);
    const digest = /@(sha256:[0-9a-f]{64})$/i.exec(image)?.[1];
    return digest ? { kind: 'docker', image, digest } : { kind: 'docker', image };
  }
  const at = value.lastIndexOf('@');
  const name = at >= 0 ? value.slice(0, at) : value;
  const [owner = '', repo = '', ...rest] = name.split('/');
  const ref = at >= 0 ? value.slice(at + 1) : undefined;
  return { kind: 'remote', owner: owner.toLowerCase(), repo: repo.toLowerCase(), path: rest.join('/'), ...(ref !== undefined ? { ref } : {}) };
}

/** `owner/repo` of a remote action (lower case), else undefined. */
export function actionName(uses: string | undefined): string | undefined {
  if (uses === undefined) return undefined;
  const ref = parseActionRef(uses);
  return ref.kind === 'remote' ? `${ref.owner}/${ref.repo}` : undefined;
}
